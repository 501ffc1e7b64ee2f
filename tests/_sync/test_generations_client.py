# Generated from tests/_async/test_generations_client.py by scripts/unasync.py. Do not edit: edit the async source.
"""The same Python calls against the three server generations, through the client (respx).

Each generation is a small fake server answering with the wire shapes of that generation (the
0.7 protocol's documented fixtures; for 0.8-0.22 and 0.23+, shapes captured from live 0.22.27
and 0.40.6 servers). There is no 0.7 binary, so these fixtures are how the 0.7 generation is
proven end to end.

Covers ``server_api="auto"`` (the two probes, run once per client even under
concurrent first requests, not cached when they fail), explicit ``server_api`` values (never
probe), and one seed-style session per generation with identical Python results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from pocketbase import ClientResponseError, PocketBase
from pocketbase._compat import sleep
from pocketbase.models import Admin, User
from tests.concurrency import gather
from tests.wire import BASE

PROBE_SUPERUSERS = f"{BASE}/api/collections/_superusers/auth-methods"
PROBE_USERS = f"{BASE}/api/users/auth-methods"
PROBES = [("GET", PROBE_SUPERUSERS), ("GET", PROBE_USERS)]

Reply = tuple[int, Any]


@dataclass
class FakeServer:
    """Answers ``(method, path)`` from a table; anything else gets the generation's 404."""

    name: str
    routes: dict[tuple[str, str], Reply | list[Reply]]
    delay: float = 0.0
    calls: list[httpx.Request] = field(default_factory=list)

    def not_found(self) -> Reply:
        if self.name == "0.23":
            return 404, {
                "data": {},
                "message": "The requested resource wasn't found.",
                "status": 404,
            }
        return 404, {"code": 404, "message": "The requested resource wasn't found.", "data": {}}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if self.delay:
            sleep(self.delay)
        reply = self.routes.get((request.method, request.url.path), self.not_found())
        if isinstance(reply, list):
            reply = reply.pop(0)
        status, body = reply
        if status == 204:
            return httpx.Response(204)
        if isinstance(body, Exception):
            raise body
        return httpx.Response(status, json=body)

    def sent(self) -> list[tuple[str, str]]:
        return [(r.method, str(r.url)) for r in self.calls]

    def body(self, index: int = -1) -> Any:
        content = self.calls[index].content
        return json.loads(content) if content else None


def serve(respx_mock: respx.MockRouter, server: FakeServer) -> FakeServer:
    respx_mock.route(host="pb.test").mock(side_effect=server)
    return server


# -- probe replies -------------------------------------------------------

G07_PROBES: dict[tuple[str, str], Reply | list[Reply]] = {
    ("GET", "/api/collections/_superusers/auth-methods"): (
        404,
        {"code": 404, "message": "Not Found.", "data": {}},
    ),
    ("GET", "/api/users/auth-methods"): (
        200,
        {
            "emailPassword": True,
            "authProviders": [
                {
                    "name": "gitlab",
                    "state": "st",
                    "codeVerifier": "ver",
                    "codeChallenge": "cha",
                    "codeChallengeMethod": "S256",
                    "authUrl": "https://gitlab.com/oauth/authorize?client_id=x&redirect_uri=",
                }
            ],
        },
    ),
}
G08_PROBES: dict[tuple[str, str], Reply | list[Reply]] = {
    ("GET", "/api/collections/_superusers/auth-methods"): (
        404,
        {"code": 404, "message": "The requested resource wasn't found.", "data": {}},
    ),
    ("GET", "/api/users/auth-methods"): (404, {"code": 404, "message": "Not Found.", "data": {}}),
}
G23_METHODS = {
    "password": {"identityFields": ["email"], "enabled": True},
    "oauth2": {
        "providers": [
            {
                "name": "gitlab",
                "displayName": "GitLab",
                "logo": "",
                "state": "st",
                "authURL": "https://gitlab.com/oauth/authorize?client_id=x&redirect_uri=",
                "authUrl": "https://gitlab.com/oauth/authorize?client_id=x&redirect_uri=",
                "codeVerifier": "ver",
                "codeChallenge": "cha",
                "codeChallengeMethod": "S256",
            }
        ],
        "enabled": True,
    },
    "mfa": {"enabled": False, "duration": 0},
    "otp": {"enabled": False, "duration": 0},
    "authProviders": [
        {
            "name": "gitlab",
            "displayName": "GitLab",
            "logo": "",
            "state": "st",
            "authURL": "https://gitlab.com/oauth/authorize?client_id=x&redirect_uri=",
            "authUrl": "https://gitlab.com/oauth/authorize?client_id=x&redirect_uri=",
            "codeVerifier": "ver",
            "codeChallenge": "cha",
            "codeChallengeMethod": "S256",
        }
    ],
    "usernamePassword": False,
    "emailPassword": True,
}
G23_PROBES: dict[tuple[str, str], Reply | list[Reply]] = {
    ("GET", "/api/collections/_superusers/auth-methods"): (200, G23_METHODS),
}
PROBE_TABLES = {"0.7": G07_PROBES, "0.8": G08_PROBES, "0.23": G23_PROBES}
EXPECTED_PROBES = {"0.7": PROBES, "0.8": PROBES, "0.23": PROBES[:1]}

