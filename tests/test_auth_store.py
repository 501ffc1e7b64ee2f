"""Auth stores: reference cases, kind tracking, hostile
cookies, thread safety and the file-backed LocalAuthStore."""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import pocketbase
from pocketbase._auth_store import BaseAuthStore, LocalAuthStore
from pocketbase.models import Admin, User

EXPIRED_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTYyNDc4ODAwMH0."
    "WOzXh8TQh6fBXJJlOvHktBuv7D8eSyrYx4_IBj2Deyo"
)
VALID_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTkwODc4NDgwMH0."
    "vVbRVx-Bs7pusxfU8TTTOEtNcUEYSzmJUboC68PB5iE"
)

# reference case 7, verbatim
COOKIE_DEFAULT_OPTIONS = "pb_auth=%7B%22token%22%3A%22eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTkwODc4NDgwMH0.vVbRVx-Bs7pusxfU8TTTOEtNcUEYSzmJUboC68PB5iE%22%2C%22model%22%3A%7B%22id%22%3A%221%22%2C%22created%22%3A%22%22%2C%22updated%22%3A%22%22%2C%22email%22%3A%22%22%2C%22verified%22%3Afalse%2C%22lastResetSentAt%22%3A%22%22%2C%22lastVerificationSentAt%22%3A%22%22%2C%22profile%22%3Anull%7D%7D; Path=/; Expires=Thu, 27 Jun 2030 10:00:00 GMT; HttpOnly; Secure; SameSite=Strict"
# reference case 8, verbatim
COOKIE_CUSTOM_OPTIONS = "custom_key=%7B%22token%22%3A%22eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTkwODc4NDgwMH0.vVbRVx-Bs7pusxfU8TTTOEtNcUEYSzmJUboC68PB5iE%22%2C%22model%22%3A%7B%22id%22%3A%221%22%2C%22created%22%3A%22%22%2C%22updated%22%3A%22%22%2C%22email%22%3A%22%22%2C%22verified%22%3Atrue%2C%22lastResetSentAt%22%3A%222022-01-01%2000%3A00%3A00.000%22%2C%22lastVerificationSentAt%22%3A%222022-01-01%2000%3A00%3A00.000%22%2C%22profile%22%3A%7B%22id%22%3A%22%22%2C%22created%22%3A%22%22%2C%22updated%22%3A%22%22%2C%22name%22%3A%22test%22%2C%22%40collectionId%22%3A%22%22%2C%22%40collectionName%22%3A%22%22%2C%22%40expand%22%3A%7B%7D%7D%7D%7D; Path=/a/b/c; Expires=Sat, 01 Jan 2022 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict"
# reference case 9, verbatim
COOKIE_STRIPPED = "pb_auth=%7B%22token%22%3A%22eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTkwODc4NDgwMH0.vVbRVx-Bs7pusxfU8TTTOEtNcUEYSzmJUboC68PB5iE%22%2C%22model%22%3A%7B%22id%22%3A%221%22%2C%22email%22%3A%22%22%2C%22verified%22%3Atrue%7D%7D; Path=/a/b/c; Expires=Sat, 01 Jan 2022 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict"
# probed
COOKIE_EMPTY_STORE = (
    "pb_auth=%7B%22token%22%3A%22%22%2C%22model%22%3Anull%7D; Path=/; "
    "Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict"
)

CUSTOM_OPTIONS: dict[str, Any] = {
    "path": "/a/b/c",
    "expires": datetime(2022, 1, 1, tzinfo=timezone.utc),
    "httpOnly": True,
}


def jwt(claims: dict[str, Any]) -> str:
    def seg(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg(claims)}.c2lnbmF0dXJl"


