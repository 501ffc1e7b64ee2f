"""``pocketbase.aiohttp``: the async client on aiohttp's transport, set up like the SDK's own.

The behaviour over a real server and hostile ones is covered by the async suites, which run a
second time on this transport (``AIOHTTP_MODULES`` in tests/conftest.py); these tests pin the
client's settings, who closes it, and the message when the extra is missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from httpx_aiohttp import AiohttpTransport, HttpxAiohttpClient

from pocketbase import AsyncPocketBase, TransportError
from pocketbase._async.client import default_http_client
from pocketbase.aiohttp import SDK_LIMITS, aiohttp_client
from tests.robustness import hostile
from tests.robustness.hostile import HostileServer, closed_port

RECORD = {"id": "r1", "collectionId": "c1", "collectionName": "posts", "title": "hello"}


def test_the_client_is_set_up_like_the_sdks_own() -> None:
    own = default_http_client(timeout=12.5)
    made = aiohttp_client(timeout=12.5)
    assert isinstance(made, HttpxAiohttpClient)
    assert made.timeout == own.timeout == httpx.Timeout(12.5)
    assert made.follow_redirects is own.follow_redirects is True
    transport = made._transport
    assert isinstance(transport, AiohttpTransport)
    own_pool = own._transport._pool  # type: ignore[attr-defined]
    assert transport.limits == SDK_LIMITS
    assert (SDK_LIMITS.max_connections, SDK_LIMITS.max_keepalive_connections) == (
        own_pool._max_connections,
        own_pool._max_keepalive_connections,
    )
    assert SDK_LIMITS.keepalive_expiry == own_pool._keepalive_expiry
    # options go to httpx.AsyncClient; the SDK's own request hook stays first
    custom = aiohttp_client(timeout=None, headers={"X-App": "1"}, follow_redirects=False)
    assert custom.timeout == httpx.Timeout(None)
    assert custom.headers["X-App"] == "1" and custom.follow_redirects is False
    assert len(custom.event_hooks["request"]) == 1


async def test_as_a_factory_the_sdk_creates_the_client_and_closes_it() -> None:
    with HostileServer() as server:
        server.routes["/api/collections/posts/records/r1"] = hostile.reply(200, RECORD)
        pb = AsyncPocketBase(server.url, server_api="0.23", timeout=7.0, http_client=aiohttp_client)
        http = pb._http
        assert isinstance(http, HttpxAiohttpClient) and http.timeout == httpx.Timeout(7.0)
        assert (await pb.records.get_one("posts", "r1")).title == "hello"
        session = http._transport.client  # type: ignore[attr-defined]
        assert session is not None and not session.closed
        await pb.aclose()
        assert http.is_closed and session.closed
        assert server.requests[-1].headers["accept-language"] == "en-US"


async def test_a_called_client_stays_the_callers() -> None:
    with HostileServer() as server:
        server.routes["/api/collections/posts/records/r1"] = hostile.reply(200, RECORD)
        async with aiohttp_client() as http:
            async with AsyncPocketBase(server.url, server_api="0.23", http_client=http) as pb:
                assert (await pb.records.get_one("posts", "r1")).id == "r1"
            assert not http.is_closed
            assert (
                await http.get(f"{server.url}/api/collections/posts/records/r1")
            ).json() == RECORD


async def test_a_refused_connection_says_so_although_aiohttp_labels_it_a_timeout() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    async with AsyncPocketBase(url, server_api="0.23", http_client=aiohttp_client) as pb:
        with pytest.raises(TransportError) as info:
            await pb.records.get_one("posts", "r1")
    err = info.value
    assert isinstance(err.original_error, httpx.ConnectTimeout)  # aiohttp's label
    assert type(err) is TransportError  # not a RequestTimeoutError
    assert (
        str(err)
        == f"could not connect to {url}/api/collections/posts/records/r1: connection refused"
    )


async def test_a_followed_redirect_sends_no_chunked_body() -> None:
    with HostileServer() as server:
        server.routes["/old"] = hostile.redirect_loop("/api/collections/posts/records/r1")
        server.routes["/api/collections/posts/records/r1"] = hostile.reply(200, RECORD)
        async with AsyncPocketBase(server.url, server_api="0.23", http_client=aiohttp_client) as pb:
            assert await pb.send("/old") == RECORD
        followed = server.requests[-1]
        assert (followed.method, followed.path, followed.body) == (
            "GET",
            "/api/collections/posts/records/r1",
            b"",
        )
        assert "transfer-encoding" not in followed.headers


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)
    with pytest.raises(ImportError) as info:
        aiohttp_client()
    assert str(info.value).startswith(
        "the aiohttp transport needs the aiohttp extra: pip install 'pocketbase[aiohttp]'"
    )


def test_import_pocketbase_never_imports_aiohttp() -> None:
    code = (
        "import sys, pocketbase, pocketbase.aiohttp; "
        "from pocketbase import AsyncPocketBase; AsyncPocketBase('http://127.0.0.1:1'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'httpx_aiohttp')))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"
