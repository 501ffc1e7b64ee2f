"""``make docs`` (``mkdocs build --strict``) passes, and fails on a temporary copy of the site's
sources when a public method, property or class loses its docstring or a part of its Google-style
docstring (an ``Args:`` section or one parameter of it, the ``Raises:`` of a method that sends a
request, the ``UnsupportedFeatureError`` of a feature-gated one, a ``Returns:``), when a public
class is missing from the API reference, or when a page links to a missing page or anchor. The
checker's reading of the source (what sends, what is gated) is tested without a build."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import griffe
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["mkdocs.yml", "docs", "pocketbase", "examples", "scripts/docs_hooks.py"]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")

sys.path.insert(0, str(ROOT / "scripts"))
import docs_hooks  # noqa: E402

sys.path.remove(str(ROOT / "scripts"))


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, copy / name, ignore=_IGNORE)
        else:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy / name)
    return copy


def _build(copy: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "-f", str(copy / "mkdocs.yml"), "-d", str(copy / "site")],
        cwd=copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip


def _drop_docstring(path: Path, qualname: str) -> int:
    """Delete the docstring of ``Class.member`` (or of ``Class``); return its def line."""
    source = path.read_text()
    tree = ast.parse(source)
    node: ast.AST = tree
    for part in qualname.split("."):
        node = next(
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and child.name == part
            and (not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) or child.body)
            and ast.get_docstring(child) is not None
        )
    assert isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
    doc = node.body[0]
    lines = source.splitlines(keepends=True)
    assert doc.end_lineno is not None
    replacement = " " * doc.col_offset + "pass\n" if len(node.body) == 1 else ""
    lines[doc.lineno - 1 : doc.end_lineno] = [replacement]
    path.write_text("".join(lines))
    return node.lineno


def _function(tree: ast.AST, qualname: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The (last, for overloads) ``def`` of ``Class.method`` or ``function``."""
    node: ast.AST = tree
    for part in qualname.split("."):
        node = [
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and child.name == part
        ][-1]
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    return node