FUTURE = int(time.time()) + 3600
G0_ADMIN = jwt({"id": "a1", "type": "admin"})
G0_USER = jwt({"id": "u1", "type": "user"})
G1_ADMIN = jwt({"exp": FUTURE, "id": "a1", "type": "admin"})
G1_USER = jwt({"collectionId": "_pb_users_auth_", "exp": FUTURE, "id": "u1", "type": "authRecord"})
G2_SUPERUSER = jwt(
    {
        "collectionId": "pbc_3142635823",
        "exp": FUTURE,
        "id": "s1",
        "refreshable": True,
        "type": "auth",
    }
)
G2_USER = jwt(
    {
        "collectionId": "_pb_users_auth_",
        "exp": FUTURE,
        "id": "u1",
        "refreshable": True,
        "type": "auth",
    }
)
G2_OTHER_AUTH = jwt({"collectionId": "pbc_99", "exp": FUTURE, "id": "m1", "type": "auth"})
OPAQUE = "opaque-token-value"


def user(**data: Any) -> User:
    return User.model_validate(data)


def admin(**data: Any) -> Admin:
    return Admin.model_validate(data)


def assert_consistent(store: BaseAuthStore) -> None:
    token, model, kind = store.snapshot()
    assert isinstance(token, str)
    if model is None:
        assert kind in (None, "admin", "user")
    elif isinstance(model, Admin):
        assert kind == "admin" and store.is_admin and not store.is_user
    else:
        assert isinstance(model, User)
        assert kind == "user" and store.is_user and not store.is_admin
    if not token:
        assert model is None and kind is None


# -- reference cases ----------------------------------------------------------------------------------


def test_save_stores_auth_data() -> None:
    store = LocalAuthStore()
    store.save("test1", user(id="id1", verified=False))
    assert store.token == "test1"
    assert store.model == user(id="id1", verified=False)
    store.save("test2", admin(id="id2"))
    assert store.token == "test2"
    saved: object = store.model
    assert saved == admin(id="id2")


def test_clear_removes_all_auth_data() -> None:
    store = LocalAuthStore()
    store.save("test", admin(id="id1"))
    assert store.token == "test"
    assert store.model == admin(id="id1")
    store.clear()
    assert store.token == ""
    assert store.model is None
    assert store.kind is None


def test_token_getter() -> None:
    store = LocalAuthStore()
    assert store.token == ""
    store.save("test", user(id="1"))
    assert store.token == "test"


def test_model_getter() -> None:
    store = LocalAuthStore()
    assert store.model is None
    store.save("test", user(id="1"))
    assert store.model == user(id="1")
    # documented deviation: the same instance on every access
    assert store.model is store.model


def test_is_valid() -> None:
    store = LocalAuthStore()
    assert store.is_valid is False
    store.save("test", user(id="1"))
    assert store.is_valid is False
    store.save(EXPIRED_TOKEN, user(id="1"))
    assert store.is_valid is False
    store.save(VALID_TOKEN, user(id="1"))
    assert store.is_valid is True
    store.save(G2_USER, user(id="u1"))  # base64url payload
    assert store.is_valid is True


def test_load_from_cookie_populates_store() -> None:
    store = LocalAuthStore()
    store.load_from_cookie('pb_auth={"token":"test_token","model":{"id":123}}')
    assert store.token == "test_token"
    assert isinstance(store.model, Admin)
    assert store.model.id == "123"  # ids are strings in the Python models
    assert store.is_admin


def test_export_to_cookie_default_options() -> None:
    store = LocalAuthStore()
    store.save(VALID_TOKEN, user(id="1"))
    assert store.export_to_cookie() == COOKIE_DEFAULT_OPTIONS


def _test8_user(name: str = "test") -> User:
    return user(
        id="1",
        verified=True,
        lastResetSentAt="2022-01-01 00:00:00.000",
        lastVerificationSentAt="2022-01-01 00:00:00.000",
        profile={"name": name},
    )


def test_export_to_cookie_custom_options() -> None:
    store = LocalAuthStore()
    store.save(VALID_TOKEN, _test8_user())
    assert store.export_to_cookie(CUSTOM_OPTIONS, "custom_key") == COOKIE_CUSTOM_OPTIONS


def test_export_to_cookie_custom_options_snake_case() -> None:
    store = LocalAuthStore()
    store.save(VALID_TOKEN, _test8_user())
    options = {"path": "/a/b/c", "expires": CUSTOM_OPTIONS["expires"], "http_only": True}
    assert store.export_to_cookie(options, key="custom_key") == COOKIE_CUSTOM_OPTIONS


