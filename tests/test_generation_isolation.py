"""Every server-generation difference lives in the generation layer (pocketbase/_generations/):
no other module of the package compares versions itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.compile(r"^\d+\.\d+")


def _code_strings_and_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            if VERSION.match(node.value):
                found.append(f"{path.name}:{node.lineno} string {node.value!r}")
        if isinstance(node, ast.Attribute) and _reads_a_generation(node):
            found.append(f"{path.name}:{node.lineno} attribute .{node.attr}")
    return found


def _owner_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _owner_name(node.func)
    return ""


def _reads_a_generation(node: ast.Attribute) -> bool:
    """``x.server_api``, ``x._generation_obj``, or the ``.name`` of something named like a
    generation (``gen.name``, ``self._generation_obj.name``, ``generation_for(...).name``)."""
    if node.attr in {"server_api", "_generation_obj"}:
        return True
    return node.attr == "name" and "gen" in _owner_name(node.value).lower()


#: modules outside the generation layer that legitimately hold version-like strings, and why
_ALLOWED: dict[str, set[str]] = {
    # the package's own version
    "__init__.py": {"string '0.1.0'"},
    # the client reports the resolved generation's name (client.server_api) and holds it
    "client.py": {"attribute .name", "attribute ._generation_obj", "attribute .server_api"},
    # the filter grammars are named after the first server with each rule; the rule itself
    # comes from the generation (Generation.filter_rule)
    "_filters.py": {"string '0.7'", "string '0.8'", "string '0.23'"},
    # the test-server helpers choose binaries by version and say which generation they are
    "testing.py": {"string"},
    # the pytest plugin finds binaries by version
    "pytest_plugin.py": {"string"},
}


def _package_modules() -> list[Path]:
    layer = ROOT / "pocketbase" / "_generations"
    generated = ROOT / "pocketbase" / "_sync"
    return sorted(
        path
        for path in (ROOT / "pocketbase").rglob("*.py")
        if layer not in path.parents and generated not in path.parents
    )


def _allowed(hit: str) -> bool:
    name, _, rest = hit.partition(":")
    kind = rest.split(" ", 1)[1]
    return any(kind.startswith(prefix) for prefix in _ALLOWED.get(name, set()))


def test_no_module_outside_the_generation_layer_checks_versions() -> None:
    modules = _package_modules()
    assert len(modules) > 20
    assert any(p.name == "base.py" for p in modules)
    offenders = [
        hit for path in modules for hit in _code_strings_and_names(path) if not _allowed(hit)
    ]
    assert offenders == []


def test_services_hold_no_version_checks_at_all() -> None:
    services = sorted((ROOT / "pocketbase" / "_async" / "services").glob("*.py"))
    assert services
    offenders = [hit for path in services for hit in _code_strings_and_names(path)]
    assert offenders == []


def test_client_reads_the_generation_only_through_the_layer() -> None:
    hits = _code_strings_and_names(ROOT / "pocketbase" / "_async" / "client.py")
    # the client may report the resolved generation's name (client.server_api) and hold it
    assert all(".name" in h or "._generation_obj" in h or ".server_api" in h for h in hits), hits
    assert not any(" string " in h for h in hits), hits