# -- admin auth replies ------------------------------------------------------------------------

ADMIN_ROUTE = {
    "0.7": "/api/admins/auth-via-email",
    "0.8": "/api/admins/auth-with-password",
    "0.23": "/api/collections/_superusers/auth-with-password",
}
ADMIN_BODY = {
    "0.7": {"email": "admin@example.com", "password": "1234567890"},
    "0.8": {"identity": "admin@example.com", "password": "1234567890"},
    "0.23": {"identity": "admin@example.com", "password": "1234567890"},
}
ADMIN_REPLY = {
    "0.7": {
        "token": "admin-token",
        "admin": {
            "id": "a1",
            "created": "2022-05-01 12:00:00.000",
            "updated": "2022-05-01 12:00:00.000",
            "email": "admin@example.com",
            "lastResetSentAt": "",
            "avatar": 0,
        },
    },
    "0.8": {
        "admin": {
            "id": "a1",
            "created": "2022-05-01 12:00:00.000Z",
            "updated": "2022-05-01 12:00:00.000Z",
            "avatar": 0,
            "email": "admin@example.com",
        },
        "token": "admin-token",
    },
    "0.23": {
        "record": {
            "collectionId": "pbc_3142635823",
            "collectionName": "_superusers",
            "created": "2022-05-01 12:00:00.000Z",
            "email": "admin@example.com",
            "emailVisibility": False,
            "id": "a1",
            "updated": "2022-05-01 12:00:00.000Z",
            "verified": True,
        },
        "token": "admin-token",
    },
}
REFRESH_ROUTE = {
    "0.7": "/api/admins/refresh",
    "0.8": "/api/admins/auth-refresh",
    "0.23": "/api/collections/_superusers/auth-refresh",
}
AUTH_FORM = {"0.7": "Admin admin-token", "0.8": "admin-token", "0.23": "admin-token"}
GENS = ["0.7", "0.8", "0.23"]


def admin_server(gen: str, **extra: Reply) -> dict[tuple[str, str], Reply | list[Reply]]:
    routes = dict(PROBE_TABLES[gen])
    routes[("POST", ADMIN_ROUTE[gen])] = (200, ADMIN_REPLY[gen])
    routes[("POST", REFRESH_ROUTE[gen])] = (200, ADMIN_REPLY[gen])
    return routes


