"""Peer: ``pocketbase`` 0.17.3 from PyPI (sync only), run from its own virtual environment."""

from __future__ import annotations

from typing import Any

from pocketbase import PocketBase

from ._common import threaded, write_body


class Contender:
    is_async = False

    def setup(self, cfg: dict[str, Any]) -> None:
        self.pb = PocketBase(cfg["url"])
        self.pb.collection("_superusers").auth_with_password(cfg["email"], cfg["password"])
        self.posts = self.pb.collection(cfg["posts"])
        self.expand = cfg["expand"]

    def _one(self, record_id: str) -> int:
        return int(self.posts.get_one(record_id).id == record_id)

    def get_one(self, ids: list[str]) -> int:
        return sum(self._one(record_id) for record_id in ids)

    def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        total = 0
        for i in range(start, start + n):
            result = self.posts.get_list(i % pages + 1, per_page, {"expand": self.expand})
            total += len(result.items)
        return total

    def full_list(self, collection: str) -> int:
        return len(self.full_list_items(collection))

    def full_list_items(self, collection: str) -> list[Any]:
        # Its default batch is 100; 1000 (the server's largest page) is its fastest setting.
        return list(self.pb.collection(collection).get_full_list(batch=1000))

    def create(self, n: int, collection: str, start: int = 0) -> int:
        service = self.pb.collection(collection)
        return sum(bool(service.create(write_body(i)).id) for i in range(start, start + n))

    def get_one_concurrent(self, ids: list[str], concurrency: int) -> int:
        return threaded(self._one, ids, concurrency)

    def warmup(self, ids: list[str]) -> int:
        self.get_list(2, 10, 1)
        return self.get_one(ids)

    def close(self) -> None:
        self.pb.http_client.close()
