# Generated from tests/_async/test_auth_services.py by scripts/unasync.py. Do not edit: edit the async source.
"""Admins and users services on the 0.7 wire protocol,
for both flavours: exact requests, results and auth store side effects.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from pocketbase import ClientResponseError, PocketBase
from pocketbase.models import (
    Admin,
    AdminAuthResponse,
    AuthMethodsList,
    AuthProviderInfo,
    ExternalAuth,
    User,
    UserAuthResponse,
)
from tests._sync.helpers import client
from tests.wire import BASE, auth_header, ok, replies, sent

STORED = "stored.jwt.token"


def assert_admin_auth(pb: PocketBase, result: Any, token: str, admin_id: str) -> None:
    """The upstream auth check: result and store hold the token and ``Admin({id})``."""
    assert isinstance(result, AdminAuthResponse)
    assert result.token == token
    assert type(result.admin) is Admin
    assert result.admin == Admin(id=admin_id)
    assert pb.auth_store.token == token
    assert type(pb.auth_store.model) is Admin
    assert pb.auth_store.model == Admin(id=admin_id)
    assert pb.auth_store.is_admin


def assert_user_auth(pb: PocketBase, result: Any, token: str, user_id: str) -> None:
    assert isinstance(result, UserAuthResponse)
    assert result.token == token
    assert type(result.user) is User
    assert result.user == User(id=user_id)
    assert pb.auth_store.token == token
    assert type(pb.auth_store.model) is User
    assert pb.auth_store.model == User(id=user_id)
    assert pb.auth_store.is_user


# -- admins --------------------------------------------------------------------------


def test_admin_auth_via_email(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"token": "token_authorize", "admin": {"id": "id_authorize"}}))
    with client() as pb:
        result = pb.admins.auth_via_email("test@example.com", "123456", {"b1": 123}, {"q1": 456})
        assert_admin_auth(pb, result, "token_authorize", "id_authorize")
    assert sent(route) == [
        (
            "POST",
            f"{BASE}/api/admins/auth-via-email?q1=456",
            {"email": "test@example.com", "password": "123456", "b1": 123},
        )
    ]
    assert route.calls.last.request.headers["Content-Type"] == "application/json"


def test_admin_refresh(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"token": "token_refresh", "admin": {"id": "id_refresh"}}))
    with client() as pb:
        pb.auth_store.save(STORED, Admin(id="old"))
        result = pb.admins.refresh({"b1": 123}, {"q1": 456})
        assert_admin_auth(pb, result, "token_refresh", "id_refresh")
    assert sent(route) == [("POST", f"{BASE}/api/admins/refresh?q1=456", {"b1": 123})]
    # refresh uses the stored token
    assert auth_header(route) == f"Admin {STORED}"


def test_admin_request_password_reset(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    with client() as pb:
        result = pb.admins.request_password_reset("test@example.com", {"b1": 123}, {"q1": 456})
        assert pb.auth_store.token == ""
    assert result is True
    assert sent(route) == [
        (
            "POST",
            f"{BASE}/api/admins/request-password-reset?q1=456",
            {"email": "test@example.com", "b1": 123},
        )
    ]


def test_admin_confirm_password_reset(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock, ok({"token": "token_password_confirm", "admin": {"id": "id_password_confirm"}})
    )
    with client() as pb:
        result = pb.admins.confirm_password_reset("test", "123", "456", {"b1": 123}, {"q1": 456})
        assert_admin_auth(pb, result, "token_password_confirm", "id_password_confirm")
    assert sent(route) == [
        (
            "POST",
            f"{BASE}/api/admins/confirm-password-reset?q1=456",
            {"token": "test", "password": "123", "passwordConfirm": "456", "b1": 123},
        )
    ]


# -- users ---------------------------------------------------------------------------


def test_users_list_auth_methods(respx_mock: respx.MockRouter) -> None:
    reply = {
        "emailPassword": True,
        "authProviders": [
            {
                "name": "test",
                "state": "123",
                "codeVerifier": "v123",
                "codeChallenge": "c123",
                "codeChallengeMethod": "m123",
                "authUrl": "http://example.com",
            }
        ],
    }
    route = replies(respx_mock, ok(reply))
    with client() as pb:
        result = pb.users.list_auth_methods({"q1": 123})
    assert sent(route) == [("GET", f"{BASE}/api/users/auth-methods?q1=123", None)]
    assert isinstance(result, AuthMethodsList)
    assert result.email_password is True
    assert result.auth_providers == [
        AuthProviderInfo(
            name="test",
            state="123",
            code_verifier="v123",
            code_challenge="c123",
            code_challenge_method="m123",
            auth_url="http://example.com",
        )
    ]
    assert result.model_dump(by_alias=True) == reply


def test_users_list_auth_methods_lenient(respx_mock: respx.MockRouter) -> None:
    replies(respx_mock, ok({"emailPassword": 1, "authProviders": None}), httpx.Response(200))
    with client() as pb:
        first = pb.users.list_auth_methods()
        second = pb.users.list_auth_methods()
    assert (first.email_password, first.auth_providers) == (True, [])
    assert (second.email_password, second.auth_providers) == (False, [])


def test_users_auth_via_email(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"token": "token_auth", "user": {"id": "id_auth"}}))
    with client() as pb:
        result = pb.users.auth_via_email("test@example.com", "123456", {"b1": 123}, {"q1": 456})
        assert_user_auth(pb, result, "token_auth", "id_auth")
    assert sent(route) == [
        (
            "POST",
            f"{BASE}/api/users/auth-via-email?q1=456",
            {"email": "test@example.com", "password": "123456", "b1": 123},
        )
    ]


def test_users_auth_via_oauth2(respx_mock: respx.MockRouter) -> None:
    meta = {"id": "p1", "name": "N", "username": "u", "email": "e@x.com", "avatarUrl": "http://a"}
    route = replies(
        respx_mock, ok({"token": "token_auth", "user": {"id": "id_auth"}, "meta": meta})
    )
    with client() as pb:
        result = pb.users.auth_via_oauth2(
            "test", "c123", "v123", "http://example.com", {"b1": 123}, {"q1": 456}
        )
        assert_user_auth(pb, result, "token_auth", "id_auth")
    assert result.meta == meta
    assert sent(route) == [
        (
            "POST",
            f"{BASE}/api/users/auth-via-oauth2?q1=456",
            {
                "provider": "test",
                "code": "c123",
                "codeVerifier": "v123",
                "redirectUrl": "http://example.com",
                "b1": 123,
            },
        )
    ]


def test_users_refresh(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"token": "token_refresh", "user": {"id": "id_refresh"}}))
    with client() as pb:
        pb.auth_store.save(STORED, User(id="old"))
        result = pb.users.refresh({"b1": 123}, {"q1": 456})
        assert_user_auth(pb, result, "token_refresh", "id_refresh")
    assert sent(route) == [("POST", f"{BASE}/api/users/refresh?q1=456", {"b1": 123})]
    assert auth_header(route) == f"User {STORED}"


@pytest.mark.parametrize(
    ("name", "args", "path", "body"),
    [
        (
            "request_password_reset",
            ("test@example.com",),
            "request-password-reset",
            {"email": "test@example.com"},
        ),
        (
            "request_verification",
            ("test@example.com",),
            "request-verification",
            {"email": "test@example.com"},
        ),
        (
            "request_email_change",
            ("new@example.com",),
            "request-email-change",
            {"newEmail": "new@example.com"},
        ),
    ],
)
def test_users_requests_return_true(
    respx_mock: respx.MockRouter, name: str, args: tuple[str, ...], path: str, body: Any
) -> None:
    route = replies(respx_mock, httpx.Response(204))
    with client() as pb:
        pb.auth_store.save(STORED, User(id="me"))
        result = getattr(pb.users, name)(*args, {"b1": 123}, {"q1": 456})
        assert (pb.auth_store.token, pb.auth_store.model) == (STORED, User(id="me"))
    assert result is True
    assert sent(route) == [("POST", f"{BASE}/api/users/{path}?q1=456", {**body, "b1": 123})]
    assert auth_header(route) == f"User {STORED}"


@pytest.mark.parametrize(
    ("name", "args", "path", "body", "token"),
    [
        (
            "confirm_password_reset",
            ("test", "123", "456"),
            "confirm-password-reset",
            {"token": "test", "password": "123", "passwordConfirm": "456"},
            "password_confirm",
        ),
        (
            "confirm_verification",
            ("test",),
            "confirm-verification",
            {"token": "test"},
            "verification_confirm",
        ),
        (
            "confirm_email_change",
            ("test", "1234"),
            "confirm-email-change",
            {"token": "test", "password": "1234"},
            "email_change_confirm",
        ),
    ],
)
def test_users_confirmations_save_the_store(
    respx_mock: respx.MockRouter,
    name: str,
    args: tuple[str, ...],
    path: str,
    body: Any,
    token: str,
) -> None:
    route = replies(respx_mock, ok({"token": f"token_{token}", "user": {"id": f"id_{token}"}}))
    with client() as pb:
        result = getattr(pb.users, name)(*args, {"b1": 123}, {"q1": 456})
        assert_user_auth(pb, result, f"token_{token}", f"id_{token}")
    assert sent(route) == [("POST", f"{BASE}/api/users/{path}?q1=456", {**body, "b1": 123})]


def test_users_list_external_auths(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock, ok([{"id": "1", "provider": "google"}, {"id": "2", "provider": "github"}])
    )
    with client() as pb:
        result = pb.users.list_external_auths("@test_id", {"q1": 456})
    assert sent(route) == [("GET", f"{BASE}/api/users/%40test_id/external-auths?q1=456", None)]
    assert [type(item) for item in result] == [ExternalAuth, ExternalAuth]
    assert result == [
        ExternalAuth(id="1", provider="google"),
        ExternalAuth(id="2", provider="github"),
    ]


def test_users_list_external_auths_non_list_is_empty(respx_mock: respx.MockRouter) -> None:
    replies(respx_mock, ok({"unexpected": True}), httpx.Response(204))
    with client() as pb:
        assert pb.users.list_external_auths("u") == []
        assert pb.users.list_external_auths("u") == []


def test_users_unlink_external_auth(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    with client() as pb:
        result = pb.users.unlink_external_auth("@test_id", "@test_provider", {"q1": 456})
    assert result is True
    assert sent(route) == [
        ("DELETE", f"{BASE}/api/users/%40test_id/external-auths/%40test_provider?q1=456", None)
    ]


def test_users_external_auth_paths_are_single_segments(
    respx_mock: respx.MockRouter,
) -> None:
    route = replies(respx_mock, ok([]), httpx.Response(204))
    with client() as pb:
        pb.users.list_external_auths("..")
        pb.users.unlink_external_auth("a/b", ".")
    assert [c.request.url.raw_path for c in route.calls] == [
        b"/api/users/%2E%2E/external-auths",
        b"/api/users/a%2Fb/external-auths/%2E",
    ]


# -- Authorization on auth-via calls -------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "name", "args", "reply"),
    [
        ("admins", "auth_via_email", ("a@b.c", "pw"), {"token": "t", "admin": {"id": "a"}}),
        ("users", "auth_via_email", ("a@b.c", "pw"), {"token": "t", "user": {"id": "u"}}),
        (
            "users",
            "auth_via_oauth2",
            ("g", "c", "v", "http://r"),
            {"token": "t", "user": {"id": "u"}},
        ),
    ],
)
def test_auth_via_calls_send_an_empty_authorization(
    respx_mock: respx.MockRouter, service: str, name: str, args: tuple[str, ...], reply: Any
) -> None:
    """The stored token is never sent to the login endpoints: ``Authorization`` is present and
    empty, for admins and users alike."""
    route = replies(respx_mock, ok(reply))
    with client() as pb:
        pb.auth_store.save(STORED, Admin(id="someone"))
        getattr(getattr(pb, service), name)(*args)
    request = route.calls.last.request
    assert request.headers.get_list("Authorization") == [""]
    assert STORED.encode() not in request.content


@pytest.mark.parametrize("service", ["admins", "users"])
def test_other_calls_carry_the_stored_token(respx_mock: respx.MockRouter, service: str) -> None:
    route = replies(
        respx_mock,
        ok({"items": []}),
        ok({"id": "x"}),
        httpx.Response(204),
        httpx.Response(204),
    )
    with client() as pb:
        pb.auth_store.save(STORED, Admin(id="root"))
        svc = getattr(pb, service)
        svc.get_list()
        svc.get_one("x")
        svc.delete("x")
        svc.request_password_reset("a@b.c")
    assert [c.request.headers["Authorization"] for c in route.calls] == [f"Admin {STORED}"] * 4


# -- store side effects ---------------------------------


@pytest.mark.parametrize(
    ("service", "name", "args"),
    [
        ("admins", "auth_via_email", ("a@b.c", "pw")),
        ("admins", "refresh", ()),
        ("admins", "confirm_password_reset", ("t", "p", "p")),
        ("users", "auth_via_email", ("a@b.c", "pw")),
        ("users", "auth_via_oauth2", ("g", "c", "v", "http://r")),
        ("users", "refresh", ()),
        ("users", "confirm_password_reset", ("t", "p", "p")),
        ("users", "confirm_verification", ("t",)),
        ("users", "confirm_email_change", ("t", "p")),
    ],
)
@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(204),
        httpx.Response(200, json={}),
        httpx.Response(200, json={"token": "", "admin": {"id": "x"}, "user": {"id": "x"}}),
        httpx.Response(200, json={"token": "new"}),
        httpx.Response(200, json={"token": "new", "admin": None, "user": None}),
    ],
    ids=["204", "empty", "no-token", "no-model", "null-model"],
)
def test_auth_replies_without_token_or_model_leave_the_store_alone(
    respx_mock: respx.MockRouter,
    service: str,
    name: str,
    args: tuple[str, ...],
    reply: httpx.Response,
) -> None:
    replies(respx_mock, reply)
    changes: list[Any] = []
    with client() as pb:
        pb.auth_store.save(STORED, User(id="me"))
        pb.auth_store.on_change(lambda token, model: changes.append((token, model)))
        result = getattr(getattr(pb, service), name)(*args)
        assert (pb.auth_store.token, pb.auth_store.model) == (STORED, User(id="me"))
    assert changes == []
    expected_token = "new" if "new" in reply.content.decode() else ""
    assert result.token == expected_token
    model = result.admin if service == "admins" else result.user
    assert type(model) is (Admin if service == "admins" else User)


@pytest.mark.parametrize("service", ["admins", "users"])
def test_auth_reply_with_empty_model_object_saves(
    respx_mock: respx.MockRouter, service: str
) -> None:
    """``{}`` is truthy in JS: a token with an empty model object is saved."""
    key = service[:-1]
    replies(respx_mock, ok({"token": "new", key: {}}))
    with client() as pb:
        getattr(pb, service).refresh()
        assert pb.auth_store.token == "new"
        assert pb.auth_store.model == (Admin() if service == "admins" else User())


def test_user_auth_reply_keeps_profile_and_extra_keys(respx_mock: respx.MockRouter) -> None:
    user: dict[str, Any] = {
        "id": "u1",
        "created": "2022-05-01 01:10:00.000",
        "updated": "2022-05-02 01:10:00.000",
        "email": "test@example.com",
        "lastResetSentAt": "",
        "verified": True,
        "lastVerificationSentAt": "2022-05-01 01:11:00.000",
        "profile": {
            "@collectionId": "c1",
            "@collectionName": "profiles",
            "created": "2022-05-17 18:27:51.363",
            "id": "p1",
            "name": "test",
            "updated": "2022-07-20 17:42:49.243",
            "userId": "u1",
        },
    }
    replies(respx_mock, ok({"token": "tok", "user": user, "extra": 1}))
    with client() as pb:
        result = pb.users.auth_via_email("test@example.com", "pw")
        stored = pb.auth_store.model
    assert isinstance(stored, User)
    assert stored.export() == result.user.export()
    assert result.user.profile is not None
    assert result.user.profile.name == "test"
    assert result.user.profile.collection_name == "profiles"
    assert result.model_extra == {"extra": 1}
    assert result.user.export() == {**user, "profile": {**user["profile"], "@expand": {}}}


def test_store_is_never_cleared_by_the_sdk(respx_mock: respx.MockRouter) -> None:
    """Deleting the current account or getting a 401 keeps the store."""
    replies(
        respx_mock,
        httpx.Response(204),
        httpx.Response(204),
        httpx.Response(401, json={"code": 401, "message": "Unauthorized.", "data": {}}),
    )
    with client() as pb:
        pb.auth_store.save(STORED, User(id="me"))
        assert pb.users.delete("me") is True
        pb.auth_store.save(STORED, Admin(id="root"))
        assert pb.admins.delete("root") is True
        with pytest.raises(ClientResponseError) as info:
            pb.users.refresh()
        assert info.value.status == 401
        assert (pb.auth_store.token, pb.auth_store.model) == (STORED, Admin(id="root"))


def test_failed_login_raises_and_keeps_the_store(respx_mock: respx.MockRouter) -> None:
    body = {"code": 400, "message": "Failed to authenticate.", "data": {}}
    route = replies(respx_mock, httpx.Response(400, json=body))
    with client() as pb:
        pb.auth_store.save(STORED, User(id="me"))
        with pytest.raises(ClientResponseError) as info:
            pb.admins.auth_via_email("a@b.c", "wrong")
        assert pb.auth_store.token == STORED
    assert (info.value.status, info.value.data, str(info.value)) == (
        400,
        body,
        "Failed to authenticate.",
    )
    assert info.value.url == f"{BASE}/api/admins/auth-via-email"
    assert "wrong" not in repr(info.value) and "wrong" not in str(info.value)
    assert route.calls.last.request.headers["Authorization"] == ""


def test_auth_response_repr_hides_the_token(respx_mock: respx.MockRouter) -> None:
    replies(respx_mock, ok({"token": "secret.jwt.value", "admin": {"id": "a"}}))
    with client() as pb:
        result = pb.admins.auth_via_email("a@b.c", "pw")
        assert "secret.jwt.value" not in repr(result)
        assert "secret.jwt.value" not in repr(pb.auth_store)
        assert "secret.jwt.value" not in repr(pb)