# -- "auto" ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("gen", GENS)
def test_auto_detects_once_then_uses_the_generation(respx_mock: respx.MockRouter, gen: str) -> None:
    server = serve(respx_mock, FakeServer(gen, admin_server(gen)))
    with PocketBase(BASE, lang="pl-PL") as pb:
        pb.auth_store.save("stale-token", Admin(id="old"))
        assert pb.server_api == "auto"
        auth = pb.admins.auth_via_email("admin@example.com", "1234567890")
        assert pb.server_api == gen
        refreshed = pb.admins.refresh()
        pb.admins.refresh()
    assert server.sent() == [
        *EXPECTED_PROBES[gen],
        ("POST", BASE + ADMIN_ROUTE[gen]),
        ("POST", BASE + REFRESH_ROUTE[gen]),
        ("POST", BASE + REFRESH_ROUTE[gen]),
    ]
    for probe in server.calls[: len(EXPECTED_PROBES[gen])]:
        # probes are anonymous, plain GETs
        assert "Authorization" not in probe.headers
        assert probe.headers["Accept-Language"] == "pl-PL"
        assert probe.content == b""
    login = server.calls[len(EXPECTED_PROBES[gen])]
    assert login.headers["Authorization"] == ""
    assert json.loads(login.content) == ADMIN_BODY[gen]
    assert server.calls[-1].headers["Authorization"] == AUTH_FORM[gen]
    for result in (auth, refreshed):
        assert result.token == "admin-token"
        assert type(result.admin) is Admin
        assert (result.admin.id, result.admin.email) == ("a1", "admin@example.com")
        assert result.admin.created == datetime(2022, 5, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("gen", GENS)
def test_concurrent_first_requests_probe_once(respx_mock: respx.MockRouter, gen: str) -> None:
    routes = admin_server(gen)
    routes[("GET", "/api/collections/c1/records")] = (
        200,
        {"page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0, "items": []},
    )
    server = serve(respx_mock, FakeServer(gen, routes, delay=0.05))
    with PocketBase(BASE, auto_cancel=False) as pb:

        def list_records() -> Any:
            return (pb.records.get_list("c1")).total_items

        def login() -> Any:
            return (pb.admins.auth_via_email("admin@example.com", "1234567890")).token

        def raw() -> Any:
            return pb.send("/api/collections/c1/records")

        results = gather(list_records, login, raw, list_records)
        assert pb.server_api == gen
    assert results[0] == 0 and results[3] == 0
    assert results[1] == "admin-token"
    assert results[2]["items"] == []
    probes = [c for c in server.sent() if c in PROBES]
    assert probes == EXPECTED_PROBES[gen]
    assert len(server.calls) == len(EXPECTED_PROBES[gen]) + 4


@pytest.mark.parametrize("gen", GENS)
def test_explicit_server_api_never_probes(respx_mock: respx.MockRouter, gen: str) -> None:
    # the table answers the probes of *another* generation: a probe would be visible
    other = {"0.7": "0.23", "0.8": "0.7", "0.23": "0.8"}[gen]
    routes = admin_server(gen)
    routes.update(PROBE_TABLES[other])
    routes[("GET", "/api/anything")] = (200, {})
    server = serve(respx_mock, FakeServer(gen, routes))
    with PocketBase(BASE, server_api=gen) as pb:
        assert pb.server_api == gen
        pb.admins.auth_via_email("admin@example.com", "1234567890")
        pb.send("/api/anything", {})
    assert [c for c in server.sent() if c in PROBES] == []
    assert server.sent()[0] == ("POST", BASE + ADMIN_ROUTE[gen])
    assert pb.server_api == gen


def test_invalid_server_api_is_refused() -> None:
    with pytest.raises(ValueError, match="server_api"):
        PocketBase(BASE, server_api="0.22")


def test_failed_probe_is_not_cached(respx_mock: respx.MockRouter) -> None:
    probe = respx_mock.get(PROBE_SUPERUSERS).mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(503, text="starting"),
            httpx.Response(200, json=G23_METHODS),
        ]
    )
    listed = respx_mock.get(f"{BASE}/api/collections").respond(
        json={"page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0, "items": []}
    )
    with PocketBase(BASE) as pb:
        with pytest.raises(ClientResponseError) as first:
            pb.collections.get_list()
        assert first.value.status == 0
        assert isinstance(first.value.original_error, httpx.ConnectError)
        assert pb.server_api == "auto"
        with pytest.raises(ClientResponseError) as second:
            pb.collections.get_list()
        assert second.value.status == 503
        assert "server_api=" in str(second.value)
        assert pb.server_api == "auto"
        assert (pb.collections.get_list()).total_items == 0
        assert pb.server_api == "0.23"
    assert probe.call_count == 3
    assert listed.call_count == 1


# -- one seed-style session per generation -------------------------------------------------------

NOW = {"0.7": "2022-05-01 12:00:00.000", "0.8": "2022-05-01 12:00:00.000Z"}
NOW["0.23"] = NOW["0.8"]

SEED_COLLECTION = {
    "name": "posts",
    "schema": [
        {
            "name": "title",
            "type": "text",
            "required": True,
            "options": {"min": None, "max": 10, "pattern": ""},
        },
        {
            "name": "file",
            "type": "file",
            "options": {"maxSelect": 1, "maxSize": 1000, "mimeTypes": [], "thumbs": []},
        },
        {"name": "author", "type": "user", "options": {"maxSelect": 1, "cascadeDelete": False}},
    ],
    "listRule": "",
    "viewRule": "",
    "createRule": "@request.user.id != ''",
    "updateRule": None,
    "deleteRule": None,
}


def user_json(gen: str) -> dict[str, Any]:
    if gen == "0.7":
        return {
            "id": "u1",
            "created": NOW[gen],
            "updated": NOW[gen],
            "email": "ann@example.com",
            "lastResetSentAt": "",
            "verified": True,
            "lastVerificationSentAt": "",
            "profile": {
                "@collectionId": "systemprofiles0",
                "@collectionName": "profiles",
                "avatar": "",
                "created": NOW[gen],
                "id": "p1",
                "name": "Ann",
                "updated": NOW[gen],
                "userId": "u1",
            },
        }
    user = {
        "avatar": "",
        "collectionId": "_pb_users_auth_",
        "collectionName": "users",
        "created": NOW[gen],
        "email": "ann@example.com",
        "emailVisibility": False,
        "id": "u1",
        "name": "Ann",
        "updated": NOW[gen],
        "verified": True,
    }
    if gen == "0.8":
        user["username"] = "users12345"
    return user


def record_json(gen: str, expand: bool = False) -> dict[str, Any]:
    if gen == "0.7":
        rec: dict[str, Any] = {
            "@collectionId": "c_posts",
            "@collectionName": "posts",
            "author": "u1",
            "created": NOW[gen],
            "file": "a_1234567890.txt",
            "id": "r1",
            "title": "Hello",
            "updated": NOW[gen],
        }
        if expand:
            rec["@expand"] = {
                "author": {"@collectionId": "c_users", "@collectionName": "users", "id": "u1"}
            }
        return rec
    rec = {
        "author": "u1",
        "collectionId": "c_posts",
        "collectionName": "posts",
        "created": NOW[gen],
        "file": "a_1234567890.txt",
        "id": "r1",
        "title": "Hello",
        "updated": NOW[gen],
    }
    if expand:
        rec["expand"] = {
            "author": {"collectionId": "_pb_users_auth_", "collectionName": "users", "id": "u1"}
        }
    return rec


def collection_json(gen: str) -> dict[str, Any]:
    base = {
        "id": "c_posts",
        "created": NOW[gen],
        "updated": NOW[gen],
        "name": "posts",
        "system": False,
        "listRule": "",
        "viewRule": "",
        "createRule": "@request.auth.id != ''",
        "updateRule": None,
        "deleteRule": None,
    }
    if gen == "0.23":
        return {
            **base,
            "type": "base",
            "indexes": [],
            "fields": [
                {
                    "id": "text3208210256",
                    "name": "id",
                    "type": "text",
                    "system": True,
                    "min": 15,
                    "max": 15,
                },
                {
                    "id": "text1",
                    "name": "title",
                    "type": "text",
                    "system": False,
                    "required": True,
                    "min": 0,
                    "max": 10,
                    "pattern": "",
                },
                {
                    "id": "file1",
                    "name": "file",
                    "type": "file",
                    "system": False,
                    "maxSelect": 1,
                    "maxSize": 1000,
                    "mimeTypes": [],
                    "thumbs": [],
                },
                {
                    "id": "relation1",
                    "name": "author",
                    "type": "relation",
                    "system": False,
                    "collectionId": "_pb_users_auth_",
                    "maxSelect": 1,
                    "cascadeDelete": False,
                },
                {
                    "id": "autodate1",
                    "name": "created",
                    "type": "autodate",
                    "onCreate": True,
                    "onUpdate": False,
                },
                {
                    "id": "autodate2",
                    "name": "updated",
                    "type": "autodate",
                    "onCreate": True,
                    "onUpdate": True,
                },
            ],
        }
    return {
        **base,
        "schema": [
            {
                "system": False,
                "id": "f1",
                "name": "title",
                "type": "text",
                "required": True,
                "unique": False,
                "options": {"min": None, "max": 10, "pattern": ""},
            },
            {
                "system": False,
                "id": "f2",
                "name": "file",
                "type": "file",
                "required": False,
                "unique": False,
                "options": {"maxSelect": 1, "maxSize": 1000, "mimeTypes": [], "thumbs": []},
            },
            {
                "system": False,
                "id": "f3",
                "name": "author",
                "type": "user" if gen == "0.7" else "relation",
                "required": False,
                "unique": False,
                "options": {
                    "maxSelect": 1,
                    "cascadeDelete": False,
                    "collectionId": "_pb_users_auth_",
                },
            },
        ],
    }


def log_json(gen: str) -> dict[str, Any]:
    if gen == "0.7":
        return {
            "id": "l1",
            "created": NOW[gen],
            "updated": NOW[gen],
            "url": "/api/x",
            "method": "get",
            "status": 404,
            "auth": "admin",
            "remoteIp": "127.0.0.1",
            "userIp": "127.0.0.1",
            "referer": "",
            "userAgent": "ua",
            "meta": {"errorMessage": "Missing."},
        }
    data = {
        "auth": "admin" if gen == "0.8" else "_superusers",
        "error": "Missing.",
        "details": None,
        "execTime": 1.5,
        "method": "GET",
        "referer": "",
        "status": 404,
        "type": "request",
        "url": "/api/x",
        "userAgent": "ua",
    }
    ip = "IP" if gen == "0.23" else "Ip"
    data[f"remote{ip}"] = data[f"user{ip}"] = "127.0.0.1"
    item = {"id": "l1", "created": NOW[gen], "data": data, "message": "GET /api/x", "level": 8}
    if gen == "0.8":
        item["updated"] = NOW[gen]
    return item


def external_auths_json(gen: str) -> Any:
    if gen == "0.7":
        return [
            {
                "id": "e1",
                "created": NOW[gen],
                "updated": NOW[gen],
                "userId": "u1",
                "provider": "google",
                "providerId": "g1",
            }
        ]
    if gen == "0.8":
        return [
            {
                "id": "e1",
                "created": NOW[gen],
                "updated": NOW[gen],
                "collectionId": "_pb_users_auth_",
                "recordId": "u1",
                "provider": "google",
                "providerId": "g1",
            }
        ]
    return {
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
                "provider": "google",
                "providerId": "g1",
                "created": NOW[gen],
                "updated": NOW[gen],
            }
        ],
    }


