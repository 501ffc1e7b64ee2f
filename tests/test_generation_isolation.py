"""Every server-generation difference lives in pocketbase/_generations.py: the services and the
client never compare versions themselves."""

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
        if isinstance(node, ast.Attribute) and node.attr in {
            "server_api",
            "_generation_obj",
            "name",
        }:
            found.append(f"{path.name}:{node.lineno} attribute .{node.attr}")
    return found


def test_services_hold_no_version_checks() -> None:
    services = sorted((ROOT / "pocketbase" / "_async" / "services").glob("*.py"))
    assert services
    offenders = [hit for path in services for hit in _code_strings_and_names(path)]
    assert offenders == []


def test_client_reads_the_generation_only_through_the_layer() -> None:
    hits = _code_strings_and_names(ROOT / "pocketbase" / "_async" / "client.py")
    # the client may report the resolved generation's name (client.server_api) and hold it
    assert all(".name" in h or "._generation_obj" in h or ".server_api" in h for h in hits), hits
    assert not any(" string " in h for h in hits), hits
