# Generated from pocketbase/_async/services/logs.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._services import item_adapter, list_query, merge_params, plain_list_adapter
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
        gen = self._client._generation()
        req = gen.logs_list()
        query = gen.logs_query(list_query(page, per_page, query_params, filter, sort))
        query = merge_params(query, req.params)
        return self._fetch_list(req.path, query, LogRequest, gen.normalize_log)

    def get_request(self, id: str, query_params: Mapping[str, Any] | None = None) -> LogRequest:
        """One request log by id."""
        gen = self._client._generation()
        req = gen.log_one(id)
        return self._client._call(
            req.path,
            item_adapter(LogRequest),
            gen.normalize_log,
            method=req.method,
            params=query_params or {},
        )

    def get_requests_stats(
        self, query_params: Mapping[str, Any] | None = None, *, filter: str | None = None
    ) -> list[LogRequestStat]:
        """Request counts grouped by hour."""
        gen = self._client._generation()
        req = gen.logs_stats()
        query = dict(query_params or {})
        if filter is not None:
            query["filter"] = filter
        query = merge_params(gen.logs_query(query), req.params)
        return self._client._call(
            req.path, plain_list_adapter(LogRequestStat), method=req.method, params=query
        )
