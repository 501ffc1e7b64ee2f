# Generated from tests/_async/helpers.py by scripts/unasync.py. Do not edit: edit the async source.
"""Client factories shared by the tests (its sync twin is generated)."""

from __future__ import annotations

from typing import Any

import httpx

from pocketbase import PocketBase
from pocketbase._sync import client as client_module
from tests.wire import BASE


def client(base_url: str = BASE, **kwargs: Any) -> PocketBase:
    """A client of the mocked server; the 0.7 wire unless ``server_api`` says otherwise."""
    kwargs.setdefault("server_api", "0.7")
    return PocketBase(base_url, **kwargs)


def sdk_like_http_client(timeout: float | httpx.Timeout | None = 30.0) -> httpx.Client:
    """A caller-owned HTTP client made as the SDK makes its own, so it runs over the transport
    the test runs over (tests/conftest.py: httpx's own, or aiohttp's for the listed modules)."""
    return client_module.default_http_client(timeout=timeout)
