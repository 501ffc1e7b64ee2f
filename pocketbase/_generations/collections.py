"""Collection bodies on each generation: seed-style bodies (``schema`` with nested
``options``) made valid for the server, 0.7 rules rewritten for 0.8+, and the 0.23+ flat
``fields`` shape."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ._common import USERS_ID, Req, as_dict

__all__ = [
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

_RULE_KEYS = ("listRule", "viewRule", "createRule", "updateRule", "deleteRule")
_PROFILE_REF = re.compile(r"@request\.user\.profile\.")
_USER_REF = re.compile(r"@request\.user(?![\w])")


def rewrite_rule(rule: Any) -> Any:
    """A 0.7 API rule for 0.8+ servers: ``@request.user`` becomes ``@request.auth`` (and the
    user's ``profile.`` fields are plain fields of the auth record)."""
    if not isinstance(rule, str):
        return rule
    return _USER_REF.sub("@request.auth", _PROFILE_REF.sub("@request.auth.", rule))


class CollectionRoutes:
    """0.7: bodies go as given."""

    base = "/api/collections"

    def body(self, body: Mapping[str, Any] | Any | None, *, create: bool = True) -> dict[str, Any]:
        """A collection create/update/import body for this server.

        ``create`` is False for updates, which must not add anything the caller did not send.
        """
        return as_dict(body) if body is not None else {}

    def import_collections(self, collections: list[Any], delete_missing: bool) -> Req:
        payload = {
            "collections": [self.body(c) for c in collections],
            "deleteMissing": delete_missing,
        }
        return Req("PUT", f"{self.base}/import", payload)


def _field08(field: Any) -> dict[str, Any]:
    """One seed-style schema field made valid for 0.8+ (options stay nested)."""
    out = as_dict(field)
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


def _unique_indexes(name: Any, fields: list[dict[str, Any]]) -> list[str]:
    unique = [f["name"] for f in fields if f.get("unique") and isinstance(f.get("name"), str)]
    if not unique or not isinstance(name, str) or not name:
        return []
    return [
        f"CREATE UNIQUE INDEX `idx_unique_{name}_{field}` ON `{name}` (`{field}`)"
        for field in unique
    ]


class CollectionRoutes08(CollectionRoutes):
    """0.8-0.22: 0.7 rules rewritten, ``user`` fields become relations, json fields get a
    ``maxSize``, ``unique`` flags become unique indexes on create."""

    def body(self, body: Mapping[str, Any] | Any | None, *, create: bool = True) -> dict[str, Any]:
        out = super().body(body, create=create)
        for key in _RULE_KEYS:
            if key in out:
                out[key] = rewrite_rule(out[key])
        schema = out.get("schema")
        if not isinstance(schema, list):
            return out
        fields = [_field08(f) for f in schema]
        indexes = _unique_indexes(out.get("name"), fields)
        if create and indexes and "indexes" not in out:
            # 0.8+ servers enforce uniqueness with indexes only; the field flag does nothing.
            out["indexes"] = indexes
        out["schema"] = fields
        return out


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


class CollectionRoutes23(CollectionRoutes08):
    """0.23+: ``schema`` with nested ``options`` becomes flat ``fields`` (plus the
    ``created``/``updated`` autodate fields a seed schema implies)."""

    def body(self, body: Mapping[str, Any] | Any | None, *, create: bool = True) -> dict[str, Any]:
        out = super().body(body, create=create)
        schema = out.pop("schema", None)  # 0.23+ would silently drop it
        if isinstance(out.get("fields"), list):  # the 0.23+ spelling wins when both are given
            out["fields"] = [_flat_field(as_dict(f)) for f in out["fields"]]
        elif isinstance(schema, list):
            fields = [_flat_field(f) for f in schema]
            if out.get("type", "base") != "view":
                fields = _with_autodates(fields)
            out["fields"] = fields
        return out
