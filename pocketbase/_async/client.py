from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from types import TracebackType
from typing import Any, Protocol, TypeVar, overload

import httpx
from pydantic import TypeAdapter
from typing_extensions import Self

from .._auth_store import BaseAuthStore, LocalAuthStore
from .._compat import AsyncCancelToken, AsyncLock, Cancellable, CancelledRequest, aresolve
from .._errors import (
    ClientResponseError,
    cancelled_error,
    error_for_status,
    invalid_request_error,
    rewrap,
    transport_error,
)
from .._filters import bind_filter
from .._generations import (
    PROBE_SUPERUSERS,
    PROBE_USERS,
    Generation,
    ServerApiOption,
    detect_generation,
    generation_for,
    probe_reply,
)
from .._http import build_url, check_header_value
from .._pipeline import (
    Prepared,
    Reply,
    apply_hook_result,
    classify_reply,
    encode_request,
    error_data,
    hook_config,
    plan_call,
    prepare_request,
)
from .._types import AsyncAfterSend, AsyncBeforeSend, RequestConfig
from ..models import Record
from .auto_refresh import AsyncAutoRefresh
from .services.admins import AsyncAdminService
from .services.backups import AsyncBackupService
from .services.batch import AsyncBatch
from .services.collections import AsyncCollectionService
from .services.crons import AsyncCronService
from .services.files import AsyncFileService
from .services.health import AsyncHealthService
from .services.logs import AsyncLogService
from .services.realtime import AsyncRealtimeService
from .services.record_service import AsyncRecordService
from .services.records import AsyncSeedRecordService
from .services.settings import AsyncSettingsService
from .services.sql import AsyncSQLService
from .services.users import AsyncUserService

__all__ = ["AsyncHttpClientFactory", "AsyncPocketBase", "default_http_client"]

T = TypeVar("T")
R = TypeVar("R", bound=Record)


class AsyncHttpClientFactory(Protocol):
    """A function that creates the SDK's own HTTP client (``http_client=`` given a factory)."""

    def __call__(self, *, timeout: float | httpx.Timeout | None) -> httpx.AsyncClient: ...


