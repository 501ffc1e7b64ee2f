"""Writing the typed module of ``pocketbase-typegen`` (pure: collections in, Python text out).

For each collection the module holds a ``Record`` subclass (``posts`` -> ``PostsRecord``) and
an expand model (``PostsExpand``, reached as ``post.expand``), then two clients whose
``collection(name)`` is overloaded on the collection names (``TypedPocketBase`` and
``AsyncTypedPocketBase``). The same collections always give the same text.

The text is written the way ``ruff format`` (line length 100) lays it out, so nothing runs a
formatter at generation time: each statement takes the first of the formatter's layouts whose
lines fit (one line, then splits at brackets in the formatter's order of preference). The
imports come from ``typing`` and ``pocketbase`` only, so they are sorted for any isort setting.
"""

from __future__ import annotations

import keyword
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .schema import CollectionSpec, FieldSpec, SchemaError

__all__ = ["LINE_LENGTH", "Options", "generate"]

LINE_LENGTH = 100
_TAB = "    "
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Options:
    """What to generate.

    Attributes:
        include_system: the system collections too (``_superusers``, ``_externalAuths``, ...).
        client: the ``TypedPocketBase`` / ``AsyncTypedPocketBase`` clients (else models only).
        collections: only these collections, by name (system ones included when named).
    """

    include_system: bool = False
    client: bool = True
    collections: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Layout: expressions that are written flat when they fit, else split at their brackets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    """A bracketed expression: ``open`` + items + ``close``.

    ``kind`` is ``call`` (arguments), ``subscript`` (type arguments) or ``union`` (``X | None``,
    written without brackets when flat and in parentheses when split).
    """

    open: str
    items: tuple[_Expr, ...]
    close: str
    kind: str = "subscript"


_Expr = str | _Group


def _flat(expr: _Expr) -> str:
    if isinstance(expr, str):
        return expr
    if expr.kind == "union":
        return " | ".join(_flat(item) for item in expr.items)
    return expr.open + ", ".join(_flat(item) for item in expr.items) + expr.close


def _fits(line: str) -> bool:
    """Whether ``line`` fits the line length, measured as the formatter does (in columns:
    wide characters take two, combining marks none)."""
    if line.isascii():
        return len(line) <= LINE_LENGTH
    width = 0
    for char in line:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 2
        elif not unicodedata.combining(char):
            width += 1
    return width <= LINE_LENGTH


def _render(expr: _Expr, indent: str, prefix: str, suffix: str) -> list[str]:
    """``prefix + expr + suffix``: one line when it fits (or cannot be split), else split."""
    line = prefix + _flat(expr) + suffix
    if isinstance(expr, str) or _fits(line):
        return [line]
    return _split(expr, indent, prefix, suffix)


def _split(group: _Group, indent: str, prefix: str, suffix: str) -> list[str]:
    """``group`` split at its brackets: the items on one indented line when they fit there,
    else one per line (with a trailing comma, except after the only item of a subscript,
    which would make it a tuple)."""
    inner = indent + _TAB
    lines = [prefix + group.open]
    joined = inner + _flat(_Group("", group.items, "", group.kind))
    if _fits(joined):
        lines.append(joined)
    elif group.kind == "union":
        lines += _render(group.items[0], inner, inner, "")
        for item in group.items[1:]:
            lines += _render(item, inner, inner + "| ", "")
    else:
        comma = "," if group.kind == "call" or len(group.items) > 1 else ""
        for index, item in enumerate(group.items):
            last = index == len(group.items) - 1
            lines += _render(item, inner, inner, comma if last else ",")
    lines.append(indent + group.close + suffix)
    return lines


def _subscript(name: str, items: Iterable[_Expr]) -> _Group:
    return _Group(f"{name}[", tuple(items), "]")


def _call(name: str, arguments: Iterable[_Expr]) -> _Group:
    return _Group(f"{name}(", tuple(arguments), ")", kind="call")


def _optional(name: str) -> _Group:
    return _Group("(", (name, "None"), ")", kind="union")


