# Generated from tests/_async/test_integration_record_service.py by scripts/unasync.py. Do not edit: edit the async source.
"""``pb.collection(name, model=...)`` and ``pb.files`` against real servers: PocketBase
0.22.27 (``server_api`` "0.8") and 0.40.6 ("0.23"), with the async client here and the sync
client in the generated twin.

The same calls must mean the same thing on both generations: lists page with each server's
largest page, a file field update replaces, ``field+`` adds and ``field-`` removes, JSON values
keep their types in multipart bodies, protected files open with a file token, and writes to
the logged-in record update or clear the auth store.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pocketbase import ClientResponseError, NotFoundError, PocketBase
from pocketbase._compat import Event
from pocketbase.models import Admin, ListResult, Record, RecordSubscription, User
from pocketbase.testing import PocketBaseServer
from tests.integration.servers import VERSIONS, shared_server

pytestmark = pytest.mark.integration

#: "async" here, "sync" in the generated twin (the class name is rewritten, the text is not)
FLAVOUR = "async" if PocketBase.__name__.startswith("Async") else "sync"
PASSWORD = "a-Secret-123"
VIEW_ROWS = 1234


class Post(Record):
    """A record of the collection :func:`make_posts` creates."""

    title: str = ""
    views: int = 0
    tags: list[str] = []
    docs: list[str] = []
    one: str = ""
    secret: str = ""


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> PocketBaseServer:
    return shared_server(request.config, request.param)


@pytest.fixture
def pb(server: PocketBaseServer) -> Iterator[PocketBase]:
    """A client logged in as the server's admin (the cached token: no password hashing)."""
    with PocketBase(server.url, timeout=15) as client:
        client.auth_store.save(server.admin_token(), Admin(id="admin", email=server.admin_email))
        yield client


def unique(label: str) -> str:
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


def file_options(max_select: int, protected: bool = False) -> dict[str, Any]:
    return {"maxSelect": max_select, "maxSize": 1048576, "mimeTypes": [], "protected": protected}


def make_posts(pb: PocketBase, label: str, view_rule: str = "") -> str:
    name = unique(label)
    pb.collections.create(
        {
            "name": name,
            "type": "base",
            "listRule": "",
            "viewRule": view_rule,
            "createRule": "",
            "updateRule": "",
            "deleteRule": "",
            "schema": [
                {"name": "title", "type": "text"},
                {"name": "views", "type": "number"},
                {
                    "name": "tags",
                    "type": "select",
                    "options": {"maxSelect": 3, "values": ["a", "b", "c"]},
                },
                {"name": "meta", "type": "json"},
                {"name": "docs", "type": "file", "options": file_options(5)},
                {"name": "one", "type": "file", "options": file_options(1)},
                {"name": "secret", "type": "file", "options": file_options(1, protected=True)},
            ],
        }
    )
    return name


def make_view(pb: PocketBase, server: PocketBaseServer, rows: int) -> str:
    """A view collection of ``rows`` records (ids "1".."rows", field ``n``), made instantly."""
    name = unique("rows")
    numbers = ",".join(str(i) for i in range(1, rows + 1))
    query = f"SELECT CAST(value AS TEXT) AS id, value AS n FROM json_each('[{numbers}]')"
    body: dict[str, Any] = {"name": name, "type": "view", "listRule": ""}
    if server.generation == "0.8":
        body["options"] = {"query": query}
    else:
        body["viewQuery"] = query
    pb.send("/api/collections", {"method": "POST", "body": body})
    return name


def download(url: str) -> httpx.Response:
    with httpx.Client(trust_env=False) as http:
        return http.get(url)


#: upload names, told apart by their start (servers add a random part to stored names)
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "oscar", "papa", "sierra", "tango")


def prefix(name: str) -> str:
    """The original name of an uploaded file."""
    return next(word for word in WORDS if name.startswith(word))


# -- CRUD and lists --------------------------------------------------------------------------------


