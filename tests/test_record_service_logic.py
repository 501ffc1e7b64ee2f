"""The sans-I/O pieces of ``pb.collection(name)``: the JS SDK 0.28.1 query serialisation, the
multipart shapes of each generation (with the 0.23+ meaning of file fields), bodies, paging,
file URLs, typed realtime events and the auth-store sync of writes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

import pydantic
import pytest

from pocketbase import ClientResponseError, NotFoundError
from pocketbase._auth_store import BaseAuthStore, sync_deleted_record, sync_updated_record
from pocketbase._generations import GENERATIONS
from pocketbase._http import serialize_query
from pocketbase._services import (
    PageWalker,
    full_list_size,
    modern_body,
    modern_file_url,
    not_found_error,
    page_query,
)
from pocketbase.models import Record, User

G07, G08, G23 = GENERATIONS["0.7"], GENERATIONS["0.8"], GENERATIONS["0.23"]
WHEN = datetime(2026, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc)


class Post(Record):
    title: str = ""
    views: int = 0


# -- query serialisation (modern-surface §2.1-2.2) -----------------------------------------------


def test_modern_query_recorded_example() -> None:
    params = {
        "page": 2,
        "perPage": 20,
        "extra": "q",
        "list": ["a", "b"],
        "skipped": None,
        "filter": "count > 1 && title ~ 'x'",
        "sort": "-created,id",
        "expand": "author",
        "fields": "id,title,expand.author.name",
        "skipTotal": True,
        "customTopLevel": "moved-to-query",
    }
    assert serialize_query(params, modern=True) == (
        "page=2&perPage=20&extra=q&list=a&list=b&filter=count%20%3E%201%20%26%26%20title%20~%20'x'"
        "&sort=-created%2Cid&expand=author&fields=id%2Ctitle%2Cexpand.author.name&skipTotal=true"
        "&customTopLevel=moved-to-query"
    )


def test_modern_query_values_differ_from_the_seed_rules() -> None:
    params = {"d": WHEN, "l": [None, {"k": 1}, WHEN, [1, 2], True], "o": {"a": [1]}, "n": None}
    assert serialize_query(params, modern=True) == (
        "d=2026-01-02%2003%3A04%3A05.006Z"
        "&l=%7B%22k%22%3A1%7D&l=2026-01-02%2003%3A04%3A05.006Z&l=%5B1%2C2%5D&l=true"
        "&o=%7B%22a%22%3A%5B1%5D%7D"
    )
    # the seed keeps the JS SDK 0.7.4 rules: ISO dates with "T", "null" and [object Object]
    assert serialize_query(params) == (
        "d=2026-01-02T03%3A04%3A05.006Z"
        "&l=null&l=%5Bobject%20Object%5D&l=2026-01-02T03%3A04%3A05.006Z&l=1%2C2&l=true"
        "&o=%7B%22a%22%3A%5B1%5D%7D"
    )


def test_modern_query_naive_and_offset_dates_are_utc() -> None:
    naive = datetime(2026, 1, 2, 3, 4, 5)
    offset = datetime(2026, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    assert serialize_query({"a": naive, "b": offset}, modern=True) == (
        "a=2026-01-02%2003%3A04%3A05.000Z&b=2026-01-02%2003%3A04%3A05.000Z"
    )


def test_page_query_puts_the_paging_keys_first() -> None:
    assert list(page_query(3, 50, {"skipTotal": 1, "filter": "x"})) == [
        "page",
        "perPage",
        "skipTotal",
        "filter",
    ]


# -- bodies ---------------------------------------------------------------------------------------


def test_modern_body_from_mappings_models_and_files() -> None:
    assert modern_body(None) == {}
    assert modern_body({"a": 1}) == {"a": 1}
    post = Post(title="Hi")
    post.extra_field = "x"
    assert modern_body(post) == {"title": "Hi", "extra_field": "x"}  # unset fields left out
    assert modern_body(Post.model_validate({"id": "r1", "views": 3})) == {"id": "r1", "views": 3}

    class Aliased(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(populate_by_name=True)
        email_visibility: bool = pydantic.Field(default=False, alias="emailVisibility")
        name: str = ""

    assert modern_body(Aliased(email_visibility=True)) == {"emailVisibility": True}

    f1, f2 = ("a.txt", b"a"), ("b.txt", b"b")
    assert modern_body({"title": "t"}, {"docs": f1}) == {"title": "t", "docs": f1}
    assert modern_body({"docs": ["keep.txt"]}, {"docs": [f1, f2]}) == {"docs": ["keep.txt", f1, f2]}
    assert modern_body({"docs": f1}, {"docs": f2}) == {"docs": [f1, f2]}


def test_modern_body_rejects_other_types_clearly() -> None:
    with pytest.raises(ClientResponseError, match="Invalid body: expected a mapping or a pydantic"):
        modern_body(["not", "a", "body"])


# -- multipart shapes ------------------------------------------------------------------------------


def file_names(files: list[tuple[str, tuple[str, Any, str]]]) -> list[tuple[str, str]]:
    return [(key, part[0]) for key, part in files]


def test_no_file_means_json_on_every_generation() -> None:
    for gen in (G07, G08, G23):
        assert gen.records.modern_multipart({"a": [1], "b": None}, update=True) is None


def test_023_multipart_follows_the_js_sdk() -> None:
    body = {
        "title": "t",
        "count": 5,
        "flag": True,
        "tags": ["a", "b"],
        "meta": {"k": [1]},
        "nul": None,
        "when": WHEN,
        "empty": [],
        "docs": [("a.txt", b"a", "text/plain"), "keep.txt", b"raw"],
        "docs+": ("n.txt", b"n"),
        "one": ("o.png", b"o"),
    }
    parts = G23.records.modern_multipart(body, update=True)
    assert parts is not None
    data, files = parts
    assert data == {
        "title": "t",
        "count": "5",
        "flag": "true",
        "@jsonPayload": [
            '{"tags":["a","b"]}',
            '{"meta":{"k":[1]}}',
            '{"nul":null}',
            '{"when":"2026-01-02T03:04:05.006Z"}',
            '{"empty":[]}',
        ],
        "docs": "keep.txt",
    }
    assert file_names(files) == [
        ("docs", "a.txt"),
        ("docs", "blob"),
        ("docs+", "n.txt"),
        ("one", "o.png"),
    ]
    assert files[0][1] == ("a.txt", b"a", "text/plain")
    assert files[3][1] == ("o.png", b"o", "image/png")


def test_023_create_and_update_send_the_same_shape() -> None:
    body = {"docs": [("a.txt", b"a")]}
    assert G23.records.modern_multipart(body, update=False) == G23.records.modern_multipart(
        body, update=True
    )


def test_08_multipart_has_form_fields_only() -> None:
    body = {
        "title": "t",
        "count": 5,
        "flag": False,
        "rel": ["a", "b"],
        "rel+": ["c", "d"],
        "docs-": ["old1.txt", "old2.txt"],
        "nums": [1, 2],
        "meta": {"k": 1},
        "nul": None,
        "empty": [],
        "when": WHEN,
        "one": ("o.txt", b"o"),
    }
    for gen in (G07, G08):
        parts = gen.records.modern_multipart(body, update=False)
        assert parts is not None
        data, files = parts
        assert data == {
            "title": "t",
            "count": "5",
            "flag": "false",
            "rel": ["a", "b"],  # a plain multi-value field reads the repeated parts
            "rel+": '["c","d"]',  # a modifier reads only the first part, but JSON text whole
            "docs-": '["old1.txt","old2.txt"]',
            "nums": "[1,2]",
            "meta": '{"k":1}',
            "nul": "",
            "empty": "",
            "when": "2026-01-02T03:04:05.006Z",
        }
        assert "@jsonPayload" not in data
        assert file_names(files) == [("one", "o.txt")]


def test_08_update_bridges_the_023_file_meaning() -> None:
    files_only = [("a.txt", b"a"), ("b.txt", b"b")]
    parts = G08.records.modern_multipart(
        {
            "docs": files_only,  # replace: an empty part clears the old files first
            "keep": ["k.txt", ("c.txt", b"c")],  # names beside uploads: keep those, add these
            "add+": ("d.txt", b"d"),  # append: the plain name appends on 0.8-0.22
            "single": ("s.txt", b"s"),  # a single file replaces too
        },
        update=True,
    )
    assert parts is not None
    data, files = parts
    assert data == {"docs": "", "keep": "k.txt", "single": ""}
    assert file_names(files) == [
        ("docs", "a.txt"),
        ("docs", "b.txt"),
        ("keep", "c.txt"),
        ("add", "d.txt"),
        ("single", "s.txt"),
    ]
    # a create has no old files: no clearing part, the `+` still goes
    created = G08.records.modern_multipart(
        {"docs": files_only, "add+": ("d.txt", b"d")}, update=False
    )
    assert created is not None
    assert created[0] == {}
    assert file_names(created[1]) == [("docs", "a.txt"), ("docs", "b.txt"), ("add", "d.txt")]


def test_08_replace_and_append_of_one_field_in_one_update() -> None:
    parts = G08.records.modern_multipart(
        {"docs+": ("n.txt", b"n"), "docs": ("r.txt", b"r")}, update=True
    )
    assert parts is not None
    assert parts[0] == {"docs": ""}  # replaced by both uploads, as 0.23+ does
    assert file_names(parts[1]) == [("docs", "n.txt"), ("docs", "r.txt")]


# -- routes ------------------------------------------------------------------------------------------


def test_superusers_are_the_admins_api_before_023() -> None:
    for gen in (G07, G08):
        assert gen.records.crud_path("_superusers") == "/api/admins"
        one = gen.records.crud_normalizer("_superusers", many=False)
        many = gen.records.crud_normalizer("_superusers", many=True)
        assert one is not None and many is not None
        assert one({"id": "a1", "email": "x"}) == {
            "id": "a1",
            "email": "x",
            "collectionName": "_superusers",
        }
        assert many({"page": 1, "items": [{"id": "a1"}]}) == {
            "page": 1,
            "items": [{"id": "a1", "collectionName": "_superusers"}],
        }
        assert many({"items": None}) == {"items": None} and one([]) == []
        assert gen.records.crud_path("my posts") == "/api/collections/my%20posts/records"
        assert gen.records.crud_normalizer("posts", many=True) is None
    assert G23.records.crud_path("_superusers") == "/api/collections/_superusers/records"
    assert G23.records.crud_normalizer("_superusers", many=False) is None


# -- paging ------------------------------------------------------------------------------------------


def items(*ids: str) -> list[Record]:
    return [Record(id=i) for i in ids]


def test_page_walker_with_skip_total_compares_with_the_echoed_per_page() -> None:
    walker = PageWalker(1000, True)
    # a 0.8-0.22 server caps at 500 and echoes it: a full page of 500 is not the last
    assert walker.take(items(*map(str, range(500))), 500, 0) == (True, False)
    assert walker.page == 2
    assert walker.take(items("x"), 500, 0) == (True, True)
    assert walker.fetched == 501
    # no echo: the requested size
    walker = PageWalker(2, True)
    assert walker.take(items("a", "b"), 0, 0) == (True, False)
    assert walker.take(items("c"), 0, 0) == (True, True)


def test_page_walker_with_totals_and_odd_replies() -> None:
    walker = PageWalker(2, False)
    assert walker.take(items("a", "b"), 2, 3) == (True, False)
    assert walker.take(items("c"), 2, 3) == (True, True)
    walker = PageWalker(2, False)
    assert walker.take(items("a", "b"), 2, 9) == (True, False)
    assert walker.take(items("a", "b"), 2, 9) == (False, True)  # a clamped repeat: no new items
    assert walker.take([], 2, 9) == (False, True)
    assert PageWalker(2, True).take([], 2, 0) == (False, True)


def test_full_list_size() -> None:
    assert full_list_size(1000, G23.max_per_page) == 1000
    assert full_list_size(1000, G08.max_per_page) == 500
    assert full_list_size(200, G08.max_per_page) == 200
    for bad in (0, -1, 1.5, True, "10"):
        with pytest.raises(ClientResponseError, match="batch must be a positive int"):
            full_list_size(bad, 500)  # type: ignore[arg-type]


def test_not_found_error_is_the_js_client_side_404() -> None:
    error = not_found_error("http://x/api/collections/p/records?page=1")
    assert isinstance(error, NotFoundError)
    assert (error.status, error.url) == (404, "http://x/api/collections/p/records?page=1")
    assert error.data == {
        "code": 404,
        "message": "The requested resource wasn't found.",
        "data": {},
    }
    assert str(error) == "The requested resource wasn't found."


# -- file URLs (modern-surface §6.1) -----------------------------------------------------------


def test_modern_file_url() -> None:
    record = Record.model_validate({"id": "r 1", "collectionId": "c/1", "collectionName": "posts"})
    base = "http://h/sub/"
    assert modern_file_url(base, record, "a b.png", None) == (
        "http://h/sub/api/files/c%2F1/r%201/a%20b.png"
    )
    assert modern_file_url(base, record, "a.png", {"token": "T K", "thumb": "0x50t"}) == (
        "http://h/sub/api/files/c%2F1/r%201/a.png?token=T%20K&thumb=0x50t"
    )
    assert modern_file_url(base, record, "a.png", {"thumb": None, "download": True}) == (
        "http://h/sub/api/files/c%2F1/r%201/a.png?download=true"
    )
    by_name = {"id": "r1", "collectionName": "posts"}
    assert modern_file_url("http://h", by_name, "x.txt", {}) == "http://h/api/files/posts/r1/x.txt"
    assert modern_file_url("http://h", {"id": "r1", "collectionId": ".."}, "..", {}) == (
        "http://h/api/files/%2E%2E/r1/%2E%2E"
    )
    for record_like in ({"id": "r1"}, {"collectionId": "c"}, {"id": 5, "collectionId": "c"}, 42):
        assert modern_file_url("http://h", record_like, "x.txt", {}) == ""
    assert modern_file_url("http://h", by_name, "", {}) == ""


# -- auth store sync ------------------------------------------------------------------------------------

USER_TOKEN = (
    "eyJhbGciOiJIUzI1NiJ9."
    "eyJjb2xsZWN0aW9uSWQiOiJfcGJfdXNlcnNfYXV0aF8iLCJpZCI6InUxIiwidHlwZSI6ImF1dGgifQ.sig"
)


def stored_record() -> Record:
    return Record.model_validate(
        {
            "id": "u1",
            "collectionId": "_pb_users_auth_",
            "collectionName": "users",
            "email": "u@example.com",
            "name": "Ann",
            "expand": {"team": {"id": "t1"}},
        }
    )


def test_update_of_the_stored_record_merges_into_it() -> None:
    store = BaseAuthStore()
    store.save(USER_TOKEN, stored_record())
    seen: list[Any] = []
    store.on_change(lambda token, model: seen.append(token))
    reply = Record.model_validate(
        {"id": "u1", "collectionName": "users", "name": "Bob", "expand": {"org": {"id": "o1"}}}
    )
    sync_updated_record(store, "users", reply)
    record = store.record
    assert record is not None and type(record) is Record
    assert (record.name, record.email, record.collection_id) == (
        "Bob",
        "u@example.com",
        "_pb_users_auth_",
    )
    assert sorted(record.expand) == ["org", "team"]
    assert store.token == USER_TOKEN and seen == [USER_TOKEN]
    # by collection id too; another record or collection changes nothing
    sync_updated_record(store, "_pb_users_auth_", Record(id="u1", name="Cy"))
    assert store.record is not None and store.record.name == "Cy"
    for collection, record_id in (("posts", "u1"), ("users", "u2"), ("users", "")):
        sync_updated_record(store, collection, Record(id=record_id, name="No"))
        assert store.record is not None and store.record.name == "Cy"
    assert len(seen) == 2


def test_update_keeps_a_typed_record_and_a_seed_user_their_type() -> None:
    class Member(Record):
        name: str = ""

    store = BaseAuthStore()
    store.save(USER_TOKEN, Member.model_validate(stored_record().model_dump(by_alias=True)))
    sync_updated_record(store, "users", Record(id="u1", name="Bob"))
    assert type(store.record) is Member and store.record.name == "Bob"

    seed = BaseAuthStore()
    user = User.model_validate(
        {"id": "u1", "email": "u@example.com", "collectionId": "_pb_users_auth_"}
    )
    seed.save(USER_TOKEN, user)
    # the JS SDK's rule: the collection must be the stored record's id or name
    sync_updated_record(seed, "users", Record(id="u1", email="no@example.com"))
    assert seed.model is user
    seed.save(USER_TOKEN, user.model_copy(update={"collection_name": "users"}))
    sync_updated_record(seed, "users", Record(id="u1", email="new@example.com", verified=True))
    assert type(seed.model) is User
    assert (seed.model.email, seed.model.verified) == ("new@example.com", True)
    # still a seed store: the cookie keeps the seed's {"token","model"} shape
    cookie = json.loads(unquote(seed.export_to_cookie().split(";")[0].split("=", 1)[1]))
    assert sorted(cookie) == ["model", "token"]
    assert cookie["model"]["email"] == "new@example.com"


def test_delete_of_the_stored_record_clears_the_store() -> None:
    store = BaseAuthStore()
    store.save(USER_TOKEN, stored_record())
    sync_deleted_record(store, "posts", "u1")
    sync_deleted_record(store, "users", "u2")
    assert store.token == USER_TOKEN
    sync_deleted_record(store, "users", "u1")
    assert (store.token, store.record) == ("", None)
    empty = BaseAuthStore()
    sync_deleted_record(empty, "users", "")
    assert empty.token == ""


def test_a_store_changed_meanwhile_is_not_overwritten() -> None:
    store = BaseAuthStore()
    store.save(USER_TOKEN, stored_record())
    state = store._state
    store.save("other", Record(id="x"))
    store._update(state._replace(token="stale"), expected=state)
    assert store.token == "other"