def _annotated_assignment(
    indent: str, target: str, annotation: _Expr, value: _Expr, pragma: str = ""
) -> list[str]:
    """``target: annotation = value`` laid out as ``ruff format`` lays it out.

    The first layout whose lines all fit: one line; the value's call split after its ``(``;
    the value in parentheses on lines of its own. Else the annotation is split (a plain name
    cannot be: the value then splits on its own, or the line stays long). ``pragma`` (a
    ``# type: ignore``) does not count towards the line length and goes on the value's last
    line, where mypy looks for it.
    """
    head = f"{indent}{target}: {_flat(annotation)} = "
    inner = indent + _TAB
    layouts = [[head + _flat(value) + pragma]]
    if isinstance(value, _Group):
        layouts.append(_with_pragma(_split(value, indent, head, ""), pragma))
    layouts.append([head + "(", *_render(value, inner, inner, pragma), indent + ")"])
    for lines in layouts:
        if all(_fits(line.removesuffix(pragma)) for line in lines):
            return lines
    if not isinstance(annotation, _Group):
        return _with_pragma(_render(value, indent, head, ""), pragma)
    lines = _split(annotation, indent, f"{indent}{target}: ", "")
    closing = lines.pop()
    return lines + _with_pragma(_render(value, indent, closing + " = ", ""), pragma)


def _with_pragma(lines: list[str], pragma: str) -> list[str]:
    lines[-1] += pragma
    return lines


def _class_header(name: str, base: str) -> list[str]:
    line = f"class {name}({base}):"
    return [line] if _fits(line) else [f"class {name}(", f"{_TAB}{base}", "):"]


def _string(text: str) -> str:
    """A Python string literal for ``text``, quoted as the formatter prefers (double quotes
    unless that needs more escapes)."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = [quote]
    for char in text:
        if char == "\\" or char == quote:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char.isprintable() and unicodedata.category(char) not in ("Zl", "Zp"):
            out.append(char)
        else:
            out.append(_escape(ord(char)))
    out.append(quote)
    return "".join(out)


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Attribute names a field cannot take as is: members of ``Record``/``RecordExpand`` and of
# pydantic's ``BaseModel`` (a field would hide them; ``model_*`` is handled apart), and the
# builtins the class bodies use in annotations. ``id``/``created``/``updated`` are inherited.
_MEMBERS = frozenset(
    {
        "clone",
        "collection_id",
        "collection_name",
        "construct",
        "copy",
        "dict",
        "expand",
        "export",
        "from_orm",
        "get",
        "is_new",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
_ANNOTATION_BUILTINS = frozenset({"bool", "float", "int", "list", "str"})
# what the module imports or defines besides the collection classes
_MODULE_NAMES = frozenset(
    {
        "Any",
        "AsyncPocketBase",
        "AsyncRecordService",
        "AsyncTypedPocketBase",
        "DateField",
        "Field",
        "GeoPoint",
        "JsonValue",
        "Literal",
        "PocketBase",
        "Record",
        "RecordExpand",
        "RecordService",
        "TypeVar",
        "TypedPocketBase",
    }
)


def _snake(name: str) -> str:
    """``createdBy`` -> ``created_by``, ``avatarURL`` -> ``avatar_url``."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name).lower()


def _attribute(field: str, where: str) -> str:
    """The Python attribute for a field (a trailing ``_`` where the plain name is taken)."""
    if not _IDENTIFIER.match(field):
        raise SchemaError(
            f"{where}: the field name {field!r} is not a Python identifier (letters, digits "
            "and underscores, not starting with a digit)"
        )
    snake = _snake(field)
    name = snake.lstrip("_")
    if not name or name[0].isdigit():
        raise SchemaError(f"{where}: the field name {field!r} gives no usable Python attribute")
    taken = (
        keyword.iskeyword(name)
        or name in _MEMBERS
        or name in _ANNOTATION_BUILTINS
        or name.startswith("model_")
    )
    # a leading underscore would make it private to pydantic
    return name + "_" if taken or name != snake else name