def page(items: list[Any]) -> dict[str, Any]:
    return {"page": 1, "perPage": 30, "totalItems": len(items), "totalPages": 1, "items": items}


USERS = {"0.7": "/api/users", "0.8": "/api/collections/users", "0.23": "/api/collections/users"}
LOGS = {"0.7": "/api/logs/requests", "0.8": "/api/logs", "0.23": "/api/logs"}
EXT = {
    "0.7": "/api/users/u1/external-auths",
    "0.8": "/api/collections/users/records/u1/external-auths",
    "0.23": "/api/collections/_externalAuths/records",
}
UNLINK = {
    "0.7": "/api/users/u1/external-auths/google",
    "0.8": "/api/collections/users/records/u1/external-auths/google",
    "0.23": "/api/collections/_externalAuths/records/e1",
}


def session_routes(gen: str) -> dict[tuple[str, str], Reply | list[Reply]]:
    users = USERS[gen]
    auth_user = "auth-via-email" if gen == "0.7" else "auth-with-password"
    user_reply = {"token": "user-token", "user" if gen == "0.7" else "record": user_json(gen)}
    confirm: Reply = (200, user_reply) if gen == "0.7" else (204, None)
    routes = admin_server(gen)
    routes.update(
        {
            ("POST", "/api/collections"): (200, collection_json(gen)),
            ("POST", "/api/collections/posts/records"): (200, record_json(gen)),
            ("PATCH", "/api/collections/posts/records/r1"): (200, record_json(gen)),
            ("GET", "/api/collections/posts/records"): (200, page([record_json(gen, expand=True)])),
            ("GET", "/api/collections/posts/records/missing"): (
                (
                    404,
                    {"data": {}, "message": "The requested resource wasn't found.", "status": 404},
                )
                if gen == "0.23"
                else (
                    404,
                    {"code": 404, "message": "The requested resource wasn't found.", "data": {}},
                )
            ),
            ("POST", f"{users}/{auth_user}"): (200, user_reply),
            ("POST", f"{users}/confirm-verification"): confirm,
            ("GET", f"{users}/auth-methods"): PROBE_TABLES["0.7"][
                ("GET", "/api/users/auth-methods")
            ]
            if gen == "0.7"
            else (
                200,
                G23_METHODS
                if gen == "0.23"
                else {
                    "authProviders": [
                        {
                            "name": "gitlab",
                            "displayName": "GitLab",
                            "state": "st",
                            "authUrl": "https://gitlab.com/oauth/authorize?client_id=x&redirect_uri=",
                            "codeVerifier": "ver",
                            "codeChallenge": "cha",
                            "codeChallengeMethod": "S256",
                        }
                    ],
                    "usernamePassword": True,
                    "emailPassword": True,
                    "onlyVerified": False,
                },
            ),
            ("GET", LOGS[gen]): (200, page([log_json(gen)])),
            ("GET", f"{LOGS[gen]}/stats"): (
                200,
                [{"total": 3, "date": NOW[gen][:14] + "00:00.000" + NOW[gen][23:]}],
            ),
            ("GET", EXT[gen]): (200, external_auths_json(gen)),
            ("DELETE", UNLINK[gen]): (204, None),
            ("POST", "/api/settings/test/s3"): (204, None),
            ("GET", "/api/whoami"): (200, {}),
        }
    )
    return routes


