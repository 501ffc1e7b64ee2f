# Generated from tests/_async/test_crud_services.py by scripts/unasync.py. Do not edit: edit the async source.
"""The shared CRUD suite on the 0.7 wire protocol, for admins,
collections, users and records, for both flavours.

Every test checks the exact requests (method, URL with query, body) and the exact result
(type and value). Records use the ``sub=`` collection as upstream does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import respx

from pocketbase import ClientResponseError, PocketBase
from pocketbase.models import Admin, Collection, ListResult, Record, User
from tests._sync.helpers import client
from tests.wire import ok, replies, sent

HOST = "http://pb.test"


@dataclass(frozen=True)
class Crud:
    """One CRUD service under test: where it lives and what it decodes to."""

    service: str
    path: str
    model: type[Any]
    prefix: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.service


CRUDS = [
    Crud("admins", "/api/admins", Admin),
    Crud("collections", "/api/collections", Collection),
    Crud("users", "/api/users", User),
    Crud("records", "/api/collections/sub%3D/records", Record, ("sub=",)),
]
# upstream uses "test_base_url" for the CRUD services and "test_base_url///" for records; both
# base forms run for every service (buildUrl keeps the extra slashes)
BASES = [HOST, HOST + "///"]


@pytest.fixture(params=CRUDS, ids=str)
def crud(request: pytest.FixtureRequest) -> Crud:
    param: Crud = request.param
    return param


@pytest.fixture(params=BASES, ids=["plain", "slashes"])
def base_url(request: pytest.FixtureRequest) -> str:
    param: str = request.param
    return param


def expected_base(base_url: str, crud: Crud) -> str:
    return (base_url if base_url.endswith("/") else base_url + "/") + crud.path[1:]


def method(pb: PocketBase, crud: Crud, name: str) -> Callable[..., Any]:
    """The bound service method with the record collection already applied."""
    bound = getattr(getattr(pb, crud.service), name)
    if not crud.prefix:
        return bound  # type: ignore[no-any-return]

    def call(*args: Any, **kwargs: Any) -> Any:
        return bound(*crud.prefix, *args, **kwargs)

    return call


def assert_items(items: list[Any], crud: Crud, ids: list[str]) -> None:
    assert [type(item) for item in items] == [crud.model] * len(ids)
    assert items == [crud.model(id=i) for i in ids]


# -- the upstream suite ------------------------------------------------------------


def test_get_full_list_batched(respx_mock: respx.MockRouter, crud: Crud, base_url: str) -> None:
    route = replies(
        respx_mock,
        ok(
            {
                "page": 1,
                "perPage": 1,
                "totalItems": 3,
                "totalPages": 3,
                "items": [{"id": "item1"}, {"id": "item2"}],
            }
        ),
        ok({"page": 2, "perPage": 1, "totalItems": 3, "totalPages": 3, "items": [{"id": "item3"}]}),
    )
    with client(base_url) as pb:
        result = method(pb, crud, "get_full_list")(1, {"q1": "abc"})
    base = expected_base(base_url, crud)
    assert sent(route) == [
        ("GET", f"{base}?page=1&perPage=1&q1=abc", None),
        ("GET", f"{base}?page=2&perPage=1&q1=abc", None),
    ]
    assert type(result) is list
    assert_items(result, crud, ["item1", "item2", "item3"])


def test_get_list(respx_mock: respx.MockRouter, crud: Crud, base_url: str) -> None:
    route = replies(
        respx_mock,
        ok({"page": 2, "perPage": 1, "totalItems": 3, "totalPages": 3, "items": [{"id": "item3"}]}),
    )
    with client(base_url) as pb:
        result = method(pb, crud, "get_list")(2, 1, {"q1": "abc"})
    assert sent(route) == [
        ("GET", f"{expected_base(base_url, crud)}?page=2&perPage=1&q1=abc", None)
    ]
    assert isinstance(result, ListResult)
    assert (result.page, result.per_page, result.total_items, result.total_pages) == (2, 1, 3, 3)
    assert_items(result.items, crud, ["item3"])


def test_get_one(respx_mock: respx.MockRouter, crud: Crud, base_url: str) -> None:
    route = replies(respx_mock, ok({"id": "item-one"}))
    with client(base_url) as pb:
        result = method(pb, crud, "get_one")("abc=", {"q1": "abc"})
    assert sent(route) == [("GET", f"{expected_base(base_url, crud)}/abc%3D?q1=abc", None)]
    assert type(result) is crud.model
    assert result == crud.model(id="item-one")


def test_create(respx_mock: respx.MockRouter, crud: Crud, base_url: str) -> None:
    route = replies(respx_mock, ok({"id": "item-create"}))
    with client(base_url) as pb:
        result = method(pb, crud, "create")({"b1": 123}, {"q1": 456})
    assert sent(route) == [("POST", f"{expected_base(base_url, crud)}?q1=456", {"b1": 123})]
    assert route.calls.last.request.headers["Content-Type"] == "application/json"
    assert type(result) is crud.model
    assert result == crud.model(id="item-create")


def test_update(respx_mock: respx.MockRouter, crud: Crud, base_url: str) -> None:
    route = replies(respx_mock, ok({"id": "item-update"}))
    with client(base_url) as pb:
        result = method(pb, crud, "update")("abc=", {"b1": 123}, {"q1": 456})
    assert sent(route) == [("PATCH", f"{expected_base(base_url, crud)}/abc%3D?q1=456", {"b1": 123})]
    assert route.calls.last.request.headers["Content-Type"] == "application/json"
    assert type(result) is crud.model
    assert result == crud.model(id="item-update")


def test_delete(respx_mock: respx.MockRouter, crud: Crud, base_url: str) -> None:
    route = replies(respx_mock, httpx.Response(204))
    with client(base_url) as pb:
        result = method(pb, crud, "delete")("abc=", {"q1": 456})
    assert sent(route) == [("DELETE", f"{expected_base(base_url, crud)}/abc%3D?q1=456", None)]
    assert "Content-Type" not in route.calls.last.request.headers
    assert result is True


# -- defaults and bodies -------------------------------------------------------------------


def test_defaults_and_empty_bodies(respx_mock: respx.MockRouter, crud: Crud) -> None:
    route = replies(
        respx_mock,
        ok({"page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0, "items": []}),
        ok({"id": "a"}),
        ok({"id": "b"}),
        ok({"id": "c"}),
        httpx.Response(204),
    )
    with client() as pb:
        listed = method(pb, crud, "get_list")()
        one = method(pb, crud, "get_one")("x")
        created = method(pb, crud, "create")()
        updated = method(pb, crud, "update")("x")
        deleted = method(pb, crud, "delete")("x")
    base = expected_base(HOST, crud)
    # an empty body is still sent, as "{}" with a JSON Content-Type
    assert sent(route) == [
        ("GET", f"{base}?page=1&perPage=30", None),
        ("GET", f"{base}/x", None),
        ("POST", base, {}),
        ("PATCH", f"{base}/x", {}),
        ("DELETE", f"{base}/x", None),
    ]
    assert [c.request.content for c in route.calls] == [b"", b"", b"{}", b"{}", b""]
    assert (listed.page, listed.per_page, listed.total_items, listed.total_pages) == (1, 30, 0, 0)
    assert listed.items == []
    assert (one, created, updated, deleted) == (
        crud.model(id="a"),
        crud.model(id="b"),
        crud.model(id="c"),
        True,
    )


def test_body_values_are_sent_exactly(respx_mock: respx.MockRouter, crud: Crud) -> None:
    body = {"name": "é", "n": 1.0, "ok": False, "nested": {"a": [1, None]}, "none": None}
    route = replies(respx_mock, ok({"id": "x"}), ok({"id": "x"}))
    with client() as pb:
        method(pb, crud, "create")(body)
        method(pb, crud, "update")("x", body)
    expected = '{"name":"é","n":1,"ok":false,"nested":{"a":[1,null]},"none":null}'.encode()
    assert [c.request.content for c in route.calls] == [expected, expected]
    assert body == {"name": "é", "n": 1.0, "ok": False, "nested": {"a": [1, None]}, "none": None}


def test_list_result_missing_and_invalid_counts(respx_mock: respx.MockRouter, crud: Crud) -> None:
    replies(
        respx_mock,
        ok({"items": None}),
        ok({"page": 0, "perPage": -1, "totalItems": -5, "totalPages": "x", "items": [{}]}),
    )
    with client() as pb:
        first = method(pb, crud, "get_list")()
        second = method(pb, crud, "get_list")()
    assert (first.page, first.per_page, first.total_items, first.total_pages) == (1, 0, 0, 0)
    assert first.items == []
    assert (second.page, second.per_page, second.total_items, second.total_pages) == (1, 0, 0, 0)
    assert second.items == [crud.model()]


# -- query merging ---------------------------------------------------------------------------


def test_get_list_query_merging(respx_mock: respx.MockRouter, crud: Crud) -> None:
    route = replies(respx_mock, *[ok({"items": []}) for _ in range(3)])
    query = {"perPage": 5, "x": "1", "page": 3, "$cancelKey": "k"}
    with client() as pb:
        get_list = method(pb, crud, "get_list")
        # caller keys override the values, page and perPage keep the first positions
        get_list(1, 30, query)
        get_list(2, 10, filter="a='b' && c>1", sort="-created,id", expand="rel,rel.sub")
        # keywords win over the same keys in query_params
        get_list(1, 30, {"filter": "old", "sort": "old", "y": None}, filter="new", sort="s")
    base = expected_base(HOST, crud)
    assert [url for _, url, _ in sent(route)] == [
        f"{base}?page=3&perPage=5&x=1",
        f"{base}?page=2&perPage=10&filter=a%3D'b'%20%26%26%20c%3E1&sort=-created%2Cid&expand=rel%2Crel.sub",
        f"{base}?page=1&perPage=30&filter=new&sort=s",
    ]
    assert query == {"perPage": 5, "x": "1", "page": 3, "$cancelKey": "k"}


def test_single_item_keywords(respx_mock: respx.MockRouter, crud: Crud) -> None:
    route = replies(respx_mock, *[ok({"id": "x"}) for _ in range(3)])
    query = {"q": 1}
    with client() as pb:
        method(pb, crud, "get_one")("x", query, expand="rel", filter="f", sort="s")
        method(pb, crud, "create")({"a": 1}, query, expand="rel")
        method(pb, crud, "update")("x", {"a": 1}, None, expand="rel")
    base = expected_base(HOST, crud)
    assert sent(route) == [
        ("GET", f"{base}/x?q=1&filter=f&sort=s&expand=rel", None),
        ("POST", f"{base}?q=1&expand=rel", {"a": 1}),
        ("PATCH", f"{base}/x?expand=rel", {"a": 1}),
    ]
    assert query == {"q": 1}


# -- ids are one path segment ------------------------------------------------------------

ODD_IDS = [
    ("abc=", "abc%3D"),
    ("a/b", "a%2Fb"),
    ("../x", "..%2Fx"),
    ("..", "%2E%2E"),
    (".", "%2E"),
    ("?", "%3F"),
    ("#", "%23"),
    ("%", "%25"),
    ("%2F", "%252F"),
    ("a b", "a%20b"),
    ("zażółć", "za%C5%BC%C3%B3%C5%82%C4%87"),
    ("@x&y=z", "%40x%26y%3Dz"),
]


@pytest.mark.parametrize(("raw", "encoded"), ODD_IDS, ids=[e for _, e in ODD_IDS])
def test_ids_are_encoded_as_one_segment(
    respx_mock: respx.MockRouter, crud: Crud, raw: str, encoded: str
) -> None:
    route = replies(respx_mock, ok({"id": "1"}), ok({"id": "2"}), httpx.Response(204))
    with client() as pb:
        method(pb, crud, "get_one")(raw)
        method(pb, crud, "update")(raw, {"a": 1})
        assert method(pb, crud, "delete")(raw) is True
    path = f"{crud.path}/{encoded}"
    assert [(c.request.method, c.request.url.raw_path.decode()) for c in route.calls] == [
        ("GET", path),
        ("PATCH", path),
        ("DELETE", path),
    ]


@pytest.mark.parametrize(("raw", "encoded"), ODD_IDS, ids=[e for _, e in ODD_IDS])
def test_record_collection_names_are_encoded_as_one_segment(
    respx_mock: respx.MockRouter, raw: str, encoded: str
) -> None:
    route = replies(
        respx_mock,
        ok({"items": []}),
        ok({"items": []}),
        ok({"id": "1"}),
        ok({"id": "2"}),
        ok({"id": "3"}),
        httpx.Response(204),
    )
    with client() as pb:
        pb.records.get_list(raw)
        pb.records.get_full_list(raw)
        pb.records.get_one(raw, "..")
        pb.records.create(raw, {})
        pb.records.update(raw, "a/b", {})
        pb.records.delete(raw, "?")
    base = f"/api/collections/{encoded}/records"
    assert [c.request.url.raw_path.decode() for c in route.calls] == [
        f"{base}?page=1&perPage=30",
        f"{base}?page=1&perPage=100",
        f"{base}/%2E%2E",
        base,
        f"{base}/a%2Fb",
        f"{base}/%3F",
    ]


# -- get_full_list paging -----------------------------------------------------------


class ClampingServer:
    """A list endpoint that pages like a 0.7 server.

    ``page <= 0`` becomes 1 and a page past the end is clamped to the last page (its items
    come back, not an empty list). ``reported_total`` lets a test make ``totalItems`` disagree
    with the rows that can actually be paged through.
    """

    def __init__(self, count: int, reported_total: int | None = None) -> None:
        self.rows = [{"id": f"r{i}"} for i in range(1, count + 1)]
        self.reported_total = reported_total

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = dict(parse_qsl(urlsplit(str(request.url)).query))
        per_page = int(query.get("perPage", 30))
        page = max(int(query.get("page", 1)), 1)
        total = len(self.rows)
        total_pages = -(-total // per_page)
        if total == 0:
            page = 1
        elif page > total_pages:
            page = total_pages
        items = self.rows[(page - 1) * per_page : page * per_page]
        return httpx.Response(
            200,
            json={
                "page": page,
                "perPage": per_page,
                "totalItems": total if self.reported_total is None else self.reported_total,
                "totalPages": total_pages,
                "items": items,
            },
        )


def pages_requested(route: respx.Route) -> list[tuple[str, str]]:
    out = []
    for call in route.calls:
        query = dict(parse_qsl(urlsplit(str(call.request.url)).query))
        out.append((query["page"], query["perPage"]))
    return out


@pytest.mark.parametrize(
    ("count", "batch", "pages"),
    [
        (5, 2, ["1", "2", "3"]),  # probed: total 5, batch 2 -> pages 1, 2, 3
        (4, 2, ["1", "2"]),  # the count reaches totalItems: no past-the-end request
        (0, 2, ["1"]),  # an empty first page stops
        (3, 100, ["1"]),
        (1, 1, ["1"]),
    ],
)
def test_get_full_list_stops_on_total_against_a_clamping_server(
    respx_mock: respx.MockRouter, crud: Crud, count: int, batch: int, pages: list[str]
) -> None:
    route = respx_mock.route().mock(side_effect=ClampingServer(count))
    with client() as pb:
        result = method(pb, crud, "get_full_list")(batch)
    assert pages_requested(route) == [(p, str(batch)) for p in pages]
    assert_items(result, crud, [f"r{i}" for i in range(1, count + 1)])


def test_get_full_list_default_batch_is_100_on_07(respx_mock: respx.MockRouter, crud: Crud) -> None:
    route = respx_mock.route().mock(side_effect=ClampingServer(150))
    with client() as pb:
        result = method(pb, crud, "get_full_list")()
    assert pages_requested(route) == [("1", "100"), ("2", "100")]
    assert "skipTotal" not in str(route.calls.last.request.url)
    assert len(result) == 150


def test_get_full_list_inconsistent_total_terminates(
    respx_mock: respx.MockRouter, crud: Crud
) -> None:
    """totalItems larger than the rows that can be paged through, on a clamping server.

    The reference rule only looks at the count, so it would add the clamped last page again
    and again until the count is reached. A past-the-end page that repeats the previous page
    exactly ends the loop instead (without the duplicates): pages 1 (r1 r2), 2 (r3), then 3
    clamped to page 2.
    """
    route = respx_mock.route().mock(side_effect=ClampingServer(3, reported_total=6))
    with client() as pb:
        result = method(pb, crud, "get_full_list")(2)
    assert pages_requested(route) == [(str(p), "2") for p in range(1, 4)]
    assert [item.id for item in result] == ["r1", "r2", "r3"]


def test_get_full_list_missing_total_stops_after_first_page(
    respx_mock: respx.MockRouter, crud: Crud
) -> None:
    route = replies(respx_mock, ok({"items": [{"id": "a"}, {"id": "b"}]}))
    with client() as pb:
        result = method(pb, crud, "get_full_list")(2)
    assert len(route.calls) == 1
    assert_items(result, crud, ["a", "b"])


def test_get_full_list_caller_page_overrides_every_request(
    respx_mock: respx.MockRouter, crud: Crud
) -> None:
    """A ``page`` in query_params is sent on every request: the same page
    is fetched again until the count reaches totalItems."""
    route = respx_mock.route().mock(side_effect=ClampingServer(4))
    query = {"page": 2, "filter": "x=1"}
    with client() as pb:
        result = method(pb, crud, "get_full_list")(2, query, sort="-id")
    base = expected_base(HOST, crud)
    assert [url for _, url, _ in sent(route)] == [
        f"{base}?page=2&perPage=2&filter=x%3D1&sort=-id",
        f"{base}?page=2&perPage=2&filter=x%3D1&sort=-id",
    ]
    assert [item.id for item in result] == ["r3", "r4", "r3", "r4"]
    assert query == {"page": 2, "filter": "x=1"}


def test_get_full_list_keywords_on_every_page(respx_mock: respx.MockRouter, crud: Crud) -> None:
    route = respx_mock.route().mock(side_effect=ClampingServer(3))
    with client() as pb:
        method(pb, crud, "get_full_list")(2, {"q": "v"}, filter="a>1", expand="e")
    base = expected_base(HOST, crud)
    assert [url for _, url, _ in sent(route)] == [
        f"{base}?page=1&perPage=2&q=v&filter=a%3E1&expand=e",
        f"{base}?page=2&perPage=2&q=v&filter=a%3E1&expand=e",
    ]


# -- errors ---------------------------------------------------------------------------------


def test_error_reply_raises_with_url_and_data(respx_mock: respx.MockRouter, crud: Crud) -> None:
    body = {"code": 404, "message": "The requested resource wasn't found.", "data": {}}
    replies(respx_mock, httpx.Response(404, json=body))
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            method(pb, crud, "get_one")("missing", {"q": 1})
    assert info.value.status == 404
    assert info.value.url == f"{expected_base(HOST, crud)}/missing?q=1"
    assert info.value.data == body
    assert str(info.value) == "The requested resource wasn't found."
