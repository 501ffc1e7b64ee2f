# Generated from pocketbase/_async/services/health.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..._generations import Feature, Req
from ..._pipeline import UNSET
from ..._services import item_adapter, modern_query, request_config
from ...models import HealthCheck
from .base import BaseService

__all__ = ["HealthService"]


class HealthService(BaseService):
    """The server's health check (servers 0.10+; anyone may call it)."""

    __slots__ = ()

    def check(
        self,
        *,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> HealthCheck:
        """``GET /api/health``: ``code`` 200 when the server is up. A superuser also gets
        ``data.can_backup`` (False while a backup or restore runs) and, on 0.23+,
        ``data.real_ip`` and ``data.possible_proxy_header``."""
        return self._call(
            Req("GET", "/api/health"),
            item_adapter(HealthCheck),
            modern_query(query, fields=fields),
            feature=Feature.HEALTH,
            **request_config(headers, request_key),
        )
