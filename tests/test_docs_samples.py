"""Every Python code sample in ``docs/`` is checked, so none can rot.

Each ```` ```python ```` block of a page carries a marker comment on the line before it:

- ``<!-- sample: run -->``: type-checked with ``mypy --strict`` and executed against a real
  PocketBase 0.40.6 (``http://127.0.0.1:8090`` in the sample is replaced by the server's URL;
  the admin is ``admin@example.com`` / ``1234567890``, as on the pages);
- ``<!-- sample: pytest -->``: a test module; type-checked, then run by a nested pytest with the
  ``pocketbase.pytest_plugin`` fixtures;
- ``<!-- sample: check -->``: type-checked only (code that needs a browser, a web server or a
  network outage to run);

and a block that only includes a file (a ``--8<--`` block naming ``examples/...``) is one of
the examples, which ``make lint`` type-checks and their own tests run. A Python block without a marker fails.
The README's Python blocks must be run samples of the quick start page.
The server has what the pages describe: a ``posts`` collection (``title``, ``views``,
``published``, ``cover``, ``attachments``), a verified user ``reader@example.com`` /
``a-long-password``, batch requests turned on and its mail going to an SMTP sink. Samples
may import ``pb_models``: the module ``pocketbase-typegen --collection posts`` writes for that
server (generated from the same schema for the type check, and from the live server for the
run, which must give the same bytes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pocketbase import PocketBase
from pocketbase.testing import PocketBaseServer, SMTPSink

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOCS_URL = "http://127.0.0.1:8090"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)")
_MARKER = re.compile(r"^\s*<!-- sample: (?P<mode>run|check|pytest) -->\s*$")
_INCLUDE = re.compile(r"^--8<--\n(?P<path>\S+)\n--8<--$")


@dataclass(frozen=True)
class Sample:
    page: str
    line: int
    code: str
    mode: str | None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def module(self) -> str:
        return "sample_" + re.sub(r"\W", "_", self.page.removesuffix(".md")) + f"_{self.line}"


def _blocks(page: Path) -> Iterator[Sample]:
    lines = page.read_text(encoding="utf-8").splitlines()
    name = page.relative_to(DOCS).as_posix()
    previous = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence is None:
            if line.strip():
                previous = line
            index += 1
            continue
        indent = fence.group("indent")
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index][len(indent) :])
            index += 1
        index += 1
        if fence.group("lang") == "python":
            marker = _MARKER.match(previous)
            yield Sample(name, start + 1, "\n".join(body) + "\n", marker and marker["mode"])
        previous = ""


def samples() -> list[Sample]:
    found: list[Sample] = []
    for page in sorted(DOCS.rglob("*.md")):
        found.extend(_blocks(page))
    return found


def _include(sample: Sample) -> Path | None:
    match = _INCLUDE.match(sample.code.strip())
    return ROOT / match["path"] if match else None


SAMPLES = samples()
RUN = [s for s in SAMPLES if s.mode == "run"]
PYTEST = [s for s in SAMPLES if s.mode == "pytest"]
CHECKED = [s for s in SAMPLES if s.mode is not None]


def test_the_pages_have_samples_of_every_kind() -> None:
    assert len(RUN) >= 20 and len(PYTEST) >= 3
    assert {s.page for s in RUN} >= {"quickstart.md", "seed-api.md", "auth.md", "realtime.md"}


def test_every_python_sample_is_marked_or_an_included_example() -> None:
    unmarked = [s.id for s in SAMPLES if s.mode is None and _include(s) is None]
    assert unmarked == []
    for sample in SAMPLES:
        path = _include(sample)
        if path is not None:
            assert sample.mode is None, sample.id
            assert path.is_file() and path.parent == ROOT / "examples", sample.id


def test_the_readme_samples_are_run_samples_of_the_pages() -> None:
    """The README's quick starts are the quick start page's, so they are run too."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", readme, re.M | re.S)
    assert len(blocks) == 2
    quickstart = {s.code for s in RUN if s.page == "quickstart.md"}
    for block in blocks:
        assert block in quickstart, block


def test_samples_pass_mypy_strict(tmp_path: Path) -> None:
    typed_module(["--schema", str(schema_file(tmp_path))], tmp_path)
    files = []
    for sample in CHECKED:
        path = tmp_path / f"{sample.module}.py"
        path.write_text(sample.code, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(ROOT / ".mypy_cache"), "--no-error-summary", *files],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    report = result.stdout + result.stderr
    for sample in CHECKED:  # point at the page, not at the temporary file
        where = f"docs/{sample.page}, sample at line {sample.line}, line "
        report = report.replace(f"{sample.module}.py:", where)
    assert result.returncode == 0, report
    assert report.strip() == ""


