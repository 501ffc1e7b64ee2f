"""The floor: a raw ``httpx.Client`` (the pool settings the SDK uses) plus ``json.loads``."""

from __future__ import annotations

import json
from typing import Any

import httpx

from ._common import threaded, write_body


class Contender:
    is_async = False

    def setup(self, cfg: dict[str, Any]) -> None:
        self.http = httpx.Client(timeout=30.0, follow_redirects=True)
        base = cfg["url"].rstrip("/")
        reply = self.http.post(
            base + cfg["auth_path"], json={"identity": cfg["email"], "password": cfg["password"]}
        )
        reply.raise_for_status()
        token = json.loads(reply.content)["token"]
        self.headers = {"Accept-Language": "en-US", "Authorization": token}
        self.posts = f"{base}/api/collections/{cfg['posts']}/records"
        self.base = base
        self.expand = cfg["expand"]

    def _get(self, url: str) -> Any:
        reply = self.http.get(url, headers=self.headers)
        if reply.status_code >= 400:
            raise RuntimeError(f"HTTP {reply.status_code}: {reply.text}")
        return json.loads(reply.content)

    def _one(self, record_id: str) -> int:
        return int(self._get(f"{self.posts}/{record_id}")["id"] == record_id)

    def get_one(self, ids: list[str]) -> int:
        return sum(self._one(record_id) for record_id in ids)

    def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        total = 0
        for i in range(start, start + n):
            url = f"{self.posts}?page={i % pages + 1}&perPage={per_page}&expand={self.expand}"
            total += len(self._get(url)["items"])
        return total

    def full_list(self, collection: str) -> int:
        return len(self.full_list_items(collection))

    def full_list_items(self, collection: str) -> list[Any]:
        # The same requests as the SDK's get_full_list: the largest page and skipTotal.
        url = f"{self.base}/api/collections/{collection}/records"
        items: list[Any] = []
        page = 1
        while True:
            chunk = self._get(f"{url}?page={page}&perPage=1000&skipTotal=1")["items"]
            items.extend(chunk)
            if len(chunk) < 1000:
                return items
            page += 1

    def full_list_modern(self, collection: str, batch: int) -> int:
        url = f"{self.base}/api/collections/{collection}/records"
        items: list[Any] = []
        page = 1
        while True:
            chunk = self._get(f"{url}?page={page}&perPage={batch}&skipTotal=1")["items"]
            items.extend(chunk)
            if len(chunk) < batch:
                return len(items)
            page += 1

    def iterate(self, collection: str, batch: int) -> int:
        # page by page, each page dropped before the next is fetched
        url = f"{self.base}/api/collections/{collection}/records"
        count, page = 0, 1
        while True:
            size = len(self._get(f"{url}?page={page}&perPage={batch}&skipTotal=1")["items"])
            count += size
            if size < batch:
                return count
            page += 1

    def page(self, collection: str, batch: int) -> int:
        url = f"{self.base}/api/collections/{collection}/records"
        return len(self._get(f"{url}?page=1&perPage={batch}&skipTotal=1")["items"])

    def create(self, n: int, collection: str, start: int = 0) -> int:
        url = f"{self.base}/api/collections/{collection}/records"
        created = 0
        for i in range(start, start + n):
            reply = self.http.post(url, headers=self.headers, json=write_body(i))
            if reply.status_code >= 400:
                raise RuntimeError(f"HTTP {reply.status_code}: {reply.text}")
            created += bool(json.loads(reply.content)["id"])
        return created

    def get_one_concurrent(self, ids: list[str], concurrency: int) -> int:
        return threaded(self._one, ids, concurrency)

    def warmup(self, ids: list[str]) -> int:
        self.get_list(2, 10, 1)
        return self.get_one(ids)

    def close(self) -> None:
        self.http.close()
