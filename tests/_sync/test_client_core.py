# Generated from tests/_async/test_client_core.py by scripts/unasync.py. Do not edit: edit the async source.
"""Client core on the 0.7 wire protocol, for both flavours."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from pocketbase import (
    ClientResponseError,
    PocketBase,
    RequestTimeoutError,
    TransportError,
)
from pocketbase._compat import sleep
from pocketbase.models import Admin, User
from tests.concurrency import gather
from tests.wire import BASE


def client(**kwargs: Any) -> PocketBase:
    kwargs.setdefault("server_api", "0.7")
    return PocketBase(kwargs.pop("base_url", BASE), **kwargs)


# -- build_url ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "path", "expected"),
    [
        ("test_base_url/", "test123", "test_base_url/test123"),
        ("test_base_url/", "/test123", "test_base_url/test123"),
        ("test_base_url", "test123", "test_base_url/test123"),
        ("test_base_url", "/test123", "test_base_url/test123"),
        ("http://h", "", "http://h/"),
        ("http://h/", "//x", "http://h//x"),
        ("", "x", "/x"),
        ("test_base_url///", "/api/x", "test_base_url///api/x"),
    ],
)
def test_build_url_table(base_url: str, path: str, expected: str) -> None:
    with client(base_url=base_url) as pb:
        assert pb.build_url(path) == expected


# -- send: method, URL, query --------------------------------------------------------------


def test_send_each_method(respx_mock: respx.MockRouter) -> None:
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        respx_mock.request(method, f"{BASE}/123").respond(json=f"success{method.title()}")
    with client(lang="test_language_A") as pb:
        results = [
            pb.send("/123", {"method": m}) for m in ("GET", "POST", "PUT", "PATCH", "DELETE")
        ]
    assert results == ["successGet", "successPost", "successPut", "successPatch", "successDelete"]
    assert [c.request.method for c in respx_mock.calls] == ["GET", "POST", "PUT", "PATCH", "DELETE"]


def test_query_serialisation_probed_example(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=f"{BASE}/q").respond(json={})
    params = {
        "b": None,
        "c": [1, None, "x y"],
        "d": True,
        "e": datetime(2022, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc),
        "f": {"g": [1, 2], "h": "é"},
        "k ey": "!'()*~-_.",
        "n": 0,
        "s": "",
    }
    with client() as pb:
        pb.send("/q", {"params": params})
    query = route.calls.last.request.url.query.decode()
    assert query == (
        "c=1&c=null&c=x%20y&d=true&e=2022-01-02T03%3A04%3A05.006Z"
        "&f=%7B%22g%22%3A%5B1%2C2%5D%2C%22h%22%3A%22%C3%A9%22%7D&k%20ey=!'()*~-_.&n=0&s="
    )


def test_query_appends_to_existing_query_and_empty_adds_nothing(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(url__startswith=f"{BASE}/q2").respond(json={})
    with client() as pb:
        pb.send("/q2?x=1", {"params": {"y": 2}})
        pb.send("/q2", {"params": {}})
        pb.send("/q2", {"params": {"only": None}})
    assert [str(c.request.url) for c in route.calls] == [
        f"{BASE}/q2?x=1&y=2",
        f"{BASE}/q2",
        f"{BASE}/q2",
    ]


# -- headers -------------------------------------------------------------------------------


def test_accept_language_and_no_auth_without_token(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/none").respond(json={})
    with client(lang="pl-PL") as pb:
        pb.send("/none")
    request = route.calls.last.request
    assert request.headers["Accept-Language"] == "pl-PL"
    assert "Authorization" not in request.headers
    assert "Content-Type" not in request.headers
    assert request.content == b""


def test_authorization_forms_07(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=f"{BASE}/who").respond(json={})
    with client() as pb:
        pb.auth_store.save("token123", Admin(id="test-admin"))
        pb.send("/who/admin")
        pb.auth_store.save("token123", User(id="test-user"))
        pb.send("/who/user")
    assert [c.request.headers["Authorization"] for c in route.calls] == [
        "Admin token123",
        "User token123",
    ]


@pytest.mark.parametrize("server_api", ["0.8", "0.23"])
def test_authorization_is_bare_token_on_modern_servers(
    respx_mock: respx.MockRouter, server_api: str
) -> None:
    route = respx_mock.get(f"{BASE}/who").respond(json={})
    with client(server_api=server_api) as pb:
        pb.auth_store.save("token123", Admin(id="a"))
        pb.send("/who")
    assert route.calls.last.request.headers["Authorization"] == "token123"


def test_caller_headers_win_and_are_not_mutated(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/h").respond(json={})
    headers = {"Authorization": "", "Accept-Language": "xx", "X-Extra": "1"}
    with client() as pb:
        pb.auth_store.save("token123", Admin(id="a"))
        pb.send("/h", {"method": "POST", "headers": headers, "body": {"a": 1}})
    request = route.calls.last.request
    assert request.headers["Authorization"] == ""
    assert request.headers["Accept-Language"] == "xx"
    assert request.headers["X-Extra"] == "1"
    assert request.headers["Content-Type"] == "application/json"
    assert headers == {"Authorization": "", "Accept-Language": "xx", "X-Extra": "1"}


@pytest.mark.parametrize(
    ("body", "content", "content_type"),
    [
        ({}, b"{}", "application/json"),
        ([], b"[]", "application/json"),
        (
            {"a": 1.0, "b": "é", "c": [True, None]},
            '{"a":1,"b":"é","c":[true,null]}'.encode(),
            "application/json",
        ),
        ("raw text", b"raw text", "application/json"),
        (None, b"", None),
        ("", b"", None),
        (0, b"", None),
        (False, b"", None),
    ],
)
def test_body_and_content_type_follow_js_truthiness(
    respx_mock: respx.MockRouter, body: Any, content: bytes, content_type: str | None
) -> None:
    route = respx_mock.post(f"{BASE}/b").respond(json={})
    with client() as pb:
        pb.send("/b", {"method": "POST", "body": body})
    request = route.calls.last.request
    assert request.content == content
    assert request.headers.get("Content-Type") == content_type


def test_empty_body_reply_is_empty_dict_and_null_is_none(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.delete(f"{BASE}/x").respond(204)
    respx_mock.get(f"{BASE}/null").respond(200, content=b"null")
    with client() as pb:
        assert pb.send("/x", {"method": "DELETE"}) == {}
        assert pb.send("/null") is None


def test_header_injection_rejected_before_sending(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/x").respond(json={})
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/x", {"headers": {"X-A": "a\r\nEvil: 1"}})
        pb.auth_store.save("tok\nEvil: 1", Admin(id="a"))
        with pytest.raises(ClientResponseError) as info2:
            pb.send("/x")
    assert info.value.status == 0
    assert isinstance(info.value.original_error, ValueError)
    assert "tok" not in str(info2.value) and "tok" not in repr(info2.value)
    assert not route.called
    with pytest.raises(ValueError):
        PocketBase(BASE, lang="en\r\nX: y")


# -- hooks --------------------------------------------------------------------------


def test_before_send_changes_config_and_after_send_replaces_data(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post(url__startswith=f"{BASE}/success").respond(json="123")
    seen: list[tuple[str, dict[str, Any]]] = []

    def before(url: str, config: dict[str, Any]) -> dict[str, Any]:
        seen.append((url, dict(config)))
        headers = dict(config["headers"])
        headers["X-Custom-Header"] = url
        return {**config, "headers": headers, "params": {"added": "1"}, "body": {"b": 2}}

    def after(response: httpx.Response, data: Any) -> Any:
        assert data == "123"
        return "789"

    with client() as pb:
        pb.before_send = before
        pb.after_send = after
        result = pb.send("/success", {"method": "POST", "params": {"q": 1}, "body": {"a": 1}})
    assert result == "789"
    assert seen[0][0] == f"{BASE}/success?q=1"
    assert seen[0][1]["method"] == "POST"
    request = route.calls.last.request
    assert request.headers["X-Custom-Header"] == f"{BASE}/success?q=1"
    assert str(request.url) == f"{BASE}/success?added=1"
    assert json.loads(request.content) == {"b": 2}


def test_async_hooks_are_awaited_by_the_async_client(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/x").respond(json={"v": 1})

    def before(url: str, config: dict[str, Any]) -> dict[str, Any]:
        config["headers"]["X-Hook"] = "yes"
        return config

    def after(response: httpx.Response, data: Any) -> Any:
        return {"wrapped": data}

    with PocketBase(BASE, server_api="0.7") as pb:
        pb.before_send = before
        pb.after_send = after
        assert pb.send("/x") == {"wrapped": {"v": 1}}
    assert route.calls.last.request.headers["X-Hook"] == "yes"


def test_after_send_runs_on_error_responses_and_replaces_error_data(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{BASE}/bad").respond(400, json={"code": 400, "message": "Bad.", "data": {}})
    calls: list[tuple[int, Any]] = []

    def after(response: httpx.Response, data: Any) -> Any:
        calls.append((response.status_code, data))
        return {"message": "Replaced."}

    with client() as pb:
        pb.after_send = after
        with pytest.raises(ClientResponseError) as info:
            pb.send("/bad")
    assert calls == [(400, {"code": 400, "message": "Bad.", "data": {}})]
    assert info.value.status == 400
    assert info.value.data == {"message": "Replaced."}
    assert str(info.value) == "Replaced."


# -- auto-cancellation -------------------------------------------------


def _slow(payload: Any, delay: float = 0.2) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        sleep(delay)
        return httpx.Response(200, json=payload)

    return handler


def test_auto_cancel_same_key_first_is_aborted(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/123").mock(side_effect=_slow("ok"))
    with client() as pb:
        first, second = gather(lambda: pb.send("/123"), lambda: pb.send("/123"), stagger=0.05)
    assert isinstance(first, ClientResponseError)
    assert first.is_abort is True
    assert first.status == 0
    assert second == "ok"


def test_auto_cancel_opt_out_and_custom_key_keep_both(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/123").mock(side_effect=_slow("ok", 0.1))
    params = {"$autoCancel": False}
    with client() as pb:
        results = gather(
            lambda: pb.send("/123", {"params": params}),
            lambda: pb.send("/123", {"params": params}),
            stagger=0.02,
        )
        assert results == ["ok", "ok"]
        results = gather(
            lambda: pb.send("/123", {"params": {"$cancelKey": "customKey"}}),
            lambda: pb.send("/123"),
            stagger=0.02,
        )
        assert results == ["ok", "ok"]
    assert params == {"$autoCancel": False}
    for call in respx_mock.calls:
        assert str(call.request.url) == f"{BASE}/123"


def test_auto_cancellation_disabled_on_client(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/123").mock(side_effect=_slow("ok", 0.1))
    with client(auto_cancel=False) as pb:
        assert gather(lambda: pb.send("/123"), lambda: pb.send("/123"), stagger=0.02) == [
            "ok",
            "ok",
        ]
        pb.auto_cancellation(True)
        first, second = gather(lambda: pb.send("/123"), lambda: pb.send("/123"), stagger=0.02)
    assert isinstance(first, ClientResponseError) and first.is_abort
    assert second == "ok"


def test_cancel_request_and_cancel_all(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/123").mock(side_effect=_slow("ok"))
    respx_mock.get(f"{BASE}/456").mock(side_effect=_slow("ok"))
    with client() as pb:

        def cancel_key() -> Any:
            assert pb.cancel_request("testKey") is pb
            return None

        results = gather(
            lambda: pb.send("/123", {"params": {"$cancelKey": "testKey"}}), cancel_key, stagger=0.05
        )
        assert isinstance(results[0], ClientResponseError) and results[0].is_abort

        def cancel_all() -> Any:
            assert pb.cancel_all_requests() is pb
            return None

        results = gather(lambda: pb.send("/123"), lambda: pb.send("/456"), cancel_all, stagger=0.03)
        assert all(isinstance(r, ClientResponseError) and r.is_abort for r in results[:2])
        # a finished request's key is forgotten; cancelling it later is a no-op
        assert pb.send("/123", {"params": {"$cancelKey": "done"}}) == "ok"
        pb.cancel_request("done")


# -- errors -------------------------------------------------------------------------


def test_error_http_json_body(respx_mock: respx.MockRouter) -> None:
    body = {
        "code": 400,
        "message": "Failed to create record.",
        "data": {"title": {"code": "validation_required", "message": "Missing required value."}},
    }
    respx_mock.post(url__startswith=f"{BASE}/e").respond(400, json=body)
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/e", {"method": "POST", "params": {"a": "1"}})
    err = info.value
    assert (err.url, err.status, err.data, err.is_abort, err.original_error) == (
        f"{BASE}/e?a=1",
        400,
        body,
        False,
        None,
    )
    assert str(err) == "Failed to create record."
    assert err.response is not None
    assert err.response.code == 400
    assert err.response.data["title"].code == "validation_required"


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(500, text="<html>oops</html>"),
        httpx.Response(502),
        httpx.Response(404, json=[1, 2]),
    ],
)
def test_error_http_non_json_empty_or_array_body(
    respx_mock: respx.MockRouter, reply: httpx.Response
) -> None:
    respx_mock.get(f"{BASE}/e").mock(return_value=reply)
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/e")
    err = info.value
    assert (err.url, err.status, err.data, err.is_abort) == (
        f"{BASE}/e",
        reply.status_code,
        {},
        False,
    )
    assert str(err) == "Something went wrong while processing your request."
    assert err.response is None


def test_error_network_failure_and_timeout(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/down").mock(side_effect=httpx.ConnectError("refused"))
    respx_mock.get(f"{BASE}/slow").mock(side_effect=httpx.ReadTimeout("slow"))
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/down")
        with pytest.raises(ClientResponseError) as info2:
            pb.send("/slow")
    # a listed deviation: `url` is the request URL (the reference leaves it empty)
    assert (info.value.url, info.value.status, info.value.data, info.value.is_abort) == (
        f"{BASE}/down",
        0,
        {},
        False,
    )
    assert isinstance(info.value.original_error, httpx.ConnectError)
    assert type(info.value) is TransportError
    assert str(info.value) == f"could not connect to {BASE}/down: ConnectError: refused"
    assert (info2.value.status, info2.value.url) == (0, f"{BASE}/slow")
    assert isinstance(info2.value.original_error, httpx.ReadTimeout)
    assert type(info2.value) is RequestTimeoutError
    assert str(info2.value) == f"GET {BASE}/slow timed out: read timeout"


def test_error_invalid_json_on_success(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/trunc").respond(200, content=b'{"a": ')
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/trunc")
    assert info.value.status == 200
    assert info.value.url == f"{BASE}/trunc"
    assert isinstance(info.value.original_error, ValueError)


def test_error_after_send_raises(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/failure").respond(200, json="456")
    problem = RuntimeError("hook failed")

    def after(response: httpx.Response, data: Any) -> Any:
        raise problem

    with client() as pb:
        pb.after_send = after
        with pytest.raises(ClientResponseError) as info:
            pb.send("/failure")
    assert (info.value.url, info.value.status, info.value.data) == ("", 0, {})
    assert info.value.original_error is problem


def test_error_after_send_raises_client_response_error(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/failure").respond(200, json="456")

    def after(response: httpx.Response, data: Any) -> Any:
        raise ClientResponseError(url="u", status=418, data={"message": "teapot"})

    with client() as pb:
        pb.after_send = after
        with pytest.raises(ClientResponseError) as info:
            pb.send("/failure")
    err = info.value
    assert (err.url, err.status, err.data, err.is_abort, err.original_error) == (
        "u",
        418,
        {"message": "teapot"},
        False,
        None,
    )
    assert str(err) == "teapot"


def test_caller_owned_http_client_is_not_closed(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/x").respond(json={})
    with httpx.Client() as http:
        with PocketBase(BASE, server_api="0.7", http_client=http) as pb:
            pb.send("/x")
        assert not http.is_closed
        http.get(f"{BASE}/x")


def test_http_client_factory_makes_a_client_the_sdk_owns(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(f"{BASE}/x").respond(json={"ok": 1})
    made: list[httpx.Client] = []

    def factory(*, timeout: float | httpx.Timeout | None) -> httpx.Client:
        made.append(httpx.Client(timeout=timeout, headers={"X-Made": "1"}))
        return made[-1]

    with PocketBase(BASE, server_api="0.7", timeout=12.5, http_client=factory) as pb:
        assert len(made) == 1 and made[0].timeout == httpx.Timeout(12.5)
        assert pb.send("/x") == {"ok": 1}
        assert respx_mock.calls.last.request.headers["X-Made"] == "1"
        assert not made[0].is_closed
    assert made[0].is_closed  # created through the SDK: closed with it


def test_http_client_factory_must_return_a_client() -> None:
    def factory(*, timeout: float | httpx.Timeout | None) -> Any:
        return "not a client"

    with pytest.raises(TypeError) as info:
        PocketBase(BASE, http_client=factory)
    expected = httpx.Client.__name__
    assert str(info.value) == (
        f"http_client must be an httpx.{expected} or a function returning one, not str"
    )


def test_request_after_close_is_a_client_response_error(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{BASE}/x").respond(json={})
    pb = client()
    pb.close()
    pb.close()  # closing twice is fine
    with pytest.raises(ClientResponseError) as info:
        pb.send("/x")
    assert (info.value.status, str(info.value)) == (0, "The client is closed.")
    assert not route.called


def test_closed_caller_owned_http_client_is_wrapped(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{BASE}/x").respond(json={})
    http = httpx.Client()
    http.close()
    with PocketBase(BASE, server_api="0.7", http_client=http) as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/x")
    assert info.value.status == 0
    assert isinstance(info.value.original_error, RuntimeError)


def test_reply_too_odd_to_reshape_is_a_client_response_error(
    respx_mock: respx.MockRouter,
) -> None:
    from pydantic import TypeAdapter

    respx_mock.get(f"{BASE}/odd").respond(json=[1, 2])

    def reshape(data: Any) -> Any:
        return {"id": data["id"]}  # a list has no "id": TypeError

    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb._call("/odd", TypeAdapter(dict), reshape)
    assert (info.value.status, info.value.url) == (200, f"{BASE}/odd")
    assert isinstance(info.value.original_error, TypeError)
