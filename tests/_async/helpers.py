"""Client factory shared by the respx-based tests (its sync twin is generated)."""

from __future__ import annotations

from typing import Any

from pocketbase import AsyncPocketBase
from tests.wire import BASE


def client(base_url: str = BASE, **kwargs: Any) -> AsyncPocketBase:
    """A client of the mocked server; the 0.7 wire unless ``server_api`` says otherwise."""
    kwargs.setdefault("server_api", "0.7")
    return AsyncPocketBase(base_url, **kwargs)
