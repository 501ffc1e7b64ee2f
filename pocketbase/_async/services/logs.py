from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._services import item_adapter, list_adapter, list_query, plain_list_adapter
from ...models import ListResult, LogRequest, LogRequestStat
from .base import AsyncBaseService

__all__ = ["AsyncLogService"]


class AsyncLogService(AsyncBaseService):
    """Request logs (admin only)."""

    __slots__ = ()

    async def get_requests_list(
        self,
        page: int = 1,
        per_page: int = 30,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
    ) -> ListResult[LogRequest]:
        """One page of request logs."""
        gen = await self._generation()
        query = gen.logs.seed_query(list_query(page, per_page, query_params, filter, sort))
        return await self._call(gen.logs.requests_list(), list_adapter(LogRequest), query)

    async def get_request(
        self, id: str, query_params: Mapping[str, Any] | None = None
    ) -> LogRequest:
        """One request log by id."""
        return await self._call(
            lambda gen: gen.logs.request_one(id), item_adapter(LogRequest), query_params
        )

    async def get_requests_stats(
        self, query_params: Mapping[str, Any] | None = None, *, filter: str | None = None
    ) -> list[LogRequestStat]:
        """Request counts grouped by hour."""
        gen = await self._generation()
        query = dict(query_params or {})
        if filter is not None:
            query["filter"] = filter
        return await self._call(
            gen.logs.requests_stats(),
            plain_list_adapter(LogRequestStat),
            gen.logs.seed_query(query),
        )
