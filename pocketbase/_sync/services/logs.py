# Generated from pocketbase/_async/services/logs.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._services import item_adapter, list_adapter, list_query, plain_list_adapter
from ...models import ListResult, LogRequest, LogRequestStat
from .base import BaseService

__all__ = ["LogService"]


class LogService(BaseService):
    """Request logs (admin only)."""

    __slots__ = ()

    def get_requests_list(
        self,
        page: int = 1,
        per_page: int = 30,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
    ) -> ListResult[LogRequest]:
        """One page of request logs."""
        gen = self._generation()
        query = gen.logs.seed_query(list_query(page, per_page, query_params, filter, sort))
        return self._call(gen.logs.requests_list(), list_adapter(LogRequest), query)

    def get_request(self, id: str, query_params: Mapping[str, Any] | None = None) -> LogRequest:
        """One request log by id."""
        return self._call(
            lambda gen: gen.logs.request_one(id), item_adapter(LogRequest), query_params
        )

    def get_requests_stats(
        self, query_params: Mapping[str, Any] | None = None, *, filter: str | None = None
    ) -> list[LogRequestStat]:
        """Request counts grouped by hour."""
        gen = self._generation()
        query = dict(query_params or {})
        if filter is not None:
            query["filter"] = filter
        return self._call(
            gen.logs.requests_stats(),
            plain_list_adapter(LogRequestStat),
            gen.logs.seed_query(query),
        )
