"""The SSR examples' cookie flow, driven by each framework's test client against a real server.

``ssr_fastapi.py`` and ``ssr_flask.py`` log in through the seed's ``pb.users`` (the JS SDK
0.7.4 cookie); their 0.23+ variants ``ssr_fastapi_modern.py`` and ``ssr_flask_modern.py``
through ``pb.collection("users")``, so the store holds a record and every cookie they set is
byte for byte what the JS SDK 0.28.1 (under node) exports for the same token and record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from examples.ssr_fastapi import create_app as create_fastapi_app
from examples.ssr_fastapi_modern import create_app as create_modern_fastapi_app
from examples.ssr_flask import create_app as create_flask_app
from examples.ssr_flask_modern import create_app as create_modern_flask_app
from pocketbase import PocketBase
from pocketbase.testing import PocketBaseServer
from tests.test_cookie_js_modern import decoded, js_export, js_load

EMAIL = "reader@example.com"
PASSWORD = "reader-password-1"
NAME = "Reader"
# the JS SDK 0.28.1's cookie of an empty store (token "", record null), percent-encoded
EMPTY_RECORD_COOKIE = "pb_auth=%7B%22token%22%3A%22%22%2C%22record%22%3Anull%7D"


@pytest.fixture(scope="module")
def server() -> Iterator[PocketBaseServer]:
    with PocketBaseServer("0.40.6") as srv:
        with PocketBase(srv.url) as pb:
            pb.users.create(
                {"email": EMAIL, "password": PASSWORD, "passwordConfirm": PASSWORD, "name": NAME}
            )
        yield srv


def _cookie_pair(set_cookie: str) -> str:
    pair = set_cookie.split(";", 1)[0]
    assert pair.startswith("pb_auth=")
    return pair


def test_fastapi_cookie_flow(server: PocketBaseServer) -> None:
    with TestClient(create_fastapi_app(server.url)) as http:
        assert http.get("/me").status_code == 401

        login = http.post("/login", json={"email": EMAIL, "password": PASSWORD})
        assert login.status_code == 200
        assert login.json()["email"] == EMAIL
        set_cookie = login.headers["set-cookie"]
        assert set_cookie.endswith("HttpOnly; Secure; SameSite=Strict")

        http.cookies.clear()
        me = http.get("/me", headers={"Cookie": _cookie_pair(set_cookie)})
        assert me.status_code == 200
        assert me.json() == login.json()
        assert me.headers["set-cookie"].startswith("pb_auth=%7B%22token%22%3A%22ey")

        out = http.post("/logout", headers={"Cookie": _cookie_pair(set_cookie)})
        assert _cookie_pair(out.headers["set-cookie"]) == (
            "pb_auth=%7B%22token%22%3A%22%22%2C%22model%22%3Anull%7D"
        )

        bad = http.post("/login", json={"email": EMAIL, "password": "wrong-password"})
        assert bad.status_code == 400
        assert bad.json()["detail"] == "Failed to authenticate."


def test_flask_cookie_flow(server: PocketBaseServer) -> None:
    app = create_flask_app(server.url, secure_cookie=False)
    http = app.test_client()
    assert http.get("/me").status_code == 401

    login = http.post("/login", json={"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 200
    assert login.get_json()["email"] == EMAIL
    set_cookie = login.headers["Set-Cookie"]
    assert "Secure" not in set_cookie and set_cookie.endswith("HttpOnly; SameSite=Strict")

    browser = app.test_client()  # the werkzeug client sends cookies from its own jar
    browser.set_cookie("pb_auth", _cookie_pair(set_cookie)[len("pb_auth=") :])
    me = browser.get("/me")
    assert me.status_code == 200
    assert me.get_json() == login.get_json()
    assert me.headers["Set-Cookie"].startswith("pb_auth=%7B%22token%22%3A%22ey")


# -- the 0.23+ variants: login through pb.collection("users") ---------------------------------


def server_record(server: PocketBaseServer, token: str, record_id: str) -> dict[str, Any]:
    """The user's record as the server sends it to the user (keys in the server's order)."""
    with httpx.Client(base_url=server.url, trust_env=False) as http:
        reply = http.get(
            f"/api/collections/users/records/{record_id}", headers={"Authorization": token}
        )
    assert reply.status_code == 200, reply.text
    record: dict[str, Any] = reply.json()
    return record


def assert_js_sdk_cookie(
    server: PocketBaseServer, set_cookie: str, options: dict[str, Any] | None
) -> None:
    """``set_cookie`` is what the JS SDK 0.28.1 exports after saving the same token and the
    user's record, and that SDK reads it back as a valid login."""
    payload, _ = decoded(set_cookie)
    assert list(payload) == ["token", "record"]
    token = payload["token"]
    record = server_record(server, token, payload["record"]["id"])
    assert payload["record"] == record
    assert (record["collectionName"], record["email"], record["name"]) == ("users", EMAIL, NAME)
    assert set_cookie == js_export(token, record, options)
    seen = js_load(set_cookie.split("; ", 1)[0])
    assert (seen["token"], seen["record"], seen["isValid"]) == (token, record, True)