def test_export_to_cookie_strips_model_over_4096() -> None:
    store = LocalAuthStore()
    store.save(VALID_TOKEN, _test8_user("a" * 4000))
    assert store.export_to_cookie(CUSTOM_OPTIONS) == COOKIE_STRIPPED


def test_on_change_callbacks() -> None:
    store = LocalAuthStore()
    calls = {"cb1": 0, "cb2": 0}

    def cb1(token: str, model: User | Admin | None) -> None:
        calls["cb1"] += 1

    def cb2(token: str, model: User | Admin | None) -> None:
        calls["cb2"] += 1

    removal1 = store.on_change(cb1, True)
    removal2 = store.on_change(cb2)
    assert calls == {"cb1": 1, "cb2": 0}
    store.save("test", user(id="1"))
    assert calls == {"cb1": 2, "cb2": 1}
    store.clear()
    assert calls == {"cb1": 3, "cb2": 2}
    removal1()
    store.save("test", user(id="1"))
    assert calls == {"cb1": 3, "cb2": 3}
    removal2()
    store.save("test", user(id="1"))
    assert calls == {"cb1": 3, "cb2": 3}


# -- further reference behaviour -----------------------------------------------------------


def test_empty_store_cookie() -> None:
    assert LocalAuthStore().export_to_cookie() == COOKIE_EMPTY_STORE
    assert BaseAuthStore().export_to_cookie() == COOKIE_EMPTY_STORE


def test_admin_strip_has_no_verified() -> None:
    store = BaseAuthStore()
    store.save(VALID_TOKEN, admin(id="a1", email="a@example.com", avatar=3, huge="x" * 5000))
    small = store.export_to_cookie()
    assert small.count("huge") == 0  # export() is the seed shape: extras are not exported
    store.save(VALID_TOKEN, admin(id="a1", email="a" * 4100 + "@example.com"))
    cookie = store.export_to_cookie()
    assert cookie.startswith(
        "pb_auth=%7B%22token%22%3A%22" + VALID_TOKEN + "%22%2C%22model%22%3A%7B%22id%22%3A%22a1"
        "%22%2C%22email%22%3A%22" + "a" * 4100 + "%40example.com%22%7D%7D; Path=/; "
    )


def test_strip_happens_once_even_if_still_too_big() -> None:
    store = LocalAuthStore()
    store.save(VALID_TOKEN, user(id="1", email="e" * 5000))
    cookie = store.export_to_cookie()
    assert len(cookie.encode()) > 4096
    assert "%22verified%22%3Afalse%7D%7D" in cookie
    assert "lastResetSentAt" not in cookie


def test_strip_counts_utf8_bytes() -> None:
    # With an identity encoder the Latin-1 "\u00fc" stays one character but two UTF-8 bytes,
    # so only a byte-based size check strips this model.
    def identity(value: str) -> str:
        return value

    store = LocalAuthStore()
    store.save(VALID_TOKEN, user(id="1", profile={"n": "\u00fc" * 1900}))
    cookie = store.export_to_cookie({"encode": identity})
    assert len(cookie) < 4096
    assert '"verified":false}}' in cookie and "\u00fc" not in cookie
    store.save(VALID_TOKEN, user(id="1", profile={"n": "\u00fc" * 1500}))
    cookie = store.export_to_cookie({"encode": identity})
    assert len(cookie.encode("utf-8")) < 4096
    assert "\u00fc" * 1500 in cookie


def test_export_options_none_and_false_remove_defaults() -> None:
    store = LocalAuthStore()
    assert store.export_to_cookie({"expires": None, "http_only": False}) == (
        "pb_auth=%7B%22token%22%3A%22%22%2C%22model%22%3Anull%7D; Path=/; Secure; SameSite=Strict"
    )
    assert store.export_to_cookie(
        {"path": None, "secure": None, "sameSite": False, "httpOnly": None, "expires": None}
    ) == ("pb_auth=%7B%22token%22%3A%22%22%2C%22model%22%3Anull%7D")
    assert store.export_to_cookie(
        {"same_site": "lax", "max_age": 60, "domain": "example.com", "priority": "high"}
    ) == (
        "pb_auth=%7B%22token%22%3A%22%22%2C%22model%22%3Anull%7D; Max-Age=60; "
        "Domain=example.com; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
        "Secure; Priority=High; SameSite=Lax"
    )


