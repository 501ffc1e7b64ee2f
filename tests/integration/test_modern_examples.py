"""``examples/modern_usage.py`` and ``examples/modern_usage_async.py`` against both binaries:
the same tour of ``pb.collection(...)`` and ``pb.files`` prints the same results on 0.22.27
and 0.40.6 (the examples also pass ``mypy --strict`` with the package)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.servers import GENERATION, VERSIONS, shared_server

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
STEPS = [
    "server_api {generation}; created modern_posts",
    "created 3 posts; the first has 2 attachments",
    "page 1: ['World', 'Typed'] of 3",
    "full list: [3, 7, 10]",
    "iterated: ['Hello', 'Typed', 'World']",
    "first match: World (10 views)",
    "no match: 404",
    "get_one: Hello",
    "replaced: ['three']",
    "added: ['three', 'four']; views 4",
    "removed: ['four']",
    "downloaded: b'4'",
    "protected file with a token: 200 b's3cret'",
    "event: create Live",
    "deleted one; 3 left",
    "done",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("script", "flavour"), [("modern_usage.py", "sync"), ("modern_usage_async.py", "async")]
)
def test_modern_example_runs(
    request: pytest.FixtureRequest, version: str, script: str, flavour: str
) -> None:
    server = shared_server(request.config, version)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
    env["POCKETBASE_ADMIN_PASSWORD"] = server.admin_password
    env["PYTHONPATH"] = str(ROOT)  # this checkout's package, whatever the venv has installed
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / script), server.url, server.admin_email],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    expected = [f"[{flavour}] " + s.format(generation=GENERATION[version]) for s in STEPS]
    assert result.stdout.splitlines() == expected
