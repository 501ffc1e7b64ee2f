"""The settings tests on each generation (0.8+ names the S3 filesystem to test)."""

from __future__ import annotations

from typing import Any

from ._common import Req
from .capabilities import Feature, unsupported_error

__all__ = ["SettingsRoutes", "SettingsRoutes08"]

#: the S3 filesystem of uploaded files (the other is ``"backups"``, servers 0.16+)
STORAGE = "storage"


class SettingsRoutes:
    """0.7: the S3 test takes no body (and only the storage filesystem exists)."""

    def test_s3(self, filesystem: str = STORAGE) -> Req:
        if filesystem != STORAGE:
            raise unsupported_error("0.7", Feature.BACKUPS)
        return Req("POST", "/api/settings/test/s3")

    def test_email(self, to_email: str, template: str, collection: str | None = None) -> Req:
        body: dict[str, Any] = {"email": to_email, "template": template}
        if collection is not None:  # 0.23+ picks the auth collection's template; older ignore it
            body["collection"] = collection
        return Req("POST", "/api/settings/test/email", body)


class SettingsRoutes08(SettingsRoutes):
    """0.8+: ``{"filesystem": "storage"}`` or ``"backups"``."""

    def test_s3(self, filesystem: str = STORAGE) -> Req:
        return Req("POST", "/api/settings/test/s3", {"filesystem": filesystem})
