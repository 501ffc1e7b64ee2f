"""MkDocs hooks of the documentation site (``mkdocs.yml`` loads this file) and the docstring
check behind them.

- ``on_config``: the build fails when a public class, method, property or function has no
  docstring, or when a public class is missing from the API reference (``docs/reference/``).
- ``on_page_markdown``: replaces ``<!-- generated: NAME -->`` markers with tables computed from
  the code (the generation layer), so no table is written twice.

Also a command: ``python scripts/docs_hooks.py`` prints what the check finds (exit status 1
when something is missing).

The public surface is what users import: the ``__all__`` names of :data:`PUBLIC_MODULES` and
the service classes the clients expose (``pb.records``, ...), in both their async and sync
flavours. For each class, every method and property whose name does not start with ``_`` needs
a docstring, including those inherited from base classes of this package.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
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
    """The public classes, and every public object (classes, their members, functions)."""
    classes: dict[str, griffe.Class] = {}
    objects: dict[str, griffe.Object] = {}
    for module_path in PUBLIC_MODULES:
        for obj in _public_names(package, module_path):
            if isinstance(obj, griffe.Class):
                classes[obj.path] = obj
            elif isinstance(obj, griffe.Function):
                objects[obj.path] = obj
    seen: set[str] = set()
    for cls in list(classes.values()):
        objects[cls.path] = cls
        for member in _class_members(cls, seen):
            objects[member.path] = member
    return list(classes.values()), list(objects.values())


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
    """Every missing docstring and every public class missing from the reference."""
    package = _load()
    classes, objects = public_objects(package)
    found = [
        f"{obj.path} ({obj.relative_filepath}:{obj.lineno}): no docstring"
        for obj in objects
        if not _has_docstring(obj)
    ]
    rendered = _reference_paths(package, _documented_paths())
    found += [
        f"{cls.path}: not rendered by any '::: ...' line in docs/reference/"
        for cls in classes
        if cls.path not in rendered
    ]
    return sorted(found)


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