def _pascal(name: str) -> str:
    """``blog_posts`` -> ``BlogPosts``, ``_externalAuths`` -> ``ExternalAuths``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _class_names(collections: Sequence[CollectionSpec]) -> dict[str, str]:
    """Collection name -> the class name stem; raises on clashes and unusable names."""
    stems: dict[str, str] = {}
    owners: dict[str, str] = {}
    for collection in collections:
        stem = _pascal(collection.name)
        if not _IDENTIFIER.match(collection.name) or not stem or stem[0].isdigit():
            raise SchemaError(
                f"the collection name {collection.name!r} cannot name a Python class (it needs "
                "letters, digits and underscores, with a letter first after any underscores)"
            )
        if f"{stem}Expand" in _MODULE_NAMES:
            raise SchemaError(
                f"the collection name {collection.name!r} would give the class {stem}Expand, "
                "the name of the SDK class it is based on; rename the collection"
            )
        other = owners.get(stem)
        if other is not None:
            raise SchemaError(
                f"the collections {other!r} and {collection.name!r} would both become the class "
                f"{stem}Record; rename one of them"
            )
        owners[stem] = collection.name
        stems[collection.name] = stem
    return stems


# ---------------------------------------------------------------------------------------------
# Columns: one typed attribute per field
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One typed attribute: ``attribute: annotation = default`` (read from ``key``)."""

    attribute: str
    key: str  # the server's field name
    annotation: _Expr
    default: str = ""  # a literal, or "" with ``factory``
    factory: str = ""
    #: names the annotation needs from ``typing`` or ``pocketbase.models``
    imports: tuple[str, ...] = ()
    comment: str = ""
    pragma: str = ""

    def value(self) -> _Expr:
        """The default: a literal, or a ``Field()`` call (keyword arguments only: type
        checkers read a positional default as no default)."""
        if self.attribute == self.key and not self.factory:
            return self.default
        arguments = [
            f"default_factory={self.factory}" if self.factory else f"default={self.default}"
        ]
        if self.attribute != self.key:
            arguments.append(f"alias={_string(self.key)}")
        return _call("Field", arguments)

    def lines(self) -> list[str]:
        comment = [f"{_TAB}# {self.comment}"] if self.comment else []
        return comment + _annotated_assignment(
            _TAB, self.attribute, self.annotation, self.value(), self.pragma
        )


_TYPING_NAMES = frozenset({"Any", "Literal", "TypeVar", "overload"})
_IGNORE_ASSIGNMENT = "  # type: ignore[assignment]"

# the auth fields 0.8-0.22 servers send without listing them in the schema
_LEGACY_AUTH_FIELDS = (
    FieldSpec("username", "text"),
    FieldSpec("email", "email"),
    FieldSpec("emailVisibility", "bool"),
    FieldSpec("verified", "bool"),
)
# field type -> (annotation, default)
_SCALARS = {
    "text": ("str", '""'),
    "editor": ("str", '""'),
    "email": ("str", '""'),
    "url": ("str", '""'),
    "bool": ("bool", "False"),
    "date": ("DateField", "None"),
    "autodate": ("DateField", "None"),
    "json": ("JsonValue", "None"),
}


def _is_left_out(field: FieldSpec, collection: CollectionSpec) -> bool:
    """Passwords and the auth token key: the server never sends them."""
    if field.type == "password":
        return True
    return collection.type == "auth" and field.name == "tokenKey" and field.system


def _is_inherited(field: FieldSpec) -> bool:
    """``Record`` declares ``id`` (any type: it reads numbers as text) and the dates
    ``created`` and ``updated``."""
    if field.name == "id":
        return True
    return field.name in ("created", "updated") and field.type in ("date", "autodate")


