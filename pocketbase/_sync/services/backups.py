# Generated from pocketbase/_async/services/backups.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from ..._admin import (
    RESTART_POLL_INTERVAL,
    backup_download_url,
    check_backup_key,
    restart_stream_error,
    restart_timeout_error,
    server_is_back,
    upload_name,
)
from ..._compat import current_time, sleep
from ..._errors import ServerError, TransportError, transport_error
from ..._generations import Feature, Req
from ..._http import encode_segment
from ..._pipeline import UNSET
from ..._realtime import REALTIME_PATH
from ..._services import item_adapter, modern_query, plain_list_adapter, request_config
from ...models import BackupFileInfo, HealthCheck
from .base import BaseService

__all__ = ["BackupService"]

#: how long ``restore`` waits, by default, for the server to restart and answer again
DEFAULT_RESTART_TIMEOUT = 60.0


class BackupService(BaseService):
    """Backups of the server's data (superusers; servers 0.16+, uploads 0.18+).

    Backup names (``key``) are file names such as ``pb_backup_20260101.zip``; a name with
    ``/``, ``\\`` or ``..`` is refused before anything is sent.
    """

    __slots__ = ()

    def get_full_list(
        self,
        *,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[BackupFileInfo]:
        """Every backup archive: ``key``, ``size`` (bytes) and ``modified``.

        Args:
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            One entry per backup archive.

        Raises:
            UnsupportedFeatureError: the server is older than 0.16 (refused before sending, or the
                router's 404 of an older server reported as this).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._call(
            Req("GET", "/api/backups"),
            plain_list_adapter(BackupFileInfo),
            modern_query(query, fields=fields),
            feature=Feature.BACKUPS,
            **request_config(headers, request_key),
        )

    def create(
        self,
        name: str = "",
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Create a backup of the current data; True once the archive is written.

        ``name`` must look like ``[a-z0-9_-]+.zip``; empty: the server names it
        ``pb_backup_<YYYYMMDDhhmmss>.zip``. One backup or restore runs at a time (a second
        gets :class:`~pocketbase.BadRequestError`).

        Args:
            name: the archive's name; empty, the server picks one.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            UnsupportedFeatureError: the server is older than 0.16 (refused before sending, or the
                router's 404 of an older server reported as this).
            BadRequestError: an invalid name, or another backup or restore is running.
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: a name that is not a plain file name (refused before sending), or
                any other failure: another HTTP error status, ``TransportError`` (no response) or
                ``RequestCancelledError`` (cancelled).
        """
        check_backup_key(name, allow_empty=True)
        return self._ok(
            Req("POST", "/api/backups", {"name": name}),
            modern_query(query),
            feature=Feature.BACKUPS,
            **request_config(headers, request_key),
        )

    def upload(
        self,
        file: Any,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Upload a backup archive (a zip; its file name becomes the backup's key); True.

        ``file``: an open binary file, or a ``("name.zip", bytes or file[, content_type])``
        tuple (plain bytes have no name). The server refuses a name that exists already.

        Args:
            file: the archive: an open binary file or a ``(name, data[, content_type])`` tuple.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            UnsupportedFeatureError: the server is older than 0.18 (refused before sending, or the
                router's 404 of an older server reported as this).
            BadRequestError: the server refused the file (not a zip, or its name exists already).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: a file without a usable name (refused before sending), or any other
                failure: another HTTP error status, ``TransportError`` (no response) or
                ``RequestCancelledError`` (cancelled).
        """
        upload_name(file)
        return self._ok(
            Req("POST", "/api/backups/upload", {"file": file}),
            modern_query(query),
            feature=Feature.BACKUP_UPLOAD,
            **request_config(headers, request_key),
        )

    def delete(
        self,
        key: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Delete the backup ``key``; True.

        Args:
            key: the backup's name.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            UnsupportedFeatureError: the server is older than 0.16 (refused before sending, or the
                router's 404 of an older server reported as this).
            NotFoundError: no backup with that name.
            BadRequestError: the backup is being used (e.g. by a running restore).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: a name that is not a plain file name (refused before sending), or
                any other failure: another HTTP error status, ``TransportError`` (no response) or
                ``RequestCancelledError`` (cancelled).
        """
        check_backup_key(key)
        return self._ok(
            Req("DELETE", f"/api/backups/{encode_segment(key)}"),
            modern_query(query),
            feature=Feature.BACKUPS,
            **request_config(headers, request_key),
        )

    def restore(
        self,
        key: str,
        *,
        restart_timeout: float = DEFAULT_RESTART_TIMEOUT,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Replace the server's data with the backup ``key`` and wait until the restarted
        server answers again; True.

        The server restarts itself in place to restore, so the call watches it go away and
        come back, for at most ``restart_timeout`` seconds (then
        :class:`~pocketbase.RequestTimeoutError`; the restore may still finish). Tokens of
        accounts that the backup does not hold stop working.

        Args:
            key: the backup's name.
            restart_timeout: the longest wait, in seconds, for the server to restart and answer.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True, once the restarted server answers.

        Raises:
            UnsupportedFeatureError: the server is older than 0.16 (refused before sending, or the
                router's 404 of an older server reported as this).
            NotFoundError: no backup with that name.
            BadRequestError: another backup or restore is running.
            RequestTimeoutError: the server did not restart, or did not answer again, within
                ``restart_timeout``.
            TransportError: the stream that watches the restart could not be opened (the restore was
                not sent).
            UnauthorizedError: not logged in as a superuser (admin).
            ClientResponseError: a name that is not a plain file name (refused before sending), or
                any other failure: another HTTP error status, ``TransportError`` (no response) or
                ``RequestCancelledError`` (cancelled).
        """
        check_backup_key(key)
        self._require(Feature.BACKUPS)
        deadline = current_time() + restart_timeout
        route = Req("POST", f"/api/backups/{encode_segment(key)}/restore")
        config = request_config(headers, request_key)
        http = self._http_client()
        url = self._client.build_url(REALTIME_PATH)
        try:
            with http.stream(
                "GET",
                url,
                headers=self._stream_headers(),
                timeout=_watch_timeout(http, restart_timeout),
            ) as watch:
                if watch.status_code != 200:
                    raise restart_stream_error(url, watch.status_code)
                self._ok(route, modern_query(query), feature=Feature.BACKUPS, **config)
                if not _closed_by_server(watch, deadline):
                    raise restart_timeout_error(url, key, restart_timeout, stopped=False)
        except httpx.HTTPError as exc:  # the watch stream could not be opened at all
            raise transport_error(exc, url, "GET") from None
        self._wait_until_back(key, deadline, restart_timeout)
        return True

    def get_download_url(self, token: str, key: str) -> str:
        """The URL that downloads the backup ``key`` (sends nothing).

        ``token`` is a superuser's file token (``POST /api/files/token``); it is part of the
        URL, so treat the URL as a secret: it works for anyone until the token expires.

        Args:
            token: a superuser's file token (``pb.files.get_token()`` while logged in as one).
            key: the backup's name.

        Returns:
            The absolute download URL, token included.

        Raises:
            UnsupportedFeatureError: the client already knows its server is a 0.7 one.
            ClientResponseError: a name that is not a plain file name, or an empty token (nothing is
                sent).
        """
        self._require_known(Feature.BACKUPS)
        return backup_download_url(self._client.base_url, token, key)

    # -- restore --------------------------------------------------------------------------------

    def _stream_headers(self) -> dict[str, str]:
        return {"Accept": "text/event-stream", "Accept-Language": self._client.lang}

    def _wait_until_back(self, key: str, deadline: float, restart_timeout: float) -> None:
        """Poll the health check until the restarted server answers (bounded by ``deadline``)."""
        route = Req("GET", "/api/health")
        while True:
            try:
                health = self._call(
                    route, item_adapter(HealthCheck), **request_config(request_key=None)
                )
                if server_is_back(health):
                    return
            except (TransportError, ServerError):
                pass  # down, or a proxy in front of it answering for it
            if current_time() >= deadline:
                url = self._client.build_url(route.path)
                raise restart_timeout_error(url, key, restart_timeout, stopped=True)
            sleep(RESTART_POLL_INTERVAL)


def _watch_timeout(http: httpx.Client, seconds: float) -> httpx.Timeout:
    """The client's own timeouts, except reads: the watch stream is idle until it closes."""
    base = http.timeout
    return httpx.Timeout(connect=base.connect, read=seconds, write=base.write, pool=base.pool)


def _closed_by_server(watch: httpx.Response, deadline: float) -> bool:
    """Read the watch stream until the server closes it (True) or the time is up (False)."""
    try:
        for _ in watch.iter_bytes():
            if current_time() >= deadline:
                return False
    except httpx.TimeoutException:
        return False
    except httpx.HTTPError:
        pass  # the connection dropped mid-stream: the old process went away
    return True
