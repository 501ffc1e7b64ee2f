# Generated from tests/_async/test_realtime.py by scripts/unasync.py. Do not edit: edit the async source.
"""Realtime over a real SSE stream from an in-process loopback server, for both flavours.

The server speaks the PocketBase realtime protocol: every
``GET /api/realtime`` is a new stream that starts with ``PB_CONNECT`` (client ids ``cid-1``,
``cid-2``, ...) and then sends what the test queues; ``POST /api/realtime`` is recorded.
"""

from __future__ import annotations

import json
import logging
import queue
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pocketbase import ClientResponseError, PocketBase
from pocketbase._compat import sleep
from pocketbase.models import Admin, Record, RecordSubscription
from tests._sync.helpers import sdk_like_http_client
from tests.concurrency import gather

WAIT = 3.0


# -- the loopback server (plain threads in both flavours) ---------------------------------


class Stream:
    """One accepted ``GET /api/realtime``."""

    def __init__(self, client_id: str, headers: dict[str, str]) -> None:
        self.client_id = client_id
        self.headers = headers
        self.frames: queue.Queue[bytes | None] = queue.Queue()
        self.closed_by_client = threading.Event()
        self.ended = threading.Event()

    def send(self, event: str, data: Any, id: str | None = None) -> None:
        text = data if isinstance(data, str) else json.dumps(data)
        frame = f"id:{self.client_id if id is None else id}\nevent:{event}\ndata:{text}\n\n"
        self.frames.put(frame.encode())

    def send_raw(self, raw: bytes) -> None:
        self.frames.put(raw)

    def end(self) -> None:
        """End the response (the server closes the connection)."""
        self.frames.put(None)


