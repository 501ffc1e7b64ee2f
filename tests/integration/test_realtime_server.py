"""Realtime against real PocketBase servers (0.22.27 and 0.40.6), for both clients.

A guest subscribes to ``rt_posts`` (list and view rules open); records are written with raw
admin requests.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from pocketbase import AsyncPocketBase, PocketBase
from pocketbase.models import Record, RecordSubscription
from pocketbase.testing import PocketBaseServer

pytestmark = pytest.mark.integration

VERSIONS = ["0.22.27", "0.40.6"]
COLLECTION = "rt_posts"
ARRIVE = 2.0  # events must arrive within this many seconds
READER = "pocketbase-realtime"


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    with PocketBaseServer(request.param) as srv:
        fields_key = "fields" if srv.generation == "0.23" else "schema"
        body = {
            "name": COLLECTION,
            "type": "base",
            fields_key: [{"name": "title", "type": "text"}],
            "listRule": "",
            "viewRule": "",
        }
        with httpx.Client(trust_env=False, timeout=10) as http:
            response = http.post(
                f"{srv.url}/api/collections", json=body, headers=srv.admin_headers()
            )
        assert response.status_code == 200, response.text
        yield srv


class Admin:
    """Raw admin writes (no SDK involved)."""

    def __init__(self, server: PocketBaseServer) -> None:
        self.server = server
        self.http = httpx.Client(trust_env=False, timeout=10)

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = f"{self.server.url}/api/collections/{COLLECTION}/records{path}"
        response = self.http.request(method, url, json=body, headers=self.server.admin_headers())
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def create(self, title: str) -> str:
        record_id = self._request("POST", "", {"title": title})["id"]
        assert isinstance(record_id, str)
        return record_id

    def update(self, record_id: str, title: str) -> None:
        self._request("PATCH", f"/{record_id}", {"title": title})

    def delete(self, record_id: str) -> None:
        self._request("DELETE", f"/{record_id}")

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def admin(server: PocketBaseServer) -> Iterator[Admin]:
    writer = Admin(server)
    try:
        yield writer
    finally:
        writer.close()


class Collector:
    def __init__(self) -> None:
        self.events: list[RecordSubscription] = []
        self.lock = threading.Lock()

    def __call__(self, event: RecordSubscription) -> None:
        with self.lock:
            self.events.append(event)

    def summary(self) -> list[tuple[str, str]]:
        with self.lock:
            return [(e.action, e.record.id) for e in self.events]


def readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == READER]


def wait_sync(predicate: Callable[[], object], timeout: float = ARRIVE) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


async def wait_async(predicate: Callable[[], object], timeout: float = ARRIVE) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def in_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """Admin writes off the event loop, so the reader task keeps running meanwhile."""
    return await asyncio.to_thread(fn, *args)


def crud_expectation(admin: Admin) -> list[tuple[str, str]]:
    record_id = admin.create("one")
    admin.update(record_id, "two")
    admin.delete(record_id)
    return [("create", record_id), ("update", record_id), ("delete", record_id)]


# -- sync client ----------------------------------------------------------------------------


def test_sync_crud_events(server: PocketBaseServer, admin: Admin) -> None:
    got, one = Collector(), Collector()
    with PocketBase(server.url) as pb:
        pb.realtime.subscribe(COLLECTION, got)
        expected = crud_expectation(admin)
        wait_sync(lambda: got.summary() == expected)
        first = got.events[0]
        assert isinstance(first.record, Record)
        assert first.record.title == "one"
        assert first.record.collection_name == COLLECTION
        assert got.events[1].record.title == "two"
        # a single-record topic next to the collection topic
        record_id = admin.create("solo")
        pb.realtime.subscribe(f"{COLLECTION}/{record_id}", one)
        admin.update(record_id, "solo2")
        wait_sync(lambda: one.summary() == [("update", record_id)])


def test_sync_unsubscribe_stops_events(server: PocketBaseServer, admin: Admin) -> None:
    got, kept = Collector(), Collector()
    with PocketBase(server.url) as pb:
        unsubscribe = pb.realtime.subscribe(COLLECTION, got)
        record_id = admin.create("seen")
        wait_sync(lambda: got.summary() == [("create", record_id)])
        unsubscribe()
        assert readers() == []
        admin.create("unseen")
        time.sleep(0.5)
        assert got.summary() == [("create", record_id)]
        # a remaining subscription keeps its events, the removed one gets none
        pb.realtime.subscribe(COLLECTION, got)
        pb.realtime.subscribe(f"{COLLECTION}/{record_id}", kept)
        pb.realtime.unsubscribe(COLLECTION)
        admin.update(record_id, "changed")
        wait_sync(lambda: kept.summary() == [("update", record_id)])
        time.sleep(0.3)
        assert got.summary() == [("create", record_id)]


def test_sync_events_iterator(server: PocketBaseServer, admin: Admin) -> None:
    with PocketBase(server.url) as pb, pb.realtime.events(COLLECTION) as events:
        expected = crud_expectation(admin)
        got = [events.get(timeout=ARRIVE) for _ in expected]
        assert [(e.action, e.record.id) for e in got] == expected


def test_sync_reconnects_after_kill_and_restart(server: PocketBaseServer, admin: Admin) -> None:
    got = Collector()
    with PocketBase(server.url) as pb:
        pb.realtime.subscribe(COLLECTION, got)
        first_id = pb.realtime.client_id
        assert first_id
        server.kill()
        server.restart()
        created = _create_until_seen(admin, got, sleep=time.sleep)
        assert pb.realtime.client_id not in ("", first_id)
        assert len(readers()) == 1
        assert got.summary()[-1] == ("create", created)


def test_sync_close_leaves_nothing(server: PocketBaseServer, admin: Admin) -> None:
    before = set(threading.enumerate())
    pb = PocketBase(server.url)
    got = Collector()
    pb.realtime.subscribe(COLLECTION, got)
    pb.realtime.subscribe(f"{COLLECTION}/x", got)
    assert len(readers()) == 1
    started = time.monotonic()
    pb.close()
    assert time.monotonic() - started < 1
    assert readers() == []
    assert set(threading.enumerate()) <= before
    assert pb._http.is_closed


# -- async client ---------------------------------------------------------------------------


async def test_async_crud_events(server: PocketBaseServer, admin: Admin) -> None:
    seen: list[tuple[str, str]] = []

    async def callback(event: RecordSubscription) -> None:
        await asyncio.sleep(0)
        seen.append((event.action, event.record.id))

    async with AsyncPocketBase(server.url) as pb:
        await pb.realtime.subscribe(COLLECTION, callback)
        expected = await in_thread(crud_expectation, admin)
        await wait_async(lambda: seen == expected)


async def test_async_unsubscribe_stops_events(server: PocketBaseServer, admin: Admin) -> None:
    got = Collector()
    async with AsyncPocketBase(server.url) as pb:
        unsubscribe = await pb.realtime.subscribe(COLLECTION, got)
        record_id = await in_thread(admin.create, "seen")
        await wait_async(lambda: got.summary() == [("create", record_id)])
        await unsubscribe()
        assert pb.realtime._reader is None
        await in_thread(admin.create, "unseen")
        await asyncio.sleep(0.5)
        assert got.summary() == [("create", record_id)]


async def test_async_events_iterator(server: PocketBaseServer, admin: Admin) -> None:
    async with AsyncPocketBase(server.url) as pb, pb.realtime.events(COLLECTION) as events:
        expected = await in_thread(crud_expectation, admin)
        got = [await events.get(timeout=ARRIVE) for _ in expected]
        assert [(e.action, e.record.id) for e in got] == expected


async def test_async_reconnects_after_kill_and_restart(
    server: PocketBaseServer, admin: Admin
) -> None:
    got = Collector()
    async with AsyncPocketBase(server.url) as pb:
        await pb.realtime.subscribe(COLLECTION, got)
        first_id = pb.realtime.client_id
        assert first_id
        await in_thread(server.kill)
        await in_thread(server.restart)
        created = await _create_until_seen_async(admin, got)
        assert pb.realtime.client_id not in ("", first_id)
        assert got.summary()[-1] == ("create", created)


async def test_async_close_leaves_nothing(server: PocketBaseServer) -> None:
    before = asyncio.all_tasks()
    threads_before = set(threading.enumerate())
    pb = AsyncPocketBase(server.url)
    await pb.realtime.subscribe(COLLECTION, Collector())
    await pb.realtime.subscribe(f"{COLLECTION}/x", Collector())
    assert len(asyncio.all_tasks() - before) == 1
    started = time.monotonic()
    await pb.aclose()
    assert time.monotonic() - started < 1
    assert asyncio.all_tasks() - before == set()
    assert set(threading.enumerate()) <= threads_before
    assert pb._http.is_closed


# -- helpers for the restart tests ----------------------------------------------------------

RESTART_BUDGET = 15.0  # process start plus reconnect backoff (at most 5 s between attempts)


def _create_until_seen(admin: Admin, got: Collector, sleep: Callable[[float], None]) -> str:
    """Write records until one comes back as an event (the reconnect may still be underway)."""
    deadline = time.monotonic() + RESTART_BUDGET
    while True:
        record_id = admin.create("after-restart")
        until = time.monotonic() + 0.5
        while time.monotonic() < until:
            if ("create", record_id) in got.summary():
                return record_id
            sleep(0.01)
        assert time.monotonic() < deadline, "no event after the restart"


async def _create_until_seen_async(admin: Admin, got: Collector) -> str:
    deadline = time.monotonic() + RESTART_BUDGET
    while True:
        record_id: str = await in_thread(admin.create, "after-restart")
        until = time.monotonic() + 0.5
        while time.monotonic() < until:
            if ("create", record_id) in got.summary():
                return record_id
            await asyncio.sleep(0.01)
        assert time.monotonic() < deadline, "no event after the restart"
