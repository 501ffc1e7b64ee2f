"""This repository's ``AsyncPocketBase`` through ``pb.collection(name)`` (the modern record
service)."""

from __future__ import annotations

from typing import Any

from ._common import write_body
from .ours_async import Contender as OursAsync


class Contender(OursAsync):
    async def _one(self, record_id: str) -> int:
        record = await self.pb.collection(self.posts).get_one(record_id)
        return int(record.id == record_id)

    async def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        service = self.pb.collection(self.posts)
        total = 0
        for i in range(start, start + n):
            result = await service.get_list(i % pages + 1, per_page, expand=self.expand)
            total += len(result.items)
        return total

    async def full_list(self, collection: str) -> int:
        return len(await self.full_list_items(collection))

    async def full_list_items(self, collection: str) -> list[Any]:
        return await self.pb.collection(collection).get_full_list()

    async def create(self, n: int, collection: str, start: int = 0) -> int:
        service = self.pb.collection(collection)
        created = 0
        for i in range(start, start + n):
            created += bool((await service.create(write_body(i))).id)
        return created