def _typed(field: FieldSpec, attribute: str) -> _Column:
    """The column of ``field`` (annotation and default) by field type."""
    scalar = _SCALARS.get(field.type)
    if scalar is not None:
        annotation, default = scalar
        imports = (annotation,) if annotation[0].isupper() else ()
        return _Column(attribute, field.name, annotation, default, imports=imports)
    if field.type == "number":
        return _Column(attribute, field.name, "int" if field.integer else "float", "0")
    if field.type == "select":
        return _select_column(field, attribute)
    if field.type in ("relation", "file"):
        if field.multiple:
            return _Column(attribute, field.name, _subscript("list", ["str"]), factory="list")
        return _Column(attribute, field.name, "str", '""')
    if field.type == "geoPoint":
        return _Column(attribute, field.name, "GeoPoint", factory="GeoPoint", imports=("GeoPoint",))
    return _Column(
        attribute,
        field.name,
        "Any",
        "None",
        imports=("Any",),
        comment=f"{_string(field.type)}: a field type pocketbase-typegen does not know",
    )


def _select_column(field: FieldSpec, attribute: str) -> _Column:
    values = [_string(value) for value in field.values]
    literal = ("Literal",) if values else ()
    if field.multiple:
        item: _Expr = _subscript("Literal", values) if values else "str"
        annotation = _subscript("list", [item])
        return _Column(attribute, field.name, annotation, factory="list", imports=literal)
    if not values:
        return _Column(attribute, field.name, "str", '""')
    if field.required:
        # a required select holds one of its values; a missing key reads as the first one
        annotation = _subscript("Literal", values)
        return _Column(attribute, field.name, annotation, values[0], imports=literal)
    # an optional select is "" when unset
    annotation = _subscript("Literal", ['""', *values])
    return _Column(attribute, field.name, annotation, '""', imports=literal)


@dataclass(frozen=True)
class _Model:
    """What one collection becomes: its record columns and its expand columns."""

    collection: CollectionSpec
    stem: str
    columns: tuple[_Column, ...]
    relations: tuple[_Column, ...]

    @property
    def record(self) -> str:
        return f"{self.stem}Record"

    @property
    def expand(self) -> str:
        return f"{self.stem}Expand"


def _model(collection: CollectionSpec, stems: dict[str, str], targets: dict[str, str]) -> _Model:
    where = f"collection {collection.name!r}"
    fields = list(collection.fields)
    if collection.legacy and collection.type == "auth":
        fields = [*_LEGACY_AUTH_FIELDS, *fields]
    stem = stems[collection.name]
    columns: list[_Column] = []
    relations: list[_Column] = []
    owners: dict[str, str] = {}  # attribute -> the field it came from
    for field in fields:
        if _is_left_out(field, collection) or _is_inherited(field):
            continue
        overrides = field.name in ("created", "updated")  # not dates here: their type wins
        attribute = field.name if overrides else _attribute(field.name, where)
        if field.name in owners.values():
            raise SchemaError(f"{where}: the field {field.name!r} is listed twice")
        other = owners.setdefault(attribute, field.name)
        if other != field.name:
            raise SchemaError(
                f"{where}: the fields {other!r} and {field.name!r} would both become the "
                f"attribute {attribute!r}; rename one of them"
            )
        column = _typed(field, attribute)
        columns.append(replace(column, pragma=_IGNORE_ASSIGNMENT) if overrides else column)
        if field.type == "relation":
            relations.append(_relation(field, attribute, stems, targets))
    expand = f"{stem}Expand"
    columns.append(_Column("expand", "expand", expand, factory=expand, pragma=_IGNORE_ASSIGNMENT))
    return _Model(collection, stem, tuple(columns), tuple(relations))


def _relation(
    field: FieldSpec, attribute: str, stems: dict[str, str], targets: dict[str, str]
) -> _Column:
    """The expand attribute of a relation: the target's record class, or ``Record`` when the
    target collection is not generated."""
    target = targets.get(field.target)
    record = f"{stems[target]}Record" if target is not None else "Record"
    if field.multiple:
        return _Column(attribute, field.name, _subscript("list", [record]), factory="list")
    return _Column(attribute, field.name, _optional(record), "None")


# ---------------------------------------------------------------------------------------------
# The module
# ---------------------------------------------------------------------------------------------


