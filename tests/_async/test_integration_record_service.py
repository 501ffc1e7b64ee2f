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
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from pocketbase import AsyncPocketBase, ClientResponseError, NotFoundError
from pocketbase._compat import AsyncEvent
from pocketbase.models import Admin, ListResult, Record, RecordSubscription, User
from pocketbase.testing import PocketBaseServer
from tests.integration.servers import VERSIONS, shared_server

pytestmark = pytest.mark.integration

#: "async" here, "sync" in the generated twin (the class name is rewritten, the text is not)
FLAVOUR = "async" if AsyncPocketBase.__name__.startswith("Async") else "sync"
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
async def pb(server: PocketBaseServer) -> AsyncIterator[AsyncPocketBase]:
    """A client logged in as the server's admin (the cached token: no password hashing)."""
    async with AsyncPocketBase(server.url, timeout=15) as client:
        client.auth_store.save(server.admin_token(), Admin(id="admin", email=server.admin_email))
        yield client


def unique(label: str) -> str:
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


def file_options(max_select: int, protected: bool = False) -> dict[str, Any]:
    return {"maxSelect": max_select, "maxSize": 1048576, "mimeTypes": [], "protected": protected}


async def make_posts(pb: AsyncPocketBase, label: str, view_rule: str = "") -> str:
    name = unique(label)
    await pb.collections.create(
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


async def make_view(pb: AsyncPocketBase, server: PocketBaseServer, rows: int) -> str:
    """A view collection of ``rows`` records (ids "1".."rows", field ``n``), made instantly."""
    name = unique("rows")
    numbers = ",".join(str(i) for i in range(1, rows + 1))
    query = f"SELECT CAST(value AS TEXT) AS id, value AS n FROM json_each('[{numbers}]')"
    body: dict[str, Any] = {"name": name, "type": "view", "listRule": ""}
    if server.generation == "0.8":
        body["options"] = {"query": query}
    else:
        body["viewQuery"] = query
    await pb.send("/api/collections", {"method": "POST", "body": body})
    return name


async def download(url: str) -> httpx.Response:
    async with httpx.AsyncClient(trust_env=False) as http:
        return await http.get(url)


#: upload names, told apart by their start (servers add a random part to stored names)
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "oscar", "papa", "sierra", "tango")


def prefix(name: str) -> str:
    """The original name of an uploaded file."""
    return next(word for word in WORDS if name.startswith(word))


# -- CRUD and lists --------------------------------------------------------------------------------


