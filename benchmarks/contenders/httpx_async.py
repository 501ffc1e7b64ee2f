"""The floor: a raw ``httpx.AsyncClient`` (the pool settings the SDK uses) plus ``json.loads``."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ._common import bounded, write_body


class Contender:
    is_async = True

    def new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=30.0, follow_redirects=True)

    async def setup(self, cfg: dict[str, Any]) -> None:
        self.http = self.new_http()
        base = cfg["url"].rstrip("/")
        reply = await self.http.post(
            base + cfg["auth_path"], json={"identity": cfg["email"], "password": cfg["password"]}
        )
        reply.raise_for_status()
        token = json.loads(reply.content)["token"]
        self.headers = {"Accept-Language": "en-US", "Authorization": token}
        self.posts = f"{base}/api/collections/{cfg['posts']}/records"
        self.base = base
        self.expand = cfg["expand"]

    async def _get(self, url: str) -> Any:
        reply = await self.http.get(url, headers=self.headers)
        if reply.status_code >= 400:
            raise RuntimeError(f"HTTP {reply.status_code}: {reply.text}")
        return json.loads(reply.content)

    async def _one(self, record_id: str) -> int:
        data = await self._get(f"{self.posts}/{record_id}")
        return int(data["id"] == record_id)

    async def get_one(self, ids: list[str]) -> int:
        total = 0
        for record_id in ids:
            total += await self._one(record_id)
        return total

    async def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        total = 0
        for i in range(start, start + n):
            url = f"{self.posts}?page={i % pages + 1}&perPage={per_page}&expand={self.expand}"
            data = await self._get(url)
            total += len(data["items"])
        return total

    async def full_list(self, collection: str) -> int:
        return len(await self.full_list_items(collection))

    async def full_list_items(self, collection: str) -> list[Any]:
        # The same requests as the SDK's get_full_list: the largest page and skipTotal.
        url = f"{self.base}/api/collections/{collection}/records"
        items: list[Any] = []
        page = 1
        while True:
            data = await self._get(f"{url}?page={page}&perPage=1000&skipTotal=1")
            chunk = data["items"]
            items.extend(chunk)
            if len(chunk) < 1000:
                return items
            page += 1

    async def full_list_modern(self, collection: str, batch: int) -> int:
        url = f"{self.base}/api/collections/{collection}/records"
        items: list[Any] = []
        page = 1
        while True:
            data = await self._get(f"{url}?page={page}&perPage={batch}&skipTotal=1")
            chunk = data["items"]
            items.extend(chunk)
            if len(chunk) < batch:
                return len(items)
            page += 1

    async def iterate(self, collection: str, batch: int) -> int:
        # page by page, each page dropped before the next is fetched
        url = f"{self.base}/api/collections/{collection}/records"
        count, page = 0, 1
        while True:
            data = await self._get(f"{url}?page={page}&perPage={batch}&skipTotal=1")
            size = len(data["items"])
            del data
            count += size
            if size < batch:
                return count
            page += 1

    async def page(self, collection: str, batch: int) -> int:
        url = f"{self.base}/api/collections/{collection}/records"
        data = await self._get(f"{url}?page=1&perPage={batch}&skipTotal=1")
        return len(data["items"])

    async def create(self, n: int, collection: str, start: int = 0) -> int:
        url = f"{self.base}/api/collections/{collection}/records"
        created = 0
        for i in range(start, start + n):
            reply = await self.http.post(url, headers=self.headers, json=write_body(i))
            if reply.status_code >= 400:
                raise RuntimeError(f"HTTP {reply.status_code}: {reply.text}")
            created += bool(json.loads(reply.content)["id"])
        return created

    async def get_one_concurrent(self, ids: list[str], concurrency: int) -> int:
        return await bounded(self._one, ids, concurrency)

    async def warmup(self, ids: list[str]) -> int:
        await self.get_list(2, 10, 1)
        return await self.get_one(ids)

    async def close(self) -> None:
        await self.http.aclose()
