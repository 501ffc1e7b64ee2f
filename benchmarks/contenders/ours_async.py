"""This repository's ``AsyncPocketBase`` (validated ``Record`` models)."""

from __future__ import annotations

import asyncio
from typing import Any

from pocketbase import AsyncPocketBase
from pocketbase.models import RecordSubscription

from ._common import EventLog, bounded, write_body


class Contender:
    is_async = True

    def new_client(self, url: str) -> AsyncPocketBase:
        return AsyncPocketBase(url)

    async def setup(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.pb = self.new_client(cfg["url"])
        await self.pb.admins.auth_via_email(cfg["email"], cfg["password"])
        self.posts = cfg["posts"]
        self.expand = cfg["expand"]

    async def _one(self, record_id: str) -> int:
        record = await self.pb.records.get_one(self.posts, record_id)
        return int(record.id == record_id)

    async def get_one(self, ids: list[str]) -> int:
        total = 0
        for record_id in ids:
            total += await self._one(record_id)
        return total

    async def get_list(self, n: int, per_page: int, pages: int, start: int = 0) -> int:
        total = 0
        for i in range(start, start + n):
            result = await self.pb.records.get_list(
                self.posts, i % pages + 1, per_page, expand=self.expand
            )
            total += len(result.items)
        return total

    async def full_list(self, collection: str) -> int:
        return len(await self.pb.records.get_full_list(collection))

    async def full_list_items(self, collection: str) -> list[Any]:
        return await self.pb.records.get_full_list(collection)

    async def full_list_modern(self, collection: str, batch: int) -> int:
        return len(await self.pb.collection(collection).get_full_list(batch=batch))

    async def iterate(self, collection: str, batch: int) -> int:
        # one page in memory at a time; each record is dropped once counted
        count = 0
        async for _ in self.pb.collection(collection).iterate(batch=batch):
            count += 1
        return count

    async def iterate_prefetch(self, collection: str, batch: int) -> int:
        count = 0
        async for _ in self.pb.collection(collection).iterate(batch=batch, prefetch=True):
            count += 1
        return count

    async def page(self, collection: str, batch: int) -> int:
        result = await self.pb.collection(collection).get_list(1, batch, skip_total=True)
        return len(result.items)

    async def create(self, n: int, collection: str, start: int = 0) -> int:
        created = 0
        for i in range(start, start + n):
            record = await self.pb.records.create(collection, write_body(i))
            created += bool(record.id)
        return created

    async def get_one_concurrent(self, ids: list[str], concurrency: int) -> int:
        return await bounded(self._one, ids, concurrency)

    async def realtime(self, n: int, collection: str, timeout: float) -> dict[str, Any]:
        log = EventLog()
        arrived = asyncio.Event()

        async def on_event(event: RecordSubscription) -> None:
            log.received(event.record.get("seq"))
            arrived.set()

        unsubscribe = await self.pb.realtime.subscribe(collection, on_event)
        creator = self.new_client(self.cfg["url"])
        try:
            await creator.admins.auth_via_email(self.cfg["email"], self.cfg["password"])
            # A probe event proves the subscription is live before the measured events.
            await _until(log, arrived, -1, creator, collection, timeout)
            for seq in range(n):
                log.mark_sent(seq)
                await creator.records.create(collection, {"seq": seq})
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while len([s for s in log.latency if s >= 0]) < n and loop.time() < deadline:
                arrived.clear()
                try:
                    await asyncio.wait_for(arrived.wait(), max(0.0, deadline - loop.time()))
                except asyncio.TimeoutError:
                    break
        finally:
            result = unsubscribe()
            if asyncio.iscoroutine(result):
                await result
            await creator.aclose()
        return log.summary(n)

    async def warmup(self, ids: list[str]) -> int:
        await self.get_list(2, 10, 1)
        return await self.get_one(ids)

    async def close(self) -> None:
        await self.pb.aclose()


async def _until(
    log: EventLog,
    arrived: asyncio.Event,
    seq: int,
    creator: AsyncPocketBase,
    collection: str,
    timeout: float,
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while seq not in log.latency:
        log.mark_sent(seq)
        await creator.records.create(collection, {"seq": seq})
        arrived.clear()
        try:
            await asyncio.wait_for(arrived.wait(), 0.5)
        except asyncio.TimeoutError:
            pass
        if loop.time() > deadline:
            raise RuntimeError("the realtime subscription never delivered the probe event")
