from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._generations import Req
from ..._services import body_dict
from .base import AsyncBaseService

__all__ = ["AsyncSettingsService"]


class AsyncSettingsService(AsyncBaseService):
    """Application settings (admin only); returned as plain dicts."""

    __slots__ = ()

    async def get_all(self, query_params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every setting (secrets are masked or omitted by the server)."""
        data = await self._json(Req("GET", "/api/settings"), query_params)
        return data if isinstance(data, dict) and data else {}

    async def update(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Change some settings (the server deep-merges); returns every setting."""
        data = await self._json(Req("PATCH", "/api/settings", body_dict(body_params)), query_params)
        return data if isinstance(data, dict) and data else {}

    async def test_s3(self, query_params: Mapping[str, Any] | None = None) -> bool:
        """Check the S3 storage connection; returns True."""
        return await self._ok(lambda gen: gen.settings.test_s3(), query_params)

    async def test_email(
        self,
        to_email: str,
        email_template: str,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a test email with one of the templates; returns True."""
        return await self._ok(
            lambda gen: gen.settings.test_email(to_email, email_template), query_params
        )