def _edit_docstring(path: Path, qualname: str, drop: str) -> int:
    """Delete from the docstring of ``qualname`` the section ``drop`` (``"Args:"``), or the
    entry of one parameter (``"Args: name"``), with its continuation lines; return the def
    line."""
    source = path.read_text()
    node = _function(ast.parse(source), qualname)
    doc = node.body[0]
    assert doc.end_lineno is not None
    lines = source.splitlines(keepends=True)
    header, _, entry = drop.partition(" ")
    body = range(doc.lineno - 1, doc.end_lineno - 1)  # the closing quotes' line stays
    start = next(i for i in body if lines[i].strip() == header)
    if entry:
        start = next(i for i in body if i > start and lines[i].strip().startswith(entry + ":"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while (
        end in body and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    assert start != end
    del lines[start:end]
    path.write_text("".join(lines))
    return node.lineno


def test_the_site_builds_with_the_reference_and_generated_tables(site_copy: Path) -> None:
    result = _build(site_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    site = site_copy / "site"
    clients = (site / "reference" / "clients" / "index.html").read_text()
    for anchor in ("pocketbase.PocketBase.send", "pocketbase.AsyncPocketBase.aclose"):
        assert f'id="{anchor}"' in clients
    services = (site / "reference" / "services" / "index.html").read_text()
    assert 'id="pocketbase._sync.services.records.SeedRecordService.get_list"' in services
    assert 'id="pocketbase._sync.services.record_service.RecordService.get_list"' in services
    generations = (site / "generations" / "index.html").read_text()
    assert "<!-- generated:" not in generations
    assert "/api/collections/_superusers/auth-with-password" in generations
    quickstart = (site / "quickstart" / "index.html").read_text()
    assert 'class="tabbed-set' in quickstart  # sync / async tabs
    modern = (site / "modern-api" / "index.html").read_text()
    assert 'class="tabbed-set' in modern and 'id="batch"' in modern
    assert (site / "deviations" / "index.html").is_file()


@pytest.mark.parametrize(
    ("file", "qualname", "path"),
    [
        (
            "pocketbase/_sync/services/records.py",
            "SeedRecordService.get_one",
            "pocketbase._sync.services.records.SeedRecordService.get_one",
        ),
        (
            "pocketbase/_async/services/realtime.py",
            "AsyncRealtimeService.client_id",
            "pocketbase._async.services.realtime.AsyncRealtimeService.client_id",
        ),
        ("pocketbase/models.py", "Record.get", "pocketbase.models.Record.get"),
        ("pocketbase/testing.py", "SMTPSink", "pocketbase.testing.SMTPSink"),
    ],
)
def test_a_missing_docstring_fails_the_build(
    site_copy: Path, file: str, qualname: str, path: str
) -> None:
    line = _drop_docstring(site_copy / file, qualname)
    result = _build(site_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "missing API documentation" in output
    assert f"  {path} ({file}:{line}): no docstring\n" in output + "\n", output


def test_an_incomplete_docstring_fails_the_build(site_copy: Path) -> None:
    """One build, five broken docstrings in both trees: each is reported by name and line."""
    cases = [
        # (file, qualname, what to delete, the problem reported)
        (
            "pocketbase/_async/services/crons.py",
            "AsyncCronService.run",
            "Args:",
            "no 'Args:' section (parameters: job_id, query, headers, request_key)",
        ),
        (
            "pocketbase/_sync/services/record_service.py",
            "RecordService.get_one",
            "Args: request_key",
            "'Args:' does not name request_key",
        ),
        (
            "pocketbase/_async/services/base.py",
            "AsyncCrudService.get_one",
            "Raises:",
            "sends a request but its 'Raises:' names no ClientResponseError class",
        ),
        (
            "pocketbase/_async/services/sql.py",
            "AsyncSQLService.run",
            "Raises: UnsupportedFeatureError",
            "is gated on a server feature but 'Raises:' omits UnsupportedFeatureError",
        ),
        (
            "pocketbase/testing.py",
            "find_binary",
            "Returns:",
            "no 'Returns:' section (returns Path)",
        ),
    ]
    expected = []
    for file, qualname, drop, problem in cases:
        line = _edit_docstring(site_copy / file, qualname, drop)
        module = file.removesuffix(".py").replace("/", ".")
        expected.append(f"  {module}.{qualname} ({file}:{line}): {problem}\n")
    result = _build(site_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "missing API documentation" in output
    for line in expected:
        assert line in output + "\n", output


def test_the_checker_follows_calls_to_the_server() -> None:
    """What sends a request, what is gated on a feature: read from the async source and
    its generated twin alike (a method that only builds a URL, or that logs a refused
    subscription instead of raising, is no sender)."""
    package = docs_hooks._load()
    io = docs_hooks.IOFacts()

    def classify(path: str) -> tuple[bool, bool]:
        func = package[path.split(".", 1)[1]]
        assert isinstance(func, griffe.Function), path
        return io.sends(func), io.gated(func)

    services = "pocketbase._async.services"
    expected = {
        f"{services}.base.AsyncCrudService.get_one": (True, False),
        f"{services}.record_service.AsyncRecordService.get_list": (True, False),
        f"{services}.realtime.AsyncRealtimeService.listen": (True, False),
        f"{services}.backups.AsyncBackupService.restore": (True, True),
        f"{services}.crons.AsyncCronService.run": (True, True),
        "pocketbase._async.client.AsyncPocketBase.send": (True, False),
        f"{services}.backups.AsyncBackupService.get_download_url": (False, True),
        f"{services}.files.AsyncFileService.get_url": (False, False),
        f"{services}.records.AsyncSeedRecordService.get_file_url": (False, False),
        f"{services}.realtime.AsyncRealtimeService.unsubscribe": (False, False),
        "pocketbase._async.client.AsyncPocketBase.aclose": (False, False),
        "pocketbase._async.client.AsyncPocketBase.build_url": (False, False),
    }
    for path, facts in expected.items():
        assert classify(path) == facts, path
        assert classify(docs_hooks._sync_twin(path)) == facts, docs_hooks._sync_twin(path)


def test_every_async_method_is_classified_like_its_sync_twin() -> None:
    package = docs_hooks._load()
    io = docs_hooks.IOFacts()
    _, objects = docs_hooks.public_objects(package)
    functions = {obj.path: obj for obj in objects if isinstance(obj, griffe.Function)}
    pairs = [
        (func, functions[docs_hooks._sync_twin(path)])
        for path, func in functions.items()
        if path.startswith("pocketbase._async.")
    ]
    assert len(pairs) > 100
    for func, twin in pairs:
        assert (io.sends(func), io.gated(func)) == (io.sends(twin), io.gated(twin)), func.path


def test_a_class_missing_from_the_reference_fails_the_build(site_copy: Path) -> None:
    page = site_copy / "docs" / "reference" / "services.md"
    line = "::: pocketbase._sync.services.logs.LogService\n"
    assert line in page.read_text()
    page.write_text(page.read_text().replace(line, ""))
    result = _build(site_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert (
        "pocketbase._sync.services.logs.LogService: not rendered by any '::: ...' line in "
        "docs/reference/" in output
    )


def test_a_missing_anchor_or_page_fails_the_build(site_copy: Path) -> None:
    index = site_copy / "docs" / "index.md"
    index.write_text(
        index.read_text()
        + "\nSee [nowhere](quickstart.md#no-such-heading) and [gone](no-such-page.md).\n"
    )
    result = _build(site_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"does not contain an anchor '#no-such-heading'", output), output
    assert "'no-such-page.md', but the target is not found" in output, output
    assert "Aborted with 2 warnings in strict mode!" in output


def test_the_repository_itself_has_no_documentation_problem() -> None:
    assert docs_hooks.problems() == []


def test_generated_markers() -> None:
    assert docs_hooks.expand_markers("a\n<!-- generated: generations-table -->\nb").startswith(
        "a\n| | 0.7"
    )
    with pytest.raises(ValueError, match="unknown generated block 'nope'"):
        docs_hooks.expand_markers("<!-- generated: nope -->")
