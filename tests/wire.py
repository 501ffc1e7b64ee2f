"""Helpers shared by the respx-based tests of both flavours: canned replies and what was sent."""

from __future__ import annotations

import json
from typing import Any

import httpx
import respx

#: the base URL of the respx-mocked server
BASE = "http://pb.test"


def replies(respx_mock: respx.MockRouter, *responses: httpx.Response) -> respx.Route:
    """Answer the requests in order with ``responses`` (any method, any URL)."""
    return respx_mock.route().mock(side_effect=list(responses))


def ok(payload: Any) -> httpx.Response:
    """A 200 JSON reply."""
    return httpx.Response(200, json=payload)


def sent(route: respx.Route) -> list[tuple[str, str, Any]]:
    """(method, URL, parsed JSON body or None) of every request the route saw."""
    out: list[tuple[str, str, Any]] = []
    for call in route.calls:
        request = call.request
        body = json.loads(request.content) if request.content else None
        out.append((request.method, str(request.url), body))
    return out


def auth_header(route: respx.Route) -> str | None:
    """The Authorization header of the route's last request."""
    value: str | None = route.calls.last.request.headers.get("Authorization")
    return value
