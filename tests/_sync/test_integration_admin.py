# Generated from tests/_async/test_integration_admin.py by scripts/unasync.py. Do not edit: edit the async source.
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
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pocketbase import (
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    PocketBase,
    UnsupportedFeatureError,
)
from pocketbase._compat import current_time, sleep
from pocketbase.models import BatchResult, Log, Record
from pocketbase.testing import PocketBaseServer, SMTPSink
from tests.integration.servers import VERSIONS, shared_sink

pytestmark = pytest.mark.integration

FLAVOUR = "async" if PocketBase.__name__.startswith("Async") else "sync"


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    with PocketBaseServer(request.param) as started:
        yield started


@pytest.fixture(scope="module")
def modern(server: PocketBaseServer) -> bool:
    return server.generation == "0.23"


@pytest.fixture
def pb(server: PocketBaseServer) -> Iterator[PocketBase]:
    """A client logged in as the server's admin (superuser on 0.23+), version detected."""
    with PocketBase(server.url, timeout=30) as client:
        client.admins.auth_via_email(server.admin_email, server.admin_password)
        yield client


class Sent:
    """Counts the requests that go through the client's pipeline."""

    def __init__(self, pb: PocketBase) -> None:
        self.paths: list[str] = []
        pb.before_send = self.hook

    def hook(self, url: str, config: dict[str, Any]) -> dict[str, Any]:
        self.paths.append(url)
        return config


def unique(label: str) -> str:
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


