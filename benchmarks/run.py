"""Benchmarks: this SDK against raw httpx (the floor) and the Python peers.

``make bench`` runs ``.venv/bin/python benchmarks/run.py`` and writes ``docs/benchmarks.md``.

It starts a throwaway PocketBase 0.40.6, seeds it (batch API), and measures, several rounds,
contenders interleaved within each workload (order rotated every round), medians:

(a) sequential ``get_one``; (b) sequential ``get_list`` with ``expand``; (c) ``get_full_list``;
(d) sequential ``create``; (e) ``get_one`` with bounded concurrency (async tasks; threads for the
sync clients); (f) realtime delivery and latency; (g) cold ``import`` time; (h) peak memory of
(c) in a fresh process; (i) peak memory and time of ``collection().iterate`` (also with
``prefetch=True``) over a large collection, beside ``get_full_list`` of the same records and one
page of them; (j) bytes per record of (c)'s kept result; (k) time to the first typed result in
a fresh interpreter. With the default ``--output``, the summary table in
``docs/performance.md`` (between the ``bench:summary`` markers) is rewritten too.

Every contender runs in its own worker process (``worker.py``); the peers (``pocketbase``
0.17.3 and ``pocketbase-async`` 0.13.0, which both import as ``pocketbase``) in virtual
environments created under ``.bench/``, and so does the default async floor (httpx without
``sniffio``, as ``pip install httpx`` gives it). Options: ``--quick`` (tiny sizes, one round),
``--rounds N``, ``--no-peers``, ``--offline`` (no virtual environment is created: no peers, and
the async floor runs in this environment), ``--output PATH``, ``--only NAME,...``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
# this checkout's package, as in the workers (an editable install may point elsewhere)
sys.path.insert(0, str(ROOT))
STATE_DIR = ROOT / ".bench"
DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"
SERVER_VERSION = "0.40.6"
MAX_PAGE = 1000  # the largest perPage of PocketBase 0.23+

FULL: dict[str, int] = {
    "authors": 50,
    "posts": 2000,
    "items": 10000,
    "get_one": 1000,
    "get_list": 200,
    "per_page": 100,
    "create": 500,
    "concurrent": 1000,
    "concurrency": 20,
    "realtime": 1000,
    "realtime_rounds": 3,
    "import_runs": 15,
    "memory_runs": 3,
    "stream": 50000,
    "stream_batch": 1000,
    "rounds": 5,
    "warmup": 100,
    "op_timeout": 300,
    "max_seconds": 1800,
}
QUICK: dict[str, int] = {
    "authors": 5,
    "posts": 200,
    "items": 300,
    "get_one": 40,
    "get_list": 6,
    "per_page": 20,
    "create": 15,
    "concurrent": 40,
    "concurrency": 5,
    "realtime": 20,
    "realtime_rounds": 1,
    "import_runs": 2,
    "memory_runs": 1,
    "stream": 1500,
    "stream_batch": 200,
    "quick": 1,
    "rounds": 1,
    "warmup": 5,
    "op_timeout": 60,
    "max_seconds": 120,
}


@dataclass
class Contender:
    name: str  # module in contenders/ is name with "-" -> "_"
    label: str
    flavour: str  # "sync" or "async"
    floor: str | None  # the contender whose time is 1.00 (None: this is a floor)
    peer_spec: str | None = None  # pip requirement for a peer
    python: str = sys.executable
    unavailable: str | None = None  # reason the whole contender cannot run
    proc: subprocess.Popen[str] | None = None
    info: dict[str, Any] = field(default_factory=dict)
    log_path: Path | None = None
    module_name: str | None = None  # contenders/<module>.py when it is not named after `name`
    env_spec: tuple[str, ...] | None = None  # pinned packages of an own venv (not a peer)
    mem_floor: str | None = None  # the floor of (h) and (i) when it is not `floor`

    @property
    def module(self) -> str:
        return self.module_name or self.name.replace("-", "_")

    @property
    def is_peer(self) -> bool:
        return self.peer_spec is not None

    @property
    def is_ours(self) -> bool:
        return self.name.startswith("ours-")


#: the packages of httpx's async stack, pinned to this environment's versions for the floor's
#: own venv: what `pip install httpx` gives, without sniffio (no longer a dependency of anyio)
FLOOR_PACKAGES = ("httpx", "httpcore", "anyio", "h11", "certifi", "idna", "typing_extensions")


def floor_spec() -> tuple[str, ...]:
    specs = []
    for name in FLOOR_PACKAGES:
        try:
            specs.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    if sys.version_info < (3, 11):
        specs.append("exceptiongroup")
    return tuple(specs)


def contenders() -> list[Contender]:
    return [
        Contender("httpx-sync", "httpx.Client + json.loads (floor)", "sync", None),
        Contender("ours-sync", "pocketbase `PocketBase` (this repo)", "sync", "httpx-sync"),
        Contender(
            "ours-sync-collection",
            "pocketbase `PocketBase`, `collection()` (this repo)",
            "sync",
            "httpx-sync",
        ),
        Contender(
            "peer-pocketbase", "pocketbase 0.17.3", "sync", "httpx-sync", "pocketbase==0.17.3"
        ),
        Contender(
            "httpx-async",
            "httpx.AsyncClient + json.loads (floor)",
            "async",
            None,
            env_spec=floor_spec(),
        ),
        Contender(
            "httpx-async-sniffio",
            "httpx.AsyncClient + sniffio + json.loads",
            "async",
            "httpx-async",
            module_name="httpx_async",
        ),
        Contender(
            "httpx-aiohttp", "httpx-aiohttp + json.loads (aiohttp floor)", "async", "httpx-async"
        ),
        Contender("ours-async", "pocketbase `AsyncPocketBase` (this repo)", "async", "httpx-async"),
        Contender(
            "ours-async-collection",
            "pocketbase `AsyncPocketBase`, `collection()` (this repo)",
            "async",
            "httpx-async",
        ),
        Contender(
            "ours-async-aiohttp",
            "pocketbase `AsyncPocketBase` on aiohttp (this repo)",
            "async",
            "httpx-async",
            mem_floor="httpx-aiohttp",
        ),
        Contender(
            "peer-pocketbase-async",
            "pocketbase-async 0.13.0",
            "async",
            "httpx-async",
            "pocketbase-async==0.13.0",
        ),
    ]


WORKLOADS = {
    "a": "(a) sequential get_one",
    "b": "(b) sequential get_list (per_page={per_page}, expand)",
    "c": "(c) get_full_list",
    "d": "(d) sequential create",
    "e": "(e) get_one, concurrency {concurrency}",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# peers' virtual environments


def ensure_peer_env(contender: Contender, quiet: bool = True) -> None:
    """Create ``.bench/<name>`` with the peer installed (reused when already right)."""
    assert contender.peer_spec is not None
    package, _, version = contender.peer_spec.partition("==")
    probe = (
        "import importlib.metadata as m, pocketbase, sys; "
        f"sys.exit(0 if m.version({package!r}) == {version!r} else 1)"
    )
    ensure_env(contender, [contender.peer_spec], probe)


def ensure_floor_env(contender: Contender) -> None:
    """Create ``.bench/<name>`` with exactly the pinned httpx stack (and no sniffio)."""
    assert contender.env_spec is not None
    pins = {spec.partition("==")[0]: spec.partition("==")[2] for spec in contender.env_spec}
    probe = (
        "import importlib.metadata as m, importlib.util as u, sys; "
        f"pins = {pins!r}; "
        "ok = all(m.version(n) == v for n, v in pins.items() if v); "
        "sys.exit(0 if ok and u.find_spec('sniffio') is None else 1)"
    )
    ensure_env(contender, list(contender.env_spec), probe, no_deps=True)


def ensure_env(contender: Contender, specs: list[str], probe: str, no_deps: bool = False) -> None:
    env_dir = STATE_DIR / contender.name
    python = env_dir / "bin" / "python"
    if python.exists() and _run_ok([str(python), "-c", probe]):
        contender.python = str(python)
        return
    log(f"creating {env_dir} with {' '.join(specs)}")
    shutil.rmtree(env_dir, ignore_errors=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(env_dir)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            + (["--no-deps"] if no_deps else [])
            + specs,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or exc.stdout or "").strip().splitlines()[-3:]
        contender.unavailable = f"could not install {' '.join(specs)}: {' '.join(tail)}"
        return
    except (OSError, subprocess.TimeoutExpired) as exc:
        contender.unavailable = f"could not install {' '.join(specs)}: {exc}"
        return
    if not _run_ok([str(python), "-c", probe]):
        contender.unavailable = f"{' '.join(specs)} installed but does not import"
        return
    contender.python = str(python)


def _run_ok(cmd: Sequence[str]) -> bool:
    try:
        return (
            subprocess.run(
                cmd, capture_output=True, timeout=120, env=worker_env(), cwd=str(BENCH_DIR)
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


def worker_env(repo: bool = False) -> dict[str, str]:
    """The environment of a worker; ``repo``: this repository's ``pocketbase`` comes first (an
    editable install elsewhere, e.g. of another work tree, must not stand in for it)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # a peer must import its own `pocketbase`, never this repo's
    if repo:
        env["PYTHONPATH"] = str(ROOT)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    # Bytecode caches are written as a wheel install would have them (this matters for (g)).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# --------------------------------------------------------------------------------------------
