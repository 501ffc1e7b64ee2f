"""Pydantic v2 models for every PocketBase response (public module ``pocketbase.models``).

Attributes are snake_case; the server's keys (camelCase, and the ``@``-prefixed record meta keys
of 0.7) are accepted as aliases, and so are the attribute names. Every server generation's
spelling of a key is accepted (``@collectionId`` / ``collectionId``, ``schema`` / ``fields``,
``user`` / ``record``, ``code`` / ``status`` ...).

``export()`` gives the wire shape of the reference JS SDK 0.7.4 models (the shape stored in the
``pb_auth`` cookie), with dates written back in the server's format.

Parsing is meant to be fast: the only Python-level work per record is the date parsing. Lenient
defaults (a non-string ``email`` becomes ``""`` as in the reference) are unions whose first,
strict branch runs in pydantic-core, so the Python fallback only runs for unusual input.
"""

from __future__ import annotations

import math
import operator
import re
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from itertools import repeat
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar, cast

import pydantic
from pydantic import (
    AliasChoices,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    JsonValue,
    ModelWrapValidatorHandler,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema
from typing_extensions import Self, TypeVar as TypeVarWithDefault

__all__ = [
    "BaseModel",
    "Record",
    "User",
    "Admin",
    "Collection",
    "SchemaField",
    "LogRequest",
    "LogRequestStat",
    "ExternalAuth",
    "ListResult",
    "AuthMethodsList",
    "AuthProviderInfo",
    "UserAuthResponse",
    "AdminAuthResponse",
    "RecordSubscription",
    "ErrorResponse",
    "FieldError",
    "GeoPoint",
    "RecordExpand",
    "DateField",
    "Field",
    "JsonValue",
]

# ``Field`` and ``JsonValue`` (pydantic's) are re-exported for record classes, so the modules
# ``pocketbase-typegen`` writes import from ``pocketbase`` and ``typing`` only (one import block
# whatever the application's isort settings).

_NIL_UUID = "00000000-0000-0000-0000-000000000000"
_UTC = timezone.utc

# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


class _NoZDateTime(datetime):
    """A UTC datetime that the server wrote without a trailing ``Z`` (0.7 style).

    Plain aware datetimes are written back with ``Z`` (0.8+ style). Only the type carries the
    flag, so copies, pickles and ``replace()`` keep it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "datetime.datetime" + datetime.__repr__(self)[len(type(self).__name__) :]


def _to_utc(value: datetime) -> datetime:
    """Naive means UTC without ``Z``; aware is converted to UTC and keeps its flag."""
    if value.tzinfo is None:
        return _NoZDateTime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=_UTC,
            fold=value.fold,
        )
    if value.tzinfo is _UTC:
        return value
    return value.astimezone(_UTC)


_DATETIME_ADAPTER: pydantic.TypeAdapter[datetime] = pydantic.TypeAdapter(datetime)


def _parse_date_slow(text: str) -> datetime:
    try:
        parsed = _DATETIME_ADAPTER.validate_python(text)
    except pydantic.ValidationError:
        raise ValueError(f"invalid date {text!r}") from None
    return _to_utc(parsed)


def parse_date(value: Any) -> datetime | None:
    """Parse a server date into a timezone-aware UTC ``datetime`` (``None`` for ``""``/null).

    Accepts ``"2022-05-01 12:00:00.000"`` (0.7), ``"2022-05-01 12:00:00.000Z"`` (0.8+), ISO 8601
    with ``T`` and offsets, and ``datetime`` objects (naive ones are UTC). Whether the input had
    a time zone is remembered for :func:`format_date`. Values that are neither strings nor
    datetimes become ``None`` (the reference normalises them to ``''``); a string that is not a
    date raises ``ValueError``.
    """
    if type(value) is str:
        if not value:
            return None
        try:
            if value[-1] == "Z":
                parsed = datetime.fromisoformat(value[:-1] + "+00:00")
            else:
                parsed = _NoZDateTime.fromisoformat(value + "+00:00")
        except ValueError:
            return _parse_date_slow(value)
        if parsed.tzinfo is None:  # a bare date: the "+00:00" was not read as an offset
            return _parse_date_slow(value)
        return parsed
    if value is None:
        return None
    if isinstance(value, datetime):
        return _to_utc(value)
    if isinstance(value, str):
        return parse_date(str(value))
    return None


def format_date(value: datetime | None) -> str:
    """Write a date in the server's format: ``"YYYY-MM-DD HH:MM:SS.mmm"`` plus ``"Z"`` unless
    the date was parsed from a string without a time zone (0.7 servers) or is naive.

    ``None`` gives ``""``.
    """
    if value is None:
        return ""
    naive = value.tzinfo is None
    if not naive and value.tzinfo is not _UTC:
        value = _to_utc(value)
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}"
    )
    if naive or type(value) is _NoZDateTime:
        return text
    return text + "Z"


def _format_date_json(value: datetime | None) -> str:
    return format_date(value)


class _UtcDateText:
    """Schema marker: a UTC date parsed by pydantic-core alone (strict, offset zero only)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.datetime_schema(strict=True, tz_constraint=0)


_AwareDateText = Annotated[datetime, _UtcDateText]
DateField = Annotated[
    # The first branch parses the 0.8+ form ("... .156Z") in pydantic-core, with no Python
    # call; everything else ("", null, the 0.7 form without "Z", datetimes) goes to parse_date.
    _AwareDateText | Annotated[datetime | None, PlainValidator(parse_date)],
    Field(union_mode="left_to_right"),
    PlainSerializer(_format_date_json, return_type=str, when_used="json-unless-none"),
]
"""A server date: aware UTC ``datetime`` or ``None``; JSON output uses the server format."""

# ---------------------------------------------------------------------------------------------
# Lenient scalar types: a strict schema (pydantic-core, no Python) or a Python fallback
# ---------------------------------------------------------------------------------------------


class _OrElse:
    """``Annotated`` marker: input the (strict) schema rejects goes through ``fallback``.

    ``schema`` is the strict core schema to try first; ``None`` means the normal schema of the
    annotated type (used for lists and nested models).
    """

    __slots__ = ("fallback", "schema")

    def __init__(self, fallback: Callable[[Any], Any], schema: CoreSchema | None = None) -> None:
        self.fallback = fallback
        self.schema = schema

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        inner = self.schema if self.schema is not None else handler(source)
        return core_schema.union_schema(
            [inner, core_schema.no_info_plain_validator_function(self.fallback)],
            mode="left_to_right",
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        first = cast(core_schema.UnionSchema, schema)["choices"][0]
        return handler(first[0] if isinstance(first, tuple) else first)


def _const(value: Any) -> Callable[[Any], Any]:
    def fallback(_: Any) -> Any:
        return value

    return fallback


def _js_truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (int, float)):
        return bool(value) and value == value  # NaN is falsy
    if isinstance(value, str):
        return value != ""
    return True  # JS objects and arrays are truthy, even when empty


def _int_or(default: int, minimum: int | None = None) -> Callable[[Any], int]:
    def fallback(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            number = int(value)
            if minimum is None or number >= minimum:
                return number
        return default

    return fallback


def _coerce_id(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError("an id must be a string")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return str(value)
    raise ValueError("an id must be a string")


def _dict_or_empty(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):  # a dict whose values failed validation: keep the error
        raise ValueError("invalid object")
    return {}


def _list_or_empty(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):  # a list whose items failed validation
        raise ValueError("invalid list")
    return []


def _none_to(factory: Callable[[], Any]) -> Callable[[Any], Any]:
    def fallback(value: Any) -> Any:
        if value is None:
            return factory()
        raise ValueError("expected an object")

    return fallback


def _none_is_none(value: Any) -> None:
    return None


_STRICT_STR = core_schema.str_schema(strict=True)
_STRICT_BOOL = core_schema.bool_schema(strict=True)
_STRICT_INT = core_schema.int_schema(strict=True)
_STRICT_DICT = core_schema.dict_schema(
    core_schema.str_schema(), core_schema.any_schema(), strict=True
)

_Id = Annotated[str, _OrElse(_coerce_id, _STRICT_STR)]
_Str = Annotated[str, _OrElse(_const(""), _STRICT_STR)]
_Rule = Annotated[str, _OrElse(_none_is_none, _STRICT_STR)] | None
_Bool = Annotated[bool, _OrElse(_js_truthy, _STRICT_BOOL)]
_Dict = Annotated[dict[str, Any], _OrElse(_const({}), _STRICT_DICT)]


def _str_or(default: str) -> Any:
    return _OrElse(_const(default), _STRICT_STR)


def _int_field(default: int) -> Any:
    return _OrElse(_int_or(default), _STRICT_INT)


_Page = Annotated[int, _OrElse(_int_or(1, 1), core_schema.int_schema(strict=True, gt=0))]
_Count = Annotated[int, _OrElse(_int_or(0, 0), core_schema.int_schema(strict=True, ge=0))]
#: a list's total: ``-1`` is kept (a ``skipTotal`` reply: not counted, as the server and the JS
#: SDK 0.28.1 say), any other negative or unusable value gives 0
_Total = Annotated[int, _OrElse(_int_or(0, -1), core_schema.int_schema(strict=True, ge=-1))]

# ---------------------------------------------------------------------------------------------
# Export helpers and the shared base
# ---------------------------------------------------------------------------------------------


def _export_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.export()
    if isinstance(value, _Model):
        return value._wire()
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, list):
        return [_export_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _export_value(item) for key, item in value.items()}
    return value


_SECRET_KEY = re.compile(r"token|secret|password|passwd|verifier|api_?key", re.IGNORECASE)


class _SharedFieldsSet(set[str]):
    """The fields-set of models validated together (one page): one object for all of them.

    Pydantic gives every instance its own set of the fields it was given, which is most of a
    small record's memory; :func:`_share_fields_sets` replaces equal sets with one shared
    object. The type marks it as shared: a model copies it before its first write (see
    ``_Model.__setattr__`` and ``_Model.model_fields_set``), so changing one model never shows
    in another.
    """

    __slots__ = ()


class _Model(pydantic.BaseModel):
    """Shared configuration: both key spellings, unknown keys kept, secrets kept out of repr."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", defer_build=True)

    # Whether unknown keys appear in repr() (off where they may hold provider secrets).
    _repr_extras: ClassVar[bool] = True

    def _own_fields_set(self) -> set[str]:
        """This model's fields-set, copied first when it is shared with other models."""
        fields_set = self.__pydantic_fields_set__
        if type(fields_set) is _SharedFieldsSet:
            fields_set = set(fields_set)
            _set_fields_set(self, fields_set)
        return fields_set

    if not TYPE_CHECKING:  # Record declares its own signature for type checkers

        def __setattr__(self, name: str, value: Any) -> None:
            # pydantic adds the name to the fields-set in place: copy a shared one first
            if type(getattr(self, "__pydantic_fields_set__", None)) is _SharedFieldsSet:
                self._own_fields_set()
            super().__setattr__(name, value)

    @property
    def model_fields_set(self) -> set[str]:
        """The fields given at creation or set since (the model's own set: mutable)."""
        return self._own_fields_set()

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        extra = self.__pydantic_extra__ or {}
        for name, value in super().__repr_args__():
            if name is not None and _SECRET_KEY.search(name):
                continue
            if name in extra and name not in type(self).model_fields and not self._repr_extras:
                continue
            yield name, value

    #: declared fields that ``export()`` leaves out (attributes newer than the seed's shape)
    _not_exported: ClassVar[frozenset[str]] = frozenset()

    def _wire(self) -> dict[str, Any]:
        """The declared fields in declaration order, under their wire keys."""
        out: dict[str, Any] = {}
        skipped = self._not_exported
        for name, key, is_date in _wire_fields(type(self)):
            if name in skipped:
                continue
            value = getattr(self, name)
            out[key] = format_date(value) if is_date else _export_value(value)
        return out


_set_fields_set = pydantic.BaseModel.__pydantic_fields_set__.__set__  # type: ignore[attr-defined]


_fields_set_of = operator.attrgetter("__pydantic_fields_set__")
_expand_of = operator.attrgetter("expand")


def _share_fields_sets(models: list[Any]) -> None:
    """Give models with equal fields-sets one shared set (copied on write), the records of
    their expanded relations included.

    The loops run in C (``map``): a page's models nearly always have one set of keys, and
    sharing must not cost a page more than it saves.
    """
    if not models or not _all_of(models, _Model):
        return  # only the SDK's models copy a shared set before writing
    sets = list(map(_fields_set_of, models))
    first = sets[0]
    if sets.count(first) == len(sets):
        deque(map(_set_fields_set, models, repeat(_SharedFieldsSet(first))), maxlen=0)
    else:
        pool: dict[frozenset[str], _SharedFieldsSet] = {}
        for model, fields_set in zip(models, sets, strict=True):
            key = frozenset(fields_set)
            shared = pool.get(key)
            if shared is None:
                shared = pool[key] = _SharedFieldsSet(key)
            _set_fields_set(model, shared)
    related = _expanded_records(models)
    if related:
        _share_fields_sets(related)


def _all_of(models: list[Any], cls: type) -> bool:
    # one check per class, not per model: isinstance() on a pydantic model runs Python code
    # (the metaclass's __instancecheck__)
    return all(issubclass(kind, cls) for kind in set(map(type, models)))


def _expanded_records(models: list[Any]) -> list[Any]:
    """The records in the ``expand`` dicts of ``models`` (a typed expand model keeps its own
    sets)."""
    if not _all_of(models, Record):
        return []
    related: list[Any] = []
    for expand in filter(None, map(_expand_of, models)):
        if type(expand) is not dict:
            continue
        for value in expand.values():
            if type(value) is list:
                related.extend(value)
            else:
                related.append(value)
    return related


_WIRE_FIELDS: dict[type[pydantic.BaseModel], tuple[tuple[str, str, bool], ...]] = {}


def _is_date_field(info: FieldInfo) -> bool:
    return any(
        isinstance(m, PlainSerializer) and m.func is _format_date_json for m in info.metadata
    )


def _wire_fields(cls: type[pydantic.BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, wire key, is a date) for each declared field of ``cls``, cached."""
    fields = _WIRE_FIELDS.get(cls)
    if fields is None:
        fields = _WIRE_FIELDS[cls] = tuple(
            (name, info.serialization_alias or info.alias or name, _is_date_field(info))
            for name, info in cls.model_fields.items()
        )
    return fields


class BaseModel(_Model):
    """Base of the models with an ``id`` (``BaseModel`` of the reference SDK)."""

    id: _Id = ""
    created: DateField = None
    updated: DateField = None

    @property
    def is_new(self) -> bool:
        """True when the model has no id yet (empty or the nil UUID)."""
        return not self.id or self.id == _NIL_UUID

    def clone(self) -> Self:
        """A deep copy of the model (same class).

        Returns:
            The copy.
        """
        return self.model_copy(deep=True)

    def export(self) -> dict[str, Any]:
        """The reference SDK's wire shape: JSON-able, camelCase keys in the reference order.

        Returns:
            The model as the reference SDK's JSON object.
        """
        return self._wire()


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


def _record_or_none(value: Any) -> Any:
    if not _js_truthy(value):  # the reference: Record(profile) if profile is truthy, else null
        return None
    raise ValueError("expected a record object")


_ExpandItem = Annotated["Record | list[Record]", Field(union_mode="left_to_right")]


class Record(BaseModel):
    """A collection record. Unknown keys are the record's own fields: ``record.title``,
    ``record["title"]``, ``"title" in record``, ``record.get("title")``.

    ``collection_id``, ``collection_name`` and ``expand`` read ``@collectionId`` /
    ``@collectionName`` / ``@expand`` (0.7) and ``collectionId`` / ``collectionName`` /
    ``expand`` (0.8+). Expanded relations are ``Record`` objects (one or a list, as sent).
    Subclasses may declare typed fields (``class Post(Record): title: str = ""``).
    """

    # keyword defaults: type checkers without the pydantic plugin read a positional one as none
    collection_id: _Str = Field(
        default="",
        validation_alias=AliasChoices("collectionId", "@collectionId", "collection_id"),
        serialization_alias="collectionId",
    )
    collection_name: _Str = Field(
        default="",
        validation_alias=AliasChoices("collectionName", "@collectionName", "collection_name"),
        serialization_alias="collectionName",
    )
    expand: Annotated[dict[str, _ExpandItem], _OrElse(_dict_or_empty)] = Field(
        default_factory=dict,
        validation_alias=AliasChoices("expand", "@expand"),
        serialization_alias="expand",
    )

    # Key (attribute name, alias or legacy spelling) -> attribute name, per class.
    _record_keys: ClassVar[dict[str, str]] = {}

    if TYPE_CHECKING:
        # Record fields are dynamic: ``record.title`` is Any for type checkers. Pydantic
        # provides the runtime implementations.
        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._record_keys = _field_keys(cls)

    def _key_to_field(self, key: str) -> str | None:
        keys = type(self)._record_keys
        if not keys:
            keys = type(self)._record_keys = _field_keys(type(self))
        return keys.get(key)

    def __getitem__(self, key: str) -> Any:
        name = self._key_to_field(key)
        if name is not None:
            return getattr(self, name)
        extra = self.__pydantic_extra__
        if extra is not None and key in extra:
            return extra[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if self._key_to_field(key) is not None:
            return True
        extra = self.__pydantic_extra__
        return extra is not None and key in extra

    def get(self, key: str, default: Any = None) -> Any:
        """``record[key]``, or ``default`` when the record has no such key.

        Args:
            key: a field's wire key or attribute name (``"collectionId"``, ``"title"``, ...).
            default: what to return when the record has no such key.

        Returns:
            The value, or ``default``.
        """
        try:
            return self[key]
        except KeyError:
            return default

    def export(self) -> dict[str, Any]:
        """The reference SDK's wire shape (0.7 meta keys), key order as the JS SDK 0.7.4 gives.

        ``id, created, updated``; then ``@collectionId`` / ``@collectionName`` when the input had
        them, and ``@expand`` when the input had a non-empty one (0.7 servers send keys sorted,
        so these come before the data keys); then typed subclass fields and the data keys in
        input order; then the meta keys not written yet (``@expand`` defaults to ``{}``).

        Returns:
            The record as the JS SDK 0.7.4's JSON object.
        """
        out: dict[str, Any] = {
            "id": self.id,
            "created": format_date(self.created),
            "updated": format_date(self.updated),
        }
        given = self.__pydantic_fields_set__  # read only: a shared set stays shared
        if "collection_id" in given:
            out["@collectionId"] = self.collection_id
        if "collection_name" in given:
            out["@collectionName"] = self.collection_name
        if "expand" in given and self.expand:
            out["@expand"] = _export_value(self.expand)
        for name, key, is_date in _wire_fields(type(self)):
            if name not in _RECORD_FIELDS:
                value = getattr(self, name)
                out[key] = format_date(value) if is_date else _export_value(value)
        extra = self.__pydantic_extra__
        if extra:
            for key, value in extra.items():
                if key not in out:
                    out[key] = _export_value(value)
        if "@collectionId" not in out:
            out["@collectionId"] = self.collection_id
        if "@collectionName" not in out:
            out["@collectionName"] = self.collection_name
        if "@expand" not in out:
            out["@expand"] = _export_value(self.expand)
        return out


def _field_keys(cls: type[pydantic.BaseModel]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        keys[name] = name
        if info.alias:
            keys.setdefault(info.alias, name)
        if info.serialization_alias:
            keys.setdefault(info.serialization_alias, name)
        alias = info.validation_alias
        if isinstance(alias, str):
            keys.setdefault(alias, name)
        elif isinstance(alias, AliasChoices):
            for choice in alias.choices:
                if isinstance(choice, str):
                    keys.setdefault(choice, name)
    return keys


_RECORD_FIELDS = frozenset(Record.model_fields)
Record._record_keys = _field_keys(Record)


class RecordExpand(_Model):
    """Base of the expand models written by ``pocketbase-typegen``.

    Each relation of the collection is a typed attribute (``post.expand.author`` is the related
    record or ``None`` when it was not expanded; a multiple relation is a list, empty when not
    expanded). Anything else the server expanded (back-relations such as
    ``comments_via_post``) is kept as ``Record`` objects. Dict-style access works as on a plain
    ``Record.expand``: ``expand["author"]``, ``"author" in expand`` and ``expand.get("author")``
    see only what the server sent, by attribute name or by the server's field name.
    """

    if not TYPE_CHECKING:
        # Back-relations and other undeclared keys: Records, as in ``Record.expand``. Hidden
        # from type checkers, which would take it for a constructor argument.
        __pydantic_extra__: dict[str, _ExpandItem]

    # Key (attribute name or server field name) -> attribute name, per class.
    _expand_keys: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._expand_keys = _field_keys(cls)

    def _sent_field(self, key: str) -> str | None:
        name = type(self)._expand_keys.get(key)
        return name if name is not None and name in self.model_fields_set else None

    def __getitem__(self, key: str) -> Any:
        name = self._sent_field(key)
        if name is not None:
            return getattr(self, name)
        extra = self.__pydantic_extra__
        if extra is not None and key in extra:
            return extra[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def get(self, key: str, default: Any = None) -> Any:
        """``expand[key]``, or ``default`` when the server did not expand ``key``.

        Args:
            key: the relation field's name.
            default: what to return when the server did not expand ``key``.

        Returns:
            The expanded record (a list of them for a multiple relation), or ``default``.
        """
        try:
            return self[key]
        except KeyError:
            return default

    def __bool__(self) -> bool:
        return bool(self.model_fields_set or self.__pydantic_extra__)

    def _wire(self) -> dict[str, Any]:
        """What the server sent, under its keys (for ``Record.export()``)."""
        out: dict[str, Any] = {}
        for name, key, _ in _wire_fields(type(self)):
            if name in self.model_fields_set:
                out[key] = _export_value(getattr(self, name))
        for key, value in (self.__pydantic_extra__ or {}).items():
            out.setdefault(key, _export_value(value))
        return out


class GeoPoint(_Model):
    """The value of a ``geoPoint`` field (PocketBase 0.26+): longitude and latitude, degrees."""

    lon: float = 0.0
    lat: float = 0.0


_Profile = Annotated[Record, _OrElse(_record_or_none)] | None

# ---------------------------------------------------------------------------------------------
# Users, admins, collections, logs, external auths
# ---------------------------------------------------------------------------------------------


class User(BaseModel):
    """A user: the 0.7 fields (``profile`` holds the user's ``profiles`` record) and the user
    fields of newer servers (``name``, ``avatar``, ``collection_id``, ``collection_name``).
    ``export()`` gives the seed's 0.7 shape, without the newer fields; other keys sent by
    newer servers are kept in ``model_extra``."""

    email: _Str = ""
    verified: _Bool = False
    last_reset_sent_at: DateField = Field(
        default=None,
        validation_alias="lastResetSentAt",
        serialization_alias="lastResetSentAt",
    )
    last_verification_sent_at: DateField = Field(
        default=None,
        validation_alias="lastVerificationSentAt",
        serialization_alias="lastVerificationSentAt",
    )
    profile: _Profile = None
    # -- the users collection of servers 0.8+ (not part of the seed's export)
    name: _Str = ""
    avatar: _Str = ""
    collection_id: _Str = Field(
        default="", validation_alias="collectionId", serialization_alias="collectionId"
    )
    collection_name: _Str = Field(
        default="", validation_alias="collectionName", serialization_alias="collectionName"
    )

    _not_exported: ClassVar[frozenset[str]] = frozenset(
        {"name", "avatar", "collection_id", "collection_name"}
    )


class Admin(BaseModel):
    """An admin account. Unknown keys sent by newer servers are kept in ``model_extra``."""

    avatar: Annotated[int, _int_field(0)] = 0
    email: _Str = ""
    last_reset_sent_at: DateField = Field(
        default=None, validation_alias="lastResetSentAt", serialization_alias="lastResetSentAt"
    )


def _flatten_field_options(data: Any) -> Any:
    """0.23+ fields carry their options inline: gather the unknown keys into ``options``."""
    if not isinstance(data, dict) or "options" in data:
        return data
    known = _SCHEMA_FIELD_KEYS
    out: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key in known:
            out[key] = value
        else:
            options[key] = value
    out["options"] = options
    return out


class SchemaField(_Model):
    """One field of a collection schema (``fields`` on 0.23+, whose inline options are gathered
    into ``options``). Not a ``BaseModel``: no ``export``/``clone``/``is_new``."""

    id: _Id = ""
    name: _Str = ""
    type: Annotated[str, _str_or("text")] = "text"
    system: _Bool = False
    required: _Bool = False
    unique: _Bool = False
    options: _Dict = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _inline_options(cls, data: Any) -> Any:
        return _flatten_field_options(data)


_SCHEMA_FIELD_KEYS = frozenset(SchemaField.model_fields)


def _camel(key: str, default: Any = None, *, factory: Any = None, repr: bool = True) -> Any:
    """A field read from the server's ``key`` (or the attribute name) and written as ``key``."""
    if factory is not None:
        return Field(
            default_factory=factory, validation_alias=key, serialization_alias=key, repr=repr
        )
    return Field(default=default, validation_alias=key, serialization_alias=key, repr=repr)


def _auth_option() -> Any:
    # Auth settings stay out of repr: long templates, and OAuth2 provider configs that a
    # caller may fill with client secrets before sending them.
    return Field(default_factory=dict, repr=False)


#: 0.8-0.22 keep these in the collection's ``options``; 0.23+ has them at the top level
_LIFTED_OPTIONS = (("query", "viewQuery"), ("manageRule", "manageRule"))


def _lift_options(data: Any) -> Any:
    """Expose what a 0.8-0.22 collection keeps in ``options`` under its 0.23+ key (the
    ``options`` themselves stay as they were sent)."""
    if not isinstance(data, dict):
        return data
    options = data.get("options")
    if not isinstance(options, dict):
        return data
    lifted = None
    for old, new in _LIFTED_OPTIONS:
        if old in options and new not in data and _snake(new) not in data:
            lifted = lifted if lifted is not None else dict(data)
            lifted[new] = options[old]
    return data if lifted is None else lifted


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


with warnings.catch_warnings():
    # ``schema`` shadows pydantic's deprecated ``BaseModel.schema()``; the field wins on instances.
    warnings.filterwarnings("ignore", message=r'Field name "schema"', category=UserWarning)

    class Collection(BaseModel):
        """A collection, read from any server generation.

        ``schema`` (the seed's name) and ``fields`` (the 0.23+ name) are the same list of
        :class:`SchemaField`. ``type``, ``indexes``, ``view_query``, ``auth_rule``,
        ``manage_rule`` and the auth settings of 0.23+ (``password_auth``, ``oauth2``, ``mfa``,
        ``otp``, token durations, e-mail templates) are attributes too; on 0.8-0.22 servers the
        view query and the manage rule are read from the collection's ``options``, which stays
        in ``model_extra``. ``export()`` gives the seed's shape only: id, dates, name, system,
        the five rules and ``schema``.

        Args:
            **data: the collection's attributes by name (``fields=`` included) or by their wire
                keys.
        """

        name: _Str = ""
        system: _Bool = False
        list_rule: _Rule = _camel("listRule")
        view_rule: _Rule = _camel("viewRule")
        create_rule: _Rule = _camel("createRule")
        update_rule: _Rule = _camel("updateRule")
        delete_rule: _Rule = _camel("deleteRule")
        schema: Annotated[list[SchemaField], _OrElse(_list_or_empty)] = Field(  # type: ignore[assignment]
            default_factory=list,
            validation_alias=AliasChoices("schema", "fields"),
            serialization_alias="schema",
        )
        # -- 0.8+ and 0.23+ attributes: not part of export() (the seed's shape)
        type: Annotated[str, _str_or("base")] = "base"
        indexes: Annotated[list[str], _OrElse(_list_or_empty)] = Field(default_factory=list)
        view_query: _Str = _camel("viewQuery", "")
        auth_rule: _Rule = _camel("authRule")
        manage_rule: _Rule = _camel("manageRule")
        password_auth: _Dict = _camel("passwordAuth", factory=dict, repr=False)
        oauth2: _Dict = _auth_option()
        mfa: _Dict = _auth_option()
        otp: _Dict = _auth_option()
        auth_alert: _Dict = _camel("authAlert", factory=dict, repr=False)
        auth_token: _Dict = _camel("authToken", factory=dict, repr=False)
        password_reset_token: _Dict = _camel("passwordResetToken", factory=dict, repr=False)
        email_change_token: _Dict = _camel("emailChangeToken", factory=dict, repr=False)
        verification_token: _Dict = _camel("verificationToken", factory=dict, repr=False)
        file_token: _Dict = _camel("fileToken", factory=dict, repr=False)
        verification_template: _Dict = _camel("verificationTemplate", factory=dict, repr=False)
        reset_password_template: _Dict = _camel("resetPasswordTemplate", factory=dict, repr=False)
        confirm_email_change_template: _Dict = _camel(
            "confirmEmailChangeTemplate", factory=dict, repr=False
        )

        if TYPE_CHECKING:
            # Keyword construction by attribute names (``fields=`` included), also for type
            # checkers that do not run pydantic's plugin.
            def __init__(self, **data: Any) -> None: ...

        # Whether the fields were given as 0.23+ ``fields`` (sent back under that key, so a
        # 0.23+ server does not get the created/updated fields a seed ``schema`` implies).
        _fields_shape: bool = PrivateAttr(default=False)

        @model_validator(mode="wrap")
        @classmethod
        def _read_either_shape(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
            collection = handler(_lift_options(data))
            if isinstance(data, dict) and "fields" in data and "schema" not in data:
                collection._fields_shape = True
            return collection

        @property
        def fields(self) -> list[SchemaField]:
            """The collection's fields: the same list as ``schema`` (the 0.23+ name)."""
            return self.schema

        @fields.setter
        def fields(self, value: list[SchemaField]) -> None:
            self.schema = value

        def export(self) -> dict[str, Any]:
            """The seed's wire shape (JS SDK 0.7.4): the 0.8+/0.23+ attributes are left out.

            Returns:
                The collection as the JS SDK 0.7.4's JSON object.
            """
            out: dict[str, Any] = {}
            for name, key, is_date in _wire_fields(type(self)):
                if name not in _MODERN_COLLECTION_FIELDS:
                    value = getattr(self, name)
                    out[key] = format_date(value) if is_date else _export_value(value)
            return out

        def _request_body(self) -> dict[str, Any]:
            """What ``collections.create/update/import_collections`` send for this model:
            ``export()``, the 0.8+/0.23+ attributes that were given (read from a server or
            set), then the unknown keys (a 0.8-0.22 ``options``, ...). Schema fields keep
            their unknown keys too (``presentable`` of 0.8-0.22)."""
            out = self.export()
            fields = [_field_body(field) for field in self.schema]
            if self._fields_shape:
                out = {("fields" if k == "schema" else k): v for k, v in out.items()}
                out["fields"] = fields
            else:
                out["schema"] = fields
            given = self.model_fields_set
            for name, key, _ in _wire_fields(type(self)):
                if name in _MODERN_COLLECTION_FIELDS and name in given:
                    out[key] = _export_value(getattr(self, name))
            for key, value in (self.model_extra or {}).items():
                out.setdefault(key, _export_value(value))
            return out


def _field_body(field: SchemaField) -> dict[str, Any]:
    out = field._wire()
    for key, value in (field.model_extra or {}).items():
        out.setdefault(key, _export_value(value))
    return out


#: the attributes ``Collection.export()`` leaves out (newer than the seed's wire shape)
_MODERN_COLLECTION_FIELDS = frozenset(Collection.model_fields) - frozenset(
    ("id", "created", "updated", "name", "system", "schema")
    + ("list_rule", "view_rule", "create_rule", "update_rule", "delete_rule")
)


class LogRequest(BaseModel):
    """A request log item (0.7 shape)."""

    url: _Str = ""
    method: Annotated[str, _str_or("GET")] = "GET"
    status: Annotated[int, _int_field(200)] = 200
    auth: Annotated[str, _str_or("guest")] = "guest"
    remote_ip: _Str = Field(
        default="",
        validation_alias=AliasChoices("remoteIp", "ip", "remoteIP", "remote_ip"),
        serialization_alias="remoteIp",
    )
    user_ip: _Str = Field(
        default="",
        validation_alias=AliasChoices("userIp", "userIP", "user_ip"),
        serialization_alias="userIp",
    )
    referer: _Str = ""
    user_agent: _Str = Field(
        default="", validation_alias="userAgent", serialization_alias="userAgent"
    )
    meta: _Dict = Field(default_factory=dict)


class LogRequestStat(_Model):
    """One hourly bucket of the request stats."""

    total: Annotated[int, _int_field(0)] = 0
    date: DateField = None


class ExternalAuth(BaseModel):
    """A link between a user and an OAuth2 provider account."""

    user_id: _Str = Field(
        default="",
        validation_alias=AliasChoices("userId", "recordId", "user_id"),
        serialization_alias="userId",
    )
    provider: _Str = ""
    provider_id: _Str = Field(
        default="", validation_alias="providerId", serialization_alias="providerId"
    )


# ---------------------------------------------------------------------------------------------
# Lists, auth replies, realtime, errors
# ---------------------------------------------------------------------------------------------

T = TypeVar("T")


class ListResult(_Model, Generic[T]):
    """A page of results. ``page`` is at least 1; ``total_items``/``total_pages`` are ``-1``
    for a ``skipTotal`` reply (not counted), never below."""

    page: _Page = 1
    per_page: _Count = Field(default=0, validation_alias="perPage", serialization_alias="perPage")
    total_items: _Total = Field(
        default=0, validation_alias="totalItems", serialization_alias="totalItems"
    )
    total_pages: _Total = Field(
        default=0, validation_alias="totalPages", serialization_alias="totalPages"
    )
    items: Annotated[list[T], _OrElse(_list_or_empty)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _share_item_fields_sets(self) -> Self:
        # the items of a page were given the same keys: one fields-set for all of them
        _share_fields_sets(self.items)
        return self


class AuthProviderInfo(_Model):
    """An OAuth2 provider as listed by the auth methods (secrets are kept out of repr)."""

    name: _Str = ""
    state: _Str = Field(default="", repr=False)
    code_verifier: _Str = Field(
        default="", validation_alias="codeVerifier", serialization_alias="codeVerifier", repr=False
    )
    code_challenge: _Str = Field(
        default="", validation_alias="codeChallenge", serialization_alias="codeChallenge"
    )
    code_challenge_method: _Str = Field(
        default="",
        validation_alias="codeChallengeMethod",
        serialization_alias="codeChallengeMethod",
    )
    auth_url: _Str = Field(
        default="",
        validation_alias=AliasChoices("authUrl", "authURL", "auth_url"),
        serialization_alias="authUrl",
        repr=False,
    )

    _repr_extras: ClassVar[bool] = False


class AuthMethodsList(_Model):
    """The enabled auth methods (other keys of the reply are kept in ``model_extra``)."""

    email_password: _Bool = Field(
        default=False, validation_alias="emailPassword", serialization_alias="emailPassword"
    )
    auth_providers: Annotated[list[AuthProviderInfo], _OrElse(_list_or_empty)] = Field(
        default_factory=list,
        validation_alias="authProviders",
        serialization_alias="authProviders",
    )

    _repr_extras: ClassVar[bool] = False


def _new_user() -> User:
    return User()


def _new_admin() -> Admin:
    return Admin()


class UserAuthResponse(_Model):
    """A user auth reply (``user`` is read from ``user`` or ``record``)."""

    token: _Str = Field(default="", repr=False)
    user: Annotated[User, _OrElse(_none_to(User))] = Field(
        default_factory=_new_user,
        validation_alias=AliasChoices("user", "record"),
        serialization_alias="user",
    )
    meta: _Dict = Field(default_factory=dict, repr=False)

    _repr_extras: ClassVar[bool] = False


class AdminAuthResponse(_Model):
    """An admin auth reply (``admin`` is read from ``admin`` or ``record``)."""

    token: _Str = Field(default="", repr=False)
    admin: Annotated[Admin, _OrElse(_none_to(Admin))] = Field(
        default_factory=_new_admin,
        validation_alias=AliasChoices("admin", "record"),
        serialization_alias="admin",
    )

    _repr_extras: ClassVar[bool] = False


#: the record type of a realtime event (``Record`` unless a ``model=`` was given; covariant:
#: a callback for any record takes the events of ``pb.collection(name, model=Post)``)
EventRecord = TypeVarWithDefault("EventRecord", default=Record, covariant=True)


def _empty_object() -> Any:
    return {}


class RecordSubscription(_Model, Generic[EventRecord]):
    """A realtime event: ``action`` is ``create``, ``update`` or ``delete``.

    ``RecordSubscription`` alone holds a :class:`Record`; ``RecordSubscription[Post]`` (what
    a subscription with ``model=Post`` delivers) holds a ``Post``. A missing or ``null``
    record is an empty one of that type.
    """

    action: _Str = ""
    record: EventRecord = Field(default_factory=_empty_object, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _null_record(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("record", 0) is None:
            return {**data, "record": {}}
        return data


class FieldError(_Model):
    """A validation error of one field. Nested structures (``{"schema": {"0": {"name":
    {...}}}}``) keep their inner keys in ``model_extra``."""

    code: _Str = ""
    message: _Str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_any(cls, data: Any) -> Any:
        if isinstance(data, (dict, pydantic.BaseModel)):
            return data
        if isinstance(data, str):
            return {"message": data}
        return {}


class ErrorResponse(_Model):
    """An error body: ``code`` is read from ``code`` (0.7-0.22) or ``status`` (0.23+)."""

    code: Annotated[int, _int_field(0)] = Field(
        default=0, validation_alias=AliasChoices("code", "status"), serialization_alias="code"
    )
    message: _Str = ""
    data: Annotated[dict[str, FieldError], _OrElse(_dict_or_empty)] = Field(default_factory=dict)


# -- admin services ----------------------------------------------------------------------------
# Batch results, health, backups, crons, the logs API and the SQL console. Their fields take the
# server's types strictly: a reply whose field has the wrong type is an error naming the field.

__all__ += [
    "BackupFileInfo",
    "BatchResult",
    "CronJob",
    "HealthCheck",
    "HealthCheckData",
    "Log",
    "LogStat",
    "SQLColumn",
    "SQLResult",
]


def _wire_alias(name: str, wire: str) -> Any:
    """A field read from its wire key or its attribute name, written under the wire key."""
    return AliasChoices(wire, name)


class BatchResult(_Model):
    """The reply to one queued request of a batch: its HTTP ``status`` and its JSON ``body``
    (the record for a create, update or upsert; ``None`` for a delete)."""

    status: int = 0
    body: Any = None


class HealthCheckData(_Model):
    """What ``/api/health`` tells a superuser (``None`` for what a guest is not told)."""

    can_backup: bool | None = Field(
        default=None,
        validation_alias=_wire_alias("can_backup", "canBackup"),
        serialization_alias="canBackup",
    )
    real_ip: str | None = Field(
        default=None,
        validation_alias=_wire_alias("real_ip", "realIP"),
        serialization_alias="realIP",
    )
    possible_proxy_header: str | None = Field(
        default=None,
        validation_alias=_wire_alias("possible_proxy_header", "possibleProxyHeader"),
        serialization_alias="possibleProxyHeader",
    )


class HealthCheck(_Model):
    """The health check reply: ``code`` 200 and ``message`` ``"API is healthy."``."""

    code: int = 0
    message: str = ""
    data: HealthCheckData = Field(default_factory=HealthCheckData)


class BackupFileInfo(_Model):
    """A backup archive: its ``key`` (file name), ``size`` in bytes and ``modified`` date."""

    key: str = ""
    size: int = 0
    modified: DateField = None


class CronJob(_Model):
    """A registered cron job: its ``id`` and its cron ``expression``."""

    id: str = ""
    expression: str = ""


class Log(BaseModel):
    """A log entry of the logs API (servers 0.20+): ``level`` (``0`` info, ``8`` error, ...),
    ``message`` and the structured ``data`` (``data["type"] == "request"`` for request logs).
    ``updated`` is ``None`` on servers 0.23+, whose logs have no such date."""

    level: int = 0
    message: str = ""
    data: dict[str, Any] = Field(default_factory=dict)


class LogStat(_Model):
    """The number of log entries (``total``) in the hour starting at ``date``."""

    total: int = 0
    date: DateField = None


class SQLColumn(_Model):
    """A result column of the SQL console: its ``name``, declared ``type`` (``""`` for an
    expression) and whether it is ``nullable``."""

    name: str = ""
    type: str = ""
    nullable: bool = False


class SQLResult(_Model):
    """The result of ``pb.sql.run(query)``: ``columns`` and ``rows`` (every cell is text or
    ``None``, as the server sends it), ``affected_rows`` for writes, ``exec_time`` in
    milliseconds."""

    exec_time: float = Field(
        default=0.0,
        validation_alias=_wire_alias("exec_time", "execTime"),
        serialization_alias="execTime",
    )
    affected_rows: int = Field(
        default=0,
        validation_alias=_wire_alias("affected_rows", "affectedRows"),
        serialization_alias="affectedRows",
    )
    columns: list[SQLColumn] = Field(default_factory=list)
    rows: list[list[str | None]] = Field(default_factory=list)

    def as_dicts(self) -> list[dict[str, str | None]]:
        """The rows as ``{column name: cell}`` dicts (a later column wins a repeated name).

        Returns:
            One dict per row.
        """
        names = [column.name for column in self.columns]
        return [dict(zip(names, row, strict=False)) for row in self.rows]


class _AppleClientSecret(_Model):
    """The reply of ``settings.generate_apple_client_secret`` (internal)."""

    secret: str = Field(repr=False)


# ---------------------------------------------------------------------------------------------
# -- auth (the modern auth surface of ``collection(name)``)
# ---------------------------------------------------------------------------------------------

__all__ += [
    "RecordAuthResponse",
    "AuthMethods",
    "PasswordAuthConfig",
    "OAuth2AuthConfig",
    "OAuth2ProviderInfo",
    "MFAConfig",
    "OTPConfig",
    "OTPResponse",
]

AuthRecordT = TypeVar("AuthRecordT", bound=Record)


class RecordAuthResponse(_Model, Generic[AuthRecordT]):
    """The reply of a login or refresh on an auth collection: ``token``, the authenticated
    ``record`` (of the service's model) and, after OAuth2, the provider's ``meta``
    (``isNew``, ``rawUser``, the provider's own tokens; kept out of ``repr``)."""

    token: str = Field(default="", repr=False)
    record: AuthRecordT = Field(default_factory=dict, validate_default=True)
    meta: dict[str, Any] | None = Field(default=None, repr=False)

    _repr_extras: ClassVar[bool] = False


class PasswordAuthConfig(_Model):
    """Identity/password logins: whether they are on, and which fields identify the user."""

    enabled: bool = False
    identity_fields: list[str] = Field(
        default_factory=list,
        validation_alias=AliasChoices("identityFields", "identity_fields"),
        serialization_alias="identityFields",
    )


class OAuth2ProviderInfo(AuthProviderInfo):
    """An OAuth2 provider of :class:`AuthMethods` (``auth_url`` reads ``authURL``)."""

    display_name: _Str = Field(
        default="",
        validation_alias=AliasChoices("displayName", "display_name"),
        serialization_alias="displayName",
    )


class OAuth2AuthConfig(_Model):
    """OAuth2 logins: whether they are on, and the providers (each with a fresh ``state``,
    PKCE ``code_verifier`` and ``auth_url``)."""

    enabled: bool = False
    providers: list[OAuth2ProviderInfo] = Field(default_factory=list)

    _repr_extras: ClassVar[bool] = False


class MFAConfig(_Model):
    """Multi-factor auth (0.23+): whether it is on, and how long (s) a first factor stays
    usable (``0`` when off)."""

    enabled: bool = False
    duration: int = 0


class OTPConfig(_Model):
    """One-time passwords by e-mail (0.23+): whether they are on, and how long (s) a code
    stays valid (``0`` when off)."""

    enabled: bool = False
    duration: int = 0


class AuthMethods(_Model):
    """The auth methods of an auth collection, in the 0.23+ shape on every server (0.8-0.22
    replies are mapped into it: MFA and OTP are then off)."""

    password: PasswordAuthConfig = Field(default_factory=PasswordAuthConfig)
    oauth2: OAuth2AuthConfig = Field(default_factory=OAuth2AuthConfig)
    mfa: MFAConfig = Field(default_factory=MFAConfig)
    otp: OTPConfig = Field(default_factory=OTPConfig)

    _repr_extras: ClassVar[bool] = False

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # ``password`` is a settings block, not a secret: shown, unlike a password field
        for name in type(self).model_fields:
            yield name, getattr(self, name)


class OTPResponse(_Model):
    """The reply of ``request_otp``: the id to pass to ``auth_with_otp`` with the e-mailed
    code (the server answers with an id for unknown addresses too)."""

    otp_id: str = Field(
        default="",
        validation_alias=AliasChoices("otpId", "otp_id"),
        serialization_alias="otpId",
        repr=False,
    )
