"""One contender of the benchmark, driven over stdin/stdout by ``run.py``.

Usage: ``python worker.py CONTENDER CONFIG.json`` (a request loop) or
``python worker.py CONTENDER CONFIG.json --memory`` (one call, ``get_full_list`` unless the
config's ``memory_op`` names another, in this fresh process, reporting peak memory).

Only the standard library is imported here, so the same file drives the peers from their own
virtual environments (where ``pocketbase`` is the peer, not this repository's package). Each
contender lives in ``contenders/<name>.py`` and defines ``Contender`` with the methods
``setup``, ``get_one``, ``get_list``, ``full_list``, ``create``, ``get_one_concurrent`` and
optionally ``realtime`` and the memory-only ``full_list_modern``, ``iterate`` and ``page``
(plain or ``async def``, as ``is_async`` says). A method that raises
``NotImplementedError(reason)`` marks the workload n/a for that contender.

Protocol: one JSON request per line on stdin, ``{"op": ..., "args": {...}}``; one JSON reply
per line on the original stdout: ``{"seconds": s, "count": n}`` (plus ``"extra"``),
``{"na": reason}`` or ``{"error": traceback}``. Anything the libraries print goes to stderr.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import inspect
import json
import os
import resource
import sys
import time
import traceback
import tracemalloc
from collections.abc import Callable
from typing import Any

OPS = ("get_one", "get_list", "full_list", "create", "get_one_concurrent", "realtime", "warmup")


def _rss_kib() -> int:
    """Current resident set size in KiB (Linux /proc; falls back to the peak)."""
    rss = _status_kib("VmRSS")
    return rss if rss is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0), so VmHWM covers only what follows."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _peak_kib() -> int:
    hwm = _status_kib("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Runner:
    def __init__(self, name: str, config: dict[str, Any]) -> None:
        module = importlib.import_module(f"contenders.{name}")
        self.contender = module.Contender()
        self.is_async: bool = bool(getattr(self.contender, "is_async", False))
        self.config = config
        self.loop = asyncio.new_event_loop() if self.is_async else None

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        result = fn(*args)
        if inspect.isawaitable(result):
            assert self.loop is not None
            return self.loop.run_until_complete(result)
        return result

    def timed(self, fn: Callable[..., Any], args: dict[str, Any]) -> dict[str, Any]:
        if self.is_async:

            async def measure() -> tuple[float, float, Any]:
                cpu = time.process_time()
                start = time.perf_counter()
                value = await fn(**args)
                return time.perf_counter() - start, time.process_time() - cpu, value

            assert self.loop is not None
            seconds, cpu_seconds, value = self.loop.run_until_complete(measure())
        else:
            cpu = time.process_time()
            start = time.perf_counter()
            value = fn(**args)
            seconds = time.perf_counter() - start
            cpu_seconds = time.process_time() - cpu
        # cpu: this process's CPU time (all its threads), i.e. the client's own work
        reply: dict[str, Any] = {"seconds": seconds, "cpu": cpu_seconds}
        if isinstance(value, dict):
            reply.update(value)
        else:
            reply["count"] = value
        return reply

    def handle(self, op: str, args: dict[str, Any]) -> dict[str, Any]:
        if op == "setup":
            self.call(self.contender.setup, self.config)
            return {"ok": True}
        if op not in OPS:
            return {"error": f"unknown op {op!r}"}
        fn = getattr(self.contender, op, None)
        if fn is None:
            return {"na": "not implemented by this contender"}
        gc.collect()
        try:
            return self.timed(fn, args)
        except NotImplementedError as exc:
            return {"na": str(exc) or "not supported"}

    def close(self) -> None:
        close = getattr(self.contender, "close", None)
        if close is not None:
            self.call(close)
        if self.loop is not None:
            self.loop.close()


def _serve(runner: Runner, out: Any) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        op = request.get("op")
        if op == "quit":
            break
        try:
            reply = runner.handle(op, request.get("args") or {})
        except Exception:
            reply = {"error": traceback.format_exc()}
        out.write(json.dumps(reply) + "\n")
        out.flush()


def _memory(runner: Runner, out: Any) -> None:
    """Peak memory of one call in this fresh process (after setup and a warm-up): the
    contender's ``memory_op`` (``full_list`` unless the config says otherwise)."""
    args = runner.config["memory_args"]
    op = runner.config.get("memory_op", "full_list")
    try:
        fn = getattr(runner.contender, op, None)
        if fn is None:
            raise NotImplementedError("not implemented by this contender")
        runner.call(runner.contender.setup, runner.config)
        runner.call(runner.contender.get_one, runner.config["ids"][:5])
        gc.collect()
        reset = _reset_peak()
        before_rss = _rss_kib()
        before_peak = _peak_kib()
        reply = runner.timed(fn, args)
        after_peak = _peak_kib()
        reply.update(
            {
                "rss_before_kib": before_rss,
                "peak_before_kib": before_peak,
                "peak_after_kib": after_peak,
                "peak_growth_kib": after_peak - before_rss,
                "peak_reset": reset,
            }
        )
        items = getattr(runner.contender, "full_list_items", None)
        if op == "full_list" and items is not None:
            reply["bytes_per_record"] = _retained_per_item(runner, items, args)
    except NotImplementedError as exc:
        reply = {"na": str(exc) or "not supported"}
    except Exception:
        reply = {"error": traceback.format_exc()}
    out.write(json.dumps(reply) + "\n")
    out.flush()


def _retained_per_item(runner: Runner, items: Callable[..., Any], args: dict[str, Any]) -> float:
    """Bytes still allocated per item while the result of a full list is kept (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = runner.call(lambda: items(**args))
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / max(1, len(kept))


def main(argv: list[str]) -> int:
    name, config_path = argv[0], argv[1]
    memory = "--memory" in argv[2:]
    # The protocol owns the real stdout; library output goes to stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    with open(config_path, encoding="utf-8") as file:
        config = json.load(file)
    runner = Runner(name, config)
    try:
        if memory:
            _memory(runner, out)
        else:
            _serve(runner, out)
    finally:
        try:
            runner.close()
        except Exception:
            traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
