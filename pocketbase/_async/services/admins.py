from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._generations import Generation, Normalizer
from ...models import Admin, AdminAuthResponse
from .base import AsyncAuthCrudService

__all__ = ["AsyncAdminService"]


class AsyncAdminService(AsyncAuthCrudService[Admin, AdminAuthResponse]):
    """Admin accounts (``_superusers`` on servers 0.23+)."""

    __slots__ = ()

    model = Admin
    auth_model = AdminAuthResponse
    auth_key = "admin"

    def _base_path(self, gen: Generation) -> str:
        return gen.admins.base

    def _normalizer(self, gen: Generation) -> Normalizer | None:
        return gen.admins.normalize_item

    async def auth_via_email(
        self,
        email: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Log in an admin with email and password; saves the auth store."""
        return await self._auth(
            lambda gen: gen.admins.auth_with_password(email, password, body_params),
            query_params,
            guest=True,
        )

    async def refresh(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Refresh the stored admin token; saves the auth store."""
        return await self._auth(lambda gen: gen.admins.refresh(body_params), query_params)

    async def request_password_reset(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a password reset email; returns True."""
        return await self._ok(
            lambda gen: gen.admins.request_password_reset(email, body_params), query_params
        )

    async def confirm_password_reset(
        self,
        token: str,
        password: str,
        password_confirm: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Set a new password with a reset token (servers 0.8+ reply 204: ``token == ""``)."""
        return await self._auth(
            lambda gen: gen.admins.confirm_password_reset(
                token, password, password_confirm, body_params
            ),
            query_params,
        )
