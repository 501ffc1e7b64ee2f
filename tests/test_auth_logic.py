"""The sans-I/O auth pieces: options, the all-in-one OAuth2 URL and event, the store after
confirmations, the kept password, the automatic refresh decisions and the generation bridge."""

from __future__ import annotations

import base64
import copy
import json
import pickle
import time
from typing import Any

import pytest

from pocketbase import OAuth2Error, UnsupportedFeatureError
from pocketbase._auth import (
    Secret,
    as_guest,
    auth_options,
    email_change_clears,
    find_provider,
    guest_headers,
    oauth2_auth_url,
    oauth2_code,
    verified_record,
)
from pocketbase._auto_refresh import (
    SKIP_AUTO_REFRESH,
    Plan,
    Registration,
    identity_of,
    plan,
    relogin_first,
    skips_auto_refresh,
)
from pocketbase._errors import UnauthorizedError
from pocketbase._generations import generation_for
from pocketbase._generations.auth import (
    auth_methods_from_flags,
    normalize_external_auths,
    normalize_record_auth,
)
from pocketbase._pipeline import GUEST, UNSET
from pocketbase.models import Admin, AuthMethods, Record, User


def jwt(**payload: Any) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJIUzI1NiJ9.{body}.sig"


# -- options -----------------------------------------------------------------------------------


def test_auth_options_split_query_and_config() -> None:
    query, config = auth_options(
        {
            "query": {"a": 1},
            "expand": ["team", "org"],
            "fields": "id,email",
            "headers": {"X-A": "1"},
            "request_key": None,
        }
    )
    assert query == {"a": 1, "expand": "team,org", "fields": "id,email"}
    assert list(query) == ["a", "expand", "fields"]
    assert config == {"modern": True, "headers": {"X-A": "1"}, "request_key": None}
    assert auth_options({}) == ({}, {"modern": True})
    assert auth_options({"request_key": "k"})[1] == {"modern": True, "request_key": "k"}
    assert "request_key" not in auth_options({})[1]
    assert UNSET is not None


def test_auth_options_reject_unknown_names() -> None:
    with pytest.raises(TypeError, match="filter, sort"):
        auth_options({"filter": "x", "sort": "y"})


def test_guest_headers_blank_the_token_unless_given() -> None:
    assert guest_headers(None) == {"Authorization": ""}
    assert guest_headers({"X-A": "1"}) == {"X-A": "1", "Authorization": ""}
    assert guest_headers({"authorization": "mine"}) == {"authorization": "mine"}


def test_as_guest_modern_flags_seed_blanks() -> None:
    # a modern login: no Authorization header at all (the pipeline leaves the token out)
    modern = {"modern": True, "headers": {"X-A": "1"}}
    assert as_guest(modern) == {"modern": True, "headers": {"X-A": "1"}, GUEST: True}
    assert modern == {"modern": True, "headers": {"X-A": "1"}}  # the caller's dict is kept
    # a seed login: the empty header of the JS SDK 0.7.4
    assert as_guest({"headers": {"X-A": "1"}}) == {"headers": {"X-A": "1", "Authorization": ""}}
    assert as_guest({}) == {"headers": {"Authorization": ""}}


# -- the all-in-one OAuth2 flow ------------------------------------------------------------------

SERVER_AUTH_URL = (
    "https://idp.example.com/auth?client_id=cid&code_challenge=CH&code_challenge_method=S256"
    "&response_type=code&scope=openid+email+profile&state=SERVERSTATE&redirect_uri="
)


def test_oauth2_auth_url_as_the_js_sdk_builds_it() -> None:
    url = oauth2_auth_url(
        SERVER_AUTH_URL, "http://127.0.0.1:8090/api/oauth2-redirect", "client1", ["openid", "email"]
    )
    assert url == (
        "https://idp.example.com/auth?client_id=cid&code_challenge=CH&code_challenge_method=S256"
        "&response_type=code&scope=openid%20email&state=client1"
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8090%2Fapi%2Foauth2-redirect"
    )


def test_oauth2_auth_url_keeps_the_scope_without_scopes() -> None:
    url = oauth2_auth_url(SERVER_AUTH_URL, "http://h/api/oauth2-redirect", "c 1")
    assert "&scope=openid%20email%20profile&state=c%201&" in url


