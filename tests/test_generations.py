"""The generation layer on its own (``pocketbase._generations``): routes, bodies, the
Authorization form, reply normalisation, collection conversion and detection.

The expected wire forms are the 0.7 protocol's documented ones and, for 0.8-0.22 and 0.23+,
what live 0.22.27 and 0.40.6 servers accept and send.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from pocketbase import ClientResponseError
from pocketbase._generations import (
    GENERATIONS,
    JSON_MAX_SIZE,
    PROBE_SUPERUSERS,
    PROBE_USERS,
    UNLIMITED_RELATIONS,
    Generation,
    Req,
    detect_generation,
    generation_for,
    probe_reply,
    rewrite_rule,
)
from pocketbase._generations.admins import normalize_admin_auth
from pocketbase._generations.logs import normalize_log
from pocketbase._generations.users import normalize_external_auths
from pocketbase.models import (
    AdminAuthResponse,
    AuthMethodsList,
    Collection,
    ExternalAuth,
    LogRequest,
    SchemaField,
    User,
    UserAuthResponse,
)

G07, G08, G23 = GENERATIONS["0.7"], GENERATIONS["0.8"], GENERATIONS["0.23"]
ALL = [G07, G08, G23]
MODERN = [G08, G23]


# -- the registry ------------------------------------------------------------------------------


def test_registry_and_class_attributes() -> None:
    assert [g.name for g in ALL] == ["0.7", "0.8", "0.23"]
    assert [g.max_per_page for g in ALL] == [400, 500, 1000]
    assert [g.has_skip_total for g in ALL] == [False, True, True]
    assert all(isinstance(g, Generation) for g in ALL)
    assert repr(G23) == "<Generation server_api='0.23'>"
    assert [g.label for g in ALL] == ["0.7", "0.8-0.22", "0.23+"]


@pytest.mark.parametrize("value", ["0.7", "0.8", "0.23"])
def test_generation_for_known_values(value: str) -> None:
    assert generation_for(value) is GENERATIONS[value]


@pytest.mark.parametrize("value", ["auto", "0.22", "", "0.9", "1"])
def test_generation_for_rejects_other_values(value: str) -> None:
    with pytest.raises(ValueError, match="server_api must be one of"):
        generation_for(value)


# -- Authorization -----------------------------------------------------------------------------


def test_authorization_forms() -> None:
    assert G07.auth_header("tok", True) == "Admin tok"
    assert G07.auth_header("tok", False) == "User tok"
    for gen in MODERN:
        assert gen.auth_header("tok", True) == "tok"
        assert gen.auth_header("tok", False) == "tok"


# -- routes and bodies -------------------------------------------------------------------------

B = {"extra": 1}
U = "/api/collections/users"
SU = "/api/collections/_superusers"

ROUTES: list[tuple[str, Callable[[Generation], Req], tuple[Req, Req, Req]]] = [
    (
        "admin auth",
        lambda g: g.admins.auth_with_password("a@x.io", "pw", B),
        (
            Req("POST", "/api/admins/auth-via-email", {"email": "a@x.io", "password": "pw", **B}),
            Req(
                "POST",
                "/api/admins/auth-with-password",
                {"identity": "a@x.io", "password": "pw", **B},
            ),
            Req("POST", f"{SU}/auth-with-password", {"identity": "a@x.io", "password": "pw", **B}),
        ),
    ),
    (
        "admin refresh",
        lambda g: g.admins.refresh(B),
        (
            Req("POST", "/api/admins/refresh", B),
            Req("POST", "/api/admins/auth-refresh", B),
            Req("POST", f"{SU}/auth-refresh", B),
        ),
    ),
    (
        "admin request reset",
        lambda g: g.admins.request_password_reset("a@x.io", None),
        (
            Req("POST", "/api/admins/request-password-reset", {"email": "a@x.io"}),
            Req("POST", "/api/admins/request-password-reset", {"email": "a@x.io"}),
            Req("POST", f"{SU}/request-password-reset", {"email": "a@x.io"}),
        ),
    ),
    (
        "admin confirm reset",
        lambda g: g.admins.confirm_password_reset("t", "p1", "p2", None),
        tuple(
            Req("POST", path, {"token": "t", "password": "p1", "passwordConfirm": "p2"})
            for path in (
                "/api/admins/confirm-password-reset",
                "/api/admins/confirm-password-reset",
                f"{SU}/confirm-password-reset",
            )
        ),  # type: ignore[arg-type]
    ),
    (
        "user auth methods",
        lambda g: g.users.auth_methods(),
        (
            Req("GET", "/api/users/auth-methods"),
            Req("GET", f"{U}/auth-methods"),
            Req("GET", f"{U}/auth-methods"),
        ),
    ),
    (
        "user auth",
        lambda g: g.users.auth_with_password("u@x.io", "pw", None),
        (
            Req("POST", "/api/users/auth-via-email", {"email": "u@x.io", "password": "pw"}),
            Req("POST", f"{U}/auth-with-password", {"identity": "u@x.io", "password": "pw"}),
            Req("POST", f"{U}/auth-with-password", {"identity": "u@x.io", "password": "pw"}),
        ),
    ),
    (
        "user oauth2",
        lambda g: g.users.auth_with_oauth2("gh", "c", "v", "https://r", B),
        (
            Req(
                "POST",
                "/api/users/auth-via-oauth2",
                {
                    "provider": "gh",
                    "code": "c",
                    "codeVerifier": "v",
                    "redirectUrl": "https://r",
                    **B,
                },
            ),
            Req(
                "POST",
                f"{U}/auth-with-oauth2",
                {
                    "provider": "gh",
                    "code": "c",
                    "codeVerifier": "v",
                    "redirectUrl": "https://r",
                    **B,
                },
            ),
            Req(
                "POST",
                f"{U}/auth-with-oauth2",
                {
                    "provider": "gh",
                    "code": "c",
                    "codeVerifier": "v",
                    "redirectURL": "https://r",
                    **B,
                },
            ),
        ),
    ),
    (
        "user refresh",
        lambda g: g.users.refresh(None),
        (
            Req("POST", "/api/users/refresh", {}),
            Req("POST", f"{U}/auth-refresh", {}),
            Req("POST", f"{U}/auth-refresh", {}),
        ),
    ),
    (
        "user request reset",
        lambda g: g.users.request_password_reset("u@x.io", None),
        (
            Req("POST", "/api/users/request-password-reset", {"email": "u@x.io"}),
            Req("POST", f"{U}/request-password-reset", {"email": "u@x.io"}),
            Req("POST", f"{U}/request-password-reset", {"email": "u@x.io"}),
        ),
    ),
    (
        "user confirm reset",
        lambda g: g.users.confirm_password_reset("t", "p1", "p2", None),
        tuple(
            Req("POST", path, {"token": "t", "password": "p1", "passwordConfirm": "p2"})
            for path in (
                "/api/users/confirm-password-reset",
                f"{U}/confirm-password-reset",
                f"{U}/confirm-password-reset",
            )
        ),  # type: ignore[arg-type]
    ),
    (
        "user request verification",
        lambda g: g.users.request_verification("u@x.io", None),
        (
            Req("POST", "/api/users/request-verification", {"email": "u@x.io"}),
            Req("POST", f"{U}/request-verification", {"email": "u@x.io"}),
            Req("POST", f"{U}/request-verification", {"email": "u@x.io"}),
        ),
    ),
    (
        "user confirm verification",
        lambda g: g.users.confirm_verification("t", None),
        (
            Req("POST", "/api/users/confirm-verification", {"token": "t"}),
            Req("POST", f"{U}/confirm-verification", {"token": "t"}),
            Req("POST", f"{U}/confirm-verification", {"token": "t"}),
        ),
    ),
    (
        "user request email change",
        lambda g: g.users.request_email_change("n@x.io", None),
        (
            Req("POST", "/api/users/request-email-change", {"newEmail": "n@x.io"}),
            Req("POST", f"{U}/request-email-change", {"newEmail": "n@x.io"}),
            Req("POST", f"{U}/request-email-change", {"newEmail": "n@x.io"}),
        ),
    ),
    (
        "user confirm email change",
        lambda g: g.users.confirm_email_change("t", "pw", None),
        (
            Req("POST", "/api/users/confirm-email-change", {"token": "t", "password": "pw"}),
            Req("POST", f"{U}/confirm-email-change", {"token": "t", "password": "pw"}),
            Req("POST", f"{U}/confirm-email-change", {"token": "t", "password": "pw"}),
        ),
    ),
    (
        "list external auths",
        lambda g: g.users.list_external_auths("a/b"),
        (
            Req("GET", "/api/users/a%2Fb/external-auths"),
            Req("GET", f"{U}/records/a%2Fb/external-auths"),
            Req(
                "GET",
                "/api/collections/_externalAuths/records",
                params={
                    "filter": "(recordRef='a/b' && collectionRef='_pb_users_auth_')",
                    "perPage": 1000,
                },
            ),
        ),
    ),
    (
        "logs list",
        lambda g: g.logs.requests_list(),
        (
            Req("GET", "/api/logs/requests"),
            Req("GET", "/api/logs", params={"filter": "data.type='request'"}),
            Req("GET", "/api/logs", params={"filter": "data.type='request'"}),
        ),
    ),
    (
        "log one",
        lambda g: g.logs.request_one("x?1"),
        (
            Req("GET", "/api/logs/requests/x%3F1"),
            Req("GET", "/api/logs/x%3F1"),
            Req("GET", "/api/logs/x%3F1"),
        ),
    ),
    (
        "logs stats",
        lambda g: g.logs.requests_stats(),
        (
            Req("GET", "/api/logs/requests/stats"),
            Req("GET", "/api/logs/stats", params={"filter": "data.type='request'"}),
            Req("GET", "/api/logs/stats", params={"filter": "data.type='request'"}),
        ),
    ),
    (
        "settings test s3",
        lambda g: g.settings.test_s3(),
        (
            Req("POST", "/api/settings/test/s3"),
            Req("POST", "/api/settings/test/s3", {"filesystem": "storage"}),
            Req("POST", "/api/settings/test/s3", {"filesystem": "storage"}),
        ),
    ),
    (
        "settings test email",
        lambda g: g.settings.test_email("t@x.io", "verification"),
        tuple(
            Req("POST", "/api/settings/test/email", {"email": "t@x.io", "template": "verification"})
            for _ in range(3)
        ),  # type: ignore[arg-type]
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"), [(r[1], r[2]) for r in ROUTES], ids=[r[0] for r in ROUTES]
)
def test_routes_and_bodies(
    call: Callable[[Generation], Req], expected: tuple[Req, Req, Req]
) -> None:
    # the reply normaliser a route carries is checked by the reply tests below
    assert [_wire(call(g)) for g in ALL] == [_wire(r) for r in expected]


def _wire(req: Req) -> tuple[str, str, object, object]:
    return (req.method, req.path, req.body, req.params)


def test_crud_bases() -> None:
    assert [g.admins.base for g in ALL] == [
        "/api/admins",
        "/api/admins",
        "/api/collections/_superusers/records",
    ]
    assert [g.users.base for g in ALL] == [
        "/api/users",
        "/api/collections/users/records",
        "/api/collections/users/records",
    ]


def test_caller_body_overrides_defaults_and_keeps_their_position() -> None:
    req = G08.admins.auth_with_password("a@x.io", "pw", {"password": "other", "z": 1})
    assert list(req.body) == ["identity", "password", "z"]
    assert req.body == {"identity": "a@x.io", "password": "other", "z": 1}


def test_unlink_external_auth() -> None:
    assert G07.users.unlink_external_auth("u 1", "git/hub") == Req(
        "DELETE", "/api/users/u%201/external-auths/git%2Fhub"
    )
    assert G08.users.unlink_external_auth("u1", "github") == Req(
        "DELETE", "/api/collections/users/records/u1/external-auths/github"
    )
    # 0.23+: look the link up first, then delete it by its own id
    assert G23.users.unlink_external_auth("u1", "github") is None
    assert G23.users.unlink_external_auth_by_id("ea/1") == Req(
        "DELETE", "/api/collections/_externalAuths/records/ea%2F1"
    )
    with pytest.raises(NotImplementedError):
        G08.users.unlink_external_auth_by_id("x")


def test_external_auth_filter_quotes_the_user_id() -> None:
    req = G23.users.list_external_auths("x' || 1=1 || '")
    assert req.params is not None
    assert req.params["filter"] == (
        "(recordRef='x\\' || 1=1 || \\'' && collectionRef='_pb_users_auth_')"
    )


# -- auth replies ------------------------------------------------------------------------------

ADMIN_G1 = {
    "id": "a1",
    "created": "2024-01-01 00:00:00.000Z",
    "updated": "",
    "avatar": 0,
    "email": "a@x.io",
}
SUPERUSER = {
    "collectionId": "pbc_3142635823",
    "collectionName": "_superusers",
    "created": "2024-01-01 00:00:00.000Z",
    "email": "a@x.io",
    "emailVisibility": False,
    "id": "s1",
    "updated": "2024-01-01 00:00:00.000Z",
    "verified": True,
}
USER_RECORD = {
    "avatar": "me_abc.png",
    "collectionId": "_pb_users_auth_",
    "collectionName": "users",
    "created": "2024-01-01 00:00:00.000Z",
    "email": "u@x.io",
    "emailVisibility": False,
    "id": "u1",
    "name": "Ann",
    "updated": "2024-01-02 00:00:00.000Z",
    "username": "users123",
    "verified": True,
}


def test_admin_auth_replies() -> None:
    assert normalize_admin_auth({"admin": ADMIN_G1, "token": "t"}) == {
        "admin": ADMIN_G1,
        "token": "t",
    }
    assert normalize_admin_auth({"record": SUPERUSER, "token": "t"}) == {
        "admin": SUPERUSER,
        "token": "t",
    }
    # every generation reshapes admin auth replies with the same function
    assert {g.admins.auth_with_password("a", "b", None).normalize for g in ALL} == {
        normalize_admin_auth
    }
    assert normalize_admin_auth({}) == {}  # 204 confirm replies
    assert normalize_admin_auth(None) is None
    reply = AdminAuthResponse.model_validate(
        normalize_admin_auth({"record": SUPERUSER, "token": "t"})
    )
    assert (reply.token, reply.admin.id, reply.admin.email) == ("t", "s1", "a@x.io")
    assert reply.admin.model_extra == {
        "collectionId": "pbc_3142635823",
        "collectionName": "_superusers",
        "emailVisibility": False,
        "verified": True,
    }


@pytest.mark.parametrize("gen", MODERN, ids=lambda g: g.name)
def test_user_auth_reply_gets_user_and_profile(gen: Generation) -> None:
    data = {"record": USER_RECORD, "token": "t", "meta": {"isNew": True}}
    before = copy.deepcopy(data)
    out = gen.users.normalize_auth(data)
    assert data == before  # input untouched
    assert list(out) == ["user", "token", "meta"]
    assert out["user"]["profile"] == {
        "id": "u1",
        "created": "2024-01-01 00:00:00.000Z",
        "updated": "2024-01-02 00:00:00.000Z",
        "collectionId": "_pb_users_auth_",
        "collectionName": "users",
        "userId": "u1",
        "avatar": "me_abc.png",
        "name": "Ann",
    }
    reply = UserAuthResponse.model_validate(out)
    assert reply.token == "t"
    assert reply.meta == {"isNew": True}
    user = reply.user
    assert (user.id, user.email, user.verified) == ("u1", "u@x.io", True)
    assert user.profile is not None
    assert user.profile["name"] == "Ann"
    assert user.profile.collection_id == "_pb_users_auth_"
    assert user.name == "Ann"  # the flat field of the record


def test_user_normalisation_edge_cases() -> None:
    # 0.7 users already carry their profile
    g0_user = {"id": "u1", "email": "u@x.io", "profile": {"name": "x"}}
    assert G07.users.normalize_item(g0_user) is g0_user
    assert G07.users.normalize_auth({"token": "t", "user": g0_user}) == {
        "token": "t",
        "user": g0_user,
    }
    # a users collection without custom fields: no profile
    bare = {"id": "u1", "email": "u@x.io", "verified": False, "collectionId": "c"}
    assert G08.users.normalize_item(bare) is bare
    # an explicit profile (even null) wins
    assert G08.users.normalize_item({"id": "u1", "profile": None, "name": "x"}) == {
        "id": "u1",
        "profile": None,
        "name": "x",
    }
    for gen in ALL:
        assert gen.users.normalize_auth({}) == {}  # 204 confirm replies
        assert gen.users.normalize_item("x") == "x"
    assert G23.users.normalize_auth({"token": "t", "record": None}) == {"token": "t", "user": None}


def test_profile_file_url_points_at_the_users_files() -> None:
    from pocketbase import PocketBase

    user = User.model_validate(G23.users.normalize_item(USER_RECORD))
    assert user.profile is not None
    with PocketBase("http://pb.test", server_api="0.23") as pb:
        url = pb.records.get_file_url(user.profile, user.profile["avatar"])
    assert url == "http://pb.test/api/files/_pb_users_auth_/u1/me_abc.png"


# -- auth methods --------------------------------------------------------------------------------

G1_METHODS = {
    "authProviders": [
        {
            "name": "github",
            "displayName": "GitHub",
            "state": "s",
            "authUrl": "https://github.com/login?x=1&redirect_uri=",
            "codeVerifier": "v",
            "codeChallenge": "c",
            "codeChallengeMethod": "S256",
        }
    ],
    "usernamePassword": True,
    "emailPassword": True,
    "onlyVerified": False,
}
G2_PROVIDER = {
    "name": "github",
    "displayName": "GitHub",
    "state": "s",
    "authURL": "https://github.com/login?x=1&redirect_uri=",
    "codeVerifier": "v",
    "codeChallenge": "c",
    "codeChallengeMethod": "S256",
}


def test_auth_methods() -> None:
    assert G07.users.normalize_auth_methods(G1_METHODS) is G1_METHODS
    assert G08.users.normalize_auth_methods(G1_METHODS) is G1_METHODS
    legacy = {
        "password": {"identityFields": ["email"], "enabled": True},
        "oauth2": {"providers": [G2_PROVIDER], "enabled": True},
        "authProviders": [],
        "usernamePassword": False,
        "emailPassword": True,
    }
    assert G23.users.normalize_auth_methods(legacy) == legacy
    modern_only = {
        "password": {"identityFields": ["email"], "enabled": True},
        "oauth2": {"providers": [G2_PROVIDER], "enabled": True},
        "mfa": {"enabled": False, "duration": 0},
    }
    out = G23.users.normalize_auth_methods(modern_only)
    assert out["emailPassword"] is True
    assert out["authProviders"] == [
        {
            **{k: v for k, v in G2_PROVIDER.items() if k != "authURL"},
            "authUrl": G2_PROVIDER["authURL"],
        }
    ]
    methods = AuthMethodsList.model_validate(out)
    assert methods.email_password is True
    assert methods.auth_providers[0].auth_url == G2_PROVIDER["authURL"]
    assert methods.auth_providers[0].code_challenge_method == "S256"
    no_password = G23.users.normalize_auth_methods(
        {"password": {"identityFields": ["username"], "enabled": True}}
    )
    assert no_password["emailPassword"] is False
    assert no_password["authProviders"] == []
    assert G23.users.normalize_auth_methods([]) == []


# -- external auths ------------------------------------------------------------------------------


def test_external_auths() -> None:
    g0 = [{"id": "1", "userId": "u1", "provider": "google", "providerId": "p"}]
    assert normalize_external_auths(g0) == g0
    g1 = [
        {
            "id": "1",
            "collectionId": "_pb_users_auth_",
            "recordId": "u1",
            "provider": "google",
            "providerId": "p",
        }
    ]
    assert normalize_external_auths(g1) == [{**g1[0], "userId": "u1"}]
    g2 = {
        "page": 1,
        "perPage": 1000,
        "totalItems": 1,
        "totalPages": 1,
        "items": [
            {
                "collectionId": "pbc_2281828961",
                "collectionName": "_externalAuths",
                "id": "e1",
                "collectionRef": "_pb_users_auth_",
                "recordRef": "u1",
                "provider": "github",
                "providerId": "42",
                "created": "2024-01-01 00:00:00.000Z",
                "updated": "2024-01-01 00:00:00.000Z",
            }
        ],
    }
    items = normalize_external_auths(g2)
    assert items == [{**g2["items"][0], "userId": "u1"}]  # type: ignore[index]
    model = ExternalAuth.model_validate(items[0])
    assert (model.id, model.user_id, model.provider, model.provider_id) == (
        "e1",
        "u1",
        "github",
        "42",
    )
    assert {g.users.list_external_auths("u").normalize for g in ALL} == {normalize_external_auths}
    assert normalize_external_auths({"message": "x"}) == []
    assert normalize_external_auths([1, None, {"id": "x"}]) == [{"id": "x", "userId": ""}]


# -- logs ------------------------------------------------------------------------------------------

G1_LOG = {
    "id": "l1",
    "created": "2026-11-27 10:09:05.403Z",
    "updated": "2026-11-27 10:09:05.403Z",
    "data": {
        "auth": "admin",
        "details": "sql: no rows in result set",
        "error": "The requested resource wasn't found.",
        "execTime": 0.06,
        "method": "GET",
        "referer": "",
        "remoteIp": "127.0.0.1",
        "status": 404,
        "type": "request",
        "url": "/api/collections/nope",
        "userAgent": "python-httpx/0.28.1",
        "userIp": "127.0.0.2",
    },
    "message": "GET /api/collections/nope",
    "level": 8,
}
G2_LOG = {
    "id": "l2",
    "created": "2026-11-27 10:09:09.081Z",
    "data": {
        "auth": "",
        "details": {"clientId": "cannot be blank"},
        "error": "Failed to load the submitted data.",
        "execTime": 0.18,
        "method": "POST",
        "referer": "http://ref",
        "remoteIP": "127.0.0.1",
        "status": 400,
        "type": "request",
        "url": "/api/realtime",
        "userAgent": "ua",
        "userIP": "10.0.0.1",
    },
    "message": "POST /api/realtime",
    "level": 8,
}


def test_request_log_items() -> None:
    assert normalize_log(G1_LOG) == {
        "id": "l1",
        "created": "2026-11-27 10:09:05.403Z",
        "updated": "2026-11-27 10:09:05.403Z",
        "url": "/api/collections/nope",
        "method": "get",
        "status": 404,
        "auth": "admin",
        "remoteIp": "127.0.0.1",
        "userIp": "127.0.0.2",
        "referer": "",
        "userAgent": "python-httpx/0.28.1",
        "meta": {
            "errorMessage": "The requested resource wasn't found.",
            "errorDetails": "sql: no rows in result set",
        },
    }
    out = normalize_log(G2_LOG)
    assert out["updated"] == out["created"] == "2026-11-27 10:09:09.081Z"
    assert (out["method"], out["auth"], out["remoteIp"], out["userIp"]) == (
        "post",
        "guest",
        "127.0.0.1",
        "10.0.0.1",
    )
    assert out["meta"] == {
        "errorMessage": "Failed to load the submitted data.",
        "errorDetails": '{"clientId": "cannot be blank"}',
    }
    log = LogRequest.model_validate(out)
    assert (log.id, log.status, log.referer, log.user_agent) == ("l2", 400, "http://ref", "ua")
    assert log.created is not None and log.created.tzinfo is not None


@pytest.mark.parametrize(
    ("auth", "kind"),
    [
        ("", "guest"),
        ("guest", "guest"),
        ("admin", "admin"),
        ("_superusers", "admin"),
        ("authRecord", "user"),
        ("users", "user"),
        ("members", "user"),
    ],
)
def test_log_auth_kinds(auth: str, kind: str) -> None:
    item = {"id": "x", "created": "", "data": {"type": "request", "auth": auth}}
    assert normalize_log(item)["auth"] == kind


def test_log_edge_cases() -> None:
    # 0.7 log items are the seed shape already: no reshaping at all
    assert G07.logs.normalize_item is None
    assert G07.logs.request_one("x").normalize is None
    app_log = {"id": "x", "created": "c", "message": "hello", "level": 4}
    assert normalize_log(app_log) is app_log  # no data: left alone
    assert normalize_log("x") == "x"
    quiet = normalize_log({"id": "x", "created": "c", "data": {"details": None, "error": ""}})
    assert quiet["meta"] == {}
    assert quiet["method"] == "get"
    assert quiet["status"] == 200


def test_logs_query_maps_seed_field_names() -> None:
    query = {
        "page": 1,
        "filter": "status >= 400 && url ~ 'status' && data.auth = 'x'",
        "sort": "-status,created",
    }
    assert G07.logs.seed_query(query) == query
    assert G08.logs.seed_query(query) == {
        "page": 1,
        "filter": "data.status >= 400 && data.url ~ 'status' && data.auth = 'x'",
        "sort": "-data.status,created",
    }
    out = G23.logs.seed_query(
        {"filter": 'remoteIp = "userIp" || userIp != remoteIp', "sort": "-updated"}
    )
    assert out == {
        "filter": 'data.remoteIP = "userIp" || data.userIP != data.remoteIP',
        "sort": "-created",
    }
    assert G08.logs.seed_query({"filter": "", "sort": None}) == {"filter": "", "sort": None}
    assert G08.logs.seed_query({"filter": r"referer = 'it\'s url' && method='get'"}) == {
        "filter": r"data.referer = 'it\'s url' && data.method='get'"
    }


# -- record update bodies --------------------------------------------------------------------------


def test_record_update_body_appends_files_on_23() -> None:
    body = {
        "title": "x",
        "docs": [("a.txt", b"a"), b"raw"],
        "cover": ("c.png", b"png", "image/png"),
        "tags": ["a", "b"],
        "none": [],
        "keep-": ["old.txt"],
        "more+": [b"m"],
        "both": b"x",
        "both+": b"y",
    }
    for gen in (G07, G08):
        out = gen.records.seed_update_body(body)
        assert out == body and out is not body
    assert G23.records.seed_update_body(body) == {
        "title": "x",
        "docs+": [("a.txt", b"a"), b"raw"],
        "cover+": ("c.png", b"png", "image/png"),
        "tags": ["a", "b"],
        "none": [],
        "keep-": ["old.txt"],
        "more+": [b"m"],
        "both": b"x",  # the caller already used the 0.23 spelling for this field
        "both+": b"y",
    }


# -- rules and collections -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("@request.user.id != ''", "@request.auth.id != ''"),
        ("author = @request.user.id", "author = @request.auth.id"),
        ("@request.user.profile.active = true", "@request.auth.active = true"),
        ("@request.user != null", "@request.auth != null"),
        ("@request.users.id = 1", "@request.users.id = 1"),
        ("@request.auth.id = id", "@request.auth.id = id"),
        ("", ""),
        (None, None),
    ],
)
def test_rewrite_rule(rule: Any, expected: Any) -> None:
    assert rewrite_rule(rule) == expected


SEED = {
    "name": "posts",
    "schema": [
        {
            "system": False,
            "id": "",
            "name": "title",
            "type": "text",
            "required": True,
            "unique": True,
            "options": {"min": None, "max": 10, "pattern": ""},
        },
        {"name": "count", "type": "number", "options": {"min": 0, "max": None, "noDecimal": True}},
        {"name": "done", "type": "bool"},
        {"name": "meta", "type": "json", "options": {}},
        {"name": "owner", "type": "user", "options": {"maxSelect": 1, "cascadeDelete": True}},
        {
            "name": "tags",
            "type": "relation",
            "options": {
                "collectionId": "c1",
                "maxSelect": None,
                "cascadeDelete": False,
                "displayFields": ["name"],
            },
        },
    ],
    "listRule": "",
    "viewRule": None,
    "createRule": "@request.user.id != ''",
    "updateRule": "owner = @request.user.id",
    "deleteRule": None,
}


def test_collection_body_07_is_a_copy() -> None:
    out = G07.collections.body(SEED)
    assert out == SEED and out is not SEED
    assert G07.collections.body(None) == {}


def test_collection_body_08() -> None:
    before = copy.deepcopy(SEED)
    out = G08.collections.body(SEED)
    assert SEED == before  # input untouched
    assert out["createRule"] == "@request.auth.id != ''"
    assert out["updateRule"] == "owner = @request.auth.id"
    assert out["listRule"] == "" and out["viewRule"] is None
    assert out["indexes"] == ["CREATE UNIQUE INDEX `idx_unique_posts_title` ON `posts` (`title`)"]
    assert out["schema"] == [
        {
            "system": False,
            "name": "title",
            "type": "text",
            "required": True,
            "unique": True,
            "options": {"min": None, "max": 10, "pattern": ""},
        },
        {"name": "count", "type": "number", "options": {"min": 0, "max": None, "noDecimal": True}},
        {"name": "done", "type": "bool"},
        {"name": "meta", "type": "json", "options": {"maxSize": JSON_MAX_SIZE}},
        {
            "name": "owner",
            "type": "relation",
            "options": {"maxSelect": 1, "cascadeDelete": True, "collectionId": "_pb_users_auth_"},
        },
        {
            "name": "tags",
            "type": "relation",
            "options": {
                "collectionId": "c1",
                "maxSelect": None,
                "cascadeDelete": False,
                "displayFields": ["name"],
            },
        },
    ]
    # updates never add indexes; explicit indexes are kept as given
    assert "indexes" not in G08.collections.body(SEED, create=False)
    assert G08.collections.body({**SEED, "indexes": []})["indexes"] == []
    # a body without a schema only gets its rules rewritten
    assert G08.collections.body({"listRule": "@request.user.id = id"}) == {
        "listRule": "@request.auth.id = id"
    }


def test_collection_body_23() -> None:
    before = copy.deepcopy(SEED)
    out = G23.collections.body(SEED)
    assert SEED == before
    assert "schema" not in out
    assert out["indexes"] == ["CREATE UNIQUE INDEX `idx_unique_posts_title` ON `posts` (`title`)"]
    assert out["fields"] == [
        {
            "system": False,
            "name": "title",
            "type": "text",
            "required": True,
            "min": None,
            "max": 10,
            "pattern": "",
        },
        {"name": "count", "type": "number", "min": 0, "max": None, "onlyInt": True},
        {"name": "done", "type": "bool"},
        {"name": "meta", "type": "json", "maxSize": JSON_MAX_SIZE},
        {
            "name": "owner",
            "type": "relation",
            "maxSelect": 1,
            "cascadeDelete": True,
            "collectionId": "_pb_users_auth_",
        },
        {
            "name": "tags",
            "type": "relation",
            "collectionId": "c1",
            "maxSelect": UNLIMITED_RELATIONS,
            "cascadeDelete": False,
        },
        {"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False},
        {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
    ]
    assert out["createRule"] == "@request.auth.id != ''"
    # updates with a seed schema also keep created/updated (0.23+ derives autodate ids from
    # the names, so the existing fields and their values survive)
    update = G23.collections.body({"schema": [{"name": "title", "type": "text"}]}, create=False)
    assert [f["name"] for f in update["fields"]] == ["title", "created", "updated"]
    assert "indexes" not in update


def test_collection_body_23_details() -> None:
    # present autodate fields are not duplicated; view collections get none
    existing = G23.collections.body(
        {"name": "x", "schema": [{"name": "updated", "type": "autodate"}]}
    )
    assert [f["name"] for f in existing["fields"]] == ["updated", "created"]
    view = G23.collections.body(
        {"name": "v", "type": "view", "schema": [{"name": "n", "type": "number"}]}
    )
    assert view["fields"] == [{"name": "n", "type": "number"}]
    # native 0.23 `fields` are left as they are (nested options flattened), no autodate added
    native = G23.collections.body(
        {"name": "n", "fields": [{"name": "t", "type": "text", "max": 5}]}
    )
    assert native["fields"] == [{"name": "t", "type": "text", "max": 5}]
    nested = G23.collections.body(
        {"fields": [{"name": "t", "type": "text", "options": {"max": 5}}]}, create=False
    )
    assert nested["fields"] == [{"name": "t", "type": "text", "max": 5}]
    # `fields` wins over `schema` when both are given
    both = G23.collections.body(
        {"fields": [{"name": "a", "type": "bool"}], "schema": [{"name": "b"}]}
    )
    assert both["fields"] == [{"name": "a", "type": "bool"}]
    assert "schema" not in both
    # a flattened option never overrides a top-level key
    clash = G23.collections.body(
        {"schema": [{"name": "t", "type": "text", "options": {"name": "x"}}]}
    )
    assert clash["fields"][0]["name"] == "t"


def test_collection_models_are_accepted_and_round_trip_on_23() -> None:
    reply = {
        "id": "pbc_1",
        "name": "posts",
        "type": "base",
        "system": False,
        "listRule": "",
        "viewRule": "",
        "createRule": None,
        "updateRule": None,
        "deleteRule": None,
        "indexes": [],
        "created": "2024-01-01 00:00:00.000Z",
        "updated": "2024-01-01 00:00:00.000Z",
        "fields": [
            {
                "id": "text3208210256",
                "name": "id",
                "type": "text",
                "system": True,
                "primaryKey": True,
                "min": 15,
                "max": 15,
                "pattern": "^[a-z0-9]+$",
                "hidden": False,
            },
            {
                "id": "number1",
                "name": "count",
                "type": "number",
                "system": False,
                "required": False,
                "onlyInt": True,
                "min": None,
                "max": None,
            },
            {
                "id": "autodate2990389176",
                "name": "created",
                "type": "autodate",
                "system": False,
                "onCreate": True,
                "onUpdate": False,
            },
            {
                "id": "autodate3332085495",
                "name": "updated",
                "type": "autodate",
                "system": False,
                "onCreate": True,
                "onUpdate": True,
            },
        ],
    }
    collection = Collection.model_validate(reply)
    assert [f.name for f in collection.schema] == ["id", "count", "created", "updated"]
    assert collection.schema[1].options == {"onlyInt": True, "min": None, "max": None}
    # the model itself sends what `export()` leaves out (type, indexes, ...)
    whole = G23.collections.body(collection, create=False)
    assert (whole["type"], whole["indexes"], whole["name"]) == ("base", [], "posts")
    body = G23.collections.body(collection.export(), create=False)
    assert [f["name"] for f in body["fields"]] == ["id", "count", "created", "updated"]
    assert body["fields"][1] == {
        "id": "number1",
        "name": "count",
        "type": "number",
        "system": False,
        "required": False,
        "onlyInt": True,
        "min": None,
        "max": None,
    }
    assert body["fields"][3]["onUpdate"] is True
    # SchemaField models inside a plain body
    field_body = G23.collections.body(
        {"name": "x", "schema": [SchemaField(name="t", type="text", options={"max": 3})]}
    )
    assert field_body["fields"][0] == {
        "name": "t",
        "type": "text",
        "system": False,
        "required": False,
        "max": 3,
    }
    with pytest.raises(TypeError):
        G23.collections.body({"schema": [object()]})


@pytest.mark.parametrize("gen", ALL, ids=lambda g: g.name)
def test_collections_import(gen: Generation) -> None:
    req = gen.collections.import_collections([SEED, Collection(name="other")], True)
    assert (req.method, req.path) == ("PUT", "/api/collections/import")
    assert req.body["deleteMissing"] is True
    assert req.body["collections"][0] == gen.collections.body(SEED)
    assert req.body["collections"][1]["name"] == "other"


# -- detection -----------------------------------------------------------------------------------

G0_PROBES = (
    (404, {"code": 404, "message": "Not Found.", "data": {}}),
    (200, {"emailPassword": True, "authProviders": []}),
)
G1_PROBES = (
    (404, {"code": 404, "message": "The requested resource wasn't found.", "data": {}}),
    (404, {"code": 404, "message": "Not Found.", "data": {}}),
)
G2_PROBE = (
    200,
    {
        "password": {"identityFields": ["email"], "enabled": True},
        "oauth2": {"providers": [], "enabled": False},
        "mfa": {"enabled": False, "duration": 0},
        "otp": {"enabled": False, "duration": 0},
        "authProviders": [],
        "usernamePassword": False,
        "emailPassword": True,
    },
)


def test_probe_paths() -> None:
    assert PROBE_SUPERUSERS == "/api/collections/_superusers/auth-methods"
    assert PROBE_USERS == "/api/users/auth-methods"


def test_detect_each_generation() -> None:
    assert detect_generation(G2_PROBE, None) is G23
    assert detect_generation(G0_PROBES[0], None) is None  # the second probe is needed
    assert detect_generation(*G0_PROBES) is G07
    assert detect_generation(*G1_PROBES) is G08
    # 0.8-0.22 only when both probes got PocketBase's own error body (a listed change: any
    # other reply used to mean 0.8-0.22; now it is an error naming the URL and the answer)
    pb_error = {"status": 404, "message": "Not Found.", "data": {}}
    assert detect_generation((404, pb_error), G1_PROBES[1]) is G08
    not_pocketbase = [
        ((404, None, "http://x/api/a", "an HTML page"), G1_PROBES[1], "an HTML page"),
        ((200, {"emailPassword": True}), (200, ["x"]), "a reply"),
        ((200, "not json"), (404, None), "a reply"),
        (G1_PROBES[0], (401, {"code": 401}), "a reply"),
        (
            (404, {"error": "not found"}, "", "JSON that is not a PocketBase reply"),
            G1_PROBES[1],
            "JSON that is not a PocketBase reply",
        ),
    ]
    for first, second, what in not_pocketbase:
        with pytest.raises(ClientResponseError) as info:
            detect_generation(first, second)
        assert f"with {what}: this does not look like a PocketBase server's API" in str(info.value)


@pytest.mark.parametrize("base", ["http://h:8090/api", "http://h:8090/api/", "http://h/pb/_/"])
def test_detect_rejects_a_base_url_below_the_root(base: str) -> None:
    with pytest.raises(ClientResponseError) as info:
        detect_generation(*G1_PROBES, base_url=base)
    message = str(info.value)
    assert f"base_url {base!r} ends in" in message
    assert "give the server's root instead" in message
    # the same replies under the server's root are a 0.8-0.22 server
    assert detect_generation(*G1_PROBES, base_url="http://h:8090") is G08


@pytest.mark.parametrize(
    ("content_type", "content", "what"),
    [
        ("text/html; charset=utf-8", b"<!DOCTYPE html><html></html>", "an HTML page"),
        ("", b"  <html><body>hi</body></html>", "an HTML page"),
        ("application/json", b'{"ok": true}', "JSON that is not a PocketBase reply"),
        ("text/plain", b"hello", "a text/plain body"),
        ("", b"", "an empty body"),
    ],
)
def test_probe_reply_describes_the_body(content_type: str, content: bytes, what: str) -> None:
    probe = probe_reply("http://h/x", 200, content_type, content)
    assert (probe.status, probe.url, probe.what) == (200, "http://h/x", what)


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_detect_refuses_to_guess_on_server_errors(status: int) -> None:
    with pytest.raises(ClientResponseError) as info:
        detect_generation((status, None), None)
    assert info.value.status == status
    assert PROBE_SUPERUSERS in str(info.value)
    with pytest.raises(ClientResponseError) as info2:
        detect_generation(G1_PROBES[0], (status, {}))
    assert PROBE_USERS in str(info2.value)
    assert "server_api=" in str(info2.value)


def test_oauth2_meta_gets_the_seed_avatar_key() -> None:
    reply = {
        "token": "t",
        "record": {"id": "u1", "collectionName": "users", "email": "a@b.c"},
        "meta": {"id": "p1", "name": "N", "avatarURL": "https://x/a.png", "isNew": True},
    }
    out = G23.users.normalize_auth(reply)
    assert out["meta"] == {
        "id": "p1",
        "name": "N",
        "avatarURL": "https://x/a.png",
        "isNew": True,
        "avatarUrl": "https://x/a.png",
    }
    assert reply["meta"] == {
        "id": "p1",
        "name": "N",
        "avatarURL": "https://x/a.png",
        "isNew": True,
    }
    g1 = {"token": "t", "record": {"id": "u1"}, "meta": {"avatarUrl": "https://x/b.png"}}
    assert G08.users.normalize_auth(g1)["meta"] == {"avatarUrl": "https://x/b.png"}
