"""The settings tests on each generation (0.8+ names the S3 filesystem to test)."""

from __future__ import annotations

from ._common import Req

__all__ = ["SettingsRoutes", "SettingsRoutes08"]


class SettingsRoutes:
    """0.7: the S3 test takes no body."""

    def test_s3(self) -> Req:
        return Req("POST", "/api/settings/test/s3")

    def test_email(self, to_email: str, template: str) -> Req:
        return Req("POST", "/api/settings/test/email", {"email": to_email, "template": template})


class SettingsRoutes08(SettingsRoutes):
    """0.8+: ``{"filesystem": "storage"}``."""

    def test_s3(self) -> Req:
        return Req("POST", "/api/settings/test/s3", {"filesystem": "storage"})
