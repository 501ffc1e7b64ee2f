"""Helpers shared by the per-service bridges of the generation layer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._http import is_file_value

__all__ = [
    "EXTERNAL_AUTHS",
    "SUPERUSERS",
    "USERS",
    "USERS_ID",
    "Normalizer",
    "Req",
    "as_dict",
    "each_item",
    "holds_files",
    "merge",
    "rename",
]

SUPERUSERS = "_superusers"
USERS = "users"
USERS_ID = "_pb_users_auth_"
EXTERNAL_AUTHS = "_externalAuths"

Normalizer = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Req:
    """A route description: what one call should send (method, path, body, extra query
    params) and how to reshape the reply (``normalize``). Services hand it to the base
    service's one request helper, which is the only place that unpacks it."""

    method: str
    path: str
    body: Any = None
    params: Mapping[str, Any] | None = None
    normalize: Normalizer | None = None


def each_item(normalize_item: Normalizer | None) -> Normalizer | None:
    """A reply normaliser that reshapes each item of a list reply (``{"items": [...]}``)."""
    if normalize_item is None:
        return None
    item_hook = normalize_item

    def normalize(data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            data = dict(data)
            data["items"] = [item_hook(item) for item in data["items"]]
        return data

    return normalize


def merge(defaults: Mapping[str, Any], body: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(defaults)
    if body:
        merged.update(body)
    return merged


def as_dict(value: Any) -> dict[str, Any]:
    """A dict copy of a mapping, or the wire shape of a model (``Collection``, ``SchemaField``).

    A model's newer attributes (a ``Collection``'s ``type``, ``indexes``, ``viewQuery``, auth
    settings, ...) and its extra keys (a 0.8-0.22 ``options``) are kept, so a collection read
    from a server can be sent back whole.
    """
    if isinstance(value, Mapping):
        return dict(value)
    request_body = getattr(value, "_request_body", None)
    if callable(request_body):
        result = request_body()
        if isinstance(result, dict):
            return result
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


def holds_files(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(is_file_value(item) for item in value)
    return is_file_value(value)


def rename(data: Any, old: str, new: str) -> Any:
    """``data`` with the key ``old`` renamed to ``new`` (unless ``new`` is there already)."""
    if not isinstance(data, Mapping) or old not in data or new in data:
        return data
    return {(new if key == old else key): value for key, value in data.items()}
