"""Every error class reaches the caller of both clients, with the fields and messages it
documents; the capability gate and a wrong ``base_url`` fail before or instead of guessing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from pocketbase import (
    AsyncPocketBase,
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    RequestCancelledError,
    RequestTimeoutError,
    ServerError,
    TooManyRequestsError,
    TransportError,
    UnauthorizedError,
    UnsupportedFeatureError,
)
from pocketbase._async.services.base import AsyncBaseService
from pocketbase._generations import CAPABILITIES, GENERATIONS, Feature, Req
from pocketbase._generations.capabilities import supports
from tests.concurrency import agather
from tests.wire import BASE


def client(**kwargs: Any) -> AsyncPocketBase:
    kwargs.setdefault("server_api", "0.23")
    return AsyncPocketBase(kwargs.pop("base_url", BASE), **kwargs)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (429, TooManyRequestsError),
        (500, ServerError),
        (503, ServerError),
        (409, ClientResponseError),
    ],
)
async def test_http_errors_by_status(
    respx_mock: respx.MockRouter, status: int, cls: type[ClientResponseError]
) -> None:
    body = {"status": status, "message": f"m{status}", "data": {"f": {"code": "x"}}}
    respx_mock.get(f"{BASE}/api/collections/posts/records/r1").respond(status, json=body)
    async with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            await pb.records.get_one("posts", "r1")
        with pytest.raises(ClientResponseError) as info2:
            await pb.send("/api/collections/posts/records/r1")
    for err in (info.value, info2.value):
        assert type(err) is cls
        assert (err.url, err.status, err.data, str(err), err.is_abort) == (
            f"{BASE}/api/collections/posts/records/r1",
            status,
            body,
            f"m{status}",
            False,
        )


async def test_after_send_rewrap_keeps_the_class(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/x").respond(200, json={})

    async def after(response: httpx.Response, data: Any) -> Any:
        raise ForbiddenError(url="http://h/y", status=403, data={"message": "no"})

    async with client() as pb:
        pb.after_send = after
        with pytest.raises(ForbiddenError) as info:
            await pb.send("/x")
    assert (info.value.url, info.value.status, str(info.value)) == ("http://h/y", 403, "no")


async def test_after_send_sees_the_error_reply_then_the_class_applies(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{BASE}/x").respond(429, json={"message": "slow down"})
    seen: list[Any] = []

    async def after(response: httpx.Response, data: Any) -> Any:
        seen.append((response.status_code, data))
        return {"message": "changed"}

    async with client() as pb:
        pb.after_send = after
        with pytest.raises(TooManyRequestsError) as info:
            await pb.send("/x")
    assert seen == [(429, {"message": "slow down"})]
    assert str(info.value) == "changed"


async def test_transport_errors(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/down").mock(
        side_effect=httpx.ConnectError("[Errno 111] Connection refused")
    )
    respx_mock.get(f"{BASE}/slow").mock(side_effect=httpx.ReadTimeout("slow"))
    async with client() as pb:
        with pytest.raises(TransportError) as info:
            await pb.send("/down")
        with pytest.raises(RequestTimeoutError) as info2:
            await pb.send("/slow")
    assert type(info.value) is TransportError
    assert str(info.value) == f"could not connect to {BASE}/down: connection refused"
    assert (info.value.url, info.value.status) == (f"{BASE}/down", 0)
    assert str(info2.value) == f"GET {BASE}/slow timed out: read timeout"
    assert (info2.value.url, info2.value.status) == (f"{BASE}/slow", 0)


async def test_cancellation_error(respx_mock: respx.MockRouter) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        from pocketbase._compat import asleep

        await asleep(0.2)
        return httpx.Response(200, json={"id": "r1"})

    respx_mock.get(f"{BASE}/api/collections/posts/records/r1").mock(side_effect=slow)
    async with client() as pb:
        results = await agather(
            lambda: pb.records.get_one("posts", "r1"),
            lambda: pb.records.get_one("posts", "r1"),
            stagger=0.05,
        )
    first, second = results
    assert isinstance(first, RequestCancelledError)
    assert first.is_abort is True
    assert str(first).startswith(
        f"The request GET {BASE}/api/collections/posts/records/r1 was cancelled: another request "
        "with the same cancel key 'GET/api/collections/posts/records/r1' replaced it"
    )
    assert "request_key=None" in str(first)
    assert getattr(second, "id", None) == "r1"


# -- the capability gate -------------------------------------------------------------------------


class _GatedProbe(AsyncBaseService):
    """A service with one call per feature (the table below exercises the gate itself)."""

    __slots__ = ()

    async def call(self, feature: Feature) -> bool:
        return await self._ok(Req("GET", "/api/probe"), feature=feature)


@pytest.mark.parametrize("gen", ["0.7", "0.8", "0.23"])
@pytest.mark.parametrize("feature", list(CAPABILITIES), ids=lambda f: f.name)
async def test_every_gated_feature_on_every_generation(
    respx_mock: respx.MockRouter, feature: Feature, gen: str
) -> None:
    route = respx_mock.get(f"{BASE}/api/probe").respond(204)
    async with client(server_api=gen) as pb:
        probe = _GatedProbe(pb)
        if supports(GENERATIONS[gen].name, feature):
            assert await probe.call(feature) is True
            assert route.call_count == 1
            return
        with pytest.raises(UnsupportedFeatureError) as info:
            await probe.call(feature)
    assert route.call_count == 0
    assert not respx_mock.calls
    since = CAPABILITIES[feature]
    assert str(info.value) == (
        f"{feature.value} {'need' if str(info.value).split(' PocketBase ')[0].endswith('need') else 'needs'} "
        f"PocketBase {since.version} or later; this server is {GENERATIONS[gen].label}"
    )
    assert (info.value.status, info.value.is_abort) == (0, False)
    assert not isinstance(info.value, TransportError)


async def test_batch_message_as_documented(respx_mock: respx.MockRouter) -> None:
    async with client(server_api="0.8") as pb:
        with pytest.raises(UnsupportedFeatureError) as info:
            await _GatedProbe(pb).call(Feature.BATCH)
    assert (
        str(info.value) == "batch requests need PocketBase 0.23 or later; this server is 0.8-0.22"
    )
    assert not respx_mock.calls


async def test_router_404_of_a_feature_newer_than_its_generation(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{BASE}/api/probe").respond(
        404, json={"status": 404, "message": "Not Found.", "data": {}}
    )
    async with client() as pb:
        with pytest.raises(UnsupportedFeatureError) as info:
            await _GatedProbe(pb).call(Feature.SQL)
        # a 404 of a feature as old as its generation stays a NotFoundError
        with pytest.raises(NotFoundError):
            await _GatedProbe(pb).call(Feature.BATCH)
    assert str(info.value) == (
        f"the SQL console needs PocketBase 0.39 or later; this server answered {BASE}/api/probe "
        "with 404 (no such route)"
    )


async def test_a_missing_record_404_is_not_a_missing_feature(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/api/probe").respond(
        404, json={"status": 404, "message": "The requested resource wasn't found.", "data": {}}
    )
    async with client() as pb:
        with pytest.raises(NotFoundError) as info:
            await _GatedProbe(pb).call(Feature.CRONS)
    assert type(info.value) is NotFoundError


# -- detection that checks it is talking to PocketBase -------------------------------------------

SUPERUSERS_PROBE = "/api/collections/_superusers/auth-methods"
USERS_PROBE = "/api/users/auth-methods"
G2_METHODS = {"password": {"enabled": True, "identityFields": ["email"]}}


async def test_an_html_page_is_not_pocketbase_and_is_not_cached(
    respx_mock: respx.MockRouter,
) -> None:
    page = b"<!DOCTYPE html><html><body>Welcome to nginx!</body></html>"
    first = respx_mock.get(f"{BASE}{SUPERUSERS_PROBE}").respond(
        200, content=page, headers={"content-type": "text/html"}
    )
    respx_mock.get(f"{BASE}{USERS_PROBE}").respond(
        200, content=page, headers={"content-type": "text/html"}
    )
    records = respx_mock.get(f"{BASE}/api/collections/posts/records").respond(
        200, json={"page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0, "items": []}
    )
    async with client(server_api="auto") as pb:
        with pytest.raises(ClientResponseError) as info:
            await pb.records.get_list("posts")
        assert str(info.value) == (
            f"{BASE}{SUPERUSERS_PROBE} answered HTTP 200 with an HTML page: this does not look like "
            "a PocketBase server's API. Pass server_api='0.7', '0.8' or '0.23' to skip detection."
        )
        assert info.value.url == f"{BASE}{SUPERUSERS_PROBE}"
        assert records.call_count == 0
        assert pb.server_api == "auto"
        # the server is fixed: the same client detects again and works
        first.respond(200, json=G2_METHODS)
        assert (await pb.records.get_list("posts")).total_items == 0
        assert pb.server_api == "0.23"


async def test_another_json_api_is_not_pocketbase(respx_mock: respx.MockRouter) -> None:
    first = respx_mock.get(f"{BASE}{SUPERUSERS_PROBE}").respond(404, json={"error": "no route"})
    respx_mock.get(f"{BASE}{USERS_PROBE}").respond(404, json={"error": "no route"})
    health = respx_mock.get(f"{BASE}/api/health").respond(200, json={"code": 200})
    async with client(server_api="auto") as pb:
        with pytest.raises(ClientResponseError) as info:
            await pb.send("/api/health")
        assert health.call_count == 0
        # PocketBase is deployed there now: the same client detects again and works
        first.respond(200, json=G2_METHODS)
        assert await pb.send("/api/health") == {"code": 200}
    assert str(info.value).startswith(
        f"{BASE}{SUPERUSERS_PROBE} answered HTTP 404 with JSON that is not a PocketBase reply: "
    )


@pytest.mark.parametrize("suffix", ["/api", "/api/", "/_/"])
async def test_a_base_url_below_the_root(respx_mock: respx.MockRouter, suffix: str) -> None:
    base = f"{BASE}{suffix}"
    pb_404 = {"code": 404, "message": "Not Found.", "data": {}}
    respx_mock.route(url__startswith=base.rstrip("/") + "/api/").respond(404, json=pb_404)
    async with client(server_api="auto", base_url=base) as pb:
        with pytest.raises(ClientResponseError) as info:
            await pb.send("/api/health")
        assert pb.server_api == "auto"
        # the caller fixes base_url: the same client detects again and works
        pb.base_url = BASE
        respx_mock.get(f"{BASE}{SUPERUSERS_PROBE}").respond(200, json=G2_METHODS)
        respx_mock.get(f"{BASE}/api/health").respond(200, json={"code": 200})
        assert await pb.send("/api/health") == {"code": 200}
        assert pb.server_api == "0.23"
    message = str(info.value)
    assert f"base_url {base!r} ends in" in message
    assert "give the server's root instead" in message
    assert message.startswith(
        f"{base.rstrip('/')}/api/collections/_superusers/auth-methods answered"
    )


async def test_a_server_that_is_down(respx_mock: respx.MockRouter) -> None:
    probe = respx_mock.get(f"{BASE}{SUPERUSERS_PROBE}").mock(
        side_effect=httpx.ConnectError("[Errno 111] Connection refused")
    )
    respx_mock.get(f"{BASE}/api/health").respond(200, json={"code": 200})
    async with client(server_api="auto") as pb:
        with pytest.raises(TransportError) as info:
            await pb.send("/api/health")
        assert (
            str(info.value) == f"could not connect to {BASE}{SUPERUSERS_PROBE}: connection refused"
        )
        probe.mock(side_effect=None).respond(200, json=G2_METHODS)
        assert await pb.send("/api/health") == {"code": 200}
