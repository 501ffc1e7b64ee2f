"""The admin services against real servers: PocketBase 0.40.6 (everything) and 0.22.27 (what
it has; the rest raises ``UnsupportedFeatureError`` with nothing sent), with the async client
here and the sync client in the generated twin.

These tests change server settings (batch requests on, ``maxRequests``) and restore backups,
so each module starts its own servers (one per version) instead of the session's shared ones.
"Nothing sent" is checked with a ``before_send`` hook, which sees every request of the
pipeline (the detection probes of ``server_api="auto"`` are not part of it).
"""

from __future__ import annotations

import base64
import json
import secrets
import textwrap
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from pocketbase import (
    AsyncPocketBase,
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    UnsupportedFeatureError,
)
from pocketbase._compat import asleep, current_time
from pocketbase.models import BatchResult, Log, Record
from pocketbase.testing import PocketBaseServer, SMTPSink
from tests.integration.servers import VERSIONS, shared_sink

pytestmark = pytest.mark.integration

FLAVOUR = "async" if AsyncPocketBase.__name__.startswith("Async") else "sync"


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    with PocketBaseServer(request.param) as started:
        yield started


@pytest.fixture(scope="module")
def modern(server: PocketBaseServer) -> bool:
    return server.generation == "0.23"


@pytest.fixture
async def pb(server: PocketBaseServer) -> AsyncIterator[AsyncPocketBase]:
    """A client logged in as the server's admin (superuser on 0.23+), version detected."""
    async with AsyncPocketBase(server.url, timeout=30) as client:
        await client.admins.auth_via_email(server.admin_email, server.admin_password)
        yield client


class Sent:
    """Counts the requests that go through the client's pipeline."""

    def __init__(self, pb: AsyncPocketBase) -> None:
        self.paths: list[str] = []
        pb.before_send = self.hook

    def hook(self, url: str, config: dict[str, Any]) -> dict[str, Any]:
        self.paths.append(url)
        return config


def unique(label: str) -> str:
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


async def posts_collection(pb: AsyncPocketBase) -> str:
    name = unique("posts")
    await pb.collections.create(
        {
            "name": name,
            "schema": [
                {"name": "title", "type": "text", "required": True, "options": {}},
                {
                    "name": "docs",
                    "type": "file",
                    "options": {"maxSelect": 5, "maxSize": 100000, "mimeTypes": [], "thumbs": []},
                },
            ],
            "listRule": "",
            "viewRule": "",
            "createRule": "",
            "updateRule": "",
            "deleteRule": "",
        }
    )
    return name


async def titles(pb: AsyncPocketBase, collection: str) -> list[str]:
    records = await pb.records.get_full_list(collection, query_params={"sort": "title"})
    return [str(r.title) for r in records]


# -- health ----------------------------------------------------------------------------------


async def test_health(pb: AsyncPocketBase, server: PocketBaseServer) -> None:
    health = await pb.health.check()
    assert (health.code, health.message) == (200, "API is healthy.")
    assert health.data.can_backup is True
    async with AsyncPocketBase(server.url) as guest:
        assert (await guest.health.check(fields="code")).code == 200


# -- batch -----------------------------------------------------------------------------------


async def unsupported_batch(pb: AsyncPocketBase) -> None:
    """0.8-0.22: a batch raises ``UnsupportedFeatureError`` and sends nothing."""
    sent = Sent(pb)
    batch = pb.create_batch()
    batch.collection("users").delete("x")
    with pytest.raises(UnsupportedFeatureError, match="batch requests need PocketBase 0.23"):
        await batch.send()
    assert sent.paths == []


async def test_batch_commits_every_kind_of_request_together(
    pb: AsyncPocketBase, server: PocketBaseServer, modern: bool
) -> None:
    if not modern:
        await unsupported_batch(pb)
        return
    await pb.settings.update({"batch": {"enabled": True, "maxRequests": 5}})
    name = await posts_collection(pb)
    keep = await pb.records.create(name, {"title": "b-keep"})
    gone = await pb.records.create(name, {"title": "c-gone"})
    upsert_id = secrets.token_hex(8)[:15].ljust(15, "0")

    batch = pb.create_batch()
    posts = batch.collection(name)
    posts.create({"title": "a-new"}, files={"docs": ("a.txt", b"batch file", "text/plain")})
    posts.update(keep.id, {"title": "b-kept"}, fields="id,title")
    posts.upsert({"id": upsert_id, "title": "d-upserted"})
    posts.delete(gone.id)
    results = await batch.send()

    assert [r.status for r in results] == [200, 200, 200, 204]
    created = Record.model_validate(results[0].body)
    assert created.title == "a-new" and len(created.docs) == 1
    assert results[1].body == {"id": keep.id, "title": "b-kept"}
    assert results[3] == BatchResult(status=204, body=None)
    assert await titles(pb, name) == ["a-new", "b-kept", "d-upserted"]
    stored = (await pb.records.get_one(name, created.id)).docs[0]
    async with httpx.AsyncClient(trust_env=False) as http:
        download = await http.get(f"{server.url}/api/files/{name}/{created.id}/{stored}")
    assert download.content == b"batch file"


