# Generated from pocketbase/_async/services/logs.py by scripts/unasync.py. Do not edit: edit the async source.
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
from .base import BaseService

__all__ = ["LogService"]

LOGS_PATH = "/api/logs"


class LogService(BaseService):
    """Logs (admin only): the seed's request-log calls, and the logs API of servers 0.20+
    (``get_list``, ``get_one``, ``get_stats``; ``truncate`` on 0.40+)."""

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
        """One page of request logs.

        Args:
            page: the page number, from 1.
            per_page: the logs per page.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression over the request log's fields (``method``, ``status``,
                ``url``, ...).
            sort: sort fields, e.g. ``"-created,title"``.

        Returns:
            The page: its request logs and the paging totals.

        Raises:
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        gen = self._generation()
        query = gen.logs.seed_query(list_query(page, per_page, query_params, filter, sort))
        return self._call(gen.logs.requests_list(), list_adapter(LogRequest), query)

    def get_request(self, id: str, query_params: Mapping[str, Any] | None = None) -> LogRequest:
        """One request log by id.

        Args:
            id: the request log's id.
            query_params: extra query parameters.

        Returns:
            The request log.

        Raises:
            NotFoundError: no request log with that id.
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._call(
            lambda gen: gen.logs.request_one(id), item_adapter(LogRequest), query_params
        )

    def get_requests_stats(
        self, query_params: Mapping[str, Any] | None = None, *, filter: str | None = None
    ) -> list[LogRequestStat]:
        """Request counts grouped by hour.

        Args:
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression over the request log's fields.

        Returns:
            One entry per hour with requests: the hour and its count.

        Raises:
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        gen = self._generation()
        query = dict(query_params or {})
        if filter is not None:
            query["filter"] = filter
        return self._call(
            gen.logs.requests_stats(),
            plain_list_adapter(LogRequestStat),
            gen.logs.seed_query(query),
        )

    # -- the logs API (servers 0.20+) --------------------------------------------------------

    def get_list(
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
        ``data.type = 'request'``, ``data.status``, ``data.url``, ...).

        Args:
            page: the page number, from 1.
            per_page: the entries per page.
            filter: a filter expression over the log's fields (bind user input with
                ``pb.filter()``).
            sort: sort fields, e.g. ``"-created"``.
            fields: the fields to return: a comma-separated string or a sequence of names.
            skip_total: skip counting the matches (faster; ``total_items`` and ``total_pages`` are
                then -1).
            query: extra query parameters (the options above win over the same keys).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The page: its log entries and the paging totals.

        Raises:
            UnsupportedFeatureError: the server is older than 0.20 (refused before sending, or the
                router's 404 of an older server reported as this).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        params = modern_query(
            query,
            filter=filter,
            sort=sort,
            fields=fields,
            skip_total=skip_total,
            page=page,
            perPage=per_page,
        )
        return self._call(
            Req("GET", LOGS_PATH),
            list_adapter(Log),
            params,
            feature=Feature.LOGS_API,
            **request_config(headers, request_key),
        )

    def get_one(
        self,
        id: str,
        *,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> Log:
        """One log entry by id (an empty id raises a 404 without sending anything).

        Args:
            id: the entry's id.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The log entry.

        Raises:
            NotFoundError: no entry with that id (also for an empty id, before sending).
            UnsupportedFeatureError: the server is older than 0.20 (refused before sending, or the
                router's 404 of an older server reported as this).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        if not id:
            raise missing_log_id_error(self._client.build_url(LOGS_PATH + "/"))
        return self._call(
            Req("GET", f"{LOGS_PATH}/{encode_segment(id)}"),
            item_adapter(Log),
            modern_query(query, fields=fields),
            feature=Feature.LOGS_API,
            **request_config(headers, request_key),
        )

    def get_stats(
        self,
        *,
        filter: str | None = None,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[LogStat]:
        """The number of log entries per hour (of those matching ``filter``).

        Args:
            filter: a filter expression over the log's fields.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters (the options above win over the same keys).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            One entry per hour with logs: the hour and its count.

        Raises:
            UnsupportedFeatureError: the server is older than 0.20 (refused before sending, or the
                router's 404 of an older server reported as this).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._call(
            Req("GET", f"{LOGS_PATH}/stats"),
            plain_list_adapter(LogStat),
            modern_query(query, filter=filter, fields=fields),
            feature=Feature.LOGS_API,
            **request_config(headers, request_key),
        )

    def truncate(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Delete every log entry (servers 0.40+); True.

        Args:
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            UnsupportedFeatureError: the server is older than 0.40 (refused before sending, or the
                router's 404 of an older server reported as this).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return self._ok(
            Req("DELETE", LOGS_PATH),
            modern_query(query),
            feature=Feature.LOGS_TRUNCATE,
            **request_config(headers, request_key),
        )
