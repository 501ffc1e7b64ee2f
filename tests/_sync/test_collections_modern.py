# Generated from tests/_async/test_collections_modern.py by scripts/unasync.py. Do not edit: edit the async source.
"""The collection calls added for 0.23+ servers (``truncate``, ``get_scaffolds``,
``get_all_oauth2_providers``, ``dry_run_view_query``) and collection bodies in either shape,
against respx: exact requests, typed results, the capability gate and faults. The same calls
against real servers are in ``test_integration_collections.py``.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from pocketbase import (
    ClientResponseError,
    NotFoundError,
    PocketBase,
    RequestCancelledError,
    UnsupportedFeatureError,
)
from pocketbase.models import Collection
from tests.concurrency import gather

BASE = "http://pb.test"
META = f"{BASE}/api/collections/meta"
TOKEN = "tok.en.x"


def client(server_api: str = "0.23") -> PocketBase:
    pb = PocketBase(BASE, server_api=server_api)
    pb.auth_store.save(TOKEN, None)
    return pb


def request_of(route: respx.Route) -> tuple[str, str, Any]:
    request = route.calls.last.request
    body = json.loads(request.content) if request.content else None
    return request.method, str(request.url), body


SCAFFOLDS = {
    "base": {"id": "", "name": "", "type": "base", "fields": [{"name": "id", "type": "text"}]},
    "auth": {
        "id": "",
        "name": "",
        "type": "auth",
        "fields": [{"name": "id", "type": "text"}, {"name": "password", "type": "password"}],
        "authRule": "",
        "passwordAuth": {"enabled": True, "identityFields": ["email"]},
    },
    "view": {"id": "", "name": "", "type": "view", "fields": [], "viewQuery": ""},
}


# -- exact requests and results on 0.23+ --------------------------------------------------------


def test_truncate(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.delete(f"{BASE}/api/collections/my%20posts/truncate").respond(204)
    with client() as pb:
        assert pb.collections.truncate("my posts") is True
        assert (
            pb.collections.truncate("my posts", query={"a": 1}, headers={"X-Trace": "t1"}) is True
        )
    assert request_of(route) == (
        "DELETE",
        f"{BASE}/api/collections/my%20posts/truncate?a=1",
        None,
    )
    headers = route.calls.last.request.headers
    assert (headers["Authorization"], headers["X-Trace"]) == (TOKEN, "t1")
    assert route.call_count == 2


def test_get_scaffolds(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{META}/scaffolds").respond(200, json=SCAFFOLDS)
    with client() as pb:
        scaffolds = pb.collections.get_scaffolds(query={"fields": "x"})
    assert request_of(route) == ("GET", f"{META}/scaffolds?fields=x", None)
    assert list(scaffolds) == ["base", "auth", "view"]
    assert all(type(c) is Collection for c in scaffolds.values())
    auth = scaffolds["auth"]
    assert (auth.type, [f.name for f in auth.fields], auth.auth_rule) == (
        "auth",
        ["id", "password"],
        "",
    )
    assert auth.password_auth == {"enabled": True, "identityFields": ["email"]}
    assert (scaffolds["view"].type, scaffolds["view"].view_query) == ("view", "")


def test_get_all_oauth2_providers(respx_mock: respx.MockRouter) -> None:
    providers = [
        {"name": "apple", "displayName": "Apple", "logo": "<svg/>"},
        {"name": "google", "displayName": "Google", "logo": "<svg/>", "pkce": True},
    ]
    route = respx_mock.get(f"{META}/oauth2-providers").respond(200, json=providers)
    with client() as pb:
        assert pb.collections.get_all_oauth2_providers() == providers
    assert request_of(route) == ("GET", f"{META}/oauth2-providers", None)


def test_dry_run_view_query(respx_mock: respx.MockRouter) -> None:
    reply = {"fields": [{"name": "id", "type": "text"}], "sample": [{"id": "r1"}]}
    route = respx_mock.post(f"{META}/dry-run-view").respond(200, json=reply)
    with client() as pb:
        result = pb.collections.dry_run_view_query(
            "select id from posts", params={"q": "1"}, headers={"X-A": "b"}
        )
    assert result == reply
    assert request_of(route) == (
        "POST",
        f"{META}/dry-run-view?q=1",
        {"query": "select id from posts"},
    )
    assert route.calls.last.request.headers["Content-Type"] == "application/json"
    assert route.calls.last.request.headers["X-A"] == "b"


def test_request_key(respx_mock: respx.MockRouter) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        from pocketbase._compat import sleep

        sleep(0.2)
        return httpx.Response(200, json=[])

    respx_mock.get(f"{META}/oauth2-providers").mock(side_effect=slow)
    with client() as pb:
        same_key = gather(
            lambda: pb.collections.get_all_oauth2_providers(),
            lambda: pb.collections.get_all_oauth2_providers(),
            stagger=0.05,
        )
        independent = gather(
            lambda: pb.collections.get_all_oauth2_providers(request_key=None),
            lambda: pb.collections.get_all_oauth2_providers(request_key=None),
            stagger=0.05,
        )
    assert isinstance(same_key[0], RequestCancelledError) and same_key[1] == []
    assert independent == [[], []]


# -- the capability gate ------------------------------------------------------------------------


def _call(pb: PocketBase, method: str) -> Any:
    service = pb.collections
    if method == "truncate":
        return service.truncate("posts")
    if method == "get_scaffolds":
        return service.get_scaffolds()
    if method == "get_all_oauth2_providers":
        return service.get_all_oauth2_providers()
    return service.dry_run_view_query("select 1")


GATED = {
    "truncate": "collection truncation needs PocketBase 0.23 or later",
    "get_scaffolds": "collection scaffolds need PocketBase 0.23 or later",
    "get_all_oauth2_providers": "the OAuth2 providers list needs PocketBase 0.37 or later",
    "dry_run_view_query": "view query dry runs need PocketBase 0.37 or later",
}


@pytest.mark.parametrize("server_api", ["0.7", "0.8"])
@pytest.mark.parametrize("method", list(GATED))
def test_older_generations_send_nothing(
    respx_mock: respx.MockRouter, server_api: str, method: str
) -> None:
    with client(server_api) as pb:
        with pytest.raises(UnsupportedFeatureError) as info:
            _call(pb, method)
    assert not respx_mock.calls
    label = "0.7" if server_api == "0.7" else "0.8-0.22"
    assert str(info.value) == f"{GATED[method]}; this server is {label}"
    assert info.value.status == 0


@pytest.mark.parametrize("method", ["get_all_oauth2_providers", "dry_run_view_query"])
def test_router_404_before_0_37(respx_mock: respx.MockRouter, method: str) -> None:
    respx_mock.route().respond(404, json={"status": 404, "message": "Not Found.", "data": {}})
    with client() as pb:
        with pytest.raises(UnsupportedFeatureError) as info:
            _call(pb, method)
    assert str(info.value).startswith(GATED[method] + "; this server answered ")
    assert str(info.value).endswith(" with 404 (no such route)")


def test_truncate_of_a_missing_collection(respx_mock: respx.MockRouter) -> None:
    body = {"status": 404, "message": "The requested resource wasn't found.", "data": {}}
    respx_mock.delete(f"{BASE}/api/collections/nope/truncate").respond(404, json=body)
    with client() as pb:
        with pytest.raises(NotFoundError) as info:
            pb.collections.truncate("nope")
    assert type(info.value) is NotFoundError


@pytest.mark.parametrize(
    ("method", "reply"),
    [
        ("get_scaffolds", ["not", "an", "object"]),
        ("get_scaffolds", {"base": "not a collection"}),
        ("get_all_oauth2_providers", {"name": "apple"}),
        ("dry_run_view_query", [1, 2]),
    ],
)
def test_unusable_replies(respx_mock: respx.MockRouter, method: str, reply: Any) -> None:
    respx_mock.route().respond(200, json=reply)
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            _call(pb, method)
    assert type(info.value) is ClientResponseError
    assert info.value.status == 200


# -- bodies in either shape ---------------------------------------------------------------------


def test_create_in_the_023_shape_on_08(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/api/collections").respond(200, json={"id": "c1"})
    body = {
        "name": "m",
        "type": "auth",
        "fields": [
            {"name": "id", "type": "text"},
            {"name": "n", "type": "number", "onlyInt": True},
        ],
        "passwordAuth": {"enabled": True, "identityFields": ["email"]},
    }
    with client("0.8") as pb:
        created = pb.collections.create(body)
    assert created.id == "c1"
    assert request_of(route) == (
        "POST",
        f"{BASE}/api/collections",
        {
            "name": "m",
            "type": "auth",
            "schema": [{"name": "n", "type": "number", "options": {"noDecimal": True}}],
            "options": {
                "allowEmailAuth": True,
                "allowUsernameAuth": False,
                "allowOAuth2Auth": False,
                "minPasswordLength": 8,
                "requireEmail": True,
            },
        },
    )


def test_update_and_import_in_the_08_shape_on_023(respx_mock: respx.MockRouter) -> None:
    update = respx_mock.patch(f"{BASE}/api/collections/v").respond(200, json={"id": "v"})
    imported = respx_mock.put(f"{BASE}/api/collections/import").respond(204)
    view = {"type": "view", "schema": [], "options": {"query": "select 1 as id"}}
    with client() as pb:
        pb.collections.update("v", view)
        assert pb.collections.import_collections([{"name": "v", **view}]) is True
    assert request_of(update)[2] == {"type": "view", "fields": [], "viewQuery": "select 1 as id"}
    assert request_of(imported)[2] == {
        "collections": [{"name": "v", "type": "view", "fields": [], "viewQuery": "select 1 as id"}],
        "deleteMissing": False,
    }


@pytest.mark.parametrize("method", ["create", "update", "import_collections"])
def test_what_08_cannot_hold_is_refused_before_sending(
    respx_mock: respx.MockRouter, method: str
) -> None:
    body = {"name": "g", "fields": [{"name": "where", "type": "geoPoint"}]}
    with client("0.8") as pb:
        with pytest.raises(UnsupportedFeatureError) as info:
            if method == "create":
                pb.collections.create(body)
            elif method == "update":
                pb.collections.update("g", body)
            else:
                pb.collections.import_collections([body])
    assert str(info.value) == (
        "geoPoint fields need PocketBase 0.27 or later; this server is 0.8-0.22"
    )
    assert not respx_mock.calls


@pytest.mark.parametrize("server_api", ["0.7", "0.8", "0.23"])
def test_bodies_that_are_not_collections(respx_mock: respx.MockRouter, server_api: str) -> None:
    with client(server_api) as pb:
        with pytest.raises(ClientResponseError) as created:
            pb.collections.create({"name": "x", "fields": [object()]})
        with pytest.raises(ClientResponseError) as imported:
            pb.collections.import_collections([42])  # type: ignore[list-item]
    for info in (created, imported):
        assert type(info.value) is ClientResponseError
        assert info.value.status == 0
        assert str(info.value).startswith("Invalid collection: expected a collection dict")
    assert not respx_mock.calls
