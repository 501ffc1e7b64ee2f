from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from .._auth_store import BaseAuthStore, LocalAuthStore
from .._compat import AsyncCancelToken, AsyncLock, CancelledRequest, aresolve
from .._errors import ClientResponseError
from .._filters import bind_filter, rebind_filters
from .._generations import (
    PROBE_SUPERUSERS,
    PROBE_USERS,
    Generation,
    detect_generation,
    generation_for,
)
from .._http import (
    SPECIAL_PARAMS,
    build_url,
    check_header_value,
    dumps_json,
    js_truthy,
    serialize_query,
    split_multipart,
)
from .._types import AsyncAfterSend, AsyncBeforeSend, RequestConfig
from .services.admins import AsyncAdminService
from .services.collections import AsyncCollectionService
from .services.logs import AsyncLogService
from .services.realtime import AsyncRealtimeService
from .services.records import AsyncRecordService
from .services.settings import AsyncSettingsService
from .services.users import AsyncUserService

__all__ = ["AsyncPocketBase"]

T = TypeVar("T")


class _Reply:
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

    def _fail(self, exc: BaseException, what: str) -> ClientResponseError:
        return ClientResponseError(
            url=str(self.url),
            status=self.status,
            original_error=exc,
            message=f"The server replied with {what}.",
        )

    def json(self) -> Any:
        if self.has_data:
            return self.data
        if not self.content.strip():
            return {}
        try:
            return json.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise self._fail(exc, "invalid JSON") from None

    def validate(self, adapter: TypeAdapter[T]) -> T:
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
                raise self._fail(exc, "invalid JSON") from None
            raise self._fail(exc, "data that does not match the expected shape") from None


def _empty_value(adapter: TypeAdapter[T]) -> T:
    """The empty value of a model (``{}``) or of a list (``[]``)."""
    try:
        return adapter.validate_python({})
    except ValidationError:
        return adapter.validate_python([])


def _error_data(content: bytes) -> Any:
    if not content:
        return {}
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return {}


