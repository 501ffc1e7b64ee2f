"""The error classes and the factory that builds them (pocketbase._errors), tested once."""

from __future__ import annotations

import asyncio
import errno
import pickle
import socket

import aiohttp
import httpcore
import httpx
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import pocketbase
from pocketbase import (
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    RequestCancelledError,
    RequestTimeoutError,
    ServerError,
    TooManyRequestsError,
    TransportError,
    UnauthorizedError,
    UnsupportedFeatureError,
)
from pocketbase._errors import (
    bad_reply_error,
    cancelled_error,
    error_for_status,
    redact_url,
    rewrap,
    transport_cause,
    transport_error,
)

ALL_CLASSES = [
    BadRequestError,
    UnauthorizedError,
    ForbiddenError,
    NotFoundError,
    TooManyRequestsError,
    ServerError,
    TransportError,
    RequestTimeoutError,
    RequestCancelledError,
    UnsupportedFeatureError,
]


@pytest.mark.parametrize("cls", ALL_CLASSES)
def test_every_class_is_a_client_response_error_exported_from_the_package(
    cls: type[ClientResponseError],
) -> None:
    assert issubclass(cls, ClientResponseError)
    assert getattr(pocketbase, cls.__name__) is cls
    assert cls.__doc__


def test_timeout_is_a_transport_error_and_unsupported_is_not() -> None:
    assert issubclass(RequestTimeoutError, TransportError)
    assert not issubclass(UnsupportedFeatureError, TransportError)
    assert not issubclass(RequestCancelledError, TransportError)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (429, TooManyRequestsError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (405, ClientResponseError),
        (409, ClientResponseError),
        (418, ClientResponseError),
    ],
)
def test_error_for_status_picks_the_class(status: int, cls: type[ClientResponseError]) -> None:
    data = {"code": status, "message": "Nope.", "data": {}}
    err = error_for_status("http://h/x", status, data)
    assert type(err) is cls
    assert (err.url, err.status, err.data, err.message, str(err)) == (
        "http://h/x",
        status,
        data,
        "Nope.",
        "Nope.",
    )
    assert err.is_abort is False


def test_a_401_with_an_mfa_id_says_a_second_factor_is_needed() -> None:
    data = {"status": 401, "message": "Failed to authenticate.", "data": {}, "mfaId": "m1"}
    err = error_for_status("http://h/auth", 401, data)
    assert isinstance(err, UnauthorizedError)
    assert err.mfa_id == "m1"
    assert str(err) == (
        "Failed to authenticate. A second factor is needed: complete the login with another "
        "auth method (e.g. OTP) passing mfa_id=err.mfa_id."
    )
    assert "m1" not in str(err) and "m1" not in repr(err)
    plain = error_for_status("http://h/auth", 401, {"message": "Failed to authenticate."})
    assert (plain.mfa_id, str(plain)) == (None, "Failed to authenticate.")


@pytest.mark.parametrize("cls", [ClientResponseError, *ALL_CLASSES])
def test_pickling_keeps_the_class_and_fields(cls: type[ClientResponseError]) -> None:
    err = cls(url="http://h/x", status=404, data={"message": "m"}, is_abort=True, message="text")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is cls
    assert (again.url, again.status, again.data, again.is_abort, again.message) == (
        "http://h/x",
        404,
        {"message": "m"},
        True,
        "text",
    )


def test_rewrap_keeps_the_class_and_fields() -> None:
    err = error_for_status("http://h/x", 403, {"message": "no"})
    again = rewrap(err)
    assert again is not err
    assert type(again) is ForbiddenError
    assert (again.url, again.status, again.data, again.message) == (
        err.url,
        403,
        err.data,
        "no",
    )


def test_repr_names_the_class() -> None:
    err = NotFoundError(url="http://h/x", status=404, message="gone")
    assert (
        repr(err) == "NotFoundError(status=404, url='http://h/x', message='gone', is_abort=False)"
    )


# -- transport failures --------------------------------------------------------------------------


def _chained(outer: BaseException, inner: BaseException) -> BaseException:
    outer.__cause__ = inner
    return outer


class _Wrapper(Exception):
    """Like respx's SideEffectError: chained to a mocked error, a cause of nothing."""


_POOL = "no free connection in the pool (pool timeout)"


