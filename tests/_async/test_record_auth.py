"""The auth calls of ``collection(name)`` on the wire (respx): exact requests, results, store
side effects, generation mapping, hostile replies, secrets, the all-in-one OAuth2 flow against
a fake SSE reply, and the automatic refresh (one renewal for many waiting requests)."""

from __future__ import annotations

import base64
import inspect
import json
import logging
import pickle
import threading
import time
from typing import Any

import httpx
import pytest
import respx

from pocketbase import (
    AsyncPocketBase,
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    OAuth2Error,
    TransportError,
    UnauthorizedError,
    UnsupportedFeatureError,
)
from pocketbase.models import Admin, AuthMethods, ExternalAuth, Record, RecordAuthResponse
from tests._async.auth_collection import auth_collection
from tests.concurrency import agather

BASE = "http://pb.test"
IS_ASYNC = inspect.iscoroutinefunction(AsyncPocketBase.send)
PASSWORD = "Sup3r-Secret-Pass"


def jwt(**payload: Any) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJIUzI1NiJ9.{body}.sig"


def token_for(record_id: str, lifetime: float, collection_id: str = "pbc_members") -> str:
    return jwt(id=record_id, collectionId=collection_id, type="auth", exp=time.time() + lifetime)


def member(record_id: str = "m1", **extra: Any) -> dict[str, Any]:
    return {
        "id": record_id,
        "collectionId": "pbc_members",
        "collectionName": "members",
        "email": f"{record_id}@example.com",
        **extra,
    }


SUPERUSER = {
    "id": "s1",
    "collectionId": "pbc_3142635823",
    "collectionName": "_superusers",
    "email": "admin@example.com",
}


def client(server_api: str = "0.23", **kwargs: Any) -> AsyncPocketBase:
    return AsyncPocketBase(BASE, server_api=server_api, **kwargs)  # type: ignore[arg-type]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


def auth_reply(token: str, record: dict[str, Any], **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"token": token, "record": record, **extra})


# -- logins ------------------------------------------------------------------------------------


async def test_password_login_on_any_collection(respx_mock: respx.MockRouter) -> None:
    token = token_for("m1", 3600)
    route = respx_mock.post(f"{BASE}/api/collections/members/auth-with-password").mock(
        return_value=auth_reply(token, member(name="Pat"))
    )
    async with client() as pb:
        pb.auth_store.save("old-token", Record(id="x"))
        result = await auth_collection(pb, "members").auth_with_password(
            "m1@example.com",
            PASSWORD,
            expand=["team", "org"],
            fields="*",
            query={"q": 1},
            headers={"X-Trace": "t1"},
            request_key="login",
        )
        assert isinstance(result, RecordAuthResponse)
        assert result.token == token and result.meta is None
        assert type(result.record) is Record and result.record["name"] == "Pat"
        assert pb.auth_store.token == token
        assert pb.auth_store.holds_record and pb.auth_store.record == result.record
        assert pb.auth_store.is_user and not pb.auth_store.is_superuser
    request = route.calls.last.request
    assert str(request.url) == (
        f"{BASE}/api/collections/members/auth-with-password?q=1&expand=team%2Corg&fields=*"
    )
    assert body_of(request) == {"identity": "m1@example.com", "password": PASSWORD}
    assert "Authorization" not in request.headers  # logins never send the stored token
    assert request.headers["X-Trace"] == "t1"


async def test_a_typed_model_and_meta(respx_mock: respx.MockRouter) -> None:
    class Member(Record):
        name: str = ""

    respx_mock.post(f"{BASE}/api/collections/members/auth-with-oauth2").mock(
        return_value=auth_reply("t", member(name="Kim"), meta={"isNew": True, "accessToken": "at"})
    )
    async with client() as pb:
        service = pb.collection("members", model=Member)
        result = await service.auth_with_oauth2_code("oidc", "code", "verifier", "http://r")
        assert type(result.record) is Member and result.record.name == "Kim"
        assert result.meta == {"isNew": True, "accessToken": "at"}
        assert "at" not in repr(result).replace("Member", "") or "accessToken" not in repr(result)
        assert "verifier" not in repr(result)


