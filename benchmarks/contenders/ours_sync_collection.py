"""This repository's ``PocketBase`` through ``pb.collection(name)`` (the modern record service)."""

from __future__ import annotations

from typing import Any

from ._common import write_body
from .ours_sync import Contender as OursSync


class Contender(OursSync):
    def _one(self, record_id: str) -> int:
        return int(self.pb.collection(self.posts).get_one(record_id).id == record_id)

    def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        service = self.pb.collection(self.posts)
        total = 0
        for i in range(start, start + n):
            total += len(service.get_list(i % pages + 1, per_page, expand=self.expand).items)
        return total

    def full_list(self, collection: str) -> int:
        return len(self.full_list_items(collection))

    def full_list_items(self, collection: str) -> list[Any]:
        return self.pb.collection(collection).get_full_list()

    def create(self, n: int, collection: str, start: int = 0) -> int:
        service = self.pb.collection(collection)
        return sum(bool(service.create(write_body(i)).id) for i in range(start, start + n))
