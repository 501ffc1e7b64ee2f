"""MkDocs hooks of the documentation site (``mkdocs.yml`` loads this file) and the docstring
check behind them.

- ``on_config``: the build fails when a public class, method, property or function has no
  docstring or breaks the docstring rules below, or when a public class is missing from the
  API reference (``docs/reference/``).
- ``on_page_markdown``: replaces ``<!-- generated: NAME -->`` markers with tables computed from
  the code (the generation layer), so no table is written twice.

Also a command: ``python scripts/docs_hooks.py`` prints what the check finds (exit status 1
when something is missing).

The public surface is what users import: the ``__all__`` names of :data:`PUBLIC_MODULES` and
the service classes the clients expose (``pb.records``, ...), in both their async and sync
flavours. For each class, every method and property whose name does not start with ``_`` needs
a docstring, including those inherited from base classes of this package.

The docstrings are Google style (``mkdocs.yml`` renders them so), and the check reads them the
same way (griffe's Google parser):

- a function or method documents every parameter but ``self``/``cls`` in its ``Args:``
  section (``*args``/``**kwargs`` by that name), and names no parameter it does not have;
- it has a ``Returns:`` (or ``Yields:``) section unless it returns ``None`` (for a coroutine:
  the awaited value, which is what its annotation says);
- a class whose ``__init__`` (its own or one inherited from the package) takes parameters
  documents them in an ``Args:`` section of the class or ``__init__`` docstring;
- a property has a docstring and no ``Args:`` section;
- ``Raises:`` is required where an error is certain: a method of the clients or services
  that sends a request (found by following calls inside ``pocketbase/_async`` and
  ``pocketbase/_sync`` down to the request pipeline, the version probe or the realtime
  stream) names at least one :class:`~pocketbase.ClientResponseError` class; a method gated
  on a server feature (``feature=Feature.X``, ``_require(Feature.X)``) names
  ``UnsupportedFeatureError``; a function with a ``raise`` statement of its own has a
  ``Raises:`` section. Every name in a ``Raises:`` section is an exception class (a builtin
  one or one of this package).
"""

from __future__ import annotations

import ast
import builtins
import logging
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import griffe

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PUBLIC_MODULES = (
    "pocketbase",
    "pocketbase.models",
    "pocketbase.aiohttp",
    "pocketbase.testing",
    "pocketbase.pytest_plugin",
    "pocketbase._async.services",
    "pocketbase._sync.services",
)
#: public modules held to the same docstring rules that have no reference page (yet): their
#: classes are not required in ``docs/reference/``
UNRENDERED_MODULES = ("pocketbase.typegen",)


def _load() -> griffe.Module:
    loader = griffe.GriffeLoader(search_paths=[str(ROOT)])
    package = loader.load("pocketbase")
    loader.resolve_aliases(implicit=False, external=None)
    assert isinstance(package, griffe.Module)
    return package


