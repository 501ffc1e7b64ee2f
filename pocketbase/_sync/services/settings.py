# Generated from pocketbase/_async/services/settings.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._services import body_dict
from .base import BaseService

__all__ = ["SettingsService"]


class SettingsService(BaseService):
    """Application settings (admin only); returned as plain dicts."""

    __slots__ = ()

    def get_all(self, query_params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every setting (secrets are masked or omitted by the server)."""
        data = self._client._call_json("/api/settings", method="GET", params=query_params or {})
        return data if isinstance(data, dict) and data else {}

    def update(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Change some settings (the server deep-merges); returns every setting."""
        data = self._client._call_json(
            "/api/settings",
            method="PATCH",
            params=query_params or {},
            body=body_dict(body_params),
        )
        return data if isinstance(data, dict) and data else {}

    def test_s3(self, query_params: Mapping[str, Any] | None = None) -> bool:
        """Check the S3 storage connection; returns True."""
        req = (self._client._generation()).settings_test_s3()
        self._client._send(
            req.path, {"method": req.method, "params": query_params or {}, "body": req.body}
        )
        return True

    def test_email(
        self,
        to_email: str,
        email_template: str,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a test email with one of the templates; returns True."""
        req = (self._client._generation()).settings_test_email(to_email, email_template)
        self._client._send(
            req.path, {"method": req.method, "params": query_params or {}, "body": req.body}
        )
        return True