@pytest.mark.node
def test_fastapi_modern_cookie_flow(server: PocketBaseServer) -> None:
    with TestClient(create_modern_fastapi_app(server.url)) as http:
        assert http.get("/me").json() == {"detail": "Not logged in."}

        login = http.post("/login", json={"email": EMAIL, "password": PASSWORD})
        assert login.status_code == 200
        user_id = login.json()["id"]
        assert login.json() == {"id": user_id, "email": EMAIL, "name": NAME}
        set_cookie = login.headers["set-cookie"]
        assert set_cookie.endswith("HttpOnly; Secure; SameSite=Strict")
        assert_js_sdk_cookie(server, set_cookie, None)

        http.cookies.clear()
        me = http.get("/me", headers={"Cookie": _cookie_pair(set_cookie)})
        assert (me.status_code, me.json()) == (200, login.json())
        assert_js_sdk_cookie(server, me.headers["set-cookie"], None)

        out = http.post("/logout", headers={"Cookie": _cookie_pair(set_cookie)})
        assert out.json() == {"ok": True}
        assert out.headers["set-cookie"] == js_export("", None)
        assert _cookie_pair(out.headers["set-cookie"]) == EMPTY_RECORD_COOKIE

        bad = http.post("/login", json={"email": EMAIL, "password": "wrong-password"})
        assert (bad.status_code, bad.json()) == (400, {"detail": "Failed to authenticate."})


@pytest.mark.node
def test_flask_modern_cookie_flow(server: PocketBaseServer) -> None:
    app = create_modern_flask_app(server.url, secure_cookie=False)
    http = app.test_client()
    assert http.get("/me").get_json() == {"detail": "Not logged in."}

    login = http.post("/login", json={"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 200
    user_id = login.get_json()["id"]
    assert login.get_json() == {"id": user_id, "email": EMAIL, "name": NAME}
    set_cookie = login.headers["Set-Cookie"]
    assert "Secure" not in set_cookie and set_cookie.endswith("HttpOnly; SameSite=Strict")
    assert_js_sdk_cookie(server, set_cookie, {"secure": False})

    browser = app.test_client()  # the werkzeug client sends cookies from its own jar
    browser.set_cookie("pb_auth", _cookie_pair(set_cookie)[len("pb_auth=") :])
    me = browser.get("/me")
    assert (me.status_code, me.get_json()) == (200, login.get_json())
    assert_js_sdk_cookie(server, me.headers["Set-Cookie"], {"secure": False})

    out = browser.post("/logout")
    assert out.get_json() == {"ok": True}
    assert out.headers["Set-Cookie"] == js_export("", None, {"secure": False})
    assert _cookie_pair(out.headers["Set-Cookie"]) == EMPTY_RECORD_COOKIE

    bad = http.post("/login", json={"email": EMAIL, "password": "wrong-password"})
    assert (bad.status_code, bad.get_json()) == (400, {"detail": "Failed to authenticate."})
