"""Realtime bookkeeping without I/O (pocketbase/_realtime.py)."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from pocketbase import (
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    RequestTimeoutError,
    TransportError,
)
from pocketbase._realtime import (
    CONNECT_EVENT,
    MAX_KEY_LENGTH,
    MAX_KEYS,
    REALTIME_PATH,
    Backoff,
    RealtimeStreamError,
    RealtimeUsageError,
    auth_identity,
    check_key,
    check_prefix,
    check_subscription,
    connect_client_id,
    connect_failure,
    key_label,
    key_topic,
    listen_data,
    parse_event,
    parse_listen_event,
    prefix_selects,
    record_topic,
    shutdown_response,
    stream_status_error,
    subscription_body,
    subscription_key,
    topic_selects,
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


@pytest.mark.parametrize(
    ("data", "delivered"),
    [
        ('{"a": 1}', {"a": 1}),
        ("[1]", [1]),
        ('"x"', "x"),
        ("7", 7),
        ("not json", {}),
        ("", {}),
        ("null", {}),
        ("0", {}),
        ('""', {}),
        ("false", {}),
        ("[]", []),  # an empty array is truthy in JavaScript
        ("NaN", {}),  # JSON.parse refuses it
    ],
)
def test_listen_data_is_what_the_js_sdk_hands_a_listener(data: str, delivered: Any) -> None:
    assert listen_data(data) == delivered


def test_parse_listen_event_takes_any_object() -> None:
    assert parse_listen_event("not json") == RecordSubscription()
    other = parse_listen_event('{"note": 1}')
    assert (other.action, other.record, other.model_extra) == ("", Record(), {"note": 1})
    event = parse_listen_event('{"action": "update", "record": {"id": "r1"}}')
    assert (event.action, event.record.id) == ("update", "r1")
    for data in ("[1]", '"x"', '{"action": "create", "record": [1]}'):
        with pytest.raises(ValueError):
            parse_listen_event(data)


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


def test_check_subscription_names_the_argument_and_refuses_line_breaks() -> None:
    with pytest.raises(RealtimeUsageError, match="^topic must be set.$"):
        check_subscription("", print, needs_callback=True, what="topic")
    for bad in ("posts\n", "a\rb", "x\x00"):
        with pytest.raises(RealtimeUsageError, match="^topic must not contain line breaks") as info:
            check_subscription(bad, what="topic")
        assert info.value.status == 0
    check_subscription("posts/*?options=%7B%7D")  # a hand-made key is a topic too
    check_subscription("@oauth2")


# -- subscription keys ------------------------------------------------------------------------

RECORDED_KEY = (
    "posts/*?options=%7B%22query%22%3A%7B%22filter%22%3A%22count%20%3E%205%22%2C%22expand%22"
    "%3A%22author%22%2C%22fields%22%3A%22id%2Ctitle%22%7D%2C%22headers%22%3A%7B%22X-Token%22"
    "%3A%22abc%22%7D%7D"
)


def test_subscription_key_as_the_js_sdk_builds_it() -> None:
    query = {"filter": "count > 5", "expand": "author", "fields": "id,title"}
    assert subscription_key("posts/*", query, {"X-Token": "abc"}) == RECORDED_KEY
    assert subscription_key("posts/*") == "posts/*"
    assert subscription_key("posts/*", None, None) == "posts/*"
    # an empty options object still gives options (as ``subscribe(topic, cb, {})`` in JS)
    assert subscription_key("posts/*", {}) == "posts/*?options=%7B%22query%22%3A%7B%7D%7D"
    # headers alone: the query is still there, empty
    assert subscription_key("hdr/*", headers={"X-Token": "abc"}) == (
        "hdr/*?options=%7B%22query%22%3A%7B%7D%2C%22headers%22%3A%7B%22X-Token%22%3A%22abc%22%7D%7D"
    )
    # a topic that has a query already gets ``&options=``
    assert subscription_key("posts?x=1", {"a": 1}) == (
        "posts?x=1&options=%7B%22query%22%3A%7B%22a%22%3A1%7D%7D"
    )


def test_subscription_key_skips_none_and_writes_json_like_javascript() -> None:
    key = subscription_key("t", {"a": None, "b": 1.0, "10": [1, None], "2": {"x": True}})
    prefix = "t?options="
    assert key.startswith(prefix)
    decoded = key[len(prefix) :]
    assert unquote(decoded) == '{"query":{"2":{"x":true},"10":[1,null],"b":1}}'
    assert "%20" in subscription_key("t", {"f": "a b"})  # encodeURIComponent, not "+"
    assert subscription_key("t", {"f": "é"}).endswith("%22%C3%A9%22%7D%7D")


def test_subscription_key_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(RealtimeUsageError, match="^subscription options must be JSON data") as info:
        subscription_key("t", {"f": object()})
    assert isinstance(info.value, ClientResponseError) and info.value.status == 0
    with pytest.raises(RealtimeUsageError):
        subscription_key("t", {"f": b"bytes"})


def test_key_label_never_shows_the_options() -> None:
    assert key_label("posts/*") == "'posts/*'"
    secret = subscription_key("posts/*", None, {"X-Token": "s3cret"})
    assert key_label(secret) == "'posts/*' (with options)"


def test_key_topic_and_topic_selects() -> None:
    with_options = subscription_key("posts/*", {"filter": "a = 1"})
    assert key_topic(with_options) == "posts/*"
    assert key_topic("posts/*") == "posts/*"
    assert topic_selects("posts/*", "posts/*")
    assert topic_selects(with_options, "posts/*")
    assert not topic_selects("posts/abc", "posts/*")
    assert not topic_selects("posts/*", "posts")
    assert not topic_selects("posts_x", "posts")
    assert topic_selects("posts", "posts")
    # written with its options: only the keys that start with exactly that
    assert topic_selects(with_options, with_options)
    assert not topic_selects("posts/*", with_options)


@pytest.mark.parametrize(
    ("key", "prefix", "selected"),
    [
        ("posts", "posts", True),
        ("posts/*", "posts", True),
        ("posts/abc", "posts", True),
        ("posts/*?options=%7B%7D", "posts", True),
        ("posts/*", "post", False),
        ("posts/*?options=%7B%7D", "post", False),
        ("postscript/*", "posts", False),
        ("posts_archive", "posts", False),
        ("posts/abc", "posts/a", False),
        ("posts/abc", "posts/abc", True),
        ("posts/*", "posts/", True),
        ("posts", "posts/", False),
        ("PB_CONNECT", "PB_CONNECT", True),
        ("a/b/c", "a/b", True),
    ],
)
def test_prefix_selects_whole_segments(key: str, prefix: str, selected: bool) -> None:
    assert prefix_selects(key, prefix) is selected


def test_check_prefix() -> None:
    check_prefix("posts")
    check_prefix("posts/")
    for bad in ("", None):
        with pytest.raises(RealtimeUsageError, match="^prefix must be set.$"):
            check_prefix(bad)  # type: ignore[arg-type]
    with pytest.raises(RealtimeUsageError, match="without '\\?' options"):
        check_prefix("posts/*?options=")


def test_record_topic() -> None:
    assert record_topic("posts", "*") == "posts/*"
    assert record_topic("posts", "abc123") == "posts/abc123"
    for collection, topic in [
        ("posts", "a/b"),
        ("posts", "x?options=%7B%7D"),
        ("posts", "a#b"),
        ("posts", "a&b"),
        ("posts", "a\nb"),
        ("po/sts", "*"),
        ("posts?", "*"),
    ]:
        with pytest.raises(RealtimeUsageError, match="must be one segment") as info:
            record_topic(collection, topic)
        assert info.value.status == 0
    with pytest.raises(RealtimeUsageError, match="^topic must be set.$"):
        record_topic("posts", "")
    with pytest.raises(RealtimeUsageError, match="^collection name must be set.$"):
        record_topic("", "*")


# -- typed events ------------------------------------------------------------------------------


class Post(Record):
    title: str = ""
    views: int = 0


def test_parse_event_with_a_model() -> None:
    data = '{"action":"update","record":{"id":"r1","collectionName":"posts","title":"t","views":3}}'
    event = parse_event(data, Post)
    assert isinstance(event, RecordSubscription)
    assert type(event.record) is Post
    assert (event.action, event.record.title, event.record.views) == ("update", "t", 3)
    assert type(parse_event(data).record) is Record
    assert type(parse_event(data)) is RecordSubscription
    with pytest.raises(ValueError, match="^the record does not match the expected shape$"):
        parse_event('{"action":"update","record":{"id":"r1","views":"many"}}', Post)


def test_record_subscription_is_generic_with_a_record_default() -> None:
    plain = RecordSubscription(action="create", record=Record(id="a"))
    assert type(plain.record) is Record
    typed = RecordSubscription[Post](action="create", record=Post(id="a", title="x"))
    assert isinstance(typed, RecordSubscription)
    assert typed.record.title == "x"


# -- connect failures --------------------------------------------------------------------------

URL = "http://127.0.0.1:9/api/realtime"


def test_stream_status_error() -> None:
    missing = stream_status_error(URL, 404, b'{"code":404,"message":"Not Found.","data":{}}')
    assert type(missing) is NotFoundError
    assert (missing.status, missing.url, str(missing)) == (404, URL, "Not Found.")
    forbidden = stream_status_error(URL, 403, b"<html>")
    assert type(forbidden) is ForbiddenError and forbidden.data == {}
    odd = stream_status_error(URL, 204, b"")
    assert type(odd) is ClientResponseError
    assert str(odd) == f"The realtime stream {URL} answered HTTP 204."


def test_connect_failure() -> None:
    refused = connect_failure(httpx.ConnectError("[Errno 111] Connection refused"), URL)
    assert type(refused) is TransportError
    assert refused.status == 0
    assert str(refused) == f"could not connect to {URL}: connection refused"
    slow = connect_failure(httpx.ReadTimeout("read timed out"), URL)
    assert type(slow) is RequestTimeoutError
    server = ForbiddenError(url=URL, status=403, message="Nope.")
    assert connect_failure(server, URL) is server
    assert connect_failure(RealtimeStreamError("refused", server), URL) is server
    ended = connect_failure(RealtimeStreamError("the stream ended"), URL)
    assert type(ended) is TransportError
    assert str(ended) == f"GET {URL} failed: RealtimeStreamError: the stream ended"


def test_check_key_limits() -> None:
    assert (MAX_KEY_LENGTH, MAX_KEYS) == (2500, 1000)
    check_key("t" * MAX_KEY_LENGTH, {})
    with pytest.raises(
        RealtimeUsageError, match="is 2501 characters long; servers take at most 2500"
    ):
        check_key("t" * (MAX_KEY_LENGTH + 1), {})
    full = {f"k{i}": None for i in range(MAX_KEYS)}
    check_key("k5", full)  # already there: not one more
    with pytest.raises(RealtimeUsageError, match="^there are 1000 subscriptions already"):
        check_key("new", full)
