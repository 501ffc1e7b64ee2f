"""The SDK's errors: one root, :class:`ClientResponseError`, and a subclass per kind.

Every failure that crosses the public API is a :class:`ClientResponseError`: HTTP errors
(a subclass per status family), transport failures (``status == 0``), invalid JSON or a shape
that does not fit the model on a success status, exceptions raised by hooks, cancelled
requests (``is_abort=True``) and features the server's generation lacks.

Errors are built by the factory functions below (one home for messages and classification),
so a subclass survives pickling and the ``after_send`` re-wrapping.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import ErrorResponse

__all__ = [
    "DEFAULT_ERROR_MESSAGE",
    "BadRequestError",
    "ClientResponseError",
    "ForbiddenError",
    "NotFoundError",
    "OAuth2Error",
    "RequestCancelledError",
    "RequestTimeoutError",
    "ServerError",
    "TooManyRequestsError",
    "TransportError",
    "UnauthorizedError",
    "UnsupportedFeatureError",
    "auto_refresh_error",
    "bad_reply_error",
    "cancelled_error",
    "error_for_status",
    "invalid_request_error",
    "oauth2_error",
    "oauth2_timeout_error",
    "realtime_interrupted_error",
    "redact_url",
    "transport_error",
]

DEFAULT_ERROR_MESSAGE = "Something went wrong while processing your request."

# ``scheme://user:password@host``: the credentials part of a URL's authority
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]*@")


def redact_url(url: str) -> str:
    """``url`` without the credentials a ``base_url`` may carry (``http://user:pw@host``):
    errors name URLs, and a URL's userinfo is a secret."""
    if "@" not in url:
        return url
    return _USERINFO.sub(r"\g<scheme>", url)


class ClientResponseError(Exception):
    """An error response or a failed request; the root of every SDK error.

    Attributes:
        url: the absolute URL of the response; for a request that got no response, the URL
            it was sent to (``""`` when none was built).
        status: the HTTP status, ``0`` when no response was received.
        data: the raw JSON error body (``{}`` when there was none or it was not JSON).
        is_abort: the request was cancelled (auto-cancellation or ``cancel_request``).
        original_error: the underlying exception, when there was one.
        message: the human-readable message (also ``str(err)``).
    """

    url: str
    status: int
    data: dict[str, Any]
    is_abort: bool
    original_error: BaseException | None

    def __init__(
        self,
        *,
        url: str = "",
        status: int = 0,
        data: Any = None,
        is_abort: bool = False,
        original_error: BaseException | None = None,
        message: str | None = None,
    ) -> None:
        self.url = redact_url(url)
        self.status = status
        self.data = data if isinstance(data, dict) else {}
        self.is_abort = is_abort
        self.original_error = original_error
        if message is None:
            raw = self.data.get("message")
            message = raw if isinstance(raw, str) and raw else DEFAULT_ERROR_MESSAGE
        self.message = message
        super().__init__(message)

    @property
    def name(self) -> str:
        """``"ClientResponseError <status>"``, as the reference SDK names its errors."""
        return f"ClientResponseError {self.status}"

    @property
    def mfa_id(self) -> str | None:
        """The MFA id of a first-factor login that needs a second factor (0.23+ servers)."""
        value = self.data.get("mfaId")
        return value if isinstance(value, str) and value else None

    @property
    def batch_failures(self) -> dict[int, ErrorResponse]:
        """For a failed batch (``pb.create_batch()`` ... ``send()``): the index of each queued
        request that failed -> the error it got (``code`` is its HTTP status, ``message``, and
        ``data`` per field). ``{}`` for any other error."""
        from ._batch import batch_failures

        return batch_failures(self.data)

    @property
    def response(self) -> ErrorResponse | None:
        """The error body as a typed :class:`~pocketbase.models.ErrorResponse`, if it is one."""
        if not self.data:
            return None
        from pydantic import ValidationError

        from .models import ErrorResponse

        payload = dict(self.data)
        if "code" not in payload and "status" not in payload:
            payload["code"] = self.status
        try:
            return ErrorResponse.model_validate(payload)
        except ValidationError:
            return None

    def to_dict(self) -> dict[str, Any]:
        """The reference SDK's ``toJSON()`` shape.

        Returns:
            ``url``, ``status``, ``data``, ``isAbort``, ``originalError`` and ``name``.
        """
        return {
            "url": self.url,
            "status": self.status,
            "data": self.data,
            "isAbort": self.is_abort,
            "originalError": self.original_error,
            "name": self.name,
        }

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        # The URL may carry a query string; it never carries the token (headers are not kept).
        return (
            f"{type(self).__name__}(status={self.status}, url={self.url!r}, "
            f"message={self.message!r}, is_abort={self.is_abort})"
        )

    def __reduce__(self) -> Any:
        # The original error is left out: it may hold a request with its headers; so is an
        # MFA id (a login in progress is not something to ship to another process).
        data = {key: value for key, value in self.data.items() if key != "mfaId"}
        return (
            _rebuild,
            (type(self), self.url, self.status, data, self.is_abort, self.message),
        )


def _rebuild(
    cls: type[ClientResponseError],
    url: str,
    status: int,
    data: Any,
    is_abort: bool,
    message: str,
) -> ClientResponseError:
    return cls(url=url, status=status, data=data, is_abort=is_abort, message=message)


class BadRequestError(ClientResponseError):
    """HTTP 400: the server rejected the request's data (see ``data["data"]`` per field)."""


class UnauthorizedError(ClientResponseError):
    """HTTP 401: missing or invalid credentials; ``mfa_id`` is set when a second factor is
    needed."""


class ForbiddenError(ClientResponseError):
    """HTTP 403: the credentials are valid but not allowed to do this."""


class NotFoundError(ClientResponseError):
    """HTTP 404: no such record, collection or route."""


class TooManyRequestsError(ClientResponseError):
    """HTTP 429: the server's rate limit; retry later."""


class ServerError(ClientResponseError):
    """HTTP 500 and above."""


class TransportError(ClientResponseError):
    """No response arrived (``status == 0``): connect, read or write failure."""


class RequestTimeoutError(TransportError):
    """The request timed out (connect, read, write or pool timeout)."""


class RequestCancelledError(ClientResponseError):
    """The request was cancelled (``is_abort`` is True): auto-cancellation,
    ``cancel_request`` or ``cancel_all_requests``."""


class UnsupportedFeatureError(ClientResponseError):
    """The server's generation lacks the feature; nothing was sent (``status == 0``)."""


class OAuth2Error(ClientResponseError):
    """The all-in-one OAuth2 flow failed before its code exchange (``status == 0``): an
    unknown provider, a redirect whose state does not match this login, a provider that
    refused (``data["error"]``, e.g. ``"access_denied"``), no code, or a browser that could
    not be opened."""


_STATUS_CLASSES: dict[int, type[ClientResponseError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    429: TooManyRequestsError,
}


def _class_for_status(status: int) -> type[ClientResponseError]:
    if status >= 500:
        return ServerError
    return _STATUS_CLASSES.get(status, ClientResponseError)


_MFA_HINT = (
    "A second factor is needed: complete the login with another auth method "
    "(e.g. OTP) passing mfa_id=err.mfa_id."
)


def error_for_status(
    url: str,
    status: int,
    data: Any,
    *,
    original_error: BaseException | None = None,
    message: str | None = None,
) -> ClientResponseError:
    """The error for an HTTP error reply (``status >= 400``), of the class for its status."""
    cls = _class_for_status(status)
    if message is None and status == 401 and isinstance(data, Mapping) and data.get("mfaId"):
        raw = data.get("message")
        server_text = raw if isinstance(raw, str) and raw else DEFAULT_ERROR_MESSAGE
        message = f"{server_text} {_MFA_HINT}"
    return cls(url=url, status=status, data=data, original_error=original_error, message=message)


def rewrap(error: ClientResponseError) -> ClientResponseError:
    """A fresh error of the same class and fields (``after_send`` raised one of ours)."""
    return type(error)(
        url=error.url,
        status=error.status,
        data=error.data,
        is_abort=error.is_abort,
        original_error=error.original_error,
        message=error.message,
    )


# -- transport failures ------------------------------------------------------------------------

_REFUSED_ERRNOS = frozenset({errno.ECONNREFUSED})


def _cause_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 16:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _timeout_classes() -> tuple[type[BaseException], ...]:
    import httpcore
    import httpx

    classes: tuple[type[BaseException], ...] = (
        httpx.TimeoutException,
        httpcore.TimeoutException,
        TimeoutError,
    )
    # Before Python 3.11 asyncio's TimeoutError is its own class; aiohttp's timeouts derive from
    # it. asyncio is never imported for this: a program that has not loaded it raised none.
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and asyncio.TimeoutError is not TimeoutError:
        classes += (asyncio.TimeoutError,)
    return classes


def _connection_failure(chain: list[BaseException]) -> BaseException | None:
    """The connection failure under a timeout label, if any.

    Some transports (aiohttp's) label every failed connection a connect timeout: refused,
    unresolvable or dropped. Below the label, the first exception that is a timeout keeps it a
    timeout; the first socket error (or aiohttp connection error) is what happened instead.
    Anything else (a test double's wrapper, say) decides nothing.
    """
    timeouts = _timeout_classes()
    aiohttp = sys.modules.get("aiohttp")  # only a program that loaded aiohttp can see its errors
    connection_errors: tuple[type[BaseException], ...] = (OSError,)
    if aiohttp is not None:
        connection_errors += (aiohttp.ClientConnectionError,)
    for e in chain[1:]:
        if isinstance(e, timeouts):
            return None
        if isinstance(e, connection_errors):
            return e
    return None


def _is_timeout(chain: list[BaseException]) -> bool:
    timeouts = _timeout_classes()
    return any(isinstance(e, timeouts) for e in chain) and _connection_failure(chain) is None


def _refused(chain: list[BaseException]) -> bool:
    for e in chain:
        if isinstance(e, ConnectionRefusedError):
            return True
        if isinstance(e, OSError) and e.errno in _REFUSED_ERRNOS:
            return True
        if "connection refused" in str(e).lower() or "connect call failed" in str(e).lower():
            return True
    return False


def _describe(exc: BaseException) -> str:
    detail = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {detail}" if detail else name


def transport_cause(exc: BaseException) -> tuple[str, bool]:
    """``(what went wrong, is it a timeout)`` for an exception of the HTTP stack.

    Classified by the cause chain rather than the exception class alone, so that transports
    which report a refused connection (or a name that does not resolve) as a connect timeout
    still say what happened.
    """
    import httpx

    chain = _cause_chain(exc)
    if _refused(chain):
        return "connection refused", False
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects", False
    if _is_timeout(chain):
        kinds: dict[type[BaseException], str] = {
            httpx.ConnectTimeout: "connect timeout",
            httpx.ReadTimeout: "read timeout",
            httpx.WriteTimeout: "write timeout",
            httpx.PoolTimeout: "no free connection in the pool (pool timeout)",
        }
        return kinds.get(type(exc), "timed out"), True
    failure = _connection_failure(chain) if isinstance(exc, httpx.TimeoutException) else None
    # a timeout label over a connection failure: name the failure, not the label
    return _describe(failure if failure is not None else exc), False


def transport_error(exc: BaseException, url: str, method: str = "") -> ClientResponseError:
    """The error for a request that got no response (``status == 0``)."""
    import httpx

    cause, is_timeout = transport_cause(exc)
    url = redact_url(url)
    if isinstance(exc, httpx.ConnectError) or cause == "connection refused":
        message = f"could not connect to {url}: {cause}"
    elif is_timeout:
        message = f"{method + ' ' if method else ''}{url} timed out: {cause}"
    else:
        message = f"{method + ' ' if method else ''}{url} failed: {cause}"
    cls: type[ClientResponseError] = RequestTimeoutError if is_timeout else TransportError
    return cls(url=url, status=0, original_error=exc, message=message)


def invalid_request_error(exc: BaseException, url: str = "", what: str = "") -> ClientResponseError:
    """A request the SDK or httpx refused to build (nothing was sent)."""
    return ClientResponseError(
        url=url, original_error=exc, message=f"{what or 'Invalid request'}: {exc}"
    )


def cancelled_error(method: str, url: str, cancel_key: str | None) -> RequestCancelledError:
    """The error of a request cancelled by a newer one with the same key or by hand."""
    url = redact_url(url)
    if cancel_key is None:
        message = f"The request {method} {url} was cancelled."
    else:
        message = (
            f"The request {method} {url} was cancelled: another request with the same cancel "
            f"key {cancel_key!r} replaced it, or cancel_request/cancel_all_requests was called. "
            "To let such requests run side by side, pass request_key=None (seed services: "
            "$autoCancel: False in query_params) or call auto_cancellation(False)."
        )
    # ``url`` stays empty, as in the reference (the message names the request)
    return RequestCancelledError(is_abort=True, message=message)


def _first_failure(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return ""
    try:
        items = errors(include_url=False)
    except TypeError:
        items = errors()
    if not items:
        return ""
    first = items[0]
    if first.get("type") == "json_invalid":
        return ""  # not a field: the text is not JSON at all
    loc = ".".join(str(part) for part in first.get("loc", ())) or "(the whole reply)"
    # Only the JSON type of what was there: the value itself may be a token or personal data.
    got = _JSON_TYPE_NAMES.get(type(first.get("input")), "a value")
    return f" (first failing field: {loc}: {first.get('msg', 'invalid')}; got {got})"


_JSON_TYPE_NAMES: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def bad_reply_error(url: str, status: int, exc: BaseException, what: str) -> ClientResponseError:
    """A success reply the SDK cannot use: invalid JSON or a shape that does not fit the model.

    Always the root class with the reply's status (never a 4xx class), naming the first
    failing field when there is one.
    """
    return ClientResponseError(
        url=url,
        status=status,
        original_error=exc,
        message=f"The server replied with {what}{_first_failure(exc)}.",
    )


# -- auth flows --------------------------------------------------------------------------------


def oauth2_error(message: str, data: Any = None) -> OAuth2Error:
    """The error of an all-in-one OAuth2 flow that cannot go on (nothing secret in it)."""
    return OAuth2Error(data=data, message=message)


def oauth2_timeout_error(timeout: float) -> RequestTimeoutError:
    """The all-in-one OAuth2 flow waited ``timeout`` seconds for the browser's redirect."""
    return RequestTimeoutError(
        message=(
            f"No OAuth2 redirect reached the server within {timeout:g} s: the user did not "
            "finish the provider's login, or the browser's redirect did not reach the server "
            "(on 0.23+ it must come from the same IP address as the SDK)."
        )
    )


def realtime_interrupted_error(url: str) -> TransportError:
    """The realtime stream of an all-in-one OAuth2 login ended before the redirect came."""
    return TransportError(
        url=url,
        message=(
            "The realtime connection of the OAuth2 login was interrupted before the "
            "provider's redirect arrived."
        ),
    )


def auto_refresh_error(cause: ClientResponseError) -> ClientResponseError:
    """The error of a request whose automatic auth refresh failed while the stored token has
    expired: of the class of the refresh's failure, saying what to do."""
    return type(cause)(
        url=cause.url,
        status=cause.status,
        data=cause.data,
        is_abort=cause.is_abort,
        message=(
            f"The automatic auth refresh failed ({cause.message}) and the stored token has "
            "expired, so the request was not sent; log in again."
        ),
    )