# --------------------------------------------------------------------------------------------
# A server holding what the pages use
# --------------------------------------------------------------------------------------------

POSTS = {
    "name": "posts",
    "schema": [
        {"name": "title", "type": "text"},
        {"name": "views", "type": "number", "options": {"noDecimal": True}},
        {"name": "published", "type": "bool"},
        {
            "name": "cover",
            "type": "file",
            "options": {"maxSelect": 1, "maxSize": 1048576, "mimeTypes": [], "thumbs": []},
        },
        {
            "name": "attachments",
            "type": "file",
            "options": {"maxSelect": 5, "maxSize": 1048576, "mimeTypes": [], "thumbs": []},
        },
    ],
    "listRule": "",
    "viewRule": "",
    "createRule": "",
    "updateRule": "",
    "deleteRule": "",
}
READER = ("reader@example.com", "a-long-password")
TYPED_MODULE = "pb_models"


def schema_file(folder: Path) -> Path:
    """The collections of the docs server as a schema file (what "Export collections" gives)."""
    path = folder / "schema.json"
    path.write_text(json.dumps([POSTS]), encoding="utf-8")
    return path


def typed_module(source: list[str], folder: Path, env: dict[str, str] | None = None) -> bytes:
    """Run ``pocketbase-typegen`` for the ``posts`` collection into ``folder/pb_models.py``."""
    out = folder / f"{TYPED_MODULE}.py"
    result = subprocess.run(
        [sys.executable, "-m", "pocketbase.typegen", *source, "--collection", "posts",
         "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def docs_server() -> Iterator[PocketBaseServer]:
    with SMTPSink() as sink, PocketBaseServer("0.40.6") as server:
        server.use_smtp(sink)
        with PocketBase(server.url) as pb:
            pb.admins.auth_via_email(server.admin_email, server.admin_password)
            pb.collections.create(POSTS)
            email, password = READER
            user = pb.users.create(
                {"email": email, "password": password, "passwordConfirm": password}
            )
            pb.users.update(user.id, {"verified": True})
            pb.settings.update({"batch": {"enabled": True}})
        yield server


@pytest.fixture(scope="module")
def live_typed_module(
    docs_server: PocketBaseServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """``pb_models`` written by ``pocketbase-typegen --url`` from the docs server, importable
    by the samples while they run."""
    folder = tmp_path_factory.mktemp("typed")
    credentials = {
        "POCKETBASE_EMAIL": docs_server.admin_email,
        "POCKETBASE_PASSWORD": docs_server.admin_password,
    }
    typed_module(["--url", docs_server.url], folder, credentials)
    sys.path.insert(0, str(folder))
    try:
        yield folder / f"{TYPED_MODULE}.py"
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(TYPED_MODULE, None)


@pytest.mark.integration
def test_the_typed_module_is_the_same_from_the_server_and_from_the_schema(
    live_typed_module: Path, tmp_path: Path
) -> None:
    static = typed_module(["--schema", str(schema_file(tmp_path))], tmp_path)
    assert live_typed_module.read_bytes() == static
    assert b"class TypedPocketBase(PocketBase):" in static


@pytest.mark.integration
@pytest.mark.parametrize("sample", RUN, ids=[s.id for s in RUN])
def test_sample_runs(
    sample: Sample, docs_server: PocketBaseServer, live_typed_module: Path
) -> None:
    code = sample.code.replace(DOCS_URL, docs_server.url)
    # a real module, as a script has: pydantic resolves a model's annotations through it
    module = types.ModuleType(sample.module)
    module.__file__ = f"docs/{sample.page}"
    sys.modules[sample.module] = module
    try:
        exec(compile(code, f"docs/{sample.page}:{sample.line}", "exec"), module.__dict__)
    finally:
        del sys.modules[sample.module]


@pytest.mark.integration
def test_pytest_samples_pass_with_the_plugin(tmp_path: Path) -> None:
    for sample in PYTEST:
        (tmp_path / f"test_{sample.module}.py").write_text(sample.code, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
        "filterwarnings = error\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "pocketbase.pytest_plugin",
         "-p", "no:cacheprovider", "--pocketbase-version", "0.40.6"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    tests = sum(len(re.findall(r"^(?:async )?def test_", s.code, re.M)) for s in PYTEST)
    assert result.returncode == 0, output
    assert re.search(rf"^{tests} passed in ", output, re.M), output