def test_every_record_method(pb: PocketBase) -> None:
    posts = pb.collection(make_posts(pb, "crud"), model=Post)
    created = [
        posts.create({"title": f"p{i}", "views": i, "tags": ["a", "b"][: i % 3]})
        for i in range(1, 4)
    ]
    assert [type(p) for p in created] == [Post, Post, Post]
    assert [(p.title, p.views, p.tags) for p in created] == [
        ("p1", 1, ["a"]),
        ("p2", 2, ["a", "b"]),
        ("p3", 3, []),
    ]
    assert created[0].collection_name == posts.collection_name
    assert created[0].created is not None and created[0].created.utcoffset() is not None

    page = posts.get_list(1, 2, sort="-views", fields=["id", "title", "views"])
    assert type(page) is ListResult[Post]
    assert [(p.title, p.views) for p in page.items] == [("p3", 3), ("p2", 2)]
    assert (page.page, page.per_page, page.total_items, page.total_pages) == (1, 2, 3, 2)
    skipped = posts.get_list(filter="views >= 2", skip_total=True, sort="views")
    assert [p.title for p in skipped.items] == ["p2", "p3"]
    assert (skipped.total_items, skipped.total_pages) == (-1, -1)  # not counted

    full = posts.get_full_list(batch=2, sort="views")
    assert [p.title for p in full] == ["p1", "p2", "p3"]
    walked = [p.title for p in posts.iterate(batch=2, sort="-views", prefetch=True)]
    assert walked == ["p3", "p2", "p1"]

    first = posts.get_first_list_item(pb.filter("title = {:t}", {"t": "p2"}))
    assert first.id == created[1].id
    with pytest.raises(NotFoundError):
        posts.get_first_list_item("title = 'nope'")

    one = posts.get_one(created[0].id, fields="id,title")
    assert (one.id, one.title, one.views) == (created[0].id, "p1", 0)  # views not sent

    updated = posts.update(created[0].id, {"views+": 10, "title": "changed"})
    assert (updated.title, updated.views) == ("changed", 11)
    assert posts.delete(created[0].id) is True
    with pytest.raises(NotFoundError):
        posts.get_one(created[0].id)
    assert [p.title for p in posts.get_full_list(sort="views")] == ["p2", "p3"]


def test_lists_page_with_the_largest_page_of_the_server(
    pb: PocketBase, server: PocketBaseServer
) -> None:
    rows = pb.collection(make_view(pb, server, VIEW_ROWS))
    asked: list[str] = []

    def count(response: httpx.Response, data: Any) -> Any:
        asked.append(response.url.params["perPage"])
        return data

    pb.after_send = count
    items = rows.get_full_list(sort="n")
    assert [int(r.id) for r in items] == list(range(1, VIEW_ROWS + 1))
    # 0.8-0.22 cap pages at 500 (and echo it), 0.23+ take 1000
    pages = ["500", "500", "500"] if server.generation == "0.8" else ["1000", "1000"]
    assert asked == pages
    asked.clear()
    seen = 0
    for record in rows.iterate(sort="n"):
        seen += 1
        assert record.n == seen
    assert seen == VIEW_ROWS and asked == pages


