# Generated from tests/_async/test_realtime_modern.py by scripts/unasync.py. Do not edit: edit the async source.
"""The modern realtime surface over a real SSE stream from an in-process loopback server, for
both flavours: subscription options in the key, ``listen``, ``PB_CONNECT`` callbacks,
``on_disconnect``, ``is_connected``, ``unsubscribe_by_prefix`` and typed events.

The server is the one of ``test_realtime.py``: every ``GET /api/realtime`` is a new stream that
starts with ``PB_CONNECT`` (client ids ``cid-1``, ``cid-2``, ...); ``POST /api/realtime`` is
recorded.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from pocketbase import (
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    PocketBase,
    RequestTimeoutError,
    TransportError,
    UnsupportedFeatureError,
)
from pocketbase._compat import sleep
from pocketbase._sync.services import realtime as realtime_module
from pocketbase._sync.services.realtime import RealtimeEvents
from pocketbase.models import Admin, Record, RecordSubscription
from tests._sync.test_realtime import (
    WAIT,
    Collector,
    SSEServer,
    eventually,
    record,
    stays,
)


@pytest.fixture
def sse() -> Iterator[SSEServer]:
    server = SSEServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def pb(sse: SSEServer) -> Iterator[PocketBase]:
    with (
        httpx.Client(trust_env=False) as http,
        PocketBase(sse.url, server_api="0.8", http_client=http) as client,
    ):
        yield client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def options_of(key: str) -> str:
    """The decoded options JSON of a subscription key."""
    return unquote(key.partition("?options=")[2])


class Post(Record):
    title: str = ""
    views: int = 0


class Calls:
    """Records the arguments of every call (PB_CONNECT client ids, on_disconnect topics)."""

    def __init__(self) -> None:
        self.args: list[Any] = []

    def __call__(self, arg: Any) -> None:
        self.args.append(arg)


# -- options in the key -------------------------------------------------------------------------


def test_options_travel_in_the_key_and_route_the_events(sse: SSEServer, pb: PocketBase) -> None:
    filtered, plain = Collector(), Collector()
    pb.realtime.subscribe(
        "posts/*",
        filtered,
        query={"filter": "count > 5", "expand": "author", "fields": "id,title"},
        headers={"X-Token": "abc"},
    )
    pb.realtime.subscribe("posts/*", plain)
    key = pb.realtime.subscriptions[0]
    assert key == (
        "posts/*?options=%7B%22query%22%3A%7B%22filter%22%3A%22count%20%3E%205%22%2C%22expand%22"
        "%3A%22author%22%2C%22fields%22%3A%22id%2Ctitle%22%7D%2C%22headers%22%3A%7B%22X-Token%22"
        "%3A%22abc%22%7D%7D"
    )
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": [key]},
        {"clientId": "cid-1", "subscriptions": [key, "posts/*"]},
    ]
    stream = sse.streams[0]
    stream.send(key, {"action": "create", "record": record("high", title="high")})
    stream.send("posts/*", {"action": "create", "record": record("low")})
    stream.send("posts/*", {"action": "create", "record": record("high")})
    eventually(lambda: len(filtered.events) == 1 and len(plain.events) == 2)
    stays(lambda: len(filtered.events) == 1 and len(plain.events) == 2, 0.1)
    assert filtered.summary() == [("create", "high")]
    assert plain.summary() == [("create", "low"), ("create", "high")]


def test_unsubscribe_topic_removes_its_options_variants(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.subscribe("posts/*", Collector(), query={"filter": "a = 1"})
    pb.realtime.listen("posts/*", Collector(), query={"filter": "b = 2"})
    pb.realtime.subscribe("posts/*", Collector())
    pb.realtime.subscribe("posts/abc", Collector())
    assert len(pb.realtime.subscriptions) == 4
    pb.realtime.unsubscribe("posts/*")
    assert pb.realtime.subscriptions == ["posts/abc"]
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": ["posts/abc"]}


def test_options_are_refused_on_07_before_sending(sse: SSEServer) -> None:
    with (
        httpx.Client(trust_env=False) as http,
        PocketBase(sse.url, server_api="0.7", http_client=http) as pb,
    ):
        expected = (
            "^realtime subscription options need PocketBase 0.20 or later; this server is 0.7$"
        )
        with pytest.raises(UnsupportedFeatureError, match=expected) as info:
            pb.realtime.subscribe("posts", Collector(), query={"filter": "a = 1"})
        assert info.value.status == 0
        with pytest.raises(UnsupportedFeatureError, match=expected):
            pb.realtime.listen("posts", Collector(), headers={"X-Token": "abc"})
        with pytest.raises(UnsupportedFeatureError, match=expected):
            pb.realtime.events("posts", query={}).start()
        assert sse.streams == [] and sse.bodies() == []
        assert pb.realtime.subscriptions == []
        # without options a 0.7 server subscribes as always
        pb.realtime.subscribe("posts", Collector())
        assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts"]}]


def test_bad_topics_and_options_are_refused_before_sending(sse: SSEServer, pb: PocketBase) -> None:
    with pytest.raises(ClientResponseError, match="^subscription must not contain line breaks"):
        pb.realtime.subscribe("posts\nevent:other", Collector())
    with pytest.raises(ClientResponseError, match="^topic must not contain line breaks"):
        pb.realtime.listen("posts\r", Collector())
    with pytest.raises(ClientResponseError, match="^topic must be set.$"):
        pb.realtime.listen("", Collector())
    with pytest.raises(ClientResponseError, match="^PB_CONNECT takes no query or headers.$"):
        pb.realtime.subscribe("PB_CONNECT", Calls(), query={"a": 1})  # type: ignore[call-overload]
    with pytest.raises(ClientResponseError, match="^subscription options must be JSON data"):
        pb.realtime.subscribe("posts", Collector(), query={"a": object()})
    with pytest.raises(ValueError, match="^PB_CONNECT has no record events"):
        pb.realtime.events("PB_CONNECT")
    with pytest.raises(ClientResponseError, match="^prefix must be set.$"):
        pb.realtime.unsubscribe_by_prefix("")
    assert sse.streams == [] and sse.bodies() == []
    assert pb.realtime.subscriptions == []


# -- listen --------------------------------------------------------------------------------------


def test_listen_adds_callbacks_with_their_own_removers(sse: SSEServer, pb: PocketBase) -> None:
    first, second = Collector(), Collector()
    remove_first = pb.realtime.listen("posts/*", first)
    remove_second = pb.realtime.listen("posts/*", second)
    # a second callback for a key the server has needs no request
    assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts/*"]}]
    sse.streams[0].send("posts/*", {"action": "create", "record": record("r1")})
    eventually(lambda: first.events and second.events)
    remove_first()
    remove_first()  # again: nothing
    assert len(sse.bodies()) == 1
    assert pb.realtime.subscriptions == ["posts/*"]
    sse.streams[0].send("posts/*", {"action": "update", "record": record("r1")})
    eventually(lambda: len(second.events) == 2)
    assert first.summary() == [("create", "r1")]
    remove_second()
    # the last key goes with the stream, without a POST of the empty set (as the JS SDK)
    assert len(sse.bodies()) == 1
    eventually(sse.streams[0].closed_by_client.is_set)
    assert pb.realtime.subscriptions == []


def test_subscribe_replaces_only_its_own_callback_beside_listeners(
    sse: SSEServer, pb: PocketBase
) -> None:
    listener, replaced, current = Collector(), Collector(), Collector()
    pb.realtime.listen("posts", listener)
    pb.realtime.subscribe("posts", replaced)
    pb.realtime.subscribe("posts", current)
    sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
    eventually(lambda: listener.events and current.events)
    stays(lambda: not replaced.events, 0.1)
    pb.realtime.unsubscribe("posts")  # the topic with every callback
    assert pb.realtime.subscriptions == []
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": []}


def test_listen_raises_when_the_first_connect_fails_and_keeps_nothing() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with (
        httpx.Client(trust_env=False) as http,
        PocketBase(url, server_api="0.8", http_client=http) as pb,
    ):
        with pytest.raises(TransportError) as info:
            pb.realtime.listen("posts", Collector())
        assert info.value.status == 0
        assert str(info.value) == f"could not connect to {url}/api/realtime: connection refused"
        assert pb.realtime.subscriptions == []
        assert pb.realtime._reader is None
        assert not pb.realtime.is_connected


def test_listen_raises_the_servers_answer_to_the_stream(sse: SSEServer) -> None:
    with (
        httpx.Client(trust_env=False) as http,
        PocketBase(sse.url + "/elsewhere", server_api="0.8", http_client=http) as pb,
    ):
        with pytest.raises(NotFoundError) as info:
            pb.realtime.listen("posts", Collector())
        assert info.value.status == 404
        assert info.value.url == sse.url + "/elsewhere/api/realtime"
        assert pb.realtime.subscriptions == [] and pb.realtime._reader is None


def test_listen_raises_a_refused_subscription_and_closes_the_stream(
    sse: SSEServer, pb: PocketBase
) -> None:
    sse.post_statuses = [403]
    with pytest.raises(ForbiddenError, match="^Nope.$") as info:
        pb.realtime.listen("posts", Collector())
    assert info.value.status == 403
    assert pb.realtime.subscriptions == []
    eventually(sse.streams[0].closed_by_client.is_set)
    assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts"]}]


def test_listen_times_out_when_the_stream_never_connects(
    sse: SSEServer, pb: PocketBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(realtime_module, "SUBSCRIBE_WAIT", 0.3)
    sse.connect_frame = lambda n, cid: None  # the stream opens but never says PB_CONNECT
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as info:
        pb.realtime.listen("posts", Collector())
    assert 0.3 <= time.monotonic() - started < 2
    assert info.value.status == 0
    assert pb.realtime.subscriptions == [] and pb.realtime._reader is None


def test_subscribe_keeps_retrying_where_listen_raises(
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = free_port()
    with (
        httpx.Client(trust_env=False) as http,
        PocketBase(f"http://127.0.0.1:{port}", server_api="0.8", http_client=http) as pb,
    ):
        with caplog.at_level(logging.WARNING, logger="pocketbase"):
            pb.realtime.subscribe("kept", Collector())  # the seed: background retry
            with pytest.raises(TransportError):
                pb.realtime.listen("dropped", Collector())
        assert pb.realtime.subscriptions == ["kept"]
        reader = pb.realtime._reader
        assert reader is not None and reader.handle is not None and reader.handle.is_alive()


def test_listen_while_reconnecting_returns_at_once(sse: SSEServer, pb: PocketBase) -> None:
    release = threading.Event()

    def frame(n: int, cid: str) -> bytes | None:
        if n > 1:
            release.wait(5)
        return f"id:{cid}\nevent:PB_CONNECT\ndata:{{}}\n\n".encode()

    sse.connect_frame = frame
    pb.realtime.subscribe("a", Collector())
    sse.streams[0].end()
    eventually(lambda: len(sse.streams) == 2)
    started = time.monotonic()
    got = Collector()
    pb.realtime.listen("b", got)
    assert time.monotonic() - started < 0.5
    assert pb.realtime.subscriptions == ["a", "b"]
    release.set()
    eventually(lambda: len(sse.bodies()) == 2)
    assert sse.bodies()[1] == {"clientId": "cid-2", "subscriptions": ["a", "b"]}
    sse.streams[1].send("b", {"action": "create", "record": record("r1")})
    eventually(lambda: got.summary() == [("create", "r1")])


# -- PB_CONNECT, on_disconnect, is_connected ------------------------------------------------------


def test_pb_connect_fires_on_every_connect_after_the_subscriptions_are_in(
    sse: SSEServer, pb: PocketBase
) -> None:
    seen: list[tuple[str, Any]] = []

    def on_connect(client_id: str) -> None:
        sleep(0)
        # the server already has every subscription under this client id
        seen.append((client_id, sse.bodies()[-1]))

    pb.realtime.subscribe("PB_CONNECT", on_connect)
    assert seen == [("cid-1", {"clientId": "cid-1", "subscriptions": ["PB_CONNECT"]})]
    pb.realtime.subscribe("posts", Collector())
    stays(lambda: len(seen) == 1, 0.1)  # a new subscription is not a connect
    sse.streams[0].end()
    eventually(lambda: len(seen) == 2)
    assert seen[1] == ("cid-2", {"clientId": "cid-2", "subscriptions": ["PB_CONNECT", "posts"]})
    assert pb.realtime.client_id == "cid-2"


def test_pb_connect_listeners_and_their_removers(sse: SSEServer, pb: PocketBase) -> None:
    first, second = Calls(), Calls()
    pb.realtime.subscribe("posts", Collector())
    remove_first = pb.realtime.listen("PB_CONNECT", first)
    pb.realtime.listen("PB_CONNECT", second)
    assert first.args == [] and second.args == []  # already connected: no call
    sse.streams[0].end()
    eventually(lambda: first.args == ["cid-2"] and second.args == ["cid-2"])
    remove_first()
    sse.streams[1].end()
    eventually(lambda: second.args == ["cid-2", "cid-3"])
    assert first.args == ["cid-2"]


def test_on_disconnect_and_is_connected_across_a_drop(sse: SSEServer, pb: PocketBase) -> None:
    release = threading.Event()

    def frame(n: int, cid: str) -> bytes | None:
        if n == 2:
            release.wait(5)
        return f"id:{cid}\nevent:PB_CONNECT\ndata:{{}}\n\n".encode()

    sse.connect_frame = frame
    disconnects = Calls()
    pb.realtime.on_disconnect = disconnects
    assert not pb.realtime.is_connected
    pb.realtime.subscribe("a", Collector())
    pb.realtime.listen("b", Collector(), query={"fields": "id"})
    assert pb.realtime.is_connected
    keys = pb.realtime.subscriptions
    sse.streams[0].end()
    eventually(lambda: disconnects.args == [keys])
    assert not pb.realtime.is_connected
    assert pb.realtime.client_id == ""
    release.set()
    eventually(lambda: pb.realtime.is_connected)
    assert pb.realtime.client_id == "cid-2"
    pb.realtime.unsubscribe("a")
    assert len(disconnects.args) == 1  # the stream goes on with "b"
    pb.realtime.unsubscribe()
    assert disconnects.args == [keys, []]
    assert not pb.realtime.is_connected


def test_on_disconnect_is_not_called_for_a_stream_that_never_connected() -> None:
    with (
        httpx.Client(trust_env=False) as http,
        PocketBase(f"http://127.0.0.1:{free_port()}", server_api="0.8", http_client=http) as pb,
    ):
        disconnects = Calls()
        pb.realtime.on_disconnect = disconnects
        pb.realtime.subscribe("posts", Collector())
        sleep(0.3)
        pb.realtime.unsubscribe()
        assert disconnects.args == []


def test_on_disconnect_when_a_new_identity_moves_the_stream(sse: SSEServer, pb: PocketBase) -> None:
    disconnects, connects = Calls(), Calls()
    pb.realtime.on_disconnect = disconnects
    pb.realtime.subscribe("a", Collector())
    pb.realtime.subscribe("PB_CONNECT", connects)
    pb.auth_store.save("tok-1", Admin(id="admin1"))
    pb.realtime.resubscribe()
    eventually(lambda: connects.args == ["cid-2"])
    assert disconnects.args == [["a", "PB_CONNECT"]]


def test_close_does_not_call_on_disconnect(sse: SSEServer) -> None:
    with httpx.Client(trust_env=False) as http:
        pb = PocketBase(sse.url, server_api="0.8", http_client=http)
        disconnects = Calls()
        pb.realtime.on_disconnect = disconnects
        pb.realtime.subscribe("posts", Collector())
        pb.close()
        assert disconnects.args == []
        assert not pb.realtime.is_connected


def test_on_disconnect_errors_are_logged_and_it_may_subscribe(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[list[str]] = []

    def on_disconnect(topics: list[str]) -> None:
        calls.append(topics)
        if len(calls) == 1:
            pb.realtime.subscribe("added-while-down", Collector())
            raise RuntimeError("handler failed")

    pb.realtime.on_disconnect = on_disconnect
    pb.realtime.subscribe("a", Collector())
    with caplog.at_level(logging.ERROR, logger="pocketbase"):
        sse.streams[0].end()
        eventually(lambda: len(sse.bodies()) == 2)
    assert calls == [["a"]]
    assert sse.bodies()[1] == {"clientId": "cid-2", "subscriptions": ["a", "added-while-down"]}
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == ["realtime: on_disconnect raised"]


# -- unsubscribe_by_prefix -------------------------------------------------------------------------


def test_unsubscribe_by_prefix_matches_whole_segments(sse: SSEServer, pb: PocketBase) -> None:
    for topic in ("post/*", "posts/*", "posts/abc", "postscript/*", "posts"):
        pb.realtime.subscribe(topic, Collector())
    pb.realtime.listen("posts/*", Collector(), query={"filter": "a = 1"})
    before = len(sse.bodies())
    pb.realtime.unsubscribe_by_prefix("posts")
    assert pb.realtime.subscriptions == ["post/*", "postscript/*"]
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": ["post/*", "postscript/*"]}
    assert len(sse.bodies()) == before + 1
    pb.realtime.unsubscribe_by_prefix("nothing")  # nothing selected: no request
    pb.realtime.unsubscribe_by_prefix("pos")
    assert len(sse.bodies()) == before + 1
    pb.realtime.unsubscribe_by_prefix("post")
    assert pb.realtime.subscriptions == ["postscript/*"]
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": ["postscript/*"]}
    pb.realtime.unsubscribe_by_prefix("postscript/")
    assert pb.realtime.subscriptions == []
    # the last key goes with the stream, without a POST of the empty set (as the JS SDK)
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": ["postscript/*"]}
    eventually(sse.streams[0].closed_by_client.is_set)


# -- typed events ---------------------------------------------------------------------------------


def test_listen_with_a_model_delivers_typed_records(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    posts: list[RecordSubscription[Post]] = []
    plain = Collector()
    pb.realtime.listen("posts", posts.append, model=Post)
    pb.realtime.subscribe("posts", plain)
    stream = sse.streams[0]
    with caplog.at_level(logging.WARNING, logger="pocketbase"):
        stream.send("posts", {"action": "create", "record": record("bad", views="many")})
        stream.send("posts", {"action": "create", "record": record("r1", title="t", views=3)})
        eventually(lambda: posts and len(plain.events) == 2)
    assert [(e.action, e.record.id) for e in posts] == [("create", "r1")]
    assert type(posts[0].record) is Post
    assert (posts[0].record.title, posts[0].record.views) == ("t", 3)
    assert plain.summary() == [("create", "bad"), ("create", "r1")]
    assert type(plain.events[0].record) is Record
    skipped = [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()]
    assert skipped == [
        "realtime: skipped a malformed 'posts' event: the record does not match the expected shape"
    ]


def test_listen_delivers_what_the_js_sdk_delivers(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    """``model=None``: the parsed data of any topic (``{}`` when it is not JSON or falsy); a
    record listener gets the data as an event (an empty one for data that is not JSON)."""
    raw: list[Any] = []
    events: list[RecordSubscription[Record]] = []
    pb.realtime.listen("custom", raw.append, model=None)
    pb.realtime.listen("posts/*", events.append)
    stream = sse.streams[0]
    with caplog.at_level(logging.WARNING, logger="pocketbase"):
        for data in ({"hello": "world"}, "not json", None, 0, [1, "a"], '"text"'):
            stream.send("custom", data)
        stream.send("posts/*", "not json")
        stream.send("posts/*", {"note": "no action"})
        eventually(lambda: len(raw) == 6 and len(events) == 2)
    assert raw == [{"hello": "world"}, {}, {}, {}, [1, "a"], "text"]
    assert [(e.action, e.record.id, e.model_extra) for e in events] == [
        ("", "", {}),
        ("", "", {"note": "no action"}),
    ]
    assert type(events[0].record) is Record
    assert not [r for r in caplog.records if "malformed" in r.getMessage()]


def test_events_iterator_with_listen_options_and_a_model(sse: SSEServer, pb: PocketBase) -> None:
    events = RealtimeEvents(
        pb.realtime, "posts/*", query={"filter": "views > 1"}, model=Post, listen=True
    )
    with events:
        key = pb.realtime.subscriptions[0]
        assert options_of(key) == '{"query":{"filter":"views > 1"}}'
        sse.streams[0].send(key, {"action": "create", "record": record("r1", views=5)})
        event = events.get(timeout=WAIT)
        assert type(event.record) is Post and event.record.views == 5
    assert pb.realtime.subscriptions == []
    with pytest.raises(ValueError, match="^model= needs listen=True.$"):
        RealtimeEvents(pb.realtime, "posts", model=Post)


def test_seed_events_iterator_takes_options(sse: SSEServer, pb: PocketBase) -> None:
    with pb.realtime.events("posts", query={"expand": "author"}) as events:
        key = pb.realtime.subscriptions[0]
        assert options_of(key) == '{"query":{"expand":"author"}}'
        sse.streams[0].send(key, {"action": "delete", "record": record("r9")})
        event = events.get(timeout=WAIT)
        assert (event.action, event.record.id) == ("delete", "r9")


def test_logs_name_the_topic_never_the_options(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    def failing(event: RecordSubscription) -> None:
        raise RuntimeError("callback failed")

    pb.realtime.listen("posts/*", failing, headers={"X-Token": "s3cret-value"})
    key = pb.realtime.subscriptions[0]
    with caplog.at_level(logging.WARNING, logger="pocketbase"):
        sse.streams[0].send(key, [1, 2])
        sse.streams[0].send(key, {"action": "create", "record": record("r1")})
        eventually(lambda: any(r.levelno == logging.ERROR for r in caplog.records))
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "realtime: skipped a malformed 'posts/*' (with options) event: "
        "expected a JSON object, got list",
        "realtime: the callback for 'posts/*' (with options) raised",
    ]
    assert not any("s3cret" in m or "options=" in m for m in caplog.text.splitlines())


def test_keys_the_server_would_refuse_are_refused_before_sending(
    sse: SSEServer, pb: PocketBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ClientResponseError, match="servers take at most 2500") as info:
        pb.realtime.listen("posts/*", Collector(), query={"filter": "x" * 2500})
    assert isinstance(info.value, ValueError)
    with pytest.raises(ClientResponseError, match="servers take at most 2500"):
        pb.realtime.subscribe("t" * 2501, Collector())
    assert sse.streams == [] and pb.realtime.subscriptions == []
    monkeypatch.setattr("pocketbase._realtime.MAX_KEYS", 2)
    pb.realtime.subscribe("a", Collector())
    pb.realtime.listen("b", Collector())
    with pytest.raises(ClientResponseError, match="^there are 2 subscriptions already"):
        pb.realtime.listen("c", Collector())
    with pytest.raises(ClientResponseError, match="^there are 2 subscriptions already"):
        pb.realtime.subscribe("c", Collector())
    pb.realtime.listen("b", Collector())  # a key that is there already is fine
    assert pb.realtime.subscriptions == ["a", "b"]
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": ["a"]},
        {"clientId": "cid-1", "subscriptions": ["a", "b"]},
    ]