@pytest.mark.parametrize(
    ("exc", "cause", "timeout"),
    [
        (
            _chained(httpx.ConnectError("x"), ConnectionRefusedError(111, "no")),
            "connection refused",
            False,
        ),
        (
            _chained(httpx.ConnectError("x"), OSError(errno.ECONNREFUSED, "no")),
            "connection refused",
            False,
        ),
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection refused", False),
        # a transport that reports a refused connection as a connect timeout (aiohttp's)
        (
            _chained(httpx.ConnectTimeout("t"), ConnectionRefusedError(111, "no")),
            "connection refused",
            False,
        ),
        # ... or a name that does not resolve: the socket error below the label decides
        (
            _chained(httpx.ConnectTimeout("t"), socket.gaierror(-2, "Name or service not known")),
            "gaierror: [Errno -2] Name or service not known",
            False,
        ),
        # ... or a dropped connection (aiohttp's own error, not an OSError)
        (
            _chained(httpx.ConnectTimeout("t"), aiohttp.ServerDisconnectedError()),
            "ServerDisconnectedError: Server disconnected",
            False,
        ),
        # a wrapper that is neither (a test double's) leaves a timeout a timeout
        (_chained(httpx.ReadTimeout("slow"), _Wrapper("route")), "read timeout", True),
        # a real connect timeout under the same label stays a timeout, also when the timeout
        # carries the cancellation that an async library turned into it
        (
            _chained(httpx.ConnectTimeout("t"), TimeoutError("slow")),
            "connect timeout",
            True,
        ),
        (
            _chained(
                httpx.ReadTimeout("t"),
                _chained(TimeoutError(), _chained(asyncio.CancelledError(), ValueError("other"))),
            ),
            "read timeout",
            True,
        ),
        (_chained(httpx.PoolTimeout("t"), httpcore.PoolTimeout("t")), _POOL, True),
        (httpx.ConnectTimeout("t"), "connect timeout", True),
        (httpx.ReadTimeout("t"), "read timeout", True),
        (httpx.WriteTimeout("t"), "write timeout", True),
        (httpx.PoolTimeout("t"), "no free connection in the pool (pool timeout)", True),
        (httpx.ReadError("boom"), "ReadError: boom", False),
        (httpx.RemoteProtocolError(""), "RemoteProtocolError", False),
        (httpx.TooManyRedirects("loop"), "too many redirects", False),
    ],
)
def test_transport_cause(exc: BaseException, cause: str, timeout: bool) -> None:
    assert transport_cause(exc) == (cause, timeout)


def test_transport_error_messages_name_the_url() -> None:
    refused = transport_error(
        _chained(httpx.ConnectError("x"), ConnectionRefusedError(111, "no")),
        "http://127.0.0.1:8090/api/health",
        "GET",
    )
    assert type(refused) is TransportError
    assert (
        str(refused) == "could not connect to http://127.0.0.1:8090/api/health: connection refused"
    )
    assert (refused.url, refused.status, refused.data) == (
        "http://127.0.0.1:8090/api/health",
        0,
        {},
    )
    slow = transport_error(httpx.ReadTimeout("t"), "http://h/x", "POST")
    assert type(slow) is RequestTimeoutError
    assert str(slow) == "POST http://h/x timed out: read timeout"
    cut = transport_error(httpx.ReadError("reset"), "http://h/x", "GET")
    assert type(cut) is TransportError
    assert str(cut) == "GET http://h/x failed: ReadError: reset"
    unknown = transport_error(
        _chained(httpx.ConnectTimeout("t"), socket.gaierror(-2, "Name or service not known")),
        "http://nowhere.invalid/x",
        "GET",
    )
    assert type(unknown) is TransportError
    assert str(unknown) == (
        "GET http://nowhere.invalid/x failed: gaierror: [Errno -2] Name or service not known"
    )


def test_cancelled_error_says_what_replaced_it_and_how_to_opt_out() -> None:
    err = cancelled_error("GET", "http://h/api/x", "GET/api/x")
    assert type(err) is RequestCancelledError
    assert (err.is_abort, err.status, err.url) == (True, 0, "")
    text = str(err)
    assert text.startswith("The request GET http://h/api/x was cancelled: another request")
    assert "'GET/api/x'" in text
    assert "request_key=None" in text
    assert "$autoCancel: False" in text
    assert "auto_cancellation(False)" in text


class _Item(BaseModel):
    id: str
    count: int


def test_bad_reply_names_the_first_failing_field_without_its_value() -> None:
    adapter = TypeAdapter(list[_Item])
    with pytest.raises(ValidationError) as info:
        adapter.validate_python([{"id": "a", "count": 1}, {"id": "b", "count": "secret-token"}])
    err = bad_reply_error(
        "http://h/x", 200, info.value, "data that does not match the expected shape"
    )
    assert type(err) is ClientResponseError
    assert err.status == 200
    assert str(err) == (
        "The server replied with data that does not match the expected shape (first failing "
        "field: 1.count: Input should be a valid integer, unable to parse string as an integer; "
        "got a string)."
    )
    assert "secret-token" not in str(err)
    with pytest.raises(ValidationError) as whole:
        TypeAdapter(_Item).validate_python([1])
    err = bad_reply_error(
        "http://h/x", 200, whole.value, "data that does not match the expected shape"
    )
    assert str(err).endswith(
        "(first failing field: (the whole reply): Input should be a valid dictionary or instance of _Item; got an array)."
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://user:secret@h:8090/api/x", "http://h:8090/api/x"),
        ("https://token@h/api/x?a=b@c", "https://h/api/x?a=b@c"),
        ("http://h/api/x?email=a@b.io", "http://h/api/x?email=a@b.io"),
        ("", ""),
    ],
)
def test_urls_in_errors_carry_no_credentials(url: str, expected: str) -> None:
    assert redact_url(url) == expected
    err = transport_error(httpx.ConnectError("[Errno 111] Connection refused"), url, "GET")
    assert err.url == expected
    assert "secret" not in str(err) and "token@" not in str(err)
    assert error_for_status(url, 404, {}).url == expected
