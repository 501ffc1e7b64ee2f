"""Every difference between PocketBase server generations, in one sans-I/O layer.

One class per generation:

- :class:`Gen07` - servers 0.7.x (the seed wire protocol),
- :class:`Gen08` - servers 0.8 to 0.22,
- :class:`Gen23` - servers 0.23 and later.

Services ask the generation object for routes, request bodies and the Authorization form, and
hand replies to it for normalisation into the seed shapes. No service compares versions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from ._http import encode_segment

__all__ = [
    "GENERATIONS",
    "Gen07",
    "Gen08",
    "Gen23",
    "Generation",
    "Req",
    "ServerApi",
    "detect_generation",
    "generation_for",
]

ServerApi = Literal["0.7", "0.8", "0.23"]

SUPERUSERS = "_superusers"
SUPERUSERS_ID = "pbc_3142635823"
USERS = "users"
USERS_ID = "_pb_users_auth_"


@dataclass(frozen=True, slots=True)
class Req:
    """One request a service should send: method, path, body and extra query params."""

    method: str
    path: str
    body: Any = None
    params: Mapping[str, Any] | None = None


def _merge(defaults: Mapping[str, Any], body: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(defaults)
    if body:
        merged.update(body)
    return merged


class Generation:
    """Base class; the defaults are the 0.7 (seed) protocol."""

    name: ClassVar[ServerApi] = "0.7"
    #: the largest ``perPage`` the server honours
    max_per_page: ClassVar[int] = 400
    #: whether list endpoints understand ``skipTotal``
    has_skip_total: ClassVar[bool] = False

    # -- headers -------------------------------------------------------------------------

    def auth_header(self, token: str, is_admin: bool) -> str:
        return f"{'Admin' if is_admin else 'User'} {token}"

    # -- admins --------------------------------------------------------------------------

    def admins_base(self) -> str:
        return "/api/admins"

    def admin_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            "/api/admins/auth-via-email",
            _merge({"email": email, "password": password}, body),
        )

    def admin_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", "/api/admins/refresh", _merge({}, body))

    def admin_request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", "/api/admins/request-password-reset", _merge({"email": email}, body))

    def admin_confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            "/api/admins/confirm-password-reset",
            _merge(
                {"token": token, "password": password, "passwordConfirm": password_confirm}, body
            ),
        )

    # -- users ---------------------------------------------------------------------------

    def users_base(self) -> str:
        return "/api/users"

    def _users_action(self, action: str) -> str:
        return f"/api/users/{action}"

    def user_auth_methods(self) -> Req:
        return Req("GET", self._users_action("auth-methods"))

    def user_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._users_action("auth-via-email"),
            _merge({"email": email, "password": password}, body),
        )

    def user_auth_with_oauth2(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        body: Mapping[str, Any] | None,
    ) -> Req:
        return Req(
            "POST",
            self._users_action("auth-via-oauth2"),
            _merge(
                {
                    "provider": provider,
                    "code": code,
                    "codeVerifier": code_verifier,
                    "redirectUrl": redirect_url,
                },
                body,
            ),
        )

    def user_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", self._users_action("refresh"), _merge({}, body))

    def user_request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return Req(
            "POST", self._users_action("request-password-reset"), _merge({"email": email}, body)
        )

    def user_confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._users_action("confirm-password-reset"),
            _merge(
                {"token": token, "password": password, "passwordConfirm": password_confirm}, body
            ),
        )

    def user_request_verification(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return Req(
            "POST", self._users_action("request-verification"), _merge({"email": email}, body)
        )

    def user_confirm_verification(self, token: str, body: Mapping[str, Any] | None) -> Req:
        return Req(
            "POST", self._users_action("confirm-verification"), _merge({"token": token}, body)
        )

    def user_request_email_change(self, new_email: str, body: Mapping[str, Any] | None) -> Req:
        return Req(
            "POST",
            self._users_action("request-email-change"),
            _merge({"newEmail": new_email}, body),
        )

    def user_confirm_email_change(
        self, token: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._users_action("confirm-email-change"),
            _merge({"token": token, "password": password}, body),
        )

    def list_external_auths(self, user_id: str) -> Req:
        return Req("GET", f"/api/users/{encode_segment(user_id)}/external-auths")

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        """The DELETE for one provider link, or None when the link must be looked up first."""
        return Req(
            "DELETE",
            f"/api/users/{encode_segment(user_id)}/external-auths/{encode_segment(provider)}",
        )

    def unlink_external_auth_by_id(self, external_auth_id: str) -> Req:
        raise NotImplementedError  # pragma: no cover - only generations that look links up

    def normalize_external_auths(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, Mapping) and isinstance(data.get("items"), list):
            data = data["items"]
        if not isinstance(data, list):
            return []
        return [dict(item) for item in data if isinstance(item, Mapping)]

    # -- collections ---------------------------------------------------------------------

    def collection_body(self, body: Mapping[str, Any] | None) -> dict[str, Any]:
        return dict(body or {})

    def collections_import(self, collections: list[Any], delete_missing: bool) -> Req:
        return Req(
            "PUT",
            "/api/collections/import",
            {
                "collections": [self.collection_body(_as_dict(c)) for c in collections],
                "deleteMissing": delete_missing,
            },
        )

    # -- logs ----------------------------------------------------------------------------

    def logs_list(self) -> Req:
        return Req("GET", "/api/logs/requests")

    def log_one(self, log_id: str) -> Req:
        return Req("GET", f"/api/logs/requests/{encode_segment(log_id)}")

    def logs_stats(self) -> Req:
        return Req("GET", "/api/logs/requests/stats")

    def normalize_log(self, data: Any) -> Any:
        return data

    # -- settings ------------------------------------------------------------------------

    def settings_test_s3(self) -> Req:
        return Req("POST", "/api/settings/test/s3")

    def settings_test_email(self, to_email: str, template: str) -> Req:
        return Req("POST", "/api/settings/test/email", {"email": to_email, "template": template})


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    export = getattr(value, "export", None)
    if callable(export):
        result = export()
        if isinstance(result, dict):
            return result
    raise TypeError(f"expected a collection dict or model, got {type(value).__name__}")


class Gen07(Generation):
    """PocketBase 0.7.x."""


def _rewrite_rule(rule: Any) -> Any:
    if isinstance(rule, str):
        return rule.replace("@request.user.", "@request.auth.").replace(
            "@request.user ", "@request.auth "
        )
    return rule


_RULE_KEYS = ("listRule", "viewRule", "createRule", "updateRule", "deleteRule")


class Gen08(Generation):
    """PocketBase 0.8 to 0.22: users are the ``users`` auth collection, admins keep /api/admins."""

    name: ClassVar[ServerApi] = "0.8"
    max_per_page: ClassVar[int] = 500
    has_skip_total: ClassVar[bool] = True

    def auth_header(self, token: str, is_admin: bool) -> str:
        return token

    def admin_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            "/api/admins/auth-with-password",
            _merge({"identity": email, "password": password}, body),
        )

    def admin_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", "/api/admins/auth-refresh", _merge({}, body))

    def users_base(self) -> str:
        return f"/api/collections/{USERS}/records"

    def _users_action(self, action: str) -> str:
        return f"/api/collections/{USERS}/{action}"

    def user_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._users_action("auth-with-password"),
            _merge({"identity": email, "password": password}, body),
        )

    def user_auth_with_oauth2(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        body: Mapping[str, Any] | None,
    ) -> Req:
        return Req(
            "POST",
            self._users_action("auth-with-oauth2"),
            _merge(
                {
                    "provider": provider,
                    "code": code,
                    "codeVerifier": code_verifier,
                    "redirectUrl": redirect_url,
                },
                body,
            ),
        )

    def user_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", self._users_action("auth-refresh"), _merge({}, body))

    def list_external_auths(self, user_id: str) -> Req:
        return Req(
            "GET", f"/api/collections/{USERS}/records/{encode_segment(user_id)}/external-auths"
        )

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        return Req(
            "DELETE",
            f"/api/collections/{USERS}/records/{encode_segment(user_id)}/external-auths/{encode_segment(provider)}",
        )

    def normalize_external_auths(self, data: Any) -> list[dict[str, Any]]:
        items = super().normalize_external_auths(data)
        for item in items:
            item.setdefault("userId", item.get("recordId", item.get("recordRef", "")))
        return items

    def collection_body(self, body: Mapping[str, Any] | None) -> dict[str, Any]:
        out = dict(body or {})
        for key in _RULE_KEYS:
            if key in out:
                out[key] = _rewrite_rule(out[key])
        schema = out.get("schema")
        if isinstance(schema, list):
            out["schema"] = [self._schema_field(f) for f in schema]
        return out

    def _schema_field(self, field: Any) -> Any:
        if not isinstance(field, Mapping):
            field = _as_dict(field)
        field = dict(field)
        if field.get("type") == "user":
            options = dict(field.get("options") or {})
            field["type"] = "relation"
            options.setdefault("collectionId", USERS_ID)
            options.setdefault("maxSelect", 1)
            options.setdefault("cascadeDelete", False)
            field["options"] = options
        if not field.get("id"):
            field.pop("id", None)
        return field

    def logs_list(self) -> Req:
        return Req("GET", "/api/logs", params={"filter": "data.type='request'"})

    def log_one(self, log_id: str) -> Req:
        return Req("GET", f"/api/logs/{encode_segment(log_id)}")

    def logs_stats(self) -> Req:
        return Req("GET", "/api/logs/stats")

    def normalize_log(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        inner = data.get("data")
        if not isinstance(inner, Mapping):
            return data
        auth = inner.get("auth")
        if auth in (None, "", "guest"):
            kind = "guest"
        elif auth in ("admin", SUPERUSERS):
            kind = "admin"
        else:
            kind = "user"
        details = inner.get("details")
        meta: dict[str, Any] = {}
        if inner.get("error"):
            meta["errorMessage"] = inner.get("error")
        if details not in (None, "", {}):
            meta["errorDetails"] = details if isinstance(details, str) else json.dumps(details)
        method = inner.get("method")
        return {
            "id": data.get("id", ""),
            "created": data.get("created", ""),
            "updated": data.get("updated") or data.get("created", ""),
            "url": inner.get("url", ""),
            "method": method.lower() if isinstance(method, str) else "get",
            "status": inner.get("status", 200),
            "auth": kind,
            "remoteIp": inner.get("remoteIp", inner.get("remoteIP", "")),
            "userIp": inner.get("userIp", inner.get("userIP", "")),
            "referer": inner.get("referer", ""),
            "userAgent": inner.get("userAgent", ""),
            "meta": meta,
        }

    def settings_test_s3(self) -> Req:
        return Req("POST", "/api/settings/test/s3", {"filesystem": "storage"})


class Gen23(Gen08):
    """PocketBase 0.23 and later: admins are the ``_superusers`` auth collection."""

    name: ClassVar[ServerApi] = "0.23"
    max_per_page: ClassVar[int] = 1000

    def admins_base(self) -> str:
        return f"/api/collections/{SUPERUSERS}/records"

    def admin_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            f"/api/collections/{SUPERUSERS}/auth-with-password",
            _merge({"identity": email, "password": password}, body),
        )

    def admin_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", f"/api/collections/{SUPERUSERS}/auth-refresh", _merge({}, body))

    def admin_request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return Req(
            "POST",
            f"/api/collections/{SUPERUSERS}/request-password-reset",
            _merge({"email": email}, body),
        )

    def admin_confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            f"/api/collections/{SUPERUSERS}/confirm-password-reset",
            _merge(
                {"token": token, "password": password, "passwordConfirm": password_confirm}, body
            ),
        )

    def user_auth_with_oauth2(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        body: Mapping[str, Any] | None,
    ) -> Req:
        return Req(
            "POST",
            self._users_action("auth-with-oauth2"),
            _merge(
                {
                    "provider": provider,
                    "code": code,
                    "codeVerifier": code_verifier,
                    "redirectURL": redirect_url,
                },
                body,
            ),
        )

    def list_external_auths(self, user_id: str) -> Req:
        return Req(
            "GET",
            "/api/collections/_externalAuths/records",
            params={
                "filter": f"(recordRef={json.dumps(str(user_id))} && collectionRef='{USERS_ID}')",
                "perPage": 500,
            },
        )

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        return None

    def unlink_external_auth_by_id(self, external_auth_id: str) -> Req:
        return Req(
            "DELETE", f"/api/collections/_externalAuths/records/{encode_segment(external_auth_id)}"
        )

    def collection_body(self, body: Mapping[str, Any] | None) -> dict[str, Any]:
        out = super().collection_body(body)
        schema = out.pop("schema", None)
        if isinstance(schema, list):
            fields: list[dict[str, Any]] = []
            for field in schema:
                flat = {k: v for k, v in field.items() if k != "options"}
                options = field.get("options")
                if isinstance(options, Mapping):
                    for key, value in options.items():
                        flat.setdefault("onlyInt" if key == "noDecimal" else key, value)
                fields.append(flat)
            names = {f.get("name") for f in fields}
            if out.get("type", "base") != "view":
                if "created" not in names:
                    fields.append(
                        {"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False}
                    )
                if "updated" not in names:
                    fields.append(
                        {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True}
                    )
            out["fields"] = fields
        return out


GENERATIONS: dict[str, Generation] = {"0.7": Gen07(), "0.8": Gen08(), "0.23": Gen23()}


def generation_for(server_api: str) -> Generation:
    try:
        return GENERATIONS[server_api]
    except KeyError:
        raise ValueError(
            f"server_api must be one of 'auto', '0.7', '0.8', '0.23', got {server_api!r}"
        ) from None


#: the probes of reference/modern-servers.md §2, in order
PROBE_SUPERUSERS = "/api/collections/_superusers/auth-methods"
PROBE_USERS = "/api/users/auth-methods"


def detect_generation(
    superusers_probe: tuple[int, Any], users_probe: tuple[int, Any] | None
) -> Generation | None:
    """Decide the generation from the probe replies ``(status, parsed JSON or None)``.

    Returns None when the second probe is needed but was not given yet.
    """
    status, data = superusers_probe
    if status == 200 and isinstance(data, Mapping) and "password" in data:
        return GENERATIONS["0.23"]
    if users_probe is None:
        return None
    status, data = users_probe
    if status == 200 and isinstance(data, Mapping) and "emailPassword" in data:
        return GENERATIONS["0.7"]
    return GENERATIONS["0.8"]
