from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..._admin import missing_log_id_error
from ..._generations import Feature, Req
from ..._http import encode_segment
from ..._pipeline import UNSET
from ..._services import (
    item_adapter,
    list_adapter,
    list_query,
    modern_query,
    plain_list_adapter,
    request_config,
)
from ...models import ListResult, Log, LogRequest, LogRequestStat, LogStat
from .base import AsyncBaseService

__all__ = ["AsyncLogService"]

LOGS_PATH = "/api/logs"


class AsyncLogService(AsyncBaseService):
    """Logs (admin only): the seed's request-log calls, and the logs API of servers 0.20+
    (``get_list``, ``get_one``, ``get_stats``; ``truncate`` on 0.40+)."""

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

    # -- the logs API (servers 0.20+) --------------------------------------------------------

    async def get_list(
        self,
        page: int = 1,
        per_page: int = 30,
        *,
        filter: str | None = None,
        sort: str | None = None,
        fields: str | Sequence[str] | None = None,
        skip_total: bool | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> ListResult[Log]:
        """One page of log entries of every kind, as the server stores them.

        ``filter``/``sort`` use the log's own fields: ``level`` (``8`` error, ``4`` warning,
        ``0`` info, ``-4`` debug), ``message``, ``created`` and ``data.*`` (request logs have
        ``data.type = 'request'``, ``data.status``, ``data.url``, ...)."""
        params = modern_query(
            query,
            filter=filter,
            sort=sort,
            fields=fields,
            skip_total=skip_total,
            page=page,
            perPage=per_page,
        )
        return await self._call(
            Req("GET", LOGS_PATH),
            list_adapter(Log),
            params,
            feature=Feature.LOGS_API,
            **request_config(headers, request_key),
        )

    async def get_one(
        self,
        id: str,
        *,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> Log:
        """One log entry by id (an empty id raises a 404 without sending anything)."""
        if not id:
            raise missing_log_id_error(self._client.build_url(LOGS_PATH + "/"))
        return await self._call(
            Req("GET", f"{LOGS_PATH}/{encode_segment(id)}"),
            item_adapter(Log),
            modern_query(query, fields=fields),
            feature=Feature.LOGS_API,
            **request_config(headers, request_key),
        )

    async def get_stats(
        self,
        *,
        filter: str | None = None,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[LogStat]:
        """The number of log entries per hour (of those matching ``filter``)."""
        return await self._call(
            Req("GET", f"{LOGS_PATH}/stats"),
            plain_list_adapter(LogStat),
            modern_query(query, filter=filter, fields=fields),
            feature=Feature.LOGS_API,
            **request_config(headers, request_key),
        )

    async def truncate(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Delete every log entry (servers 0.40+); True."""
        return await self._ok(
            Req("DELETE", LOGS_PATH),
            modern_query(query),
            feature=Feature.LOGS_TRUNCATE,
            **request_config(headers, request_key),
        )