class SSEServer:
    def __init__(self) -> None:
        self.streams: list[Stream] = []
        self.posts: list[tuple[dict[str, str], Any]] = []
        #: statuses for the next POSTs (204 when empty)
        self.post_statuses: list[int] = []
        #: builds the PB_CONNECT frame of stream n (from 1); None sends nothing
        self.connect_frame: Callable[[int, str], bytes | None] = lambda n, cid: (
            f'id:{cid}\nevent:PB_CONNECT\ndata:{{"clientId":"{cid}"}}\n\n'.encode()
        )
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = False
        self.httpd.block_on_close = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def bodies(self) -> list[Any]:
        with self.lock:
            return [body for _, body in self.posts]

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _handler(server: SSEServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path != "/api/realtime":
                self.send_error(404)
                return
            with server.lock:
                n = len(server.streams) + 1
                headers = {k.lower(): v for k, v in self.headers.items()}
                stream = Stream(f"cid-{n}", headers)
                server.streams.append(stream)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=UTF-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            first = server.connect_frame(n, stream.client_id)
            try:
                if first is not None:
                    self.wfile.write(first)
                    self.wfile.flush()
                self._pump(stream)
            finally:
                stream.ended.set()

        def _pump(self, stream: Stream) -> None:
            sock: socket.socket = self.connection
            while not server.stopping.is_set():
                try:
                    item = stream.frames.get(timeout=0.02)
                except queue.Empty:
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        try:
                            gone = sock.recv(1, socket.MSG_PEEK) == b""
                        except OSError:
                            gone = True
                        if gone:
                            stream.closed_by_client.set()
                            return
                    continue
                if item is None:
                    return
                try:
                    self.wfile.write(item)
                    self.wfile.flush()
                except OSError:
                    stream.closed_by_client.set()
                    return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.endswith("/auth-with-password"):  # a login, for the identity tests
                reply = json.dumps(
                    {"token": "tok-login", "record": {"id": "u1", "collectionName": "users"}}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
                return
            with server.lock:
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.posts.append((headers, json.loads(raw)))
                status = server.post_statuses.pop(0) if server.post_statuses else 204
            self.send_response(status)
            if status == 204:
                self.end_headers()
                return
            payload = json.dumps({"code": status, "message": "Nope.", "data": {}}).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@pytest.fixture
def sse() -> Iterator[SSEServer]:
    server = SSEServer()
    try:
        yield server
    finally:
        server.close()


# -- helpers ------------------------------------------------------------------------------


def eventually(predicate: Callable[[], object], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        sleep(0.01)


def stays(predicate: Callable[[], object], duration: float = 0.2) -> None:
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        assert predicate()
        sleep(0.01)


def record(id: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "collectionId": "c1", "collectionName": "posts", **fields}


class Collector:
    def __init__(self) -> None:
        self.events: list[RecordSubscription] = []

    def __call__(self, event: RecordSubscription) -> None:
        self.events.append(event)

    def summary(self) -> list[tuple[str, str]]:
        return [(e.action, e.record.id) for e in self.events]


@pytest.fixture
def pb(sse: SSEServer) -> Iterator[PocketBase]:
    with (
        sdk_like_http_client() as http,
        PocketBase(sse.url, server_api="0.8", http_client=http) as client,
    ):
        yield client


def reader_handle(pb: PocketBase) -> Any:
    reader = pb.realtime._reader
    assert reader is not None
    return reader.handle


# -- connect and POST bodies --------------------------------------------------------------


def test_first_subscribe_connects_and_posts(sse: SSEServer, pb: PocketBase) -> None:
    pb.auth_store.save("tok-admin", Admin(id="a1"))
    pb.realtime.subscribe("posts", Collector())
    # subscribe returned after the POST of the first connect
    assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts"]}]
    assert pb.realtime.client_id == "cid-1"
    assert pb.realtime.subscriptions == ["posts"]
    assert len(sse.streams) == 1
    get_headers = sse.streams[0].headers
    assert "authorization" not in get_headers
    assert get_headers["accept"] == "text/event-stream"
    assert get_headers["cache-control"] == "no-store"
    post_headers = sse.posts[0][0]
    assert post_headers["authorization"] == "tok-admin"
    assert post_headers["content-type"] == "application/json"
    assert post_headers["accept-language"] == "en-US"


def test_post_bodies_follow_every_change(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.subscribe("posts", Collector())
    pb.realtime.subscribe("posts/123", Collector())
    pb.realtime.unsubscribe("posts")
    pb.realtime.unsubscribe("unknown")  # no-op: no POST
    stream = sse.streams[0]
    assert not stream.closed_by_client.is_set()
    pb.realtime.unsubscribe("posts/123")
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": ["posts"]},
        {"clientId": "cid-1", "subscriptions": ["posts", "posts/123"]},
        {"clientId": "cid-1", "subscriptions": ["posts/123"]},
        {"clientId": "cid-1", "subscriptions": []},
    ]
    eventually(stream.closed_by_client.is_set)
    assert pb.realtime._reader is None
    assert pb.realtime.client_id == ""
    assert len(sse.streams) == 1


def test_subscribing_again_replaces_the_callback(sse: SSEServer, pb: PocketBase) -> None:
    first, second = Collector(), Collector()
    unsubscribe_first = pb.realtime.subscribe("posts", first)
    pb.realtime.subscribe("posts", second)
    assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts"]}] * 2
    sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
    eventually(lambda: second.events)
    assert first.events == []
    unsubscribe_first()  # replaced meanwhile: removes nothing
    assert pb.realtime.subscriptions == ["posts"]
    assert len(sse.bodies()) == 2


def test_unsubscribe_all_posts_empty_set_and_closes(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.subscribe("a", Collector())
    pb.realtime.subscribe("b", Collector())
    handle = reader_handle(pb)
    pb.realtime.unsubscribe()
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": []}
    assert not handle.is_alive()
    eventually(sse.streams[0].closed_by_client.is_set)
    pb.realtime.unsubscribe()  # nothing left: no POST
    assert len(sse.bodies()) == 3


def test_unsubscribe_callable(sse: SSEServer, pb: PocketBase) -> None:
    unsubscribe = pb.realtime.subscribe("posts", Collector())
    unsubscribe()
    unsubscribe()  # second call: no-op
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": ["posts"]},
        {"clientId": "cid-1", "subscriptions": []},
    ]
    eventually(sse.streams[0].closed_by_client.is_set)


def test_invalid_arguments_are_rejected(sse: SSEServer, pb: PocketBase) -> None:
    with pytest.raises(ClientResponseError, match="^subscription must be set.$") as info:
        pb.realtime.subscribe("", Collector())
    assert isinstance(info.value, ValueError)
    assert info.value.status == 0
    with pytest.raises(ClientResponseError, match="^callback must be callable.$"):
        pb.realtime.subscribe("posts", "not callable")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="^subscription must be set.$"):
        pb.realtime.events("")
    assert sse.streams == []
    assert pb.realtime.subscriptions == []


# -- PB_CONNECT ---------------------------------------------------------------------------


def test_client_id_from_connect_data_without_sse_id(sse: SSEServer, pb: PocketBase) -> None:
    sse.connect_frame = lambda n, cid: (
        f'event:PB_CONNECT\ndata:{{"clientId":"data-{cid}"}}\n\n'.encode()
    )
    pb.realtime.subscribe("posts", Collector())
    assert sse.bodies() == [{"clientId": "data-cid-1", "subscriptions": ["posts"]}]


def test_client_id_prefers_sse_id(sse: SSEServer, pb: PocketBase) -> None:
    sse.connect_frame = lambda n, cid: (
        f'id:{cid}\nevent:PB_CONNECT\ndata:{{"clientId":"other"}}\n\n'.encode()
    )
    pb.realtime.subscribe("posts", Collector())
    assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts"]}]


def test_subscribe_while_connecting_posts_once_connected(sse: SSEServer, pb: PocketBase) -> None:
    release = threading.Event()

    def frame(n: int, cid: str) -> bytes | None:
        release.wait(5)
        return f"id:{cid}\nevent:PB_CONNECT\ndata:{{}}\n\n".encode()

    sse.connect_frame = frame

    def connect_later() -> None:
        sleep(0.2)
        assert sse.bodies() == []  # nobody POSTs before PB_CONNECT
        release.set()

    results = gather(
        lambda: pb.realtime.subscribe("a", Collector()),
        lambda: pb.realtime.subscribe("b", Collector()),
        lambda: pb.realtime.subscribe("c", Collector()),
        connect_later,
    )
    assert all(callable(r) for r in results[:3])
    # every subscribe returned after the one POST of the connect, which had all three
    bodies = sse.bodies()
    assert len(bodies) == 1
    assert bodies[0]["clientId"] == "cid-1"
    assert sorted(bodies[0]["subscriptions"]) == ["a", "b", "c"]
    assert len(sse.streams) == 1


def test_concurrent_subscribes_end_with_the_full_set(sse: SSEServer, pb: PocketBase) -> None:
    names = [f"s{i}" for i in range(6)]
    gather(*[(lambda n=n: pb.realtime.subscribe(n, Collector())) for n in names])
    assert sorted(pb.realtime.subscriptions) == names
    assert len(sse.streams) == 1
    assert sorted(sse.bodies()[-1]["subscriptions"]) == names
    assert {b["clientId"] for b in sse.bodies()} == {"cid-1"}


# -- dispatch -----------------------------------------------------------------------------


def test_dispatch_by_event_name(sse: SSEServer, pb: PocketBase) -> None:
    posts, one = Collector(), Collector()
    pb.realtime.subscribe("posts", posts)
    pb.realtime.subscribe("posts/r1", one)
    stream = sse.streams[0]
    stream.send("posts", {"action": "create", "record": record("r1", title="hi")})
    stream.send("posts/r1", {"action": "update", "record": record("r1", title="yo")})
    stream.send("unknown", {"action": "create", "record": record("zz")})
    stream.send("posts", {"record": record("r2"), "action": "delete"})
    eventually(lambda: len(posts.events) == 2 and len(one.events) == 1)
    stays(lambda: len(posts.events) == 2 and len(one.events) == 1, 0.1)
    assert posts.summary() == [("create", "r1"), ("delete", "r2")]
    assert one.summary() == [("update", "r1")]
    event = posts.events[0]
    assert isinstance(event, RecordSubscription)
    assert isinstance(event.record, Record)
    assert event.record.title == "hi"
    assert event.record.collection_name == "posts"
    assert event.record.collection_id == "c1"


def test_legacy_record_keys(sse: SSEServer, pb: PocketBase) -> None:
    got = Collector()
    pb.realtime.subscribe("posts", got)
    sse.streams[0].send(
        "posts",
        {"action": "create", "record": {"id": "r1", "@collectionId": "c0", "@collectionName": "p"}},
    )
    eventually(lambda: got.events)
    assert got.events[0].record.collection_id == "c0"
    assert got.events[0].record.collection_name == "p"


def test_async_and_plain_callbacks(sse: SSEServer, pb: PocketBase) -> None:
    seen: list[str] = []

    def callback(event: RecordSubscription) -> None:
        sleep(0)
        seen.append(event.record.id)

    plain = Collector()
    pb.realtime.subscribe("posts", callback)
    pb.realtime.subscribe("posts/r1", plain)
    sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
    sse.streams[0].send("posts/r1", {"action": "update", "record": record("r1")})
    eventually(lambda: seen == ["r1"] and plain.summary() == [("update", "r1")])
    assert seen == ["r1"]
    assert plain.summary() == [("update", "r1")]


def test_malformed_event_data_is_logged_and_skipped(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    got = Collector()
    pb.realtime.subscribe("posts", got)
    stream = sse.streams[0]
    with caplog.at_level(logging.WARNING, logger="pocketbase"):
        stream.send("posts", "not json")
        stream.send("posts", "[1, 2]")
        stream.send("posts", {"action": "create"})
        stream.send("posts", {"action": "create", "record": "x"})
        stream.send("posts", {"action": "update", "record": record("ok")})
        eventually(lambda: got.events)
    assert got.summary() == [("update", "ok")]
    malformed = [r for r in caplog.records if "malformed" in r.getMessage()]
    assert len(malformed) == 4
    assert all(r.name == "pocketbase" and r.levelno == logging.WARNING for r in malformed)
    assert "'posts'" in malformed[0].getMessage()
    assert pb.realtime.client_id == "cid-1"  # the stream went on


def test_callback_exception_is_logged_and_delivery_continues(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []

    def callback(event: RecordSubscription) -> None:
        seen.append(event.record.id)
        if event.record.id == "boom":
            raise RuntimeError("callback failed")

    pb.realtime.subscribe("posts", callback)
    with caplog.at_level(logging.ERROR, logger="pocketbase"):
        sse.streams[0].send("posts", {"action": "create", "record": record("boom")})
        sse.streams[0].send("posts", {"action": "create", "record": record("after")})
        eventually(lambda: seen == ["boom", "after"])
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].name == "pocketbase"
    assert "'posts'" in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert str(errors[0].exc_info[1]) == "callback failed"
    assert len(sse.streams) == 1


# -- reconnect ----------------------------------------------------------------------------


def test_reconnects_after_the_stream_ends(sse: SSEServer, pb: PocketBase) -> None:
    posts = Collector()
    pb.realtime.subscribe("posts", posts)
    pb.realtime.subscribe("posts/r1", Collector())
    sse.streams[0].end()
    eventually(lambda: len(sse.bodies()) == 3)
    assert sse.bodies()[2] == {"clientId": "cid-2", "subscriptions": ["posts", "posts/r1"]}
    assert pb.realtime.client_id == "cid-2"
    assert len(sse.streams) == 2
    sse.streams[1].send("posts", {"action": "create", "record": record("r9")})
    eventually(lambda: posts.summary() == [("create", "r9")])


def test_reconnects_after_a_refused_connect_post(
    sse: SSEServer, pb: PocketBase, caplog: pytest.LogCaptureFixture
) -> None:
    sse.post_statuses = [404]
    posts = Collector()
    with caplog.at_level(logging.WARNING, logger="pocketbase"):
        pb.realtime.subscribe("posts", posts)
        eventually(lambda: len(sse.bodies()) == 2)
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": ["posts"]},
        {"clientId": "cid-2", "subscriptions": ["posts"]},
    ]
    eventually(lambda: pb.realtime.client_id == "cid-2")
    assert any("submitting the subscriptions failed" in r.getMessage() for r in caplog.records)
    sse.streams[1].send("posts", {"action": "create", "record": record("r1")})
    eventually(lambda: posts.summary() == [("create", "r1")])


def test_refused_post_on_change_reconnects(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.subscribe("a", Collector())
    sse.post_statuses = [404]
    pb.realtime.subscribe("b", Collector())
    eventually(lambda: len(sse.bodies()) == 3)
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": ["a"]},
        {"clientId": "cid-1", "subscriptions": ["a", "b"]},
        {"clientId": "cid-2", "subscriptions": ["a", "b"]},
    ]
    eventually(sse.streams[0].closed_by_client.is_set)


def test_identity_change_reconnects(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.subscribe("a", Collector())
    pb.auth_store.save("tok-1", Admin(id="admin1"))
    pb.realtime.subscribe("b", Collector())
    eventually(lambda: len(sse.bodies()) == 2)
    assert sse.bodies()[1] == {"clientId": "cid-2", "subscriptions": ["a", "b"]}
    assert sse.posts[1][0].get("authorization") == "tok-1"
    eventually(sse.streams[0].closed_by_client.is_set)
    # a refreshed token of the same account keeps the client id
    pb.auth_store.save("tok-2", Admin(id="admin1"))
    pb.realtime.subscribe("c", Collector())
    assert sse.bodies()[2] == {"clientId": "cid-2", "subscriptions": ["a", "b", "c"]}
    assert len(sse.streams) == 2


def test_login_through_the_sdk_moves_the_stream_to_the_new_identity(
    sse: SSEServer, pb: PocketBase
) -> None:
    pb.realtime.subscribe("a", Collector())
    eventually(lambda: len(sse.bodies()) == 1)
    auth = pb.users.auth_via_email("u@example.com", "secret-password")
    assert auth.token == "tok-login"
    # no further subscribe call: the login itself re-submits on a new stream
    eventually(lambda: len(sse.bodies()) == 2)
    assert sse.bodies()[1] == {"clientId": "cid-2", "subscriptions": ["a"]}
    assert sse.posts[1][0].get("authorization") == "tok-login"
    assert "authorization" not in sse.posts[0][0]
    eventually(sse.streams[0].closed_by_client.is_set)
    assert pb.realtime.client_id == "cid-2"


def test_resubscribe_after_changing_the_store_by_hand(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.resubscribe()  # nothing subscribed: nothing happens
    assert sse.streams == []
    pb.realtime.subscribe("a", Collector())
    eventually(lambda: len(sse.bodies()) == 1)
    pb.realtime.resubscribe()  # same identity: nothing happens
    assert len(sse.posts) == 1 and len(sse.streams) == 1
    pb.auth_store.save("tok-1", Admin(id="admin1"))
    pb.realtime.resubscribe()
    eventually(lambda: len(sse.bodies()) == 2)
    assert sse.bodies()[1] == {"clientId": "cid-2", "subscriptions": ["a"]}
    assert sse.posts[1][0].get("authorization") == "tok-1"
    pb.auth_store.clear()
    pb.realtime.resubscribe()
    eventually(lambda: len(sse.bodies()) == 3)
    assert sse.bodies()[2] == {"clientId": "cid-3", "subscriptions": ["a"]}
    assert "authorization" not in sse.posts[2][0]


def test_reconnect_backs_off_while_the_server_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        sdk_like_http_client() as http,
        PocketBase(f"http://127.0.0.1:{port}", server_api="0.8", http_client=http) as pb,
    ):
        with caplog.at_level(logging.WARNING, logger="pocketbase"):
            started = time.monotonic()
            pb.realtime.subscribe("posts", Collector())
            # nothing listens: subscribe returns after the first failed attempt
            assert time.monotonic() - started < 1
            sleep(0.5)
        failures = [r for r in caplog.records if "stream failed" in r.getMessage()]
        # 0.1 s doubling (each 50-100 %): 2 to 5 attempts in 0.5 s, not a busy loop
        assert 2 <= len(failures) <= 6
        handle = reader_handle(pb)
        started = time.monotonic()
    assert time.monotonic() - started < 1
    assert not handle.is_alive()


# -- callbacks that change subscriptions ---------------------------------------------------


def test_unsubscribe_from_inside_a_callback(sse: SSEServer, pb: PocketBase) -> None:
    seen: list[str] = []
    unsubscribe: Any = None

    def callback(event: RecordSubscription) -> None:
        seen.append(event.record.id)
        unsubscribe()

    unsubscribe = pb.realtime.subscribe("posts", callback)
    handle = reader_handle(pb)
    sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
    sse.streams[0].send("posts", {"action": "create", "record": record("r2")})
    eventually(lambda: not handle.is_alive())
    assert seen == ["r1"]
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": []}
    eventually(sse.streams[0].closed_by_client.is_set)


def test_subscribe_and_unsubscribe_all_from_a_callback(sse: SSEServer, pb: PocketBase) -> None:
    other = Collector()

    def callback(event: RecordSubscription) -> None:
        if event.action == "create":
            pb.realtime.subscribe("other", other)
        else:
            pb.realtime.unsubscribe()

    pb.realtime.subscribe("posts", callback)
    handle = reader_handle(pb)
    sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
    eventually(lambda: len(sse.bodies()) == 2)
    sse.streams[0].send("other", {"action": "create", "record": record("o1")})
    eventually(lambda: other.events)
    sse.streams[0].send("posts", {"action": "delete", "record": record("r1")})
    eventually(lambda: not handle.is_alive())
    assert sse.bodies() == [
        {"clientId": "cid-1", "subscriptions": ["posts"]},
        {"clientId": "cid-1", "subscriptions": ["posts", "other"]},
        {"clientId": "cid-1", "subscriptions": []},
    ]


def test_concurrent_unsubscribes_close_the_stream_once(sse: SSEServer, pb: PocketBase) -> None:
    names = [f"s{i}" for i in range(6)]
    for name in names:
        pb.realtime.subscribe(name, Collector())
    handle = reader_handle(pb)
    gather(*[(lambda n=n: pb.realtime.unsubscribe(n)) for n in names])
    assert pb.realtime.subscriptions == []
    bodies = sse.bodies()
    assert len(bodies) == 12
    assert [len(b["subscriptions"]) for b in bodies[6:]] == [5, 4, 3, 2, 1, 0]
    assert not handle.is_alive()
    eventually(sse.streams[0].closed_by_client.is_set)
    # and a fresh start afterwards
    pb.realtime.subscribe("again", Collector())
    assert sse.bodies()[-1] == {"clientId": "cid-2", "subscriptions": ["again"]}


# -- closing ------------------------------------------------------------------------------


def test_close_stops_the_reader_quickly(sse: SSEServer) -> None:
    with sdk_like_http_client() as http:
        pb = PocketBase(sse.url, server_api="0.8", http_client=http)
        pb.realtime.subscribe("posts", Collector())
        handle = reader_handle(pb)
        started = time.monotonic()
        pb.close()
        assert time.monotonic() - started < 1
        assert not handle.is_alive()
        assert pb.realtime._reader is None
        assert pb.realtime.subscriptions == []
        eventually(sse.streams[0].closed_by_client.is_set, 1)
        assert len(sse.bodies()) == 1  # closing sends nothing
        with pytest.raises(ClientResponseError, match="closed"):
            pb.realtime.subscribe("posts", Collector())


def test_close_from_inside_a_callback(sse: SSEServer) -> None:
    pb = PocketBase(sse.url, server_api="0.8")  # owns its HTTP client
    seen: list[str] = []

    def callback(event: RecordSubscription) -> None:
        seen.append(event.record.id)
        pb.close()

    pb.realtime.subscribe("posts", callback)
    handle = reader_handle(pb)
    sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
    sse.streams[0].send("posts", {"action": "create", "record": record("r2")})
    eventually(lambda: not handle.is_alive())
    assert seen == ["r1"]
    assert pb._http.is_closed
    eventually(sse.streams[0].closed_by_client.is_set)
    assert len(sse.bodies()) == 1


def test_close_during_backoff_is_quick() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with sdk_like_http_client() as http:
        pb = PocketBase(f"http://127.0.0.1:{port}", server_api="0.8", http_client=http)
        pb.realtime.subscribe("posts", Collector())
        handle = reader_handle(pb)
        sleep(0.3)
        started = time.monotonic()
        pb.close()
        assert time.monotonic() - started < 1
        assert not handle.is_alive()


def test_realtime_close_alone_allows_a_fresh_start(sse: SSEServer, pb: PocketBase) -> None:
    pb.realtime.subscribe("posts", Collector())
    pb.realtime.close()
    eventually(sse.streams[0].closed_by_client.is_set)
    pb.realtime.subscribe("again", Collector())
    assert sse.bodies()[-1] == {"clientId": "cid-2", "subscriptions": ["again"]}


# -- the iterator form ----------------------------------------------------------------------


def test_events_iterator(sse: SSEServer, pb: PocketBase) -> None:
    with pb.realtime.events("posts") as events:
        assert sse.bodies() == [{"clientId": "cid-1", "subscriptions": ["posts"]}]
        sse.streams[0].send("posts", {"action": "create", "record": record("r1")})
        sse.streams[0].send("posts", {"action": "delete", "record": record("r1")})
        first = events.get(timeout=WAIT)
        second = events.get(timeout=WAIT)
        assert (first.action, first.record.id) == ("create", "r1")
        assert (second.action, second.record.id) == ("delete", "r1")
        with pytest.raises(TimeoutError):
            events.get(timeout=0.05)
        sse.streams[0].end()  # reconnects; the iterator keeps going
        eventually(lambda: len(sse.bodies()) == 2)
        sse.streams[1].send("posts", {"action": "update", "record": record("r2")})
        third = events.get(timeout=WAIT)
        assert (third.action, third.record.id) == ("update", "r2")
    assert sse.bodies()[-1] == {"clientId": "cid-2", "subscriptions": []}
    collected = [e for e in events]  # closed: iteration ends
    assert collected == []


def test_events_async_for_and_close(sse: SSEServer, pb: PocketBase) -> None:
    events = pb.realtime.events("posts")
    assert sse.bodies() == []  # nothing until iterated
    got: list[str] = []

    def feed() -> None:
        eventually(lambda: len(sse.bodies()) == 1)
        for i in range(3):
            sse.streams[0].send("posts", {"action": "create", "record": record(f"r{i}")})

    def consume() -> None:
        for event in events:
            got.append(event.record.id)
            if len(got) == 3:
                events.close()

    gather(consume, feed)
    assert got == ["r0", "r1", "r2"]
    assert sse.bodies()[-1] == {"clientId": "cid-1", "subscriptions": []}
    eventually(sse.streams[0].closed_by_client.is_set)
