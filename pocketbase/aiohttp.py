"""The async client on aiohttp's transport (the ``pocketbase[aiohttp]`` extra).

    from pocketbase import AsyncPocketBase
    from pocketbase.aiohttp import aiohttp_client

    pb = AsyncPocketBase(url, http_client=aiohttp_client)  # created and closed by the SDK

httpx's own async connection pool spends about twice the CPU of its sync pool per request;
aiohttp's is much cheaper, most of all with many requests in flight (see docs/benchmarks.md).
The client stays an ``httpx.AsyncClient`` (the ``httpx-aiohttp`` package's subclass), so
hooks, realtime, multipart, timeouts, cancellation and errors work as on the default transport.
aiohttp is imported only when such a client is made: ``import pocketbase`` never pays for it.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["SDK_LIMITS", "aiohttp_client"]

SDK_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
"""The pool of the SDK's default client (httpx's defaults): on aiohttp's transport, at most
``max_connections`` connections, idle ones closed after ``keepalive_expiry`` seconds."""


def aiohttp_client(
    *, timeout: float | httpx.Timeout | None = 30.0, **options: Any
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` on aiohttp's transport, set up like the SDK's own client.

    ``SDK_LIMITS`` and redirects followed, as ``AsyncPocketBase`` sets up the client it
    creates. Pass the function itself as ``http_client=`` to let the SDK create the client
    with its ``timeout`` option and close it with ``aclose()``; a client made by calling it is
    the caller's to close.

    Args:
        timeout: seconds or an ``httpx.Timeout``, as the SDK's ``timeout`` option.
        options: further ``httpx.AsyncClient`` options (``limits=``, ``headers=``,
            ``verify=``, ...).

    Returns:
        The client, an ``httpx.AsyncClient`` subclass.

    Raises:
        ImportError: aiohttp or httpx-aiohttp is not installed (the message names the extra).
    """
    try:
        from httpx_aiohttp import HttpxAiohttpClient
    except ImportError as exc:
        raise ImportError(
            "the aiohttp transport needs the aiohttp extra: pip install 'pocketbase[aiohttp]' "
            f"({exc})"
        ) from exc
    options.setdefault("limits", SDK_LIMITS)
    options.setdefault("follow_redirects", True)
    hooks = dict(options.pop("event_hooks", None) or {})
    hooks["request"] = [_read_in_memory_body, *hooks.get("request", [])]
    client: httpx.AsyncClient = HttpxAiohttpClient(timeout=timeout, event_hooks=hooks, **options)
    return client


async def _read_in_memory_body(request: httpx.Request) -> None:
    """Give aiohttp the bytes of an in-memory body, never the stream object.

    httpx hands a followed redirect the original request's stream unread; aiohttp would send a
    stream chunked, so a redirected GET would carry a chunked empty body.
    """
    if isinstance(request.stream, httpx.ByteStream):
        await request.aread()
