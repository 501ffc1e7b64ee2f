from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

from ..._generations import Feature, Req
from ..._pipeline import UNSET
from ..._services import body_dict, item_adapter, merged_query, request_config
from ...models import _AppleClientSecret
from .base import AsyncBaseService

__all__ = ["AsyncSettingsService"]


class AsyncSettingsService(AsyncBaseService):
    """Application settings (admin only); returned as plain dicts."""

    __slots__ = ()

    async def get_all(self, query_params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every setting (secrets are masked or omitted by the server).

        Args:
            query_params: extra query parameters.

        Returns:
            The settings, as the server sends them (``{}`` for an empty reply).

        Raises:
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        data = await self._json(Req("GET", "/api/settings"), query_params)
        return data if isinstance(data, dict) and data else {}

    async def update(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Change some settings (the server deep-merges); returns every setting.

        Args:
            body_params: the settings to change, nested as the server names them.
            query_params: extra query parameters.

        Returns:
            Every setting after the change.

        Raises:
            BadRequestError: the server rejected a value (``err.data["data"]`` per setting).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        data = await self._json(Req("PATCH", "/api/settings", body_dict(body_params)), query_params)
        return data if isinstance(data, dict) and data else {}

    @overload
    async def test_s3(
        self,
        filesystem: str = "storage",
        query_params: Mapping[str, Any] | None = None,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool: ...

    @overload
    async def test_s3(self, filesystem: Mapping[str, Any] | None, /) -> bool: ...

    async def test_s3(
        self,
        filesystem: str | Mapping[str, Any] | None = "storage",
        query_params: Mapping[str, Any] | None = None,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Check the connection to the S3 ``filesystem`` (``"storage"`` for uploaded files,
        ``"backups"`` for backups, servers 0.16+); True, or
        :class:`~pocketbase.BadRequestError` with the S3 error.

        The seed's form ``test_s3(query_params)`` (a mapping first) still works.

        Args:
            filesystem: ``"storage"`` or ``"backups"`` (or, in the seed's form, the query mapping).
            query_params: extra query parameters.
            query: extra query parameters (beside ``query_params``; this one wins).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            BadRequestError: S3 is not configured for ``filesystem`` or the connection failed (the
                S3 error in the message).
            UnsupportedFeatureError: ``"backups"`` on a 0.7 server (nothing is sent).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        if filesystem is None or isinstance(filesystem, Mapping):
            query_params, filesystem = filesystem, "storage"
        fs = filesystem
        return await self._ok(
            lambda gen: gen.settings.test_s3(fs),
            merged_query(query_params, query),
            **_hybrid_config(query_params, query, headers, request_key),
        )

    async def test_email(
        self,
        to_email: str,
        email_template: str,
        query_params: Mapping[str, Any] | None = None,
        *,
        collection: str | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Send a test email with one of the templates (``verification``,
        ``password-reset``, ``email-change``; 0.23+ also ``otp`` and ``login-alert``); True.

        ``collection``: the auth collection whose template to use (0.23+; servers before
        ignore it; unset: the server's default).

        Args:
            to_email: the address to send the test email to.
            email_template: the template: ``"verification"``, ``"password-reset"``,
                ``"email-change"`` (0.23+ also ``"otp"``, ``"login-alert"``).
            query_params: extra query parameters.
            collection: the auth collection whose template to use (0.23+).
            query: extra query parameters (beside ``query_params``; this one wins).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            BadRequestError: an invalid address or template, or the email could not be sent.
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return await self._ok(
            lambda gen: gen.settings.test_email(to_email, email_template, collection),
            merged_query(query_params, query),
            **_hybrid_config(query_params, query, headers, request_key),
        )

    async def generate_apple_client_secret(
        self,
        client_id: str,
        team_id: str,
        key_id: str,
        private_key: str,
        duration: int,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> str:
        """A client secret for "Sign in with Apple" (an ES256 JWT valid for ``duration``
        seconds, at most about six months), signed by the server with ``private_key`` (the
        PEM of the ``.p8`` key from Apple; ``team_id`` and ``key_id`` are 10 characters).

        Args:
            client_id: the Apple Services ID.
            team_id: the Apple team id (10 characters).
            key_id: the key's id (10 characters).
            private_key: the PEM text of the ``.p8`` private key.
            duration: the secret's lifetime in seconds.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The client secret (a JWT).

        Raises:
            UnsupportedFeatureError: the server is older than 0.14 (refused before sending, or the
                router's 404 of an older server reported as this).
            BadRequestError: the server rejected a value (e.g. an invalid key or a too long
                duration).
            UnauthorizedError: not logged in as an admin (superuser).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        reply = await self._call(
            Req(
                "POST",
                "/api/settings/apple/generate-client-secret",
                {
                    "clientId": client_id,
                    "teamId": team_id,
                    "keyId": key_id,
                    "privateKey": private_key,
                    "duration": duration,
                },
            ),
            item_adapter(_AppleClientSecret),
            merged_query(None, query),
            feature=Feature.APPLE_CLIENT_SECRET,
            **request_config(headers, request_key),
        )
        return reply.secret


def _hybrid_config(
    query_params: Mapping[str, Any] | None,
    query: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    request_key: str | None,
) -> dict[str, Any]:
    """The config of a seed method that also takes the modern options: a modern call (the
    JS SDK 0.28.1's wire) when one of them is used without the seed's ``query_params``, else
    the seed's call (0.7.4's wire, e.g. ``test_s3()`` on 0.7 sends no ``Content-Type``)."""
    modern = query_params is None and (
        query is not None or bool(headers) or request_key is not UNSET
    )
    return request_config(headers, request_key, modern=modern)
