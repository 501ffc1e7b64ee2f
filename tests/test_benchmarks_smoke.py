"""The benchmark code runs end to end on tiny sizes (no peers, no timing asserted).

``make bench`` itself is never part of the test suite; this only proves that
``benchmarks/run.py --quick`` works against a real PocketBase and writes a report of the
documented shape, so the script cannot rot between benchmark runs.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.integration

CONTENDERS = [
    "httpx.Client + json.loads (floor)",
    "pocketbase `PocketBase` (this repo)",
    "pocketbase 0.17.3",
    "httpx.AsyncClient + json.loads (floor)",
    "pocketbase `AsyncPocketBase` (this repo)",
    "pocketbase-async 0.13.0",
]


def _table(text: str, heading: str) -> list[list[str]]:
    """The rows (cells split) of the first table after the heading that starts with ``heading``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("bench")
    md, raw = out / "benchmarks.md", out / "raw.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--no-peers",
            "--output",
            str(md),
            "--json",
            str(raw),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=str(ROOT),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return md.read_text("utf-8"), json.loads(raw.read_text("utf-8"))


def test_workload_tables_have_every_contender_and_workload(
    report: tuple[str, dict[str, object]],
) -> None:
    text, _ = report
    for heading in ("## (a)-(e): median time", "## (a)-(e): the client's own CPU time"):
        rows = _table(text, heading)
        assert rows[0] == ["workload", *CONTENDERS]
        assert set(rows[1]) == {"---"}
        body = rows[2:]
        assert [row[0][:3] for row in body] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
        for row in body:
            assert len(row) == 1 + len(CONTENDERS)
            floor_sync, ours_sync, peer_sync, floor_async, ours_async, peer_async = row[1:]
            assert floor_sync.startswith("1.00 (") and floor_async.startswith("1.00 (")
            for cell in (ours_sync, ours_async):
                assert re.fullmatch(r"\*\*\d+\.\d\d\*\* \(.+\)", cell), cell
            for cell in (peer_sync, peer_async):
                assert cell.startswith("n/a[^"), cell  # --no-peers: marked, not dropped
    assert "not run (--no-peers)" in text


def test_realtime_import_memory_and_targets_sections(
    report: tuple[str, dict[str, object]],
) -> None:
    text, raw = report
    realtime = _table(text, "## (f)")
    assert realtime[0] == ["client", "delivered", "lost", "duplicates", "p50", "p99", "max"]
    assert [row[0] for row in realtime[2:]] == CONTENDERS[1:2] + CONTENDERS[4:5]
    imports = _table(text, "## (g)")
    assert [row[0] for row in imports[2:]][:5] == [
        "`import httpx, pydantic`",
        "`import httpx; from pydantic import BaseModel`",
        "`import pocketbase` (this repo; clients load on first use)",
        "`from pocketbase import PocketBase` (this repo)",
        "`from pocketbase import AsyncPocketBase` (this repo)",
    ]
    for row in imports[2:]:
        assert re.fullmatch(r"\d+ ms", row[1]), row
    memory = _table(text, "## (h)")
    assert [row[0] for row in memory[2:]] == CONTENDERS
    for row in (memory[2], memory[3], memory[5], memory[6]):
        assert re.fullmatch(r"-?\d+\.\d MiB", row[1]), row
    stream = _table(text, "## (i)")
    assert stream[0] == ["contender", "get_full_list", "iterate", "one page", "iterate / one page"]
    assert [row[0] for row in stream[2:]] == CONTENDERS
    for row in (stream[2], stream[3], stream[5], stream[6]):  # floors and ours: every figure
        for cell in row[1:4]:
            assert re.fullmatch(r"-?\d+\.\d MiB", cell), row
        assert re.fullmatch(r"-?\d+\.\d\d", row[4]), row
    targets = _table(text, "## Targets")
    assert targets[0] == ["target", "measured", "met"]
    assert len(targets[2:]) == 9
    assert targets[2 + 7][0] == "(i) iterate peak <= 1.5x one page"
    assert all(row[2] in {"yes", "no", "not measured"} for row in targets[2:])
    stream_raw = raw["stream_memory"]
    assert isinstance(stream_raw, dict)
    assert sorted(stream_raw) == ["full_list_modern", "iterate", "page"]
    # the raw dump has one figure per round for every workload of the four local contenders
    cells = raw["cells"]
    assert isinstance(cells, dict)
    assert sorted(cells) == ["httpx-async", "httpx-sync", "ours-async", "ours-sync"]
    for workloads in cells.values():
        assert sorted(workloads) == ["a", "b", "c", "d", "e"]
        for cell in workloads.values():
            assert cell["error"] is None and cell["na"] is None
            assert len(cell["seconds"]) == 1
