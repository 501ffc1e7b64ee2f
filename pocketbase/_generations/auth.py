"""Auth on any auth collection (the auth calls of ``collection(name)``) on each generation.

- ``"0.7"``: only ``users`` (``/api/users/*``) and ``_superusers`` (the admin routes
  ``/api/admins/*``), with the 0.7 action names (``auth-via-email``, ``auth-via-oauth2``,
  ``refresh``) and ``email`` as the login key;
- ``"0.8"`` (0.8-0.22): every auth collection under ``/api/collections/{name}``, except
  ``_superusers``, which maps to the admin routes (password login, refresh, password reset);
  the auth methods come as flags and are mapped into the 0.23+ shape; external auths are a
  sub-route of the record;
- ``"0.23"``: everything under ``/api/collections/{name}``; external auths are records of
  ``_externalAuths``; OTP, MFA and impersonation exist.

Every auth reply is reshaped into ``{token, record[, meta]}``. A call the generation cannot
serve raises :class:`~pocketbase.UnsupportedFeatureError` while its route is built, so
nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._http import encode_segment
from .._js import js_json_stringify
from ._common import EXTERNAL_AUTHS, SUPERUSERS, USERS, Req, rename
from .capabilities import Feature, ServerApi, supports, unsupported_error

__all__ = [
    "AUTH_METHODS_FIELDS",
    "AuthRoutes",
    "AuthRoutes08",
    "AuthRoutes23",
    "auth_methods_from_flags",
    "normalize_external_auths",
    "normalize_record_auth",
]

#: the ``fields`` the JS SDK 0.28.1 asks for on 0.23+ (drops the legacy keys of the reply)
AUTH_METHODS_FIELDS = "mfa,otp,password,oauth2"

_OFF = {"enabled": False, "duration": 0}


def normalize_record_auth(data: Any) -> Any:
    """An auth reply as ``{token, record[, meta]}`` (0.7-0.22 send ``user`` or ``admin``)."""
    return rename(rename(data, "user", "record"), "admin", "record")


def auth_methods_from_flags(data: Any) -> Any:
    """A 0.7-0.22 auth methods reply (``emailPassword``, ``usernamePassword``,
    ``authProviders``) in the 0.23+ shape; MFA and OTP do not exist there (off)."""
    if not isinstance(data, Mapping):
        return data
    identity = [
        field
        for field, flag in (("email", "emailPassword"), ("username", "usernamePassword"))
        if data.get(flag) is True
    ]
    raw = data.get("authProviders")
    providers = [p for p in (raw if isinstance(raw, list) else []) if isinstance(p, Mapping)]
    return {
        "password": {"enabled": bool(identity), "identityFields": identity},
        "oauth2": {"enabled": bool(providers), "providers": providers},
        "mfa": dict(_OFF),
        "otp": dict(_OFF),
    }


def normalize_external_auths(data: Any) -> list[dict[str, Any]]:
    """External auth links as a plain list of ``ExternalAuth`` dicts (a list reply's ``items``
    on 0.23+), each with ``userId``: the linked record's id (``recordId``/``recordRef``)."""
    if isinstance(data, Mapping) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        return []
    items = [dict(item) for item in data if isinstance(item, Mapping)]
    for item in items:
        if "userId" not in item:
            item["userId"] = item.get("recordId", item.get("recordRef", ""))
    return items


def _with_mfa(body: dict[str, Any], mfa_id: str | None) -> dict[str, Any]:
    # in the body, never in the query: httpx logs request URLs
    if mfa_id:
        body["mfaId"] = mfa_id
    return body