async def test_every_record_method(pb: AsyncPocketBase) -> None:
    posts = pb.collection(await make_posts(pb, "crud"), model=Post)
    created = [
        await posts.create({"title": f"p{i}", "views": i, "tags": ["a", "b"][: i % 3]})
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

    page = await posts.get_list(1, 2, sort="-views", fields=["id", "title", "views"])
    assert type(page) is ListResult[Post]
    assert [(p.title, p.views) for p in page.items] == [("p3", 3), ("p2", 2)]
    assert (page.page, page.per_page, page.total_items, page.total_pages) == (1, 2, 3, 2)
    skipped = await posts.get_list(filter="views >= 2", skip_total=True, sort="views")
    assert [p.title for p in skipped.items] == ["p2", "p3"]
    assert (skipped.total_items, skipped.total_pages) == (-1, -1)  # not counted

    full = await posts.get_full_list(batch=2, sort="views")
    assert [p.title for p in full] == ["p1", "p2", "p3"]
    walked = [p.title async for p in posts.iterate(batch=2, sort="-views", prefetch=True)]
    assert walked == ["p3", "p2", "p1"]

    first = await posts.get_first_list_item(pb.filter("title = {:t}", {"t": "p2"}))
    assert first.id == created[1].id
    with pytest.raises(NotFoundError):
        await posts.get_first_list_item("title = 'nope'")

    one = await posts.get_one(created[0].id, fields="id,title")
    assert (one.id, one.title, one.views) == (created[0].id, "p1", 0)  # views not sent

    updated = await posts.update(created[0].id, {"views+": 10, "title": "changed"})
    assert (updated.title, updated.views) == ("changed", 11)
    assert await posts.delete(created[0].id) is True
    with pytest.raises(NotFoundError):
        await posts.get_one(created[0].id)
    assert [p.title for p in await posts.get_full_list(sort="views")] == ["p2", "p3"]


async def test_lists_page_with_the_largest_page_of_the_server(
    pb: AsyncPocketBase, server: PocketBaseServer
) -> None:
    rows = pb.collection(await make_view(pb, server, VIEW_ROWS))
    asked: list[str] = []

    def count(response: httpx.Response, data: Any) -> Any:
        asked.append(response.url.params["perPage"])
        return data

    pb.after_send = count
    items = await rows.get_full_list(sort="n")
    assert [int(r.id) for r in items] == list(range(1, VIEW_ROWS + 1))
    # 0.8-0.22 cap pages at 500 (and echo it), 0.23+ take 1000
    pages = ["500", "500", "500"] if server.generation == "0.8" else ["1000", "1000"]
    assert asked == pages
    asked.clear()
    seen = 0
    async for record in rows.iterate(sort="n"):
        seen += 1
        assert record.n == seen
    assert seen == VIEW_ROWS and asked == pages


async def test_superusers_crud_on_every_generation(
    pb: AsyncPocketBase, server: PocketBaseServer
) -> None:
    superusers = pb.collection("_superusers")
    email = f"{FLAVOUR}-su-{secrets.token_hex(4)}@example.com"
    created = await superusers.create(
        {"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD}
    )
    assert (created.email, created.collection_name) == (email, "_superusers")
    found = await superusers.get_first_list_item(pb.filter("email = {:e}", {"e": email}))
    assert found.id == created.id
    listed = await superusers.get_full_list(sort="created")
    assert server.admin_email in [r.email for r in listed] and email in [r.email for r in listed]
    assert (await superusers.get_one(created.id)).email == email
    changed = "x" + email
    assert (await superusers.update(created.id, {"email": changed})).email == changed
    assert await superusers.delete(created.id) is True
    with pytest.raises(NotFoundError):
        await superusers.get_one(created.id)


# -- bodies and files ------------------------------------------------------------------------------


async def test_file_fields_replace_append_and_remove(pb: AsyncPocketBase) -> None:
    posts = pb.collection(await make_posts(pb, "files"), model=Post)
    post = await posts.create(
        {"title": "f", "tags": ["a", "c"], "meta": {"k": [1, 2]}, "views": 7},
        files={"docs": [("alpha.txt", b"A"), ("bravo.txt", b"B")], "one": ("oscar.txt", b"O")},
    )
    assert sorted(map(prefix, post.docs)) == ["alpha", "bravo"] and prefix(post.one) == "oscar"
    # JSON values keep their types beside the files
    assert (post.title, post.tags, post.meta, post.views) == ("f", ["a", "c"], {"k": [1, 2]}, 7)

    replaced = await posts.update(
        post.id, {"docs": [("charlie.txt", b"C")], "one": ("papa.txt", b"P")}
    )
    assert list(map(prefix, replaced.docs)) == ["charlie"] and prefix(replaced.one) == "papa"
    appended = await posts.update(post.id, {"docs+": ("delta.txt", b"D"), "tags": ["b"]})
    assert list(map(prefix, appended.docs)) == ["charlie", "delta"] and appended.tags == ["b"]
    removed = await posts.update(post.id, {"docs-": [appended.docs[0]]})
    assert list(map(prefix, removed.docs)) == ["delta"]
    kept = await posts.update(post.id, {"docs": [removed.docs[0], ("echo.txt", b"E")]})
    assert list(map(prefix, kept.docs)) == ["delta", "echo"]
    url = pb.files.get_url(kept, kept.docs[1], download=True)
    response = await download(url)
    assert response.status_code == 200 and response.content == b"E"
    assert response.headers["content-disposition"].startswith("attachment")
    cleared = await posts.update(post.id, {"docs": [], "one": None})
    assert (cleared.docs, cleared.one) == ([], "")

    # the seed's records.update keeps adding uploads, as on 0.7
    seeded = await pb.records.update(posts.collection_name, post.id, {"docs": ("sierra.txt", b"S")})
    again = await pb.records.update(posts.collection_name, post.id, {"docs": ("tango.txt", b"T")})
    assert len(seeded["docs"]) == 1 and sorted(map(prefix, again["docs"])) == ["sierra", "tango"]


async def test_protected_files_open_with_a_file_token(pb: AsyncPocketBase) -> None:
    # a protected file needs a token whose auth passes the view rule
    posts = pb.collection(
        await make_posts(pb, "protected", view_rule="@request.auth.id != ''"), model=Post
    )
    post = await posts.create({"title": "s"}, files={"secret": ("sierra.txt", b"SECRET")})
    url = pb.files.get_url(post, post.secret)
    assert (await download(url)).status_code in (403, 404)
    token = await pb.files.get_token()
    assert token
    response = await download(pb.files.get_url(post, post.secret, token=token))
    assert response.status_code == 200 and response.content == b"SECRET"
    async with AsyncPocketBase(pb.base_url) as guest:
        with pytest.raises(ClientResponseError) as info:
            await guest.files.get_token()
        assert info.value.status in (400, 401)


async def test_writes_to_the_logged_in_record_update_or_clear_the_store(
    pb: AsyncPocketBase, server: PocketBaseServer
) -> None:
    email = f"{FLAVOUR}-{secrets.token_hex(4)}@example.com"
    created = await pb.collection("users").create(
        {"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD, "name": "Ann"}
    )
    async with AsyncPocketBase(server.url) as me:
        auth = await me.users.auth_via_email(email, PASSWORD)
        token = auth.token
        assert isinstance(me.auth_store.model, User) and me.auth_store.model.name == "Ann"
        users = me.collection("users")
        updated = await users.update(created.id, {"name": "Bob"})
        assert updated.name == "Bob"
        model = me.auth_store.model
        assert type(model) is User and (model.name, model.email) == ("Bob", email)
        assert me.auth_store.token == token
        # another user's record leaves the store alone
        other = await pb.collection("users").create(
            {"email": "o" + email, "password": PASSWORD, "passwordConfirm": PASSWORD}
        )
        await pb.collection("users").update(other.id, {"name": "Other"})
        assert me.auth_store.token == token
        assert await users.delete(created.id) is True
        assert (me.auth_store.token, me.auth_store.model) == ("", None)
        await pb.collection("users").delete(other.id)


# -- realtime ---------------------------------------------------------------------------------------


async def test_subscribe_delivers_typed_events_with_its_options(pb: AsyncPocketBase) -> None:
    posts = pb.collection(await make_posts(pb, "live"), model=Post)
    got: list[RecordSubscription[Post]] = []
    everything: list[RecordSubscription[Post]] = []
    arrived = AsyncEvent()

    def on_high(event: RecordSubscription[Post]) -> None:
        got.append(event)
        arrived.set()

    remove = await posts.subscribe("*", on_high, filter="views > 5", fields="id,title")
    await posts.subscribe("*", everything.append)
    await posts.create({"title": "low", "views": 1})
    high = await posts.create({"title": "high", "views": 10})
    assert await arrived.wait(10)
    # one stream delivers in order: "low" would have come first, had the filter let it through
    assert [(type(e.record), e.action, e.record.title) for e in got] == [(Post, "create", "high")]
    assert got[0].record.id == high.id and got[0].record.views == 0  # not in `fields`
    await remove()

    async with posts.events(high.id) as events:
        await posts.update(high.id, {"views": 11})
        event = await events.get(timeout=10)
        assert (type(event.record), event.action, event.record.views) == (Post, "update", 11)
    assert [e.record.title for e in everything][:2] == ["low", "high"]
    await posts.unsubscribe()
    assert pb.realtime.subscriptions == []