@pytest.mark.parametrize("gen", GENS)
def test_seed_session_gives_the_same_python_results(respx_mock: respx.MockRouter, gen: str) -> None:
    server = serve(respx_mock, FakeServer(gen, session_routes(gen)))
    with PocketBase(BASE) as pb:
        pb.admins.auth_via_email("admin@example.com", "1234567890")
        assert pb.server_api == gen

        # collections: the seed body is converted for the server
        collection = pb.collections.create(SEED_COLLECTION)
        sent_collection = server.body()
        assert collection.name == "posts"
        titles = [f for f in collection.schema if f.name == "title"]
        assert len(titles) == 1 and titles[0].options["max"] == 10
        assert collection.create_rule == "@request.auth.id != ''"

        # records: multipart create, expand, file URL
        record = pb.records.create(
            "posts", {"title": "Hello", "author": "u1", "file": ("a.txt", b"hi", "text/plain")}
        )
        upload = server.calls[-1]
        pb.records.update("posts", "r1", {"file": ("b.txt", b"more")})
        added = server.calls[-1]
        listed = pb.records.get_list("posts", expand="author", sort="-created")
        with pytest.raises(ClientResponseError) as missing:
            pb.records.get_one("posts", "missing")

        # users: login (with profile), auth methods, external auths, confirm replies
        admin_store = (pb.auth_store.token, pb.auth_store.model)
        methods = pb.users.list_auth_methods()
        links = pb.users.list_external_auths("u1")
        assert pb.users.unlink_external_auth("u1", "google") is True
        confirmed = pb.users.confirm_verification("verify-token")
        after_confirm = (pb.auth_store.token, pb.auth_store.model)

        # logs and settings
        logs = pb.logs.get_requests_list(filter="status >= 400")
        stats = pb.logs.get_requests_stats()
        assert pb.settings.test_s3() is True
        s3_body = server.body()

        with PocketBase(BASE, server_api=pb.server_api) as user_pb:
            login = user_pb.users.auth_via_email("ann@example.com", "secret-password")
            user_pb.send("/api/whoami")
            user_header = server.calls[-1].headers["Authorization"]

    # -- what went over the wire
    if gen == "0.7":
        assert sent_collection == SEED_COLLECTION
    elif gen == "0.8":
        assert "fields" not in sent_collection
        assert sent_collection["schema"][2]["type"] == "relation"
        assert sent_collection["createRule"] == "@request.auth.id != ''"
    else:
        assert "schema" not in sent_collection
        assert [f["name"] for f in sent_collection["fields"]] == [
            "title",
            "file",
            "author",
            "created",
            "updated",
        ]
        assert sent_collection["fields"][0]["max"] == 10
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    # files sent on update are added to the field's files on every generation
    file_part = b'name="file+"' if gen == "0.23" else b'name="file"'
    assert file_part + b'; filename="b.txt"' in added.content
    assert b'filename="a.txt"' in upload.content and b"hi" in upload.content
    sent = server.sent()
    assert (
        "GET",
        f"{BASE}/api/collections/posts/records?page=1&perPage=30&sort=-created&expand=author",
    ) in sent
    log_list = [url for method, url in sent if method == "GET" and LOGS[gen] + "?" in url][0]
    if gen == "0.7":
        assert (
            log_list == f"{BASE}/api/logs/requests?page=1&perPage=30&filter=status%20%3E%3D%20400"
        )
        assert s3_body is None
    else:
        assert log_list == (
            f"{BASE}/api/logs?page=1&perPage=30"
            "&filter=(data.type%3D'request')%20%26%26%20(data.status%20%3E%3D%20400)"
        )
        assert s3_body == {"filesystem": "storage"}
    assert ("DELETE", BASE + UNLINK[gen]) in sent
    assert user_header == ("User user-token" if gen == "0.7" else "user-token")

    # -- identical Python results
    created = datetime(2022, 5, 1, 12, tzinfo=timezone.utc)
    assert (record.id, record.collection_id, record.collection_name) == ("r1", "c_posts", "posts")
    assert (record["title"], record.created) == ("Hello", created)
    assert pb.records.get_file_url(record, record["file"]) == (
        f"{BASE}/api/files/c_posts/r1/a_1234567890.txt"
    )
    assert listed.total_items == 1
    author = listed.items[0].expand["author"]
    assert not isinstance(author, list) and author.id == "u1"
    assert missing.value.status == 404
    assert missing.value.response is not None and missing.value.response.code == 404

    assert methods.email_password is True
    assert [(p.name, p.code_challenge_method) for p in methods.auth_providers] == [
        ("gitlab", "S256")
    ]
    assert methods.auth_providers[0].auth_url.startswith("https://gitlab.com/oauth/authorize")
    assert [(x.id, x.user_id, x.provider, x.provider_id) for x in links] == [
        ("e1", "u1", "google", "g1")
    ]

    if gen == "0.7":  # 0.7 answers with a fresh auth and the store takes it
        assert confirmed.token == "user-token"
        assert after_confirm[0] == "user-token"
    else:  # 204: token "" and the admin's store untouched
        assert confirmed.token == ""
        assert confirmed.user == User()
        assert after_confirm == admin_store

    assert [(x.id, x.url, x.method, x.status, x.auth, x.remote_ip) for x in logs.items] == [
        ("l1", "/api/x", "get", 404, "admin", "127.0.0.1")
    ]
    assert logs.items[0].meta["errorMessage"] == "Missing."
    assert logs.items[0].updated == created
    assert [(s.total, s.date) for s in stats] == [
        (3, datetime(2022, 5, 1, 12, tzinfo=timezone.utc))
    ]

    user = login.user
    assert (login.token, user.id, user.email, user.verified) == (
        "user-token",
        "u1",
        "ann@example.com",
        True,
    )
    assert user.profile is not None and user.profile["name"] == "Ann"
    assert user.profile["userId"] == "u1"