def methods(*providers: dict[str, Any]) -> AuthMethods:
    return AuthMethods.model_validate({"oauth2": {"enabled": True, "providers": list(providers)}})


def test_find_provider() -> None:
    found = find_provider(methods({"name": "oidc", "authURL": "http://a"}), "oidc")
    assert found.auth_url == "http://a"
    with pytest.raises(OAuth2Error, match="'github'") as caught:
        find_provider(methods({"name": "oidc", "authURL": "http://a"}), "github")
    assert caught.value.status == 0
    with pytest.raises(OAuth2Error):
        find_provider(methods({"name": "oidc"}), "oidc")  # no URL to open


def event(**data: Any) -> str:
    return json.dumps(data)


def test_oauth2_code_checks_the_state() -> None:
    assert oauth2_code(event(state="cid", code="the-code"), "cid") == "the-code"
    for data in (event(state="st8x", code="c0de"), event(code="c0de"), "not json", "[]"):
        with pytest.raises(OAuth2Error, match="state does not match") as caught:
            oauth2_code(data, "cl1ent")
        text = f"{caught.value} {caught.value!r} {caught.value.data}"
        assert "st8x" not in text and "cl1ent" not in text and "c0de" not in text
    with pytest.raises(OAuth2Error):
        oauth2_code(event(state="", code="c"), "")


def test_oauth2_code_provider_error_and_missing_code() -> None:
    with pytest.raises(OAuth2Error, match="refused the login: access_denied") as caught:
        oauth2_code(event(state="cid", code="", error="access_denied"), "cid")
    assert caught.value.data == {"error": "access_denied"}
    with pytest.raises(OAuth2Error, match="no authorization code"):
        oauth2_code(event(state="cid", code=""), "cid")
    with pytest.raises(OAuth2Error, match="no authorization code"):
        oauth2_code(event(state="cid", code=5), "cid")


def test_default_url_callback_opens_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    from pocketbase._auth import open_in_browser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    open_in_browser("http://idp/auth?state=s")
    assert opened == ["http://idp/auth?state=s"]
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    with pytest.raises(OAuth2Error, match="url_callback="):
        open_in_browser("http://idp/auth?state=s")


# -- the store after confirmations ---------------------------------------------------------------


def test_verified_record_only_for_the_stored_unverified_record() -> None:
    record = Record.model_validate({"id": "u1", "collectionId": "c1", "verified": False, "a": 1})
    token = jwt(id="u1", collectionId="c1", type="verification")
    updated = verified_record(token, record)
    assert updated is not None and updated["verified"] is True and updated["a"] == 1
    assert record["verified"] is False  # a copy
    assert verified_record(jwt(id="u2", collectionId="c1"), record) is None
    assert verified_record(jwt(id="u1", collectionId="c2"), record) is None
    assert verified_record(token, updated) is None
    assert verified_record(token, None) is None


def test_email_change_clears_only_the_same_record() -> None:
    record = Record.model_validate({"id": "u1", "collectionId": "c1"})
    assert email_change_clears(jwt(id="u1", collectionId="c1"), record)
    assert not email_change_clears(jwt(id="u1", collectionId="other"), record)
    assert not email_change_clears(jwt(id="u1", collectionId="c1"), None)
    assert not email_change_clears("garbage", record)


# -- the kept password ---------------------------------------------------------------------------


def test_secret_never_shows_and_cannot_be_pickled() -> None:
    secret = Secret("hunter2-password")
    assert secret.reveal() == "hunter2-password"
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret}"
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(secret)
    with pytest.raises(TypeError):
        copy.deepcopy(secret)


def registration(token: str, **kwargs: Any) -> Registration:
    return Registration(
        collection="users", threshold=60, identity=("u1", "c1"), token=token, **kwargs
    )


def test_registration_hides_credentials_and_refuses_pickling() -> None:
    reg = registration("tok-secret", credentials=("admin@example.com", Secret("pw-secret")))
    text = repr(reg)
    assert "pw-secret" not in text and "tok-secret" not in text and "admin@" not in text
    assert "threshold=60" in text
    with pytest.raises(TypeError):
        pickle.dumps(reg)


# -- automatic refresh decisions --------------------------------------------------------------


