"""Every seed method against real servers: PocketBase 0.22.27 (``server_api`` "0.8") and
0.40.6 ("0.23"), with the async client here and the sync client in the generated twin.

The servers are shared by the session (``tests/integration/servers.py``); each test names its
collections and users after the client flavour, the test and a random suffix, so the two
flavours and the two modules never collide. The seed-style bodies (``schema`` with nested
options, ``user`` fields, ``@request.user`` rules) are sent unchanged to both generations.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from email.message import Message
from typing import Any

import httpx
import pytest

from pocketbase import AsyncPocketBase, ClientResponseError
from pocketbase._compat import asleep, current_time
from pocketbase.models import Admin, Collection, Record, User
from pocketbase.testing import PocketBaseServer, SMTPSink
from tests.concurrency import agather
from tests.integration.servers import (
    GENERATION,
    VERSIONS,
    log_marker,
    shared_server,
    shared_sink,
)

pytestmark = pytest.mark.integration

#: "async" here, "sync" in the generated twin (the class name is rewritten, the text is not)
FLAVOUR = "async" if AsyncPocketBase.__name__.startswith("Async") else "sync"
PASSWORD = "a-Secret-123"
BULK = "bulk_numbers"  # shared by both flavours: created once per server
BULK_COUNT = 1234


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> PocketBaseServer:
    return shared_server(request.config, request.param)


@pytest.fixture(scope="module")
def sink(request: pytest.FixtureRequest) -> SMTPSink:
    return shared_sink(request.config)


@pytest.fixture
async def pb(server: PocketBaseServer) -> AsyncIterator[AsyncPocketBase]:
    """A client logged in as the server's admin (the cached token: no password hashing)."""
    async with AsyncPocketBase(server.url, timeout=15) as client:
        client.auth_store.save(server.admin_token(), Admin(id="admin", email=server.admin_email))
        yield client


def unique(label: str) -> str:
    """A collection-name-safe unique name."""
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


def address(label: str) -> str:
    return f"{FLAVOUR}-{label}-{secrets.token_hex(4)}@example.com"


