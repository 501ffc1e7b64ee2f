"""Safe filter binding (placeholder; being written)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._generations import Generation

__all__ = ["bind_filter"]


def bind_filter(expr: str, params: Mapping[str, Any], gen: Generation | None) -> str:
    raise NotImplementedError("client.filter is being written")
