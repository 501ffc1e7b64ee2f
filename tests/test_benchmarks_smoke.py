"""The benchmark code runs end to end on tiny sizes (no peers, no timing asserted).

``make bench`` itself is never part of the test suite; this only proves that
``benchmarks/run.py --quick --offline`` works against a real PocketBase and writes a report of
the documented shape, so the script cannot rot between benchmark runs (``--offline``: no
virtual environment is created, the async floor runs in this environment).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# the quick run starts every contender and a fresh process per memory figure: minutes, not seconds
pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

CONTENDERS = [
    "httpx.Client + json.loads (floor)",
    "pocketbase `PocketBase` (this repo)",
    "pocketbase `PocketBase`, `collection()` (this repo)",
    "pocketbase 0.17.3",
    "httpx.AsyncClient + json.loads (floor) (this environment)",
    "httpx.AsyncClient + sniffio + json.loads",
    "httpx-aiohttp + json.loads (aiohttp floor)",
    "pocketbase `AsyncPocketBase` (this repo)",
    "pocketbase `AsyncPocketBase`, `collection()` (this repo)",
    "pocketbase `AsyncPocketBase` on aiohttp (this repo)",
    "pocketbase-async 0.13.0",
]
OURS = [CONTENDERS[1], CONTENDERS[7], CONTENDERS[9]]
COLLECTION = [CONTENDERS[2], CONTENDERS[8]]
PEERS = [CONTENDERS[3], CONTENDERS[10]]
FLOORS = [CONTENDERS[0], CONTENDERS[4]]


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
            "--offline",
            "--output",
            str(md),
            "--json",
            str(raw),
        ],
        capture_output=True,
        text=True,
        timeout=240,
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
            cells = dict(zip(CONTENDERS, row[1:], strict=True))
            assert all(cells[name].startswith("1.00 (") for name in FLOORS)
            for name in OURS + COLLECTION + CONTENDERS[5:7]:  # ratios to the same flavour's floor
                assert re.fullmatch(r"\*\*\d+\.\d\d\*\* \(.+\)", cells[name]), cells[name]
            for name in PEERS:
                assert cells[name].startswith("n/a[^"), cells[name]  # marked, not dropped
    assert "not run (--offline)" in text


def test_realtime_import_memory_and_targets_sections(
    report: tuple[str, dict[str, object]],
) -> None:
    text, raw = report
    realtime = _table(text, "## (f)")
    assert realtime[0] == ["client", "delivered", "lost", "duplicates", "p50", "p99", "max"]
    assert [row[0] for row in realtime[2:]] == OURS
    imports = _table(text, "## (g)")
    assert [row[0] for row in imports[2:]] == [
        "`import httpx, pydantic`",
        "`import httpx; from pydantic import BaseModel`",
        "`import pocketbase` (this repo; clients load on first use)",
        "`from pocketbase import PocketBase` (this repo)",
        "`from pocketbase import AsyncPocketBase` (this repo)",
        "`from pocketbase import AsyncPocketBase` + aiohttp's transport (this repo)",
    ]
    for row in imports[2:]:
        assert re.fullmatch(r"\d+ ms", row[1]), row
    memory = _table(text, "## (h)")
    assert [row[0] for row in memory[2:]] == CONTENDERS
    stream = _table(text, "## (i)")
    assert stream[0] == [
        "contender",
        "records",
        "get_full_list",
        "iterate",
        "iterate, prefetch",
        "one page",
        "iterate / one page",
        "iterate / get_full_list",
    ]
    local = [name for name in CONTENDERS if name not in PEERS]
    assert [row[0] for row in stream[2:]] == local  # --quick: the stream size only
    assert all(row[1] == "1,500" for row in stream[2:])
    for row in stream[2:]:
        prefetching = row[0] in OURS + COLLECTION  # the floors have no prefetch
        for cell in row[2:4] + row[4 if prefetching else 5 : 6]:
            assert re.fullmatch(r"-?\d+\.\d MiB, \d.*s", cell), row
        assert re.fullmatch(r"-?\d+\.\d\d", row[6]) and re.fullmatch(r"-?\d+\.\d{3}", row[7]), row
    per_record = _table(text, "## (j)")
    assert per_record[0] == ["contender", "bytes per record", "ratio to the floor's dicts"]
    assert [row[0] for row in per_record[2:]] == CONTENDERS
    for mem, per in zip(memory[2:], per_record[2:], strict=True):
        if mem[0] in PEERS:
            assert mem[1].startswith("n/a[^") and per[1].startswith("n/a[^")
        else:
            assert re.fullmatch(r"-?\d+\.\d MiB", mem[1]), mem
            assert re.fullmatch(r"\d[\d,]* B", per[1]), per
    first = _table(text, "## (k)")
    assert first[0] == ["program", "median", "ratio to the floor"]
    assert len(first[2:]) == 5 and first[2][2] == "1.00"
    for row in first[2:]:
        assert re.fullmatch(r"\d+ ms", row[1]), row
    targets = _table(text, "## Targets")
    assert targets[0] == ["target", "measured", "met"]
    assert len(targets[2:]) == 9
    assert targets[2 + 5][0] == "(i) iterate at 1,500 records <= 1/10 of get_full_list's peak"
    assert targets[2 + 6][0] == "(i) iterate peak <= 1.5x one page"
    assert all(row[2] in {"yes", "no", "not measured"} for row in targets[2:])
    stream_raw = raw["stream_memory"]
    assert isinstance(stream_raw, dict)
    assert sorted(stream_raw) == sorted(
        f"{op}@{n}"
        for op in ("full_list_modern", "iterate", "iterate_prefetch", "page")
        for n in (1500,)
    )
    # the raw dump has one figure per round for every workload of the local contenders
    cells = raw["cells"]
    assert isinstance(cells, dict)
    assert sorted(cells) == [
        "httpx-aiohttp",
        "httpx-async",
        "httpx-async-sniffio",
        "httpx-sync",
        "ours-async",
        "ours-async-aiohttp",
        "ours-async-collection",
        "ours-sync",
        "ours-sync-collection",
    ]
    for workloads in cells.values():
        assert sorted(workloads) == ["a", "b", "c", "d", "e"]
        for cell in workloads.values():
            assert cell["error"] is None and cell["na"] is None
            assert len(cell["seconds"]) == 1
