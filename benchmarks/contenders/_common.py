"""Helpers shared by the contenders (standard library only: peers import this too)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


async def bounded(fn: Callable[[Any], Awaitable[int]], items: Iterable[Any], limit: int) -> int:
    """Run ``fn`` over ``items`` with at most ``limit`` calls in flight; sum the results."""
    source = iter(items)
    total = 0

    async def lane() -> None:
        nonlocal total
        for item in source:
            value = await fn(item)  # `total += await ...` would read `total` before the await
            total += value

    await asyncio.gather(*(lane() for _ in range(limit)))
    return total


def threaded(fn: Callable[[Any], int], items: Iterable[Any], limit: int) -> int:
    """Run ``fn`` over ``items`` on ``limit`` threads; sum the results."""
    with ThreadPoolExecutor(max_workers=limit) as pool:
        return sum(pool.map(fn, items))


def write_body(i: int) -> dict[str, Any]:
    return {"title": f"benchmark write {i}", "n": i, "flag": i % 2 == 0}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class EventLog:
    """Latencies of realtime events keyed by the ``seq`` field the creator wrote (thread-safe)."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}
        self.latency: dict[int, float] = {}
        self.duplicates = 0
        self._lock = threading.Lock()
        self.changed = threading.Event()

    def mark_sent(self, seq: int) -> None:
        self.sent[seq] = time.perf_counter()

    def received(self, seq: Any) -> None:
        now = time.perf_counter()
        with self._lock:
            if not isinstance(seq, int) or seq not in self.sent:
                return
            if seq in self.latency:
                self.duplicates += 1
            else:
                self.latency[seq] = now - self.sent[seq]
        self.changed.set()

    def summary(self, expected: int) -> dict[str, Any]:
        values = [self.latency[s] for s in sorted(self.latency) if s >= 0]
        return {
            "count": len(values),
            "extra": {
                "sent": expected,
                "delivered": len(values),
                "lost": expected - len(values),
                "duplicates": self.duplicates,
                "p50_ms": percentile(values, 50) * 1000 if values else None,
                "p99_ms": percentile(values, 99) * 1000 if values else None,
                "max_ms": max(values) * 1000 if values else None,
            },
        }
