"""``examples/run_demo.py`` (``make demo``) against both binaries: it starts a throwaway server
and runs ``examples/quickstart.py``, ``examples/quickstart_async.py`` and
``examples/typegen_demo.py`` as subprocesses, so the same seed-style quickstart is proven to run
unchanged on 0.22.27 and 0.40.6, and the typegen demo to generate the same models on both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.servers import GENERATION, VERSIONS

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
STEPS = [
    "admin admin@example.com logged in (server_api {generation})",
    "created collection quickstart",
    "subscribed to quickstart",
    "downloaded http://127.0.0.1:",
    ": same bytes",
    "listed 2 records sorted by views: ['World', 'Hello']",
    "views = 42",
    "1 record(s) left",
    "realtime: first event was create of ",
    "user logged in; token valid: True",
    "(the create rule let them in)",
    "removed the user and the collection",
    "done",
]


TYPEGEN_STEPS = [
    "[typegen] created the collections typegen_tags and typegen_posts",
    "[typegen] generated models for typegen_tags and typegen_posts: same bytes as "
    "typegen_models.py",
    "[typegen] read 'Typed records': published, 42 views, topics ['python', 'typing'], "
    "published on 2024-05-01, tags ['sdk', 'types']",
    "[typegen] listed 1 published post(s) as TypegenPostsRecord",
    "[typegen] tags: ['sdk', 'types']",
    "[typegen] removed the collections",
    "[typegen] done",
]


@pytest.mark.parametrize("version", VERSIONS)
def test_run_demo_runs_both_quickstarts(version: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "run_demo.py"), "--version", version],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
        env=env,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"PocketBase {version} is running at http://127.0.0.1:" in output
    assert "== quickstart.py passed" in output and "== quickstart_async.py passed" in output
    assert "== typegen_demo.py passed" in output
    assert output.rstrip().endswith("Both quickstarts and the typegen demo passed.")
    typegen = [line for line in output.splitlines() if line.startswith("[typegen] ")]
    assert typegen == TYPEGEN_STEPS, output
    for flavour in ("sync", "async"):
        lines = [line for line in output.splitlines() if line.startswith(f"[{flavour}] ")]
        for expected in STEPS:
            text = expected.format(generation=GENERATION[version])
            assert any(text in line for line in lines), (flavour, text, output)


def test_run_demo_fails_clearly_without_the_binary() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "run_demo.py"), "--version", "9.99.999"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert "Cannot run the demo: PocketBase 9.99.999 binary not found" in result.stderr
    assert "scripts/install_pocketbase.py 9.99.999" in result.stderr
