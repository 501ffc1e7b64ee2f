# Generated from tests/_async/test_records.py by scripts/unasync.py. Do not edit: edit the async source.
"""Records service specifics on the 0.7 wire protocol, for both flavours: file URLs, multipart uploads, typed records and expand round trips.

The CRUD suite itself (``sub=`` collection, ``test_base_url///``-style base) is in
test_crud_services.py.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser
from typing import Any

import httpx
import pytest
import respx

from pocketbase import ClientResponseError
from pocketbase.models import ListResult, Record
from tests._sync.helpers import client
from tests.wire import BASE, ok, replies

Part = tuple[str, "str | None", "str | None", bytes]


def parts_of(request: httpx.Request) -> list[Part]:
    """(name, filename, Content-Type or None, payload) of every part, in wire order, read with
    the stdlib email parser."""
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    assert message.is_multipart()
    out: list[Part] = []
    for part in message.iter_parts():
        assert part.get_content_disposition() == "form-data"
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        out.append((name, part.get_filename(), part["Content-Type"], payload))
    return out


# -- get_file_url --------------------------------------------------------------


def upstream_record() -> Record:
    return Record.model_validate({"id": "456", "@collectionId": "123"})


def test_file_url_formatted() -> None:
    with client("test_base_url///") as pb:
        assert (
            pb.records.get_file_url(upstream_record(), "demo.png")
            == "test_base_url/api/files/123/456/demo.png"
        )


def test_file_url_with_query_params() -> None:
    with client("test_base_url///") as pb:
        assert (
            pb.records.get_file_url(upstream_record(), "demo.png", {"test": "abc"})
            == "test_base_url/api/files/123/456/demo.png?test=abc"
        )


def test_file_url_concatenates_additional_query_params() -> None:
    with client("test_base_url///") as pb:
        assert (
            pb.records.get_file_url(upstream_record(), "demo.png?test=abc", {"thumb": "100x200"})
            == "test_base_url/api/files/123/456/demo.png?test=abc&thumb=100x200"
        )


@pytest.mark.parametrize(
    ("base", "record", "filename", "query", "url"),
    [
        ("", {"id": "r", "@collectionId": "c"}, "f.png", None, "/api/files/c/r/f.png"),
        ("/", {"id": "r", "@collectionId": "c"}, "f.png", {}, "/api/files/c/r/f.png"),
        (
            BASE,
            {"id": "r", "@collectionId": "c"},
            "f.png",
            {"thumb": "100x200"},
            f"{BASE}/api/files/c/r/f.png?thumb=100x200",
        ),
        (
            BASE,
            {"id": "r", "@collectionId": "c"},
            "f.png",
            {"a": "x y&z"},
            f"{BASE}/api/files/c/r/f.png?a=x+y%26z",
        ),
        # segments are not encoded (reference)
        (
            BASE,
            {"id": "r 1", "@collectionId": "c"},
            "a b.png",
            None,
            f"{BASE}/api/files/c/r 1/a b.png",
        ),
        # the collection name is used when there is no id (0.8+ style records have both)
        (
            BASE,
            {"id": "r", "collectionId": "cid", "collectionName": "posts"},
            "f.png",
            None,
            f"{BASE}/api/files/cid/r/f.png",
        ),
        (
            BASE,
            {"id": "r", "collectionName": "posts"},
            "f.png",
            None,
            f"{BASE}/api/files/posts/r/f.png",
        ),
    ],
)
def test_file_url_cases(
    base: str, record: dict[str, Any], filename: str, query: dict[str, Any] | None, url: str
) -> None:
    with client(base) as pb:
        assert pb.records.get_file_url(Record.model_validate(record), filename, query) == url
        # a plain dict (e.g. a realtime payload) works the same
        assert pb.records.get_file_url(record, filename, query) == url


def test_file_url_makes_no_request(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.route().respond(500)
    with client() as pb:
        pb.records.get_file_url(upstream_record(), "demo.png", {"thumb": "100x100"})
    assert not route.called


# -- multipart uploads -----------------------------------------------------


def test_create_with_files_is_multipart(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"id": "new1", "@collectionId": "c", "title": "hé"}))
    avatar = io.BytesIO(b"\x89PNG avatar")
    avatar.name = "/home/me/pictures/avatar.png"
    body = {
        "title": "hé",
        "documents": [("a.txt", b"first file", "text/plain"), ("b.pdf", b"%PDF second")],
        "avatar": avatar,
        "published": True,
        "draft": False,
        "views": 42,
        "rating": 4.5,
        "tags": ["x", "y z"],
        "meta": {"k": [1, None], "é": True},
        "nothing": None,
    }
    with client() as pb:
        record = pb.records.create("posts", body, {"expand": "rel"})
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == f"{BASE}/api/collections/posts/records?expand=rel"
    assert parts_of(request) == [
        ("title", None, None, "hé".encode()),
        ("published", None, None, b"true"),
        ("draft", None, None, b"false"),
        ("views", None, None, b"42"),
        ("rating", None, None, b"4.5"),
        ("tags", None, None, b"x"),
        ("tags", None, None, b"y z"),
        ("meta", None, None, '{"k":[1,null],"é":true}'.encode()),
        ("nothing", None, None, b""),
        ("documents", "a.txt", "text/plain", b"first file"),
        ("documents", "b.pdf", "application/pdf", b"%PDF second"),
        ("avatar", "avatar.png", "image/png", b"\x89PNG avatar"),
    ]
    assert type(record) is Record
    assert (record.id, record.collection_id, record.title) == ("new1", "c", "hé")
    # the caller's dict is untouched
    assert body["avatar"] is avatar and len(body) == 10


def test_update_with_files_is_multipart(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"id": "r/1"}))
    with client() as pb:
        pb.records.update(
            "posts",
            "r/1",
            {"onefile": b"raw bytes", "manyfiles.0": "", "manyfiles": [b"x", b"y"], "n": 1.0},
        )
    request = route.calls.last.request
    assert request.method == "PATCH"
    assert request.url.raw_path == b"/api/collections/posts/records/r%2F1"
    assert parts_of(request) == [
        ("manyfiles.0", None, None, b""),
        ("n", None, None, b"1"),
        ("onefile", "blob", "application/octet-stream", b"raw bytes"),
        ("manyfiles", "blob", "application/octet-stream", b"x"),
        ("manyfiles", "blob", "application/octet-stream", b"y"),
    ]


def test_crud_services_upload_files_too(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"id": "u"}))
    with client() as pb:
        pb.users.update("u", {"avatar": ("me.png", b"img")})
    assert parts_of(route.calls.last.request) == [("avatar", "me.png", "image/png", b"img")]


def test_body_without_files_is_json(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"id": "a"}), ok({"id": "a"}))
    with client() as pb:
        # tuples of strings and empty lists are values, never files
        pb.records.create("posts", {"pair": ("a", "b"), "files": [], "n": 1.0})
        pb.records.update("posts", "a", {"onefile": None, "manyfiles.1": ""})
    first, second = (call.request for call in route.calls)
    assert first.headers["Content-Type"] == "application/json"
    assert first.content == b'{"pair":["a","b"],"files":[],"n":1}'
    assert json.loads(second.content) == {"onefile": None, "manyfiles.1": ""}


def test_unreadable_file_object_is_a_client_error(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({}))
    with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            pb.records.create("posts", {"f": io.StringIO("text mode")})
    assert info.value.status == 0
    assert info.value.original_error is not None
    assert not route.called


# -- typed records --------------------------------------------------------------------------


class Post(Record):
    title: str = ""
    views: int = 0


POST = {
    "@collectionId": "c1",
    "@collectionName": "posts",
    "created": "2022-05-17 16:56:07.668",
    "id": "p1",
    "title": "Hello",
    "updated": "2022-07-19 09:56:45.278",
    "views": 3,
    "extra": [1],
}


def test_model_keyword_gives_typed_records(respx_mock: respx.MockRouter) -> None:
    page = {"page": 1, "perPage": 30, "totalItems": 1, "totalPages": 1, "items": [POST]}
    route = replies(respx_mock, ok(page), ok(page), ok(POST), ok(POST), ok(POST))
    with client() as pb:
        listed = pb.records.get_list("posts", model=Post)
        full = pb.records.get_full_list("posts", model=Post)
        one = pb.records.get_one("posts", "p1", model=Post)
        created = pb.records.create("posts", {"title": "Hello"}, model=Post)
        updated = pb.records.update("posts", "p1", {"views": 3}, model=Post)
    assert isinstance(listed, ListResult)
    for post in [*listed.items, *full, one, created, updated]:
        assert type(post) is Post
        assert (post.id, post.title, post.views) == ("p1", "Hello", 3)
        assert post.created == datetime(2022, 5, 17, 16, 56, 7, 668000, tzinfo=timezone.utc)
        assert post.collection_name == "posts"
        assert post["extra"] == [1]
        assert post.export() == {**POST, "@expand": {}}
    assert [c.request.method for c in route.calls] == ["GET", "GET", "GET", "POST", "PATCH"]


def test_default_model_is_record(respx_mock: respx.MockRouter) -> None:
    replies(respx_mock, ok(POST))
    with client() as pb:
        record = pb.records.get_one("posts", "p1")
    assert type(record) is Record
    assert (record.title, record["views"], record.get("missing", "d")) == ("Hello", 3, "d")


# -- expand round trip through the service --------------------------

DEMO_848: dict[str, Any] = {
    "@collectionId": "3f2888f8-075d-49fe-9d09-ea7e951000dc",
    "@collectionName": "demo",
    "created": "2022-05-17 16:55:49.123",
    "file": "",
    "id": "848a1dea-5ddd-42d6-a00d-030547bffcfe",
    "text": "test",
    "updated": "2022-05-17 16:55:49.123",
}
DEMO_577: dict[str, Any] = {
    **DEMO_848,
    "id": "577bd676-aacb-4072-b7da-99d00ee210a4",
    "text": "test2",
}
DEMO2: dict[str, Any] = {
    "@collectionId": "2c1010aa-b8fe-41d9-a980-99534ca8a167",
    "@collectionName": "demo2",
    "@expand": {"manyrels": [DEMO_848, DEMO_577], "onerel": DEMO_848},
    "bool": True,
    "cascaderel": "577bd676-aacb-4072-b7da-99d00ee210a4",
    "created": "2022-05-17 16:56:07.668",
    "datetime": "",
    "email": "test2@example.com",
    "file": "",
    "id": "63c2ab80-84ab-4057-a592-4604a731f78f",
    "json": None,
    "manyrels": [DEMO_848["id"], DEMO_577["id"]],
    "number": 456,
    "onerel": DEMO_848["id"],
    "select": [],
    "selfrel": "",
    "text": "test2",
    "updated": "2022-07-19 09:56:45.278",
    "url": "",
    "user": "",
}


def test_expand_round_trip_through_get_one(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok(DEMO2))
    with client() as pb:
        record = pb.records.get_one("demo2", DEMO2["id"], expand="manyrels,onerel")
    assert str(route.calls.last.request.url) == (
        f"{BASE}/api/collections/demo2/records/{DEMO2['id']}?expand=manyrels%2Conerel"
    )
    onerel = record.expand["onerel"]
    manyrels = record.expand["manyrels"]
    assert isinstance(onerel, Record) and onerel.id == DEMO_848["id"]
    assert isinstance(manyrels, list) and [type(r) for r in manyrels] == [Record, Record]
    assert [r.text for r in manyrels] == ["test", "test2"]
    # expanded records have no @expand of their own: the export adds the seed's default {}
    expected = {
        **DEMO2,
        "@expand": {
            "manyrels": [{**DEMO_848, "@expand": {}}, {**DEMO_577, "@expand": {}}],
            "onerel": {**DEMO_848, "@expand": {}},
        },
    }
    assert record.export() == expected
    assert Record.model_validate(record.export()).export() == expected
