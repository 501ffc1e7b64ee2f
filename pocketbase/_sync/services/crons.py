# Generated from pocketbase/_async/services/crons.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..._admin import check_cron_id, unknown_cron_error
from ..._errors import ClientResponseError
from ..._generations import Feature, Req
from ..._http import encode_segment
from ..._pipeline import UNSET
from ..._services import modern_query, plain_list_adapter, request_config
from ...models import CronJob
from .base import BaseService

__all__ = ["CronService"]


class CronService(BaseService):
    """The server's cron jobs (superusers; servers 0.24+)."""

    __slots__ = ()

    def get_full_list(
        self,
        *,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[CronJob]:
        """Every registered cron job (the server's own ``__pb...__`` jobs included).

        Args:
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            One entry per job: its ``id`` and cron ``expression``.

        Raises:
            UnsupportedFeatureError: the server is older than 0.24 (refused before sending, or the
                router's 404 of an older server reported as this).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._call(
            Req("GET", "/api/crons"),
            plain_list_adapter(CronJob),
            modern_query(query, fields=fields),
            feature=Feature.CRONS,
            **request_config(headers, request_key),
        )

    def run(
        self,
        job_id: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Run the cron job ``job_id`` now (it runs in the background on the server); True.

        An unknown id raises :class:`~pocketbase.NotFoundError` naming it.

        Args:
            job_id: the job's id (see ``get_full_list()``).
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            UnsupportedFeatureError: the server is older than 0.24 (refused before sending, or the
                router's 404 of an older server reported as this).
            NotFoundError: no cron job with that id (the message names it).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: an empty or non-string id (refused before sending), or any other
                failure: another HTTP error status, ``TransportError`` (no response) or
                ``RequestCancelledError`` (cancelled).
        """
        check_cron_id(job_id)
        try:
            return self._ok(
                Req("POST", f"/api/crons/{encode_segment(job_id)}"),
                modern_query(query),
                feature=Feature.CRONS,
                **request_config(headers, request_key),
            )
        except ClientResponseError as exc:
            raise unknown_cron_error(exc, job_id) from None