def generate(collections: Sequence[CollectionSpec], options: Options | None = None) -> str:
    """The Python module for ``collections``.

    Args:
        collections: the collections (from ``load_schema()`` or ``parse_collections()``).
        options: what to generate; ``None``, the defaults.

    Returns:
        The module's source text, formatted as ``ruff format`` would.

    Raises:
        SchemaError: a name cannot be turned into Python.
    """
    options = options or Options()
    selected = _select(collections, options)
    stems = _class_names(selected)
    targets = {c.id: c.name for c in selected if c.id}
    for collection in selected:
        targets.setdefault(collection.name, collection.name)  # relations may name the target
    models = [_model(collection, stems, targets) for collection in selected]
    parts = [
        _header(selected, options),
        _imports(models, options),
        _exports(models, options),
    ]
    for model in models:
        parts.append(_expand_class(model))
        parts.append(_record_class(model))
    if options.client:
        parts.append(_client_support(models))
        parts.append(_client_class(models, "TypedPocketBase", "PocketBase", "RecordService"))
        parts.append(
            _client_class(models, "AsyncTypedPocketBase", "AsyncPocketBase", "AsyncRecordService")
        )
    text = "\n\n\n".join("\n".join(part) for part in parts[2:])
    return "\n".join(parts[0]) + "\n\n" + "\n".join(parts[1]) + "\n\n" + text + "\n"


def _select(collections: Sequence[CollectionSpec], options: Options) -> list[CollectionSpec]:
    by_name: dict[str, CollectionSpec] = {}
    for collection in collections:
        if collection.name in by_name:
            raise SchemaError(f"the schema lists the collection {collection.name!r} twice")
        by_name[collection.name] = collection
    if options.collections:
        missing = [name for name in options.collections if name not in by_name]
        if missing:
            raise SchemaError(
                f"no collection named {', '.join(map(repr, missing))}; the schema has "
                f"{', '.join(map(repr, sorted(by_name))) or 'none'}"
            )
        wanted = set(options.collections)
        chosen = [c for c in by_name.values() if c.name in wanted]
    else:
        chosen = [c for c in by_name.values() if options.include_system or not c.system]
    return sorted(chosen, key=lambda c: c.name)


def _header(selected: Sequence[CollectionSpec], options: Options) -> list[str]:
    """What generated the module and from which collections (nothing that changes between
    runs or servers: no address, no time, no server version)."""
    if options.collections:
        scope = "collections " + ", ".join(c.name for c in selected)
    elif options.include_system:
        scope = "every collection, system ones included"
    else:
        scope = "every collection but the system ones"
    kind = "records and clients" if options.client else "records (models only, no client)"
    text = (
        f"Generated by pocketbase-typegen from a PocketBase schema ({scope}). Do not edit this "
        "file: run pocketbase-typegen again when the collections change."
    )
    comment = ["# " + line for line in textwrap.wrap(text, LINE_LENGTH - 2)]
    return [*comment, f'"""Typed PocketBase {kind}: a ``Record`` subclass per collection."""']


def _used_names(models: Sequence[_Model], options: Options) -> tuple[set[str], set[str]]:
    """The names the module imports from ``typing`` and from ``pocketbase.models``."""
    used = {"Field", "Record", "RecordExpand"}
    if options.client:
        used |= {"Any", "Literal", "TypeVar", "overload"}
    for model in models:
        for column in model.columns:
            used.update(column.imports)
    return used & _TYPING_NAMES, used - _TYPING_NAMES


def _import_line(module: str, names: Iterable[str]) -> list[str]:
    # isort order: CamelCase names before lowercase ones, each group alphabetical
    ordered = sorted(names, key=lambda name: (name[:1].islower(), name))
    line = f"from {module} import {', '.join(ordered)}"
    if _fits(line):
        return [line]
    return [f"from {module} import (", *(f"{_TAB}{name}," for name in ordered), ")"]


def _imports(models: Sequence[_Model], options: Options) -> list[str]:
    typing_names, model_names = _used_names(models, options)
    lines = ["from __future__ import annotations", ""]
    if typing_names:
        lines += [*_import_line("typing", typing_names), ""]
    if options.client:
        clients = ("AsyncPocketBase", "AsyncRecordService", "PocketBase", "RecordService")
        lines += _import_line("pocketbase", clients)
    return lines + _import_line("pocketbase.models", model_names)