async def test_a_failing_batch_changes_nothing(pb: AsyncPocketBase, modern: bool) -> None:
    if not modern:
        await unsupported_batch(pb)
        return
    await pb.settings.update({"batch": {"enabled": True, "maxRequests": 5}})
    name = await posts_collection(pb)
    first = await pb.records.create(name, {"title": "a"})
    before = await titles(pb, name)

    batch = pb.create_batch()
    posts = batch.collection(name)
    posts.create({"title": "never"})
    posts.update(first.id, {"title": ""})  # title is required: this one fails
    posts.delete(first.id)
    with pytest.raises(BadRequestError) as info:
        await batch.send()

    err = info.value
    assert list(err.batch_failures) == [1]
    assert err.batch_failures[1].code == 400
    assert err.batch_failures[1].data["title"].code == "validation_required"
    assert str(err).startswith(
        f"Batch transaction failed: request 1 (PATCH /api/collections/{name}/records/{first.id})"
        " failed with 400: "
    )
    assert await titles(pb, name) == before == ["a"]


async def test_batch_limits_and_setting(pb: AsyncPocketBase, modern: bool) -> None:
    sent = Sent(pb)
    with pytest.raises(ClientResponseError, match="the batch is empty") as empty:
        await pb.create_batch().send()
    assert empty.value.status == 0 and sent.paths == []
    if not modern:
        await unsupported_batch(pb)
        return

    await pb.settings.update({"batch": {"enabled": True, "maxRequests": 2}})
    batch = pb.create_batch()
    for index in range(3):
        batch.collection("users").delete(f"nobody{index}")
    with pytest.raises(BadRequestError) as too_many:
        await batch.send()
    assert str(too_many.value).startswith(
        "The batch holds 3 requests; this server takes at most 2 per batch"
    )

    await pb.settings.update({"batch": {"enabled": False}})
    try:
        with pytest.raises(ForbiddenError) as disabled:
            await batch.send()
        assert "pb.settings.update({'batch': {'enabled': True}})" in str(disabled.value)
    finally:
        await pb.settings.update({"batch": {"enabled": True, "maxRequests": 5}})


# -- backups ---------------------------------------------------------------------------------


async def file_token(pb: AsyncPocketBase) -> str:
    reply = await pb.send("/api/files/token", {"method": "POST"})
    token = reply["token"]
    assert isinstance(token, str) and token
    return token


async def test_backup_create_list_download_upload_delete(pb: AsyncPocketBase) -> None:
    key = f"{unique('bk')}.zip"
    assert await pb.backups.create(key) is True
    listed = {b.key: b for b in await pb.backups.get_full_list()}
    assert listed[key].size > 0 and listed[key].modified is not None

    url = pb.backups.get_download_url(await file_token(pb), key)
    async with httpx.AsyncClient(trust_env=False) as http:
        download = await http.get(url)
    assert download.status_code == 200
    assert len(download.content) == listed[key].size
    assert download.content[:2] == b"PK"

    copy = f"{unique('up')}.zip"
    assert await pb.backups.upload((copy, download.content)) is True
    listed = {b.key: b for b in await pb.backups.get_full_list()}
    assert listed[copy].size == listed[key].size

    assert await pb.backups.delete(key) is True
    assert await pb.backups.delete(copy) is True
    keys = {b.key for b in await pb.backups.get_full_list()}
    assert key not in keys and copy not in keys


async def test_bad_backup_names_send_nothing(pb: AsyncPocketBase) -> None:
    sent = Sent(pb)
    for call in (
        lambda: pb.backups.create("../x.zip"),
        lambda: pb.backups.delete("a/b.zip"),
        lambda: pb.backups.restore(".."),
    ):
        with pytest.raises(ClientResponseError, match="Invalid backup name") as info:
            await call()
        assert info.value.status == 0
    assert sent.paths == []


async def test_restore_brings_the_data_back_and_returns_when_the_server_answers(
    pb: AsyncPocketBase, server: PocketBaseServer
) -> None:
    name = await posts_collection(pb)
    await pb.records.create(name, {"title": "before"})
    key = f"{unique('restore')}.zip"
    await pb.backups.create(key)
    await pb.records.create(name, {"title": "after"})
    pid = server.pid

    started = current_time()
    assert await pb.backups.restore(key) is True
    assert current_time() - started < 30
    # the same process (restarted in place) answers at once with the backup's data
    assert server.pid == pid and server.running
    assert (await pb.health.check()).code == 200
    assert await titles(pb, name) == ["before"]
    await pb.backups.delete(key)


# -- crons -----------------------------------------------------------------------------------


