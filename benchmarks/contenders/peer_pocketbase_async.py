"""Peer: ``pocketbase-async`` 0.13.0 from PyPI (async only, plain dicts), own virtual env."""

from __future__ import annotations

from typing import Any

from pocketbase import PocketBase

from ._common import bounded, write_body


class Contender:
    is_async = True

    async def setup(self, cfg: dict[str, Any]) -> None:
        self.pb = PocketBase(cfg["url"])
        await self.pb.collection("_superusers").auth.with_password(cfg["email"], cfg["password"])
        self.posts = self.pb.collection(cfg["posts"])
        self.expand = cfg["expand"]

    async def _one(self, record_id: str) -> int:
        record = await self.posts.get_one(record_id)
        return int(record["id"] == record_id)

    async def get_one(self, ids: list[str]) -> int:
        total = 0
        for record_id in ids:
            total += await self._one(record_id)
        return total

    async def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        total = 0
        for i in range(start, start + n):
            result = await self.posts.get_list(
                i % pages + 1, per_page, {"params": {"expand": self.expand}}
            )
            total += len(result["items"])
        return total

    async def full_list(self, collection: str) -> int:
        return len(await self.full_list_items(collection))

    async def full_list_items(self, collection: str) -> list[Any]:
        # Its default: 1000 per page with skipTotal.
        return list(await self.pb.collection(collection).get_full_list())

    async def create(self, n: int, collection: str, start: int = 0) -> int:
        service = self.pb.collection(collection)
        created = 0
        for i in range(start, start + n):
            record = await service.create(write_body(i))
            created += bool(record["id"])
        return created

    async def get_one_concurrent(self, ids: list[str], concurrency: int) -> int:
        return await bounded(self._one, ids, concurrency)

    async def warmup(self, ids: list[str]) -> int:
        await self.get_list(2, 10, 1)
        return await self.get_one(ids)

    async def close(self) -> None:
        await self.pb._inners.client.aclose()
