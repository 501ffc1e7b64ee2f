"""Hostile servers: every fault surfaces as ClientResponseError and leaves no connection open.

The faults come from a real socket server on loopback (tests/robustness/hostile.py), so the
client's real transport and connection pool are exercised.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from pocketbase import (
    AsyncPocketBase,
    ClientResponseError,
    RequestTimeoutError,
    TransportError,
)
from pocketbase._compat import asleep
from pocketbase.models import ListResult, Record
from tests.robustness import hostile
from tests.robustness.hostile import HostileServer, SaturatedPort, closed_port, pool_connections

TIMEOUT = httpx.Timeout(5.0)
#: for the cases that wait for a timeout on purpose
SHORT_READ = httpx.Timeout(5.0, read=0.3)
SHORT_CONNECT = httpx.Timeout(5.0, connect=0.3)
HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
)
RECORD = {"id": "r1", "collectionId": "c1", "collectionName": "posts", "title": "hello"}
ERROR_429 = {"code": 429, "message": "Too Many Requests.", "data": {}}
ERROR_500 = {"code": 500, "message": "Something broke.", "data": {}}


def _path(case: str) -> str:
    return f"/api/collections/{case}/records/r1"


#: case -> handler for GET /api/collections/<case>/records/r1 (and the list path)
HANDLERS: dict[str, hostile.Handler] = {
    "html502": hostile.reply(502, HTML_502, {"Content-Type": "text/html"}),
    "html200": hostile.reply(200, HTML_502, {"Content-Type": "text/html"}),
    "truncated": hostile.reply(200, b'{"id":"r1","title":"hel'),
    "badutf8": hostile.reply(200, b'{"id":"r1","title":"\xff\xfe\xfd"}'),
    "empty200": hostile.reply(200, b""),
    "null": hostile.reply(200, b"null"),
    "array": hostile.reply(200, b'[{"id":"r1"}]'),
    "string": hostile.reply(200, b'"r1"'),
    "nocontent": hostile.reply(204),
    "ratelimit": hostile.reply(429, ERROR_429, {"Retry-After": "7"}),
    "error500": hostile.reply(500, ERROR_500),
    "error503": hostile.reply(503, b"Service Unavailable", {"Content-Type": "text/plain"}),
    "record": hostile.reply(200, RECORD),
    "closeafter": hostile.reply(200, RECORD, close=True),
    "shortbody": hostile.short_body(500, b'{"id":"r1","title":"'),
    "reset": hostile.reset_mid_body(100_000, b'{"id":"r1","title":"' + b"x" * 2000),
    "stall": hostile.stall(3.0),
    "stallbody": hostile.stall(3.0, after_headers=True),
}


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with HostileServer() as srv:
        for case, handler in HANDLERS.items():
            srv.routes[_path(case)] = handler
            srv.routes[f"/api/collections/{case}/records"] = handler
        srv.routes["/loop"] = hostile.redirect_loop("/loop")
        srv.routes["/api/collections/loop/records/r1"] = hostile.redirect_loop("/loop")
        yield srv


@pytest.fixture(autouse=True)
def _restore_routes(server: HostileServer) -> Iterator[None]:
    routes = dict(server.routes)
    yield
    server.routes.clear()
    server.routes.update(routes)


_MADE: list[AsyncPocketBase] = []


@pytest.fixture(autouse=True)
async def _close_clients() -> AsyncIterator[None]:
    """Close every client a test made, also when it failed half-way (no cascading leaks)."""
    yield
    while _MADE:
        await _MADE.pop().aclose()


def client(url: str, **kwargs: Any) -> AsyncPocketBase:
    kwargs.setdefault("server_api", "0.23")
    kwargs.setdefault("timeout", TIMEOUT)
    pb = AsyncPocketBase(url, **kwargs)
    _MADE.append(pb)
    return pb


async def _expect_error(call: Callable[[], Any]) -> ClientResponseError:
    with pytest.raises(ClientResponseError) as info:
        await call()
    return info.value


async def _assert_clean(pb: AsyncPocketBase, server: HostileServer | None) -> None:
    """No connection is busy in the pool, and the server sees no more than the idle ones."""
    # an asyncio transport closes its socket on the next turn of the event loop (aiohttp's
    # does), and the server is waited for without yielding to it
    await asleep(0.01)
    total, busy = pool_connections(pb._http)
    assert busy == 0
    if server is not None:
        assert server.wait_closed(at_most=total) <= total


async def _closed(pb: AsyncPocketBase, server: HostileServer | None) -> None:
    await _assert_clean(pb, server)
    await pb.aclose()
    assert pool_connections(pb._http) == (0, 0)
    if server is not None:
        assert server.wait_closed() == 0


# -- HTTP-level faults --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "status", "data", "message"),
    [
        ("html502", 502, {}, "Something went wrong while processing your request."),
        ("ratelimit", 429, ERROR_429, "Too Many Requests."),
        ("error500", 500, ERROR_500, "Something broke."),
        ("error503", 503, {}, "Something went wrong while processing your request."),
    ],
)
async def test_error_statuses(
    server: HostileServer, case: str, status: int, data: dict[str, Any], message: str
) -> None:
    pb = client(server.url)
    for call in (
        lambda: pb.records.get_one(case, "r1"),
        lambda: pb.records.get_list(case),
        lambda: pb.send(_path(case)),
    ):
        err = await _expect_error(call)
        assert err.status == status
        assert err.url.startswith(f"{server.url}/api/collections/{case}/records")
        assert err.data == data
        assert err.original_error is None
        assert err.is_abort is False
        assert str(err) == message
        await _assert_clean(pb, server)
    await _closed(pb, server)


async def test_rate_limit_is_not_retried_and_retry_after_reaches_after_send(
    server: HostileServer,
) -> None:
    seen: list[tuple[int, str | None]] = []

    def after(response: httpx.Response, data: Any) -> Any:
        seen.append((response.status_code, response.headers.get("Retry-After")))
        return data

    pb = client(server.url)
    pb.after_send = after
    before = len(server.requests)
    err = await _expect_error(lambda: pb.records.get_one("ratelimit", "r1"))
    assert err.status == 429
    assert len(server.requests) == before + 1
    assert seen == [(429, "7")]
    await _closed(pb, server)


@pytest.mark.parametrize("case", ["html200", "truncated", "badutf8"])
async def test_invalid_json_on_success(server: HostileServer, case: str) -> None:
    pb = client(server.url)
    for call, url in (
        (lambda: pb.records.get_one(case, "r1"), f"{server.url}{_path(case)}"),
        (
            lambda: pb.records.get_list(case),
            f"{server.url}/api/collections/{case}/records?page=1&perPage=30",
        ),
        (lambda: pb.send(_path(case)), f"{server.url}{_path(case)}"),
        (lambda: pb.users.auth_via_email("a@example.com", "pw"), None),
    ):
        if url is None:
            # auth responses go to another path: make that one hostile too
            server.routes["/api/collections/users/auth-with-password"] = HANDLERS[case]
        err = await _expect_error(call)
        assert err.status == 200
        assert err.url == (url or f"{server.url}/api/collections/users/auth-with-password")
        assert isinstance(err.original_error, ValueError)  # JSON, UTF-8 or pydantic errors
        assert err.data == {}
        assert str(err) == "The server replied with invalid JSON."
        await _assert_clean(pb, server)
    assert pb.auth_store.token == ""
    await _closed(pb, server)


@pytest.mark.parametrize("case", ["array", "string"])
async def test_wrong_json_shape(server: HostileServer, case: str) -> None:
    pb = client(server.url)
    for call in (lambda: pb.records.get_one(case, "r1"), lambda: pb.records.get_list(case)):
        err = await _expect_error(call)
        assert err.status == 200
        assert err.url.startswith(f"{server.url}/api/collections/{case}/records")
        assert isinstance(err.original_error, ValidationError)
        got = {"array": "an array", "string": "a string"}[case]
        assert str(err).startswith(
            "The server replied with data that does not match the expected shape (first "
            "failing field: "
        )
        assert str(err).endswith(f"; got {got}).")
    # send() returns whatever JSON came back
    expected = {"array": [{"id": "r1"}], "string": "r1"}[case]
    assert await pb.send(_path(case)) == expected
    await _closed(pb, server)


@pytest.mark.parametrize("case", ["empty200", "nocontent", "null"])
async def test_empty_success_bodies_give_the_documented_values(
    server: HostileServer, case: str
) -> None:
    pb = client(server.url)
    assert await pb.send(_path(case)) == (None if case == "null" else {})
    record = await pb.records.get_one(case, "r1")
    assert type(record) is Record
    assert record.id == ""
    page = await pb.records.get_list(case)
    assert isinstance(page, ListResult)
    assert page.items == []
    assert await pb.records.delete(case, "r1") is True
    server.routes["/api/collections/users/auth-with-password"] = HANDLERS[case]
    auth = await pb.users.auth_via_email("a@example.com", "pw")
    assert auth.token == ""
    assert pb.auth_store.token == ""
    await _closed(pb, server)


async def test_connection_close_header_is_honoured(server: HostileServer) -> None:
    pb = client(server.url)
    for _ in range(3):
        record = await pb.records.get_one("closeafter", "r1")
        assert record.id == "r1"
        assert pool_connections(pb._http) == (0, 0)
    assert server.wait_closed() == 0
    await _closed(pb, server)


async def test_keep_alive_reuses_one_connection(server: HostileServer) -> None:
    pb = client(server.url)
    before = server.accepted
    for _ in range(5):
        assert (await pb.records.get_one("record", "r1")).title == "hello"
    assert server.accepted - before == 1
    assert pool_connections(pb._http) == (1, 0)
    await _closed(pb, server)


# -- transport faults (status 0) -------------------------------------------------------------


AIOHTTP_ERROR_TYPES: dict[str, tuple[type[Exception], ...]] = {"shortbody": (httpx.ReadError,)}


@pytest.mark.parametrize(
    ("case", "error_types"),
    [
        ("shortbody", (httpx.RemoteProtocolError,)),
        # a reset usually surfaces as ECONNRESET on read; accept h11's view of it too
        ("reset", (httpx.ReadError, httpx.RemoteProtocolError)),
        ("stall", (httpx.ReadTimeout,)),
        ("stallbody", (httpx.ReadTimeout,)),
    ],
)
async def test_broken_transfers(
    server: HostileServer,
    case: str,
    error_types: tuple[type[Exception], ...],
    http_transport: str,
) -> None:
    if http_transport == "aiohttp":
        # aiohttp reports a body shorter than its Content-Length as a read error
        error_types = AIOHTTP_ERROR_TYPES.get(case, error_types)
    pb = client(server.url, timeout=SHORT_READ)
    for call in (
        lambda: pb.records.get_one(case, "r1"),
        lambda: pb.records.get_list(case),
        lambda: pb.send(_path(case)),
    ):
        err = await _expect_error(call)
        # a listed deviation: `url` is the request URL (the reference leaves it empty)
        assert (err.status, err.data, err.is_abort) == (0, {}, False)
        assert err.url.startswith(f"{server.url}/api/collections/{case}/records")
        assert isinstance(err.original_error, error_types)
        if isinstance(err.original_error, httpx.TimeoutException):
            assert isinstance(err, RequestTimeoutError)
            assert str(err) == f"GET {err.url} timed out: read timeout"
        else:
            assert type(err) is TransportError
            assert str(err).startswith(f"GET {err.url} failed: ")
        await _assert_clean(pb, server)
    # the client still works afterwards
    assert (await pb.records.get_one("record", "r1")).id == "r1"
    await _closed(pb, server)


async def test_redirect_loop(server: HostileServer) -> None:
    pb = client(server.url)
    err = await _expect_error(lambda: pb.records.get_one("loop", "r1"))
    assert (err.status, err.url, err.data) == (
        0,
        f"{server.url}/api/collections/loop/records/r1",
        {},
    )
    assert isinstance(err.original_error, httpx.TooManyRedirects)
    assert type(err) is TransportError
    assert str(err) == f"GET {err.url} failed: too many redirects"
    await _closed(pb, server)


#: the class each transport gives a refused connect: aiohttp's labels every failed connect a
#: ConnectTimeout; the SDK classifies by the cause (TransportError, "connection refused")
REFUSED_CLASS: dict[str, type[Exception]] = {
    "httpx": httpx.ConnectError,
    "aiohttp": httpx.ConnectTimeout,
}


async def test_connection_refused(http_transport: str) -> None:
    port = closed_port()
    pb = client(f"http://127.0.0.1:{port}")
    for call in (
        lambda: pb.records.get_one("posts", "r1"),
        lambda: pb.records.get_list("posts"),
        lambda: pb.users.auth_via_email("a@example.com", "secret"),
    ):
        err = await _expect_error(call)
        assert (err.status, err.data, err.is_abort) == (0, {}, False)
        assert err.url.startswith(f"http://127.0.0.1:{port}/api/")
        assert isinstance(err.original_error, REFUSED_CLASS[http_transport])
        assert type(err) is TransportError
        assert str(err) == f"could not connect to {err.url}: connection refused"
    await _closed(pb, None)


async def test_connect_timeout() -> None:
    with SaturatedPort() as port:
        pb = client(port.url, timeout=SHORT_CONNECT)
        err = await _expect_error(lambda: pb.records.get_one("posts", "r1"))
        assert (err.status, err.url, err.data) == (
            0,
            f"{port.url}/api/collections/posts/records/r1",
            {},
        )
        assert isinstance(err.original_error, httpx.ConnectTimeout)
        assert isinstance(err, RequestTimeoutError)
        assert str(err) == f"GET {err.url} timed out: connect timeout"
        await _closed(pb, None)


@pytest.mark.parametrize(
    "base_url", ["http://[::1/", "http://127.0.0.1:1/\r\nX-Evil: 1", "ftp://127.0.0.1/", ""]
)
async def test_unusable_base_url(base_url: str) -> None:
    for server_api in ("0.23", "auto"):
        async with client(base_url, server_api=server_api) as pb:
            with pytest.raises(ClientResponseError) as info:
                await pb.records.get_one("posts", "r1")
        assert info.value.status == 0
        assert info.value.original_error is not None


# -- version detection against a hostile server ------------------------------------------------


async def test_detection_is_not_cached_after_a_server_error() -> None:
    with HostileServer() as srv:
        probe = "/api/collections/_superusers/auth-methods"
        srv.routes[probe] = hostile.reply(502, HTML_502, {"Content-Type": "text/html"})
        srv.routes["/api/users/auth-methods"] = hostile.reply(502, HTML_502)
        srv.routes[_path("posts")] = hostile.reply(200, RECORD)
        pb = client(srv.url, server_api="auto")
        err = await _expect_error(lambda: pb.records.get_one("posts", "r1"))
        assert err.status == 502
        assert probe in str(err)
        assert pb.server_api == "auto"
        # the server recovers: detection runs again and succeeds
        srv.routes[probe] = hostile.reply(200, {"password": {"enabled": True}})
        assert (await pb.records.get_one("posts", "r1")).title == "hello"
        assert pb.server_api == "0.23"
        await _closed(pb, srv)


async def test_detection_through_a_dead_server(http_transport: str) -> None:
    pb = client(f"http://127.0.0.1:{closed_port()}", server_api="auto")
    err = await _expect_error(lambda: pb.records.get_one("posts", "r1"))
    assert err.status == 0
    assert type(err) is TransportError
    assert str(err) == f"could not connect to {err.url}: connection refused"
    assert isinstance(err.original_error, REFUSED_CLASS[http_transport])
    assert pb.server_api == "auto"
    await _closed(pb, None)


# -- a 20 MB list: memory stays proportional to the data -------------------------------------

_BIG_ITEMS = 2000


def _big_payload() -> bytes:
    items = [
        {
            "id": f"r{i:05d}",
            "collectionId": "c1",
            "collectionName": "big",
            "created": "2024-01-02 03:04:05.678Z",
            "updated": "2024-01-02 03:04:05.678Z",
            "body": f"{i:05d}" + "x" * 9995,
        }
        for i in range(_BIG_ITEMS)
    ]
    page = {"page": 1, "perPage": _BIG_ITEMS, "totalItems": _BIG_ITEMS, "totalPages": 1}
    return json.dumps({**page, "items": items}).encode()


async def test_twenty_megabyte_list_memory_is_bounded() -> None:
    payload = _big_payload()
    assert len(payload) > 20_000_000
    with HostileServer() as srv:
        srv.routes["/api/collections/big/records"] = hostile.reply(200, payload)
        pb = client(srv.url, timeout=httpx.Timeout(10.0))
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            base, _ = tracemalloc.get_traced_memory()
            page = await pb.records.get_list("big", 1, _BIG_ITEMS)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(page.items) == _BIG_ITEMS
        assert page.items[-1].body.startswith(f"{_BIG_ITEMS - 1:05d}")
        ratio = (peak - base) / len(payload)
        # the body bytes plus the parsed records (measured: about 2.1x)
        assert ratio < 3.0, f"peak memory was {ratio:.1f}x the payload"
        await _closed(pb, srv)