async def test_crons(pb: AsyncPocketBase, modern: bool) -> None:
    sent = Sent(pb)
    if not modern:
        with pytest.raises(UnsupportedFeatureError, match="cron jobs need PocketBase 0.24"):
            await pb.crons.get_full_list()
        with pytest.raises(UnsupportedFeatureError):
            await pb.crons.run("__pbDBOptimize__")
        assert sent.paths == []
        return
    jobs = {job.id: job.expression for job in await pb.crons.get_full_list()}
    assert jobs["__pbDBOptimize__"] == "0 0 * * *"
    assert await pb.crons.run("__pbDBOptimize__") is True
    with pytest.raises(NotFoundError, match="no cron job 'no_such_job' on this server"):
        await pb.crons.run("no_such_job")


# -- logs ------------------------------------------------------------------------------------


async def wait_for_logs(pb: AsyncPocketBase, filter: str) -> list[Log]:
    """Servers write logs in batches every few seconds: poll until some match."""
    deadline = current_time() + 15
    while True:
        page = await pb.logs.get_list(1, 10, filter=filter, sort="-created")
        if page.items or current_time() > deadline:
            return page.items
        await asleep(0.25)


async def test_logs_list_one_stats_and_truncate(pb: AsyncPocketBase, modern: bool) -> None:
    missing = unique("nolog")
    with pytest.raises(NotFoundError):
        await pb.records.get_one("users", missing)
    flt = pb.filter("level >= {:level} && data.url ~ {:id}", {"level": 8, "id": missing})
    logs = await wait_for_logs(pb, flt)
    assert len(logs) == 1
    entry = logs[0]
    assert entry.level == 8 and entry.data["status"] == 404
    assert entry.message == f"GET /api/collections/users/records/{missing}"
    assert await pb.logs.get_one(entry.id) == entry
    stats = await pb.logs.get_stats(filter=flt)
    assert sum(s.total for s in stats) == 1 and stats[0].date is not None

    sent = Sent(pb)
    if not modern:
        with pytest.raises(UnsupportedFeatureError, match="log truncation needs PocketBase 0.40"):
            await pb.logs.truncate()
        assert sent.paths == []
        return
    assert await pb.logs.truncate() is True
    assert (await pb.logs.get_list(1, 10, filter=flt)).items == []


# -- settings and SQL ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sink(request: pytest.FixtureRequest, server: PocketBaseServer) -> SMTPSink:
    mail = shared_sink(request.config)
    server.use_smtp(mail)
    return mail


async def test_settings_extras(pb: AsyncPocketBase, sink: SMTPSink, modern: bool) -> None:
    to = f"{unique('mail')}@example.com"
    template = "otp" if modern else "verification"  # 0.22 has no OTP template
    assert await pb.settings.test_email(to, template, collection="users") is True
    assert to in str(sink.wait_for(lambda m: to in str(m["To"]))["To"])

    with pytest.raises(BadRequestError, match="S3 storage filesystem is not enabled"):
        await pb.settings.test_s3("backups")

    key = _p256_pkcs8_pem()
    secret = await pb.settings.generate_apple_client_secret(
        "com.example.app", "TEAM123456", "KEY1234567", key, 3600
    )
    header, payload = (_jwt_part(part) for part in secret.split(".")[:2])
    assert header["alg"] == "ES256" and header["kid"] == "KEY1234567"
    assert payload["iss"] == "TEAM123456" and payload["sub"] == "com.example.app"


async def test_sql(pb: AsyncPocketBase, modern: bool) -> None:
    sent = Sent(pb)
    if not modern:
        with pytest.raises(UnsupportedFeatureError, match="the SQL console needs PocketBase 0.39"):
            await pb.sql.run("select 1")
        assert sent.paths == []
        return
    result = await pb.sql.run("select 1 as a, null as b, 'x' as c")
    assert [c.name for c in result.columns] == ["a", "b", "c"]
    assert result.rows == [["1", None, "x"]]
    assert result.as_dicts() == [{"a": "1", "b": None, "c": "x"}]
    name = await posts_collection(pb)
    await pb.records.create(name, {"title": "sql"})
    update = await pb.sql.run(f"update {name} set title = 'changed'")
    assert update.affected_rows == 1 and update.rows == []
    assert await titles(pb, name) == ["changed"]
    with pytest.raises(BadRequestError, match="Failed to execute query"):
        await pb.sql.run("select from")


def _jwt_part(text: str) -> dict[str, Any]:
    data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    assert isinstance(data, dict)
    return data


def _p256_pkcs8_pem() -> str:
    """A fresh P-256 private key in PKCS#8 PEM, as Apple's ``.p8`` files hold one.

    Only the private scalar is encoded: the public point is optional in the key structure
    (RFC 5915) and the server derives it.
    """
    scalar = bytes([secrets.randbelow(0x7F) + 1]) + secrets.token_bytes(31)
    der = (
        bytes.fromhex("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420")
        + scalar
    )
    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
    return f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"
