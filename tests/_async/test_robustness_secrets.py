"""Secrets (tokens, passwords) never show in repr/str of anything, nor in any log record."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pocketbase import AsyncPocketBase, ClientResponseError, LocalAuthStore
from pocketbase._compat import AsyncEvent
from pocketbase.models import Record, RecordSubscription
from pocketbase.testing import PocketBaseServer
from tests.robustness import live
from tests.robustness.hostile import closed_port

USER_EMAIL = "secret-user@example.com"
USER_PASSWORD = "Us3r-P4ssw0rd-Zq9"
NEW_PASSWORD = "N3w-P4ssw0rd-Kx7"
RESET_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJyZXNldCI6MX0.R3s3tT0k3nS1gn4tur3"
WRONG_PASSWORD = "Wr0ng-P4ssw0rd-Yy2"


@pytest.fixture(scope="module")
def server() -> Iterator[PocketBaseServer]:
    with live.started("0.40.6") as srv:
        live.create_user(srv, USER_EMAIL, USER_PASSWORD)
        live.create_collection(srv, "notes", ["title"])
        yield srv


def _secret_parts(secret: str) -> list[str]:
    """The secret and, for a JWT, its signature (enough to notice a partial leak)."""
    parts = [secret]
    if secret.count(".") == 2:
        parts.append(secret.rsplit(".", 1)[1])
    return parts


def _assert_hidden(secrets: list[str], texts: list[str]) -> None:
    for secret in secrets:
        for part in _secret_parts(secret):
            for text in texts:
                assert part not in text, f"a secret leaked into: {text[:200]!r}"


def _log_texts(records: list[logging.LogRecord]) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts = []
    for record in records:
        texts.append(formatter.format(record))  # includes the formatted traceback, if any
        texts.append(repr(record.args))
    return texts


def _views(obj: Any) -> list[str]:
    return [repr(obj), str(obj), f"{obj}", f"{obj!r}"]


@pytest.mark.integration
async def test_no_secret_in_repr_str_or_logs(
    server: PocketBaseServer, caplog: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    secrets = [server.admin_password, USER_PASSWORD, NEW_PASSWORD, RESET_TOKEN, WRONG_PASSWORD]
    shown: list[str] = []

    store = LocalAuthStore(tmp_path / "auth.json")
    async with AsyncPocketBase(server.url, auth_store=store, timeout=10.0) as admin:
        # admin login, refresh, a failed login
        auth = await admin.admins.auth_via_email(server.admin_email, server.admin_password)
        secrets.append(auth.token)
        shown += _views(auth) + _views(auth.admin) + _views(admin) + _views(admin.auth_store)
        refreshed = await admin.admins.refresh()
        secrets.append(refreshed.token)
        shown += _views(refreshed) + _views(admin.auth_store)
        async with AsyncPocketBase(server.url) as other:
            with pytest.raises(ClientResponseError) as failed:
                await other.admins.auth_via_email(server.admin_email, WRONG_PASSWORD)
        assert failed.value.status == 400
        shown += _views(failed.value) + [str(failed.value.to_dict()), repr(failed.value.response)]

        # a user created with a password; a password reset with a (fake) token
        created = await admin.users.create(
            {
                # unique: the module's server serves the run on each transport
                "email": f"second-{uuid.uuid4().hex[:8]}@example.com",
                "password": NEW_PASSWORD,
                "passwordConfirm": NEW_PASSWORD,
            }
        )
        shown += _views(created)
        with pytest.raises(ClientResponseError) as reset:
            await admin.users.confirm_password_reset(RESET_TOKEN, NEW_PASSWORD, NEW_PASSWORD)
        shown += _views(reset.value) + [str(reset.value.data)]

    async with AsyncPocketBase(server.url, timeout=10.0) as user:
        login = await user.users.auth_via_email(USER_EMAIL, USER_PASSWORD)
        secrets.append(login.token)
        shown += _views(login) + _views(login.user) + _views(user) + _views(user.auth_store)
        again = await user.users.refresh()
        secrets.append(again.token)
        shown += _views(again)
        with pytest.raises(ClientResponseError) as missing:
            await user.records.get_one("notes", "nope")
        shown += _views(missing.value)

        # realtime with an authenticated client; a callback that raises is logged
        received = AsyncEvent()

        async def callback(event: RecordSubscription) -> None:
            received.set()
            raise RuntimeError("callback failed on purpose")

        unsubscribe = await user.realtime.subscribe("notes", callback)
        note = await user.records.create("notes", {"title": "hello"})
        assert await received.wait(10.0)
        await unsubscribe()

    # a 0.23+ login reply stored as a Record: its cookie, a store loaded from it, a request
    record_store = LocalAuthStore(tmp_path / "record.json")
    async with AsyncPocketBase(server.url, auth_store=record_store, timeout=10.0) as modern:
        reply = await modern.send(
            "/api/collections/users/auth-with-password",
            {"method": "POST", "body": {"identity": USER_EMAIL, "password": USER_PASSWORD}},
        )
        secrets.append(reply["token"])
        record_store.save(reply["token"], Record.model_validate(reply["record"]))
        loaded = LocalAuthStore(tmp_path / "loaded.json")
        loaded.load_from_cookie(record_store.export_to_cookie())
        assert loaded.record is not None and loaded.record.collection_name == "users"
        modern.auth_store.load_from_cookie(loaded.export_to_cookie())
        mine = modern.filter("id = {:id}", {"id": note.id})  # the run on each transport adds one
        assert (await modern.records.get_list("notes", filter=mine)).total_items == 1
        shown += _views(record_store) + _views(loaded) + _views(loaded.record) + _views(modern)
        shown += _views(loaded.model)

    # a transport failure while a token is set
    async with AsyncPocketBase(f"http://127.0.0.1:{closed_port()}", server_api="0.23") as down:
        down.auth_store.save(login.token, login.user)
        with pytest.raises(ClientResponseError) as dead:
            await down.records.get_list("notes")
        # aiohttp's transport labels a refused connect ConnectTimeout; the SDK reads the cause
        assert isinstance(dead.value.original_error, (httpx.ConnectError, httpx.ConnectTimeout))
        assert str(dead.value).endswith(": connection refused")
        shown += _views(dead.value) + _views(dead.value.original_error) + _views(down)

    assert any(r.name.startswith("httpx") for r in caplog.records), "httpx logging was captured"
    assert any("callback for" in r.getMessage() for r in caplog.records)
    _assert_hidden(secrets, shown)
    _assert_hidden(secrets, _log_texts(caplog.records))


async def test_header_injection_errors_do_not_echo_the_token() -> None:
    async with AsyncPocketBase("http://pb.test", server_api="0.23") as pb:
        pb.auth_store.save("s3cr3t-t0ken\r\nX-Evil: 1", None)
        with pytest.raises(ClientResponseError) as info:
            await pb.records.get_list("notes")
    _assert_hidden(["s3cr3t-t0ken"], _views(info.value) + [str(info.value.original_error)])