class AsyncPocketBase:
    """The PocketBase client.

    Args:
        base_url: the server's address, e.g. ``"http://127.0.0.1:8090"``.
        lang: sent as ``Accept-Language`` on every request.
        auth_store: where the auth token and model live; a fresh in-memory
            :class:`~pocketbase.LocalAuthStore` when omitted.
        server_api: ``"auto"`` (detect once, lazily), ``"0.7"``, ``"0.8"`` (servers 0.8-0.22) or
            ``"0.23"`` (servers 0.23+).
        timeout: seconds, for clients the SDK creates itself.
        http_client: a caller-owned ``httpx`` client; the SDK never closes it.
        auto_cancel: cancel a pending request when a new one with the same cancel key starts.
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8090",
        lang: str = "en-US",
        auth_store: BaseAuthStore | None = None,
        *,
        server_api: str = "auto",
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.AsyncClient | None = None,
        auto_cancel: bool = True,
    ) -> None:
        check_header_value("Accept-Language", lang)
        self.base_url = base_url
        self.lang = lang
        self.auth_store: BaseAuthStore = auth_store if auth_store is not None else LocalAuthStore()
        self.before_send: AsyncBeforeSend | None = None
        self.after_send: AsyncAfterSend | None = None
        self._generation_obj: Generation | None = (
            None if server_api == "auto" else generation_for(server_api)
        )
        self._generation_lock = AsyncLock()
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._auto_cancel = auto_cancel
        self._cancel_tokens: dict[str, AsyncCancelToken] = {}
        self._closed = False

        self.admins = AsyncAdminService(self)
        self.users = AsyncUserService(self)
        self.records = AsyncRecordService(self)
        self.collections = AsyncCollectionService(self)
        self.logs = AsyncLogService(self)
        self.settings = AsyncSettingsService(self)
        self.realtime = AsyncRealtimeService(self)

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncPocketBase:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop realtime, cancel pending requests and close the HTTP client the SDK created."""
        if self._closed:
            return
        self._closed = True
        await self.realtime.aclose()
        self.cancel_all_requests()
        if self._owns_http:
            await self._http.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, lang={self.lang!r}, "
            f"server_api={self.server_api!r}, auth_store={self.auth_store!r})"
        )

    # -- generation ----------------------------------------------------------------------------

    @property
    def server_api(self) -> str:
        """``"0.7"``, ``"0.8"`` or ``"0.23"``; ``"auto"`` until the first request resolved it."""
        gen = self._generation_obj
        return gen.name if gen is not None else "auto"

    async def _generation(self) -> Generation:
        gen = self._generation_obj
        if gen is not None:
            return gen
        async with self._generation_lock:
            if self._generation_obj is None:
                self._generation_obj = await self._detect_generation()
            return self._generation_obj

    async def _probe(self, path: str) -> tuple[int, Any]:
        try:
            response = await self._http.get(
                build_url(self.base_url, path), headers={"Accept-Language": self.lang}
            )
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, TypeError) as exc:
            # ValueError/TypeError/InvalidURL: an unusable base_url, rejected by httpx
            raise ClientResponseError(
                original_error=exc,
                message=f"Could not reach the server to detect its version: {type(exc).__name__}.",
            ) from None
        return response.status_code, _error_data(response.content)

    async def _detect_generation(self) -> Generation:
        first = await self._probe(PROBE_SUPERUSERS)
        gen = detect_generation(first, None)
        if gen is None:
            gen = detect_generation(first, await self._probe(PROBE_USERS))
        assert gen is not None
        return gen

    # -- public request API ------------------------------------------------------------------

    def build_url(self, path: str) -> str:
        """Join ``path`` to ``base_url`` (the reference ``buildUrl`` rules)."""
        return build_url(self.base_url, path)

    def cancel_request(self, cancel_key: str) -> AsyncPocketBase:
        """Cancel the pending request with ``cancel_key``, if any."""
        token = self._cancel_tokens.pop(cancel_key, None)
        if token is not None:
            token.cancel()
        return self

    def cancel_all_requests(self) -> AsyncPocketBase:
        """Cancel every pending request."""
        tokens = list(self._cancel_tokens.values())
        self._cancel_tokens.clear()
        for token in tokens:
            token.cancel()
        return self

    def auto_cancellation(self, enabled: bool) -> AsyncPocketBase:
        """Turn auto-cancellation of duplicate pending requests on or off."""
        self._auto_cancel = bool(enabled)
        return self

    def filter(self, expr: str, params: Mapping[str, Any] | None = None) -> str:
        """Bind ``{:name}`` placeholders in a filter expression, safely quoted and escaped.

        ``pb.filter("title ~ {:q} && created > {:since}", {"q": user_input, "since": dt})``.
        Strings, lists and dicts (as JSON) are quoted and escaped for the server generation's
        filter grammar; numbers, booleans and ``None`` become ``123``, ``true``/``false`` and
        ``null``; datetimes become the server's UTC date text. Until an ``"auto"`` client has
        detected its server, the 0.23+ form is written, and the result is bound again for the
        real server when it is passed unchanged as a query value (``filter=``).

        Raises ``ValueError`` for a placeholder without a value (or inside quotes) and for a
        value the server cannot read; ``TypeError`` for an unsupported value type.
        """
        return bind_filter(expr, params or {}, self._generation_obj)

    async def send(self, path: str, req_config: RequestConfig | None = None) -> Any:
        """Send a request to ``path`` and return the parsed JSON (``{}`` for an empty body)."""
        reply = await self._send(path, req_config or {})
        return reply.json()

    # -- internals -------------------------------------------------------------------------

    async def _send(self, path: str, config: Mapping[str, Any]) -> _Reply:
        if self._closed:
            raise ClientResponseError(message="The client is closed.")
        method = str(config.get("method") or "GET").upper()
        raw_params = config.get("params")
        params: dict[str, Any] | None = None
        cancel_key: str | None = None
        auto = self._auto_cancel
        if raw_params is not None:
            params = {k: v for k, v in raw_params.items() if k not in SPECIAL_PARAMS}
            if raw_params.get("$autoCancel") is False:
                auto = False
            key = raw_params.get("$cancelKey")
            if key:
                cancel_key = str(key)
        if auto and cancel_key is None:
            cancel_key = method + path

        gen = await self._generation()
        if params:
            try:
                rebind_filters(params, gen)
            except ValueError as exc:
                raise ClientResponseError(original_error=exc, message=str(exc)) from None
        headers: dict[str, str] = dict(config.get("headers") or {})
        body = config.get("body")
        files = config.get("files")
        if "Accept-Language" not in headers:
            headers["Accept-Language"] = self.lang
        if "Authorization" not in headers:
            auth = self.auth_store.snapshot()
            if auth.token:
                # no model (or an unknown kind) counts as an admin, as in the reference
                headers["Authorization"] = gen.auth_header(auth.token, auth.kind != "user")

        url = self._url(path, params)
        if self.before_send is not None:
            hook_config: dict[str, Any] = {
                "method": method,
                "headers": headers,
                "params": params,
                "body": body,
                "files": files,
            }
            try:
                changed = await aresolve(self.before_send(url, hook_config))
            except ClientResponseError:
                raise
            except Exception as exc:
                raise ClientResponseError(
                    url=url, original_error=exc, message=f"before_send failed: {exc}"
                ) from exc
            if changed is not None:
                hook_config = dict(changed)
            method = str(hook_config.get("method") or "GET").upper()
            headers = dict(hook_config.get("headers") or {})
            body = hook_config.get("body")
            files = hook_config.get("files")
            new_params = hook_config.get("params")
            if new_params != params:
                params = dict(new_params) if new_params else None
                url = self._url(path, params)

        request_kwargs = self._body_kwargs(body, files, headers, url)
        try:
            for name, value in headers.items():
                check_header_value(name, value)
        except ValueError as exc:
            raise ClientResponseError(url=url, original_error=exc, message=str(exc)) from None

        if not auto or cancel_key is None:
            response = await self._transport(method, url, headers, request_kwargs)
        else:
            cancel_token = AsyncCancelToken()
            previous = self._cancel_tokens.get(cancel_key)
            if previous is not None:
                previous.cancel()
            self._cancel_tokens[cancel_key] = cancel_token
            try:
                response = await cancel_token.run(
                    lambda: self._transport(method, url, headers, request_kwargs)
                )
            except CancelledRequest:
                raise ClientResponseError(
                    is_abort=True, message="The request was cancelled."
                ) from None
            finally:
                if self._cancel_tokens.get(cancel_key) is cancel_token:
                    del self._cancel_tokens[cancel_key]

        status = response.status_code
        content = response.content
        if self.after_send is None and status < 400:
            return _Reply(response.url, status, content, None, False)  # the hot path
        final_url = str(response.url)
        if self.after_send is not None:
            if status < 400:
                data = _Reply(final_url, status, content, None, False).json()
            else:
                data = _error_data(content)
            try:
                data = await aresolve(self.after_send(response, data))
            except ClientResponseError as exc:
                raise ClientResponseError(url=exc.url, status=exc.status, data=exc.data) from exc
            except Exception as exc:
                raise ClientResponseError(original_error=exc) from exc
            if status >= 400:
                raise ClientResponseError(url=final_url, status=status, data=data)
            return _Reply(final_url, status, content, data, True)
        raise ClientResponseError(url=final_url, status=status, data=_error_data(content))

    def _url(self, path: str, params: Mapping[str, Any] | None) -> str:
        url = build_url(self.base_url, path)
        if params:
            query = serialize_query(params)
            if query:
                url += ("&" if "?" in url else "?") + query
        return url

    @staticmethod
    def _body_kwargs(body: Any, files: Any, headers: dict[str, str], url: str) -> dict[str, Any]:
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
        if isinstance(body, (bytes, bytearray)):
            content = bytes(body)
        else:
            try:
                content = (body if isinstance(body, str) else dumps_json(body)).encode()
            except (TypeError, ValueError) as exc:  # incl. UnicodeEncodeError (lone surrogates)
                raise ClientResponseError(
                    url=url, original_error=exc, message=f"The request body is not JSON: {exc}"
                ) from None
        if "Content-Type" not in headers:
            headers["Content-Type"] = "application/json"
        return {"content": content}

    async def _transport(
        self, method: str, url: str, headers: dict[str, str], kwargs: dict[str, Any]
    ) -> httpx.Response:
        try:
            return await self._http.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ClientResponseError(
                url="", status=0, original_error=exc, message=_transport_message(exc)
            ) from None
        except (httpx.InvalidURL, httpx.StreamError, ValueError, TypeError, RuntimeError) as exc:
            # invalid URL, unusable file object, consumed stream, non-ASCII header value, a
            # caller-owned http_client that was closed, ... raised by httpx before sending
            raise ClientResponseError(
                url="", status=0, original_error=exc, message=f"Invalid request: {exc}"
            ) from None

    async def _call(
        self,
        path: str,
        adapter: TypeAdapter[T],
        /,
        normalize: Callable[[Any], Any] | None = None,
        **config: Any,
    ) -> T:
        """Send a request and validate the reply with ``adapter`` (services use this).

        ``normalize`` (from the generation layer) reshapes the parsed JSON first.
        """
        reply = await self._send(path, config)
        if normalize is not None:
            data = reply.json()
            try:
                reply.data = normalize(data)
            except Exception as exc:  # a reply too odd to reshape is a bad reply, not a crash
                raise reply._fail(exc, "data that does not match the expected shape") from None
            reply.has_data = True
        return reply.validate(adapter)

    async def _call_json(self, path: str, /, **config: Any) -> Any:
        reply = await self._send(path, config)
        return reply.json()


def _transport_message(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "The request timed out."
    if isinstance(exc, httpx.TooManyRedirects):
        return "The server redirected too many times."
    return f"The request failed: {type(exc).__name__}."
