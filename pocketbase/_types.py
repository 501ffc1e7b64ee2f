"""Typed option bags shared by both clients."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, TypeAlias, TypedDict, TypeVar

import httpx

__all__ = [
    "AfterSend",
    "AsyncAfterSend",
    "AsyncBeforeSend",
    "AsyncResult",
    "BeforeSend",
    "QueryParams",
    "RequestConfig",
    "Result",
]

QueryParams = Mapping[str, Any]

T = TypeVar("T")

#: what calling an ``async def`` gives in the async source (``await`` it); the generated sync
#: code reads it as :data:`Result`, the value itself
AsyncResult: TypeAlias = Awaitable[T]
Result: TypeAlias = Annotated[T, "the sync twin of AsyncResult: the value itself"]


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
