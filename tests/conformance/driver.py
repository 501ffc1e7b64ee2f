"""Conformance driver for the Python SDK: runs ``cases.json`` through ``PocketBase`` (sync) or
``AsyncPocketBase`` (async) with ``server_api="0.7"`` and respx returning the canned replies.

The result of a case has the shape ``driver.mjs`` prints for the reference JS SDK (see the
comment at the top of that file), so the two can be compared key by key. Python method names
are the JS ones in snake_case (``authViaOAuth2`` -> ``auth_via_oauth2``, ``import`` ->
``import_collections``).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import httpx
import pydantic
import respx

from pocketbase import (
    AsyncPocketBase,
    BaseAuthStore,
    ClientResponseError,
    LocalAuthStore,
    PocketBase,
)
from pocketbase.models import (
    Admin,
    AdminAuthResponse,
    AuthMethodsList,
    BaseModel,
    Collection,
    ListResult,
    LogRequestStat,
    Record,
    User,
    UserAuthResponse,
    format_date,
)

__all__ = ["export_cookies", "python_name", "run_all"]

RECORDED_HEADERS = ("Content-Type", "Accept-Language", "Authorization", "X-Hook")
DEFAULT_BASE_URL = "http://pb.test"

MODELS: dict[str, type[pydantic.BaseModel]] = {
    "Admin": Admin,
    "Collection": Collection,
    "Record": Record,
    "User": User,
}

# JS method names whose snake_case spelling is not the mechanical one.
NAME_EXCEPTIONS = {
    "authViaOAuth2": "auth_via_oauth2",
    "import": "import_collections",
}


#: where a word ends inside a camelCase name: ``getFull|List``, ``get|URL``, ``URL|Query``
_WORD_END = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def python_name(js_name: str) -> str:
    """``getFullList`` -> ``get_full_list``, ``getURL`` -> ``get_url``, ``requestOTP`` ->
    ``request_otp``, ``OAuth2`` as one word (plus the few irregular names)."""
    if js_name in NAME_EXCEPTIONS:
        return NAME_EXCEPTIONS[js_name]
    return _WORD_END.sub("_", js_name.replace("OAuth2", "Oauth2")).lower()


# -- values --------------------------------------------------------------------------------


def decode(value: Any) -> Any:
    """Case-file values to Python: ``{"$date": iso}`` and ``{"$model": name, "data": {...}}``."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "$date" in value:
            return datetime.fromisoformat(value["$date"].replace("Z", "+00:00"))
        if "$model" in value:
            return MODELS[value["$model"]].model_validate(decode(value["data"]))
        return {k: decode(v) for k, v in value.items()}
    return value


def _iso(value: datetime) -> str:
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _extras(model: pydantic.BaseModel) -> dict[str, Any]:
    return {k: plain(v) for k, v in (model.model_extra or {}).items()}


