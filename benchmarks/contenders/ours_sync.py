"""This repository's ``PocketBase`` (sync; validated ``Record`` models)."""

from __future__ import annotations

import time
from typing import Any

from pocketbase import PocketBase
from pocketbase.models import RecordSubscription

from ._common import EventLog, threaded, write_body


class Contender:
    is_async = False

    def setup(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.pb = PocketBase(cfg["url"])
        self.pb.admins.auth_via_email(cfg["email"], cfg["password"])
        self.posts = cfg["posts"]
        self.expand = cfg["expand"]

    def _one(self, record_id: str) -> int:
        record = self.pb.records.get_one(self.posts, record_id)
        return int(record.id == record_id)

    def get_one(self, ids: list[str]) -> int:
        return sum(self._one(record_id) for record_id in ids)

    def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        total = 0
        for i in range(start, start + n):
            result = self.pb.records.get_list(
                self.posts, i % pages + 1, per_page, expand=self.expand
            )
            total += len(result.items)
        return total

    def full_list(self, collection: str) -> int:
        return len(self.pb.records.get_full_list(collection))

    def full_list_items(self, collection: str) -> list[Any]:
        return self.pb.records.get_full_list(collection)

    def full_list_modern(self, collection: str, batch: int) -> int:
        return len(self.pb.collection(collection).get_full_list(batch=batch))

    def iterate(self, collection: str, batch: int) -> int:
        # one page in memory at a time; each record is dropped once counted
        return sum(1 for _ in self.pb.collection(collection).iterate(batch=batch))

    def iterate_prefetch(self, collection: str, batch: int) -> int:
        walk = self.pb.collection(collection).iterate(batch=batch, prefetch=True)
        return sum(1 for _ in walk)

    def page(self, collection: str, batch: int) -> int:
        return len(self.pb.collection(collection).get_list(1, batch, skip_total=True).items)

    def create(self, n: int, collection: str, start: int = 0) -> int:
        created = 0
        for i in range(start, start + n):
            record = self.pb.records.create(collection, write_body(i))
            created += bool(record.id)
        return created

    def get_one_concurrent(self, ids: list[str], concurrency: int) -> int:
        return threaded(self._one, ids, concurrency)

    def realtime(self, n: int, collection: str, timeout: float) -> dict[str, Any]:
        log = EventLog()

        def on_event(event: RecordSubscription) -> None:
            log.received(event.record.get("seq"))

        unsubscribe = self.pb.realtime.subscribe(collection, on_event)
        creator = PocketBase(self.cfg["url"])
        try:
            creator.admins.auth_via_email(self.cfg["email"], self.cfg["password"])
            # A probe event proves the subscription is live before the measured events.
            deadline = time.monotonic() + timeout
            while -1 not in log.latency:
                log.mark_sent(-1)
                creator.records.create(collection, {"seq": -1})
                log.changed.wait(0.5)
                if time.monotonic() > deadline:
                    raise RuntimeError("the realtime subscription never delivered the probe event")
            for seq in range(n):
                log.mark_sent(seq)
                creator.records.create(collection, {"seq": seq})
            deadline = time.monotonic() + timeout
            while len([s for s in log.latency if s >= 0]) < n and time.monotonic() < deadline:
                log.changed.clear()
                log.changed.wait(0.2)
        finally:
            unsubscribe()
            creator.close()
        return log.summary(n)

    def warmup(self, ids: list[str]) -> int:
        self.get_list(2, 10, 1)
        return self.get_one(ids)

    def close(self) -> None:
        self.pb.close()