def test_plan() -> None:
    fresh = jwt(exp=time.time() + 3600)
    expiring = jwt(exp=time.time() + 30)
    reg = registration(fresh)
    assert plan(reg, fresh) is Plan.SEND
    assert plan(reg, "") is Plan.DROP  # cleared
    assert plan(reg, expiring) is Plan.DROP  # changed by hand
    reg = registration(expiring)
    assert plan(reg, expiring) is Plan.RENEW
    reg.failed(expiring, UnauthorizedError(status=401))
    assert plan(reg, expiring) is Plan.FAILED
    reg.pending = fresh  # the SDK is saving it: not a change by hand
    assert plan(reg, fresh) is Plan.SEND
    assert plan(reg, expiring) is Plan.FAILED
    reg.renewed(fresh)
    assert plan(reg, fresh) is Plan.SEND and reg.failure is None and reg.failed_token == ""
    assert reg.pending == ""


def test_relogin_first_only_for_expired_superuser_tokens() -> None:
    expired = jwt(exp=time.time() - 1)
    expiring = jwt(exp=time.time() + 30)
    with_password = registration(expired, credentials=("a", Secret("p")))
    assert relogin_first(with_password, expired)
    assert not relogin_first(with_password, expiring)
    assert not relogin_first(registration(expired), expired)


def test_skips_auto_refresh() -> None:
    assert skips_auto_refresh({SKIP_AUTO_REFRESH: True})
    assert skips_auto_refresh({GUEST: True})
    assert skips_auto_refresh({"headers": {"Authorization": ""}})
    assert skips_auto_refresh({"headers": {"authorization": "x"}})
    assert not skips_auto_refresh({"headers": {"X-A": "1"}})
    assert not skips_auto_refresh({})


def test_identity_of_records_and_seed_models() -> None:
    assert identity_of(Record.model_validate({"id": "r", "collectionId": "c"})) == ("r", "c")
    assert identity_of(Admin(id="a")) == ("a", "")
    user = User.model_validate({"id": "u", "collectionId": "_pb_users_auth_"})
    assert identity_of(user) == ("u", "_pb_users_auth_")
    assert identity_of(None) == ("", "")


# -- the generation bridge -----------------------------------------------------------------------


def test_auth_methods_from_flags() -> None:
    mapped = auth_methods_from_flags(
        {
            "usernamePassword": True,
            "emailPassword": True,
            "onlyVerified": False,
            "authProviders": [{"name": "oidc", "authUrl": "http://a", "codeVerifier": "v"}, 5],
        }
    )
    assert mapped == {
        "password": {"enabled": True, "identityFields": ["email", "username"]},
        "oauth2": {
            "enabled": True,
            "providers": [{"name": "oidc", "authUrl": "http://a", "codeVerifier": "v"}],
        },
        "mfa": {"enabled": False, "duration": 0},
        "otp": {"enabled": False, "duration": 0},
    }
    parsed = AuthMethods.model_validate(mapped)
    assert parsed.oauth2.providers[0].auth_url == "http://a"
    off = auth_methods_from_flags({"emailPassword": False, "authProviders": []})
    assert off["password"] == {"enabled": False, "identityFields": []}
    assert off["oauth2"] == {"enabled": False, "providers": []}
    assert auth_methods_from_flags([1]) == [1]


def test_normalize_record_auth_and_external_auths() -> None:
    assert normalize_record_auth({"token": "t", "admin": {"id": "a"}}) == {
        "token": "t",
        "record": {"id": "a"},
    }
    assert normalize_record_auth({"token": "t", "user": {"id": "u"}, "meta": {}}) == {
        "token": "t",
        "record": {"id": "u"},
        "meta": {},
    }
    assert normalize_external_auths({"items": [{"id": "e", "recordRef": "u"}, 3]}) == [
        {"id": "e", "recordRef": "u", "userId": "u"}
    ]
    assert normalize_external_auths([{"recordId": "u"}]) == [{"recordId": "u", "userId": "u"}]
    assert normalize_external_auths("x") == []


@pytest.mark.parametrize(
    ("server_api", "collection", "path", "body"),
    [
        ("0.7", "users", "/api/users/auth-via-email", {"email": "e", "password": "p"}),
        ("0.7", "_superusers", "/api/admins/auth-via-email", {"email": "e", "password": "p"}),
        ("0.8", "members", "/api/collections/members/auth-with-password", None),
        ("0.8", "_superusers", "/api/admins/auth-with-password", None),
        ("0.23", "_superusers", "/api/collections/_superusers/auth-with-password", None),
        ("0.23", "my coll", "/api/collections/my%20coll/auth-with-password", None),
    ],
)
def test_password_routes(
    server_api: str, collection: str, path: str, body: dict[str, Any] | None
) -> None:
    req = generation_for(server_api).auth.auth_with_password(collection, "e", "p", None)
    assert (req.method, req.path) == ("POST", path)
    assert req.body == (body or {"identity": "e", "password": "p"})


