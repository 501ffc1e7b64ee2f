# Generated from tests/_async/test_record_service.py by scripts/unasync.py. Do not edit: edit the async source.
"""``pb.collection(name, model=...)`` and ``pb.files`` on the wire (respx): the exact requests
of every method and option, on each server generation, and what comes back.

The realtime methods are checked here for the calls they make to ``pb.realtime``; their
end-to-end tests run against real servers (test_integration_record_service.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from typing import Any

import httpx
import pytest
import respx

from pocketbase import (
    ClientResponseError,
    NotFoundError,
    PocketBase,
    RecordService,
    RequestCancelledError,
    UnsupportedFeatureError,
)
from pocketbase._compat import Event, sleep
from pocketbase._realtime import RealtimeUsageError
from pocketbase._sync.services.realtime import RealtimeService
from pocketbase._sync.services.record_service import PREFETCH_NAME
from pocketbase.models import ListResult, Record, RecordSubscription, User
from tests.concurrency import Workers, gather

BASE = "http://pb.test"
POSTS = f"{BASE}/api/collections/posts/records"
TOKEN = (
    "eyJhbGciOiJIUzI1NiJ9."
    "eyJjb2xsZWN0aW9uSWQiOiJfcGJfdXNlcnNfYXV0aF8iLCJpZCI6InUxIiwidHlwZSI6ImF1dGgifQ.sig"
)


class Post(Record):
    title: str = ""
    views: int = 0


def client(server_api: str = "0.23") -> PocketBase:
    return PocketBase(BASE, server_api=server_api)  # type: ignore[arg-type]


def page(items: list[dict[str, Any]], per_page: int, page_no: int = 1, total: int = -1) -> Any:
    return httpx.Response(
        200,
        json={
            "page": page_no,
            "perPage": per_page,
            "totalItems": total,
            "totalPages": -1 if total < 0 else 1,
            "items": items,
        },
    )


def ids(*names: str) -> list[dict[str, Any]]:
    return [{"id": name} for name in names]


def urls(route: respx.Route) -> list[str]:
    return [str(call.request.url) for call in route.calls]


Part = tuple[str, "str | None", bytes]


def parts_of(request: httpx.Request) -> list[Part]:
    """(name, filename, payload) of every multipart part, in wire order."""
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    out: list[Part] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        out.append((name, part.get_filename(), payload))
    return out


# -- collection() ---------------------------------------------------------------------------


def test_collection_is_cached_per_name_and_model() -> None:
    with client() as pb:
        posts = pb.collection("posts")
        assert isinstance(posts, RecordService)
        assert posts is pb.collection("posts")
        assert (posts.collection_name, posts.model) == ("posts", Record)
        typed = pb.collection("posts", model=Post)
        assert typed is pb.collection("posts", Post) and typed is not posts
        assert typed.model is Post
        assert repr(typed) == "<AsyncRecordService collection_name='posts' model=Post>".replace(
            "Async", "Async" if PocketBase.__name__.startswith("Async") else ""
        )
        assert typed.base_crud_path == "/api/collections/posts/records"
        assert pb.collection("my coll/ä").base_crud_path == (
            "/api/collections/my%20coll%2F%C3%A4/records"
        )


def test_collection_rejects_a_bad_name_or_model() -> None:
    with client() as pb:
        with pytest.raises(ClientResponseError, match="model must be a Record subclass"):
            pb.collection("users", model=User)  # type: ignore[type-var]
        with pytest.raises(ClientResponseError, match="collection name must be a str, got int"):
            pb.collection(5)  # type: ignore[call-overload]


# -- get_list ---------------------------------------------------------------------------------


def test_get_list_defaults(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(POSTS).mock(return_value=page(ids("a"), 30, total=1))
    with client() as pb:
        pb.auth_store.save(TOKEN, None)
        result = pb.collection("posts").get_list()
    assert urls(route) == [f"{POSTS}?page=1&perPage=30"]
    request = route.calls[0].request
    assert request.method == "GET" and request.content == b""
    assert request.headers["Authorization"] == TOKEN
    assert request.headers["Accept-Language"] == "en-US"
    assert type(result) is ListResult[Record]
    assert [item.id for item in result.items] == ["a"] and result.total_items == 1


def test_get_list_every_option_as_the_js_sdk(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        return_value=page([{"id": "p1", "title": "Hi"}], 20, 2)
    )
    with client() as pb:
        result = pb.collection("posts", model=Post).get_list(
            2,
            20,
            filter="count > 1 && title ~ 'x'",
            sort="-created,id",
            expand="author",
            fields=["id", "title", "expand.author.name"],
            skip_total=True,
            query={"extra": "q", "list": ["a", "b"], "skipped": None},
            headers={"X-Custom": "1"},
            request_key="my-key",
        )
    # the recorded JS SDK 0.28.1 request of modern-surface §2.2
    assert urls(route) == [
        f"{POSTS}?page=2&perPage=20&extra=q&list=a&list=b"
        "&filter=count%20%3E%201%20%26%26%20title%20~%20'x'&sort=-created%2Cid&expand=author"
        "&fields=id%2Ctitle%2Cexpand.author.name&skipTotal=true"
    ]
    assert route.calls[0].request.headers["X-Custom"] == "1"
    assert type(result.items[0]) is Post and result.items[0].title == "Hi"
    assert (result.page, result.per_page, result.total_items) == (
        2,
        20,
        -1,
    )  # skipTotal: not counted


def test_request_keys(respx_mock: respx.MockRouter) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        sleep(0.3)
        return page([], 30)

    respx_mock.get(url__startswith=POSTS).mock(side_effect=slow)
    with client() as pb:
        posts = pb.collection("posts")
        # the default key (method + path): the second call cancels the first
        first, second = gather(posts.get_list, posts.get_list, stagger=0.1)
        assert isinstance(first, RequestCancelledError) and isinstance(second, ListResult)
        # None: never auto-cancelled; distinct keys do not meet
        results = gather(lambda: posts.get_list(request_key=None), posts.get_list, stagger=0.1)
        assert all(isinstance(r, ListResult) for r in results)
        results = gather(
            lambda: posts.get_list(request_key="a"),
            lambda: posts.get_list(request_key="b"),
            stagger=0.1,
        )
        assert all(isinstance(r, ListResult) for r in results)


# -- get_full_list --------------------------------------------------------------------------


def test_get_full_list_on_023(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page(ids("a", "b"), 2), page(ids("c"), 2, 2)]
    )
    with client() as pb:
        items = pb.collection("posts", Post).get_full_list(
            batch=2, filter="count > 0", query={"page": 9, "perPage": 5, "x": 1}
        )
    assert [type(i) for i in items] == [Post, Post, Post]
    assert [i.id for i in items] == ["a", "b", "c"]
    assert urls(route) == [
        f"{POSTS}?page=1&perPage=2&skipTotal=1&x=1&filter=count%20%3E%200",
        f"{POSTS}?page=2&perPage=2&skipTotal=1&x=1&filter=count%20%3E%200",
    ]


def test_get_full_list_pages_with_the_largest_page_of_each_generation(
    respx_mock: respx.MockRouter,
) -> None:
    full = [{"id": f"r{i}"} for i in range(500)]
    route = respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page(full, 500), page(ids("last"), 500, 2)]
    )
    with client("0.8") as pb:
        items = pb.collection("posts").get_full_list(sort="id")
    assert len(items) == 501
    assert urls(route) == [
        f"{POSTS}?page=1&perPage=500&skipTotal=1&sort=id",
        f"{POSTS}?page=2&perPage=500&skipTotal=1&sort=id",
    ]
    route.reset()
    route.side_effect = [page(ids("a"), 1000)]
    with client("0.23") as pb:
        assert len(pb.collection("posts").get_full_list()) == 1
    assert urls(route) == [f"{POSTS}?page=1&perPage=1000&skipTotal=1"]
    # a smaller batch is asked for as is; a server that echoes a smaller page is followed
    route.reset()
    route.side_effect = [page(ids("a", "b"), 2), page([], 2, 2)]
    with client("0.23") as pb:
        assert len(pb.collection("posts").get_full_list(batch=300)) == 2
    assert urls(route) == [
        f"{POSTS}?page=1&perPage=300&skipTotal=1",
        f"{POSTS}?page=2&perPage=300&skipTotal=1",
    ]


def test_get_full_list_on_07_counts(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page(ids("a", "b"), 2, 1, total=3), page(ids("c"), 2, 2, total=3)]
    )
    with client("0.7") as pb:
        items = pb.collection("posts").get_full_list(batch=2)
    assert [i.id for i in items] == ["a", "b", "c"]
    assert urls(route) == [f"{POSTS}?page=1&perPage=2", f"{POSTS}?page=2&perPage=2"]


def test_get_full_list_rejects_a_bad_batch_before_sending(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.route()
    with client() as pb:
        for bad in (0, -5):
            with pytest.raises(ClientResponseError, match="batch must be a positive int"):
                pb.collection("posts").get_full_list(batch=bad)
    assert route.calls == []


# -- iterate ------------------------------------------------------------------------------------


def test_iterate_fetches_pages_lazily(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page(ids("a", "b"), 2), page(ids("c"), 2, 2)]
    )
    with client() as pb:
        iterator = pb.collection("posts", Post).iterate(batch=2, expand=["author"])
        assert route.calls == []  # nothing before the first item is asked for
        first = iterator.__next__()
        assert type(first) is Post and first.id == "a"
        assert len(route.calls) == 1
        assert (iterator.__next__()).id == "b"
        assert len(route.calls) == 1
        rest = [item.id for item in iterator]
    assert rest == ["c"]
    assert urls(route) == [
        f"{POSTS}?page=1&perPage=2&skipTotal=1&expand=author",
        f"{POSTS}?page=2&perPage=2&skipTotal=1&expand=author",
    ]


def test_iterate_is_not_cancelled_by_a_call_with_the_default_key(
    respx_mock: respx.MockRouter,
) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        sleep(0.3)
        return page(ids("a"), 30)

    respx_mock.get(url__startswith=POSTS).mock(side_effect=slow)
    with client() as pb:
        posts = pb.collection("posts")

        def consume() -> list[str]:
            return [item.id for item in posts.iterate()]

        walked, listed = gather(consume, posts.get_list, stagger=0.1)
        assert walked == ["a"] and isinstance(listed, ListResult)
        # with a key it can be cancelled like any call
        walked, listed = gather(lambda: posts.get_full_list(), posts.get_list, stagger=0.1)
        assert isinstance(walked, RequestCancelledError)


def test_iterate_with_prefetch_asks_for_the_next_page_early(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page(ids("a", "b"), 2), page(ids("c", "d"), 2, 2), page([], 2, 3)]
    )
    with client() as pb:
        iterator = pb.collection("posts").iterate(batch=2, prefetch=True)
        assert (iterator.__next__()).id == "a"
        for _ in range(100):
            if len(route.calls) == 2:
                break
            sleep(0.01)
        assert len(route.calls) == 2  # page 2 is on its way while page 1 is consumed
        assert [item.id for item in iterator] == ["b", "c", "d"]
    assert urls(route)[1] == f"{POSTS}?page=2&perPage=2&skipTotal=1"
    assert len(route.calls) == 3
    assert Workers.alive(PREFETCH_NAME) == []


def test_leaving_iterate_early_stops_the_prefetch(respx_mock: respx.MockRouter) -> None:
    release = Event()

    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "1":
            return page(ids("a", "b"), 2)
        release.wait(0.5)  # a slow second page
        return page(ids("c"), 2, 2)

    respx_mock.get(url__startswith=POSTS).mock(side_effect=pages)
    with client() as pb:
        posts = pb.collection("posts")
        iterator = posts.iterate(batch=2, prefetch=True)
        assert (iterator.__next__()).id == "a"
        iterator.close()  # type: ignore[attr-defined]
        assert Workers.alive(PREFETCH_NAME) == []
        assert [item.id for item in iterator] == []

        # leaving a loop (the iterator is dropped) stops it too
        for item in posts.iterate(batch=2, prefetch=True):
            assert item.id == "a"
            break
        assert Workers.alive(PREFETCH_NAME) == []


def test_iterate_raises_a_failed_page(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page(ids("a", "b"), 2), httpx.Response(403, json={"message": "No."})]
    )
    with client() as pb:
        iterator = pb.collection("posts").iterate(batch=2, prefetch=True)
        seen = [(iterator.__next__()).id, (iterator.__next__()).id]
        with pytest.raises(ClientResponseError) as info:
            iterator.__next__()
        assert info.value.status == 403 and seen == ["a", "b"]
        with pytest.raises(StopIteration):
            iterator.__next__()


# -- get_first_list_item ------------------------------------------------------------------------


def test_get_first_list_item(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        side_effect=[page([{"id": "p1", "title": "x"}], 1), page([], 1)]
    )
    with client() as pb:
        posts = pb.collection("posts", Post)
        found = posts.get_first_list_item("title = 'x'", expand="author", query={"a": 1})
        assert type(found) is Post and found.id == "p1"
        with pytest.raises(NotFoundError) as info:
            posts.get_first_list_item("title = 'none'")
    assert urls(route) == [
        f"{POSTS}?page=1&perPage=1&filter=title%20%3D%20'x'&skipTotal=1&a=1&expand=author",
        f"{POSTS}?page=1&perPage=1&filter=title%20%3D%20'none'&skipTotal=1",
    ]
    error = info.value
    assert (error.status, error.url) == (404, "")  # a client-side 404, as the JS SDK 0.28.1
    assert error.data == {
        "code": 404,
        "message": "The requested resource wasn't found.",
        "data": {},
    }


def test_get_first_list_item_default_key_and_07(respx_mock: respx.MockRouter) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        sleep(0.3)
        return page(ids("a"), 1)

    route = respx_mock.get(url__startswith=POSTS).mock(side_effect=slow)
    with client("0.7") as pb:
        posts = pb.collection("posts")

        def cancel() -> None:
            pb.cancel_request("one_by_filter_/api/collections/posts/records_a = 1")

        result, _ = gather(lambda: posts.get_first_list_item("a = 1"), cancel, stagger=0.1)
        assert isinstance(result, RequestCancelledError)
        assert (posts.get_first_list_item("a = 1")).id == "a"
    # respx records a call once it is answered (the sync client's cancelled call is answered)
    assert set(urls(route)) == {f"{POSTS}?page=1&perPage=1&filter=a%20%3D%201"}  # 0.7: no skipTotal


# -- one record --------------------------------------------------------------------------------


def test_get_one(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(url__startswith=POSTS).mock(
        return_value=httpx.Response(200, json={"id": "a b", "title": "T"})
    )
    with client() as pb:
        post = pb.collection("posts", Post).get_one(
            "a b", expand=["x", "y"], fields="id,title", headers={"X-A": "1"}
        )
        assert type(post) is Post and post.title == "T"
        with pytest.raises(NotFoundError, match="Missing required record id.") as info:
            pb.collection("posts").get_one("")
    assert urls(route) == [f"{POSTS}/a%20b?expand=x%2Cy&fields=id%2Ctitle"]
    assert route.calls[0].request.headers["X-A"] == "1"
    assert info.value.url == f"{POSTS}/"


def test_create_with_a_json_body(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(url__startswith=POSTS).mock(
        return_value=httpx.Response(200, json={"id": "n1", "title": "Hi", "views": 2})
    )
    with client() as pb:
        posts = pb.collection("posts", Post)
        created = posts.create({"title": "Hi", "tags": ["a"]}, fields="id,title,views")
        assert type(created) is Post and (created.id, created.views) == ("n1", 2)
        posts.create(Post(title="Model"))  # unset fields are left out
        posts.create({})
        posts.create()
    assert urls(route) == [f"{POSTS}?fields=id%2Ctitle%2Cviews", POSTS, POSTS, POSTS]
    bodies = [call.request.content for call in route.calls]
    # no body at all without values, as the JS SDK 0.28.1 (0.23+ servers read no values)
    assert bodies == [b'{"title":"Hi","tags":["a"]}', b'{"title":"Model"}', b"{}", b""]
    assert [c.request.headers["Content-Type"] for c in route.calls] == ["application/json"] * 4


@pytest.mark.parametrize(("server_api", "sent"), [("0.23", b""), ("0.8", b"{}"), ("0.7", b"{}")])
def test_create_and_update_without_values(
    respx_mock: respx.MockRouter, server_api: str, sent: bytes
) -> None:
    """Servers before 0.23 refuse a JSON request without a body, so they get ``{}``."""
    created = respx_mock.post(POSTS).mock(return_value=httpx.Response(200, json={"id": "n1"}))
    updated = respx_mock.patch(f"{POSTS}/n1").mock(
        return_value=httpx.Response(200, json={"id": "n1"})
    )
    with client(server_api) as pb:
        pb.collection("posts").create()
        pb.collection("posts").update("n1")
    for route in (created, updated):
        request = route.calls.last.request
        assert (request.content, request.headers["Content-Type"]) == (sent, "application/json")


def test_create_with_files_on_023(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(POSTS).mock(return_value=httpx.Response(200, json={"id": "n1"}))
    with client() as pb:
        pb.collection("posts").create(
            {"title": "t", "count": 2, "tags": ["a"]},
            files={"docs": [("a.txt", b"A", "text/plain"), ("b.txt", b"B")]},
        )
    assert parts_of(route.calls[0].request) == [
        ("title", None, b"t"),
        ("count", None, b"2"),
        ("@jsonPayload", None, b'{"tags":["a"]}'),
        ("docs", "a.txt", b"A"),
        ("docs", "b.txt", b"B"),
    ]


def test_create_with_files_on_08(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(POSTS).mock(return_value=httpx.Response(200, json={"id": "n1"}))
    with client("0.8") as pb:
        pb.collection("posts").create(
            {"title": "t", "tags": ["a", "b"], "meta": {"k": 1}, "docs+": ("a.txt", b"A")}
        )
    assert parts_of(route.calls[0].request) == [
        ("title", None, b"t"),
        ("tags", None, b"a"),
        ("tags", None, b"b"),
        ("meta", None, b'{"k":1}'),
        ("docs", "a.txt", b"A"),
    ]


def test_update_file_fields_mean_the_same_on_every_generation(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.patch(f"{POSTS}/r1").mock(
        return_value=httpx.Response(200, json={"id": "r1"})
    )
    body = {"docs": ("new.txt", b"N"), "more+": ("m.txt", b"M"), "old-": ["x.txt"]}
    with client("0.23") as pb:
        pb.collection("posts").update("r1", body)
    with client("0.8") as pb:
        pb.collection("posts").update("r1", body)
    # 0.23+ replaces on a plain name and adds on `field+` itself
    assert parts_of(route.calls[0].request) == [
        ("@jsonPayload", None, b'{"old-":["x.txt"]}'),
        ("docs", "new.txt", b"N"),
        ("more+", "m.txt", b"M"),
    ]
    # 0.8-0.22: an empty part clears `docs` first; `more+` goes under the plain name (adds)
    assert parts_of(route.calls[1].request) == [
        ("docs", None, b""),
        ("old-", None, b'["x.txt"]'),
        ("docs", "new.txt", b"N"),
        ("more", "m.txt", b"M"),
    ]


def test_the_seed_update_keeps_appending(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.patch(f"{POSTS}/r1").mock(
        return_value=httpx.Response(200, json={"id": "r1"})
    )
    with client("0.23") as pb:
        pb.records.update("posts", "r1", {"docs": ("new.txt", b"N")})
        pb.collection("posts").update("r1", {"docs": ("new.txt", b"N")})
    assert [p[0] for p in parts_of(route.calls[0].request)] == ["docs+"]
    assert [p[0] for p in parts_of(route.calls[1].request)] == ["docs"]


def test_update_and_delete_sync_the_auth_store(respx_mock: respx.MockRouter) -> None:
    respx_mock.patch(url__startswith=f"{BASE}/api/collections/users/records/u1").mock(
        return_value=httpx.Response(
            200, json={"id": "u1", "collectionName": "users", "name": "Bob"}
        )
    )
    respx_mock.delete(f"{BASE}/api/collections/users/records/u2").mock(
        return_value=httpx.Response(204)
    )
    respx_mock.delete(f"{BASE}/api/collections/users/records/u1").mock(
        return_value=httpx.Response(204)
    )
    with client() as pb:
        pb.auth_store.save(
            TOKEN,
            Record.model_validate(
                {
                    "id": "u1",
                    "collectionId": "_pb_users_auth_",
                    "collectionName": "users",
                    "email": "u@example.com",
                    "name": "Ann",
                }
            ),
        )
        users = pb.collection("users")
        updated = users.update("u1", {"name": "Bob"}, fields="id,collectionName,name")
        assert updated.name == "Bob"
        stored = pb.auth_store.record
        assert stored is not None and (stored.name, stored.email) == ("Bob", "u@example.com")
        assert pb.auth_store.token == TOKEN
        assert users.delete("u2") is True
        assert pb.auth_store.token == TOKEN
        # the seed's records service never touches the store
        assert pb.records.delete("users", "u1") is True
        assert pb.auth_store.token == TOKEN
        assert users.delete("u1") is True
        assert (pb.auth_store.token, pb.auth_store.record) == ("", None)


def test_delete_and_empty_ids(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.delete(url__startswith=POSTS).mock(return_value=httpx.Response(204))
    with client() as pb:
        posts = pb.collection("posts")
        assert posts.delete("a/b", query={"x": 1}, headers={"X-D": "1"}) is True
        with pytest.raises(NotFoundError, match="Missing required record id."):
            posts.delete("")
        with pytest.raises(NotFoundError, match="Missing required record id."):
            posts.update("", {"a": 1})
    assert urls(route) == [f"{POSTS}/a%2Fb?x=1"]
    assert route.calls[0].request.headers["X-D"] == "1"


def test_a_bad_body_is_refused_before_sending(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route()
    with client() as pb:
        with pytest.raises(ClientResponseError, match="Invalid body"):
            pb.collection("posts").create(["a"])  # type: ignore[arg-type]
    assert route.calls == []


def test_a_reply_of_the_wrong_shape_is_a_root_error(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(url__startswith=POSTS).mock(
        return_value=httpx.Response(200, json={"id": "a", "views": "many"})
    )
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.collection("posts", Post).get_one("a")
    assert type(info.value) is ClientResponseError and info.value.status == 200
    assert "views" in str(info.value)


def test_superusers_crud_reaches_the_admins_api_before_023(
    respx_mock: respx.MockRouter,
) -> None:
    admins = f"{BASE}/api/admins"
    listed = respx_mock.get(url__startswith=admins).mock(
        return_value=page([{"id": "a1", "email": "a@x.io"}], 30, total=1)
    )
    patched = respx_mock.patch(f"{admins}/a1").mock(
        return_value=httpx.Response(200, json={"id": "a1", "email": "b@x.io"})
    )
    with client("0.8") as pb:
        superusers = pb.collection("_superusers")
        result = superusers.get_list(filter="email ~ 'x'")
        assert [(r.id, r.collection_name) for r in result.items] == [("a1", "_superusers")]
        updated = superusers.update("a1", {"email": "b@x.io"})
        assert (updated.email, updated.collection_name) == ("b@x.io", "_superusers")
    assert urls(listed) == [f"{admins}?page=1&perPage=30&filter=email%20~%20'x'"]
    assert json.loads(patched.calls[0].request.content) == {"email": "b@x.io"}
    # the seed's records service keeps its path on every server
    seed = respx_mock.get(url__startswith=f"{BASE}/api/collections/_superusers/records").mock(
        return_value=page([], 30)
    )
    with client("0.8") as pb:
        pb.records.get_list("_superusers")
    assert len(seed.calls) == 1


# -- files --------------------------------------------------------------------------------------


def test_file_urls_make_no_request(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route()
    record = Record.model_validate({"id": "r1", "collectionId": "c1", "collectionName": "posts"})
    with PocketBase("http://h/sub/") as pb:
        files = pb.files
        assert files is pb.files
        assert files.get_url(record, "a b.png") == "http://h/sub/api/files/c1/r1/a%20b.png"
        assert files.get_url(record, "a.png", thumb="100x100", download=True, token="T") == (
            "http://h/sub/api/files/c1/r1/a.png?thumb=100x100&download=true&token=T"
        )
        assert files.get_url(record, "a.png", download=False, query={"v": 2}) == (
            "http://h/sub/api/files/c1/r1/a.png?v=2"
        )
        assert files.get_url({"id": "r1", "collectionName": "posts"}, "x") == (
            "http://h/sub/api/files/posts/r1/x"
        )
        assert files.get_url(record, "") == ""
    assert route.calls == []


def test_get_token(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/api/files/token").mock(
        side_effect=[
            httpx.Response(200, json={"token": "FT"}),
            httpx.Response(200, json={}),
            httpx.Response(200, json={"token": 5}),
        ]
    )
    with client() as pb:
        pb.auth_store.save(TOKEN, None)
        assert pb.files.get_token() == "FT"
        assert pb.files.get_token(headers={"X-F": "1"}) == ""
        with pytest.raises(ClientResponseError) as info:
            pb.files.get_token()
    assert type(info.value) is ClientResponseError and info.value.status == 200
    request = route.calls[0].request
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/api/files/token")
    assert request.headers["Authorization"] == TOKEN
    assert route.calls[1].request.headers["X-F"] == "1"


def test_get_token_needs_015(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route()
    with client("0.7") as pb:
        with pytest.raises(UnsupportedFeatureError) as info:
            pb.files.get_token()
    assert str(info.value) == (
        "protected file tokens need PocketBase 0.15 or later; this server is 0.7"
    )
    assert route.calls == []


# -- realtime: the calls made to pb.realtime (end to end in the integration tests) -----------


class FakeRealtime:
    """Records the realtime service calls of the record service."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, Any, Any]] = []
        self.callbacks: list[Callable[[Any], Any]] = []
        self.removed: list[str] = []
        self.unsubscribed: list[str] = []
        self.prefixes: list[str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        fake = self

        def listen(
            self: Any,
            topic: str,
            callback: Callable[[Any], Any],
            *,
            query: Any = None,
            headers: Any = None,
            model: Any = None,
        ) -> Any:
            fake.calls.append((topic, query, headers, model))
            fake.callbacks.append(callback)

            def remove() -> None:
                fake.removed.append(topic)

            return remove

        def unsubscribe(self: Any, subscription: str = "") -> None:
            fake.unsubscribed.append(subscription)

        def unsubscribe_by_prefix(self: Any, prefix: str) -> None:
            fake.prefixes.append(prefix)

        monkeypatch.setattr(RealtimeService, "listen", listen)
        monkeypatch.setattr(RealtimeService, "unsubscribe", unsubscribe)
        monkeypatch.setattr(RealtimeService, "unsubscribe_by_prefix", unsubscribe_by_prefix)


def test_subscribe_listens_with_the_options_and_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeRealtime()
    fake.install(monkeypatch)
    seen: list[RecordSubscription[Post]] = []
    with client() as pb:
        posts = pb.collection("posts", Post)
        remove = posts.subscribe("*", seen.append)
        posts.subscribe(
            "r1",
            seen.append,
            filter="views > 5",
            expand="author",
            fields=["id", "title"],
            headers={"X-Token": "abc"},
        )
        posts.subscribe("r2", seen.append, query={})
        pb.collection("posts").subscribe("*", seen.append)
        assert fake.calls == [
            ("posts/*", None, None, Post),  # no options: the plain topic
            (
                "posts/r1",
                {"filter": "views > 5", "expand": "author", "fields": "id,title"},
                {"X-Token": "abc"},
                Post,
            ),
            ("posts/r2", {}, None, Post),
            ("posts/*", None, None, Record),
        ]
        assert fake.callbacks == [seen.append] * 4
        remove()
        assert fake.removed == ["posts/*"]
        posts.unsubscribe("r1")
        posts.unsubscribe()
        assert (fake.unsubscribed, fake.prefixes) == (["posts/r1"], ["posts"])
        with pytest.raises(RealtimeUsageError):
            posts.subscribe("", seen.append)


def test_events_iterates_typed_events(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRealtime()
    fake.install(monkeypatch)
    with client() as pb:
        events = pb.collection("posts", Post).events(filter="views > 1")
        assert fake.calls == []  # subscribed on entering the block
        with events:
            assert fake.calls == [("posts/*", {"filter": "views > 1"}, None, Post)]
            pushed = RecordSubscription[Post].model_validate(
                {"action": "delete", "record": {"id": "p9", "title": "Gone"}}
            )
            fake.callbacks[0](pushed)
            assert events.get(timeout=1) is pushed
            with pytest.raises(TimeoutError):
                events.get(timeout=0.05)
        assert fake.removed == ["posts/*"]
        with pytest.raises(StopIteration):
            events.get()
