# Generated from tests/_async/test_integration_record_auth.py by scripts/unasync.py. Do not edit: edit the async source.
"""The auth calls of any auth collection against real servers: PocketBase 0.22.27 and 0.40.6,
the async client here and the sync client in the generated twin.

Each module flavour starts its own servers (the tests change auth settings and token
lifetimes), with the session's SMTP sink and a :class:`~pocketbase.testing.FakeOIDCProvider`
on loopback that the servers' OIDC provider settings point at, so OAuth2 logins run end to end.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

import httpx
import pytest

from pocketbase import (
    BadRequestError,
    ForbiddenError,
    PocketBase,
    RequestCancelledError,
    RequestTimeoutError,
    UnauthorizedError,
    UnsupportedFeatureError,
)
from pocketbase._compat import current_time, sleep
from pocketbase.models import Record, RecordAuthResponse
from pocketbase.testing import FakeOIDCProvider, PocketBaseServer, SMTPSink
from tests._sync.auth_collection import auth_collection
from tests.concurrency import gather
from tests.integration.servers import VERSIONS, shared_sink

pytestmark = pytest.mark.integration

FLAVOUR = "async" if PocketBase.__name__.startswith("Async") else "sync"
IS_ASYNC = FLAVOUR == "async"
PASSWORD = "Auth-Secret-123"
MODERN = "0.23"


@dataclass
class Env:
    server: PocketBaseServer
    sink: SMTPSink
    oidc: FakeOIDCProvider

    @property
    def modern(self) -> bool:
        return self.server.generation == MODERN

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """A request as the admin with plain httpx (a fresh token: lifetimes change here)."""
        token = self.server.admin_token(refresh=True)
        with httpx.Client(base_url=self.server.url, trust_env=False, timeout=15) as http:
            response = http.request(method, path, json=body, headers={"Authorization": token})
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def create_user(self, collection: str, label: str, **fields: Any) -> dict[str, Any]:
        email = f"{FLAVOUR}-{label}-{secrets.token_hex(4)}@example.com"
        body = {"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD, **fields}
        created: dict[str, Any] = self.admin("POST", f"/api/collections/{collection}/records", body)
        return created


def _auth_collection_body(env: Env, name: str, **options: Any) -> dict[str, Any]:
    if env.modern:
        return {
            "name": name,
            "type": "auth",
            "fields": [{"name": "name", "type": "text"}],
            "authAlert": {"enabled": False},
            "viewRule": "id = @request.auth.id",
            "createRule": "",  # OAuth2 sign-ups create records
            **options,
        }
    return {
        "name": name,
        "type": "auth",
        "schema": [{"name": "name", "type": "text"}],
        "viewRule": "id = @request.auth.id",
        "createRule": "",
        "options": {"allowEmailAuth": True, "allowOAuth2Auth": True, "minPasswordLength": 8},
    }


def _set_up(env: Env) -> None:
    env.admin("POST", "/api/collections", _auth_collection_body(env, "members"))
    env.server.use_oidc(env.oidc, "users")
    if not env.modern:
        return
    env.server.use_oidc(env.oidc, "members")
    otp = {"enabled": True, "duration": 10, "length": 6}
    env.admin("POST", "/api/collections", _auth_collection_body(env, "otp_members", otp=otp))
    mfa = {"enabled": True, "duration": 600}
    body = _auth_collection_body(env, "mfa_members", otp=otp, mfa=mfa)
    env.admin("POST", "/api/collections", body)


@pytest.fixture(scope="module", params=VERSIONS)
def env(request: pytest.FixtureRequest) -> Iterator[Env]:
    with PocketBaseServer(request.param) as server, FakeOIDCProvider() as oidc:
        sink = shared_sink(request.config)
        server.use_smtp(sink)
        environment = Env(server, sink, oidc)
        _set_up(environment)
        yield environment


@pytest.fixture
def pb(env: Env) -> Iterator[PocketBase]:
    with PocketBase(env.server.url, timeout=15) as client:
        yield client


def mail_to(sink: SMTPSink, address: str) -> Message:
    seen = sink.messages

    def match(message: Message) -> bool:
        return address in str(message["To"]) and not any(message is old for old in seen)

    return sink.wait_for(match, timeout=10)


def otp_code(sink: SMTPSink, message: Message) -> str:
    found = re.search(r"\b(\d{6})\b", sink.body_text(message))
    assert found is not None, sink.body_text(message)
    return found.group(1)


# -- password logins ---------------------------------------------------------------------------


@pytest.mark.parametrize("collection", ["users", "members"])
def test_password_login_and_refresh_on_record_collections(
    env: Env, pb: PocketBase, collection: str
) -> None:
    user = env.create_user(collection, "pw", name="Pat")
    service = auth_collection(pb, collection)
    result = service.auth_with_password(user["email"], PASSWORD)

    assert isinstance(result, RecordAuthResponse)
    assert type(result.record) is Record
    assert result.record.id == user["id"]
    assert result.record.collection_name == collection
    assert result.record["name"] == "Pat"
    assert pb.auth_store.token == result.token
    assert pb.auth_store.holds_record and pb.auth_store.record == result.record
    assert not pb.auth_store.is_superuser

    # the refresh goes to this collection's route, with the stored token
    refreshed = service.auth_refresh()
    assert refreshed.record.id == user["id"]
    assert pb.auth_store.token == refreshed.token
    own = pb.send(f"/api/collections/{collection}/records/{user['id']}")
    assert own["id"] == user["id"]


def test_password_login_on_superusers(env: Env, pb: PocketBase) -> None:
    service = auth_collection(pb, "_superusers")
    result = service.auth_with_password(env.server.admin_email, env.server.admin_password)
    assert result.record["email"] == env.server.admin_email
    assert pb.auth_store.is_superuser
    assert pb.auth_store.token == result.token
    # a superuser-only call works with the stored token
    assert (pb.send("/api/collections", {"params": {"perPage": 1}}))["page"] == 1
    refreshed = service.auth_refresh()
    assert refreshed.record.id == result.record.id and pb.auth_store.is_superuser


def test_wrong_password_is_a_bad_request(env: Env, pb: PocketBase) -> None:
    user = env.create_user("members", "wrong")
    with pytest.raises(BadRequestError) as caught:
        auth_collection(pb, "members").auth_with_password(user["email"], "not-it-123")
    assert caught.value.status == 400
    assert "authenticate" in str(caught.value)
    assert pb.auth_store.token == ""


def test_list_auth_methods_has_the_modern_shape(env: Env, pb: PocketBase) -> None:
    methods = auth_collection(pb, "members").list_auth_methods()
    assert methods.password.enabled
    assert "email" in methods.password.identity_fields
    assert methods.oauth2.enabled
    [provider] = methods.oauth2.providers
    assert provider.name == "oidc" and provider.display_name == "FakeOIDC"
    assert provider.auth_url.startswith(f"{env.oidc.url}/authorize?")
    assert provider.code_verifier and provider.state
    assert methods.mfa.enabled is False and methods.otp.enabled is False


# -- OAuth2 ------------------------------------------------------------------------------------


def _browser_code(auth_url: str) -> str:
    """The code the provider's redirect carries (the browser's first hop only)."""
    with httpx.Client(trust_env=False, timeout=10) as http:
        location = http.get(auth_url).headers["Location"]
    code = dict(httpx.URL(location).params)["code"]
    assert code
    return code


def test_oauth2_code_flow_then_external_auths(env: Env, pb: PocketBase) -> None:
    env.oidc.user = {
        "sub": f"code-{secrets.token_hex(4)}",
        "email": f"{FLAVOUR}-code-{secrets.token_hex(4)}@example.com",
        "email_verified": True,
        "name": "Code Flow",
    }
    service = auth_collection(pb, "users")
    [provider] = (service.list_auth_methods()).oauth2.providers
    redirect_url = pb.build_url("/api/oauth2-redirect")
    code = _browser_code(provider.auth_url + redirect_url)

    result = service.auth_with_oauth2_code(
        "oidc", code, provider.code_verifier, redirect_url, {"name": "Via code"}
    )
    assert result.record["email"] == env.oidc.user["email"]
    assert result.record["name"] == "Via code"
    assert result.meta is not None and result.meta["isNew"] is True
    assert pb.auth_store.token == result.token

    links = service.list_external_auths(result.record.id)
    assert [(link.provider, link.provider_id) for link in links] == [("oidc", env.oidc.user["sub"])]
    assert links[0].user_id == result.record.id
    assert service.unlink_external_auth(result.record.id, "oidc") is True
    assert service.list_external_auths(result.record.id) == []


def test_oauth2_all_in_one_flow(env: Env, pb: PocketBase) -> None:
    env.oidc.user = {
        "sub": f"aio-{secrets.token_hex(4)}",
        "email": f"{FLAVOUR}-aio-{secrets.token_hex(4)}@example.com",
        "email_verified": True,
        "name": "All In One",
    }
    opened: list[str] = []

    def browser(url: str) -> None:
        opened.append(url)
        answer = env.oidc.browse(url)
        assert answer.status_code in (200, 307), answer.text

    result = auth_collection(pb, "members").auth_with_oauth2(
        "oidc", url_callback=browser, create_data={"name": "AIO"}, scopes=["openid", "email"]
    )
    assert result.record["email"] == env.oidc.user["email"]
    assert result.record["name"] == "AIO"
    assert result.record.collection_name == "members"
    assert pb.auth_store.token == result.token and pb.auth_store.record == result.record
    [url] = opened
    params = dict(httpx.URL(url).params)
    assert params["redirect_uri"] == pb.build_url("/api/oauth2-redirect")
    assert params["scope"] == "openid email"
    assert "%20" in url  # encodeURIComponent, not "+"
    links = auth_collection(pb, "members").list_external_auths(result.record.id)
    assert [link.provider for link in links] == ["oidc"]


def test_oauth2_all_in_one_times_out(env: Env, pb: PocketBase) -> None:
    started = current_time()
    with pytest.raises(RequestTimeoutError) as caught:
        auth_collection(pb, "users").auth_with_oauth2(
            "oidc", url_callback=lambda url: None, timeout=1
        )
    assert 0.9 < current_time() - started < 6
    assert "1 s" in str(caught.value)
    assert pb.auth_store.token == ""


def test_oauth2_all_in_one_cancelled_by_key(env: Env, pb: PocketBase) -> None:
    with pytest.raises(RequestCancelledError):
        auth_collection(pb, "users").auth_with_oauth2(
            "oidc",
            url_callback=lambda url: pb.cancel_request("oauth-login"),
            request_key="oauth-login",
        )
    assert pb.auth_store.token == ""


def test_oauth2_provider_refusal(env: Env, pb: PocketBase) -> None:
    from pocketbase import OAuth2Error

    env.oidc.deny = True
    try:
        with pytest.raises(OAuth2Error) as caught:
            auth_collection(pb, "users").auth_with_oauth2(
                "oidc", url_callback=env.oidc.browse, timeout=20
            )
    finally:
        env.oidc.deny = False
    assert caught.value.data == {"error": "access_denied"}
    assert "refused" in str(caught.value)


# -- OTP and MFA (0.23+) -------------------------------------------------------------------------


def test_otp_login_by_email(env: Env, pb: PocketBase) -> None:
    service = auth_collection(pb, "otp_members")
    if not env.modern:
        with pytest.raises(UnsupportedFeatureError) as caught:
            auth_collection(pb, "members").request_otp("x@example.com")
        assert "0.23" in str(caught.value)
        return
    user = env.create_user("otp_members", "otp")
    assert user["verified"] is False
    sent = service.request_otp(user["email"])
    assert sent.otp_id
    code = otp_code(env.sink, mail_to(env.sink, user["email"]))

    with pytest.raises(BadRequestError) as wrong:
        service.auth_with_otp(sent.otp_id, "000000" if code != "000000" else "111111")
    assert "Invalid or expired OTP" in str(wrong.value)

    result = service.auth_with_otp(sent.otp_id, code)
    assert result.record.id == user["id"]
    assert pb.auth_store.token == result.token
    # the documented side effect: verified now, and (MFA off) the old password is gone
    assert result.record["verified"] is True
    with pytest.raises(BadRequestError):
        service.auth_with_password(user["email"], PASSWORD)


def test_otp_expired(env: Env, pb: PocketBase) -> None:
    if not env.modern:
        return  # no OTP before 0.23 (test_otp_login_by_email checks the error)
    user = env.create_user("otp_members", "expired")
    service = auth_collection(pb, "otp_members")
    sent = service.request_otp(user["email"])
    code = otp_code(env.sink, mail_to(env.sink, user["email"]))
    sleep(11)  # the server's minimum OTP lifetime is 10 s
    with pytest.raises(BadRequestError) as caught:
        service.auth_with_otp(sent.otp_id, code)
    assert "Invalid or expired OTP" in str(caught.value)
    assert pb.auth_store.token == ""


def test_mfa_password_then_otp(env: Env, pb: PocketBase) -> None:
    if not env.modern:
        with pytest.raises(UnsupportedFeatureError):
            auth_collection(pb, "members").auth_with_password(
                "x@example.com", PASSWORD, mfa_id="abc"
            )
        return
    user = env.create_user("mfa_members", "mfa")
    service = auth_collection(pb, "mfa_members")
    with pytest.raises(UnauthorizedError) as first:
        service.auth_with_password(user["email"], PASSWORD)
    mfa_id = first.value.mfa_id
    assert mfa_id
    assert "mfa_id" in str(first.value)  # the message says what to do
    assert pb.auth_store.token == ""

    sent = service.request_otp(user["email"])
    code = otp_code(env.sink, mail_to(env.sink, user["email"]))
    result = service.auth_with_otp(sent.otp_id, code, mfa_id=mfa_id)
    assert result.record.id == user["id"]
    assert pb.auth_store.token == result.token


# -- impersonation (0.23+) -----------------------------------------------------------------------


def test_impersonate(env: Env, pb: PocketBase) -> None:
    user = env.create_user("users", "imp")
    if not env.modern:
        with pytest.raises(UnsupportedFeatureError):
            auth_collection(pb, "users").impersonate(user["id"])
        return
    auth_collection(pb, "_superusers").auth_with_password(
        env.server.admin_email, env.server.admin_password
    )
    parent_token = pb.auth_store.token
    child = auth_collection(pb, "users").impersonate(user["id"], 60)
    try:
        assert type(child) is type(pb)
        assert child.auth_store is not pb.auth_store
        assert child.auth_store.record is not None and child.auth_store.record.id == user["id"]
        assert child.auth_store.token != parent_token
        assert pb.auth_store.token == parent_token and pb.auth_store.is_superuser
        assert child._http.timeout == pb._http.timeout
        # the new client acts as the user: the users view rule lets only the user in
        own = child.send(f"/api/collections/users/records/{user['id']}")
        assert own["id"] == user["id"]
        with pytest.raises(ForbiddenError):
            child.send("/api/collections")  # superuser only
    finally:
        child.close()

    # a non-superuser may not impersonate
    with PocketBase(env.server.url) as other:
        auth_collection(other, "users").auth_with_password(user["email"], PASSWORD)
        with pytest.raises(ForbiddenError) as caught:
            auth_collection(other, "users").impersonate(user["id"])
        assert caught.value.status == 403


# -- automatic refresh ----------------------------------------------------------------------------


class WireCount:
    """Counts the requests on the wire per path (an httpx event hook)."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> None:
        self.paths.append(request.url.path)

    def count(self, suffix: str) -> int:
        return sum(1 for path in self.paths if path.endswith(suffix))


