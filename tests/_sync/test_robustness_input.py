# Generated from tests/_async/test_robustness_input.py by scripts/unasync.py. Do not edit: edit the async source.
"""Hostile input: path segments stay one segment, header injection never leaves the client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import respx

from pocketbase import ClientResponseError, PocketBase
from pocketbase.models import Admin, User
from pocketbase.testing import PocketBaseServer
from tests.robustness import live
from tests.wire import BASE

HOSTILE_VALUES = [
    "a/b",
    "..",
    ".",
    "...",
    "../../collections",
    "./x",
    "a?b=1",
    "a#frag",
    "100%",
    "%2e%2e",
    "%2F",
    "a b",
    "a+b&c=d;e",
    "\\..\\",
    "ünï/cødé ☃",
    "~user",
    "tab\there",
    "",
    "\ud800",  # a lone surrogate: sent as its raw bytes, the server answers 404
]

PINNED = {
    "a/b": "a%2Fb",
    "..": "%2E%2E",
    ".": "%2E",
    "...": "%2E%2E%2E",
    "a?b=1": "a%3Fb%3D1",
    "a#frag": "a%23frag",
    "100%": "100%25",
    "%2F": "%252F",
    "a b": "a%20b",
    "ünï/cødé ☃": "%C3%BCn%C3%AF%2Fc%C3%B8d%C3%A9%20%E2%98%83",
}

Call = Callable[[PocketBase, str], Any]

#: (name, call, {server_api: path template with {s} for each hostile segment})
CALLS: list[tuple[str, Call, dict[str, str]]] = [
    (
        "records.get_one",
        lambda pb, v: pb.records.get_one("posts", v),
        dict.fromkeys(("0.7", "0.8", "0.23"), "/api/collections/posts/records/{s}"),
    ),
    (
        "records.update",
        lambda pb, v: pb.records.update("posts", v, {"a": 1}),
        dict.fromkeys(("0.7", "0.23"), "/api/collections/posts/records/{s}"),
    ),
    (
        "records.delete",
        lambda pb, v: pb.records.delete("posts", v),
        dict.fromkeys(("0.7", "0.23"), "/api/collections/posts/records/{s}"),
    ),
    (
        "records.get_one(collection, id)",
        lambda pb, v: pb.records.get_one(v, v),
        dict.fromkeys(("0.7", "0.23"), "/api/collections/{s}/records/{s}"),
    ),
    (
        "records.create(collection)",
        lambda pb, v: pb.records.create(v, {"a": 1}),
        dict.fromkeys(("0.7", "0.23"), "/api/collections/{s}/records"),
    ),
    (
        "users.get_one",
        lambda pb, v: pb.users.get_one(v),
        {"0.7": "/api/users/{s}", "0.23": "/api/collections/users/records/{s}"},
    ),
    (
        "admins.delete",
        lambda pb, v: pb.admins.delete(v),
        {"0.7": "/api/admins/{s}", "0.23": "/api/collections/_superusers/records/{s}"},
    ),
    (
        "collections.get_one",
        lambda pb, v: pb.collections.get_one(v),
        dict.fromkeys(("0.7", "0.23"), "/api/collections/{s}"),
    ),
    (
        "users.list_external_auths",
        lambda pb, v: pb.users.list_external_auths(v),
        {
            "0.7": "/api/users/{s}/external-auths",
            "0.8": "/api/collections/users/records/{s}/external-auths",
        },
    ),
    (
        "users.unlink_external_auth",
        lambda pb, v: pb.users.unlink_external_auth(v, v),
        {
            "0.7": "/api/users/{s}/external-auths/{s}",
            "0.8": "/api/collections/users/records/{s}/external-auths/{s}",
        },
    ),
    (
        "logs.get_request",
        lambda pb, v: pb.logs.get_request(v),
        {"0.7": "/api/logs/requests/{s}", "0.8": "/api/logs/{s}", "0.23": "/api/logs/{s}"},
    ),
]

REPLY = {"id": "x", "name": "n", "page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0}


def _cases() -> Iterator[Any]:
    for name, call, paths in CALLS:
        for server_api, template in paths.items():
            yield pytest.param(call, server_api, template, id=f"{name}-{server_api}")


@pytest.mark.parametrize(("call", "server_api", "template"), list(_cases()))
def test_hostile_values_stay_one_encoded_segment(
    respx_mock: respx.MockRouter, call: Call, server_api: str, template: str
) -> None:
    respx_mock.route().mock(return_value=httpx.Response(200, json=REPLY))
    prefix, _, _ = template.partition("{s}")
    with PocketBase(BASE, server_api=server_api) as pb:
        for value in HOSTILE_VALUES:
            if value == "" and template.endswith("{s}") and template.count("{s}") == 1:
                continue  # an empty id is the collection's own path; nothing to escape
            before = len(respx_mock.calls)
            call(pb, value)
            assert len(respx_mock.calls) == before + 1
            request = respx_mock.calls.last.request
            raw = request.url.raw_path.decode("ascii")
            path, _, _ = raw.partition("?")
            assert path.startswith(prefix)
            expected_parts = template.split("/")
            parts = path.split("/")
            assert len(parts) == len(expected_parts), (value, path)
            for want, got in zip(expected_parts, parts, strict=True):
                if want != "{s}":
                    assert got == want
                    continue
                assert "/" not in got and "?" not in got and "#" not in got
                assert got not in (".", "..")
                assert unquote(got, errors="surrogatepass") == value
                if value in PINNED:
                    assert got == PINNED[value]


def test_query_values_are_encoded_not_interpreted(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=f"{BASE}/api/collections/posts/records").respond(
        json=REPLY
    )
    with PocketBase(BASE, server_api="0.23") as pb:
        pb.records.get_list(
            "posts", query_params={"a": "x&b=1#c\r\nd", "e f": "/../"}, filter="id = '1'"
        )
    assert route.calls.last.request.url.raw_path.decode() == (
        "/api/collections/posts/records?page=1&perPage=30"
        "&a=x%26b%3D1%23c%0D%0Ad&e%20f=%2F..%2F&filter=id%20%3D%20'1'"
    )


# -- against a real server: ../ never reaches another route --------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[PocketBaseServer]:
    with live.started("0.40.6") as srv:
        live.create_collection(srv, "posts", ["title"], rule=None)
        live.create_record(srv, "posts", {"title": "only"})
        yield srv


TRAVERSALS = [
    "../../collections",
    "..",
    "../..",
    "./../../collections",
    "..%2F..%2Fcollections",
    "%2e%2e/%2e%2e/collections",
    "posts/../../../collections",
    "?perPage=1",
    "#x",
]


@pytest.mark.integration
def test_path_traversal_is_a_404_on_a_real_server(server: PocketBaseServer) -> None:
    with PocketBase(server.url, server_api="auto", timeout=10.0) as pb:
        pb.admins.auth_via_email(server.admin_email, server.admin_password)
        listing = pb.send("/api/collections")
        assert listing["totalItems"] >= 1  # the superuser can list collections
        for record_id in TRAVERSALS:
            with pytest.raises(ClientResponseError) as info:
                pb.records.get_one("posts", record_id)
            assert info.value.status == 404, record_id
            assert "items" not in info.value.data
            with pytest.raises(ClientResponseError) as info:
                pb.records.get_list(record_id)
            assert info.value.status == 404, record_id
            with pytest.raises(ClientResponseError) as info:
                pb.collections.get_one("../" + record_id)
            assert info.value.status == 404, record_id
            with pytest.raises(ClientResponseError) as info:
                pb.records.delete("posts", record_id)
            assert info.value.status == 404, record_id
        assert [r.title for r in pb.records.get_full_list("posts")] == ["only"]


# -- CR/LF and other header injection: rejected before anything is sent ----------------------


@pytest.mark.parametrize("bad", ["en\r\nX-Evil: 1", "en\nX-Evil: 1", "en\rX", "en\x00"])
def test_lang_with_line_breaks(respx_mock: respx.MockRouter, bad: str) -> None:
    route = respx_mock.route().respond(json=REPLY)
    with pytest.raises(ValueError, match="Accept-Language"):
        PocketBase(BASE, lang=bad)
    with PocketBase(BASE, server_api="0.23") as pb:
        pb.lang = bad  # assigned after construction: refused at request time
        with pytest.raises(ClientResponseError) as info:
            pb.records.get_one("posts", "r1")
    assert info.value.status == 0
    assert isinstance(info.value.original_error, ValueError)
    assert not route.called


@pytest.mark.parametrize("server_api", ["0.7", "0.8", "0.23"])
@pytest.mark.parametrize("bad_token", ["tok\r\nX-Evil: 1", "tok\nen", "tok\x00"])
def test_token_with_line_breaks(
    respx_mock: respx.MockRouter, server_api: str, bad_token: str
) -> None:
    route = respx_mock.route().respond(json=REPLY)
    with PocketBase(BASE, server_api=server_api) as pb:
        pb.auth_store.save(bad_token, User(id="u1"))
        with pytest.raises(ClientResponseError) as info:
            pb.records.get_list("posts")
        pb.auth_store.save(bad_token, Admin(id="a1"))
        with pytest.raises(ClientResponseError) as info2:
            pb.admins.get_one("a1")
    for err in (info.value, info2.value):
        assert err.status == 0
        assert isinstance(err.original_error, ValueError)
        assert "tok" not in str(err) and "tok" not in repr(err)
    assert not route.called


@pytest.mark.parametrize(
    "headers",
    [
        {"X-A": "a\r\nX-Evil: 1"},
        {"X-A": "a\nb"},
        {"X-A": "a\x00"},
        {"X-A\r\nX-Evil": "1"},
        {"X-A:": "1"},
        {"X-\u00e9": "1"},
        {"X-A": "caf\u00e9\u2028"},
    ],
)
def test_header_values_and_names(respx_mock: respx.MockRouter, headers: dict[str, str]) -> None:
    route = respx_mock.route().respond(json=REPLY)
    with PocketBase(BASE, server_api="0.23") as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.send("/api/x", {"headers": headers})
        assert info.value.status == 0
        assert isinstance(info.value.original_error, (ValueError, httpx.LocalProtocolError))

        def before(url: str, config: dict[str, Any]) -> dict[str, Any]:
            config["headers"].update(headers)
            return config

        pb.before_send = before
        with pytest.raises(ClientResponseError) as info:
            pb.records.get_one("posts", "r1")
        assert info.value.status == 0
    assert not route.called


def test_body_and_query_with_unencodable_text(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route().respond(json=REPLY)
    with PocketBase(BASE, server_api="0.23") as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.records.create("posts", {"title": "\ud800"})
        assert info.value.status == 0
        assert isinstance(info.value.original_error, UnicodeEncodeError)
        with pytest.raises(ClientResponseError):
            pb.send("/api/x", {"method": "POST", "body": "\udfff"})
        assert not route.called
        # a query value cannot break the URL either: it is sent as raw (invalid) UTF-8 bytes
        pb.records.get_list("posts", query_params={"q": "\ud800"})
    assert route.calls.last.request.url.raw_path.endswith(b"&q=%ED%A0%80")