class AuthRoutes:
    """0.7: ``users`` and the admins only."""

    generation: ServerApi = "0.7"
    login_action = "auth-via-email"
    refresh_action = "refresh"
    oauth2_action = "auth-via-oauth2"
    identity_key = "email"
    redirect_key = "redirectUrl"

    # -- paths -----------------------------------------------------------------------------

    def _unsupported(self, feature: Feature) -> Exception:
        return unsupported_error(self.generation, feature)

    def _require(self, feature: Feature) -> None:
        if not supports(self.generation, feature):
            raise self._unsupported(feature)

    def actions(self, collection: str) -> str:
        """The prefix of the auth actions of ``collection``."""
        if collection == SUPERUSERS:
            return "/api/admins"
        if collection == USERS:
            return "/api/users"
        raise self._unsupported(Feature.AUTH_COLLECTIONS)

    def records(self, collection: str) -> str:
        """The records of ``collection`` (where external auth links hang)."""
        return self.actions(collection)

    def _full(self, collection: str) -> str:
        """The actions of a collection that has every auth method of this generation
        (``_superusers`` on the admin routes has only password, refresh and resets)."""
        if collection == SUPERUSERS and self.generation != "0.23":
            raise self._unsupported(Feature.SUPERUSER_AUTH)
        return self.actions(collection)

    def _post(self, path: str, body: dict[str, Any] | None) -> Req:
        return Req("POST", path, body, normalize=normalize_record_auth)

    # -- logins ----------------------------------------------------------------------------

    def auth_methods(self, collection: str) -> Req:
        path = f"{self._full(collection)}/auth-methods"
        return Req("GET", path, normalize=auth_methods_from_flags)

    def auth_with_password(
        self, collection: str, identity: str, password: str, mfa_id: str | None
    ) -> Req:
        if mfa_id:
            self._require(Feature.MFA)
        body = _with_mfa({self.identity_key: identity, "password": password}, mfa_id)
        return self._post(f"{self.actions(collection)}/{self.login_action}", body)

    def auth_with_oauth2_code(
        self,
        collection: str,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        create_data: Mapping[str, Any] | None,
        mfa_id: str | None,
    ) -> Req:
        if mfa_id:
            self._require(Feature.MFA)
        body: dict[str, Any] = {
            "provider": provider,
            "code": code,
            "codeVerifier": code_verifier,
            self.redirect_key: redirect_url,
        }
        if create_data is not None:
            body["createData"] = dict(create_data)
        path = f"{self._full(collection)}/{self.oauth2_action}"
        return self._post(path, _with_mfa(body, mfa_id))

    def check_oauth2_all_in_one(self, collection: str) -> None:
        """Raise unless the all-in-one OAuth2 flow (the ``@oauth2`` topic) exists here."""
        self._require(Feature.OAUTH2_ALL_IN_ONE)
        self._full(collection)

    def auth_refresh(self, collection: str) -> Req:
        return self._post(f"{self.actions(collection)}/{self.refresh_action}", None)

    def request_otp(self, collection: str, email: str) -> Req:
        self._require(Feature.OTP)
        return Req("POST", f"{self._full(collection)}/request-otp", {"email": email})

    def auth_with_otp(self, collection: str, otp_id: str, password: str, mfa_id: str | None) -> Req:
        self._require(Feature.OTP)
        body = _with_mfa({"otpId": otp_id, "password": password}, mfa_id)
        return self._post(f"{self._full(collection)}/auth-with-otp", body)

    def impersonate(self, collection: str, record_id: str, duration: float) -> Req:
        self._require(Feature.IMPERSONATE)
        path = f"{self._full(collection)}/impersonate/{encode_segment(record_id)}"
        return self._post(path, {"duration": duration})

    # -- e-mail flows ----------------------------------------------------------------------

    def request_password_reset(self, collection: str, email: str) -> Req:
        path = f"{self.actions(collection)}/request-password-reset"
        return Req("POST", path, {"email": email})

    def confirm_password_reset(
        self, collection: str, token: str, password: str, password_confirm: str
    ) -> Req:
        body = {"token": token, "password": password, "passwordConfirm": password_confirm}
        return Req("POST", f"{self.actions(collection)}/confirm-password-reset", body)

    def request_verification(self, collection: str, email: str) -> Req:
        path = f"{self._full(collection)}/request-verification"
        return Req("POST", path, {"email": email})

    def confirm_verification(self, collection: str, token: str) -> Req:
        path = f"{self._full(collection)}/confirm-verification"
        return Req("POST", path, {"token": token})

    def request_email_change(self, collection: str, new_email: str) -> Req:
        path = f"{self._full(collection)}/request-email-change"
        return Req("POST", path, {"newEmail": new_email})

    def confirm_email_change(self, collection: str, token: str, password: str) -> Req:
        path = f"{self._full(collection)}/confirm-email-change"
        return Req("POST", path, {"token": token, "password": password})

    # -- external auths --------------------------------------------------------------------

    def list_external_auths(self, collection: str, record_id: str) -> Req:
        self._full(collection)
        path = f"{self.records(collection)}/{encode_segment(record_id)}/external-auths"
        return Req("GET", path, normalize=normalize_external_auths)

    def unlink_external_auth(self, collection: str, record_id: str, provider: str) -> Req | None:
        """The DELETE of one link, or None when the link must be found first
        (:meth:`find_external_auth`, then :meth:`delete_external_auth`)."""
        self._full(collection)
        record, name = encode_segment(record_id), encode_segment(provider)
        return Req("DELETE", f"{self.records(collection)}/{record}/external-auths/{name}")

    def find_external_auth(self, record_id: str, provider: str) -> Req:
        raise NotImplementedError("this generation unlinks by record id and provider")

    def delete_external_auth(self, external_auth_id: str) -> Req:
        raise NotImplementedError("this generation unlinks by record id and provider")