@pytest.mark.parametrize(
    ("server_api", "call"),
    [
        ("0.7", lambda a: a.auth_with_password("members", "e", "p", None)),
        ("0.7", lambda a: a.check_oauth2_all_in_one("users")),
        ("0.8", lambda a: a.request_otp("users", "e")),
        ("0.8", lambda a: a.auth_with_otp("users", "o", "p", None)),
        ("0.8", lambda a: a.auth_with_password("users", "e", "p", "mfa")),
        ("0.8", lambda a: a.impersonate("users", "u", 0)),
        ("0.8", lambda a: a.auth_methods("_superusers")),
        ("0.8", lambda a: a.request_verification("_superusers", "e")),
        ("0.8", lambda a: a.auth_with_oauth2_code("_superusers", "p", "c", "v", "r", None, None)),
        ("0.8", lambda a: a.list_external_auths("_superusers", "u")),
    ],
)
def test_unsupported_before_anything_is_built(server_api: str, call: Any) -> None:
    with pytest.raises(UnsupportedFeatureError) as caught:
        call(generation_for(server_api).auth)
    assert caught.value.status == 0
    assert "or later; this server is" in str(caught.value)


def test_superusers_on_admin_routes_keep_password_refresh_and_reset() -> None:
    auth = generation_for("0.8").auth
    assert auth.auth_refresh("_superusers").path == "/api/admins/auth-refresh"
    assert (
        auth.request_password_reset("_superusers", "e").path == "/api/admins/request-password-reset"
    )
    assert (
        auth.confirm_password_reset("_superusers", "t", "p", "p").path
        == "/api/admins/confirm-password-reset"
    )
    assert generation_for("0.7").auth.auth_refresh("_superusers").path == "/api/admins/refresh"


def test_mfa_id_and_create_data_travel_in_the_body() -> None:
    auth = generation_for("0.23").auth
    req = auth.auth_with_otp("users", "otp1", "123456", "mfa1")
    assert req.body == {"otpId": "otp1", "password": "123456", "mfaId": "mfa1"}
    assert req.params is None
    req = auth.auth_with_oauth2_code("users", "oidc", "c", "v", "http://r", {"n": 1}, "m")
    assert req.body == {
        "provider": "oidc",
        "code": "c",
        "codeVerifier": "v",
        "redirectURL": "http://r",
        "createData": {"n": 1},
        "mfaId": "m",
    }
    seed = generation_for("0.7").auth.auth_with_oauth2_code("users", "o", "c", "v", "r", None, None)
    assert seed.body == {"provider": "o", "code": "c", "codeVerifier": "v", "redirectUrl": "r"}


def test_external_auth_routes() -> None:
    modern = generation_for("0.23").auth
    listing = modern.list_external_auths("users", 'u"1')
    assert listing.path == "/api/collections/_externalAuths/records"
    assert listing.params == {
        "page": 1,
        "perPage": 1000,
        "skipTotal": 1,
        "filter": 'recordRef = "u\\"1"',
    }
    assert modern.unlink_external_auth("users", "u1", "oidc") is None
    assert modern.find_external_auth("u1", "oidc").params == {
        "page": 1,
        "perPage": 1,
        "filter": 'recordRef = "u1" && provider = "oidc"',
        "skipTotal": 1,
    }
    assert (
        modern.delete_external_auth("e/1").path == "/api/collections/_externalAuths/records/e%2F1"
    )
    old = generation_for("0.8").auth
    assert (
        old.list_external_auths("members", "u1").path
        == "/api/collections/members/records/u1/external-auths"
    )
    unlink = old.unlink_external_auth("members", "u1", "oidc")
    assert unlink is not None
    assert (unlink.method, unlink.path) == (
        "DELETE",
        "/api/collections/members/records/u1/external-auths/oidc",
    )
    assert (
        generation_for("0.7").auth.list_external_auths("users", "u1").path
        == "/api/users/u1/external-auths"
    )