async def test_mfa_first_factor_then_second(respx_mock: respx.MockRouter) -> None:
    password = respx_mock.post(f"{BASE}/api/collections/users/auth-with-password").mock(
        return_value=httpx.Response(401, json={"mfaId": "mfa123"})
    )
    otp = respx_mock.post(f"{BASE}/api/collections/users/auth-with-otp").mock(
        return_value=auth_reply("tok", member("u1"))
    )
    async with client() as pb:
        users = auth_collection(pb, "users")
        with pytest.raises(UnauthorizedError) as caught:
            await users.auth_with_password("u1@example.com", PASSWORD)
        assert caught.value.mfa_id == "mfa123"
        assert "mfa_id" in str(caught.value)
        assert "mfa123" not in f"{caught.value} {caught.value!r}"
        assert b"mfa123" not in pickle.dumps(caught.value)
        assert type(pickle.loads(pickle.dumps(caught.value))) is UnauthorizedError
        assert pb.auth_store.token == ""
        await users.auth_with_otp("otp1", "123456", mfa_id=caught.value.mfa_id)
        assert pb.auth_store.token == "tok"
    assert password.call_count == 1
    request = otp.calls.last.request
    assert str(request.url) == f"{BASE}/api/collections/users/auth-with-otp"  # no ?mfaId
    assert body_of(request) == {"otpId": "otp1", "password": "123456", "mfaId": "mfa123"}


async def test_login_keeps_a_caller_authorization(respx_mock: respx.MockRouter) -> None:
    """The stored token is left out, a header the caller gives (any case) goes out as is."""
    route = respx_mock.post(f"{BASE}/api/collections/users/auth-with-password").mock(
        return_value=auth_reply(token_for("u1", 3600), member())
    )
    async with client() as pb:
        pb.auth_store.save("stored", Record(id="x"))
        await auth_collection(pb, "users").auth_with_password(
            "a@example.com", PASSWORD, headers={"authorization": "mine"}
        )
    assert route.calls.last.request.headers.get_list("Authorization") == ["mine"]


async def test_request_otp(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/api/collections/users/request-otp").mock(
        return_value=httpx.Response(200, json={"otpId": "otp-secret-1"})
    )
    async with client() as pb:
        pb.auth_store.save("stored", Record(id="x"))
        sent = await auth_collection(pb, "users").request_otp("a@example.com")
    assert sent.otp_id == "otp-secret-1"
    assert "otp-secret-1" not in repr(sent)
    assert body_of(route.calls.last.request) == {"email": "a@example.com"}
    assert "Authorization" not in route.calls.last.request.headers


@pytest.mark.parametrize(
    ("server_api", "url", "body", "reply"),
    [
        (
            "0.8",
            "/api/admins/auth-with-password",
            {"identity": "admin@example.com", "password": PASSWORD},
            {"token": jwt(id="a1", type="admin", exp=time.time() + 60), "admin": {"id": "a1"}},
        ),
        (
            "0.7",
            "/api/admins/auth-via-email",
            {"email": "admin@example.com", "password": PASSWORD},
            {"token": jwt(id="a1", type="admin", exp=time.time() + 60), "admin": {"id": "a1"}},
        ),
    ],
)
async def test_superusers_on_old_servers_use_the_admin_routes(
    respx_mock: respx.MockRouter,
    server_api: str,
    url: str,
    body: dict[str, Any],
    reply: dict[str, Any],
) -> None:
    route = respx_mock.post(f"{BASE}{url}").mock(return_value=httpx.Response(200, json=reply))
    async with client(server_api) as pb:
        result = await auth_collection(pb, "_superusers").auth_with_password(
            "admin@example.com", PASSWORD
        )
        assert result.record.id == "a1"
        assert pb.auth_store.token == reply["token"]
        assert pb.auth_store.is_superuser
    assert body_of(route.calls.last.request) == body


async def test_users_on_07(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/api/users/auth-via-email").mock(
        return_value=httpx.Response(200, json={"token": "t", "user": {"id": "u1", "email": "e"}})
    )
    async with client("0.7") as pb:
        result = await auth_collection(pb, "users").auth_with_password("e", "p")
        assert result.record.id == "u1" and pb.auth_store.token == "t"
    assert body_of(route.calls.last.request) == {"email": "e", "password": "p"}


