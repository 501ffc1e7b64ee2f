"""The request pipeline without I/O, shared by both clients.

A call (path, the ``send()`` config, the auth snapshot, the server generation and the
client's defaults) becomes a :class:`Prepared` request; ``before_send`` may change it; the
body is encoded; the reply is classified into a :class:`Reply` or an error. The clients'
``_send`` keeps only the awaits: the hooks, the send itself and cancellation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from ._errors import (
    ClientResponseError,
    bad_reply_error,
    error_for_status,
    invalid_request_error,
)
from ._filters import rebind_filters
from ._http import (
    SPECIAL_PARAMS,
    build_url,
    check_header_value,
    serialize_query,
    split_multipart,
)
from ._js import js_json_stringify, js_truthy

if TYPE_CHECKING:
    import httpx

    from ._auth_store import AuthSnapshot
    from ._generations import Generation

__all__ = [
    "GUEST",
    "UNSET",
    "CallPlan",
    "Prepared",
    "Reply",
    "apply_hook_result",
    "classify_reply",
    "encode_request",
    "error_data",
    "plan_call",
    "prepare_request",
]

T = TypeVar("T")

#: ``request_key`` left out of a config (the default cancel key applies)
UNSET: Any = object()

#: ``send()`` config key of a call that goes out without the stored token (the modern
#: logins): no ``Authorization`` header unless the caller gives one
GUEST = "guest"


# -- replies -----------------------------------------------------------------------------------


class Reply:
    """A successful (status < 400) reply, parsed lazily so models validate straight from bytes."""

    __slots__ = ("content", "data", "has_data", "status", "url")

    def __init__(
        self, url: str | httpx.URL, status: int, content: bytes, data: Any, has_data: bool
    ) -> None:
        self.url = url  # an httpx.URL is turned into text only when an error needs it
        self.status = status
        self.content = content
        self.data = data
        self.has_data = has_data

    def fail(self, exc: BaseException, what: str) -> ClientResponseError:
        """The error for a reply the SDK cannot use."""
        return bad_reply_error(str(self.url), self.status, exc, what)

    def json(self) -> Any:
        """The parsed JSON (``{}`` for an empty body)."""
        if self.has_data:
            return self.data
        if not self.content.strip():
            return {}
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise self.fail(exc, "invalid JSON") from None

    def reshape(self, normalize: Any) -> None:
        """Replace the data with ``normalize(data)`` (a generation's reply reshaping)."""
        data = self.json()
        try:
            self.data = normalize(data)
        except Exception as exc:  # a reply too odd to reshape is a bad reply, not a crash
            raise self.fail(exc, "data that does not match the expected shape") from None
        self.has_data = True

    def validate(self, adapter: TypeAdapter[T]) -> T:
        """The reply as ``adapter``'s type; an empty body or JSON null gives an empty model."""
        try:
            if self.has_data:
                if self.data is None:
                    return _empty_value(adapter)
                return adapter.validate_python(self.data)
            content = self.content.strip()
            if not content or content == b"null":
                # an empty body or JSON null decodes to an empty model, as in the reference
                return _empty_value(adapter)
            return adapter.validate_json(content)
        except ValidationError as exc:
            if any(e.get("type") == "json_invalid" for e in exc.errors(include_url=False)):
                raise self.fail(exc, "invalid JSON") from None
            raise self.fail(exc, "data that does not match the expected shape") from None


def _empty_value(adapter: TypeAdapter[T]) -> T:
    """The empty value of a model (``{}``) or of a list (``[]``)."""
    try:
        return adapter.validate_python({})
    except ValidationError:
        return adapter.validate_python([])


def error_data(content: bytes) -> Any:
    """The JSON of an error reply, ``{}`` when it has none."""
    if not content:
        return {}
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return {}


def classify_reply(url: str | httpx.URL, status: int, content: bytes) -> Reply:
    """A :class:`Reply` for a success status; raises the error of its class otherwise."""
    if status < 400:
        return Reply(url, status, content, None, False)
    raise error_for_status(str(url), status, error_data(content))


# -- calls -------------------------------------------------------------------------------------


@dataclass(slots=True)
class CallPlan:
    """What the caller asked for, before the request is built: the method, the query params
    without the SDK-only keys, and the cancel key (None: never auto-cancelled)."""

    method: str
    params: dict[str, Any] | None
    cancel_key: str | None


def _seed_cancel_key(raw_params: Mapping[str, Any] | None) -> tuple[bool, str | None]:
    """``($autoCancel is not False, $cancelKey)`` from the seed's query params."""
    if raw_params is None:
        return True, None
    key = raw_params.get("$cancelKey")
    return raw_params.get("$autoCancel") is not False, str(key) if key else None


def plan_call(path: str, config: Mapping[str, Any], auto_cancel: bool) -> CallPlan:
    """Read the method, query params and cancel key of a ``send()`` config.

    The cancel key is the config's ``request_key`` when given (None turns auto-cancellation
    off for the call), else the seed's ``$cancelKey``, else ``METHOD + path``; it is None when
    auto-cancellation is off for the client or the call (``$autoCancel: False``).
    """
    method = str(config.get("method") or "GET").upper()
    raw_params = config.get("params")
    params = None
    if raw_params is not None:
        params = {k: v for k, v in raw_params.items() if k not in SPECIAL_PARAMS}
    enabled, key = _seed_cancel_key(raw_params)
    request_key = config.get("request_key", UNSET)
    if request_key is not UNSET:
        enabled, key = request_key is not None, request_key
    if not (auto_cancel and enabled):
        return CallPlan(method, params, None)
    return CallPlan(method, params, key if key is not None else method + path)


@dataclass(slots=True)
class Prepared:
    """A request ready for ``before_send`` and the transport."""

    method: str
    url: str
    headers: dict[str, str]
    params: dict[str, Any] | None
    body: Any
    files: Any
    #: a call of the modern surface (config key ``modern``): the query is serialised with the
    #: JS SDK 0.28.1's rules, and a request that is not multipart says it is JSON
    modern: bool = False


def query_url(
    base_url: str, path: str, params: Mapping[str, Any] | None, modern: bool = False
) -> str:
    """``base_url`` + ``path`` with the serialised query (``modern``: the JS SDK 0.28.1's
    value rules, for the modern surface's calls; else the seed's 0.7.4 rules)."""
    url = build_url(base_url, path)
    if params:
        query = serialize_query(params, modern=modern)
        if query:
            url += ("&" if "?" in url else "?") + query
    return url


def _rebound(params: dict[str, Any] | None, gen: Generation) -> dict[str, Any] | None:
    if not params:
        return params
    try:
        return rebind_filters(params, gen)
    except ValueError as exc:
        raise invalid_request_error(exc, what="Invalid filter") from None


def has_header(headers: Mapping[str, Any], name: str, modern: bool) -> bool:
    """Whether ``headers`` has ``name``: any case on a modern call (as the JS SDK 0.28.1
    looks headers up), the exact spelling on a seed call (as the JS SDK 0.7.4)."""
    if not modern:
        return name in headers
    lowered = name.lower()
    return any(str(key).lower() == lowered for key in headers)


def _is_multipart(body: Any, files: Any) -> bool:
    return bool(files) or (isinstance(body, Mapping) and split_multipart(body) is not None)


def _default_headers(
    config: Mapping[str, Any], lang: str, auth: AuthSnapshot, gen: Generation, modern: bool
) -> dict[str, str]:
    headers: dict[str, str] = dict(config.get("headers") or {})
    if (
        modern
        and not has_header(headers, "Content-Type", modern)
        and not _is_multipart(config.get("body"), config.get("files"))
    ):
        # the JS SDK 0.28.1 declares JSON on every request that is not multipart, bodiless
        # ones included; the seed's 0.7.4 only when a JSON body goes out (encode_request)
        headers["Content-Type"] = "application/json"
    if not has_header(headers, "Accept-Language", modern):
        headers["Accept-Language"] = lang
    if not has_header(headers, "Authorization", modern) and auth.token and not config.get(GUEST):
        # no model (or an unknown kind) counts as an admin, as in the reference
        headers["Authorization"] = gen.auth_header(auth.token, auth.kind != "user")
    return headers


def prepare_request(
    *,
    base_url: str,
    lang: str,
    path: str,
    plan: CallPlan,
    config: Mapping[str, Any],
    auth: AuthSnapshot,
    gen: Generation,
) -> Prepared:
    """The request for ``plan``: filters bound for ``gen``, default and auth headers, URL."""
    params = _rebound(plan.params, gen)
    modern = bool(config.get("modern"))
    return Prepared(
        method=plan.method,
        url=query_url(base_url, path, params, modern),
        headers=_default_headers(config, lang, auth, gen, modern),
        params=params,
        body=config.get("body"),
        files=config.get("files"),
        modern=modern,
    )


def hook_config(prepared: Prepared) -> dict[str, Any]:
    """The config ``before_send`` receives (and may mutate or replace)."""
    return {
        "method": prepared.method,
        "headers": prepared.headers,
        "params": prepared.params,
        "body": prepared.body,
        "files": prepared.files,
    }


def apply_hook_result(
    prepared: Prepared, hook: dict[str, Any], base_url: str, path: str
) -> Prepared:
    """``prepared`` as ``before_send`` left or returned its config ``hook``."""
    params = hook.get("params")
    url = prepared.url
    if params != prepared.params:
        params = dict(params) if params else None
        url = query_url(base_url, path, params, prepared.modern)
    return Prepared(
        method=str(hook.get("method") or "GET").upper(),
        url=url,
        headers=dict(hook.get("headers") or {}),
        params=params,
        body=hook.get("body"),
        files=hook.get("files"),
        modern=prepared.modern,
    )


def _json_content(body: Any, url: str) -> bytes:
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    try:
        # strict: a lone surrogate would reach the server as U+FFFD, silently changing the data
        return (body if isinstance(body, str) else js_json_stringify(body, strict=True)).encode()
    except (TypeError, ValueError) as exc:  # incl. UnicodeEncodeError (lone surrogates)
        raise invalid_request_error(exc, url, "The request body is not JSON") from None


def _body_kwargs(prepared: Prepared) -> dict[str, Any]:
    body, files = prepared.body, prepared.files
    if body is None and not files:
        return {}
    if files:
        return {"data": body if isinstance(body, Mapping) else None, "files": files}
    if isinstance(body, Mapping):
        parts = split_multipart(body)
        if parts is not None:
            return {"data": parts[0], "files": parts[1]}
    if not js_truthy(body):
        return {}
    content = _json_content(body, prepared.url)
    if not has_header(prepared.headers, "Content-Type", prepared.modern):
        prepared.headers["Content-Type"] = "application/json"
    return {"content": content}


def encode_request(prepared: Prepared) -> dict[str, Any]:
    """The httpx keyword arguments for the body (JSON, form or multipart); checks headers."""
    kwargs = _body_kwargs(prepared)
    try:
        for name, value in prepared.headers.items():
            check_header_value(name, value)
    except ValueError as exc:
        raise invalid_request_error(exc, prepared.url, "Invalid header") from None
    return kwargs