def test_export_expiry_from_token() -> None:
    store = LocalAuthStore()
    store.save(jwt({"exp": 1908784800.9}), None)
    assert "Expires=Thu, 27 Jun 2030 10:00:00 GMT" in store.export_to_cookie()
    store.save(jwt({"exp": "1908784800"}), None)  # numeric string, coerced like JS
    assert "Expires=Thu, 27 Jun 2030 10:00:00 GMT" in store.export_to_cookie()
    store.save(jwt({"exp": "soon"}), None)  # documented deviation: epoch, not an error
    assert "Expires=Thu, 01 Jan 1970 00:00:00 GMT" in store.export_to_cookie()
    store.save(jwt({"exp": 1e300}), None)
    assert "Expires=Thu, 01 Jan 1970 00:00:00 GMT" in store.export_to_cookie()
    store.save(jwt({"exp": 0}), None)
    assert "Expires=Thu, 01 Jan 1970 00:00:00 GMT" in store.export_to_cookie()


def test_export_then_load_round_trip() -> None:
    source = LocalAuthStore()
    source.save(VALID_TOKEN, _test8_user())
    target = BaseAuthStore()
    target.load_from_cookie(source.export_to_cookie().split(";")[0])
    assert target.token == VALID_TOKEN
    assert target.model == source.model
    assert target.is_user


def test_save_none_values() -> None:
    store = LocalAuthStore()
    store.save(None, None)  # type: ignore[arg-type]
    assert store.token == ""
    assert store.model is None
    assert store.kind is None