@pytest.mark.parametrize(
    ("server_api", "collection", "call"),
    [
        ("0.7", "members", lambda s: s.auth_with_password("e", "p")),
        ("0.8", "users", lambda s: s.request_otp("e")),
        ("0.8", "users", lambda s: s.auth_with_otp("o", "p")),
        ("0.8", "users", lambda s: s.auth_with_password("e", "p", mfa_id="m")),
        ("0.8", "users", lambda s: s.impersonate("u1")),
        ("0.8", "_superusers", lambda s: s.list_auth_methods()),
        ("0.8", "_superusers", lambda s: s.request_email_change("e")),
        ("0.7", "users", lambda s: s.auth_with_oauth2("oidc", url_callback=print)),
    ],
)
async def test_unsupported_calls_send_nothing(
    respx_mock: respx.MockRouter, server_api: str, collection: str, call: Any
) -> None:
    async with client(server_api) as pb:
        with pytest.raises(UnsupportedFeatureError) as caught:
            await call(auth_collection(pb, collection))
    assert caught.value.status == 0
    assert "or later" in str(caught.value)
    assert respx_mock.calls.call_count == 0


async def test_list_auth_methods(respx_mock: respx.MockRouter) -> None:
    modern = respx_mock.get(f"{BASE}/api/collections/users/auth-methods").mock(
        return_value=httpx.Response(
            200,
            json={
                "password": {"identityFields": ["email"], "enabled": True},
                "oauth2": {"providers": [], "enabled": False},
                "mfa": {"enabled": True, "duration": 1800},
                "otp": {"enabled": True, "duration": 180},
            },
        )
    )
    async with client() as pb:
        methods = await auth_collection(pb, "users").list_auth_methods()
    assert str(modern.calls.last.request.url) == (
        f"{BASE}/api/collections/users/auth-methods?fields=mfa%2Cotp%2Cpassword%2Coauth2"
    )
    assert methods == AuthMethods.model_validate(
        {
            "password": {"enabled": True, "identityFields": ["email"]},
            "mfa": {"enabled": True, "duration": 1800},
            "otp": {"enabled": True, "duration": 180},
        }
    )
    assert "identity_fields=['email']" in repr(methods)


