"""The seed's ``admins`` service on each generation: ``/api/admins`` (0.7-0.22, with the 0.8
action names) and the ``_superusers`` auth collection (0.23+)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._common import SUPERUSERS, Normalizer, Req, merge, rename

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
    #: the auth actions' prefix
    actions = "/api/admins"
    login_action = "auth-via-email"
    refresh_action = "refresh"
    #: the body key of the login e-mail
    identity_key = "email"

    #: reshapes one admin of a CRUD reply (admins need none)
    normalize_item: Normalizer | None = None

    def _action(self, action: str, body: dict[str, Any] | None = None) -> Req:
        return Req("POST", f"{self.actions}/{action}", body, normalize=normalize_admin_auth)

    def auth_with_password(self, email: str, password: str, body: Mapping[str, Any] | None) -> Req:
        payload = merge({self.identity_key: email, "password": password}, body)
        return self._action(self.login_action, payload)

    def refresh(self, body: Mapping[str, Any] | None) -> Req:
        return self._action(self.refresh_action, merge({}, body))

    def request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return self._action("request-password-reset", merge({"email": email}, body))

    def confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        payload = {"token": token, "password": password, "passwordConfirm": password_confirm}
        return self._action("confirm-password-reset", merge(payload, body))


class AdminRoutes08(AdminRoutes):
    """0.8-0.22: the same routes with the ``auth-with-password``/``auth-refresh`` names."""

    login_action = "auth-with-password"
    refresh_action = "auth-refresh"
    identity_key = "identity"


class AdminRoutes23(AdminRoutes08):
    """0.23+: admins are the ``_superusers`` auth collection."""

    base = f"/api/collections/{SUPERUSERS}/records"
    actions = f"/api/collections/{SUPERUSERS}"