class AuthRoutes08(AuthRoutes):
    """0.8-0.22: auth collections; ``_superusers`` on the admin routes."""

    generation: ServerApi = "0.8"
    login_action = "auth-with-password"
    refresh_action = "auth-refresh"
    oauth2_action = "auth-with-oauth2"
    identity_key = "identity"
    # 0.8-0.22 read the body keys case-insensitively: the 0.23+ spelling works there too
    redirect_key = "redirectURL"

    def actions(self, collection: str) -> str:
        if collection == SUPERUSERS:
            return "/api/admins"
        return f"/api/collections/{encode_segment(collection)}"

    def records(self, collection: str) -> str:
        return f"{self.actions(collection)}/records"


class AuthRoutes23(AuthRoutes08):
    """0.23+: every auth method on every auth collection, ``_superusers`` included."""

    generation: ServerApi = "0.23"

    def actions(self, collection: str) -> str:
        return f"/api/collections/{encode_segment(collection)}"

    def auth_methods(self, collection: str) -> Req:
        path = f"{self.actions(collection)}/auth-methods"
        return Req("GET", path, params={"fields": AUTH_METHODS_FIELDS})

    def list_external_auths(self, collection: str, record_id: str) -> Req:
        params = {
            "page": 1,
            "perPage": 1000,
            "skipTotal": 1,
            "filter": f"recordRef = {js_json_stringify(str(record_id))}",
        }
        return Req("GET", _EXTERNAL_AUTH_RECORDS, params=params, normalize=normalize_external_auths)

    def unlink_external_auth(self, collection: str, record_id: str, provider: str) -> Req | None:
        return None

    def find_external_auth(self, record_id: str, provider: str) -> Req:
        expr = f"recordRef = {js_json_stringify(str(record_id))} && provider = {js_json_stringify(provider)}"
        params = {"page": 1, "perPage": 1, "filter": expr, "skipTotal": 1}
        return Req("GET", _EXTERNAL_AUTH_RECORDS, params=params, normalize=normalize_external_auths)

    def delete_external_auth(self, external_auth_id: str) -> Req:
        return Req("DELETE", f"{_EXTERNAL_AUTH_RECORDS}/{encode_segment(external_auth_id)}")


_EXTERNAL_AUTH_RECORDS = f"/api/collections/{EXTERNAL_AUTHS}/records"