def plain(value: Any) -> Any:
    """A return value in the reference SDK's JSON shape (models through ``export()``)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, BaseModel):
        return plain(value.export())
    if isinstance(value, ListResult):
        return {
            "page": value.page,
            "perPage": value.per_page,
            "totalItems": value.total_items,
            "totalPages": value.total_pages,
            "items": [plain(item) for item in value.items],
        }
    if isinstance(value, AdminAuthResponse):
        return {**_extras(value), "token": value.token, "admin": plain(value.admin)}
    if isinstance(value, UserAuthResponse):
        out = {**_extras(value), "token": value.token, "user": plain(value.user)}
        if "meta" in value.model_fields_set:
            out["meta"] = plain(value.meta)
        return out
    if isinstance(value, AuthMethodsList):
        return {
            **_extras(value),
            "emailPassword": value.email_password,
            "authProviders": [
                {**p.model_dump(by_alias=True, exclude=set(p.model_extra or {})), **_extras(p)}
                for p in value.auth_providers
            ],
        }
    if isinstance(value, LogRequestStat):
        return {"total": value.total, "date": format_date(value.date)}
    if isinstance(value, pydantic.BaseModel):
        return plain(value.model_dump(by_alias=True))
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    raise TypeError(f"conformance driver: cannot represent {type(value).__name__}")


def store_state(store: BaseAuthStore) -> dict[str, Any]:
    model = store.model
    kind = "user" if isinstance(model, User) else "admin" if model is not None else None
    return {
        "token": store.token,
        "model": plain(model.export()) if model is not None else None,
        "kind": kind,
    }


def error_shape(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ClientResponseError):
        return {
            "type": "ClientResponseError",
            "url": exc.url,
            "status": exc.status,
            "data": plain(exc.data),
            "isAbort": exc.is_abort,
        }
    return {"type": type(exc).__name__, "message": str(exc)}


def make_store(fixture: Mapping[str, Any] | None) -> BaseAuthStore:
    store = BaseAuthStore() if fixture and fixture["store"] == "base" else LocalAuthStore()
    if fixture:
        raw = fixture["model"]
        model: Any
        if raw is None:
            model = None
        elif fixture["kind"] == "dict":
            model = decode(raw)
        else:
            model = (User if fixture["kind"] == "user" else Admin).model_validate(raw)
        store.save(fixture["token"], model)
    return store


# -- hooks -----------------------------------------------------------------------------------


def _before_add_header(url: str, config: dict[str, Any]) -> dict[str, Any]:
    config = dict(config)
    config["headers"] = {**(config.get("headers") or {}), "X-Hook": url}
    return config


def _before_return_none(url: str, config: dict[str, Any]) -> None:
    return None


def _before_raise(url: str, config: dict[str, Any]) -> None:
    raise RuntimeError("before hook failed")


def _after_replace(response: httpx.Response, data: Any) -> Any:
    return {"replaced": True, "status": response.status_code, "original": data}


def _after_return_none(response: httpx.Response, data: Any) -> None:
    return None


def _after_raise(response: httpx.Response, data: Any) -> None:
    raise RuntimeError("after hook failed")


BEFORE_SEND: dict[str, Callable[..., Any]] = {
    "addHeader": _before_add_header,
    "returnNone": _before_return_none,
    "raise": _before_raise,
}
AFTER_SEND: dict[str, Callable[..., Any]] = {
    "replace": _after_replace,
    "returnNone": _after_return_none,
    "raise": _after_raise,
}


# -- canned transport ------------------------------------------------------------------------


class Transport:
    """One respx router for a whole run; each case loads its replies and reads its requests."""

    def __init__(self) -> None:
        self.replies: list[dict[str, Any]] = []
        self.recorded: list[dict[str, Any]] = []

    def load(self, replies: list[dict[str, Any]]) -> None:
        self.replies = list(replies)
        self.recorded = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        content = request.content
        body: Any = None
        if content:
            try:
                body = json.loads(content)
            except ValueError:
                body = {"$text": content.decode("utf-8", "replace")}
        self.recorded.append(
            {
                "method": request.method,
                "url": str(request.url),
                "headers": {name: request.headers.get(name) for name in RECORDED_HEADERS},
                "body": body,
            }
        )
        if not self.replies:
            raise httpx.ConnectError("conformance driver: no canned reply left", request=request)
        reply = self.replies.pop(0)
        status = reply.get("status", 200)
        if "json" in reply:
            return httpx.Response(
                status,
                content=json.dumps(reply["json"]).encode(),
                headers={"Content-Type": "application/json"},
            )
        if "text" in reply:
            return httpx.Response(
                status, content=reply["text"].encode(), headers={"Content-Type": "text/plain"}
            )
        return httpx.Response(status)


@contextmanager
def _mocked() -> Iterator[Transport]:
    transport = Transport()
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.route().mock(side_effect=transport)
        yield transport


# -- case runners ----------------------------------------------------------------------------


def _client(case: Mapping[str, Any], fixtures: Mapping[str, Any], http: Any) -> Any:
    # One caller-owned httpx client per run keeps the suite fast (building an SSL context per
    # client costs ~15 ms); the SDK does not close it.
    cfg = case.get("client", {})
    cls = AsyncPocketBase if isinstance(http, httpx.AsyncClient) else PocketBase
    pb = cls(
        cfg.get("baseUrl", DEFAULT_BASE_URL),
        cfg.get("lang", "en-US"),
        make_store(fixtures[case.get("auth", "empty")]),
        server_api="0.7",
        http_client=http,
    )
    hooks = case.get("hooks", {})
    if "beforeSend" in hooks:
        pb.before_send = BEFORE_SEND[hooks["beforeSend"]]
    if "afterSend" in hooks:
        pb.after_send = AFTER_SEND[hooks["afterSend"]]
    return pb


def _target(pb: Any, case: Mapping[str, Any]) -> Callable[..., Any]:
    service, method = case["call"]
    owner = pb if service == "client" else getattr(pb, service)
    fn: Callable[..., Any] = getattr(owner, python_name(method))
    return fn


def _finish(
    case: Mapping[str, Any], pb: Any, args: list[Any], out: dict[str, Any], transport: Transport
) -> dict[str, Any]:
    out["requests"] = transport.recorded
    out["store"] = store_state(pb.auth_store)
    inspect = case.get("inspect", [])
    if "args" in inspect:
        out["args"] = plain(args)
    if "cancelKeys" in inspect:
        out["cancelKeys"] = list(pb._cancel_tokens)
    if transport.replies:
        out["unusedReplies"] = len(transport.replies)
    return out


def _run_call_sync(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], t: Transport, http: httpx.Client
) -> dict[str, Any]:
    t.load(case.get("replies", []))
    pb = _client(case, fixtures, http)
    args = decode(case.get("args", []))
    out: dict[str, Any] = {}
    try:
        out["result"] = plain(_target(pb, case)(*args))
    except Exception as exc:
        out["error"] = error_shape(exc)
    finally:
        pb.close()
    return _finish(case, pb, args, out, t)


async def _run_call_async(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], t: Transport, http: httpx.AsyncClient
) -> dict[str, Any]:
    t.load(case.get("replies", []))
    pb = _client(case, fixtures, http)
    args = decode(case.get("args", []))
    out: dict[str, Any] = {}
    try:
        value = _target(pb, case)(*args)
        if asyncio.iscoroutine(value):
            value = await value
        out["result"] = plain(value)
    except Exception as exc:
        out["error"] = error_shape(exc)
    finally:
        await pb.aclose()
    return _finish(case, pb, args, out, t)


def _export_cookie(case: Mapping[str, Any], fixtures: Mapping[str, Any]) -> tuple[str, str]:
    store = make_store(fixtures[case.get("auth", "empty")])
    args = decode(case.get("args", []))
    options = args[0] if args else None
    key = args[1] if len(args) > 1 else "pb_auth"
    return store.export_to_cookie(options, key), key


def _load_state(cookie: str, key: str) -> dict[str, Any]:
    store = LocalAuthStore()
    try:
        store.load_from_cookie(cookie, key)
    except Exception as exc:
        return {"error": error_shape(exc)}
    return store_state(store)


def _run_cookie(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], js_result: Mapping[str, Any] | None
) -> dict[str, Any]:
    cookie, key = _export_cookie(case, fixtures)
    out: dict[str, Any] = {"cookie": cookie, "loadOwn": _load_state(cookie, key)}
    if js_result is not None and isinstance(js_result.get("cookie"), str):
        out["loadOther"] = _load_state(js_result["cookie"], key)
    return out


def _run_cookie_load(case: Mapping[str, Any]) -> dict[str, Any]:
    args = case["args"]
    return {"store": _load_state(args[0], args[1] if len(args) > 1 else "pb_auth")}


def _run_is_valid(case: Mapping[str, Any]) -> dict[str, Any]:
    store = LocalAuthStore()
    store.save(case["args"][0], None)
    return {"result": store.is_valid}


def _run_pure(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], js: Mapping[str, Any]
) -> dict[str, Any]:
    kind = case.get("kind", "call")
    if kind == "cookie":
        return _run_cookie(case, fixtures, js.get(case["id"]))
    if kind == "cookieLoad":
        return _run_cookie_load(case)
    if kind == "isValid":
        return _run_is_valid(case)
    return {"driverError": f"unknown kind {kind}"}


def export_cookies(data: Mapping[str, Any]) -> dict[str, str]:
    """The cookie Python exports for every ``cookie`` case (handed to the JS driver to load)."""
    fixtures = data["fixtures"]["auth"]
    return {
        case["id"]: _export_cookie(case, fixtures)[0]
        for case in data["cases"]
        if case.get("kind") == "cookie"
    }


def run_all(
    data: Mapping[str, Any], flavour: str, js_results: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Run every case with the ``"sync"`` or ``"async"`` client; ``js_results`` provides the
    cookies the JS side exported, which the Python side loads."""
    fixtures = data["fixtures"]["auth"]
    js = js_results or {}
    results: dict[str, dict[str, Any]] = {}
    calls = [c for c in data["cases"] if c.get("kind", "call") == "call"]
    for case in data["cases"]:
        if case.get("kind", "call") != "call":
            results[case["id"]] = _run_pure(case, fixtures, js)
    with _mocked() as transport:
        if flavour == "sync":
            with httpx.Client(follow_redirects=True) as http:
                for case in calls:
                    results[case["id"]] = _run_call_sync(case, fixtures, transport, http)
        elif flavour == "async":

            async def run_calls() -> None:
                async with httpx.AsyncClient(follow_redirects=True) as http:
                    for case in calls:
                        results[case["id"]] = await _run_call_async(case, fixtures, transport, http)

            asyncio.run(run_calls())
        else:
            raise ValueError(f"unknown flavour {flavour!r}")
    return {case["id"]: results[case["id"]] for case in data["cases"]}
