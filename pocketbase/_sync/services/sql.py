# Generated from pocketbase/_async/services/sql.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._generations import Feature, Req
from ..._pipeline import UNSET
from ..._services import item_adapter, request_config
from ...models import SQLResult
from .base import BaseService

__all__ = ["SQLService"]


class SQLService(BaseService):
    """The SQL console (superusers; servers 0.39+)."""

    __slots__ = ()

    def run(
        self,
        query: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> SQLResult:
        """Run one SQL statement on the main database (``POST /api/sql``).

        A read gives ``columns`` and ``rows`` (every cell as text or ``None``; the server sends
        at most 1000 rows); a write (``INSERT``, ``UPDATE``, ``DELETE``, ``CREATE``, ...) runs in a
        transaction and gives ``affected_rows``. SQL errors raise
        :class:`~pocketbase.BadRequestError` with the database's message.

        Args:
            query: the SQL statement.
            params: extra query-string parameters (``query`` is the SQL).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The result: ``columns`` and ``rows`` of a read, ``affected_rows`` of a write.

        Raises:
            UnsupportedFeatureError: the server is older than 0.39 (refused before sending, or the
                router's 404 of an older server reported as this).
            BadRequestError: the database refused the statement (its message says why).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        # ``query`` is the SQL text, so extra query-string parameters come as ``params`` (as
        # for ``collections.dry_run_view_query``)
        return self._call(
            Req("POST", "/api/sql", {"query": query}),
            item_adapter(SQLResult),
            params,
            feature=Feature.SQL,
            **request_config(headers, request_key),
        )