def _target(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    if isinstance(obj, griffe.Alias):
        try:
            final = obj.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
        return final
    return obj


def _has_docstring(obj: griffe.Object) -> bool:
    return obj.docstring is not None and bool(obj.docstring.value.strip())


def _public_names(package: griffe.Module, module_path: str) -> Iterator[griffe.Object]:
    module = package if module_path == "pocketbase" else package[module_path.split(".", 1)[1]]
    names = module.exports
    if names is None:
        raise SystemExit(f"{module_path} has no __all__")
    for name in sorted(str(n) for n in names):
        member = module.members.get(name)
        target = _target(member) if member is not None else None
        if target is not None:
            yield target


def _class_members(cls: griffe.Class, seen: set[str]) -> Iterator[griffe.Object]:
    """Public methods and properties of ``cls`` and of its bases inside the package."""
    if cls.path in seen:
        return
    seen.add(cls.path)
    for name, member in cls.members.items():
        if name.startswith("_"):
            continue
        target = _target(member)
        if isinstance(target, griffe.Function) or (
            isinstance(target, griffe.Attribute) and "property" in target.labels
        ):
            yield target
    for base in cls.resolved_bases:
        if isinstance(base, griffe.Class) and base.path.startswith("pocketbase."):
            yield from _class_members(base, seen)


def public_objects(package: griffe.Module) -> tuple[list[griffe.Class], list[griffe.Object]]:
    """The public classes the reference renders, and every public object (classes, their
    members, functions) the docstring rules apply to."""
    classes: dict[str, griffe.Class] = {}
    objects: dict[str, griffe.Object] = {}
    unrendered: dict[str, griffe.Class] = {}
    for module_path in PUBLIC_MODULES + UNRENDERED_MODULES:
        for obj in _public_names(package, module_path):
            if isinstance(obj, griffe.Class):
                rendered = module_path not in UNRENDERED_MODULES
                (classes if rendered else unrendered)[obj.path] = obj
            elif isinstance(obj, griffe.Function):
                objects[obj.path] = obj
    for cls in _rendered_classes(package):  # the reference renders more than the exports
        if cls.path not in classes:
            unrendered[cls.path] = cls
    seen: set[str] = set()
    for cls in [*classes.values(), *unrendered.values()]:
        objects[cls.path] = cls
        for member in _class_members(cls, seen):
            objects[member.path] = member
    return list(classes.values()), list(objects.values())


def _rendered_classes(package: griffe.Module) -> Iterator[griffe.Class]:
    """The classes a ``::: identifier`` line of the reference names directly."""
    for identifier in sorted(_documented_paths()):
        try:
            obj = package[identifier.split(".", 1)[1]] if "." in identifier else package
        except KeyError:
            continue
        target = _target(obj)
        if isinstance(target, griffe.Class):
            yield target


def _documented_paths() -> set[str]:
    """Every identifier rendered by a ``::: identifier`` line of the API reference."""
    found: set[str] = set()
    for page in (DOCS / "reference").glob("*.md"):
        found.update(re.findall(r"^:::\s+([\w.]+)\s*$", page.read_text(), re.M))
    return found


def _reference_paths(package: griffe.Module, identifiers: set[str]) -> set[str]:
    """The canonical paths of what the reference renders (its identifiers may be aliases)."""
    paths: set[str] = set()
    for identifier in identifiers:
        try:
            obj = package[identifier.split(".", 1)[1]] if "." in identifier else package
        except KeyError:
            continue
        target = _target(obj)
        if target is not None:
            paths.add(target.path)
            if isinstance(target, griffe.Module):  # a whole module: its public classes too
                paths.update(m.path for m in _module_classes(target))
    return paths


def _module_classes(module: griffe.Module) -> Iterator[griffe.Object]:
    for name in module.exports or ():
        member = module.members.get(str(name))
        target = _target(member) if member is not None else None
        if target is not None:
            yield target


def problems() -> list[str]:
    """Every missing or incomplete docstring and every public class missing from the
    reference."""
    package = _load()
    classes, objects = public_objects(package)
    found = [
        f"{obj.path} ({obj.relative_filepath}:{obj.lineno}): no docstring"
        for obj in objects
        if not _has_docstring(obj)
    ]
    io = IOFacts()
    found += [
        f"{obj.path} ({obj.relative_filepath}:{obj.lineno}): {problem}"
        for obj in objects
        if _has_docstring(obj)
        for problem in style_problems(obj, io)
    ]
    rendered = _reference_paths(package, _documented_paths())
    found += [
        f"{cls.path}: not rendered by any '::: ...' line in docs/reference/"
        for cls in classes
        if cls.path not in rendered
    ]
    return sorted(found)


# --------------------------------------------------------------------------------------------
# Docstring rules (Google style)
# --------------------------------------------------------------------------------------------

_LOGGED = "a refused subscription POST is logged and the stream reconnected, never raised"
#: the trees whose calls are followed to decide what sends a request
IO_TREES = ("pocketbase/_async", "pocketbase/_sync")
#: the names that talk to the server: the request pipeline, the version probe, the HTTP client
#: handed to the realtime stream and downloads, and the SSE connection itself
IO_PRIMITIVES = frozenset({"_send", "_probe", "_http_client", "aconnect_sse", "connect_sse"})
#: senders that never raise a request's error, and why (async paths; the sync twins follow)
QUIET = {
    "pocketbase._async.client.AsyncPocketBase.aclose": "realtime's aclose only stops tasks",
    "pocketbase._async.services.realtime.AsyncRealtimeService.unsubscribe": _LOGGED,
    "pocketbase._async.services.realtime.AsyncRealtimeService.resubscribe": _LOGGED,
    "pocketbase._async.services.realtime.AsyncRealtimeEvents.aclose": _LOGGED,
    "pocketbase._async.services.record_service.AsyncRecordEvents.aclose": _LOGGED,
}
#: the calls that refuse a feature the server generation lacks
GATES = frozenset({"_require", "_require_known", "require"})
ERRORS = ROOT / "pocketbase" / "_errors.py"


#: method names of the builtin containers: ``self._cache.get(...)`` is no call of ``get``
CONTAINER_METHODS = frozenset(
    name for kind in (dict, list, set, str, bytes) for name in dir(kind) if not name.startswith("_")
)


#: attributes holding objects of other libraries (the httpx client): calls on them are theirs
FOREIGN_ATTRIBUTES = frozenset({"_http"})


def _self_chain(node: ast.Attribute) -> list[str] | None:
    """``self.a.b.c`` -> ``["a", "b", "c"]``; None for a chain not rooted at ``self``. A
    chain through a foreign attribute stops before it."""
    names: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    if not (isinstance(current, ast.Name) and current.id == "self"):
        return None
    names.reverse()
    for index, name in enumerate(names):
        if name in FOREIGN_ATTRIBUTES:
            return names[:index]
    return names


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, without nested functions (they run later, if ever)."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        child = todo.pop()
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(child))


