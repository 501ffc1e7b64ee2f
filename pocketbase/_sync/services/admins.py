# Generated from pocketbase/_async/services/admins.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._generations import Generation, Normalizer
from ...models import Admin, AdminAuthResponse
from .base import AuthCrudService

__all__ = ["AdminService"]


class AdminService(AuthCrudService[Admin, AdminAuthResponse]):
    """Admin accounts (``_superusers`` on servers 0.23+)."""

    __slots__ = ()

    model = Admin
    auth_model = AdminAuthResponse
    auth_key = "admin"

    def _base_path(self, gen: Generation) -> str:
        return gen.admins.base

    def _normalizer(self, gen: Generation) -> Normalizer | None:
        return gen.admins.normalize_item

    def auth_via_email(
        self,
        email: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Log in an admin with email and password; saves the auth store.

        Args:
            email: the admin's email.
            password: the admin's password.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The token and the admin.

        Raises:
            BadRequestError: wrong email or password (the server answers 400 for a failed login).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._auth(
            lambda gen: gen.admins.auth_with_password(email, password, body_params),
            query_params,
            guest=True,
        )

    def refresh(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Refresh the stored admin token; saves the auth store.

        Args:
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            A new token and the admin.

        Raises:
            UnauthorizedError: the stored token is missing, expired or not an admin's.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._auth(lambda gen: gen.admins.refresh(body_params), query_params)

    def request_password_reset(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a password reset email; returns True.

        Args:
            email: the admin's email.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            BadRequestError: the email is invalid (or, on some servers, unknown).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return self._ok(
            lambda gen: gen.admins.request_password_reset(email, body_params), query_params
        )

    def confirm_password_reset(
        self,
        token: str,
        password: str,
        password_confirm: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Set a new password with a reset token (servers 0.8+ reply 204: ``token == ""``).

        Args:
            token: the token from the reset email.
            password: the new password.
            password_confirm: the new password again.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The auth reply (a token and the admin on 0.7; empty, ``token == ""``, on 0.8+).

        Raises:
            BadRequestError: an invalid or expired token, or passwords that do not match.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._auth(
            lambda gen: gen.admins.confirm_password_reset(
                token, password, password_confirm, body_params
            ),
            query_params,
        )