# server and seed data


def seed(url: str, headers: dict[str, str], sizes: dict[str, int]) -> dict[str, Any]:
    """Create the collections and records; return what the workers need (names and ids)."""
    autodate = [
        {"name": "created", "type": "autodate", "onCreate": True},
        {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
    ]
    open_rules = {"listRule": "", "viewRule": "", "createRule": ""}
    text = {"name": "title", "type": "text"}
    number = {"name": "n", "type": "number"}
    flag = {"name": "flag", "type": "bool"}
    with httpx.Client(base_url=url, headers=headers, timeout=120, trust_env=False) as http:

        def call(method: str, path: str, body: Any) -> Any:
            reply = http.request(method, path, json=body)
            if reply.status_code >= 300:
                raise RuntimeError(f"{method} {path}: HTTP {reply.status_code} {reply.text[:500]}")
            return reply.json()

        call(
            "PATCH",
            "/api/settings",
            {"batch": {"enabled": True, "maxRequests": 1000, "timeout": 120, "maxBodySize": 0}},
        )

        def collection(name: str, fields: list[dict[str, Any]]) -> str:
            body = {"name": name, "type": "base", "fields": fields + autodate, **open_rules}
            return str(call("POST", "/api/collections", body)["id"])

        authors_id = collection("authors", [{"name": "name", "type": "text"}])
        relation = {"name": "author", "type": "relation", "collectionId": authors_id}
        collection("posts", [text, number, flag, relation | {"maxSelect": 1}])
        collection("items", [text, number, flag])
        collection("writes", [text, number, flag])
        collection("events", [{"name": "seq", "type": "number"}])
        collection("stream", [text, number, flag])

        def insert(name: str, bodies: list[dict[str, Any]]) -> list[str]:
            ids: list[str] = []
            for start in range(0, len(bodies), 1000):
                requests = [
                    {"method": "POST", "url": f"/api/collections/{name}/records", "body": body}
                    for body in bodies[start : start + 1000]
                ]
                for reply in call("POST", "/api/batch", {"requests": requests}):
                    if reply.get("status") != 200:
                        raise RuntimeError(f"seeding {name}: {reply}")
                    ids.append(reply["body"]["id"])
            return ids

        authors = insert("authors", [{"name": f"author {i}"} for i in range(sizes["authors"])])
        posts = insert(
            "posts",
            [
                {
                    "title": f"post {i}",
                    "n": i,
                    "flag": i % 2 == 0,
                    "author": authors[i % len(authors)],
                }
                for i in range(sizes["posts"])
            ],
        )
        insert(
            "items",
            [{"title": f"item {i}", "n": i, "flag": i % 3 == 0} for i in range(sizes["items"])],
        )
        for start in range(0, sizes["stream"], 10000):  # bounded lists, not 50,000 dicts at once
            stop = min(sizes["stream"], start + 10000)
            insert(
                "stream",
                [{"title": f"record {i}", "n": i, "flag": i % 3 == 0} for i in range(start, stop)],
            )
    return {
        "posts": "posts",
        "items": "items",
        "stream": "stream",
        "writes": "writes",
        "events": "events",
        "ids": posts,
    }


# --------------------------------------------------------------------------------------------
# workers


class WorkerError(RuntimeError):
    pass


def uses_repo(contender: Contender) -> bool:
    """Runs from this environment (not a venv of its own) and may import this repository."""
    return not contender.is_peer and contender.env_spec is None


def start_worker(contender: Contender, config_path: Path, log_dir: Path) -> None:
    contender.log_path = log_dir / f"{contender.name}.log"
    log_file = open(contender.log_path, "w", encoding="utf-8")  # noqa: SIM115
    contender.proc = subprocess.Popen(
        [contender.python, str(BENCH_DIR / "worker.py"), contender.module, str(config_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log_file,
        text=True,
        cwd=str(BENCH_DIR),
        env=worker_env(repo=uses_repo(contender)),
    )
    log_file.close()


def ask(contender: Contender, op: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    proc = contender.proc
    assert proc is not None and proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(json.dumps({"op": op, "args": args}) + "\n")
        proc.stdin.flush()
    except BrokenPipeError:
        raise WorkerError(f"{contender.name} worker exited ({log_tail(contender)})") from None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        stop_worker(contender)
        raise WorkerError(f"{contender.name}: {op} took longer than {timeout:.0f} s")
    line = proc.stdout.readline()
    if not line:
        raise WorkerError(f"{contender.name} worker exited ({log_tail(contender)})")
    reply: dict[str, Any] = json.loads(line)
    return reply


def log_tail(contender: Contender) -> str:
    path = contender.log_path
    if path is None:
        return "no log"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return " | ".join(lines[-5:]) or "empty log"


def stop_worker(contender: Contender) -> None:
    proc = contender.proc
    if proc is None:
        return
    contender.proc = None
    try:
        if proc.poll() is None and proc.stdin is not None:
            proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
            proc.stdin.flush()
            proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        pass
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@contextmanager
def workers(active: list[Contender], config_path: Path) -> Iterator[None]:
    log_dir = config_path.parent
    try:
        for contender in active:
            start_worker(contender, config_path, log_dir)
        yield
    finally:
        for contender in active:
            stop_worker(contender)


# --------------------------------------------------------------------------------------------
# measurements


@dataclass
class Cell:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the client process's CPU time
    na: str | None = None
    error: str | None = None
    extra: list[dict[str, Any]] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


CHUNKS = {"a": 10, "b": 10, "c": 1, "d": 10, "e": 4}
REPEATS = {"c": 3}


def workload_chunks(
    key: str, sizes: dict[str, int], seed_info: dict[str, Any]
) -> list[dict[str, Any]]:
    """The workload split into slices that all contenders run in turn (see ``run_rounds``)."""
    ids = seed_info["ids"]
    if key == "c":  # one call; repeated, and the round's time is the mean (see REPEATS)
        return [{"collection": seed_info["items"]}] * REPEATS["c"]
    total = {
        "a": sizes["get_one"],
        "b": sizes["get_list"],
        "d": sizes["create"],
        "e": sizes["concurrent"],
    }[key]
    chunks = max(1, min(CHUNKS[key], total))
    bounds = [total * i // chunks for i in range(chunks + 1)]
    out: list[dict[str, Any]] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        if key == "a":
            out.append({"ids": [ids[i % len(ids)] for i in range(lo, hi)]})
        elif key == "b":
            pages = max(1, sizes["posts"] // sizes["per_page"])
            out.append({"n": hi - lo, "per_page": sizes["per_page"], "pages": pages, "start": lo})
        elif key == "d":
            out.append({"n": hi - lo, "collection": seed_info["writes"], "start": lo})
        else:
            ids_slice = [ids[i % len(ids)] for i in range(lo, hi)]
            out.append({"ids": ids_slice, "concurrency": sizes["concurrency"]})
    return out


def expected_count(key: str, sizes: dict[str, int]) -> int:
    return {
        "a": sizes["get_one"],
        "b": sizes["get_list"] * sizes["per_page"],
        "c": sizes["items"],
        "d": sizes["create"],
        "e": sizes["concurrent"],
    }[key]


OP_OF = {
    "a": "get_one",
    "b": "get_list",
    "c": "full_list",
    "d": "create",
    "e": "get_one_concurrent",
}


def record(cell: Cell, reply: dict[str, Any], expected: int | None) -> None:
    if "na" in reply:
        cell.na = str(reply["na"])
    elif "error" in reply:
        cell.error = str(reply["error"]).strip().splitlines()[-1]
        log(f"error: {reply['error']}")
    elif expected is not None and reply.get("count") != expected:
        cell.error = f"returned {reply.get('count')} items, expected {expected}"
    else:
        cell.seconds.append(float(reply["seconds"]))
        if "cpu" in reply:
            cell.cpu.append(float(reply["cpu"]))
        if "extra" in reply:
            cell.extra.append(reply["extra"])


def run_rounds(
    active: list[Contender],
    sizes: dict[str, int],
    seed_info: dict[str, Any],
    rounds: int,
    deadline: float,
) -> tuple[dict[str, dict[str, Cell]], int]:
    """Run (a)-(e) ``rounds`` times.

    The machine may be busy with other work, so the contenders share the same moments: each
    workload is cut into slices (ten slices of 100 ``get_one`` ...) and every contender runs
    slice k before anyone runs slice k+1, in an order rotated per slice and round. A round's
    time for a contender is the sum of its slices; ratios are taken round by round against the
    floor measured in the same round (see ``paired_ratio``).
    """
    cells = {c.name: {key: Cell() for key in WORKLOADS} for c in active}
    done_rounds = 0
    for r in range(rounds):
        if time.monotonic() > deadline:
            log(f"time budget spent: stopping after {done_rounds} round(s)")
            break
        for key in WORKLOADS:
            totals = {c.name: 0.0 for c in active}
            cpus = {c.name: 0.0 for c in active}
            counts = {c.name: 0 for c in active}
            failed: set[str] = set()
            for k, args in enumerate(workload_chunks(key, sizes, seed_info)):
                shift = (r + k) % len(active)
                for contender in active[shift:] + active[:shift]:
                    cell = cells[contender.name][key]
                    if contender.proc is None or cell.na or cell.error:
                        failed.add(contender.name)
                        continue
                    try:
                        reply = ask(contender, OP_OF[key], args, sizes["op_timeout"])
                    except WorkerError as exc:
                        cell.error = str(exc)
                        continue
                    if "seconds" not in reply:
                        record(cell, reply, None)
                        continue
                    totals[contender.name] += float(reply["seconds"])
                    cpus[contender.name] += float(reply.get("cpu") or 0.0)
                    counts[contender.name] += int(reply.get("count") or 0)
            for contender in active:
                if contender.name in failed:
                    continue
                cell = cells[contender.name][key]
                repeats = REPEATS.get(key, 1)
                reply = {
                    "seconds": totals[contender.name] / repeats,
                    "cpu": cpus[contender.name] / repeats,
                    "count": counts[contender.name] // repeats,
                }
                if not (cell.na or cell.error):
                    record(cell, reply, expected_count(key, sizes))
        done_rounds += 1
        log(f"round {r + 1}/{rounds}: " + summary_line(cells, active))
    return cells, done_rounds


def summary_line(cells: dict[str, dict[str, Cell]], active: list[Contender]) -> str:
    parts = []
    for key in WORKLOADS:
        medians = []
        for c in active:
            m = cells[c.name][key].median
            medians.append(f"{c.name}={m * 1000:.0f}ms" if m is not None else f"{c.name}=-")
        parts.append(f"{key}: " + " ".join(medians))
    return "; ".join(parts)


def run_realtime(
    active: list[Contender], sizes: dict[str, int], seed_info: dict[str, Any]
) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    args = {"n": sizes["realtime"], "collection": seed_info["events"], "timeout": 10.0}
    for contender in active:
        if contender.name not in SHORT:  # the seed's realtime service, once per client
            continue
        cell = cells[contender.name] = Cell()
        for _ in range(sizes["realtime_rounds"]):
            if contender.proc is None:
                cell.error = cell.error or "worker not running"
                break
            try:
                reply = ask(contender, "realtime", args, sizes["op_timeout"])
            except WorkerError as exc:
                cell.error = str(exc)
                break
            if "error" in reply:
                last = str(reply["error"]).strip().splitlines()[-1]
                if "AttributeError" in last or "NotImplementedError" in last:
                    cell.na = f"realtime.subscribe is not usable yet ({last})"
                else:
                    cell.error = last
                log(f"realtime {contender.name}: {reply['error']}")
                break
            record(cell, reply, None)
    return cells


IMPORT_SNIPPET = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def run_imports(active: list[Contender], runs: int) -> dict[str, Cell]:
    targets: list[tuple[str, str, str]] = [
        ("httpx+pydantic", sys.executable, "import httpx, pydantic"),
        (
            "httpx+pydantic.BaseModel",
            sys.executable,
            "import httpx; from pydantic import BaseModel",
        ),
        ("pocketbase (this repo)", sys.executable, "import pocketbase"),
        # the package loads its clients on first use: these rows show that cost too
        ("pocketbase PocketBase (this repo)", sys.executable, "from pocketbase import PocketBase"),
        (
            "pocketbase AsyncPocketBase (this repo)",
            sys.executable,
            "from pocketbase import AsyncPocketBase",
        ),
        (
            "pocketbase AsyncPocketBase aiohttp (this repo)",
            sys.executable,
            "from pocketbase import AsyncPocketBase; import httpx_aiohttp",
        ),
    ]
    for contender in active:
        if contender.is_peer and contender.unavailable is None:
            targets.append((contender.label, contender.python, "import pocketbase"))
    cells = {name: Cell() for name, _, _ in targets}
    for run in range(runs + 1):  # run 0 writes the bytecode caches and is not counted
        for name, python, stmt in targets:
            try:
                out = subprocess.run(
                    [python, "-c", IMPORT_SNIPPET.format(stmt=stmt)],
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=True,
                    cwd=str(BENCH_DIR),
                    env=worker_env(repo=python == sys.executable),
                )
                if run:
                    cells[name].seconds.append(float(out.stdout.strip().splitlines()[-1]))
            except (subprocess.SubprocessError, OSError, ValueError, IndexError) as exc:
                cells[name].error = f"{type(exc).__name__}: {exc}"
    return cells


#: (j) time to the first result in a fresh interpreter: imports, a client, the first get_one
#: (the server's generation detected as by default, unless ``server_api`` is given)
FIRST_RESULT: dict[str, str] = {
    "httpx": (
        "import httpx, json\n"
        "data = json.loads(httpx.get(URL + '/api/collections/posts/records/' + ID).content)\n"
        "assert data['id'] == ID"
    ),
    "ours-sync": (
        "from pocketbase import PocketBase\n"
        "with PocketBase(URL) as pb:\n"
        "    assert pb.records.get_one('posts', ID).id == ID"
    ),
    "ours-sync-0.23": (
        "from pocketbase import PocketBase\n"
        "with PocketBase(URL, server_api='0.23') as pb:\n"
        "    assert pb.records.get_one('posts', ID).id == ID"
    ),
    "ours-async": (
        "import asyncio\n"
        "from pocketbase import AsyncPocketBase\n"
        "async def main():\n"
        "    async with AsyncPocketBase(URL) as pb:\n"
        "        assert (await pb.records.get_one('posts', ID)).id == ID\n"
        "asyncio.run(main())"
    ),
    "ours-async-aiohttp": (
        "import asyncio\n"
        "from pocketbase import AsyncPocketBase\n"
        "from pocketbase.aiohttp import aiohttp_client\n"
        "async def main():\n"
        "    async with AsyncPocketBase(URL, http_client=aiohttp_client) as pb:\n"
        "        assert (await pb.records.get_one('posts', ID)).id == ID\n"
        "asyncio.run(main())"
    ),
}
FIRST_RESULT_LABELS = {
    "httpx": "`import httpx, json` + `httpx.get` + `json.loads` (floor)",
    "ours-sync": "`PocketBase(url)` + `records.get_one` (generation detected)",
    "ours-sync-0.23": '`PocketBase(url, server_api="0.23")` + `records.get_one`',
    "ours-async": "`asyncio` + `AsyncPocketBase(url)` + `records.get_one` (detected)",
    "ours-async-aiohttp": "the same on aiohttp (`http_client=aiohttp_client`)",
}


def run_first_result(url: str, record_id: str, runs: int) -> dict[str, Cell]:
    cells = {name: Cell() for name in FIRST_RESULT}
    for run in range(runs + 1):  # run 0 writes the bytecode caches and is not counted
        for name, body in FIRST_RESULT.items():
            program = (
                "import time\n_t = time.perf_counter()\n"
                f"URL, ID = {url!r}, {record_id!r}\n{body}\n"
                "print(time.perf_counter() - _t)"
            )
            try:
                out = subprocess.run(
                    [sys.executable, "-c", program],
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=True,
                    cwd=str(BENCH_DIR),
                    env=worker_env(repo=True),
                )
                if run:
                    cells[name].seconds.append(float(out.stdout.strip().splitlines()[-1]))
            except subprocess.CalledProcessError as exc:
                lines = (exc.stderr or "").strip().splitlines()
                cells[name].error = lines[-1] if lines else f"exit status {exc.returncode}"
            except (subprocess.SubprocessError, OSError, ValueError, IndexError) as exc:
                cells[name].error = f"{type(exc).__name__}: {exc}"
    return cells


def run_memory(
    active: list[Contender],
    sizes: dict[str, int],
    config: dict[str, Any],
    runs: int,
    op: str = "full_list",
    args: dict[str, Any] | None = None,
    expected: int | None = None,
) -> dict[str, Cell]:
    """Peak memory of one ``op`` call per contender, each in a fresh worker process (``runs``
    times): by default (h), ``full_list`` of the items."""
    if args is None:
        args = {"collection": config["items"]}
    if expected is None:
        expected = sizes["items"]
    cells = {c.name: Cell() for c in active if c.unavailable is None}
    for c in active:
        if c.name in cells and not has_op(c, op):
            cells[c.name].na = "not implemented by this contender"
    with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        path = Path(tmp) / "config.json"
        path.write_text(json.dumps({**config, "memory_op": op, "memory_args": args}), "utf-8")
        for _ in range(runs):
            for contender in active:
                if contender.name not in cells:
                    continue
                cell = cells[contender.name]
                if cell.error or cell.na:
                    continue
                cmd = [contender.python, str(BENCH_DIR / "worker.py"), contender.module, str(path)]
                try:
                    out = subprocess.run(
                        cmd + ["--memory"],
                        capture_output=True,
                        text=True,
                        timeout=sizes["op_timeout"],
                        cwd=str(BENCH_DIR),
                        env=worker_env(repo=uses_repo(contender)),
                    )
                    reply = json.loads(out.stdout.strip().splitlines()[-1])
                except (subprocess.SubprocessError, OSError, ValueError, IndexError) as exc:
                    cell.error = f"{type(exc).__name__}: {exc}"
                    continue
                record(cell, reply, expected)
                if "peak_growth_kib" in reply and not (cell.error or cell.na):
                    cell.extra.append(
                        {
                            k: v
                            for k, v in reply.items()
                            if k.endswith("_kib") or k in ("peak_reset", "bytes_per_record")
                        }
                    )
    return cells


#: (i): the ops compared, in table order
STREAM_OPS = ("full_list_modern", "iterate", "iterate_prefetch", "page")
STREAM_TITLES = {
    "full_list_modern": "get_full_list",
    "iterate": "iterate",
    "iterate_prefetch": "iterate, prefetch",
    "page": "one page",
}


def stream_sizes(sizes: dict[str, int]) -> list[tuple[str, int]]:
    """(i): (collection key of the seed, records): the items of (c) and the stream (the stream
    alone with ``--quick``, which only proves the code runs)."""
    both = [("items", sizes["items"]), ("stream", sizes["stream"])]
    return both[1:] if sizes.get("quick") else both


def has_op(contender: Contender, op: str) -> bool:
    """Whether the contender's module defines ``op`` (a worker is not started for nothing)."""
    if contender.is_peer:
        return True  # its module imports the peer: its worker answers n/a itself
    module = importlib.import_module(f"contenders.{contender.module}")
    return hasattr(module.Contender, op)


def stream_key(op: str, n: int) -> str:
    return f"{op}@{n}"


def run_stream_memory(
    active: list[Contender], sizes: dict[str, int], config: dict[str, Any], runs: int
) -> dict[str, dict[str, Cell]]:
    """(i): ``get_full_list``, ``iterate`` (plain and with ``prefetch``) and one page, over the
    items and the stream collection, each in a fresh process: ``op@records`` -> contender ->
    cell (peak growth in ``extra``, the call's time in ``seconds``)."""
    out: dict[str, dict[str, Cell]] = {}
    for key, n in stream_sizes(sizes):
        args = {"collection": config[key], "batch": sizes["stream_batch"]}
        for op in STREAM_OPS:
            expected = sizes["stream_batch"] if op == "page" else n
            out[stream_key(op, n)] = run_memory(active, sizes, config, runs, op, args, expected)
    return out


# --------------------------------------------------------------------------------------------
# report


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "httpx": version("httpx"),
        "pydantic": version("pydantic"),
        "pydantic_core": version("pydantic_core"),
        "server": f"PocketBase {SERVER_VERSION} on 127.0.0.1",
    }


def fmt_time(seconds: float) -> str:
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


class Notes:
    def __init__(self) -> None:
        self.items: list[str] = []

    def ref(self, text: str) -> str:
        if text not in self.items:
            self.items.append(text)
        return f"[^{self.items.index(text) + 1}]"


def cell_text(cell: Cell | None, floor: Cell | None, notes: Notes, cpu: bool = False) -> str:
    if cell is None:
        return "-"
    if cell.na:
        return "n/a" + notes.ref(cell.na)
    if cell.error:
        return "error" + notes.ref(cell.error)
    values = cell.cpu if cpu else cell.seconds
    med = statistics.median(values) if values else None
    if med is None:
        return "-"
    if floor is cell:
        return f"1.00 ({fmt_time(med)})"
    r = paired_ratio(cell, floor, cpu) if floor is not None else None
    if r is None:
        return fmt_time(med)
    return f"**{r:.2f}** ({fmt_time(med)})"


def paired_ratio(cell: Cell, floor: Cell, cpu: bool = False) -> float | None:
    """Median over rounds of (time / floor time in the same round)."""
    mine, base = (cell.cpu, floor.cpu) if cpu else (cell.seconds, floor.seconds)
    pairs = [a / b for a, b in zip(mine, base, strict=False) if b > 0]
    return statistics.median(pairs) if pairs else None


def ratio(cells: dict[str, dict[str, Cell]], name: str, floor: str, key: str) -> float | None:
    a = cells.get(name, {}).get(key)
    b = cells.get(floor, {}).get(key)
    if a is None or b is None or not a.seconds or not b.seconds:
        return None
    return paired_ratio(a, b)


@dataclass
class Results:
    sizes: dict[str, int]
    all_contenders: list[Contender]
    cells: dict[str, dict[str, Cell]]
    rounds: int
    realtime: dict[str, Cell]
    imports: dict[str, Cell]
    memory: dict[str, Cell]
    first: dict[str, Cell]
    machine: dict[str, str]
    started: str
    elapsed: float
    peers_skipped: str | None
    #: (i): op -> contender -> cell (see ``run_stream_memory``)
    stream_memory: dict[str, dict[str, Cell]] = field(default_factory=dict)


#: (contender, workload, limit): the time ratio to the floor of the contender's flavour (the
#: default `httpx.AsyncClient` for every async contender, aiohttp's included)
RATIO_TARGETS: list[tuple[str, str, float]] = [
    ("ours-async", "a", 0.95),
    ("ours-async", "e", 0.90),
    ("ours-async-aiohttp", "a", 0.80),
    ("ours-async-aiohttp", "e", 0.30),
    ("ours-async-aiohttp", "b", 1.00),
    ("ours-sync", "a", 1.05),
    ("ours-sync", "b", 1.15),
    ("ours-sync", "c", 1.20),
    # from the first round of targets, still in force
    ("ours-async", "c", 1.30),
    ("ours-sync", "d", 1.10),
    ("ours-async", "d", 1.10),
]
SHORT = {
    "ours-sync": "PocketBase",
    "ours-async": "AsyncPocketBase",
    "ours-async-aiohttp": "AsyncPocketBase on aiohttp",
}


def targets(res: Results) -> list[tuple[str, str, bool | None]]:
    out: list[tuple[str, str, bool | None]] = []
    by_name = {c.name: c for c in res.all_contenders}
    for name in SHORT:
        rows = [(k, lim) for n, k, lim in RATIO_TARGETS if n == name]
        floor = by_name[name].floor or ""
        values = [(k, lim, ratio(res.cells, name, floor, k)) for k, lim in rows]
        shown = ", ".join(f"({k}) {'-' if v is None else f'{v:.2f}'}" for k, _, v in values)
        wanted = ", ".join(f"({k}) <= {lim:.2f}" for k, lim, _ in values)
        met = (
            None
            if any(v is None for _, _, v in values)
            else all(v is not None and v <= lim for _, lim, v in values)
        )
        out.append((f"{SHORT[name]}: {wanted}", shown, met))
    out.append(realtime_target(res))
    out.append(memory_target(res))
    out.append(stream_share_target(res))
    out.append(stream_target(res))
    out.append(peer_target(res, "ours-async-aiohttp", "peer-pocketbase-async", reported=()))
    out.append(peer_target(res, "ours-sync", "peer-pocketbase", reported=("g", "h", "j")))
    return out


def realtime_target(res: Results) -> tuple[str, str, bool | None]:
    parts = []
    met: bool | None = True
    for name in SHORT:
        cell = res.realtime.get(name)
        if cell is None or not cell.extra:
            parts.append(f"{SHORT[name]} n/a")
            met = None
            continue
        lost = sum(e["lost"] for e in cell.extra)
        p99 = max(e["p99_ms"] or 0.0 for e in cell.extra)
        parts.append(f"{SHORT[name]} lost {lost}, worst p99 {p99:.1f} ms")
        if met is not None:
            met = met and lost == 0 and p99 <= 50
    return ("(f) zero events lost, p99 <= 50 ms", "; ".join(parts), met)


def memory_target(res: Results) -> tuple[str, str, bool | None]:
    parts = []
    met: bool | None = True
    by_name = {c.name: c for c in res.all_contenders}
    for name in SHORT:
        r = memory_ratio(res, by_name[name])
        parts.append(f"{SHORT[name]} {'-' if r is None else f'{r:.2f}x'}")
        if r is None:
            met = None
        elif met is not None:
            met = met and r <= 1.2
    return (
        "(h) peak memory of get_full_list (10,000) <= 1.2x the raw floor",
        ", ".join(parts),
        met,
    )


def memory_ratio(res: Results, contender: Contender) -> float | None:
    mine = res.memory.get(contender.name)
    floor = res.memory.get(contender.mem_floor or contender.floor or contender.name)
    if not (mine and mine.extra and floor and floor.extra) or not _mem_mib(floor):
        return None
    return _mem_mib(mine) / _mem_mib(floor)


def bytes_per_record(cell: Cell | None) -> float | None:
    values = [
        e["bytes_per_record"] for e in (cell.extra if cell else []) if "bytes_per_record" in e
    ]
    return float(statistics.median(values)) if values else None


def peer_target(
    res: Results, ours: str, peer_name: str, reported: tuple[str, ...]
) -> tuple[str, str, bool | None]:
    """Ours ahead of the peer on every figure: (a)-(e) as ratios to each one's floor, (g)
    import time, (h) peak memory, (j) bytes per record; ``reported`` figures are shown only."""
    by_name = {c.name: c for c in res.all_contenders}
    peer = by_name[peer_name]
    title = f"{SHORT[ours]} ahead of {peer.label} on every figure" + (
        f" but {', '.join(f'({k})' for k in reported)} (reported)" if reported else ""
    )
    if peer.unavailable:
        return (title, f"{peer.label}: {peer.unavailable}", None)
    figures: list[tuple[str, float | None, float | None, str]] = []
    for key in WORKLOADS:
        mine = ratio(res.cells, ours, by_name[ours].floor or "", key)
        theirs = ratio(res.cells, peer_name, peer.floor or "", key)
        figures.append((key, mine, theirs, "{:.2f}"))
    imports = {
        "ours-sync": "pocketbase PocketBase (this repo)",
        "ours-async": "pocketbase AsyncPocketBase (this repo)",
        "ours-async-aiohttp": "pocketbase AsyncPocketBase aiohttp (this repo)",
    }
    mine_imp, peer_imp = res.imports.get(imports[ours]), res.imports.get(peer.label)
    figures.append(
        (
            "g",
            mine_imp.median * 1000 if mine_imp and mine_imp.median else None,
            peer_imp.median * 1000 if peer_imp and peer_imp.median else None,
            "{:.0f} ms",
        )
    )
    mine_mem, peer_mem = res.memory.get(ours), res.memory.get(peer_name)
    figures.append(
        (
            "h",
            _mem_mib(mine_mem) if mine_mem and mine_mem.extra else None,
            _mem_mib(peer_mem) if peer_mem and peer_mem.extra else None,
            "{:.1f} MiB",
        )
    )
    figures.append(("j", bytes_per_record(mine_mem), bytes_per_record(peer_mem), "{:.0f} B"))
    losses, shown, compared = [], [], 0
    for key, mine, theirs, fmt in figures:
        if mine is None or theirs is None:
            continue
        text = f"({key}) {fmt.format(mine)} vs {fmt.format(theirs)}"
        if key in reported:
            shown.append(text + " (reported)")
            continue
        compared += 1
        if mine >= theirs:
            losses.append(text)
    if not compared:
        return (title, "not measured", None)
    summary = "; ".join(losses) if losses else f"all {compared} comparisons won"
    if losses:
        summary = "lost: " + summary
    if shown:
        summary += "; " + "; ".join(shown)
    return (title, summary, not losses)


def _mem_mib(cell: Cell) -> float:
    return float(statistics.median(e["peak_growth_kib"] for e in cell.extra)) / 1024


#: (i): iterating may hold one page and what is left of the previous one while it is freed
STREAM_LIMIT = 1.5
#: (i): the issue's bound: iterate's peak at the stream size against get_full_list's
STREAM_SHARE = 0.1


def _stream_mib(res: Results, op: str, n: int, name: str) -> float | None:
    cell = res.stream_memory.get(stream_key(op, n), {}).get(name)
    if cell is None or cell.na or cell.error or not cell.extra:
        return None
    return _mem_mib(cell)


def stream_target(res: Results) -> tuple[str, str, bool | None]:
    """(i): the peak growth of ``iterate`` stays within one page's worth."""
    n = res.sizes["stream"]
    parts: list[str] = []
    met: bool | None = True
    for name in SHORT:
        walked, page = _stream_mib(res, "iterate", n, name), _stream_mib(res, "page", n, name)
        if walked is None or page is None:
            parts.append(f"{SHORT[name]} -")
            met = None
            continue
        parts.append(f"{SHORT[name]} {walked:.1f} MiB vs one page {page:.1f} MiB")
        if met is not None:
            met = met and walked <= STREAM_LIMIT * max(page, 0.1)
    return (f"(i) iterate peak <= {STREAM_LIMIT:g}x one page", "; ".join(parts), met)


def stream_share_target(res: Results) -> tuple[str, str, bool | None]:
    """(i): at the stream size, ``iterate`` peaks at no more than a tenth of get_full_list."""
    n = res.sizes["stream"]
    parts: list[str] = []
    met: bool | None = True
    for name in SHORT:
        for op in ("iterate", "iterate_prefetch"):
            walked = _stream_mib(res, op, n, name)
            full = _stream_mib(res, "full_list_modern", n, name)
            label = f"{SHORT[name]} {STREAM_TITLES[op]}"
            if walked is None or not full:
                parts.append(f"{label} -")
                met = None
                continue
            parts.append(f"{label} {walked / full:.3f}")
            if met is not None:
                met = met and walked <= STREAM_SHARE * full
    return (
        f"(i) iterate at {n:,} records <= 1/10 of get_full_list's peak",
        "; ".join(parts),
        met,
    )


def stream_section(res: Results, notes: Notes) -> list[str]:
    """(i): peak growth and time of ``iterate`` beside ``get_full_list`` and one page."""
    s = res.sizes
    lines = [
        "",
        f"## (i) iterate: peak memory and time (fresh process, pages of {s['stream_batch']:,}, "
        f"median of {s['memory_runs']} run(s))",
        "",
        "Growth of the peak resident set size during one call, as in (h), and the call's time: "
        "`collection().get_full_list(batch=...)` keeps every record, "
        "`collection().iterate(batch=...)` one page at a time (with `prefetch=True` the next "
        "page is fetched while the current one is consumed; the loop here does no work of its "
        "own, so prefetching has little to overlap), and one `get_list` of a single page is the "
        "yardstick. The floors do the same requests with `json.loads`.",
        "",
        "| contender | records | "
        + " | ".join(STREAM_TITLES[op] for op in STREAM_OPS)
        + " | iterate / one page | iterate / get_full_list |",
        "|---" * (len(STREAM_OPS) + 5) + "|",
    ]
    for c in res.all_contenders:
        if c.unavailable or c.is_peer:
            continue
        for _, n in stream_sizes(s):
            row = [c.label, f"{n:,}"]
            for op in STREAM_OPS:
                cell = res.stream_memory.get(stream_key(op, n), {}).get(c.name)
                if cell is None:
                    row.append("not run")
                elif cell.na or cell.error or not cell.extra:
                    row.append("n/a" + notes.ref(cell.na or cell.error or "no data"))
                else:
                    row.append(f"{_mem_mib(cell):.1f} MiB, {fmt_time(cell.median or 0.0)}")
            walked = _stream_mib(res, "iterate", n, c.name)
            page = _stream_mib(res, "page", n, c.name)
            full = _stream_mib(res, "full_list_modern", n, c.name)
            row.append(f"{walked / page:.2f}" if walked is not None and page else "")
            row.append(f"{walked / full:.3f}" if walked is not None and full else "")
            lines.append("| " + " | ".join(row) + " |")
    return lines


def workload_table(res: Results, notes: Notes, cpu: bool) -> list[str]:
    s = res.sizes
    sync = [c for c in res.all_contenders if c.flavour == "sync"]
    asyn = [c for c in res.all_contenders if c.flavour == "async"]
    header = ["workload"] + [c.label for c in sync + asyn]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, title in WORKLOADS.items():
        title = title.format(**s)
        count = {
            "a": s["get_one"],
            "b": s["get_list"],
            "c": None,
            "d": s["create"],
            "e": s["concurrent"],
        }[key]
        label = f"{title} x{count:,}" if count else f"{title} of {s['items']:,} records"
        if key == "e":
            label += " (tasks; threads for sync)"
        row = [label]
        for c in sync + asyn:
            cell = res.cells.get(c.name, {}).get(key)
            if c.unavailable:
                row.append("n/a" + notes.ref(c.unavailable))
                continue
            floor = res.cells.get(c.floor or c.name, {}).get(key)
            row.append(cell_text(cell, floor, notes, cpu))
        lines.append("| " + " | ".join(row) + " |")
    return lines


def bytes_table(res: Results, notes: Notes) -> list[str]:
    lines = [
        "",
        f"## (j) memory per record: the result of (c) kept ({res.sizes['items']:,} records)",
        "",
        "Bytes still allocated per record while the list returned by `get_full_list` is kept "
        "(tracemalloc, in the same fresh processes as (h), after a garbage collection): the "
        "records themselves, or the dicts of `json.loads` for the floors.",
        "",
        "| contender | bytes per record | ratio to the floor's dicts |",
        "|---|---|---|",
    ]
    for c in res.all_contenders:
        cell = res.memory.get(c.name)
        value = bytes_per_record(cell)
        if c.unavailable or value is None:
            why = c.unavailable or (cell.error or cell.na if cell else None) or "not run"
            lines.append(f"| {c.label} | n/a{notes.ref(why)} | |")
            continue
        floor = bytes_per_record(res.memory.get(c.mem_floor or c.floor or c.name))
        r = f"{value / floor:.2f}" if floor else ""
        lines.append(f"| {c.label} | {value:,.0f} B | {r} |")
    return lines


def first_result_table(res: Results, notes: Notes) -> list[str]:
    lines = [
        "",
        "## (k) time to the first typed result (fresh interpreter, median of "
        f"{res.sizes['import_runs']} runs)",
        "",
        "From the first import to the first record of `get_one` (a public collection, no "
        "login), against raw httpx's first GET and `json.loads`. A detected generation costs "
        "one probe request more.",
        "",
        "| program | median | ratio to the floor |",
        "|---|---|---|",
    ]
    base = res.first.get("httpx")
    for name, cell in res.first.items():
        label = FIRST_RESULT_LABELS[name]
        if cell.error or cell.median is None:
            lines.append(f"| {label} | error{notes.ref(cell.error or 'no data')} | |")
            continue
        r = f"{cell.median / base.median:.2f}" if base and base.median else ""
        lines.append(f"| {label} | {cell.median * 1000:.0f} ms | {r} |")
    return lines


def render(res: Results) -> str:
    notes = Notes()
    s = res.sizes
    m = res.machine
    by_name = {c.name: c for c in res.all_contenders}
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`benchmarks/run.py`); do not edit by hand.",
        "",
        f"- Run: {res.started}, {res.rounds} round(s), {res.elapsed:.0f} s in all. Each workload "
        "is cut into slices that the contenders run in turn (order rotated), so all of them "
        "share the same moments of a possibly busy machine; a ratio is the median over rounds "
        "of the time divided by the floor's time in the same round; times are medians.",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['os']}; {m['python']}; httpx {m['httpx']}, "
        f"pydantic {m['pydantic']} (core {m['pydantic_core']}); {m['server']}, client and server "
        "on the same machine.",
        f"- Data: {s['posts']} posts (each with a relation to one of {s['authors']} authors), "
        f"{s['items']} items; small records (id, title, number, bool, created, updated).",
        "- Floor: raw `httpx.Client` / `httpx.AsyncClient` with the same settings the SDK uses "
        "(default pool, timeout 30 s, redirects followed), the same superuser token, the URL "
        "written by hand, `json.loads` of the body and a status check; for (c) the same "
        "requests as this SDK (perPage 1000, skipTotal). The async floor runs in a virtual "
        "environment of its own in `.bench/` with exactly this environment's httpx, httpcore, "
        "anyio, h11, certifi and idna, and no `sniffio`: the default `httpx.AsyncClient`, as "
        "`pip install httpx` gives it. Every async ratio, aiohttp's included, is to that floor; "
        "`httpx.AsyncClient + sniffio` (this environment, where the SDK's `sniffio` dependency "
        "is installed) and `httpx-aiohttp + json.loads` (the raw client of aiohttp's "
        "transport, `HttpxAiohttpClient`) are floors for comparison.",
        "- This SDK returns validated pydantic models (`Record`, `ListResult[Record]`); "
        "pocketbase 0.17.3 returns its own Record objects; pocketbase-async 0.13.0 returns "
        "plain dicts (no validation). Every contender's result is checked (item counts, ids).",
        "- Each peer runs with its fastest documented settings: pocketbase 0.17.3's "
        "`get_full_list(batch=1000)` (its default batch is 100), pocketbase-async's default "
        "(1000 per page with skipTotal). Peers run from their own virtual environments in "
        "`.bench/`; each contender is a separate worker process (`benchmarks/worker.py`).",
        "- (e) runs 20 asyncio tasks for the async clients and 20 threads for the sync ones. "
        "httpx's async pool spends far more CPU per request than its sync pool; when the "
        "`sniffio` package is not installed (it is not a dependency of current anyio), httpcore "
        "retries `import sniffio` whenever it sets up a lock or an event (several times per "
        "request), which alone costs about a quarter of the async client's CPU. The SDK "
        "depends on `sniffio`; `pocketbase.aiohttp.aiohttp_client` (the `pocketbase[aiohttp]` "
        "extra) puts the async client on aiohttp's transport.",
        "",
        "## (a)-(e): median time as a ratio to the floor of the same flavour (lower is better)",
        "",
    ]
    if res.peers_skipped:
        lines.insert(-2, f"- Peers: {res.peers_skipped}.")
    lines += workload_table(res, notes, cpu=False)
    lines += [
        "",
        "## (a)-(e): the client's own CPU time as a ratio to the floor (lower is better)",
        "",
        "CPU time of the client process (all its threads) during the same runs: the work the "
        "SDK adds on top of httpx, without the server's time or a busy machine's noise.",
        "",
    ]
    lines += workload_table(res, notes, cpu=True)
    lines += [
        "",
        f"## (f) realtime: {s['realtime']:,} creates from a second client, one subscriber",
        "",
        "Latency: from just before the create request is sent to the subscriber's callback "
        f"(same process). {s['realtime_rounds']} run(s) per client.",
        "",
        "| client | delivered | lost | duplicates | p50 | p99 | max |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in SHORT:
        cell = res.realtime.get(name)
        label = by_name[name].label
        if cell is None:
            lines.append(f"| {label} | not run | | | | | |")
        elif cell.na or cell.error:
            why = cell.na or cell.error or ""
            lines.append(f"| {label} | n/a{notes.ref(why)} | | | | | |")
        else:
            ex = cell.extra
            delivered = sum(e["delivered"] for e in ex)
            sent = sum(e["sent"] for e in ex)
            lines.append(
                f"| {label} | {delivered:,}/{sent:,} | {sum(e['lost'] for e in ex)} | "
                f"{sum(e['duplicates'] for e in ex)} | "
                f"{statistics.median(e['p50_ms'] for e in ex):.1f} ms | "
                f"{max(e['p99_ms'] for e in ex):.1f} ms | {max(e['max_ms'] for e in ex):.1f} ms |"
            )
    lines += [
        "",
        "## (g) cold import (fresh interpreter, median of "
        f"{s['import_runs']} runs; time of the import statement alone)",
        "",
        "| import | median | ratio to `import httpx, pydantic` |",
        "|---|---|---|",
    ]
    base = res.imports.get("httpx+pydantic")
    stmt = {
        "httpx+pydantic": "`import httpx, pydantic`",
        "httpx+pydantic.BaseModel": "`import httpx; from pydantic import BaseModel`",
        "pocketbase (this repo)": "`import pocketbase` (this repo; clients load on first use)",
        "pocketbase PocketBase (this repo)": "`from pocketbase import PocketBase` (this repo)",
        "pocketbase AsyncPocketBase (this repo)": (
            "`from pocketbase import AsyncPocketBase` (this repo)"
        ),
        "pocketbase AsyncPocketBase aiohttp (this repo)": (
            "`from pocketbase import AsyncPocketBase` + aiohttp's transport (this repo)"
        ),
    }
    for name, cell in res.imports.items():
        shown = stmt.get(name, f"`import pocketbase` ({name})")
        if cell.error or cell.median is None:
            lines.append(f"| {shown} | error{notes.ref(cell.error or 'no data')} | |")
            continue
        r = cell.median / base.median if base and base.median else None
        lines.append(
            f"| {shown} | {cell.median * 1000:.0f} ms | {'' if r is None else f'{r:.2f}'} |"
        )
    lines += [
        "",
        f"## (h) peak memory of (c) (fresh process, {s['items']:,} records, "
        f"median of {s['memory_runs']} run(s))",
        "",
        "Growth of the peak resident set size during `get_full_list` over the resident size "
        "just before it (after imports, login and a warm-up request). Ratios are to the floor "
        "of the same transport (the raw aiohttp client for the SDK on aiohttp).",
        "",
        "| contender | peak growth | ratio to the floor |",
        "|---|---|---|",
    ]
    for c in res.all_contenders:
        cell = res.memory.get(c.name)
        if c.unavailable:
            lines.append(f"| {c.label} | n/a{notes.ref(c.unavailable)} | |")
            continue
        if cell is None:
            lines.append(f"| {c.label} | not run | |")
            continue
        if cell.na or cell.error or not cell.extra:
            why = cell.na or cell.error or "no data"
            lines.append(f"| {c.label} | n/a{notes.ref(why)} | |")
            continue
        mib = _mem_mib(cell)
        r = memory_ratio(res, c)
        lines.append(f"| {c.label} | {mib:.1f} MiB | {'' if r is None else f'{r:.2f}'} |")
    lines += stream_section(res, notes) + bytes_table(res, notes) + first_result_table(res, notes)
    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---|---|"]
    for name, measured, met in targets(res):
        verdict = "yes" if met else ("no" if met is False else "not measured")
        lines.append(f"| {name} | {measured} | {verdict} |")
    if notes.items:
        lines.append("")
        for i, text in enumerate(notes.items, 1):
            lines.append(f"[^{i}]: {text.replace('|', '/')}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# the summary in docs/performance.md (the README links to that page)

SUMMARY_PAGES = (ROOT / "docs" / "performance.md",)
SUMMARY_START = "<!-- bench:summary (written by make bench) -->"
SUMMARY_END = "<!-- /bench:summary -->"


def summary(res: Results) -> str:
    s = res.sizes
    by_name = {c.name: c for c in res.all_contenders}
    names = list(SHORT)
    columns = ["`PocketBase`", "`AsyncPocketBase`", "`AsyncPocketBase` on aiohttp"]
    lines = [
        "| workload (time as a ratio to raw httpx) | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    titles = {
        "a": f"{s['get_one']:,} sequential `get_one`",
        "b": f"{s['get_list']:,} `get_list(per_page={s['per_page']}, expand=...)`",
        "c": f"`get_full_list` of {s['items']:,} records",
        "d": f"{s['create']:,} `create`",
        "e": f"{s['concurrent']:,} `get_one`, {s['concurrency']} in flight",
    }
    for key, title in titles.items():
        cells = []
        for n in names:
            r = ratio(res.cells, n, by_name[n].floor or "", key)
            cells.append("-" if r is None else f"{r:.2f}")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    mem = [memory_ratio(res, by_name[n]) for n in names]
    lines.append(
        f"| peak memory of `get_full_list` ({s['items']:,}), ratio to raw httpx | "
        + " | ".join("-" if r is None else f"{r:.2f}" for r in mem)
        + " |"
    )
    per = [bytes_per_record(res.memory.get(n)) for n in names]
    raw_dicts = bytes_per_record(res.memory.get("httpx-sync"))
    lines.append(
        f"| bytes per record kept (raw httpx's dicts: {_number(raw_dicts)}) | "
        + " | ".join(_number(v) for v in per)
        + " |"
    )
    n = s["stream"]
    shares = []
    for name in names:
        walked = _stream_mib(res, "iterate", n, name)
        full = _stream_mib(res, "full_list_modern", n, name)
        shares.append(f"{walked / full:.3f}" if walked is not None and full else "-")
    lines.append(
        f"| peak memory of `collection().iterate` over {n:,} records, share of "
        "`get_full_list`'s | " + " | ".join(shares) + " |"
    )
    base = res.first.get("httpx")
    firsts = []
    for key in ("ours-sync", "ours-async", "ours-async-aiohttp"):
        cell = res.first.get(key)
        ok = cell and cell.median and base and base.median
        firsts.append(f"{cell.median / base.median:.2f}" if ok else "-")  # type: ignore[union-attr]
    lines.append(
        "| time to the first typed result (import, client, `get_one`) | "
        + " | ".join(firsts)
        + " |"
    )
    met = [m for _, _, m in targets(res)]
    lines += [
        "",
        f"Run {res.started}; targets met: {sum(1 for m in met if m)} of {len(met)} "
        f"({sum(1 for m in met if m is None)} not measured).",
    ]
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def write_summary(res: Results) -> None:
    block = f"{SUMMARY_START}\n{summary(res)}\n{SUMMARY_END}"
    for page in SUMMARY_PAGES:
        text = page.read_text("utf-8")
        start, end = text.find(SUMMARY_START), text.find(SUMMARY_END)
        if start < 0 or end < start:
            log(f"{page.name}: no summary markers, not updated")
            continue
        page.write_text(text[:start] + block + text[end + len(SUMMARY_END) :], "utf-8")
        log(f"updated the summary in {page.relative_to(ROOT)}")


# --------------------------------------------------------------------------------------------
# main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round")
    parser.add_argument("--rounds", type=int, default=None, help="rounds of (a)-(e)")
    parser.add_argument("--no-peers", action="store_true", help="skip the PyPI peers")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="create no virtual environment: no peers, the async floor from this environment",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="markdown report")
    parser.add_argument("--json", type=Path, default=None, help="also dump raw results here")
    parser.add_argument("--only", default="", help="comma-separated contender names (default: all)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # SIGTERM unwinds like Ctrl-C, so the server and the workers are always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = dict(QUICK if args.quick else FULL)
    if args.rounds is not None:
        sizes["rounds"] = max(1, args.rounds)
    started = time.monotonic()
    deadline = started + sizes["max_seconds"]
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    STATE_DIR.mkdir(exist_ok=True)

    from pocketbase.testing import PocketBaseServer

    everyone = contenders()
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    peers_skipped = None
    no_peers = "--offline" if args.offline else "--no-peers" if args.no_peers else None
    for c in everyone:
        if args.offline and c.env_spec is not None:
            c.env_spec = None  # the floor from this environment (sniffio installed)
            c.label += " (this environment)"
        if wanted and c.name not in wanted:
            c.unavailable = "not selected (--only)"
        elif c.is_peer and no_peers:
            c.unavailable = peers_skipped = f"not run ({no_peers})"
        elif c.is_peer:
            ensure_peer_env(c)
        elif c.env_spec is not None:
            ensure_floor_env(c)
    active = [c for c in everyone if c.unavailable is None]
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    log(f"starting PocketBase {SERVER_VERSION}")
    with PocketBaseServer(SERVER_VERSION) as server:
        t = time.monotonic()
        seed_info = seed(server.url, server.admin_headers(), sizes)
        log(f"seeded {sizes['posts'] + sizes['items']} records in {time.monotonic() - t:.1f} s")
        config = {
            "url": server.url,
            "email": server.admin_email,
            "password": server.admin_password,
            "auth_path": "/api/collections/_superusers/auth-with-password",
            "expand": "author",
            **seed_info,
        }
        scratch = Path(tempfile.mkdtemp(prefix="pb-bench-"))
        config_path = scratch / "config.json"
        config_path.write_text(json.dumps(config), "utf-8")
        with workers(active, config_path):
            for c in active:
                try:
                    reply = ask(c, "setup", {}, sizes["op_timeout"])
                    if "error" in reply:
                        raise WorkerError(str(reply["error"]).strip().splitlines()[-1])
                    reply = ask(
                        c,
                        "warmup",
                        {"ids": seed_info["ids"][: sizes["warmup"]]},
                        sizes["op_timeout"],
                    )
                    if "error" in reply:
                        raise WorkerError(str(reply["error"]).strip().splitlines()[-1])
                except WorkerError as exc:
                    log(f"{c.name} unavailable: {exc}")
                    c.unavailable = f"failed to start: {exc}"
                    stop_worker(c)
            runnable = [c for c in active if c.unavailable is None]
            cells, rounds = run_rounds(runnable, sizes, seed_info, sizes["rounds"], deadline)
            log("realtime")
            realtime = run_realtime(runnable, sizes, seed_info)
        shutil.rmtree(scratch, ignore_errors=True)
        log("memory")
        memory = run_memory(runnable, sizes, config, sizes["memory_runs"])
        log("memory: iterate")
        stream_memory = run_stream_memory(runnable, sizes, config, sizes["memory_runs"])
        log("first result")
        first = run_first_result(server.url, seed_info["ids"][0], sizes["import_runs"])
    log("imports")
    imports = run_imports(everyone, sizes["import_runs"])

    res = Results(
        sizes=sizes,
        all_contenders=everyone,
        cells=cells,
        rounds=rounds,
        realtime=realtime,
        imports=imports,
        memory=memory,
        first=first,
        machine=machine(),
        started=when,
        elapsed=time.monotonic() - started,
        peers_skipped=peers_skipped,
        stream_memory=stream_memory,
    )
    text = render(res)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, "utf-8")
    if args.output.resolve() == DEFAULT_OUTPUT.resolve() and not args.quick:
        write_summary(res)
    if args.json is not None:
        args.json.write_text(json.dumps(raw(res), indent=1), "utf-8")
    print(text)
    log(f"wrote {args.output}")
    return 0


def raw(res: Results) -> dict[str, Any]:
    def cell(c: Cell) -> dict[str, Any]:
        return {"seconds": c.seconds, "na": c.na, "error": c.error, "extra": c.extra}

    return {
        "sizes": res.sizes,
        "machine": res.machine,
        "cells": {n: {k: cell(v) for k, v in ws.items()} for n, ws in res.cells.items()},
        "realtime": {n: cell(v) for n, v in res.realtime.items()},
        "imports": {n: cell(v) for n, v in res.imports.items()},
        "memory": {n: cell(v) for n, v in res.memory.items()},
        "first": {n: cell(v) for n, v in res.first.items()},
        "stream_memory": {
            op: {n: cell(v) for n, v in cells.items()} for op, cells in res.stream_memory.items()
        },
    }


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