def posts_collection(pb: PocketBase) -> str:
    name = unique("posts")
    pb.collections.create(
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


def titles(pb: PocketBase, collection: str) -> list[str]:
    records = pb.records.get_full_list(collection, query_params={"sort": "title"})
    return [str(r.title) for r in records]


# -- health ----------------------------------------------------------------------------------


def test_health(pb: PocketBase, server: PocketBaseServer) -> None:
    health = pb.health.check()
    assert (health.code, health.message) == (200, "API is healthy.")
    assert health.data.can_backup is True
    with PocketBase(server.url) as guest:
        assert (guest.health.check(fields="code")).code == 200


# -- batch -----------------------------------------------------------------------------------


def unsupported_batch(pb: PocketBase) -> None:
    """0.8-0.22: a batch raises ``UnsupportedFeatureError`` and sends nothing."""
    sent = Sent(pb)
    batch = pb.create_batch()
    batch.collection("users").delete("x")
    with pytest.raises(UnsupportedFeatureError, match="batch requests need PocketBase 0.23"):
        batch.send()
    assert sent.paths == []


def test_batch_commits_every_kind_of_request_together(
    pb: PocketBase, server: PocketBaseServer, modern: bool
) -> None:
    if not modern:
        unsupported_batch(pb)
        return
    pb.settings.update({"batch": {"enabled": True, "maxRequests": 5}})
    name = posts_collection(pb)
    keep = pb.records.create(name, {"title": "b-keep"})
    gone = pb.records.create(name, {"title": "c-gone"})
    upsert_id = secrets.token_hex(8)[:15].ljust(15, "0")

    batch = pb.create_batch()
    posts = batch.collection(name)
    posts.create({"title": "a-new"}, files={"docs": ("a.txt", b"batch file", "text/plain")})
    posts.update(keep.id, {"title": "b-kept"}, fields="id,title")
    posts.upsert({"id": upsert_id, "title": "d-upserted"})
    posts.delete(gone.id)
    results = batch.send()

    assert [r.status for r in results] == [200, 200, 200, 204]
    created = Record.model_validate(results[0].body)
    assert created.title == "a-new" and len(created.docs) == 1
    assert results[1].body == {"id": keep.id, "title": "b-kept"}
    assert results[3] == BatchResult(status=204, body=None)
    assert titles(pb, name) == ["a-new", "b-kept", "d-upserted"]
    stored = (pb.records.get_one(name, created.id)).docs[0]
    with httpx.Client(trust_env=False) as http:
        download = http.get(f"{server.url}/api/files/{name}/{created.id}/{stored}")
    assert download.content == b"batch file"


def test_a_failing_batch_changes_nothing(pb: PocketBase, modern: bool) -> None:
    if not modern:
        unsupported_batch(pb)
        return
    pb.settings.update({"batch": {"enabled": True, "maxRequests": 5}})
    name = posts_collection(pb)
    first = pb.records.create(name, {"title": "a"})
    before = titles(pb, name)

    batch = pb.create_batch()
    posts = batch.collection(name)
    posts.create({"title": "never"})
    posts.update(first.id, {"title": ""})  # title is required: this one fails
    posts.delete(first.id)
    with pytest.raises(BadRequestError) as info:
        batch.send()

    err = info.value
    assert list(err.batch_failures) == [1]
    assert err.batch_failures[1].code == 400
    assert err.batch_failures[1].data["title"].code == "validation_required"
    assert str(err).startswith(
        f"Batch transaction failed: request 1 (PATCH /api/collections/{name}/records/{first.id})"
        " failed with 400: "
    )
    assert titles(pb, name) == before == ["a"]


def test_batch_limits_and_setting(pb: PocketBase, modern: bool) -> None:
    sent = Sent(pb)
    with pytest.raises(ClientResponseError, match="the batch is empty") as empty:
        pb.create_batch().send()
    assert empty.value.status == 0 and sent.paths == []
    if not modern:
        unsupported_batch(pb)
        return

    pb.settings.update({"batch": {"enabled": True, "maxRequests": 2}})
    batch = pb.create_batch()
    for index in range(3):
        batch.collection("users").delete(f"nobody{index}")
    with pytest.raises(BadRequestError) as too_many:
        batch.send()
    assert str(too_many.value).startswith(
        "The batch holds 3 requests; this server takes at most 2 per batch"
    )

    pb.settings.update({"batch": {"enabled": False}})
    try:
        with pytest.raises(ForbiddenError) as disabled:
            batch.send()
        assert "pb.settings.update({'batch': {'enabled': True}})" in str(disabled.value)
    finally:
        pb.settings.update({"batch": {"enabled": True, "maxRequests": 5}})


# -- backups ---------------------------------------------------------------------------------


def file_token(pb: PocketBase) -> str:
    reply = pb.send("/api/files/token", {"method": "POST"})
    token = reply["token"]
    assert isinstance(token, str) and token
    return token


def test_backup_create_list_download_upload_delete(pb: PocketBase) -> None:
    key = f"{unique('bk')}.zip"
    assert pb.backups.create(key) is True
    listed = {b.key: b for b in pb.backups.get_full_list()}
    assert listed[key].size > 0 and listed[key].modified is not None

    url = pb.backups.get_download_url(file_token(pb), key)
    with httpx.Client(trust_env=False) as http:
        download = http.get(url)
    assert download.status_code == 200
    assert len(download.content) == listed[key].size
    assert download.content[:2] == b"PK"

    copy = f"{unique('up')}.zip"
    assert pb.backups.upload((copy, download.content)) is True
    listed = {b.key: b for b in pb.backups.get_full_list()}
    assert listed[copy].size == listed[key].size

    assert pb.backups.delete(key) is True
    assert pb.backups.delete(copy) is True
    keys = {b.key for b in pb.backups.get_full_list()}
    assert key not in keys and copy not in keys


def test_bad_backup_names_send_nothing(pb: PocketBase) -> None:
    sent = Sent(pb)
    for call in (
        lambda: pb.backups.create("../x.zip"),
        lambda: pb.backups.delete("a/b.zip"),
        lambda: pb.backups.restore(".."),
    ):
        with pytest.raises(ClientResponseError, match="Invalid backup name") as info:
            call()
        assert info.value.status == 0
    assert sent.paths == []


def test_restore_brings_the_data_back_and_returns_when_the_server_answers(
    pb: PocketBase, server: PocketBaseServer
) -> None:
    name = posts_collection(pb)
    pb.records.create(name, {"title": "before"})
    key = f"{unique('restore')}.zip"
    pb.backups.create(key)
    pb.records.create(name, {"title": "after"})
    pid = server.pid

    started = current_time()
    assert pb.backups.restore(key) is True
    assert current_time() - started < 30
    # the same process (restarted in place) answers at once with the backup's data
    assert server.pid == pid and server.running
    assert (pb.health.check()).code == 200
    assert titles(pb, name) == ["before"]
    pb.backups.delete(key)


# -- crons -----------------------------------------------------------------------------------


def test_crons(pb: PocketBase, modern: bool) -> None:
    sent = Sent(pb)
    if not modern:
        with pytest.raises(UnsupportedFeatureError, match="cron jobs need PocketBase 0.24"):
            pb.crons.get_full_list()
        with pytest.raises(UnsupportedFeatureError):
            pb.crons.run("__pbDBOptimize__")
        assert sent.paths == []
        return
    jobs = {job.id: job.expression for job in pb.crons.get_full_list()}
    assert jobs["__pbDBOptimize__"] == "0 0 * * *"
    assert pb.crons.run("__pbDBOptimize__") is True
    with pytest.raises(NotFoundError, match="no cron job 'no_such_job' on this server"):
        pb.crons.run("no_such_job")


# -- logs ------------------------------------------------------------------------------------


def wait_for_logs(pb: PocketBase, filter: str) -> list[Log]:
    """Servers write logs in batches every few seconds: poll until some match."""
    deadline = current_time() + 15
    while True:
        page = pb.logs.get_list(1, 10, filter=filter, sort="-created")
        if page.items or current_time() > deadline:
            return page.items
        sleep(0.25)


def test_logs_list_one_stats_and_truncate(pb: PocketBase, modern: bool) -> None:
    missing = unique("nolog")
    with pytest.raises(NotFoundError):
        pb.records.get_one("users", missing)
    flt = pb.filter("level >= {:level} && data.url ~ {:id}", {"level": 8, "id": missing})
    logs = wait_for_logs(pb, flt)
    assert len(logs) == 1
    entry = logs[0]
    assert entry.level == 8 and entry.data["status"] == 404
    assert entry.message == f"GET /api/collections/users/records/{missing}"
    assert pb.logs.get_one(entry.id) == entry
    stats = pb.logs.get_stats(filter=flt)
    assert sum(s.total for s in stats) == 1 and stats[0].date is not None

    sent = Sent(pb)
    if not modern:
        with pytest.raises(UnsupportedFeatureError, match="log truncation needs PocketBase 0.40"):
            pb.logs.truncate()
        assert sent.paths == []
        return
    assert pb.logs.truncate() is True
    assert (pb.logs.get_list(1, 10, filter=flt)).items == []


# -- settings and SQL ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sink(request: pytest.FixtureRequest, server: PocketBaseServer) -> SMTPSink:
    mail = shared_sink(request.config)
    server.use_smtp(mail)
    return mail


def test_settings_extras(pb: PocketBase, sink: SMTPSink, modern: bool) -> None:
    to = f"{unique('mail')}@example.com"
    template = "otp" if modern else "verification"  # 0.22 has no OTP template
    assert pb.settings.test_email(to, template, collection="users") is True
    assert to in str(sink.wait_for(lambda m: to in str(m["To"]))["To"])

    with pytest.raises(BadRequestError, match="S3 storage filesystem is not enabled"):
        pb.settings.test_s3("backups")

    key = _p256_pkcs8_pem()
    secret = pb.settings.generate_apple_client_secret(
        "com.example.app", "TEAM123456", "KEY1234567", key, 3600
    )
    header, payload = (_jwt_part(part) for part in secret.split(".")[:2])
    assert header["alg"] == "ES256" and header["kid"] == "KEY1234567"
    assert payload["iss"] == "TEAM123456" and payload["sub"] == "com.example.app"


def test_sql(pb: PocketBase, modern: bool) -> None:
    sent = Sent(pb)
    if not modern:
        with pytest.raises(UnsupportedFeatureError, match="the SQL console needs PocketBase 0.39"):
            pb.sql.run("select 1")
        assert sent.paths == []
        return
    result = pb.sql.run("select 1 as a, null as b, 'x' as c")
    assert [c.name for c in result.columns] == ["a", "b", "c"]
    assert result.rows == [["1", None, "x"]]
    assert result.as_dicts() == [{"a": "1", "b": None, "c": "x"}]
    name = posts_collection(pb)
    pb.records.create(name, {"title": "sql"})
    update = pb.sql.run(f"update {name} set title = 'changed'")
    assert update.affected_rows == 1 and update.rows == []
    assert titles(pb, name) == ["changed"]
    with pytest.raises(BadRequestError, match="Failed to execute query"):
        pb.sql.run("select from")


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