async def new_user(pb: AsyncPocketBase, label: str, **fields: Any) -> tuple[User, str]:
    email = address(label)
    user = await pb.users.create(
        {"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD, **fields}
    )
    return user, email


def fresh_mail(sink: SMTPSink, to: str) -> Callable[[Message], bool]:
    """A ``wait_for`` predicate: a message to ``to`` that was not there yet."""
    seen = sink.messages

    def match(message: Message) -> bool:
        return to in str(message["To"]) and not any(message is old for old in seen)

    return match


async def settle(server: PocketBaseServer, read: Callable[[], Awaitable[Any]], before: Any) -> None:
    """Wait for the background save that follows a reset or verification e-mail on 0.8-0.22.

    Those servers send the e-mail in the background and then save ``lastResetSentAt`` /
    ``lastVerificationSentAt`` on the copy of the record they loaded first: a confirm that
    lands before that save is overwritten (the user is unverified again, the old password
    back). The save changes the record's ``updated``. 0.23+ saves nothing.
    """
    if server.generation != "0.8":
        return
    deadline = current_time() + 5
    while (await read()).updated == before and current_time() < deadline:
        await asleep(0.02)


def field_names(collection: Collection) -> list[str]:
    return [f.name for f in collection.schema if f.name not in ("id", "created", "updated")]


async def download(url: str) -> bytes:
    async with httpx.AsyncClient(trust_env=False) as http:
        response = await http.get(url)
    assert response.status_code == 200, response.text
    return response.content


# -- detection and admins -----------------------------------------------------------------------


async def test_auto_detects_the_generation_of_each_binary(server: PocketBaseServer) -> None:
    async with AsyncPocketBase(server.url) as auto:
        assert auto.server_api == "auto"
        health = await auto.send("/api/health")
        assert health["code"] == 200
        assert auto.server_api == GENERATION[server.version] == server.generation
        # the explicit value for this binary works the same
        async with AsyncPocketBase(server.url, server_api=auto.server_api) as explicit:
            auth = await explicit.admins.auth_via_email(server.admin_email, server.admin_password)
            assert auth.admin.email == server.admin_email


async def test_admin_auth_refresh_and_errors(server: PocketBaseServer) -> None:
    async with AsyncPocketBase(server.url) as pb:
        auth = await pb.admins.auth_via_email(server.admin_email, server.admin_password)
        assert auth.token and pb.auth_store.token == auth.token
        assert type(auth.admin) is Admin and auth.admin.email == server.admin_email
        assert pb.auth_store.is_admin and pb.auth_store.is_valid
        assert auth.admin.created is not None and auth.admin.created.tzinfo is not None

        refreshed = await pb.admins.refresh()
        assert refreshed.token and pb.auth_store.token == refreshed.token
        assert refreshed.admin.id == auth.admin.id
        assert (await pb.collections.get_list(1, 1)).total_items >= 1

        with pytest.raises(ClientResponseError) as wrong:
            await pb.admins.auth_via_email(server.admin_email, "wrong-password")
        assert wrong.value.status == 400
        assert pb.auth_store.token == refreshed.token  # a failed login leaves the store alone


async def test_admins_crud_and_password_reset(
    server: PocketBaseServer, pb: AsyncPocketBase, sink: SMTPSink
) -> None:
    email = address("admin")
    admin = await pb.admins.create(
        {"email": email, "password": "first-password", "passwordConfirm": "first-password"}
    )
    assert type(admin) is Admin and admin.email == email
    assert (await pb.admins.get_one(admin.id)).email == email
    listed = await pb.admins.get_full_list(filter=f'email = "{email}"')
    assert [a.id for a in listed] == [admin.id]
    page = await pb.admins.get_list(1, 50, sort="-created")
    assert page.total_items >= 2 and admin.id in [a.id for a in page.items]

    reset_mail = fresh_mail(sink, email)
    assert await pb.admins.request_password_reset(email) is True
    token = sink.extract_token(sink.wait_for(reset_mail))
    await settle(server, lambda: pb.admins.get_one(admin.id), admin.updated)
    store_before = pb.auth_store.token
    confirmed = await pb.admins.confirm_password_reset(token, "second-password", "second-password")
    assert confirmed.token == "" and pb.auth_store.token == store_before  # 204: store untouched
    async with AsyncPocketBase(server.url) as other:
        login = await other.admins.auth_via_email(email, "second-password")
        assert login.admin.id == admin.id

    changed = address("admin2")
    updated = await pb.admins.update(admin.id, {"email": changed})
    assert updated.email == changed
    assert await pb.admins.delete(admin.id) is True
    with pytest.raises(ClientResponseError) as gone:
        await pb.admins.get_one(admin.id)
    assert gone.value.status == 404


# -- collections and records ----------------------------------------------------------------------


async def test_collections_and_records(pb: AsyncPocketBase) -> None:
    authors_name, posts_name = unique("authors"), unique("posts")
    authors = await pb.collections.create(
        {
            "name": authors_name,
            "schema": [{"name": "name", "type": "text", "required": True, "options": {}}],
            "listRule": "",
            "viewRule": "",
        }
    )
    assert field_names(authors) == ["name"]
    posts = await pb.collections.create(
        {
            "name": posts_name,
            "schema": [
                {"name": "title", "type": "text", "required": True, "options": {"max": 50}},
                {"name": "count", "type": "number", "options": {"min": 0}},
                {"name": "done", "type": "bool"},
                {
                    "name": "docs",
                    "type": "file",
                    "options": {"maxSelect": 3, "maxSize": 1048576, "mimeTypes": [], "thumbs": []},
                },
                {
                    "name": "author",
                    "type": "relation",
                    "options": {"collectionId": authors.id, "maxSelect": 1, "cascadeDelete": False},
                },
                {"name": "owner", "type": "user", "options": {"maxSelect": 1}},
            ],
            "listRule": "",
            "viewRule": "",
            "createRule": "@request.user.id != ''",
            "updateRule": None,
            "deleteRule": None,
        }
    )
    assert field_names(posts) == ["title", "count", "done", "docs", "author", "owner"]
    assert posts.create_rule == "@request.auth.id != ''"
    by_name = {f.name: f for f in posts.schema}
    assert by_name["title"].options["max"] == 50
    assert by_name["owner"].type == "relation"
    assert by_name["owner"].options["collectionId"] == "_pb_users_auth_"
    assert by_name["author"].options["collectionId"] == authors.id

    assert (await pb.collections.get_one(posts_name)).id == posts.id
    everything = await pb.collections.get_full_list()
    assert {authors.id, posts.id} <= {c.id for c in everything}
    renamed = await pb.collections.update(authors.id, {"listRule": None})
    assert renamed.list_rule is None and field_names(renamed) == ["name"]

    ann = await pb.records.create(authors_name, {"name": "Ann"})
    one, two = b"first file\n", bytes(range(256))
    post = await pb.records.create(
        posts_name,
        {
            "title": "Hello",
            "count": 3,
            "done": True,
            "author": ann.id,
            "docs": [("one.txt", one, "text/plain"), two],
        },
    )
    assert isinstance(post, Record)
    assert (post["title"], post["count"], post["done"], post["author"]) == (
        "Hello",
        3,
        True,
        ann.id,
    )
    assert post.collection_id == posts.id and post.collection_name == posts_name
    assert post.created is not None and post.created.tzinfo is not None
    docs = post["docs"]
    assert len(docs) == 2 and docs[0].startswith("one")
    assert [await download(pb.records.get_file_url(post, name)) for name in docs] == [one, two]

    for i, title in enumerate(["b", "c", "a"]):
        await pb.records.create(posts_name, {"title": title, "count": 10 + i, "author": ann.id})

    expanded = await pb.records.get_one(posts_name, post.id, expand="author")
    author = expanded.expand["author"]
    assert isinstance(author, Record) and author["name"] == "Ann"
    page = await pb.records.get_list(
        posts_name, 1, 2, filter="count >= 10", sort="-count", expand="author"
    )
    assert (page.page, page.per_page, page.total_items, page.total_pages) == (1, 2, 3, 2)
    assert [r["title"] for r in page.items] == ["a", "c"]
    assert all(r.expand["author"]["name"] == "Ann" for r in page.items)  # type: ignore[index]
    titles = [r["title"] for r in await pb.records.get_full_list(posts_name, 2, sort="count")]
    assert titles == ["Hello", "b", "c", "a"]

    changed = await pb.records.update(
        posts_name, post.id, {"title": "Changed", "docs": [("three.txt", b"3")]}
    )
    assert changed["title"] == "Changed" and len(changed["docs"]) == 3
    assert changed.updated is not None and post.updated is not None
    assert changed.updated >= post.updated

    with pytest.raises(ClientResponseError) as invalid:
        await pb.records.create(posts_name, {"count": 1})
    assert invalid.value.status == 400
    assert invalid.value.response is not None
    assert invalid.value.response.data["title"].code == "validation_required"

    assert await pb.records.delete(posts_name, post.id) is True
    with pytest.raises(ClientResponseError) as gone:
        await pb.records.get_one(posts_name, post.id)
    assert gone.value.status == 404

    assert await pb.collections.delete(posts_name) is True
    assert await pb.collections.delete(authors_name) is True
    with pytest.raises(ClientResponseError) as missing:
        await pb.collections.get_one(posts_name)
    assert missing.value.status == 404


async def _ensure_bulk(pb: AsyncPocketBase) -> None:
    """The shared ``bulk_numbers`` collection with numbers 0..1233 (created once per server,
    by many concurrent creates)."""
    try:
        await pb.collections.get_one(BULK)
        return
    except ClientResponseError as err:
        if err.status != 404:
            raise
    await pb.collections.create(
        {"name": BULK, "schema": [{"name": "n", "type": "number"}], "listRule": "", "viewRule": ""}
    )
    pb.auto_cancellation(False)
    workers, per_round = 8, 160  # short rounds: each finishes well within gather's wait

    def worker(numbers: range) -> Any:
        async def run() -> None:
            for n in numbers:
                await pb.records.create(BULK, {"n": n})

        return run

    errors: list[BaseException] = []
    for first in range(0, BULK_COUNT, per_round):
        last = min(first + per_round, BULK_COUNT)
        results = await agather(*(worker(range(first + k, last, workers)) for k in range(workers)))
        errors.extend(r for r in results if isinstance(r, BaseException))
    pb.auto_cancellation(True)
    assert not errors, errors[:3]
    assert (await pb.records.get_list(BULK, 1, 1)).total_items == BULK_COUNT


async def test_get_full_list_exact_counts(pb: AsyncPocketBase) -> None:
    await _ensure_bulk(pb)
    every = await pb.records.get_full_list(BULK)
    assert len(every) == BULK_COUNT
    assert sorted(int(r["n"]) for r in every) == list(range(BULK_COUNT))
    batched = await pb.records.get_full_list(BULK, 500, sort="n")
    assert [int(r["n"]) for r in batched] == list(range(BULK_COUNT))
    small = await pb.records.get_full_list(BULK, 200, filter="n < 450", sort="-n")
    assert [int(r["n"]) for r in small] == list(range(449, -1, -1))
    page = await pb.records.get_list(BULK, 3, 500, sort="n")
    assert (page.total_items, page.total_pages, len(page.items)) == (BULK_COUNT, 3, 234)
    assert int(page.items[0]["n"]) == 1000


# -- users ---------------------------------------------------------------------------------------


async def test_users_create_auth_refresh(server: PocketBaseServer, pb: AsyncPocketBase) -> None:
    user, email = await new_user(pb, "auth", name="Ann")
    assert type(user) is User and user.email == email and user.verified is False
    assert user.profile is not None and user.profile["name"] == "Ann"  # the seed's profile
    assert (await pb.users.get_one(user.id)).email == email
    found = await pb.users.get_list(1, 10, filter=f'email = "{email}"')
    assert [u.id for u in found.items] == [user.id]
    assert user.id in [u.id for u in await pb.users.get_full_list(filter=f'email = "{email}"')]

    async with AsyncPocketBase(server.url) as user_pb:
        login = await user_pb.users.auth_via_email(email, PASSWORD)
        assert login.user.id == user.id and login.token == user_pb.auth_store.token
        assert user_pb.auth_store.is_user and type(user_pb.auth_store.model) is User
        assert login.user.profile is not None and login.user.profile["name"] == "Ann"
        refreshed = await user_pb.users.refresh()
        assert refreshed.user.id == user.id and refreshed.token == user_pb.auth_store.token
        assert refreshed.token

        methods = await user_pb.users.list_auth_methods()
        assert methods.email_password is True and methods.auth_providers == []

        # a user token on admin-only routes
        with pytest.raises(ClientResponseError) as denied:
            await user_pb.settings.get_all()
        assert denied.value.status in (401, 403)

    renamed = await pb.users.update(user.id, {"name": "Bob"})
    assert renamed.profile is not None and renamed.profile["name"] == "Bob"
    assert await pb.users.delete(user.id) is True


async def test_user_email_flows(
    server: PocketBaseServer, pb: AsyncPocketBase, sink: SMTPSink
) -> None:
    user, email = await new_user(pb, "mail")

    # verification
    mail = fresh_mail(sink, email)
    assert await pb.users.request_verification(email) is True
    token = sink.extract_token(sink.wait_for(mail))
    await settle(server, lambda: pb.users.get_one(user.id), user.updated)
    store_before = (pb.auth_store.token, pb.auth_store.model)
    verified = await pb.users.confirm_verification(token)
    assert verified.token == ""  # 204 on 0.8+
    assert (pb.auth_store.token, pb.auth_store.model) == store_before
    assert (await pb.users.get_one(user.id)).verified is True

    # password reset
    before = (await pb.users.get_one(user.id)).updated
    mail = fresh_mail(sink, email)
    assert await pb.users.request_password_reset(email) is True
    token = sink.extract_token(sink.wait_for(mail))
    await settle(server, lambda: pb.users.get_one(user.id), before)
    reset = await pb.users.confirm_password_reset(token, "new-Password-1", "new-Password-1")
    assert reset.token == ""
    async with AsyncPocketBase(server.url) as user_pb:
        with pytest.raises(ClientResponseError) as old:
            await user_pb.users.auth_via_email(email, PASSWORD)
        assert old.value.status == 400
        await user_pb.users.auth_via_email(email, "new-Password-1")

        # e-mail change (requested by the user, confirmed with their password)
        new_email = address("changed")
        mail = fresh_mail(sink, new_email)
        assert await user_pb.users.request_email_change(new_email) is True
        token = sink.extract_token(sink.wait_for(mail))
        changed = await user_pb.users.confirm_email_change(token, "new-Password-1")
        assert changed.token == ""
    async with AsyncPocketBase(server.url) as again:
        login = await again.users.auth_via_email(new_email, "new-Password-1")
        assert login.user.id == user.id and login.user.email == new_email

    # test e-mails through the settings
    to = address("test-email")
    mail = fresh_mail(sink, to)
    assert await pb.settings.test_email(to, "verification") is True
    message = sink.wait_for(mail)
    assert "noreply@example.com" in str(message["From"])
    await pb.users.delete(user.id)


async def test_external_auths(server: PocketBaseServer, pb: AsyncPocketBase) -> None:
    user, email = await new_user(pb, "ext")
    assert await pb.users.list_external_auths(user.id) == []
    with pytest.raises(ClientResponseError) as missing:
        await pb.users.unlink_external_auth(user.id, "github")
    assert missing.value.status == 404
    async with AsyncPocketBase(server.url) as user_pb:
        await user_pb.users.auth_via_email(email, PASSWORD)
        assert await user_pb.users.list_external_auths(user.id) == []
    await pb.users.delete(user.id)


# -- import, settings, errors, logs ---------------------------------------------------------------


async def test_import_collections(pb: AsyncPocketBase) -> None:
    first, second = unique("imp_a"), unique("imp_b")
    seed = [
        {
            "name": first,
            "schema": [
                {"name": "title", "type": "text", "unique": True, "options": {"max": 20}},
                {"name": "meta", "type": "json", "options": {}},
            ],
            "listRule": "@request.user.id != ''",
        },
        {"name": second, "schema": [{"name": "flag", "type": "bool", "options": {}}]},
    ]
    assert await pb.collections.import_collections(seed, False) is True
    imported = await pb.collections.get_one(first)
    assert field_names(imported) == ["title", "meta"]
    assert imported.list_rule == "@request.auth.id != ''"
    assert field_names(await pb.collections.get_one(second)) == ["flag"]
    record = await pb.records.create(first, {"title": "once", "meta": {"a": [1, 2]}})
    assert record["meta"] == {"a": [1, 2]}
    with pytest.raises(ClientResponseError) as duplicate:  # `unique` became a unique index
        await pb.records.create(first, {"title": "once"})
    assert duplicate.value.status == 400

    # a model round trip: the collection as read, changed and sent back
    imported.list_rule = ""
    again = await pb.collections.update(imported.id, imported.export())
    assert again.list_rule == "" and field_names(again) == ["title", "meta"]
    assert (await pb.records.get_one(first, record.id))["title"] == "once"

    with pytest.raises(ClientResponseError) as bad:
        await pb.collections.import_collections([], False)
    assert bad.value.status == 400
    await pb.collections.delete(first)
    await pb.collections.delete(second)


async def test_settings(pb: AsyncPocketBase) -> None:
    settings = await pb.settings.get_all()
    assert settings["smtp"]["enabled"] is True
    name = settings["meta"]["appName"]
    updated = await pb.settings.update({"meta": {"appName": f"{name}-{FLAVOUR}"}})
    assert updated["meta"]["appName"] == f"{name}-{FLAVOUR}"
    assert (await pb.settings.update({"meta": {"appName": name}}))["meta"]["appName"] == name
    with pytest.raises(ClientResponseError) as s3:
        await pb.settings.test_s3()  # S3 is off, but the request itself is accepted
    assert s3.value.status == 400
    assert "filesystem" not in s3.value.data.get("data", {})


async def test_errors_have_the_right_status(server: PocketBaseServer, pb: AsyncPocketBase) -> None:
    locked = unique("locked")
    await pb.collections.create(
        {"name": locked, "schema": [{"name": "t", "type": "text"}], "listRule": None}
    )
    user, email = await new_user(pb, "errors")
    async with AsyncPocketBase(server.url) as guest:
        with pytest.raises(ClientResponseError) as unauthorized:
            await guest.collections.get_list()
        assert unauthorized.value.status == 401
        assert unauthorized.value.url == f"{server.url}/api/collections?page=1&perPage=30"
        assert unauthorized.value.response is not None
        assert unauthorized.value.response.code == 401

        await guest.users.auth_via_email(email, PASSWORD)
        with pytest.raises(ClientResponseError) as forbidden:
            await guest.records.get_list(locked)
        assert forbidden.value.status == 403

    with pytest.raises(ClientResponseError) as not_found:
        await pb.records.get_one(locked, "nosuchrecord123")
    assert not_found.value.status == 404
    assert str(not_found.value) == "The requested resource wasn't found."
    await pb.collections.delete(locked)
    await pb.users.delete(user.id)


async def test_logs(server: PocketBaseServer, pb: AsyncPocketBase) -> None:
    # Request logs are written in batches every few seconds: look for a request made when the
    # server started (see tests/integration/servers.py), waiting a little if needed.
    marker = log_marker(server)
    deadline = current_time() + 10
    while True:
        logs = await pb.logs.get_requests_list(1, 10, filter=f"url ~ '{marker}'", sort="-created")
        if logs.items or current_time() > deadline:
            break
        await asleep(0.2)
    assert logs.total_items == 1, "the request log never appeared"
    item = logs.items[0]
    assert item.url == f"/api/collections/users/records/{marker}"
    assert (item.method, item.status, item.auth) == ("get", 404, "admin")
    assert item.remote_ip == "127.0.0.1"
    assert item.created is not None and item.updated == item.created
    assert item.meta["errorMessage"] == "The requested resource wasn't found."

    one = await pb.logs.get_request(item.id)
    assert (one.id, one.url, one.status) == (item.id, item.url, 404)

    stats = await pb.logs.get_requests_stats(filter="status >= 400")
    assert stats and all(s.total >= 1 for s in stats)
    assert all(s.date is not None and s.date.minute == 0 for s in stats)
    everything = await pb.logs.get_requests_stats()
    assert sum(s.total for s in everything) > sum(s.total for s in stats)
