"""Cross-check of the 0.23+ ``pb_auth`` cookie with the real JS SDK 0.28.1 under node.

A store holding a ``Record`` exports what the JS SDK 0.28.1 exports, and each side reads the
other's cookie: same token, same record fields, same ``isValid`` / ``isSuperuser``. Needs
``npm ci --prefix tests/js`` first; without it these tests fail (never skip).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from pocketbase._auth_store import BaseAuthStore, LocalAuthStore, record_wire_dict
from pocketbase.models import Admin, Record, User
from pocketbase.testing import PocketBaseServer
from tests.test_cookie_js import JS_DIR, OPTION_SETS, SETUP_HINT, py_options

pytestmark = pytest.mark.node

TOOL = JS_DIR / "cookie_tool_modern.mjs"


def _std_jwt(claims: dict[str, Any]) -> str:
    # Standard base64 with padding, so that the JS SDK's atob() reads the payload.
    def seg(data: dict[str, Any]) -> str:
        return base64.b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()

    return f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg(claims)}.c2ln"


def _claims(collection_id: str, record_id: str, exp: int) -> dict[str, Any]:
    return {
        "collectionId": collection_id,
        "exp": exp,
        "id": record_id,
        "refreshable": True,
        "type": "auth",
    }


USER_TOKEN = _std_jwt(_claims("_pb_users_auth_", "u1aaaaaaaaaaaaa", 1908784800))
SUPERUSER_TOKEN = _std_jwt(_claims("pbc_3142635823", "s1aaaaaaaaaaaaa", 1908784800))
EXPIRED_USER_TOKEN = _std_jwt(_claims("_pb_users_auth_", "u1aaaaaaaaaaaaa", 1624788000))
OTHER_AUTH_TOKEN = _std_jwt(_claims("pbc_99", "m1aaaaaaaaaaaaa", 1908784800))

# Keys sorted (array-index keys first), as a 0.23+ server sends them and JSON.parse orders them.
USER_RECORD: dict[str, Any] = {
    "9": "nine",
    "10": "ten",
    "avatar": "avatar_4u1x0.png",
    "collectionId": "_pb_users_auth_",
    "collectionName": "users",
    "created": "2024-11-20 10:00:00.123Z",
    "email": "j\u00fcrgen+\U0001f600@example.com",
    "emailVisibility": False,
    "expand": {
        "team": {
            "collectionId": "pbc_1",
            "collectionName": "teams",
            "created": "2024-11-01 08:00:00.000Z",
            "id": "t1aaaaaaaaaaaaa",
            "title": 'Team; "one"',
            "updated": "2024-11-01 08:00:00.000Z",
        }
    },
    "id": "u1aaaaaaaaaaaaa",
    "name": 'J\u00fcrgen "quoted" \\ back; semi=colon',
    "prefs": {"b": 1, "a": [1, 2.5, None, True], "nested": {"x": {}}},
    "score": 12.5,
    "team": "t1aaaaaaaaaaaaa",
    "updated": "2024-11-21 11:30:00.000Z",
    "verified": True,
}
SUPERUSER_RECORD: dict[str, Any] = {
    "collectionId": "pbc_3142635823",
    "collectionName": "_superusers",
    "created": "2024-11-20 10:00:00.000Z",
    "email": "admin@example.com",
    "emailVisibility": False,
    "id": "s1aaaaaaaaaaaaa",
    "updated": "2024-11-20 10:00:00.000Z",
    "verified": True,
}
OVERSIZED_RECORD: dict[str, Any] = dict(USER_RECORD, bio="\u00e9" * 3000)
# No e-mail, no collectionName: the reduced record keeps only what is there.
OVERSIZED_OTHER: dict[str, Any] = {
    "collectionId": "pbc_99",
    "data": "x" * 5000,
    "email": None,
    "id": "m1aaaaaaaaaaaaa",
    "verified": False,
}

CASES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("user", USER_TOKEN, USER_RECORD),
    ("superuser", SUPERUSER_TOKEN, SUPERUSER_RECORD),
    ("oversized", USER_TOKEN, OVERSIZED_RECORD),
    ("oversized-other", OTHER_AUTH_TOKEN, OVERSIZED_OTHER),
    ("expired", EXPIRED_USER_TOKEN, USER_RECORD),
    ("superuser-token-only", SUPERUSER_TOKEN, None),
    ("minimal", USER_TOKEN, {"id": "u2"}),
]
CASE_IDS = [name for name, _, _ in CASES]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed; {SETUP_HINT}")
    if not (JS_DIR / "node_modules" / "pocketbase-modern" / "package.json").is_file():
        pytest.fail(f"tests/js/node_modules/pocketbase-modern is missing; {SETUP_HINT}")
    return node


def run_tool(*args: str) -> str:
    result = subprocess.run(
        [_node(), str(TOOL), *args],
        cwd=JS_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def js_export(
    token: str, record: dict[str, Any] | None, options: dict[str, Any] | None = None, key: str = ""
) -> str:
    args = [token, json.dumps(record, ensure_ascii=False)]
    if options is not None or key:
        args.append(json.dumps(options or {}))
    if key:
        args.append(key)
    return run_tool("export", *args)


def js_load(cookie: str, key: str = "") -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(run_tool("load", cookie, *([key] if key else [])))
    return loaded


def py_store(token: str, record: dict[str, Any] | None) -> LocalAuthStore:
    store = LocalAuthStore()
    store.save(token, Record.model_validate(record) if record is not None else None)
    if record is None:  # a store that holds records: the modern login flow left it so
        store.save(token, Record.model_validate({"id": "x"}))
        store.save(token, None)
    return store


def decoded(cookie: str, key: str = "pb_auth") -> tuple[Any, str]:
    """(the JSON payload, the attributes) of a ``Set-Cookie`` value."""
    pair, _, attributes = cookie.partition(";")
    name, _, value = pair.partition("=")
    assert name == key
    return json.loads(unquote(value)), attributes


def reduced(record: dict[str, Any]) -> dict[str, Any]:
    """What the JS SDK 0.28.1 keeps of an oversized record."""
    out = {name: record[name] for name in ("id", "email") if name in record}
    for name in record:
        if name in ("collectionId", "collectionName", "verified"):
            out[name] = record[name]
    return out


@pytest.mark.parametrize(("name", "token", "record"), CASES, ids=CASE_IDS)
@pytest.mark.parametrize(("options", "key"), OPTION_SETS)
def test_record_export_is_byte_identical(
    name: str,
    token: str,
    record: dict[str, Any] | None,
    options: dict[str, Any] | None,
    key: str,
) -> None:
    expected = js_export(token, record, options, key)
    actual = py_store(token, record).export_to_cookie(py_options(options), key or "pb_auth")
    assert decoded(actual, key or "pb_auth") == decoded(expected, key or "pb_auth")
    assert actual == expected


@pytest.mark.parametrize(("name", "token", "record"), CASES, ids=CASE_IDS)
def test_python_record_cookie_is_read_by_js(
    name: str, token: str, record: dict[str, Any] | None
) -> None:
    store = py_store(token, record)
    cookie = store.export_to_cookie()
    payload, _ = decoded(cookie)
    seen = js_load(cookie.split("; Path=")[0])
    assert seen["token"] == token
    assert seen["isValid"] is store.is_valid is (name != "expired")
    assert seen["isSuperuser"] is store.is_superuser is name.startswith("superuser")
    if record is None:
        assert seen["record"] is None and payload == {"token": token, "record": None}
        return
    assert store.record is not None
    full = record_wire_dict(store.record)
    assert full == record  # exactly the fields given, dates as the server wrote them
    if name.startswith("oversized"):
        assert seen["record"] == payload["record"] == reduced(record)
        assert len(json.dumps(reduced(record))) < 200
    else:
        assert seen["record"] == payload["record"] == full


@pytest.mark.parametrize(("name", "token", "record"), CASES, ids=CASE_IDS)
def test_js_record_cookie_is_read_by_python(
    name: str, token: str, record: dict[str, Any] | None
) -> None:
    cookie = js_export(token, record)
    js_view = js_load(cookie.split("; Path=")[0])
    for store in (BaseAuthStore(), LocalAuthStore()):
        store.load_from_cookie(cookie)
        assert store.token == js_view["token"] == token
        assert store.is_valid is js_view["isValid"]
        assert store.is_superuser is js_view["isSuperuser"]
        if record is None:
            assert store.record is None and store.model is None
            assert store.kind == "admin"  # the token tells
        else:
            assert store.record is not None
            assert record_wire_dict(store.record) == js_view["record"]
            assert isinstance(store.model, Admin if js_view["isSuperuser"] else User)
            assert store.model.id == js_view["record"]["id"]
        # and the store exports that cookie again, byte for byte
        assert store.export_to_cookie() == cookie


def test_record_cookie_keeps_every_field_of_a_user() -> None:
    store = BaseAuthStore()
    store.load_from_cookie(js_export(USER_TOKEN, USER_RECORD))
    record = store.record
    assert record is not None and store.is_user and not store.is_superuser
    assert (record.collection_name, record["name"], record["9"]) == (
        "users",
        USER_RECORD["name"],
        "nine",
    )
    assert record.expand["team"].collection_name == "teams"
    model = store.model
    assert isinstance(model, User)
    assert (model.email, model.verified) == (USER_RECORD["email"], True)
    assert model.name == USER_RECORD["name"]


def test_legacy_model_cookie_of_the_seed_loads_in_the_modern_js_sdk() -> None:
    # A seed store keeps exporting {"token","model"}; 0.28.1 reads "model" as the record.
    store = BaseAuthStore()
    store.save(USER_TOKEN, User(id="u1", email="u@example.com", verified=True))
    cookie = store.export_to_cookie()
    assert (
        decoded(cookie)[0]["model"] == User(id="u1", email="u@example.com", verified=True).export()
    )
    seen = js_load(cookie.split(";")[0])
    assert seen["token"] == USER_TOKEN
    assert seen["record"] == decoded(cookie)[0]["model"]


def test_js_and_python_agree_on_hostile_record_cookies() -> None:
    cookies = [
        'pb_auth={"token":"t","record":{"id":"1","verified":false}}',
        'pb_auth={"token":"t","record":{"id":"1"},"model":{"id":"2"}}',
        'pb_auth={"token":"t","record":null,"model":{"id":"3","verified":true}}',
        'pb_auth={"token":"t","record":{"id":"1"}}; pb_auth={"token":"x"}',
        'a=1; pb_auth = "{"token":"t","record":{"id":"4","collectionName":"_superusers"}}" ; b=2',
        'pb_auth={"token":"a","token":"b","record":{"id":"2","email":"e@x.io","verified":1}}',
        "pb_auth=%7B%22token%22%3A%22t%22%2C%22record%22%3A%7B%22id%22%3A%223%22%7D%7D",
    ]
    for cookie in cookies:
        js_view = js_load(cookie)
        store = LocalAuthStore()
        store.load_from_cookie(cookie)
        assert store.token == js_view["token"], cookie
        assert store.record is not None
        seen = js_view["record"]
        if "record" in cookie and '"record":null' not in cookie:
            assert record_wire_dict(store.record) == seen, cookie
        else:
            assert store.record.id == seen["id"], cookie


@pytest.mark.integration
def test_cookie_of_a_real_login_is_the_js_sdk_cookie() -> None:
    """The reply of a real 0.40.6 server, stored as a Record, exports the JS SDK's cookie."""
    with PocketBaseServer("0.40.6") as server:
        with httpx.Client(base_url=server.url, timeout=10.0, trust_env=False) as http:
            created = http.post(
                "/api/collections/users/records",
                json={
                    "email": "real@example.com",
                    "password": "real-password-1",
                    "passwordConfirm": "real-password-1",
                    "name": "Real \u00fcser",
                },
            )
            assert created.status_code == 200, created.text
            replies = [
                http.post(
                    "/api/collections/users/auth-with-password",
                    json={"identity": "real@example.com", "password": "real-password-1"},
                ).json(),
                http.post(
                    "/api/collections/_superusers/auth-with-password",
                    json={"identity": server.admin_email, "password": server.admin_password},
                ).json(),
            ]
    for reply, superuser in zip(replies, (False, True), strict=True):
        store = LocalAuthStore()
        store.save(reply["token"], Record.model_validate(reply["record"]))
        assert store.is_superuser is superuser
        cookie = store.export_to_cookie()
        assert cookie == js_export(reply["token"], reply["record"])
        assert decoded(cookie)[0] == {"token": reply["token"], "record": reply["record"]}
        seen = js_load(cookie.split(";")[0])
        assert seen["token"] == reply["token"]
        assert seen["record"] == reply["record"]
        payload_segment = reply["token"].split(".")[1]
        if "-" not in payload_segment and "_" not in payload_segment:
            # the JS SDK's atob() cannot read base64url payloads
            assert seen["isSuperuser"] is superuser