async def test_list_auth_methods_on_022_without_the_fields_filter(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.get(f"{BASE}/api/collections/members/auth-methods").mock(
        return_value=httpx.Response(
            200,
            json={
                "usernamePassword": False,
                "emailPassword": True,
                "authProviders": [{"name": "oidc", "authUrl": "http://idp/a?x=1&redirect_uri="}],
            },
        )
    )
    async with client("0.8") as pb:
        methods = await auth_collection(pb, "members").list_auth_methods()
    assert str(route.calls.last.request.url) == f"{BASE}/api/collections/members/auth-methods"
    assert methods.password.enabled and methods.password.identity_fields == ["email"]
    assert methods.oauth2.enabled
    assert [p.auth_url for p in methods.oauth2.providers] == ["http://idp/a?x=1&redirect_uri="]
    assert not methods.mfa.enabled and not methods.otp.enabled


async def test_auth_refresh_sends_the_stored_token(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/api/collections/members/auth-refresh").mock(
        return_value=auth_reply("new", member())
    )
    async with client() as pb:
        pb.auth_store.save("stored", Record.model_validate(member()))
        result = await auth_collection(pb, "members").auth_refresh(expand="team")
        assert result.token == "new" and pb.auth_store.token == "new"
    request = route.calls.last.request
    assert request.headers["Authorization"] == "stored"
    assert str(request.url) == f"{BASE}/api/collections/members/auth-refresh?expand=team"
    assert request.content == b""  # no body


async def test_email_flows_and_their_store_effects(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(url__regex=rf"{BASE}/api/collections/members/.*").mock(
        return_value=httpx.Response(204)
    )
    verification = jwt(id="m1", collectionId="pbc_members", type="verification")
    async with client() as pb:
        service = auth_collection(pb, "members")
        pb.auth_store.save("stored", Record.model_validate(member(verified=False)))
        assert await service.request_verification("m1@example.com") is True
        assert await service.confirm_verification(verification) is True
        assert pb.auth_store.record is not None and pb.auth_store.record["verified"] is True
        assert pb.auth_store.token == "stored"
        assert await service.request_password_reset("m1@example.com") is True
        assert await service.confirm_password_reset("rt", "n3w-Pass", "n3w-Pass") is True
        assert pb.auth_store.token == "stored"
        assert await service.request_email_change("new@example.com") is True
        assert await service.confirm_email_change(verification, "n3w-Pass") is True
        assert pb.auth_store.token == ""  # the server invalidated the record's tokens
    sent = [(str(c.request.url).rsplit("/", 1)[1], body_of(c.request)) for c in route.calls]
    assert sent == [
        ("request-verification", {"email": "m1@example.com"}),
        ("confirm-verification", {"token": verification}),
        ("request-password-reset", {"email": "m1@example.com"}),
        (
            "confirm-password-reset",
            {"token": "rt", "password": "n3w-Pass", "passwordConfirm": "n3w-Pass"},
        ),
        ("request-email-change", {"newEmail": "new@example.com"}),
        ("confirm-email-change", {"token": verification, "password": "n3w-Pass"}),
    ]


async def test_external_auths_on_023(respx_mock: respx.MockRouter) -> None:
    link = {
        "id": "ea1",
        "collectionId": "pbc_2281828961",
        "collectionName": "_externalAuths",
        "collectionRef": "pbc_members",
        "recordRef": "m1",
        "provider": "oidc",
        "providerId": "p1",
    }
    records = f"{BASE}/api/collections/_externalAuths/records"
    listing = respx_mock.get(records).mock(
        return_value=httpx.Response(200, json={"page": 1, "perPage": 1000, "items": [link]})
    )
    delete = respx_mock.delete(f"{records}/ea1").mock(return_value=httpx.Response(204))
    async with client() as pb:
        service = auth_collection(pb, "members")
        links = await service.list_external_auths("m1")
        assert [type(x) for x in links] == [ExternalAuth]
        assert (links[0].user_id, links[0].provider, links[0].provider_id) == ("m1", "oidc", "p1")
        assert await service.unlink_external_auth("m1", "oidc") is True
        listing.mock(return_value=httpx.Response(200, json={"items": []}))
        with pytest.raises(NotFoundError):
            await service.unlink_external_auth("m1", "github")
    urls = [str(c.request.url) for c in listing.calls]
    assert urls == [
        f"{records}?page=1&perPage=1000&skipTotal=1&filter=recordRef%20%3D%20%22m1%22",
        f"{records}?page=1&perPage=1&filter=recordRef%20%3D%20%22m1%22%20%26%26%20provider"
        "%20%3D%20%22oidc%22&skipTotal=1",
        f"{records}?page=1&perPage=1&filter=recordRef%20%3D%20%22m1%22%20%26%26%20provider"
        "%20%3D%20%22github%22&skipTotal=1",
    ]
    assert delete.call_count == 1


async def test_external_auths_on_022(respx_mock: respx.MockRouter) -> None:
    base = f"{BASE}/api/collections/members/records/m1/external-auths"
    listing = respx_mock.get(base).mock(
        return_value=httpx.Response(200, json=[{"id": "e", "recordId": "m1", "provider": "oidc"}])
    )
    delete = respx_mock.delete(f"{base}/oidc").mock(return_value=httpx.Response(204))
    async with client("0.8") as pb:
        service = auth_collection(pb, "members")
        assert [x.user_id for x in await service.list_external_auths("m1")] == ["m1"]
        assert await service.unlink_external_auth("m1", "oidc") is True
    assert listing.call_count == 1 and delete.call_count == 1


# -- impersonation -----------------------------------------------------------------------------


async def test_impersonate_returns_a_new_client(respx_mock: respx.MockRouter) -> None:
    imp_token = token_for("u1", 60, "_pb_users_auth_")
    route = respx_mock.post(f"{BASE}/api/collections/users/impersonate/u1").mock(
        return_value=auth_reply(imp_token, member("u1"))
    )
    after = respx_mock.get(f"{BASE}/api/me").mock(return_value=httpx.Response(200, json={}))
    async with client(timeout=7.5) as pb:
        pb.auth_store.save("superuser-token", Record.model_validate(SUPERUSER))
        child = await auth_collection(pb, "users").impersonate("u1", 60, query={"q": "1"})
        try:
            assert type(child) is type(pb) and child is not pb
            assert child.auth_store.token == imp_token
            assert child.auth_store.record is not None and child.auth_store.record.id == "u1"
            assert pb.auth_store.token == "superuser-token"
            assert child._http.timeout == httpx.Timeout(7.5)
            assert child.base_url == pb.base_url and child.server_api == "0.23"
            await child.send("/api/me")
        finally:
            await child.aclose()
    request = route.calls.last.request
    assert str(request.url) == f"{BASE}/api/collections/users/impersonate/u1?q=1"
    assert request.headers["Authorization"] == "superuser-token"
    assert body_of(request) == {"duration": 60}
    assert after.calls.last.request.headers["Authorization"] == imp_token


async def test_impersonate_by_a_non_superuser(respx_mock: respx.MockRouter) -> None:
    message = "The authorized record is not allowed to perform this action."
    respx_mock.post(f"{BASE}/api/collections/users/impersonate/u2").mock(
        return_value=httpx.Response(403, json={"status": 403, "message": message, "data": {}})
    )
    async with client() as pb:
        pb.auth_store.save("user-token", Record.model_validate(member("u1")))
        with pytest.raises(ForbiddenError, match="not allowed"):
            await auth_collection(pb, "users").impersonate("u2")
        assert pb.auth_store.token == "user-token"


# -- hostile replies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "field"),
    [
        ({"token": 5, "record": member()}, "token"),
        ({"token": "t", "record": "nope"}, "record"),
        ({"token": "t", "record": member(), "meta": []}, "meta"),
    ],
)
async def test_unusable_replies(
    respx_mock: respx.MockRouter, reply: dict[str, Any], field: str
) -> None:
    respx_mock.post(f"{BASE}/api/collections/members/auth-with-password").mock(
        return_value=httpx.Response(200, json=reply)
    )
    async with client() as pb:
        with pytest.raises(ClientResponseError) as caught:
            await auth_collection(pb, "members").auth_with_password("e", "p")
        assert pb.auth_store.token == ""
    assert type(caught.value) is ClientResponseError
    assert caught.value.status == 200
    assert f"first failing field: {field}" in str(caught.value)


async def test_unknown_option_is_a_type_error(respx_mock: respx.MockRouter) -> None:
    async with client() as pb:
        with pytest.raises(TypeError, match="filter"):
            await auth_collection(pb, "users").auth_with_password("e", "p", filter="x")  # type: ignore[call-arg]
    assert respx_mock.calls.call_count == 0


# -- the all-in-one OAuth2 flow (a fake SSE reply) ---------------------------------------------


def sse(*events: tuple[str, str, str]) -> httpx.Response:
    text = "".join(f"id:{i}\nevent:{e}\ndata:{d}\n\n" for i, e, d in events)
    return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=text.encode())


