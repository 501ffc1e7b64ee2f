"""The seed's ``admins`` service on each generation: ``/api/admins`` (0.7-0.22, with the 0.8
action names) and the ``_superusers`` auth collection (0.23+).

The auth routes themselves are those of ``collection("_superusers")`` (:mod:`.auth`); the seed
adds its ``body_params`` and reshapes replies into ``{token, admin}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._common import SUPERUSERS, Normalizer, Req, merge, rename
from .auth import AuthRoutes, AuthRoutes08, AuthRoutes23

__all__ = ["AdminRoutes", "AdminRoutes08", "AdminRoutes23"]


def normalize_admin_auth(data: Any) -> Any:
    """An admin auth reply as ``{token, admin}`` (0.23+ sends ``{token, record}``).

    A 204 reply (``{}``) stays ``{}``: the service then returns ``token == ""`` and leaves the
    auth store alone.
    """
    return rename(data, "record", "admin")


class AdminRoutes:
    """0.7: ``/api/admins/auth-via-email`` and ``/api/admins/refresh``."""

    base = "/api/admins"
    #: the auth calls of ``_superusers`` on this generation
    auth: AuthRoutes = AuthRoutes()

    #: reshapes one admin of a CRUD reply (admins need none)
    normalize_item: Normalizer | None = None

    @staticmethod
    def _seed(req: Req, body: Mapping[str, Any] | None) -> Req:
        """``req`` with the caller's ``body_params`` merged in and the seed reply shape."""
        return Req(
            req.method, req.path, merge(req.body or {}, body), normalize=normalize_admin_auth
        )

    def auth_with_password(self, email: str, password: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.auth_with_password(SUPERUSERS, email, password, None), body)

    def refresh(self, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.auth_refresh(SUPERUSERS), body)

    def request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.request_password_reset(SUPERUSERS, email), body)

    def confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        req = self.auth.confirm_password_reset(SUPERUSERS, token, password, password_confirm)
        return self._seed(req, body)


class AdminRoutes08(AdminRoutes):
    """0.8-0.22: the same routes with the ``auth-with-password``/``auth-refresh`` names."""

    auth = AuthRoutes08()


class AdminRoutes23(AdminRoutes08):
    """0.23+: admins are the ``_superusers`` auth collection."""

    base = f"/api/collections/{SUPERUSERS}/records"
    auth = AuthRoutes23()
