# Generated from tests/_async/helpers.py by scripts/unasync.py. Do not edit: edit the async source.
"""Client factory shared by the respx-based tests (its sync twin is generated)."""

from __future__ import annotations

from typing import Any

from pocketbase import PocketBase
from tests.wire import BASE


def client(base_url: str = BASE, **kwargs: Any) -> PocketBase:
    """A client of the mocked server; the 0.7 wire unless ``server_api`` says otherwise."""
    kwargs.setdefault("server_api", "0.7")
    return PocketBase(base_url, **kwargs)