PROVIDER = {
    "name": "oidc",
    "state": "server-state",
    "codeVerifier": "verifier-1",
    "authURL": "http://idp/auth?client_id=c&state=server-state&scope=openid+email&redirect_uri=",
}


def oauth2_routes(respx_mock: respx.MockRouter, event_data: str) -> dict[str, respx.Route]:
    return {
        "methods": respx_mock.get(f"{BASE}/api/collections/users/auth-methods").mock(
            return_value=httpx.Response(
                200, json={"oauth2": {"enabled": True, "providers": [PROVIDER]}}
            )
        ),
        "stream": respx_mock.get(f"{BASE}/api/realtime").mock(
            return_value=sse(
                ("cid1", "PB_CONNECT", '{"clientId":"cid1"}'), ("", "@oauth2", event_data)
            )
        ),
        "subscribe": respx_mock.post(f"{BASE}/api/realtime").mock(return_value=httpx.Response(204)),
        "exchange": respx_mock.post(f"{BASE}/api/collections/users/auth-with-oauth2").mock(
            return_value=auth_reply("oauth-token", member("u9"), meta={"isNew": False})
        ),
    }


async def test_all_in_one_sequence(respx_mock: respx.MockRouter) -> None:
    routes = oauth2_routes(respx_mock, '{"state":"cid1","code":"the-code"}')
    opened: list[str] = []
    async with client() as pb:
        result = await auth_collection(pb, "users").auth_with_oauth2(
            "oidc",
            url_callback=opened.append,
            create_data={"name": "N"},
            mfa_id="m1",
            expand="team",
        )
        assert result.token == "oauth-token" and pb.auth_store.token == "oauth-token"
    redirect = f"{BASE}/api/oauth2-redirect"
    assert opened == [
        "http://idp/auth?client_id=c&state=cid1&scope=openid%20email"
        "&redirect_uri=http%3A%2F%2Fpb.test%2Fapi%2Foauth2-redirect"
    ]
    assert body_of(routes["subscribe"].calls.last.request) == {
        "clientId": "cid1",
        "subscriptions": ["@oauth2"],
    }
    exchange = routes["exchange"].calls.last.request
    assert str(exchange.url).endswith("/auth-with-oauth2?expand=team")
    assert body_of(exchange) == {
        "provider": "oidc",
        "code": "the-code",
        "codeVerifier": "verifier-1",
        "redirectURL": redirect,
        "createData": {"name": "N"},
        "mfaId": "m1",
    }
    assert "Authorization" not in exchange.headers
    # the one-off realtime connection is gone (a thread in the sync client)
    assert not [t for t in threading.enumerate() if t.name == "pocketbase-oauth2"]


