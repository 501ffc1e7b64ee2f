"""Every difference between PocketBase server generations, in one sans-I/O layer.

One class per generation:

- :class:`Gen07` - servers 0.7.x (the seed wire protocol),
- :class:`Gen08` - servers 0.8 to 0.22,
- :class:`Gen23` - servers 0.23 and later.

Services ask the generation object for routes, request bodies and the Authorization form, and
hand replies to it for normalisation into the seed shapes. No service compares versions.

What the layer bridges (``reference/modern-servers.md`` §17):

- routes and verbs: admins are ``/api/admins/*`` (``auth-with-password``/``auth-refresh`` on 0.8+)
  and the ``_superusers`` auth collection on 0.23+; users are the ``users`` auth collection on
  0.8+; external auths are a sub-route on 0.8-0.22 and the ``_externalAuths`` collection on
  0.23+; request logs moved from ``/api/logs/requests*`` to ``/api/logs*``;
- request bodies: ``identity`` instead of ``email`` for password logins, ``redirectURL`` on
  0.23+, ``{"filesystem": "storage"}`` for the S3 test, files uploaded on update added to a
  field's files (``field+`` on 0.23+), and seed-style collection bodies converted to what the
  server understands: ``@request.user`` rules, ``user`` fields (relations to ``users``), json
  fields without ``maxSize``, ``unique`` flags (unique indexes), and on 0.23+ ``schema`` with
  nested ``options`` (flat ``fields`` plus the ``created``/``updated`` autodate fields);
- query values: the seed's request-log field names in ``filter``/``sort`` (``status`` ->
  ``data.status``);
- the Authorization header: ``Admin <token>``/``User <token>`` on 0.7, the bare token on 0.8+;
- replies: ``{record}`` auth replies become ``{user}``/``{admin}`` (a 204 confirm reply stays
  empty: ``token == ""``, store untouched), modern log items become the seed's request-log
  shape, 0.23+ auth methods get the seed keys, and users get a ``profile``. Key spellings the
  models read either way (``collectionId``/``@collectionId``, ``fields``/``schema``,
  ``status``/``code`` in errors, dates with or without ``Z``) are left to ``pocketbase.models``.

Users on 0.8+: the seed's user had ``profile`` (its record in the ``profiles`` collection, holding
``name``, ``avatar`` and any custom field); modern servers store those fields on the user
record itself. :meth:`Gen08.normalize_user` keeps the flat fields (they stay readable from the
``User`` model's extras, e.g. ``user.model_extra["name"]``) and also builds ``profile`` from
them, a ``Record`` whose ``id`` and ``collectionId`` are the user's own, so seed code such as
``user.profile["name"]`` and ``records.get_file_url(user.profile, user.profile["avatar"])``
works on every generation. The synthesised profile is read-only in spirit: to change those
fields, update the user (``users.update(user.id, {"name": ...})``).

Things that are deliberately *not* bridged: comparisons against values whose spelling changed
(request-log ``method`` is lowercase on 0.7 and uppercase later; the log ``auth`` values differ,
§10 of the reference), and rules that reference the 0.7 ``profiles`` collection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from ._errors import ClientResponseError
from ._http import encode_segment, is_file_value

__all__ = [
    "GENERATIONS",
    "Normalizer",
    "PROBE_SUPERUSERS",
    "PROBE_USERS",
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
USERS = "users"
USERS_ID = "_pb_users_auth_"
EXTERNAL_AUTHS = "_externalAuths"

#: relation ``maxSelect`` used on 0.23+ for the "no limit" (null) of older servers
UNLIMITED_RELATIONS = 999
#: the ``maxSize`` 0.8-0.22 servers require on json fields (their admin UI default, 2 MB)
JSON_MAX_SIZE = 2_000_000

Normalizer = Callable[[Any], Any]


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


def _as_dict(value: Any) -> dict[str, Any]:
    """A dict copy of a mapping, or the wire shape of a model (``Collection``, ``SchemaField``).

    A model's extra keys (``type``, ``indexes``, ``options``, ``viewQuery``, the auth settings
    of newer servers) are kept, so a collection read from a server can be sent back whole.
    """
    if isinstance(value, Mapping):
        return dict(value)
    export = getattr(value, "export", None)
    if callable(export):
        result = export()
        if isinstance(result, dict):
            extra = getattr(value, "model_extra", None)
            if isinstance(extra, dict):
                for key, item in extra.items():
                    result.setdefault(key, item)
            return result
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        result = dump(mode="json", by_alias=True)
        if isinstance(result, dict):
            return result
    raise TypeError(f"expected a collection dict or model, got {type(value).__name__}")


def _holds_files(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(is_file_value(item) for item in value)
    return is_file_value(value)


def _rename(data: Any, old: str, new: str) -> Any:
    """``data`` with the key ``old`` renamed to ``new`` (unless ``new`` is there already)."""
    if not isinstance(data, Mapping) or old not in data or new in data:
        return data
    return {(new if key == old else key): value for key, value in data.items()}


# -- rules and filters -------------------------------------------------------------------------

_RULE_KEYS = ("listRule", "viewRule", "createRule", "updateRule", "deleteRule")
_PROFILE_REF = re.compile(r"@request\.user\.profile\.")
_USER_REF = re.compile(r"@request\.user(?![\w])")


def rewrite_rule(rule: Any) -> Any:
    """A 0.7 API rule for 0.8+ servers: ``@request.user`` becomes ``@request.auth`` (and the
    user's ``profile.`` fields are plain fields of the auth record)."""
    if not isinstance(rule, str):
        return rule
    return _USER_REF.sub("@request.auth", _PROFILE_REF.sub("@request.auth.", rule))


# A quoted string (kept as is) or an identifier path such as ``status`` or ``data.url``.
_FILTER_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[@#A-Za-z_][\w.@]*""")


def _rewrite_fields(expr: str, fields: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return fields.get(token, token)

    return _FILTER_TOKEN.sub(replace, expr)


# -- auth records -------------------------------------------------------------------------

#: keys of a 0.8+ users record that are not the seed profile's fields
_AUTH_RECORD_KEYS = frozenset(
    {
        "id",
        "created",
        "updated",
        "collectionId",
        "collectionName",
        "expand",
        "email",
        "emailVisibility",
        "verified",
        "username",
        "profile",
        "lastResetSentAt",
        "lastVerificationSentAt",
        "lastLoginAlertSentAt",
        "tokenKey",
        "password",
        "passwordHash",
    }
)


class Generation:
    """Base class; the defaults are the 0.7 (seed) protocol."""

    name: ClassVar[ServerApi] = "0.7"
    #: the largest ``perPage`` the server honours
    max_per_page: ClassVar[int] = 400
    #: whether list endpoints understand ``skipTotal``
    has_skip_total: ClassVar[bool] = False
    #: the OAuth2 body key of the redirect URL
    _redirect_key: ClassVar[str] = "redirectUrl"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} server_api={self.name!r}>"

    # -- headers -------------------------------------------------------------------------

    def auth_header(self, token: str, is_admin: bool) -> str:
        """The ``Authorization`` value for a stored token."""
        return f"{'Admin' if is_admin else 'User'} {token}"

    # -- admins --------------------------------------------------------------------------

    def admins_base(self) -> str:
        return "/api/admins"

    def _admins_action(self, action: str) -> str:
        return f"/api/admins/{action}"

    def admin_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._admins_action("auth-via-email"),
            _merge({"email": email, "password": password}, body),
        )

    def admin_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", self._admins_action("refresh"), _merge({}, body))

    def admin_request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return Req(
            "POST", self._admins_action("request-password-reset"), _merge({"email": email}, body)
        )

    def admin_confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._admins_action("confirm-password-reset"),
            _merge(
                {"token": token, "password": password, "passwordConfirm": password_confirm}, body
            ),
        )

    def normalize_admin_auth(self, data: Any) -> Any:
        """An admin auth reply as ``{token, admin}`` (0.23+ sends ``{token, record}``).

        A 204 reply (``{}``) stays ``{}``: the service then returns ``token == ""`` and leaves
        the auth store alone.
        """
        return _rename(data, "record", "admin")

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
                    self._redirect_key: redirect_url,
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

    def normalize_user(self, data: Any) -> Any:
        """One user as the seed ``User`` shape (0.7 users already are)."""
        return data

    def normalize_user_auth(self, data: Any) -> Any:
        """A user auth reply as ``{token, user[, meta]}`` (0.8+ sends ``{token, record}``).

        A 204 reply (``{}``) stays ``{}``: the service then returns ``token == ""`` and leaves
        the auth store alone.
        """
        data = _rename(data, "record", "user")
        if isinstance(data, Mapping) and isinstance(data.get("user"), Mapping):
            data = dict(data)
            data["user"] = self.normalize_user(data["user"])
        if isinstance(data, Mapping) and isinstance(data.get("meta"), Mapping):
            meta = data["meta"]
            if "avatarURL" in meta and "avatarUrl" not in meta:
                # 0.23+ spells the OAuth2 provider's avatar ``avatarURL``; the seed ``avatarUrl``
                data = {**data, "meta": {**meta, "avatarUrl": meta["avatarURL"]}}
        return data

    def normalize_auth_methods(self, data: Any) -> Any:
        """The auth methods reply with the seed keys ``emailPassword`` and ``authProviders``."""
        return data

    def list_external_auths(self, user_id: str) -> Req:
        return Req("GET", f"/api/users/{encode_segment(user_id)}/external-auths")

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        """The DELETE for one provider link, or None when the link must be looked up first."""
        return Req(
            "DELETE",
            f"/api/users/{encode_segment(user_id)}/external-auths/{encode_segment(provider)}",
        )

    def unlink_external_auth_by_id(self, external_auth_id: str) -> Req:
        """The DELETE of one external auth by its own id (generations whose
        :meth:`unlink_external_auth` returns None)."""
        raise NotImplementedError(f"server_api {self.name} unlinks by user id and provider")

    def normalize_external_auths(self, data: Any) -> list[dict[str, Any]]:
        """The links as a plain list of seed ``ExternalAuth`` dicts (``userId`` set)."""
        if isinstance(data, Mapping) and isinstance(data.get("items"), list):
            data = data["items"]
        if not isinstance(data, list):
            return []
        items = [dict(item) for item in data if isinstance(item, Mapping)]
        for item in items:
            if "userId" not in item:
                item["userId"] = item.get("recordId", item.get("recordRef", ""))
        return items

    # -- records -------------------------------------------------------------------------

    def record_update_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A record (or user) update body: files uploaded to a multi-file field are added to
        the field's files, as on 0.7 (and 0.8-0.22)."""
        return dict(body)

    # -- collections ---------------------------------------------------------------------

    def collection_body(
        self, body: Mapping[str, Any] | Any | None, *, create: bool = True
    ) -> dict[str, Any]:
        """A collection create/update/import body for this server.

        ``create`` is False for updates, which must not add anything the caller did not send.
        """
        return _as_dict(body) if body is not None else {}

    def collections_import(self, collections: list[Any], delete_missing: bool) -> Req:
        return Req(
            "PUT",
            "/api/collections/import",
            {
                "collections": [self.collection_body(c) for c in collections],
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

    def logs_query(self, query: Mapping[str, Any]) -> dict[str, Any]:
        """The caller's log ``filter``/``sort`` with the seed field names mapped to this
        server's (``status`` -> ``data.status`` on 0.8+)."""
        return dict(query)

    def normalize_log(self, data: Any) -> Any:
        """One log item as the seed ``LogRequest`` shape."""
        return data

    # -- settings ------------------------------------------------------------------------

    def settings_test_s3(self) -> Req:
        return Req("POST", "/api/settings/test/s3")

    def settings_test_email(self, to_email: str, template: str) -> Req:
        return Req("POST", "/api/settings/test/email", {"email": to_email, "template": template})


class Gen07(Generation):
    """PocketBase 0.7.x."""


class Gen08(Generation):
    """PocketBase 0.8 to 0.22: users are the ``users`` auth collection, admins keep /api/admins."""

    name: ClassVar[ServerApi] = "0.8"
    max_per_page: ClassVar[int] = 500
    has_skip_total: ClassVar[bool] = True

    #: seed request-log fields -> the paths of a modern log item
    _log_fields: ClassVar[dict[str, str]] = {
        "url": "data.url",
        "method": "data.method",
        "status": "data.status",
        "auth": "data.auth",
        "remoteIp": "data.remoteIp",
        "userIp": "data.userIp",
        "referer": "data.referer",
        "userAgent": "data.userAgent",
    }

    def auth_header(self, token: str, is_admin: bool) -> str:
        return token

    # -- admins ----------------------------------------------------------------------------

    def admin_auth_with_password(
        self, email: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return Req(
            "POST",
            self._admins_action("auth-with-password"),
            _merge({"identity": email, "password": password}, body),
        )

    def admin_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", self._admins_action("auth-refresh"), _merge({}, body))

    # -- users -----------------------------------------------------------------------------

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
        req = super().user_auth_with_oauth2(provider, code, code_verifier, redirect_url, body)
        return Req(req.method, self._users_action("auth-with-oauth2"), req.body)

    def user_refresh(self, body: Mapping[str, Any] | None) -> Req:
        return Req("POST", self._users_action("auth-refresh"), _merge({}, body))

    def normalize_user(self, data: Any) -> Any:
        """Add the seed ``profile`` to a users record: the record's own custom fields
        (``name``, ``avatar``, ...) plus ``userId``, with the user's ``id`` and collection, so
        file URLs built from it point at the user's files. The flat fields stay as they are.
        No custom field means no profile."""
        if not isinstance(data, Mapping) or "profile" in data:
            return data
        custom = {k: v for k, v in data.items() if k not in _AUTH_RECORD_KEYS}
        if not custom:
            return data
        profile: dict[str, Any] = {"id": data.get("id", "")}
        for key in ("created", "updated", "collectionId", "collectionName"):
            if key in data:
                profile[key] = data[key]
        profile["userId"] = data.get("id", "")
        profile.update(custom)
        out = dict(data)
        out["profile"] = profile
        return out

    def list_external_auths(self, user_id: str) -> Req:
        return Req("GET", f"{self.users_base()}/{encode_segment(user_id)}/external-auths")

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        return Req(
            "DELETE",
            f"{self.users_base()}/{encode_segment(user_id)}/external-auths/{encode_segment(provider)}",
        )

    # -- collections -------------------------------------------------------------------------

    def collection_body(
        self, body: Mapping[str, Any] | Any | None, *, create: bool = True
    ) -> dict[str, Any]:
        out = super().collection_body(body, create=create)
        for key in _RULE_KEYS:
            if key in out:
                out[key] = rewrite_rule(out[key])
        schema = out.get("schema")
        if not isinstance(schema, list):
            return out
        fields = [self._field(f) for f in schema]
        unique = [f["name"] for f in fields if f.get("unique") and isinstance(f.get("name"), str)]
        name = out.get("name")
        if create and unique and "indexes" not in out and isinstance(name, str) and name:
            # 0.8+ servers enforce uniqueness with indexes only; the field flag does nothing.
            out["indexes"] = [
                f"CREATE UNIQUE INDEX `idx_unique_{name}_{field}` ON `{name}` (`{field}`)"
                for field in unique
            ]
        out["schema"] = fields
        return out

    def _field(self, field: Any) -> dict[str, Any]:
        """One seed-style schema field made valid for 0.8+ (options stay nested)."""
        out = _as_dict(field)
        options = out.get("options")
        options = dict(options) if isinstance(options, Mapping) else None
        if out.get("type") == "user":
            options = dict(options or {})
            out["type"] = "relation"
            options.setdefault("collectionId", USERS_ID)
            options.setdefault("maxSelect", 1)
            options.setdefault("cascadeDelete", False)
        if out.get("type") == "json":
            options = dict(options or {})
            if not options.get("maxSize"):
                options["maxSize"] = JSON_MAX_SIZE
        if options is not None:
            out["options"] = options
        if not out.get("id"):
            out.pop("id", None)
        return out

    # -- logs ----------------------------------------------------------------------------------

    def logs_list(self) -> Req:
        return Req("GET", "/api/logs", params={"filter": "data.type='request'"})

    def log_one(self, log_id: str) -> Req:
        return Req("GET", f"/api/logs/{encode_segment(log_id)}")

    def logs_stats(self) -> Req:
        return Req("GET", "/api/logs/stats", params={"filter": "data.type='request'"})

    def logs_query(self, query: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(query)
        for key in ("filter", "sort"):
            value = out.get(key)
            if isinstance(value, str) and value:
                out[key] = _rewrite_fields(value, self._log_fields)
        return out

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
        meta: dict[str, Any] = {}
        if inner.get("error"):
            meta["errorMessage"] = inner["error"]
        details = inner.get("details")
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

    # -- settings ------------------------------------------------------------------------------

    def settings_test_s3(self) -> Req:
        return Req("POST", "/api/settings/test/s3", {"filesystem": "storage"})


class Gen23(Gen08):
    """PocketBase 0.23 and later: admins are the ``_superusers`` auth collection."""

    name: ClassVar[ServerApi] = "0.23"
    max_per_page: ClassVar[int] = 1000
    _redirect_key: ClassVar[str] = "redirectURL"

    _log_fields: ClassVar[dict[str, str]] = {
        **Gen08._log_fields,
        "remoteIp": "data.remoteIP",
        "userIp": "data.userIP",
        # 0.23+ log items have no `updated`; it always equalled `created`
        "updated": "created",
    }

    # -- admins ----------------------------------------------------------------------------

    def admins_base(self) -> str:
        return f"/api/collections/{SUPERUSERS}/records"

    def _admins_action(self, action: str) -> str:
        return f"/api/collections/{SUPERUSERS}/{action}"

    # -- users -----------------------------------------------------------------------------

    def normalize_auth_methods(self, data: Any) -> Any:
        """0.23+ still sends the legacy ``emailPassword``/``authProviders`` copies; they are
        derived from ``password`` and ``oauth2`` when a server leaves them out."""
        if not isinstance(data, Mapping):
            return data
        out = dict(data)
        if "emailPassword" not in out:
            password = out.get("password")
            out["emailPassword"] = bool(
                isinstance(password, Mapping)
                and password.get("enabled")
                and "email" in (password.get("identityFields") or ())
            )
        if "authProviders" not in out:
            oauth2 = out.get("oauth2")
            providers = oauth2.get("providers") if isinstance(oauth2, Mapping) else None
            out["authProviders"] = [
                _rename(p, "authURL", "authUrl")
                for p in (providers if isinstance(providers, list) else [])
                if isinstance(p, Mapping)
            ]
        return out

    def list_external_auths(self, user_id: str) -> Req:
        return Req(
            "GET",
            f"/api/collections/{EXTERNAL_AUTHS}/records",
            params={
                "filter": _bound_filter(
                    "(recordRef={:user} && collectionRef={:users})",
                    {"user": str(user_id), "users": USERS_ID},
                    self,
                ),
                "perPage": self.max_per_page,
            },
        )

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        return None

    def unlink_external_auth_by_id(self, external_auth_id: str) -> Req:
        return Req(
            "DELETE",
            f"/api/collections/{EXTERNAL_AUTHS}/records/{encode_segment(external_auth_id)}",
        )

    # -- records -----------------------------------------------------------------------------

    def record_update_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """0.23+ replaces a file field's files with the uploaded ones; ``field+`` adds them
        (and still replaces the file of a single-file field), which is the older behaviour."""
        out: dict[str, Any] = {}
        for key, value in body.items():
            if _holds_files(value) and not key.endswith(("+", "-")) and f"{key}+" not in body:
                key = f"{key}+"
            out[key] = value
        return out

    # -- collections -------------------------------------------------------------------------

    def collection_body(
        self, body: Mapping[str, Any] | Any | None, *, create: bool = True
    ) -> dict[str, Any]:
        out = super().collection_body(body, create=create)
        schema = out.pop("schema", None)  # 0.23+ would silently drop it
        if isinstance(out.get("fields"), list):  # the 0.23+ spelling wins when both are given
            out["fields"] = [self._flat_field(_as_dict(f)) for f in out["fields"]]
        elif isinstance(schema, list):
            fields = [self._flat_field(f) for f in schema]
            if out.get("type", "base") != "view":
                # A seed schema implies id/created/updated; 0.23+ adds only the id by itself.
                # Autodate field ids derive from their names, so on updates the existing
                # fields (and their values) are kept.
                names = {f.get("name") for f in fields}
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

    @staticmethod
    def _flat_field(field: Mapping[str, Any]) -> dict[str, Any]:
        """A field with its ``options`` inlined and the 0.8-0.22 option names renamed."""
        flat = {k: v for k, v in field.items() if k not in ("options", "unique")}
        options = field.get("options")
        if isinstance(options, Mapping):
            for key, value in options.items():
                if key == "displayFields":
                    continue  # became the field-level `presentable` flag
                flat.setdefault("onlyInt" if key == "noDecimal" else key, value)
        if flat.get("type") == "relation" and flat.get("maxSelect", 0) is None:
            flat["maxSelect"] = UNLIMITED_RELATIONS
        return flat


GENERATIONS: dict[str, Generation] = {"0.7": Gen07(), "0.8": Gen08(), "0.23": Gen23()}


def _bound_filter(expr: str, params: Mapping[str, Any], gen: Generation) -> str:
    from ._filters import bind_filter  # the filter module builds on this one

    return str(bind_filter(expr, params, gen))


def generation_for(server_api: str) -> Generation:
    """The generation object of an explicit ``server_api`` value."""
    try:
        return GENERATIONS[server_api]
    except KeyError:
        raise ValueError(
            f"server_api must be one of 'auto', '0.7', '0.8', '0.23', got {server_api!r}"
        ) from None


#: the probes of reference/modern-servers.md §2, in order
PROBE_SUPERUSERS = "/api/collections/_superusers/auth-methods"
PROBE_USERS = "/api/users/auth-methods"


def _check_probe(path: str, status: int) -> None:
    # A server error or a rate limit says nothing about the version: fail this request and
    # probe again next time rather than cache a guess.
    if status >= 500 or status == 429:
        raise ClientResponseError(
            status=status,
            message=(
                f"Could not detect the server version: {path} answered HTTP {status}. "
                "Pass server_api='0.7', '0.8' or '0.23' to skip detection."
            ),
        )


def detect_generation(
    superusers_probe: tuple[int, Any], users_probe: tuple[int, Any] | None
) -> Generation | None:
    """Decide the generation from the probe replies ``(status, parsed JSON or None)``.

    Returns None when the second probe is needed but was not given yet. Raises
    :class:`ClientResponseError` when a probe failed on the server side (5xx, 429).
    """
    status, data = superusers_probe
    if status == 200 and isinstance(data, Mapping) and "password" in data:
        return GENERATIONS["0.23"]
    _check_probe(PROBE_SUPERUSERS, status)
    if users_probe is None:
        return None
    status, data = users_probe
    if status == 200 and isinstance(data, Mapping) and "emailPassword" in data:
        return GENERATIONS["0.7"]
    _check_probe(PROBE_USERS, status)
    return GENERATIONS["0.8"]