def _lifetime(env: Env) -> float:
    return 10.0 if env.modern else 5.0


def _set_lifetimes(env: Env, seconds: int) -> None:
    if env.modern:
        for name in ("members", "_superusers"):
            env.admin("PATCH", f"/api/collections/{name}", {"authToken": {"duration": seconds}})
    else:
        body = {"recordAuthToken": {"duration": seconds}, "adminAuthToken": {"duration": seconds}}
        env.admin("PATCH", "/api/settings", body)


@pytest.fixture
def short_tokens(env: Env) -> Iterator[float]:
    lifetime = _lifetime(env)
    _set_lifetimes(env, int(lifetime))
    try:
        yield lifetime
    finally:
        _set_lifetimes(env, 86400)


def test_auto_refresh_keeps_a_user_loop_working(env: Env, short_tokens: float) -> None:
    user = env.create_user("members", "loop")
    wire = WireCount()
    http = httpx.Client(trust_env=False, timeout=15, event_hooks={"request": [wire]})
    with PocketBase(env.server.url, http_client=http) as pb:
        auth_collection(pb, "members").auth_with_password(
            user["email"], PASSWORD, auto_refresh_threshold=short_tokens / 2
        )
        first = pb.auth_store.token
        deadline = current_time() + short_tokens * 1.8
        while current_time() < deadline:
            own = pb.send(f"/api/collections/members/records/{user['id']}")
            assert own["id"] == user["id"]  # never a guest's 404
            sleep(0.4)
        assert pb.auth_store.token != first
    http.close()
    assert wire.count("/auth-refresh") >= 2
    assert all("autoRefresh" not in path for path in wire.paths)