def default_http_client(*, timeout: float | httpx.Timeout | None) -> httpx.AsyncClient:
    """The HTTP client the SDK creates when ``http_client`` is omitted: httpx's default pool
    (100 connections, 20 kept alive for 5 s), ``timeout``, redirects followed."""
    return httpx.AsyncClient(timeout=timeout, follow_redirects=True)


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
        http_client: a caller-owned ``httpx`` client, which the SDK never closes; or a factory
            that the SDK calls as ``factory(timeout=timeout)`` to create its own client, closed
            with the SDK client (e.g. ``pocketbase.aiohttp.aiohttp_client`` for the async client
            on aiohttp's transport).
        auto_cancel: cancel a pending request when a new one with the same cancel key starts.
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8090",
        lang: str = "en-US",
        auth_store: BaseAuthStore | None = None,
        *,
        server_api: ServerApiOption = "auto",
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.AsyncClient | AsyncHttpClientFactory | None = None,
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
        self._owns_http = not isinstance(http_client, httpx.AsyncClient)
        # a derived client (impersonate) makes its connections the same way
        self._http_factory: AsyncHttpClientFactory | None = (
            None if isinstance(http_client, httpx.AsyncClient) else http_client
        )
        self._http = self._new_http(http_client, timeout)
        self._auto_cancel = auto_cancel
        self._cancel_tokens: dict[str, Cancellable] = {}
        self._auto_refresh = AsyncAutoRefresh()
        self._record_services: dict[tuple[str, type[Record]], AsyncRecordService[Any]] = {}
        self._closed = False

    @staticmethod
    def _new_http(
        given: httpx.AsyncClient | AsyncHttpClientFactory | None,
        timeout: float | httpx.Timeout | None,
    ) -> httpx.AsyncClient:
        if isinstance(given, httpx.AsyncClient):
            return given
        factory = default_http_client if given is None else given
        made = factory(timeout=timeout)
        if not isinstance(made, httpx.AsyncClient):
            expected = httpx.AsyncClient.__name__
            raise TypeError(
                f"http_client must be an httpx.{expected} or a function returning one, "
                f"not {type(made).__name__}"
            )
        return made

    # -- services (created on first access) --------------------------------------------------

    @cached_property
    def admins(self) -> AsyncAdminService:
        """Admin accounts (``_superusers`` on servers 0.23+)."""
        return AsyncAdminService(self)

    @cached_property
    def users(self) -> AsyncUserService:
        """User accounts (the ``users`` auth collection on servers 0.8+)."""
        return AsyncUserService(self)

    @cached_property
    def records(self) -> AsyncSeedRecordService:
        """Records of any collection, by collection name (the seed's record service)."""
        return AsyncSeedRecordService(self)

    @cached_property
    def collections(self) -> AsyncCollectionService:
        """Collection definitions (admin only)."""
        return AsyncCollectionService(self)

    @cached_property
    def logs(self) -> AsyncLogService:
        """Request logs (admin only)."""
        return AsyncLogService(self)

    @cached_property
    def settings(self) -> AsyncSettingsService:
        """Application settings (admin only)."""
        return AsyncSettingsService(self)

    @cached_property
    def realtime(self) -> AsyncRealtimeService:
        """Realtime subscriptions over one SSE connection."""
        return AsyncRealtimeService(self)

    @cached_property
    def health(self) -> AsyncHealthService:
        """The server's health check."""
        return AsyncHealthService(self)

    @cached_property
    def backups(self) -> AsyncBackupService:
        """Backups: list, create, upload, download, delete, restore (superusers)."""
        return AsyncBackupService(self)

    @cached_property
    def crons(self) -> AsyncCronService:
        """Cron jobs: list and run (superusers)."""
        return AsyncCronService(self)

    @cached_property
    def sql(self) -> AsyncSQLService:
        """The SQL console (superusers)."""
        return AsyncSQLService(self)

    def create_batch(self) -> AsyncBatch:
        """A new, empty batch: queue record writes with ``batch.collection(name).create(...)``
        (``update``, ``upsert``, ``delete``) and run them in one transaction with
        ``batch.send()``.

        Returns:
            The batch (bound to this client).
        """
        return AsyncBatch(self)

    @cached_property
    def files(self) -> AsyncFileService:
        """File URLs and protected-file tokens."""
        return AsyncFileService(self)

    @overload
    def collection(self, name: str) -> AsyncRecordService[Record]: ...

    @overload
    def collection(self, name: str, model: type[R]) -> AsyncRecordService[R]: ...

    def collection(self, name: str, model: type[Record] = Record) -> AsyncRecordService[Any]:
        """The records of collection ``name`` (its name or id), as ``model`` objects.

        ``pb.collection("posts", model=Post).get_list()`` is a ``ListResult[Post]``. The
        service is cached per name and model, so calling this is cheap.

        Args:
            name: the collection's name or id.
            model: the ``Record`` subclass the records are validated as.

        Returns:
            The record service of the collection.

        Raises:
            ClientResponseError: ``name`` is not a string or ``model`` is not a ``Record`` subclass
                (nothing is sent).
        """
        key = (name, model)
        service = self._record_services.get(key)
        if service is None:
            if not isinstance(name, str):
                raise invalid_request_error(
                    TypeError(f"collection name must be a str, got {type(name).__name__}"),
                    what="Invalid collection",
                )
            if not (isinstance(model, type) and issubclass(model, Record)):
                raise invalid_request_error(
                    TypeError(f"model must be a Record subclass, got {model!r}"),
                    what="Invalid model",
                )
            service = self._record_services[key] = AsyncRecordService(self, name, model)
        return service

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> Self:  # a subclass (TypedPocketBase) keeps its type
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
        if "realtime" in self.__dict__:  # a realtime service never used has nothing to stop
            await self.realtime.aclose()
        self.cancel_all_requests()
        if self._owns_http:
            await self._http.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, lang={self.lang!r}, "
            f"server_api={self.server_api!r}, auth_store={self.auth_store!r})"
        )

    def _derived_client(self, auth_store: BaseAuthStore) -> AsyncPocketBase:
        """A new client of the same kind for ``impersonate``: the same base URL, language,
        detected server generation, timeout, HTTP client factory (its own connections) and
        auto-cancellation setting, and ``auth_store``; no hooks, no realtime."""
        gen = self._generation_obj
        return type(self)(
            self.base_url,
            self.lang,
            auth_store,
            server_api=gen.name if gen is not None else "auto",
            timeout=self._http.timeout,
            http_client=self._http_factory,
            auto_cancel=self._auto_cancel,
        )

    # -- generation ----------------------------------------------------------------------------

    @property
    def server_api(self) -> ServerApiOption:
        """``"0.7"``, ``"0.8"`` or ``"0.23"``; ``"auto"`` until the first request resolved it."""
        gen = self._generation_obj
        return gen.name if gen is not None else "auto"

    def _known_generation(self) -> Generation | None:
        """The generation when ``server_api`` was given or detection already ran (no I/O)."""
        return self._generation_obj

    async def _generation(self) -> Generation:
        gen = self._generation_obj
        if gen is not None:
            return gen
        async with self._generation_lock:
            if self._generation_obj is None:
                self._generation_obj = await self._detect_generation()
            return self._generation_obj

    async def _probe(self, path: str) -> tuple[int, Any, str, str]:
        url = build_url(self.base_url, path)
        try:
            response = await self._http.get(url, headers={"Accept-Language": self.lang})
        except httpx.HTTPError as exc:
            raise transport_error(exc, url, "GET") from None
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            # an unusable base_url, rejected by httpx before sending
            raise invalid_request_error(exc, url, "Invalid base_url") from None
        content_type = response.headers.get("content-type", "")
        return probe_reply(str(response.url), response.status_code, content_type, response.content)

    async def _detect_generation(self) -> Generation:
        first = await self._probe(PROBE_SUPERUSERS)
        gen = detect_generation(first, None, self.base_url)
        if gen is None:
            gen = detect_generation(first, await self._probe(PROBE_USERS), self.base_url)
        assert gen is not None
        return gen

    # -- public request API ------------------------------------------------------------------

    def build_url(self, path: str) -> str:
        """Join ``path`` to ``base_url`` (the reference ``buildUrl`` rules).

        Args:
            path: the path (and query) to join.

        Returns:
            The absolute URL.
        """
        return build_url(self.base_url, path)

    def cancel_request(self, cancel_key: str) -> AsyncPocketBase:
        """Cancel the pending request with ``cancel_key``, if any.

        Args:
            cancel_key: the request's cancel key (its ``request_key``; by default ``METHOD +
                path``).

        Returns:
            The client itself, for chaining.
        """
        token = self._cancel_tokens.pop(cancel_key, None)
        if token is not None:
            token.cancel()
        return self

    def cancel_all_requests(self) -> AsyncPocketBase:
        """Cancel every pending request.

        Returns:
            The client itself, for chaining.
        """
        tokens = list(self._cancel_tokens.values())
        self._cancel_tokens.clear()
        for token in tokens:
            token.cancel()
        return self

    def auto_cancellation(self, enabled: bool) -> AsyncPocketBase:
        """Turn auto-cancellation of duplicate pending requests on or off.

        Args:
            enabled: whether a new request cancels a pending one with the same cancel key.

        Returns:
            The client itself, for chaining.
        """
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

        Args:
            expr: the filter expression, with ``{:name}`` placeholders.
            params: the value of each placeholder, by name.

        Returns:
            The expression with every placeholder replaced.

        Raises:
            ValueError: a placeholder without a value or inside quotes, or a value the server cannot
                read.
            TypeError: an expression that is not a string, or a value of an unsupported type.
        """
        return bind_filter(expr, params or {}, self._generation_obj)

    async def send(self, path: str, req_config: RequestConfig | None = None) -> Any:
        """Send a request to ``path`` and return the parsed JSON (``{}`` for an empty body).

        Args:
            path: the path, joined to ``base_url`` (a query in it is kept).
            req_config: ``method`` (default ``GET``), ``params`` (the query), ``headers``, ``body``
                (JSON, or form fields beside ``files``), ``files`` (multipart), and the cancel key
                (``request_key``, or the JS SDK's ``$cancelKey``/``$autoCancel``).

        Returns:
            The parsed JSON of the reply (``{}`` for an empty body).

        Raises:
            BadRequestError: an HTTP 400 reply (and likewise ``UnauthorizedError`` 401,
                ``ForbiddenError`` 403, ``NotFoundError`` 404, ``TooManyRequestsError`` 429,
                ``ServerError`` 5xx).
            TransportError: no response arrived (``RequestTimeoutError`` for a timeout).
            RequestCancelledError: the request was cancelled (auto-cancellation or
                ``cancel_request``).
            ClientResponseError: any other failure: another error status, a reply that is not JSON,
                a ``before_send``/``after_send`` hook that raised, a request httpx refused to build,
                or a closed client.
        """
        reply = await self._send(path, req_config or {})
        return reply.json()

    # -- internals -------------------------------------------------------------------------

    async def _send(self, path: str, config: Mapping[str, Any]) -> Reply:
        if self._closed:
            raise ClientResponseError(message="The client is closed.")
        await self._auto_refresh.before_request(config, self.auth_store)
        plan = plan_call(path, config, self._auto_cancel)
        gen = await self._generation()
        prepared = prepare_request(
            base_url=self.base_url,
            lang=self.lang,
            path=path,
            plan=plan,
            config=config,
            auth=self.auth_store.snapshot(),
            gen=gen,
        )
        if self.before_send is not None:
            prepared = await self._run_before_send(prepared, path)
        kwargs = encode_request(prepared)
        if plan.cancel_key is None:
            response = await self._transport(prepared, kwargs)
        else:
            response = await self._cancellable(prepared, kwargs, plan.cancel_key)
        if self.after_send is None:
            return classify_reply(response.url, response.status_code, response.content)
        return await self._run_after_send(response)

    async def _run_before_send(self, prepared: Prepared, path: str) -> Prepared:
        hook = hook_config(prepared)
        try:
            changed = await aresolve(self.before_send(prepared.url, hook))  # type: ignore[misc]
        except ClientResponseError:
            raise
        except Exception as exc:
            raise ClientResponseError(
                url=prepared.url, original_error=exc, message=f"before_send failed: {exc}"
            ) from exc
        return apply_hook_result(
            prepared, dict(changed) if changed is not None else hook, self.base_url, path
        )

    async def _cancellable(
        self, prepared: Prepared, kwargs: dict[str, Any], cancel_key: str
    ) -> httpx.Response:
        token = AsyncCancelToken()
        previous = self._cancel_tokens.get(cancel_key)
        if previous is not None:
            previous.cancel()
        self._cancel_tokens[cancel_key] = token
        try:
            return await token.run(lambda: self._transport(prepared, kwargs))
        except CancelledRequest:
            raise cancelled_error(prepared.method, prepared.url, cancel_key) from None
        finally:
            if self._cancel_tokens.get(cancel_key) is token:
                del self._cancel_tokens[cancel_key]

    async def _run_after_send(self, response: httpx.Response) -> Reply:
        status, content, url = response.status_code, response.content, str(response.url)
        data = (
            Reply(url, status, content, None, False).json() if status < 400 else error_data(content)
        )
        try:
            data = await aresolve(self.after_send(response, data))  # type: ignore[misc]
        except ClientResponseError as exc:
            raise rewrap(exc) from exc
        except Exception as exc:
            raise ClientResponseError(original_error=exc) from exc
        if status >= 400:
            raise error_for_status(url, status, data)
        return Reply(url, status, content, data, True)

    async def _transport(self, prepared: Prepared, kwargs: dict[str, Any]) -> httpx.Response:
        try:
            return await self._http.request(
                prepared.method, prepared.url, headers=prepared.headers, **kwargs
            )
        except httpx.HTTPError as exc:
            raise transport_error(exc, prepared.url, prepared.method) from None
        except (httpx.InvalidURL, httpx.StreamError, ValueError, TypeError, RuntimeError) as exc:
            # invalid URL, unusable file object, consumed stream, non-ASCII header value, a
            # caller-owned http_client that was closed, ... raised by httpx before sending
            raise invalid_request_error(exc, prepared.url) from None

    async def _call(
        self,
        path: str,
        adapter: TypeAdapter[T],
        /,
        normalize: Callable[[Any], Any] | None = None,
        **config: Any,
    ) -> T:
        """Send a request and validate the reply with ``adapter`` (the base service uses this).

        ``normalize`` (from the generation layer) reshapes the parsed JSON first.
        """
        reply = await self._send(path, config)
        if normalize is not None:
            reply.reshape(normalize)
        return reply.validate(adapter)