def _exports(models: Sequence[_Model], options: Options) -> list[str]:
    names = [name for model in models for name in (model.expand, model.record)]
    if options.client:
        names += ["AsyncTypedPocketBase", "TypedPocketBase"]
    return ["__all__ = [", *(f"{_TAB}{_string(name)}," for name in sorted(names)), "]"]


def _kind(collection: CollectionSpec) -> str:
    if collection.type in ("auth", "view"):
        return f"{collection.type} collection"
    return "collection"


def _expand_class(model: _Model) -> list[str]:
    name = model.collection.name
    lines = _class_header(model.expand, "RecordExpand")
    lines.append(f'{_TAB}"""The relations of a ``{name}`` record that ``expand=`` filled in."""')
    if model.relations:
        lines.append("")
    for column in model.relations:
        lines += column.lines()
    return lines


def _record_class(model: _Model) -> list[str]:
    collection = model.collection
    lines = _class_header(model.record, "Record")
    lines += [f'{_TAB}"""A record of the ``{collection.name}`` {_kind(collection)}."""', ""]
    if any(column.attribute.startswith("model_") for column in model.columns):
        # pydantic warns about attributes in its "model_" namespace; these are renamed fields
        lines += [f'{_TAB}model_config = {{"protected_namespaces": ()}}', ""]
    for column in model.columns:
        lines += column.lines()
    return lines


def _client_support(models: Sequence[_Model]) -> list[str]:
    entries = [f"{_TAB}{_string(m.collection.name)}: {m.record}," for m in models]
    table = "_RECORD_CLASSES: dict[str, type[Record]] = {"
    return [
        '_M = TypeVar("_M", bound=Record)',
        "",
        "# collection name -> its record class, for collection()",
        *([table, *entries, "}"] if entries else [table + "}"]),
    ]


def _overload(name: str, returns: _Expr) -> list[str]:
    """``@overload def collection(self, name: Literal[name]) -> returns: ...``, split as the
    formatter splits it: the parameters first, then the return type."""
    literal = _subscript("name: Literal", [_string(name)])
    parameters = _call("def collection", ["self", literal])
    line = f"{_TAB}{_flat(parameters)} -> {_flat(returns)}: ..."
    if _fits(line):
        return [f"{_TAB}@overload", line]
    lines = _split(parameters, _TAB, _TAB, "")
    closing = lines.pop()
    return [f"{_TAB}@overload", *lines, *_render(returns, _TAB, closing + " -> ", ": ...")]


def _client_class(models: Sequence[_Model], name: str, base: str, service: str) -> list[str]:
    lines = [
        f"class {name}({base}):",
        f'{_TAB}"""``{base}`` whose ``collection(name)`` is typed with the record class of '
        "``name``.",
        "",
        f"{_TAB}``collection(name, model)`` still takes any ``Record`` subclass.",
        f'{_TAB}"""',
        "",
    ]
    for index, model in enumerate(models):
        overload = _overload(model.collection.name, _subscript(service, [model.record]))
        if index == 0:
            # mypy reports an overloaded override that puts overloads in front of an
            # overloaded base method as incompatible, even though these return subtypes (a
            # record service is covariant in its record class) and every call the base
            # accepts still type-checks; tests/typegen/test_types.py checks the clients with
            # mypy --strict, which would also report this ignore once it is unused
            overload[0] += "  # type: ignore[override]"
        lines += overload
    tab2 = _TAB * 2
    lines += [
        f"{_TAB}@overload",
        f"{_TAB}def collection(self, name: str) -> {service}[Record]: ...",
        f"{_TAB}@overload",
        f"{_TAB}def collection(self, name: str, model: type[_M]) -> {service}[_M]: ...",
        f"{_TAB}def collection(self, name: str, model: type[Record] | None = None) -> {service}[Any]:",
        f'{tab2}"""The record service of ``name``, its records typed with the generated class."""',
        f"{tab2}return super().collection(name, model=model or _RECORD_CLASSES.get(name, Record))",
    ]
    return lines