async def test_all_in_one_state_mismatch(respx_mock: respx.MockRouter) -> None:
    routes = oauth2_routes(respx_mock, '{"state":"someone-else","code":"stolen-code"}')
    async with client() as pb:
        with pytest.raises(OAuth2Error, match="state does not match") as caught:
            await auth_collection(pb, "users").auth_with_oauth2("oidc", url_callback=print)
        assert pb.auth_store.token == ""
    assert "stolen-code" not in repr(caught.value) and "someone-else" not in str(caught.value)
    assert routes["exchange"].call_count == 0


async def test_all_in_one_stream_ends_early(respx_mock: respx.MockRouter) -> None:
    routes = oauth2_routes(respx_mock, "{}")
    routes["stream"].mock(return_value=sse(("cid1", "PB_CONNECT", '{"clientId":"cid1"}')))
    async with client() as pb:
        with pytest.raises(TransportError, match="interrupted"):
            await auth_collection(pb, "users").auth_with_oauth2("oidc", url_callback=print)


async def test_all_in_one_unknown_provider(respx_mock: respx.MockRouter) -> None:
    routes = oauth2_routes(respx_mock, "{}")
    async with client() as pb:
        with pytest.raises(OAuth2Error, match="'github'"):
            await auth_collection(pb, "users").auth_with_oauth2("github", url_callback=print)
    assert routes["stream"].call_count == 0


async def test_all_in_one_callback_failure(respx_mock: respx.MockRouter) -> None:
    oauth2_routes(respx_mock, '{"state":"cid1","code":"c"}')

    def broken(url: str) -> None:
        raise RuntimeError(f"cannot open {url}")

    async with client() as pb:
        with pytest.raises(OAuth2Error, match="url_callback raised RuntimeError") as caught:
            await auth_collection(pb, "users").auth_with_oauth2("oidc", url_callback=broken)
    assert "cid1" not in str(caught.value)
    assert isinstance(caught.value.original_error, RuntimeError)


# -- automatic refresh -----------------------------------------------------------------------


def refresh_setup(
    respx_mock: respx.MockRouter, login_lifetime: float, collection: str = "members"
) -> dict[str, respx.Route]:
    record = SUPERUSER if collection == "_superusers" else member()
    cid = record["collectionId"]
    return {
        "login": respx_mock.post(f"{BASE}/api/collections/{collection}/auth-with-password").mock(
            side_effect=lambda request: auth_reply(
                token_for(record["id"], login_lifetime, cid), record
            )
        ),
        "refresh": respx_mock.post(f"{BASE}/api/collections/{collection}/auth-refresh").mock(
            side_effect=lambda request: auth_reply(token_for(record["id"], 3600, cid), record)
        ),
        "data": respx_mock.get(f"{BASE}/api/data").mock(
            return_value=httpx.Response(200, json={"ok": True})
        ),
    }


async def test_refresh_before_a_request_that_finds_the_token_expiring(
    respx_mock: respx.MockRouter,
) -> None:
    routes = refresh_setup(respx_mock, 20)
    async with client() as pb:
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )
        first = pb.auth_store.token
        assert await pb.send("/api/data") == {"ok": True}
        second = pb.auth_store.token
        assert second != first
        await pb.send("/api/data")  # fresh now: no second refresh
    assert routes["refresh"].call_count == 1
    assert routes["refresh"].calls.last.request.headers["Authorization"] == first
    assert [c.request.headers["Authorization"] for c in routes["data"].calls] == [second] * 2
    assert str(routes["refresh"].calls.last.request.url).endswith("/auth-refresh")
    login = str(routes["login"].calls.last.request.url)
    assert login == f"{BASE}/api/collections/members/auth-with-password"


async def test_one_refresh_for_many_concurrent_requests(respx_mock: respx.MockRouter) -> None:
    routes = refresh_setup(respx_mock, 20)
    async with client(auto_cancel=False) as pb:
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )

        async def fetch() -> Any:
            return await pb.send("/api/data")

        results = await agather(*[fetch for _ in range(50 if IS_ASYNC else 8)])
        final = pb.auth_store.token
    assert results == [{"ok": True}] * len(results)
    assert routes["refresh"].call_count == 1
    assert {c.request.headers["Authorization"] for c in routes["data"].calls} == {final}