def test_auto_refresh_superuser_relogs_in_after_expiry(env: Env, short_tokens: float) -> None:
    wire = WireCount()
    http = httpx.Client(trust_env=False, timeout=15, event_hooks={"request": [wire]})
    with PocketBase(env.server.url, http_client=http) as pb:
        auth_collection(pb, "_superusers").auth_with_password(
            env.server.admin_email,
            env.server.admin_password,
            auto_refresh_threshold=short_tokens / 2,
        )
        deadline = current_time() + short_tokens * 1.5
        while current_time() < deadline:  # refreshes along the way
            assert (pb.send("/api/collections", {"params": {"perPage": 1}}))["page"] == 1
            sleep(0.4)
        refreshes = wire.count("/auth-refresh")
        assert refreshes >= 1
        sleep(short_tokens + 1)  # a backend that slept past the expiry
        assert (pb.send("/api/collections", {"params": {"perPage": 1}}))["page"] == 1
        assert pb.auth_store.is_superuser
    http.close()
    assert wire.count("/auth-refresh") == refreshes  # expired: no refresh, a re-login
    assert wire.count("/auth-with-password") == 2  # the login and one re-login


def test_auto_refresh_one_refresh_for_many_waiting_requests(env: Env, short_tokens: float) -> None:
    user = env.create_user("members", "many")
    wire = WireCount()
    http = httpx.Client(
        trust_env=False,
        timeout=30,
        event_hooks={"request": [wire]},
        limits=httpx.Limits(max_connections=60),
    )
    with PocketBase(env.server.url, http_client=http, auto_cancel=False) as pb:
        auth_collection(pb, "members").auth_with_password(
            user["email"], PASSWORD, auto_refresh_threshold=short_tokens / 2
        )
        sleep(short_tokens / 2 + 0.5)  # now within the threshold
        path = f"/api/collections/members/records/{user['id']}"

        def fetch() -> Any:
            return pb.send(path)

        results = gather(*[fetch for _ in range(50 if IS_ASYNC else 8)])
    http.close()
    assert [r["id"] if isinstance(r, dict) else r for r in results] == [user["id"]] * len(results)
    assert wire.count("/auth-refresh") == 1
