"""``examples/backup_and_logs.py`` against a fresh server of each version: it backs up, downloads
the backup (size checked against the listing), reports today's error logs (a failed request
made beforehand is among them) and deletes the backup from the server."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pocketbase.testing import PocketBaseServer
from tests.integration.servers import GENERATION, VERSIONS

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "backup_and_logs.py"


def make_error_log(server: PocketBaseServer) -> str:
    """A 404 as the admin, waited for until the server has written its log entry."""
    missing = f"example{secrets.token_hex(4)}"
    with httpx.Client(base_url=server.url, headers=server.admin_headers(), trust_env=False) as http:
        assert http.get(f"/api/collections/users/records/{missing}").status_code == 404
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = http.get("/api/logs", params={"filter": f"data.url ~ '{missing}'"}).json()
            if found["items"]:
                return missing
            time.sleep(0.25)
    raise AssertionError("the server never logged the failed request")


@pytest.mark.parametrize("version", VERSIONS)
def test_backup_and_logs_example(version: str, tmp_path: Path) -> None:
    with PocketBaseServer(version) as server:
        missing = make_error_log(server)
        env = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
        env.update(
            POCKETBASE_URL=server.url,
            POCKETBASE_ADMIN_EMAIL=server.admin_email,
            POCKETBASE_ADMIN_PASSWORD=server.admin_password,
            PYTHONPATH=str(ROOT),  # this checkout's package, whatever is installed
            NO_PROXY="127.0.0.1",
        )
        result = subprocess.run(
            [sys.executable, str(EXAMPLE), "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=90,
            cwd=ROOT,
            env=env,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        with httpx.Client(
            base_url=server.url, headers=server.admin_headers(), trust_env=False
        ) as http:
            left = [b["key"] for b in http.get("/api/backups").json()]

    lines = output.splitlines()
    assert lines[0] == (
        f"server at {server.url}: API is healthy. (server_api {GENERATION[version]})"
    )
    created = re.fullmatch(r"created backup (nightly_\d{8}_\d{6}\.zip) \((\d+) bytes\)", lines[1])
    assert created, output
    key, size = created.group(1), int(created.group(2))
    assert lines[2] == f"downloaded {key} to {tmp_path / key}: {size} bytes, as listed"
    assert (tmp_path / key).stat().st_size == size
    assert (tmp_path / key).read_bytes()[:2] == b"PK"
    count = re.fullmatch(r"(\d+) error log\(s\) today", lines[3])
    assert count and int(count.group(1)) >= 1, output
    assert any(
        f"[404] GET /api/collections/users/records/{missing}" in line for line in lines[4:]
    ), output
    assert lines[-2:] == [f"deleted {key} from the server", "done"]
    assert key not in left