async def test_failed_refresh_keeps_a_valid_old_token_and_is_not_retried(
    respx_mock: respx.MockRouter,
) -> None:
    routes = refresh_setup(respx_mock, 20)
    routes["refresh"].mock(return_value=httpx.Response(401, json={"message": "no"}))
    async with client() as pb:
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )
        old = pb.auth_store.token
        await pb.send("/api/data")
        await pb.send("/api/data")
        assert pb.auth_store.token == old
    assert routes["refresh"].call_count == 1
    assert [c.request.headers["Authorization"] for c in routes["data"].calls] == [old, old]


async def test_failed_refresh_of_an_expired_token_raises(respx_mock: respx.MockRouter) -> None:
    routes = refresh_setup(respx_mock, -5)
    routes["refresh"].mock(return_value=httpx.Response(401, json={"message": "Token expired."}))
    async with client() as pb:
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )
        for _ in range(2):
            with pytest.raises(UnauthorizedError) as caught:
                await pb.send("/api/data")
            assert "automatic auth refresh failed (Token expired.)" in str(caught.value)
            assert "log in again" in str(caught.value)
    assert routes["refresh"].call_count == 1
    assert routes["data"].call_count == 0  # never sent as a guest


async def test_superuser_relogin_when_the_refresh_fails(respx_mock: respx.MockRouter) -> None:
    routes = refresh_setup(respx_mock, 20, "_superusers")
    routes["refresh"].mock(return_value=httpx.Response(401, json={"message": "no"}))
    async with client() as pb:
        await auth_collection(pb, "_superusers").auth_with_password(
            "admin@example.com", PASSWORD, auto_refresh_threshold=60
        )
        routes["login"].side_effect = lambda request: auth_reply(
            token_for("s1", 3600, "pbc_3142635823"), SUPERUSER
        )
        await pb.send("/api/data")
        renewed = pb.auth_store.token
        await pb.send("/api/data")
        assert pb.auth_store.is_superuser
    assert routes["refresh"].call_count == 1
    assert routes["login"].call_count == 2  # the login and one re-login
    relogin = routes["login"].calls.last.request
    assert body_of(relogin) == {"identity": "admin@example.com", "password": PASSWORD}
    assert "Authorization" not in relogin.headers
    assert [c.request.headers["Authorization"] for c in routes["data"].calls] == [renewed] * 2


async def test_expired_superuser_token_relogs_in_without_a_refresh(
    respx_mock: respx.MockRouter,
) -> None:
    routes = refresh_setup(respx_mock, -5, "_superusers")
    async with client() as pb:
        await auth_collection(pb, "_superusers").auth_with_password(
            "admin@example.com", PASSWORD, auto_refresh_threshold=60
        )
        routes["login"].side_effect = lambda request: auth_reply(
            token_for("s1", 3600, "pbc_3142635823"), SUPERUSER
        )
        await pb.send("/api/data")
    assert routes["refresh"].call_count == 0
    assert routes["login"].call_count == 2


async def test_superuser_relogin_failure(respx_mock: respx.MockRouter) -> None:
    routes = refresh_setup(respx_mock, -5, "_superusers")
    async with client() as pb:
        await auth_collection(pb, "_superusers").auth_with_password(
            "admin@example.com", PASSWORD, auto_refresh_threshold=60
        )
        routes["login"].side_effect = None
        routes["login"].mock(
            return_value=httpx.Response(400, json={"message": "Failed to authenticate."})
        )
        with pytest.raises(BadRequestError, match="automatic auth refresh failed"):
            await pb.send("/api/data")
        with pytest.raises(BadRequestError):
            await pb.send("/api/data")
    assert routes["login"].call_count == 2  # at most one re-login per expiring token
    assert routes["data"].call_count == 0


async def test_a_store_cleared_during_the_refresh_stays_cleared(
    respx_mock: respx.MockRouter,
) -> None:
    routes = refresh_setup(respx_mock, 20)
    async with client() as pb:

        def clear_then_reply(request: httpx.Request) -> httpx.Response:
            pb.auth_store.clear()  # a logout by hand while the refresh is in flight
            return auth_reply(token_for("m1", 3600), member())

        routes["refresh"].side_effect = clear_then_reply
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )
        await pb.send("/api/data")
        assert pb.auth_store.token == ""
        await pb.send("/api/data")
    assert routes["refresh"].call_count == 1


