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
        ``data.real_ip`` and ``data.possible_proxy_header``.

        Args:
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The health reply: ``code``, ``message`` and ``data``.

        Raises:
            UnsupportedFeatureError: the server is older than 0.10 (refused before sending, or the
                router's 404 of an older server reported as this).
            ClientResponseError: the request failed: an HTTP error status, ``TransportError`` (no
                response) or ``RequestCancelledError`` (cancelled).
        """
        return self._call(
            Req("GET", "/api/health"),
            item_adapter(HealthCheck),
            modern_query(query, fields=fields),
            feature=Feature.HEALTH,
            **request_config(headers, request_key),
        )
