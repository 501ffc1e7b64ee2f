"""Typed option bags shared by both clients."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypedDict

import httpx

__all__ = [
    "AfterSend",
    "AsyncAfterSend",
    "AsyncBeforeSend",
    "BeforeSend",
    "QueryParams",
    "RequestConfig",
]

QueryParams = Mapping[str, Any]


class RequestConfig(TypedDict, total=False):
    """Options of :meth:`PocketBase.send`."""

    method: str
    params: Mapping[str, Any] | None
    headers: Mapping[str, str] | None
    body: Any
    files: Any


#: ``before_send(url, config) -> config``; returning None keeps the (possibly mutated) config
BeforeSend = Callable[[str, dict[str, Any]], "dict[str, Any] | None"]
AsyncBeforeSend = Callable[
    [str, dict[str, Any]], "dict[str, Any] | None | Awaitable[dict[str, Any] | None]"
]
#: ``after_send(response, data) -> data``
AfterSend = Callable[[httpx.Response, Any], Any]
AsyncAfterSend = Callable[[httpx.Response, Any], Any]
