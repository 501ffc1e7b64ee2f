"""Realtime bookkeeping without I/O (pocketbase/_realtime.py)."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from typing import Any

import pytest

from pocketbase import ClientResponseError
from pocketbase._realtime import (
    CONNECT_EVENT,
    REALTIME_PATH,
    Backoff,
    RealtimeUsageError,
    auth_identity,
    check_subscription,
    connect_client_id,
    parse_event,
    shutdown_response,
    subscription_body,
)
from pocketbase.models import Record, RecordSubscription


def _jwt(payload: dict[str, Any]) -> str:
    def seg(obj: dict[str, Any]) -> str:
        raw = json.dumps(obj).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg(payload)}.sig"


def test_constants() -> None:
    assert REALTIME_PATH == "/api/realtime"
    assert CONNECT_EVENT == "PB_CONNECT"


# -- POST body ------------------------------------------------------------------------------


def test_subscription_body_keeps_order_and_copies() -> None:
    names = {"posts": 1, "posts/123": 2}
    body = subscription_body("cid", names)
    assert body == {"clientId": "cid", "subscriptions": ["posts", "posts/123"]}
    assert json.dumps(body) == '{"clientId": "cid", "subscriptions": ["posts", "posts/123"]}'
    assert subscription_body("cid", []) == {"clientId": "cid", "subscriptions": []}


# -- PB_CONNECT -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_id", "data", "expected"),
    [
        ("abc", '{"clientId":"other"}', "abc"),
        ("", '{"clientId":"fromdata"}', "fromdata"),
        ("", "{}", ""),
        ("", "not json", ""),
        ("", '{"clientId": 5}', ""),
        ("", '["x"]', ""),
        ("", "", ""),
    ],
)
def test_connect_client_id(event_id: str, data: str, expected: str) -> None:
    assert connect_client_id(event_id, data) == expected


# -- event parsing --------------------------------------------------------------------------


def test_parse_event_modern_record() -> None:
    data = json.dumps(
        {
            "record": {
                "id": "a3k1id1g01ibfa0",
                "collectionId": "yy8lmglgu5jgwij",
                "collectionName": "posts",
                "title": "rt-test",
                "count": 42,
                "created": "2026-11-27 08:53:22.974Z",
            },
            "action": "create",
        }
    )
    event = parse_event(data)
    assert isinstance(event, RecordSubscription)
    assert event.action == "create"
    assert isinstance(event.record, Record)
    assert event.record.id == "a3k1id1g01ibfa0"
    assert event.record.collection_id == "yy8lmglgu5jgwij"
    assert event.record.collection_name == "posts"
    assert event.record.title == "rt-test"
    assert event.record["count"] == 42


def test_parse_event_legacy_record() -> None:
    event = parse_event(
        '{"action":"delete","record":{"@collectionId":"c","@collectionName":"n","id":"r"}}'
    )
    assert (event.action, event.record.id) == ("delete", "r")
    assert (event.record.collection_id, event.record.collection_name) == ("c", "n")


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not json",
        "[1, 2]",
        '"create"',
        "null",
        "{}",
        '{"action": "create"}',
        '{"record": {"id": "x"}}',
        '{"action": "", "record": {"id": "x"}}',
        '{"action": 1, "record": {"id": "x"}}',
        '{"action": "create", "record": "x"}',
        '{"action": "create", "record": null}',
        '{"action": "create", "record": [1]}',
    ],
)
def test_parse_event_rejects_malformed_data(data: str) -> None:
    with pytest.raises(ValueError):
        parse_event(data)


# -- identity -------------------------------------------------------------------------------


def test_auth_identity() -> None:
    assert auth_identity("", None, None) == ""
    assert auth_identity("", "admin", "a1") == ""
    # the model decides when there is one; a refreshed token keeps the identity
    assert auth_identity("tok-1", "admin", "a1") == auth_identity("tok-2", "admin", "a1")
    assert auth_identity("tok-1", "admin", "a1") != auth_identity("tok-1", "user", "a1")
    assert auth_identity("tok-1", "user", "u1") != auth_identity("tok-1", "user", "u2")
    # token only: the JWT payload's record
    one = _jwt({"id": "u1", "collectionId": "_pb_users_auth_", "type": "authRecord", "exp": 1})
    two = _jwt({"id": "u1", "collectionId": "_pb_users_auth_", "type": "authRecord", "exp": 2})
    other = _jwt({"id": "u2", "collectionId": "_pb_users_auth_", "type": "authRecord"})
    assert auth_identity(one, "user", None) == auth_identity(two, "user", None)
    assert auth_identity(one, "user", None) != auth_identity(other, "user", None)
    # opaque token: the token, hashed (never the secret itself)
    opaque = auth_identity("secret-token", None, None)
    assert "secret-token" not in opaque
    assert opaque == auth_identity("secret-token", None, None)
    assert opaque != auth_identity("other-token", None, None)


# -- backoff --------------------------------------------------------------------------------


def test_backoff_doubles_to_the_cap_without_jitter() -> None:
    backoff = Backoff(initial=0.1, cap=5.0, factor=2.0, jitter=0.0)
    delays = [round(backoff.next_delay(), 6) for _ in range(10)]
    assert delays == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0, 5.0]
    assert backoff.attempt == 10
    backoff.reset()
    assert backoff.attempt == 0
    assert backoff.next_delay() == pytest.approx(0.1)


def test_backoff_jitter_bounds() -> None:
    low = Backoff(rand=lambda: 1.0)  # the largest share taken off: half the nominal delay
    high = Backoff(rand=lambda: 0.0)
    assert [round(low.next_delay(), 6) for _ in range(8)] == [
        0.05,
        0.1,
        0.2,
        0.4,
        0.8,
        1.6,
        2.5,
        2.5,
    ]
    assert [round(high.next_delay(), 6) for _ in range(8)] == [
        0.1,
        0.2,
        0.4,
        0.8,
        1.6,
        3.2,
        5.0,
        5.0,
    ]


def test_backoff_default_random_stays_in_range() -> None:
    backoff = Backoff()
    for attempt in range(50):
        delay = backoff.next_delay()
        nominal = backoff.nominal(attempt)
        assert nominal / 2 <= delay <= nominal <= 5.0
    assert backoff.nominal(1000) == 5.0  # no overflow for long outages


def test_backoff_clamps_odd_random_values() -> None:
    assert Backoff(rand=lambda: 7.0).next_delay() == pytest.approx(0.05)
    assert Backoff(rand=lambda: -1.0).next_delay() == pytest.approx(0.1)


@pytest.mark.parametrize(
    "kwargs",
    [{"initial": 0}, {"cap": 0.01}, {"factor": 0.5}, {"jitter": -0.1}, {"jitter": 1.5}],
)
def test_backoff_rejects_bad_parameters(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Backoff(**kwargs)


# -- unblocking a reading thread ------------------------------------------------------------


class _FakeStream:
    def __init__(self, sock: object) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> object:
        return self.sock if name == "socket" else None


class _FakeResponse:
    def __init__(self, sock: object = None) -> None:
        self.extensions = {"network_stream": _FakeStream(sock)} if sock is not None else {}
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_shutdown_response_wakes_a_blocked_recv() -> None:
    left, right = socket.socketpair()
    with left, right:
        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.append(left.recv(10)))
        reader.start()
        time.sleep(0.05)
        started = time.monotonic()
        response = _FakeResponse(left)
        shutdown_response(response)
        reader.join(2)
        assert not reader.is_alive()
        assert time.monotonic() - started < 1
        assert got == [b""]
        assert response.closed == 0  # the reading thread closes it as it unwinds
        shutdown_response(response)  # twice: harmless


def test_shutdown_response_without_a_socket_closes_it() -> None:
    response = _FakeResponse()
    shutdown_response(response)
    assert response.closed == 1


# -- argument checks ------------------------------------------------------------------------


def test_check_subscription() -> None:
    check_subscription("posts")
    check_subscription("posts/1", print, needs_callback=True)
    for bad in ("", None, 5):
        with pytest.raises(RealtimeUsageError, match="^subscription must be set.$") as info:
            check_subscription(bad)  # type: ignore[arg-type]
        assert isinstance(info.value, ClientResponseError)
        assert isinstance(info.value, ValueError)
    with pytest.raises(RealtimeUsageError, match="^callback must be callable.$"):
        check_subscription("posts", None, needs_callback=True)
