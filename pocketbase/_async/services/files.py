"""``pb.files``: file URLs (no request) and tokens for protected files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel as PydanticModel, Field

from ..._generations import Feature, Req
from ..._pipeline import UNSET
from ..._services import item_adapter, modern_file_url, request_config
from ...models import Record
from .base import AsyncBaseService

__all__ = ["AsyncFileService"]


class _TokenReply(PydanticModel):
    """The reply of ``POST /api/files/token``."""

    token: str | None = Field(default=None, repr=False)


class AsyncFileService(AsyncBaseService):
    """The files of records: their URLs and the tokens that open protected ones."""

    __slots__ = ()

    def get_url(
        self,
        record: Record | Mapping[str, Any],
        filename: str,
        *,
        thumb: str | None = None,
        download: bool = False,
        token: str | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> str:
        """The URL of one of ``record``'s files; nothing is sent.

        ``thumb`` (e.g. ``"100x100"``) asks for a thumbnail of an image, ``download=True``
        for ``Content-Disposition: attachment``, ``token`` (from :meth:`get_token`) opens a
        protected file; ``query`` adds other params. ``""`` when ``filename`` is empty or the
        record has no id or collection (as the JS SDK).

        Args:
            record: the record (a ``Record`` or its dict).
            filename: the file's name, as stored in the record.
            thumb: a thumbnail size, e.g. ``"100x100"``.
            download: ask the server to send the file as an attachment.
            token: a file token, for a protected file.
            query: other query parameters.

        Returns:
            The absolute URL, or ``""``.
        """
        return modern_file_url(
            self._client.base_url,
            record,
            filename,
            {**(query or {}), "thumb": thumb, "download": download or None, "token": token},
        )

    async def get_token(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> str:
        """A short-lived token for protected files of the logged-in user or admin (pass it as
        ``get_url(..., token=...)``); ``""`` when the server gives none. Needs PocketBase
        0.15 or later.

        Args:
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The token, or ``""``.

        Raises:
            UnsupportedFeatureError: the server is older than 0.15 (refused before sending, or the
                router's 404 of an older server reported as this).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        reply = await self._call(
            Req("POST", "/api/files/token"),
            item_adapter(_TokenReply),
            query,
            feature=Feature.FILE_TOKENS,
            **request_config(headers, request_key),
        )
        return reply.token or ""
