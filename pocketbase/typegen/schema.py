"""Reading collection schemas for ``pocketbase-typegen`` (pure: no I/O).

Two shapes are read, per collection:

- 0.8-0.22: ``schema`` lists the fields, each with its settings nested in ``options``; the
  ``id``/``created``/``updated`` fields and the auth fields of auth collections are implicit;
- 0.23+: ``fields`` lists every field (system ones included), settings inline.

The input is what ``GET /api/collections`` lists (``items``) or what the admin UI's "Export
collections" page gives (the same objects without timestamps). Anything that does not have the
expected shape raises :class:`SchemaError` with a message naming the collection and field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CollectionSpec", "FieldSpec", "SchemaError", "load_schema", "parse_collections"]


class SchemaError(ValueError):
    """The schema cannot be turned into Python: a clear, user-facing message."""


@dataclass(frozen=True)
class FieldSpec:
    """One collection field, the same whatever the shape it was read from.

    Attributes:
        name: the field's name.
        type: the field's type (``text``, ``number``, ``relation``, ...).
        required: the field must have a value.
        multiple: a select, relation or file field holding several values.
        values: the choices of a select field.
        target: the collection a relation points at (its id, or its name).
        integer: a number field that only holds integers (``onlyInt`` / ``noDecimal``).
        system: a system field.
        hidden: a field hidden from API replies (0.23+).
    """

    name: str
    type: str
    required: bool = False
    #: select, relation and file fields holding several values
    multiple: bool = False
    #: the choices of a select field
    values: tuple[str, ...] = ()
    #: the collection a relation points at (its id, or its name)
    target: str = ""
    #: a number field that only holds integers (``onlyInt`` / ``noDecimal``)
    integer: bool = False
    system: bool = False
    hidden: bool = False


@dataclass(frozen=True)
class CollectionSpec:
    """One collection: ``type`` is ``base``, ``auth`` or ``view`` (others are kept as given).

    Attributes:
        name: the collection's name.
        type: ``base``, ``auth`` or ``view``.
        id: the collection's id (``""`` when the schema has none).
        system: a system collection.
        legacy: read from the 0.8-0.22 shape, where the auth fields are implicit.
        fields: the collection's fields, in schema order.
    """

    name: str
    type: str = "base"
    id: str = ""
    system: bool = False
    #: read from the 0.8-0.22 shape, where the auth fields are implicit
    legacy: bool = False
    fields: tuple[FieldSpec, ...] = ()


def load_schema(text: str | bytes, source: str) -> list[CollectionSpec]:
    """Parse JSON text holding collections (``source`` names it in error messages).

    Accepted: a list of collections (the admin UI export), or an object whose ``items`` (a
    ``GET /api/collections`` reply) or ``collections`` (an import body) is that list.

    Args:
        text: the JSON text (``bytes`` are read as UTF-8, a BOM is allowed).
        source: what to call the text in error messages (e.g. its file name).

    Returns:
        The collections, in the text's order.

    Raises:
        SchemaError: the text is not UTF-8 JSON, or does not hold collections Python can be
            generated for.
    """
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        elif text.startswith("\ufeff"):
            text = text[1:]
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise SchemaError(
            f"{source} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except json.JSONDecodeError as exc:
        raise SchemaError(
            f"{source} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise SchemaError(f"{source} is nested too deeply to be a collection schema") from None
    return parse_collections(data, source)


def parse_collections(data: Any, source: str = "the schema") -> list[CollectionSpec]:
    """Collections from parsed JSON (see :func:`load_schema` for the accepted shapes).

    Args:
        data: the parsed JSON.
        source: what to call the data in error messages.

    Returns:
        The collections, in the data's order.

    Raises:
        SchemaError: the data does not hold a list of collections, or a collection or field is
            malformed.
    """
    items = data
    if isinstance(data, Mapping):
        for key in ("items", "collections"):
            if isinstance(data.get(key), list):
                items = data[key]
                break
    if not isinstance(items, list):
        raise SchemaError(
            f"{source} does not hold a list of collections (expected a JSON array, as the "
            'admin UI\'s "Export collections" gives)'
        )
    return [_collection(item, f"collection {index + 1}") for index, item in enumerate(items)]


# ---------------------------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------------------------


def _collection(data: Any, where: str) -> CollectionSpec:
    if not isinstance(data, Mapping):
        raise SchemaError(f"{where} is not a JSON object")
    name = _text(data, "name", where, required=True)
    where = f"{where} ({name!r})"
    fields, legacy = _field_list(data, where)
    return CollectionSpec(
        name=name,
        type=_text(data, "type", where) or "base",
        id=_text(data, "id", where),
        system=_flag(data, "system", where),
        legacy=legacy,
        fields=tuple(_field(item, f"{where}: field {i + 1}") for i, item in enumerate(fields)),
    )


def _field_list(data: Mapping[str, Any], where: str) -> tuple[Sequence[Any], bool]:
    """The raw fields and whether they come in the 0.8-0.22 shape (``schema``)."""
    for key, legacy in (("fields", False), ("schema", True)):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise SchemaError(f"{where}: {key!r} must be a list of fields")
        return value, legacy
    # neither key: a 0.7-0.22 collection without fields (0.23+ always lists its id field)
    return [], True


# ---------------------------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------------------------


def _field(data: Any, where: str) -> FieldSpec:
    if not isinstance(data, Mapping):
        raise SchemaError(f"{where} is not a JSON object")
    name = _text(data, "name", where, required=True)
    where = f"{where} ({name!r})"
    kind = _text(data, "type", where, required=True)
    nested = data.get("options")
    # 0.8-0.22 nest the settings in "options"; 0.23+ have them next to the name
    options: Mapping[str, Any] = nested if isinstance(nested, Mapping) else data
    max_select = _count(options, "maxSelect", where)
    return FieldSpec(
        name=name,
        type=kind,
        required=_flag(data, "required", where),
        multiple=_is_multiple(kind, max_select, legacy=options is not data),
        values=_values(options, where) if kind == "select" else (),
        target=_text(options, "collectionId", where) if kind == "relation" else "",
        integer=_flag(options, "onlyInt", where) or _flag(options, "noDecimal", where),
        system=_flag(data, "system", where),
        hidden=_flag(data, "hidden", where),
    )


def _is_multiple(kind: str, max_select: int | None, *, legacy: bool) -> bool:
    if kind not in ("select", "relation", "file"):
        return False
    if max_select is None:
        # 0.8-0.22 relations: a null maxSelect means "no limit"; 0.23+ reads null as 0 (one)
        return kind == "relation" and legacy
    return max_select > 1


def _values(options: Mapping[str, Any], where: str) -> tuple[str, ...]:
    raw = options.get("values")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise SchemaError(f"{where}: 'values' must be a list of strings")
    return tuple(dict.fromkeys(raw))  # without repeats, in the server's order


# ---------------------------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise SchemaError(f"{where}: {key!r} must be a string")
    if required and not value:
        raise SchemaError(f"{where}: {key!r} must not be empty")
    return value


def _flag(data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise SchemaError(f"{where}: {key!r} must be true or false")
    return value


def _count(data: Mapping[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole:
        raise SchemaError(f"{where}: {key!r} must be a whole number or null")
    return int(value)