def test_superusers_crud_on_every_generation(pb: PocketBase, server: PocketBaseServer) -> None:
    superusers = pb.collection("_superusers")
    email = f"{FLAVOUR}-su-{secrets.token_hex(4)}@example.com"
    created = superusers.create({"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD})
    assert (created.email, created.collection_name) == (email, "_superusers")
    found = superusers.get_first_list_item(pb.filter("email = {:e}", {"e": email}))
    assert found.id == created.id
    listed = superusers.get_full_list(sort="created")
    assert server.admin_email in [r.email for r in listed] and email in [r.email for r in listed]
    assert (superusers.get_one(created.id)).email == email
    changed = "x" + email
    assert (superusers.update(created.id, {"email": changed})).email == changed
    assert superusers.delete(created.id) is True
    with pytest.raises(NotFoundError):
        superusers.get_one(created.id)


# -- bodies and files ------------------------------------------------------------------------------


def test_file_fields_replace_append_and_remove(pb: PocketBase) -> None:
    posts = pb.collection(make_posts(pb, "files"), model=Post)
    post = posts.create(
        {"title": "f", "tags": ["a", "c"], "meta": {"k": [1, 2]}, "views": 7},
        files={"docs": [("alpha.txt", b"A"), ("bravo.txt", b"B")], "one": ("oscar.txt", b"O")},
    )
    assert sorted(map(prefix, post.docs)) == ["alpha", "bravo"] and prefix(post.one) == "oscar"
    # JSON values keep their types beside the files
    assert (post.title, post.tags, post.meta, post.views) == ("f", ["a", "c"], {"k": [1, 2]}, 7)

    replaced = posts.update(post.id, {"docs": [("charlie.txt", b"C")], "one": ("papa.txt", b"P")})
    assert list(map(prefix, replaced.docs)) == ["charlie"] and prefix(replaced.one) == "papa"
    appended = posts.update(post.id, {"docs+": ("delta.txt", b"D"), "tags": ["b"]})
    assert list(map(prefix, appended.docs)) == ["charlie", "delta"] and appended.tags == ["b"]
    removed = posts.update(post.id, {"docs-": [appended.docs[0]]})
    assert list(map(prefix, removed.docs)) == ["delta"]
    kept = posts.update(post.id, {"docs": [removed.docs[0], ("echo.txt", b"E")]})
    assert list(map(prefix, kept.docs)) == ["delta", "echo"]
    url = pb.files.get_url(kept, kept.docs[1], download=True)
    response = download(url)
    assert response.status_code == 200 and response.content == b"E"
    assert response.headers["content-disposition"].startswith("attachment")
    cleared = posts.update(post.id, {"docs": [], "one": None})
    assert (cleared.docs, cleared.one) == ([], "")

    # the seed's records.update keeps adding uploads, as on 0.7
    seeded = pb.records.update(posts.collection_name, post.id, {"docs": ("sierra.txt", b"S")})
    again = pb.records.update(posts.collection_name, post.id, {"docs": ("tango.txt", b"T")})
    assert len(seeded["docs"]) == 1 and sorted(map(prefix, again["docs"])) == ["sierra", "tango"]


def test_protected_files_open_with_a_file_token(pb: PocketBase) -> None:
    # a protected file needs a token whose auth passes the view rule
    posts = pb.collection(
        make_posts(pb, "protected", view_rule="@request.auth.id != ''"), model=Post
    )
    post = posts.create({"title": "s"}, files={"secret": ("sierra.txt", b"SECRET")})
    url = pb.files.get_url(post, post.secret)
    assert (download(url)).status_code in (403, 404)
    token = pb.files.get_token()
    assert token
    response = download(pb.files.get_url(post, post.secret, token=token))
    assert response.status_code == 200 and response.content == b"SECRET"
    with PocketBase(pb.base_url) as guest:
        with pytest.raises(ClientResponseError) as info:
            guest.files.get_token()
        assert info.value.status in (400, 401)


def test_writes_to_the_logged_in_record_update_or_clear_the_store(
    pb: PocketBase, server: PocketBaseServer
) -> None:
    email = f"{FLAVOUR}-{secrets.token_hex(4)}@example.com"
    created = pb.collection("users").create(
        {"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD, "name": "Ann"}
    )
    with PocketBase(server.url) as me:
        auth = me.users.auth_via_email(email, PASSWORD)
        token = auth.token
        assert isinstance(me.auth_store.model, User) and me.auth_store.model.name == "Ann"
        users = me.collection("users")
        updated = users.update(created.id, {"name": "Bob"})
        assert updated.name == "Bob"
        model = me.auth_store.model
        assert type(model) is User and (model.name, model.email) == ("Bob", email)
        assert me.auth_store.token == token
        # another user's record leaves the store alone
        other = pb.collection("users").create(
            {"email": "o" + email, "password": PASSWORD, "passwordConfirm": PASSWORD}
        )
        pb.collection("users").update(other.id, {"name": "Other"})
        assert me.auth_store.token == token
        assert users.delete(created.id) is True
        assert (me.auth_store.token, me.auth_store.model) == ("", None)
        pb.collection("users").delete(other.id)


# -- realtime ---------------------------------------------------------------------------------------


def test_subscribe_delivers_typed_events_with_its_options(pb: PocketBase) -> None:
    posts = pb.collection(make_posts(pb, "live"), model=Post)
    got: list[RecordSubscription[Post]] = []
    everything: list[RecordSubscription[Post]] = []
    arrived = Event()

    def on_high(event: RecordSubscription[Post]) -> None:
        got.append(event)
        arrived.set()

    remove = posts.subscribe("*", on_high, filter="views > 5", fields="id,title")
    posts.subscribe("*", everything.append)
    posts.create({"title": "low", "views": 1})
    high = posts.create({"title": "high", "views": 10})
    assert arrived.wait(10)
    # one stream delivers in order: "low" would have come first, had the filter let it through
    assert [(type(e.record), e.action, e.record.title) for e in got] == [(Post, "create", "high")]
    assert got[0].record.id == high.id and got[0].record.views == 0  # not in `fields`
    remove()

    with posts.events(high.id) as events:
        posts.update(high.id, {"views": 11})
        event = events.get(timeout=10)
        assert (type(event.record), event.action, event.record.views) == (Post, "update", 11)
    assert [e.record.title for e in everything][:2] == ["low", "high"]
    posts.unsubscribe()
    assert pb.realtime.subscriptions == []