async def test_registration_ends_on_manual_change_or_another_login(
    respx_mock: respx.MockRouter,
) -> None:
    routes = refresh_setup(respx_mock, 20)
    async with client() as pb:
        service = auth_collection(pb, "members")
        await service.auth_with_password("e", PASSWORD, auto_refresh_threshold=60)
        pb.auth_store.save(token_for("m1", 20), Record.model_validate(member()))  # by hand
        await pb.send("/api/data")
        await service.auth_with_password("e", PASSWORD, auto_refresh_threshold=60)
        await service.auth_with_password("e", PASSWORD)  # another login, no threshold
        await pb.send("/api/data")
        await service.auth_with_password("e", PASSWORD, auto_refresh_threshold=60)
        pb.auth_store.clear()
        await pb.send("/api/data")
    assert routes["refresh"].call_count == 0


async def test_a_manual_refresh_keeps_the_registration(respx_mock: respx.MockRouter) -> None:
    routes = refresh_setup(respx_mock, 20)
    routes["refresh"].side_effect = None
    routes["refresh"].mock(side_effect=lambda r: auth_reply(token_for("m1", 20), member()))
    async with client() as pb:
        service = auth_collection(pb, "members")
        await service.auth_with_password("e", PASSWORD, auto_refresh_threshold=60)
        await service.auth_refresh()  # by the caller: still expiring soon
        await pb.send("/api/data")  # the registration followed the new token
    assert routes["refresh"].call_count == 2


async def test_seed_login_ends_the_registration(respx_mock: respx.MockRouter) -> None:
    routes = refresh_setup(respx_mock, 20)
    respx_mock.post(f"{BASE}/api/collections/_superusers/auth-with-password").mock(
        return_value=httpx.Response(200, json={"token": "admin-tok", "record": SUPERUSER})
    )
    async with client() as pb:
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )
        await pb.admins.auth_via_email("admin@example.com", PASSWORD)
        assert type(pb.auth_store.model) is Admin
        await pb.send("/api/data")
    assert routes["refresh"].call_count == 0


@pytest.mark.parametrize("threshold", [0, -1, float("nan"), True, "60"])
async def test_invalid_threshold_sends_nothing(
    respx_mock: respx.MockRouter, threshold: Any
) -> None:
    async with client() as pb:
        with pytest.raises(ClientResponseError, match="Invalid auto_refresh_threshold"):
            await auth_collection(pb, "members").auth_with_password(
                "e", PASSWORD, auto_refresh_threshold=threshold
            )
    assert respx_mock.calls.call_count == 0


async def test_the_kept_password_never_leaks(
    respx_mock: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    routes = refresh_setup(respx_mock, 20, "_superusers")
    routes["refresh"].mock(return_value=httpx.Response(401, json={"message": "no"}))
    caplog.set_level(logging.DEBUG)
    async with client() as pb:
        await auth_collection(pb, "_superusers").auth_with_password(
            "admin@example.com", PASSWORD, auto_refresh_threshold=60
        )
        registration = pb._auto_refresh.registration
        assert registration is not None and registration.credentials is not None
        texts = [repr(pb), repr(pb.auth_store), repr(registration), str(registration)]
        await pb.send("/api/data")
        for target in (pb, registration):
            with pytest.raises(TypeError):
                pickle.dumps(target)
    texts += [record.getMessage() for record in caplog.records]
    assert all(PASSWORD not in text for text in texts)


async def test_a_request_during_the_renewal_save_keeps_the_registration(
    respx_mock: respx.MockRouter,
) -> None:
    from pocketbase._auto_refresh import Plan, plan

    refresh_setup(respx_mock, 20)
    seen: list[Plan] = []
    async with client() as pb:
        await auth_collection(pb, "members").auth_with_password(
            "e", PASSWORD, auto_refresh_threshold=60
        )
        registration = pb._auto_refresh.registration
        assert registration is not None

        def on_change(token: str, model: Any) -> None:
            # what a request of another thread or task sees while the renewal saves
            seen.append(plan(registration, token))

        pb.auth_store.on_change(on_change)
        await pb.send("/api/data")
        assert pb._auto_refresh.registration is registration
        assert registration.token == pb.auth_store.token
    assert seen == [Plan.SEND]