def _called_names(node: ast.AST) -> set[str]:
    """What a function refers to that may be a function of the I/O trees: attributes of
    ``self`` (``self.x``, ``self._client.x``; a container method deeper down is left out),
    called plain names (module functions, ``aconnect_sse``) and the I/O primitives."""
    names: set[str] = set()
    for child in _own_nodes(node):
        if isinstance(child, ast.Attribute):
            chain = _self_chain(child)
            if chain and (len(chain) == 1 or chain[-1] not in CONTAINER_METHODS):
                names.add(chain[-1])  # the shorter chains are nodes of the walk too
            elif child.attr in IO_PRIMITIVES:
                names.add(child.attr)
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Name):
            names.add(child.func.id)
    return names


def _is_feature(node: ast.expr) -> bool:
    """``Feature.X``."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Feature"
    )


def _is_gated(node: ast.AST) -> bool:
    """``feature=Feature.X`` or ``_require(Feature.X)`` in the body of ``node``."""
    for child in _own_nodes(node):
        if not isinstance(child, ast.Call):
            continue
        if any(kw.arg == "feature" and _is_feature(kw.value) for kw in child.keywords):
            return True
        func = child.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in GATES and any(_is_feature(arg) for arg in child.args):
            return True
    return False


def _raises_itself(node: ast.AST) -> bool:
    """A ``raise`` of a new error in ``node``'s own body (not in a nested function; a bare
    ``raise`` re-raises and does not count)."""
    return any(isinstance(child, ast.Raise) and child.exc is not None for child in _own_nodes(node))


@cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _functions(path: Path) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(_parsed(path)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _senders(root: Path) -> frozenset[str]:
    """The function names in the I/O trees that reach an I/O primitive (by name: a name
    sends when any function of that name does)."""
    calls: dict[str, set[str]] = {}
    for tree in IO_TREES:
        for path in sorted((root / tree).rglob("*.py")):
            for node in _functions(path):
                calls.setdefault(node.name, set()).update(_called_names(node))
    senders = set(IO_PRIMITIVES)
    grown = True
    while grown:
        new = {name for name, called in calls.items() if called & senders} - senders
        senders |= new
        grown = bool(new)
    return frozenset(senders)


def _error_names() -> frozenset[str]:
    """Exception names a ``Raises:`` section may use: the builtin exceptions and every class
    of the package that derives from one (by the base names its ``class`` line gives)."""
    names = {
        name
        for name, value in vars(builtins).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
    bases: dict[str, set[str]] = {}
    for path in sorted((ROOT / "pocketbase").rglob("*.py")):
        for node in ast.walk(_parsed(path)):
            if isinstance(node, ast.ClassDef):
                found = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
                bases.setdefault(node.name, set()).update(found)
    grown = True
    while grown:
        new = {name for name, parents in bases.items() if parents & names} - names
        names |= new
        grown = bool(new)
    return frozenset(names)


def _response_errors() -> frozenset[str]:
    """``ClientResponseError`` and its subclasses (the classes of ``_errors.py``)."""
    return frozenset(node.name for node in _parsed(ERRORS).body if isinstance(node, ast.ClassDef))


class IOFacts:
    """What the source says about a function: does it send a request, is it gated on a
    feature, does it raise an error of its own."""

    def __init__(self) -> None:
        self.senders = _senders(ROOT)
        self.quiet = set(QUIET) | {_sync_twin(path) for path in QUIET}
        self.errors = _error_names()
        self.response_errors = _response_errors()

    @staticmethod
    def _node(func: griffe.Function) -> ast.AST | None:
        return _function_node(str(func.filepath), func.lineno or 0, func.name)

    def sends(self, func: griffe.Function) -> bool:
        """``func`` is a client or service method whose body reaches the server."""
        if not str(func.relative_filepath).startswith(IO_TREES) or func.path in self.quiet:
            return False
        node = self._node(func)
        return node is not None and bool(_called_names(node) & self.senders)

    def gated(self, func: griffe.Function) -> bool:
        """``func`` refuses a feature the server generation lacks."""
        node = self._node(func)
        return node is not None and _is_gated(node)

    def raises_itself(self, func: griffe.Function) -> bool:
        """``func`` has a ``raise`` statement of its own."""
        node = self._node(func)
        return node is not None and _raises_itself(node)


def _sync_twin(path: str) -> str:
    """The path of the generated twin of an async object (``Async`` prefixes dropped,
    ``aclose`` -> ``close``, as ``scripts/unasync.py`` renames)."""
    parts = path.replace("._async.", "._sync.").split(".")
    renamed = [
        part[5:] if part.startswith("Async") and part[5:6].isupper() else part for part in parts
    ]
    return ".".join("close" if part == "aclose" else part for part in renamed)


@cache
def _function_node(filepath: str, lineno: int, name: str) -> ast.AST | None:
    """The ``def`` of ``name`` starting at ``lineno`` (or its decorators) in ``filepath``."""
    for node in _functions(Path(filepath)):
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        if node.name == name and first <= lineno <= node.lineno:
            return node
    return None


def _sections(obj: griffe.Object) -> dict[str, list[Any]]:
    """The parsed Google sections of ``obj``'s docstring: kind (``"parameters"``,
    ``"returns"``, ...) -> items (or text)."""
    assert obj.docstring is not None
    griffe_logger = logging.getLogger("griffe")
    previous = griffe_logger.disabled
    griffe_logger.disabled = True  # mkdocstrings reports the parser's own warnings
    try:
        parsed = obj.docstring.parse("google")
    finally:
        griffe_logger.disabled = previous
    sections: dict[str, list[Any]] = {}
    for section in parsed:
        value = section.value if isinstance(section.value, list) else [section.value]
        sections.setdefault(section.kind.value, []).extend(value)
    return sections


def _signature_names(func: griffe.Function) -> list[str]:
    """The parameters a docstring must name (``self``/``cls`` left out)."""
    params = list(func.parameters)
    if params and params[0].name in ("self", "cls") and isinstance(func.parent, griffe.Class):
        params = params[1:]
    return [p.name for p in params]


def _args_problems(
    func: griffe.Function, sections: dict[str, list[Any]], also: str | None = None
) -> list[str]:
    """Every parameter named by ``Args:`` (or by the ``also`` section), nothing else."""
    expected = _signature_names(func)
    items = sections.get("parameters", []) + (sections.get(also, []) if also else [])
    documented = [item.name.lstrip("*") for item in items]
    found: list[str] = []
    missing = [name for name in expected if name not in documented]
    if missing and "parameters" not in sections:
        found.append(f"no 'Args:' section (parameters: {', '.join(missing)})")
    elif missing:
        found.append(f"'Args:' does not name {', '.join(missing)}")
    unknown = [
        item.name
        for item in sections.get("parameters", [])
        if item.name.lstrip("*") not in expected
    ]
    if unknown:
        found.append(f"'Args:' names {', '.join(unknown)}, not parameters")
    return found


def _returns_value(func: griffe.Function) -> bool:
    annotation = func.returns
    return annotation is not None and str(annotation) not in ("None", "NoReturn", "Never")


def _returns_problems(func: griffe.Function, sections: dict[str, list[Any]]) -> list[str]:
    documented = "returns" in sections or "yields" in sections
    if _returns_value(func) and not documented:
        return [f"no 'Returns:' section (returns {func.returns})"]
    return []


def _raised_names(sections: dict[str, list[Any]]) -> list[str]:
    """The exception names of the ``Raises:`` section (``~pocketbase.X`` -> ``X``; another
    library's qualified name, ``httpx.HTTPError``, stays whole)."""
    names = []
    for item in sections.get("raises", []):
        text = str(item.annotation or "").strip("`~ ")
        names.append(text.rsplit(".", 1)[-1] if text.startswith("pocketbase.") else text)
    return names


def _foreign(name: str) -> bool:
    """``httpx.HTTPError``: an exception of another library, named with its module."""
    return "." in name and not name.startswith("pocketbase.")


def _raises_problems(
    func: griffe.Function, sections: dict[str, list[Any]], io: IOFacts
) -> list[str]:
    raised = _raised_names(sections)
    found = [
        f"'Raises:' names {name}, not an exception class"
        for name in raised
        if name not in io.errors and not _foreign(name)
    ]
    if io.sends(func) and not set(raised) & io.response_errors:
        found.append("sends a request but its 'Raises:' names no ClientResponseError class")
    if io.gated(func) and "UnsupportedFeatureError" not in raised:
        found.append("is gated on a server feature but 'Raises:' omits UnsupportedFeatureError")
    if not raised and io.raises_itself(func):
        found.append("raises an error itself but has no 'Raises:' section")
    return found


def _init_problems(cls: griffe.Class) -> list[str]:
    """The parameters of the class's own constructor (an inherited one is documented where
    it is defined), in the class or ``__init__`` docstring: by ``Args:``, or by
    ``Attributes:`` for fields that are both, as in a dataclass."""
    member = cls.members.get("__init__")
    init = _target(member) if member is not None else None
    if not isinstance(init, griffe.Function) or not _signature_names(init):
        return []
    holder = init if init.docstring is not None and init.docstring.value.strip() else cls
    found = _args_problems(init, _sections(holder), also="attributes")
    return [f"constructor: {problem}" for problem in found]


def _is_property(obj: griffe.Object) -> bool:
    return "property" in obj.labels


def style_problems(obj: griffe.Object, io: IOFacts) -> list[str]:
    """What the (present) docstring of ``obj`` lacks under the Google-style rules."""
    if isinstance(obj, griffe.Class):
        return _init_problems(obj)
    sections = _sections(obj)
    if _is_property(obj):
        return ["a property takes no 'Args:'"] if "parameters" in sections else []
    if not isinstance(obj, griffe.Function):
        return []
    return (
        _args_problems(obj, sections)
        + _returns_problems(obj, sections)
        + _raises_problems(obj, sections, io)
    )


# --------------------------------------------------------------------------------------------
# Generated tables
# --------------------------------------------------------------------------------------------


def _generation_layer() -> Any:
    sys.path.insert(0, str(ROOT))
    try:
        import pocketbase._generations as layer
    finally:
        sys.path.remove(str(ROOT))
    return layer


def generations_table() -> str:
    """Routes and limits per server generation, read from ``pocketbase._generations``."""
    layer = _generation_layer()
    gens = [layer.GENERATIONS["0.7"], layer.GENERATIONS["0.8"], layer.GENERATIONS["0.23"]]

    def route(call: Callable[[Any], Any]) -> list[str]:
        cells = []
        for gen in gens:
            req = call(gen)
            cells.append("—" if req is None else f"`{req.method} {req.path}`")
        return cells

    rows: list[tuple[str, list[str]]] = [
        (
            "`Authorization` header (admin / user)",
            [f"`{g.auth_header('TOKEN', True)}` / `{g.auth_header('TOKEN', False)}`" for g in gens],
        ),
        ("largest `per_page`", [str(g.max_per_page) for g in gens]),
        ("`skipTotal` paging", ["yes" if g.has_skip_total else "no" for g in gens]),
        ("admins list/CRUD", [f"`{g.admins.base}`" for g in gens]),
        ("users list/CRUD", [f"`{g.users.base}`" for g in gens]),
        ("`admins.auth_via_email`", route(lambda g: g.admins.auth_with_password("e", "p", None))),
        ("`users.auth_via_email`", route(lambda g: g.users.auth_with_password("e", "p", None))),
        ("`users.list_auth_methods`", route(lambda g: g.users.auth_methods())),
        ("`users.refresh`", route(lambda g: g.users.refresh(None))),
        ("`users.list_external_auths`", route(lambda g: g.users.list_external_auths("ID"))),
        (
            "`collections.import_collections`",
            route(lambda g: g.collections.import_collections([], False)),
        ),
        ("`logs.get_requests_list`", route(lambda g: g.logs.requests_list())),
        ("`logs.get_requests_stats`", route(lambda g: g.logs.requests_stats())),
        ("`settings.test_s3`", route(lambda g: g.settings.test_s3())),
    ]
    lines = [
        '| | 0.7 (`server_api="0.7"`) | 0.8-0.22 (`"0.8"`) | 0.23+ (`"0.23"`) |',
        "|---|---|---|---|",
    ]
    lines += [f"| {label} | {' | '.join(cells)} |" for label, cells in rows]
    return "\n".join(lines)


def features_table() -> str:
    """Which feature each generation has, read from the capability table."""
    layer = _generation_layer()
    names = ["0.7", "0.8", "0.23"]
    lines = [
        "| feature | first server | 0.7 | 0.8-0.22 | 0.23+ |",
        "|---|---|---|---|---|",
    ]
    for feature, since in layer.CAPABILITIES.items():
        cells = []
        for name in names:
            has = layer.GENERATIONS[name].supports(feature)
            inside = has and name == since.generation and since.version != since.generation
            cells.append(f"from {since.version}" if inside else ("yes" if has else "—"))
        lines.append(f"| {feature.value} | {since.version} | {' | '.join(cells)} |")
    return "\n".join(lines)


GENERATED: dict[str, Callable[[], str]] = {
    "generations-table": generations_table,
    "features-table": features_table,
}
_MARKER = re.compile(r"^<!-- generated: ([\w-]+) -->$", re.M)


def expand_markers(markdown: str) -> str:
    """Replace each ``<!-- generated: NAME -->`` line with the table ``NAME``."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATED:
            raise ValueError(f"unknown generated block {name!r}")
        return GENERATED[name]()

    return _MARKER.sub(replace, markdown)


# --------------------------------------------------------------------------------------------
# MkDocs hooks
# --------------------------------------------------------------------------------------------


def on_config(config: Any) -> Any:
    """Fail the build when a public object has no docstring or no reference entry."""
    from mkdocs.exceptions import PluginError

    found = problems()
    if found:
        raise PluginError(
            "missing API documentation (every public class, method and property needs a "
            "docstring and a reference entry):\n  " + "\n  ".join(found)
        )
    return config


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Fill in the generated tables."""
    return expand_markers(markdown)


def main() -> int:
    """Print the problems; exit status 1 when there are any."""
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
