"""Cross-check of the ``pb_auth`` cookie with the real PocketBase JS SDK 0.7.4 under node.

Needs ``npm ci --prefix tests/js`` first; without it these tests fail (never skip).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from pocketbase._auth_store import BaseAuthStore, LocalAuthStore
from pocketbase.models import Admin, User

pytestmark = pytest.mark.node

JS_DIR = Path(__file__).resolve().parent / "js"
TOOL = JS_DIR / "cookie_tool.mjs"
SETUP_HINT = "run `npm ci --prefix tests/js` (node 18+ required) before the node tests"

VALID_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTkwODc4NDgwMH0."
    "vVbRVx-Bs7pusxfU8TTTOEtNcUEYSzmJUboC68PB5iE"
)


def _std_jwt(claims: dict[str, Any]) -> str:
    # Standard base64 with padding, so that the JS SDK's atob() also reads it.
    def seg(data: dict[str, Any]) -> str:
        return base64.b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()

    return f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg(claims)}.c2ln"


G0_ADMIN_TOKEN = _std_jwt({"id": "a1", "type": "admin", "exp": 1908784800})
G0_USER_TOKEN = _std_jwt({"id": "u1", "type": "user", "exp": 1908784800})


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed; {SETUP_HINT}")
    if not (JS_DIR / "node_modules" / "pocketbase" / "package.json").is_file():
        pytest.fail(f"tests/js/node_modules is missing; {SETUP_HINT}")
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
    token: str,
    model: dict[str, Any] | None,
    kind: str,
    options: dict[str, Any] | None = None,
    key: str = "",
) -> str:
    args = [token, json.dumps(model), kind]
    if options is not None or key:
        args.append(json.dumps(options or {}))
    if key:
        args.append(key)
    return run_tool("export", *args)


def js_load(cookie: str, key: str = "") -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(run_tool("load", cookie, *([key] if key else [])))
    return loaded


def py_store(token: str, model: dict[str, Any] | None, kind: str) -> LocalAuthStore:
    store = LocalAuthStore()
    if model is None:
        store.save(token, None)
    elif kind == "user":
        store.save(token, User.model_validate(model))
    else:
        store.save(token, Admin.model_validate(model))
    return store


def py_options(js_options: dict[str, Any] | None) -> dict[str, Any] | None:
    if js_options is None:
        return None
    out: dict[str, Any] = {}
    for key, value in js_options.items():
        if key == "expires" and isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
        out[key] = value
    return out


USER_FULL: dict[str, Any] = {
    "id": "u1",
    "created": "2022-10-01 10:00:00.123",
    "updated": "2022-10-02 11:30:00.000",
    "email": "j\u00fcrgen+\U0001f600@example.com",
    "verified": True,
    "lastResetSentAt": "2022-01-01 00:00:00.000",
    "lastVerificationSentAt": "",
    "profile": {  # keys sorted, as a 0.7 server sends them
        "@collectionId": "systemprofiles0",
        "@collectionName": "profiles",
        "avatar": "",
        "id": "p1",
        "name": 'J\u00fcrgen "quoted" \\ back; semi=colon',
    },
}
ADMIN_FULL: dict[str, Any] = {
    "id": "a1",
    "created": "2022-10-01 10:00:00.000",
    "updated": "2022-10-01 10:00:00.000",
    "avatar": 3,
    "email": "admin@example.com",
    "lastResetSentAt": "",
}

MODELS: list[tuple[str, str, dict[str, Any] | None]] = [
    (VALID_TOKEN, "user", {"id": "1"}),
    (G0_USER_TOKEN, "user", USER_FULL),
    (G0_ADMIN_TOKEN, "admin", ADMIN_FULL),
    (VALID_TOKEN, "admin", {"id": "a2", "email": "x" * 5000 + "@example.com"}),  # strip
    (VALID_TOKEN, "user", dict(USER_FULL, profile={"name": "\u00e9" * 3000})),  # strip
    ("", "admin", None),
    ("not-a-jwt", "admin", ADMIN_FULL),
    (VALID_TOKEN, "user", None),
]

OPTION_SETS: list[tuple[dict[str, Any] | None, str]] = [
    (None, ""),
    ({"path": "/a/b/c", "expires": "2022-01-01T00:00:00Z", "httpOnly": True}, "custom_key"),
    (
        {
            "secure": False,
            "sameSite": "lax",
            "maxAge": 3600.7,
            "domain": "example.com",
            "priority": "high",
        },
        "",
    ),
    ({"expires": None, "httpOnly": False, "path": "/x"}, ""),
    ({"sameSite": "None", "expires": "2031-02-03T04:05:06.789Z", "maxAge": -5}, "session"),
    ({"sameSite": False, "secure": None, "path": None}, ""),
]


@pytest.mark.parametrize(("token", "kind", "model"), MODELS)
@pytest.mark.parametrize(("options", "key"), OPTION_SETS)
def test_export_is_byte_identical(
    token: str,
    kind: str,
    model: dict[str, Any] | None,
    options: dict[str, Any] | None,
    key: str,
) -> None:
    expected = js_export(token, model, kind, options, key)
    store = py_store(token, model, kind)
    actual = store.export_to_cookie(py_options(options), key or "pb_auth")
    assert actual == expected


@pytest.mark.parametrize(("token", "kind", "model"), MODELS)
def test_python_cookie_is_read_by_js(token: str, kind: str, model: dict[str, Any] | None) -> None:
    store = py_store(token, model, kind)
    cookie = store.export_to_cookie().split("; Path=")[0]
    seen = js_load(cookie)
    assert seen["token"] == token
    if not token:
        return  # JS reads an empty cookie as an empty Admin; Python as an empty store
    if model is None:
        # JS saves {} for a missing model and reads it back as an empty Admin
        assert seen["kind"] == "admin"
        return
    assert seen["kind"] == kind
    python_model = store.model
    assert python_model is not None
    if "%22created%22" not in cookie:  # stripped to {id, email[, verified]}
        expected = {"id": model["id"], "email": model.get("email", "")}
        if kind == "user":
            expected["verified"] = bool(model.get("verified"))
        full = Admin if kind == "admin" else User
        assert seen["model"] == full.model_validate(expected).export()
        return
    assert seen["model"] == python_model.export()


@pytest.mark.parametrize(("token", "kind", "model"), MODELS)
def test_js_cookie_is_read_by_python(token: str, kind: str, model: dict[str, Any] | None) -> None:
    cookie = js_export(token, model, kind)
    js_view = js_load(cookie.split("; Path=")[0])
    for store in (BaseAuthStore(), LocalAuthStore()):
        store.load_from_cookie(cookie)
        if not token:
            assert (store.token, store.model) == ("", None)
            continue
        assert store.token == js_view["token"] == token
        assert store.model is not None
        assert store.kind == js_view["kind"]
        assert store.model.export() == js_view["model"]


def test_js_and_python_agree_on_hostile_but_parseable_cookies() -> None:
    cookies = [
        'pb_auth={"token":"t","model":{"id":"1","verified":false}}',
        'pb_auth={"token":"t","model":{"id":"1"}}; pb_auth={"token":"x"}',
        'a=1; pb_auth = "{"token":"t","model":{"id":"4"}}" ; b=2',
        'pb_auth={"token":"a","token":"b","model":{"id":"2","email":"e@x.io","verified":1}}',
        "pb_auth=%7B%22token%22%3A%22t%22%2C%22model%22%3A%7B%22id%22%3A%223%22%7D%7D",
    ]
    for cookie in cookies:
        js_view = js_load(cookie)
        store = LocalAuthStore()
        store.load_from_cookie(cookie)
        assert store.token == js_view["token"], cookie
        assert store.kind == js_view["kind"], cookie
        assert store.model is not None
        assert store.model.export() == js_view["model"], cookie


def test_js_rejects_base64url_payloads_python_accepts_them() -> None:
    # Documents the reference bug that Python deliberately fixes: the JS SDK
    # cannot read the exp of a base64url payload, so its cookie expires at the epoch.
    def seg(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    payload = {"id": "??>>", "exp": 1908784800, "type": "user"}
    assert "_" in seg(payload) or "-" in seg(payload)
    token = f"{seg({'alg': 'HS256'})}.{seg(payload)}.sig"
    assert "Expires=Thu, 01 Jan 1970 00:00:00 GMT" in js_export(token, {"id": "1"}, "user")
    store = py_store(token, {"id": "1"}, "user")
    assert "Expires=Thu, 27 Jun 2030 10:00:00 GMT" in store.export_to_cookie()
    assert store.is_valid


def test_tool_is_fast_enough() -> None:
    started = time.monotonic()
    js_export(VALID_TOKEN, {"id": "1"}, "user")
    assert time.monotonic() - started < 30


def test_array_index_keys_are_ordered_as_in_the_js_sdk() -> None:
    # The JS SDK's models are JS objects: keys such as "10" and "9" come first, in numeric order.
    model = dict(USER_FULL, profile={"name": "n", "10": "ten", "9": "nine", "id": "p1"})
    expected = js_export(G0_USER_TOKEN, model, "user")
    assert "%2210%22" in expected
    assert py_store(G0_USER_TOKEN, model, "user").export_to_cookie() == expected
