"""The sync client is plain blocking code: no event loop and no thread for a request."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
import respx

from pocketbase import PocketBase


def test_sync_request_starts_no_event_loop_and_no_thread(
    respx_mock: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    respx_mock.get("http://pb.test/api/collections/posts/records/abc").respond(
        json={"id": "abc", "collectionId": "c1", "collectionName": "posts", "title": "t"}
    )
    respx_mock.post("http://pb.test/api/collections/users/auth-with-password").respond(
        json={"token": "tok", "record": {"id": "u1", "collectionName": "users"}}
    )

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the sync client must not touch asyncio or start threads")

    monkeypatch.setattr(asyncio, "new_event_loop", forbidden)
    monkeypatch.setattr(asyncio, "get_event_loop", forbidden)
    monkeypatch.setattr(asyncio, "run", forbidden)
    monkeypatch.setattr(threading.Thread, "start", forbidden)
    before = threading.active_count()

    with PocketBase("http://pb.test", server_api="0.23") as pb:
        assert pb.users.auth_via_email("u@example.com", "pw").token == "tok"
        record = pb.records.get_one("posts", "abc")
        assert pb.send("/api/collections/posts/records/abc")["title"] == "t"

    assert record.id == "abc"
    assert record["title"] == "t"
    assert threading.active_count() == before
