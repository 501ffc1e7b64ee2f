"""Collection bodies on each generation, and the collection routes only newer servers have.

A create/update/import body may come in either shape, on every generation:

- the seed's and 0.8-0.22's: ``schema`` with each field's settings nested in ``options``
  (and, on 0.8-0.22, ``options`` on the collection: a view's ``query``, auth settings);
- 0.23+'s: ``fields`` with flat settings, and top-level ``viewQuery``, ``authRule``,
  ``manageRule``, ``passwordAuth``, ``oauth2``, ``mfa``, ``otp``, ...

Each bridge turns a body into its server's shape. 0.7 rules (``@request.user``) are
rewritten for 0.8+. Towards 0.23+, nested options are flattened and renamed (``noDecimal`` ->
``onlyInt``) and a seed schema gets the ``created``/``updated`` fields it implies. Towards
0.8-0.22, flat settings are nested and renamed back, the fields 0.8-0.22 have built in (``id``,
``created``/``updated``, an auth collection's ``password``, ``email``, ...) are dropped, and
what 0.8-0.22 cannot hold (``geoPoint`` fields, MFA, OTP, ...) raises
:class:`~pocketbase.UnsupportedFeatureError` before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .._http import encode_segment
from ._common import USERS_ID, Req, as_dict
from .capabilities import Feature, ServerApi, unsupported_error

__all__ = [
    "FILE_MAX_SIZE",
    "JSON_MAX_SIZE",
    "UNLIMITED_RELATIONS",
    "CollectionRoutes",
    "CollectionRoutes08",
    "CollectionRoutes23",
    "rewrite_rule",
]

#: relation ``maxSelect`` used on 0.23+ for the "no limit" (null) of older servers
UNLIMITED_RELATIONS = 999
#: the ``maxSize`` 0.8-0.22 servers require on json fields (their admin UI default, 2 MB)
JSON_MAX_SIZE = 2_000_000
#: the file ``maxSize`` 0.23+ uses for 0 ("the default"); 0.8-0.22 require a size
FILE_MAX_SIZE = 5_242_880

_RULE_KEYS = (
    "listRule",
    "viewRule",
    "createRule",
    "updateRule",
    "deleteRule",
    "authRule",
    "manageRule",
)
_PROFILE_REF = re.compile(r"@request\.user\.profile\.")
_USER_REF = re.compile(r"@request\.user(?![\w])")

#: keys of a 0.8-0.22 schema field; every other setting goes into its ``options``
_FIELD_KEYS_08 = ("system", "id", "name", "type", "required", "presentable", "unique")
#: 0.23+ field settings without a 0.8-0.22 counterpart (checked first where they matter)
_ONLY_23_FIELD_KEYS = frozenset(
    ("hidden", "primaryKey", "autogeneratePattern", "help", "cost", "onCreate", "onUpdate")
)
#: option names that differ: 0.8-0.22 name -> 0.23+ name
_RENAMED_OPTIONS = {"noDecimal": "onlyInt", "convertUrls": "convertURLs"}
_RENAMED_BACK = {new: old for old, new in _RENAMED_OPTIONS.items()}
#: 0.23+ auth collection fields that 0.8-0.22 auth collections have built in
_AUTH_BUILT_IN_08 = frozenset(("password", "tokenKey", "email", "emailVisibility", "verified"))
#: columns of 0.8-0.22 auth collections that carry their own unique indexes there
_AUTH_INDEXED_08 = frozenset(("tokenKey", "email", "username"))
#: 0.23+ collection settings (the top-level keys 0.8-0.22 keep in ``options`` or not at all)
_SETTINGS_23 = (
    "viewQuery",
    "authRule",
    "manageRule",
    "passwordAuth",
    "oauth2",
    "mfa",
    "otp",
    "authAlert",
    "authToken",
    "passwordResetToken",
    "emailChangeToken",
    "verificationToken",
    "fileToken",
    "verificationTemplate",
    "resetPasswordTemplate",
    "confirmEmailChangeTemplate",
)
#: the 0.23+ settings only auth collections have (0.8-0.22 models never carry them)
_AUTH_SETTINGS_23 = tuple(k for k in _SETTINGS_23 if k not in ("viewQuery", "manageRule"))
#: 0.23's auth rule for "only verified records may log in" (0.8-0.22's ``onlyVerified``)
_VERIFIED_ONLY = "verified = true"
_INDEX_COLUMNS = re.compile(r"\(([^()]*)\)\s*(?:WHERE\b.*)?$", re.IGNORECASE | re.DOTALL)


def rewrite_rule(rule: Any) -> Any:
    """A 0.7 API rule for 0.8+ servers: ``@request.user`` becomes ``@request.auth`` (and the
    user's ``profile.`` fields are plain fields of the auth record)."""
    if not isinstance(rule, str):
        return rule
    return _USER_REF.sub("@request.auth", _PROFILE_REF.sub("@request.auth.", rule))


def _inline(field: Mapping[str, Any]) -> dict[str, Any]:
    """A field with its nested ``options`` moved to the top (a top-level key wins)."""
    flat = {k: v for k, v in field.items() if k != "options"}
    options = field.get("options")
    if isinstance(options, Mapping):
        for key, value in options.items():
            flat.setdefault(key, value)
    return flat


def _rewrite_rules(out: dict[str, Any]) -> None:
    for key in _RULE_KEYS:
        if key in out:
            out[key] = rewrite_rule(out[key])


def _unique_indexes(name: Any, fields: Iterable[Mapping[str, Any]]) -> list[str]:
    unique = [f["name"] for f in fields if f.get("unique") and isinstance(f.get("name"), str)]
    if not unique or not isinstance(name, str) or not name:
        return []
    return [
        f"CREATE UNIQUE INDEX `idx_unique_{name}_{field}` ON `{name}` (`{field}`)"
        for field in unique
    ]


def _add_unique_indexes(out: dict[str, Any], fields: list[dict[str, Any]], create: bool) -> None:
    # 0.8+ servers enforce uniqueness with indexes only; a seed field's flag does nothing.
    indexes = _unique_indexes(out.get("name"), fields)
    if create and indexes and "indexes" not in out:
        out["indexes"] = indexes


def _seed_field_fixes(field: dict[str, Any]) -> dict[str, Any]:
    """A seed-style field (options nested) made valid for 0.8+: ``user`` fields become
    relations to ``users``, json fields get the ``maxSize`` 0.8-0.22 require."""
    options = field.get("options")
    options = dict(options) if isinstance(options, Mapping) else None
    if field.get("type") == "user":
        options = dict(options or {})
        field["type"] = "relation"
        options.setdefault("collectionId", USERS_ID)
        options.setdefault("maxSelect", 1)
        options.setdefault("cascadeDelete", False)
    if field.get("type") == "json":
        options = dict(options or {})
        if not options.get("maxSize"):
            options["maxSize"] = JSON_MAX_SIZE
    if options is not None:
        field["options"] = options
    if not field.get("id"):
        field.pop("id", None)
    return field


# -- 0.7 ------------------------------------------------------------------------------------


class CollectionRoutes:
    """0.7: bodies go as given; a 0.23+ ``fields`` list is sent as a nested ``schema``."""

    base = "/api/collections"
    generation: ServerApi = "0.7"

    def body(self, body: Mapping[str, Any] | Any | None, *, create: bool = True) -> dict[str, Any]:
        """A collection create/update/import body for this server.

        ``create`` is False for updates, which must not add anything the caller did not send.
        Raises :class:`~pocketbase.UnsupportedFeatureError` for settings the server cannot hold.
        """
        out = as_dict(body) if body is not None else {}
        fields = out.get("fields")
        if isinstance(fields, list) and not isinstance(out.get("schema"), list):
            del out["fields"]
            out["schema"] = _schema_08(fields, self.generation, auth=False)
        return out

    def import_collections(self, collections: list[Any], delete_missing: bool) -> Req:
        payload = {
            "collections": [self.body(c) for c in collections],
            "deleteMissing": delete_missing,
        }
        return Req("PUT", f"{self.base}/import", payload)

    # Routes of 0.23+ servers (the service gates them by capability first).

    def truncate(self, name: str) -> Req:
        return Req("DELETE", f"{self.base}/{encode_segment(name)}/truncate")

    def scaffolds(self) -> Req:
        return Req("GET", f"{self.base}/meta/scaffolds")

    def oauth2_providers(self) -> Req:
        return Req("GET", f"{self.base}/meta/oauth2-providers")

    def dry_run_view(self, query: str) -> Req:
        return Req("POST", f"{self.base}/meta/dry-run-view", {"query": query})


# -- 0.23+ shape -> 0.8-0.22 shape ------------------------------------------------------------


def _refuse_field(flat: Mapping[str, Any], generation: ServerApi) -> None:
    """Raise for a field the server cannot hold."""
    kind = flat.get("type")
    if kind == "geoPoint":
        raise unsupported_error(generation, Feature.GEO_POINT_FIELDS)
    if kind == "autodate":
        raise unsupported_error(generation, Feature.AUTODATE_FIELDS)
    if kind == "password":
        raise unsupported_error(generation, Feature.PASSWORD_FIELDS)
    if flat.get("hidden"):
        raise unsupported_error(generation, Feature.HIDDEN_FIELDS)
    if flat.get("autogeneratePattern"):
        raise unsupported_error(generation, Feature.AUTOGENERATED_TEXT)


def _is_built_in_08(flat: Mapping[str, Any], auth: bool) -> bool:
    """Fields a 0.8-0.22 collection has without listing them."""
    name = flat.get("name")
    if name == "id":
        return True
    if flat.get("type") == "autodate" and name in ("created", "updated"):
        return True
    return auth and name in _AUTH_BUILT_IN_08 and bool(flat.get("system", True))


def _nest(flat: Mapping[str, Any], had_options: bool) -> dict[str, Any]:
    """A flat field as a 0.8-0.22 schema field (settings nested, names renamed back)."""
    out = {k: flat[k] for k in _FIELD_KEYS_08 if k in flat}
    options = {
        _RENAMED_BACK.get(k, k): v
        for k, v in flat.items()
        if k not in _FIELD_KEYS_08 and k not in _ONLY_23_FIELD_KEYS
    }
    if options or had_options:
        out["options"] = options
    return out


def _field_08(field: Any, generation: ServerApi, auth: bool) -> dict[str, Any] | None:
    """One field in 0.8-0.22's shape, whatever shape it came in (a model read from a 0.23+
    server keeps its flat settings in ``options``); None for a field the server has built in.
    """
    given = as_dict(field)
    flat = _inline(given)
    if _is_built_in_08(flat, auth):
        return None
    _refuse_field(flat, generation)
    settings = flat.keys() - _FIELD_KEYS_08
    modern = settings & (_ONLY_23_FIELD_KEYS | _RENAMED_BACK.keys())
    if not modern and ("options" in given or not settings):
        return given  # already nested: left as sent
    return _nest(flat, "options" in given)


def _schema_08(fields: list[Any], generation: ServerApi, *, auth: bool) -> list[dict[str, Any]]:
    """A field list (either shape) as a nested 0.8-0.22 ``schema``, built-in fields dropped."""
    nested = (_field_08(field, generation, auth) for field in fields)
    return [field for field in nested if field is not None]


def _zero_means_default(field: dict[str, Any]) -> dict[str, Any]:
    """0.23+ reads 0 as "the default" (no limit, one item, 5 MB) where 0.8-0.22 read it
    literally or refuse it: write 0.8-0.22's spelling of the same setting."""
    options = field.get("options")
    if not isinstance(options, dict):
        return field
    kind = field.get("type")
    if kind == "text" and options.get("max") == 0:
        options["max"] = None
    if kind in ("select", "file", "relation") and options.get("maxSelect") == 0:
        options["maxSelect"] = 1
    if kind == "relation" and options.get("maxSelect") == UNLIMITED_RELATIONS:
        options["maxSelect"] = None
    if kind == "file" and not options.get("maxSize"):
        options["maxSize"] = FILE_MAX_SIZE
    return field


def _auth_field_options(fields: list[Any]) -> dict[str, Any]:
    """0.8-0.22 auth options that 0.23+ keeps on the built-in ``password``/``email`` fields."""
    options: dict[str, Any] = {}
    for field in fields:
        flat = _inline(as_dict(field))
        if flat.get("name") == "password" and flat.get("type") == "password":
            if flat.get("min"):
                options["minPasswordLength"] = flat["min"]
        elif flat.get("name") == "email" and flat.get("type") == "email":
            options["requireEmail"] = bool(flat.get("required"))
            options["exceptEmailDomains"] = flat.get("exceptDomains") or None
            options["onlyEmailDomains"] = flat.get("onlyDomains") or None
    return options


def _password_auth_08(setting: Any, generation: ServerApi) -> dict[str, Any]:
    setting = setting if isinstance(setting, Mapping) else {}
    identities = set(setting.get("identityFields") or ()) if setting.get("enabled") else set()
    if identities - {"email", "username"}:
        raise unsupported_error(generation, Feature.PASSWORD_IDENTITY_FIELDS)
    return {
        "allowEmailAuth": "email" in identities,
        "allowUsernameAuth": "username" in identities,
    }


def _oauth2_08(setting: Any, generation: ServerApi) -> dict[str, Any]:
    setting = setting if isinstance(setting, Mapping) else {}
    enabled = bool(setting.get("enabled"))
    mapped = setting.get("mappedFields")
    mapped_any = isinstance(mapped, Mapping) and any(mapped.values())
    if enabled and (setting.get("providers") or mapped_any):
        # 0.8-0.22 keep OAuth2 providers in the app settings and map no fields
        raise unsupported_error(generation, Feature.OAUTH2_COLLECTION_SETTINGS)
    return {"allowOAuth2Auth": enabled}


def _auth_rule_08(rule: Any, generation: ServerApi) -> dict[str, Any]:
    if rule == "":
        return {"onlyVerified": False}
    if isinstance(rule, str) and " ".join(rule.replace("=", " = ").split()) == _VERIFIED_ONLY:
        return {"onlyVerified": True}
    raise unsupported_error(generation, Feature.AUTH_RULE)


def _settings_08(settings: Mapping[str, Any], generation: ServerApi) -> dict[str, Any]:
    """0.23+ collection settings as 0.8-0.22 ``options`` (the ones without a counterpart,
    token durations, templates, login alerts, are left out: 0.8-0.22 keep them in the app
    settings)."""
    for key, feature in (("mfa", Feature.MFA), ("otp", Feature.OTP)):
        setting = settings.get(key)
        if isinstance(setting, Mapping) and setting.get("enabled"):
            raise unsupported_error(generation, feature)
    options: dict[str, Any] = {}
    if "viewQuery" in settings:
        options["query"] = settings["viewQuery"]
    if "manageRule" in settings:
        options["manageRule"] = settings["manageRule"]
    if "authRule" in settings:
        options.update(_auth_rule_08(settings["authRule"], generation))
    if "passwordAuth" in settings:
        options.update(_password_auth_08(settings["passwordAuth"], generation))
    if "oauth2" in settings:
        options.update(_oauth2_08(settings["oauth2"], generation))
    return options


#: what an auth collection created on 0.23+ has unless told otherwise
_AUTH_DEFAULTS_08 = {
    "allowEmailAuth": True,
    "allowUsernameAuth": False,
    "allowOAuth2Auth": False,
    "minPasswordLength": 8,
    "requireEmail": True,
}


def _index_columns(index: str) -> set[str]:
    match = _INDEX_COLUMNS.search(index)
    if match is None:
        return set()
    return {part.split()[0].strip("`\"'[]") for part in match.group(1).split(",") if part.strip()}


def _without_built_in_indexes(indexes: Any) -> Any:
    """0.23+ auth indexes on columns that 0.8-0.22 index by themselves are left out."""
    if not isinstance(indexes, list):
        return indexes
    kept = []
    for index in indexes:
        columns = _index_columns(index) if isinstance(index, str) else set()
        if columns and columns <= _AUTH_INDEXED_08:
            continue
        kept.append(index)
    return kept


def _to_08(out: dict[str, Any], generation: ServerApi, create: bool) -> dict[str, Any]:
    """A body in the 0.23+ shape, 0.8-0.22's or a mix, in 0.8-0.22's shape."""
    auth = out.get("type") == "auth"
    # 0.8-0.22 bodies (and models read there) never carry 0.23+ auth settings or `fields`
    modern = isinstance(out.get("fields"), list) or any(k in out for k in _AUTH_SETTINGS_23)
    fields = out.pop("fields", None)
    schema = out.get("schema")
    source = schema if isinstance(schema, list) else fields  # the server's own spelling wins
    settings = {key: out.pop(key) for key in _SETTINGS_23 if key in out}
    given = out.get("options")
    options = dict(given) if isinstance(given, Mapping) else {}
    if isinstance(source, list):
        out["schema"] = _schema_08(source, generation, auth=auth)
        if auth and modern:
            options.update(_auth_field_options(source))
    options.update(_settings_08(settings, generation))  # the 0.23+ spelling wins
    if auth and modern and create:
        for key, value in _AUTH_DEFAULTS_08.items():
            options.setdefault(key, value)
    if auth and modern and "indexes" in out:
        out["indexes"] = _without_built_in_indexes(out["indexes"])
    if options or given is not None:
        out["options"] = options
    return out


class CollectionRoutes08(CollectionRoutes):
    """0.8-0.22: a body of either shape nested (see :func:`_to_08`), 0.7 rules rewritten,
    ``user`` fields become relations, json fields get a ``maxSize``, ``unique`` flags become
    unique indexes on create."""

    generation: ServerApi = "0.8"

    def body(self, body: Mapping[str, Any] | Any | None, *, create: bool = True) -> dict[str, Any]:
        out = _to_08(as_dict(body) if body is not None else {}, self.generation, create)
        _rewrite_rules(out)
        options = out.get("options")
        if isinstance(options, dict) and "manageRule" in options:
            options["manageRule"] = rewrite_rule(options["manageRule"])
        schema = out.get("schema")
        if isinstance(schema, list):
            fields = [_zero_means_default(_seed_field_fixes(f)) for f in schema]
            _add_unique_indexes(out, fields, create)
            out["schema"] = fields
        return out


# -- 0.8-0.22 shape -> 0.23+ shape ------------------------------------------------------------


def _flat_field(field: Mapping[str, Any]) -> dict[str, Any]:
    """A field with its ``options`` inlined and the 0.8-0.22 option names renamed."""
    flat = {k: v for k, v in field.items() if k not in ("options", "unique")}
    options = field.get("options")
    if isinstance(options, Mapping):
        for key, value in options.items():
            if key == "displayFields":
                continue  # became the field-level `presentable` flag
            flat.setdefault(key, value)
    for old, new in _RENAMED_OPTIONS.items():
        if old in flat:
            flat.setdefault(new, flat.pop(old))
    if flat.get("type") == "relation" and flat.get("maxSelect", 0) is None:
        flat["maxSelect"] = UNLIMITED_RELATIONS
    return flat


def _with_autodates(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A seed schema implies id/created/updated; 0.23+ adds only the id by itself. Autodate
    # field ids derive from their names, so on updates the existing fields (and their values)
    # are kept.
    names = {f.get("name") for f in fields}
    out = list(fields)
    if "created" not in names:
        out.append({"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False})
    if "updated" not in names:
        out.append({"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True})
    return out


def _password_auth_23(options: Mapping[str, Any], fields: list[dict[str, Any]]) -> dict[str, Any]:
    identities = []
    if options.get("allowEmailAuth"):
        identities.append("email")
    # 0.23+ has no built-in username: it is an identity only where the collection has one
    if options.get("allowUsernameAuth") and any(f.get("name") == "username" for f in fields):
        identities.append("username")
    return {"enabled": bool(identities), "identityFields": identities}


def _settings_23(options: Mapping[str, Any], fields: list[dict[str, Any]]) -> dict[str, Any]:
    """0.8-0.22 collection ``options`` as 0.23+ settings (the ones 0.23+ keeps elsewhere,
    password length, e-mail domains, ``requireEmail``, are left out)."""
    settings: dict[str, Any] = {}
    if "query" in options:
        settings["viewQuery"] = options["query"]
    if "manageRule" in options:
        settings["manageRule"] = options["manageRule"]
    if "onlyVerified" in options:
        settings["authRule"] = _VERIFIED_ONLY if options["onlyVerified"] else ""
    if "allowEmailAuth" in options or "allowUsernameAuth" in options:
        settings["passwordAuth"] = _password_auth_23(options, fields)
    if "allowOAuth2Auth" in options:
        settings["oauth2"] = {"enabled": bool(options["allowOAuth2Auth"])}
    return settings


class CollectionRoutes23(CollectionRoutes):
    """0.23+: ``schema`` with nested ``options`` becomes flat ``fields`` (plus the
    ``created``/``updated`` autodate fields a seed schema implies), and 0.8-0.22 collection
    ``options`` become the 0.23+ settings (a given 0.23+ setting wins)."""

    generation: ServerApi = "0.23"

    def body(self, body: Mapping[str, Any] | Any | None, *, create: bool = True) -> dict[str, Any]:
        out = as_dict(body) if body is not None else {}
        schema = out.pop("schema", None)  # 0.23+ would silently drop it
        if isinstance(schema, list):
            seed = [_seed_field_fixes(as_dict(f)) for f in schema]
            _add_unique_indexes(out, seed, create)
            schema = [_flat_field(f) for f in seed]
        if isinstance(out.get("fields"), list):  # the 0.23+ spelling wins when both are given
            out["fields"] = [_flat_field(as_dict(f)) for f in out["fields"]]
        elif isinstance(schema, list):
            out["fields"] = schema if out.get("type") == "view" else _with_autodates(schema)
        options = out.pop("options", None)  # 0.23+ ignores it
        if isinstance(options, Mapping):
            for key, value in _settings_23(options, out.get("fields") or []).items():
                out.setdefault(key, value)
        _rewrite_rules(out)
        return out
