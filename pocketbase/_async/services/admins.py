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
        return gen.admins_base()

    def _auth_normalizer(self, gen: Generation) -> Normalizer:
        return gen.normalize_admin_auth

    async def auth_via_email(
        self,
        email: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Log in an admin with email and password; saves the auth store."""
        gen = await self._client._generation()
        req = gen.admin_auth_with_password(email, password, body_params)
        return await self._auth(req, query_params, guest=True)

    async def refresh(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Refresh the stored admin token; saves the auth store."""
        gen = await self._client._generation()
        return await self._auth(gen.admin_refresh(body_params), query_params)

    async def request_password_reset(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a password reset email; returns True."""
        gen = await self._client._generation()
        return await self._ok(gen.admin_request_password_reset(email, body_params), query_params)

    async def confirm_password_reset(
        self,
        token: str,
        password: str,
        password_confirm: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> AdminAuthResponse:
        """Set a new password with a reset token (servers 0.8+ reply 204: ``token == ""``)."""
        gen = await self._client._generation()
        req = gen.admin_confirm_password_reset(token, password, password_confirm, body_params)
        return await self._auth(req, query_params)
