"""The SSR examples' cookie flow, driven by each framework's test client against a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from examples.ssr_fastapi import create_app as create_fastapi_app
from examples.ssr_flask import create_app as create_flask_app
from pocketbase import PocketBase
from pocketbase.testing import PocketBaseServer

EMAIL = "reader@example.com"
PASSWORD = "reader-password-1"


@pytest.fixture(scope="module")
def server() -> Iterator[PocketBaseServer]:
    with PocketBaseServer("0.40.6") as srv:
        with PocketBase(srv.url) as pb:
            pb.users.create({"email": EMAIL, "password": PASSWORD, "passwordConfirm": PASSWORD})
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
