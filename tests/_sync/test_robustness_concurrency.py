# Generated from tests/_async/test_robustness_concurrency.py by scripts/unasync.py. Do not edit: edit the async source.
"""Many concurrent calls through shared clients against a real server.

Async: 200 tasks share the clients; sync (generated): 8 threads share them. Two clients are
logged in as two different users; the collection's rules only let a user see their own
records, so a request sent with the other client's token fails. Every call checks that it got
its own answer, and a ``before_send`` hook checks the Authorization header of every request.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from pocketbase import PocketBase
from pocketbase.models import Record
from pocketbase.testing import PocketBaseServer
from tests.concurrency import gather
from tests.robustness import live

pytestmark = pytest.mark.integration

IS_ASYNC = inspect.iscoroutinefunction(PocketBase.send)
WORKERS = 200 if IS_ASYNC else 8
TOTAL_CALLS = 2000
RULE = "owner = @request.auth.id"
PASSWORD = "C0ncurrent-Pass"


@pytest.fixture(scope="module")
def server() -> Iterator[PocketBaseServer]:
    with live.started("0.40.6") as srv:
        users = [live.create_user(srv, f"user{i}@example.com", PASSWORD) for i in range(2)]
        live.create_collection(srv, "owned", ["title", "body"], relation_to_users="owner", rule="")
        with live.admin_http(srv) as http:
            rules = {k: RULE for k in ("listRule", "viewRule", "updateRule", "deleteRule")}
            rules["createRule"] = "@request.auth.id != '' && " + RULE
            http.patch("/api/collections/owned", json=rules).raise_for_status()
            for i in range(100):
                for n, user in enumerate(users):
                    data = {"title": f"user{n}-{i}", "body": "", "owner": user["id"]}
                    live.create_record(srv, "owned", data, http)
        yield srv


@dataclass
class Side:
    """One client, its user, its records and what its hook saw."""

    pb: PocketBase
    user_id: str
    token: str
    records: list[Record]
    cancel_keys: bool
    seen: list[str] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)


def _side(server: PocketBaseServer, n: int, *, auto_cancel: bool) -> Side:
    pb = PocketBase(server.url, server_api="0.23", auto_cancel=auto_cancel, timeout=30.0)
    auth = pb.users.auth_via_email(f"user{n}@example.com", PASSWORD)
    records = pb.records.get_full_list("owned", 100, {"sort": "title"})
    assert len(records) == 100 and all(r.title.startswith(f"user{n}-") for r in records)
    side = Side(pb, auth.user.id, auth.token, records, cancel_keys=auto_cancel)

    def before(url: str, config: dict[str, Any]) -> dict[str, Any]:
        header = config["headers"].get("Authorization", "")
        side.seen.append(url)
        if header != side.token:
            side.wrong.append((url, header[-8:]))
        return config

    pb.before_send = before
    return side


def _work(side: Side, worker: int, calls: int) -> int:
    pb = side.pb
    rng = random.Random(worker)
    own = side.records[worker // 2 % len(side.records)]
    done = 0
    for j in range(calls):
        query: dict[str, Any] = {"$cancelKey": f"w{worker}-{j}"} if side.cancel_keys else {}
        record = rng.choice(side.records)
        roll = rng.random()
        if roll < 0.55:
            got = pb.records.get_one("owned", record.id, query)
            assert (got.id, got.title) == (record.id, record.title)
        elif roll < 0.75:
            expr = pb.filter(
                "id = {:id} && title = {:title}", {"id": record.id, "title": record.title}
            )
            page = pb.records.get_list("owned", 1, 5, query, filter=expr)
            assert [(r.id, r.title) for r in page.items] == [(record.id, record.title)]
        elif roll < 0.88:
            marker = f"w{worker}-{j}"
            updated = pb.records.update("owned", own.id, {"body": marker}, query)
            assert (updated.id, updated.body) == (own.id, marker)
        elif roll < 0.95:
            me = pb.users.get_one(side.user_id, query)
            assert me.id == side.user_id
        else:
            title = f"new-{worker}-{j}"
            created = pb.records.create("owned", {"title": title, "owner": side.user_id}, query)
            assert created.title == title
            assert pb.records.delete("owned", created.id, query) is True
        done += 1
    return done


def test_shared_clients_under_concurrency(server: PocketBaseServer) -> None:
    first = _side(server, 0, auto_cancel=False)  # auto-cancellation off
    second = _side(server, 1, auto_cancel=True)  # on, with a distinct key per call
    sides = [first, second]
    for side in sides:
        side.seen.clear()
    per_worker = TOTAL_CALLS // WORKERS
    try:

        def job(worker: int) -> Any:
            return lambda: _work(sides[worker % 2], worker, per_worker)

        results = gather(*(job(w) for w in range(WORKERS)))
    finally:
        for side in sides:
            side.pb.close()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == [], errors[:3]
    assert sum(results) == TOTAL_CALLS
    for side in sides:
        assert side.wrong == []
        assert len(side.seen) >= TOTAL_CALLS // 2