def test_save_rejects_bad_types() -> None:
    store = LocalAuthStore()
    with pytest.raises(TypeError):
        store.save(123, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.save("t", 5)  # type: ignore[arg-type]
    assert store.token == ""


# -- kind tracking --------------------------------------------------------------------------


def test_saved_admin_stays_admin_even_with_verified_extra() -> None:
    store = BaseAuthStore()
    superuser = admin(id="s1", email="s@example.com", verified=True, collectionName="_superusers")
    store.save(OPAQUE, superuser)
    assert store.is_admin and not store.is_user
    assert store.kind == "admin"
    assert store.model is superuser


def test_saved_user_stays_user_even_with_admin_token() -> None:
    store = BaseAuthStore()
    store.save(G0_ADMIN, user(id="u1"))
    assert store.is_user


@pytest.mark.parametrize(
    ("token", "data", "kind"),
    [
        (G0_ADMIN, {"id": "a1", "verified": True}, "admin"),
        (G0_USER, {"id": "u1"}, "user"),
        (G1_ADMIN, {"id": "a1", "verified": False}, "admin"),
        (G1_USER, {"id": "u1"}, "user"),
        (G2_SUPERUSER, {"id": "s1", "verified": True}, "admin"),
        (G2_USER, {"id": "u1"}, "user"),
        (G2_OTHER_AUTH, {"id": "m1"}, "user"),
        (OPAQUE, {"id": "x", "verified": False}, "user"),
        (OPAQUE, {"id": "x"}, "admin"),
        (OPAQUE, {"id": "x", "verified": True, "collectionName": "_superusers"}, "admin"),
        (OPAQUE, {"id": "x", "verified": True, "collectionId": "pbc_3142635823"}, "admin"),
    ],
)
def test_plain_dict_kind_inference(token: str, data: dict[str, Any], kind: str) -> None:
    for store in (BaseAuthStore(), LocalAuthStore()):
        store.save(token, data)
        assert store.kind == kind
        assert isinstance(store.model, Admin if kind == "admin" else User)
        assert store.model.id == data["id"]
        assert_consistent(store)


def test_token_without_model_takes_kind_from_jwt() -> None:
    store = BaseAuthStore()
    store.save(G1_ADMIN, None)
    assert store.model is None and store.kind == "admin" and store.is_admin
    store.save(G2_USER, None)
    kind: object = store.kind
    assert kind == "user"
    store.save(OPAQUE, None)
    assert store.kind is None and not store.is_admin and not store.is_user


def test_cookie_kind_uses_jwt_first() -> None:
    store = BaseAuthStore()
    model = json.dumps({"id": "s1", "email": "s@example.com", "verified": True})
    store.load_from_cookie(f'pb_auth={{"token":"{G2_SUPERUSER}","model":{model}}}')
    assert store.is_admin and isinstance(store.model, Admin)
    store.load_from_cookie(f'pb_auth={{"token":"{OPAQUE}","model":{model}}}')
    assert store.is_user and isinstance(store.model, User)


def test_cookie_with_token_and_missing_model() -> None:
    for store in (BaseAuthStore(), LocalAuthStore()):
        store.load_from_cookie(f'pb_auth={{"token":"{OPAQUE}"}}')
        assert store.token == OPAQUE
        assert store.model == Admin.model_validate({})
        store.load_from_cookie(f'pb_auth={{"token":"{G1_USER}","model":null}}')
        loaded: object = store.model
        assert loaded == User.model_validate({})
        assert_consistent(store)


# -- hostile cookies ------------------------------------------------------------------------

HOSTILE_COOKIES = [
    "",
    "garbage",
    "pb_auth=",
    "pb_auth=null",
    "pb_auth=true",
    "pb_auth=123",
    'pb_auth="str"',
    "pb_auth=[1,2,3]",
    "pb_auth=%7B%22token%22",
    "pb_auth=%E0%A4%A",
    "pb_auth={not json}",
    'pb_auth={"token":5,"model":{"id":"1"}}',
    'pb_auth={"token":null,"model":{"id":"1"}}',
    'pb_auth={"token":["a"],"model":{}}',
    'pb_auth={"token":"","model":{"id":"1"}}',
    'pb_auth={"model":{"id":"1","verified":true}}',
    'pb_auth={"token":"t","model":"abc"}',
    'pb_auth={"token":"t","model":[1,2]}',
    'pb_auth={"token":"t","model":123}',
    'pb_auth={"token":"t","model":true}',
    'pb_auth={"token":"t","model":{"id":{"nested":1}}}',
    'pb_auth={"token":"t","model":{"id":true}}',
    'pb_auth={"token":"t","model":{"id":NaN}}',
    'pb_auth={"token":"t","model":{"id":"1","profile":"nope","verified":"yes"}}',
    'pb_auth={"token":"a","token":"b","model":{"id":"1"}}',
    'pb_auth={"token":"t1","model":{"id":"1"}}; pb_auth={"token":"t2"}',
    "pb_auth=" + "[" * 100_000,
    "pb_auth=" + '{"token":"t","model":{"id":"1","x":"' + "y" * 100_000 + '"}}',
    "pb_auth=" + "%7B" * 40_000,
    'pb_auth={"token":"t","model":{"id":"1","verified":true,"profile":{"x":'
    + "[" * 900
    + "]" * 900
    + "}}}",
    "pb_auth=\x00\udcff\ud800",
    "other=1; pb_auth",
]


@pytest.mark.parametrize("cookie", HOSTILE_COOKIES)
def test_hostile_cookies_never_raise(cookie: str) -> None:
    for store in (BaseAuthStore(), LocalAuthStore()):
        store.save(VALID_TOKEN, user(id="before"))
        store.load_from_cookie(cookie)
        assert_consistent(store)
        assert store.token != VALID_TOKEN  # always replaced
        store.export_to_cookie()


def test_hostile_cookie_results() -> None:
    store = LocalAuthStore()
    for cookie in (
        "garbage",
        "pb_auth=null",
        "pb_auth=[1]",
        'pb_auth={"token":5}',
        'pb_auth={"token":"t","model":"abc"}',
        'pb_auth={"token":"t","model":[1]}',
        'pb_auth={"token":"t","model":{"id":{"x":1}}}',
        "pb_auth=" + "[" * 100_000,
    ):
        store.save(VALID_TOKEN, user(id="before"))
        store.load_from_cookie(cookie)
        assert (store.token, store.model, store.kind) == ("", None, None), cookie

    store.load_from_cookie('pb_auth={"token":"a","token":"b","model":{"id":"1"}}')
    assert store.token == "b"  # JSON.parse: last duplicate key wins
    store.load_from_cookie('pb_auth={"token":"t1","model":{"id":"1"}}; pb_auth={"token":"t2"}')
    assert store.token == "t1"  # cookies: first duplicate name wins
    big = "y" * 100_000
    store.load_from_cookie(
        f'pb_auth={{"token":"t","model":{{"id":"1","verified":true,"x":"{big}"}}}}'
    )
    assert store.token == "t" and store.is_user and store.model is not None
    assert store.model.model_extra == {"x": big}


def test_load_from_cookie_non_string_and_other_keys() -> None:
    store = BaseAuthStore()
    store.save(VALID_TOKEN, user(id="1"))
    store.load_from_cookie(None)  # type: ignore[arg-type]
    assert store.token == ""
    store.load_from_cookie('my_key={"token":"t","model":{"id":"9"}}', key="my_key")
    assert store.token == "t" and store.model is not None and store.model.id == "9"


def test_load_from_cookie_fires_callbacks() -> None:
    store = BaseAuthStore()
    seen: list[tuple[str, Any]] = []
    store.on_change(lambda token, model: seen.append((token, model)))
    store.load_from_cookie('pb_auth={"token":"t","model":{"id":"1","verified":true}}')
    store.load_from_cookie("garbage")
    assert [token for token, _ in seen] == ["t", ""]
    assert isinstance(seen[0][1], User) and seen[1][1] is None


# -- callbacks --------------------------------------------------------------------------------


def test_on_change_fire_immediately_receives_current_state() -> None:
    store = BaseAuthStore()
    model = admin(id="a")
    store.save("tok", model)
    seen: list[tuple[str, Any]] = []
    store.on_change(lambda t, m: seen.append((t, m)), fire_immediately=True)
    assert seen == [("tok", model)]


def test_on_change_order_and_duplicate_removal() -> None:
    store = BaseAuthStore()
    order: list[str] = []

    def a(token: str, model: Any) -> None:
        order.append("a")

    def b(token: str, model: Any) -> None:
        order.append("b")

    remove_a1 = store.on_change(a)
    store.on_change(b)
    store.on_change(a)
    store.clear()
    assert order == ["a", "b", "a"]
    order.clear()
    remove_a1()  # removes the last registration of ``a``
    store.clear()
    assert order == ["a", "b"]
    order.clear()
    remove_a1()  # second call: no-op
    store.clear()
    assert order == ["a", "b"]


def test_callbacks_run_outside_the_lock() -> None:
    store = BaseAuthStore()
    results: list[str] = []

    def callback(token: str, model: Any) -> None:
        reader = threading.Thread(target=lambda: results.append(store.token))
        reader.start()
        reader.join(timeout=5)
        assert not reader.is_alive()

    store.on_change(callback)
    store.save("tok", None)
    assert results == ["tok"]


def test_bound_method_callbacks_can_be_removed() -> None:
    class Listener:
        def __init__(self) -> None:
            self.calls = 0

        def on_auth(self, token: str, model: Any) -> None:
            self.calls += 1

    listener = Listener()
    store = BaseAuthStore()
    remove = store.on_change(listener.on_auth)
    store.clear()
    remove()
    store.clear()
    assert listener.calls == 1


def test_is_valid_never_raises() -> None:
    class Broken(BaseAuthStore):
        @property
        def token(self) -> str:
            raise RuntimeError("boom")

    assert Broken().is_valid is False


def test_concurrent_saves_in_memory_stay_consistent() -> None:
    store = BaseAuthStore()

    def worker(kind: str) -> None:
        for i in range(300):
            if kind == "admin":
                store.save(f"admin-{i}", admin(id=f"a{i}"))
            else:
                store.save(f"user-{i}", user(id=f"u{i}"))
            token, model, k = store.snapshot()
            assert model is not None and token.startswith(k or "?")

    threads = [threading.Thread(target=worker, args=(k,)) for k in ("admin", "user")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert_consistent(store)


# -- secrets ----------------------------------------------------------------------------------


def test_repr_never_contains_token(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = jwt({"id": "a1", "type": "admin", "exp": FUTURE, "marker": "SECRET-MARKER"})
    path = tmp_path / "auth.json"
    stores: list[BaseAuthStore] = [BaseAuthStore(), LocalAuthStore(), LocalAuthStore(path)]
    for store in stores:
        store.save(secret, admin(id="a1", email="a@example.com"))
        store.export_to_cookie()
        store.load_from_cookie(store.export_to_cookie())
        store.load_from_cookie(f'pb_auth={{"token":"{secret}","model":{{"id":[1]}}}}')
        store.save(secret, None)
        for text in (repr(store), str(store)):
            assert secret not in text
            assert "token=<set>" in text
    assert repr(BaseAuthStore()) == "BaseAuthStore(token=<empty>, kind=None, model_id=None)"
    assert secret in path.read_text()
    # file problems are logged without the token
    link = tmp_path / "link.json"
    link.symlink_to(path)
    LocalAuthStore(link).save(secret, None)
    (tmp_path / "bad.json").write_text('{"token": "' + secret + '", "model": 5}')
    LocalAuthStore(tmp_path / "bad.json")
    LocalAuthStore(tmp_path / "missing" / "x.json").save(secret, None)
    assert caplog.records
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert "SECRET-MARKER" not in record.getMessage()


# -- LocalAuthStore(path) -----------------------------------------------------------------


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "pocketbase" and r.levelno == logging.WARNING]


def test_file_round_trip_in_process(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    first = LocalAuthStore(path)
    superuser = admin(id="s1", email="s@example.com", verified=True, collectionName="_superusers")
    first.save(G2_SUPERUSER, superuser)
    second = LocalAuthStore(str(path))
    assert second.token == G2_SUPERUSER
    assert second.is_admin
    assert second.model == superuser  # extras survive the file
    document = json.loads(path.read_text())
    assert document["kind"] == "admin"
    assert document["token"] == G2_SUPERUSER
    assert document["model"]["id"] == "s1"
    assert second.path == str(path)


def test_file_cross_process_persistence(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    store = LocalAuthStore(path)
    store.save(VALID_TOKEN, _test8_user())
    repo_root = str(Path(pocketbase.__file__).resolve().parent.parent)
    script = (
        "import json, sys\n"
        "from pocketbase._auth_store import LocalAuthStore\n"
        "s = LocalAuthStore(sys.argv[1])\n"
        "print(json.dumps({'token': s.token, 'kind': s.kind, 'model': s.model.export()}))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = repo_root + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    seen = json.loads(out.stdout)
    assert seen == {"token": VALID_TOKEN, "kind": "user", "model": _test8_user().export()}
    assert store.model is not None
    assert seen["model"] == store.model.export()


def test_file_mode_is_0600(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    old_umask = os.umask(0)
    try:
        LocalAuthStore(path).save("tok", admin(id="a"))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    os.chmod(path, 0o644)
    LocalAuthStore(path).save("tok2", admin(id="a"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["auth.json"]  # no temp files left


def test_clear_persists_an_empty_store(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "auth.json"
    store = LocalAuthStore(path)
    store.save("tok", user(id="1"))
    store.clear()
    caplog.clear()
    reloaded = LocalAuthStore(path)
    assert (reloaded.token, reloaded.model, reloaded.kind) == ("", None, None)
    assert _warnings(caplog) == []


def test_missing_file_is_a_first_run_without_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pocketbase")
    path = tmp_path / "nope.json"
    store = LocalAuthStore(path)
    assert (store.token, store.model, store.kind) == ("", None, None)
    assert [r.levelno for r in caplog.records if r.name == "pocketbase"] == [logging.DEBUG]
    store.save("tok", user(id="1"))  # the first save creates the file
    assert LocalAuthStore(path).token == "tok"
    assert _warnings(caplog) == []
    # a missing directory is a first run too; writing into it warns
    LocalAuthStore(tmp_path / "no-dir" / "auth.json")
    assert _warnings(caplog) == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        b"null",
        b'{"token": 5}',
        b'{"token": "t", "model": "abc"}',
        b'{"token": "t", "model": {"id": [1]}}',
        b'{"token": "t", "model": {"id": "1"}, "kind": "root"}',
        b'{"token": "t", "model": {"id": NaN}}',
        b"[" * 100_000,
    ],
)
def test_corrupt_file_gives_empty_store_and_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    path = tmp_path / "auth.json"
    path.write_bytes(content)
    store = LocalAuthStore(path)
    assert (store.token, store.model, store.kind) == ("", None, None)
    assert len(_warnings(caplog)) == 1
    store.save("tok", user(id="1"))  # a later save repairs the file
    assert LocalAuthStore(path).token == "tok"


def test_unreadable_path_gives_empty_store_and_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "dir.json"
    path.mkdir()
    store = LocalAuthStore(path)
    assert store.token == ""
    assert len(_warnings(caplog)) == 1
    store.save("tok", None)  # cannot replace a directory: logged, not raised
    assert store.token == "tok"
    assert path.is_dir()


def test_file_without_kind_infers_it(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    path.write_text(json.dumps({"token": G1_ADMIN, "model": {"id": "a1", "verified": True}}))
    store = LocalAuthStore(path)
    assert store.is_admin
    path.write_text(json.dumps({"token": OPAQUE, "model": {"id": "u1", "verified": True}}))
    assert LocalAuthStore(path).is_user
    path.write_text(json.dumps({"token": G1_USER, "model": None}))
    reloaded = LocalAuthStore(path)
    assert reloaded.model is None and reloaded.kind == "user"


def test_symlink_is_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    target = tmp_path / "target.json"
    LocalAuthStore(target).save("victim-token", admin(id="a"))
    before = target.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(target)
    caplog.clear()
    store = LocalAuthStore(link)
    assert (store.token, store.model) == ("", None)
    assert len(_warnings(caplog)) == 1
    store.save("attacker", user(id="u"))  # logs, never raises, never writes through
    assert store.token == "attacker"
    assert len(_warnings(caplog)) == 2
    assert target.read_bytes() == before
    assert link.is_symlink()


def test_dangling_symlink_is_not_created_through(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    store = LocalAuthStore(link)
    store.save("tok", None)
    assert not (tmp_path / "elsewhere.json").exists()
    assert link.is_symlink()
    assert len(_warnings(caplog)) == 2


def test_write_failure_keeps_memory_state(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = LocalAuthStore(tmp_path / "missing-dir" / "auth.json")
    caplog.clear()
    store.save("tok", user(id="1"))
    assert store.token == "tok" and store.is_user
    assert len(_warnings(caplog)) == 1


def test_two_threads_saving_never_corrupt_the_file(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    store = LocalAuthStore(path)
    store.save("initial", None)
    stop = threading.Event()
    problems: list[str] = []
    reads = 0

    def reader() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except Exception as exc:  # pragma: no cover - the assertion below reports it
                problems.append(repr(exc))
                return
            if set(data) != {"token", "model", "kind"}:  # pragma: no cover
                problems.append(f"bad keys {sorted(data)}")
            reads += 1

    def writer(kind: str) -> None:
        for i in range(200):
            if kind == "admin":
                store.save(f"admin-{i}", admin(id=f"a{i}", email="a@example.com"))
            else:
                store.save(f"user-{i}", user(id=f"u{i}", verified=True))

    reading = threading.Thread(target=reader)
    reading.start()
    writers = [threading.Thread(target=writer, args=(k,)) for k in ("admin", "user")]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    reading.join()
    assert problems == []
    assert reads > 0
    reloaded = LocalAuthStore(path)
    assert reloaded.token == store.token
    assert reloaded.kind == store.kind
    assert reloaded.model == store.model
    assert sorted(p.name for p in tmp_path.iterdir()) == ["auth.json"]
