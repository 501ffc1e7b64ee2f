"""Run several calls concurrently, in the flavour of the client under test.

``agather`` (async tests) runs coroutine functions as tasks; ``gather`` (its generated sync
twin's name) runs plain functions on threads. Each returns the results (or the exceptions) in
call order.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any


async def agather(*fns: Callable[[], Awaitable[Any]], stagger: float = 0.0) -> list[Any]:
    async def run(i: int, fn: Callable[[], Awaitable[Any]]) -> Any:
        await asyncio.sleep(stagger * i)
        return await fn()

    return list(
        await asyncio.gather(*(run(i, fn) for i, fn in enumerate(fns)), return_exceptions=True)
    )


def gather(*fns: Callable[[], Any], stagger: float = 0.0) -> list[Any]:
    results: list[Any] = [None] * len(fns)

    def run(i: int, fn: Callable[[], Any]) -> None:
        time.sleep(stagger * i)
        try:
            results[i] = fn()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


class AsyncWorkers:
    """The SDK's background workers of one name that are still running: asyncio tasks here,
    threads in the generated sync twin (``Workers``)."""

    @staticmethod
    async def alive(name: str) -> list[str]:
        for _ in range(3):  # let cancelled tasks run to their end
            await asyncio.sleep(0)
        return [t.get_name() for t in asyncio.all_tasks() if t.get_name() == name and not t.done()]


class Workers:
    @staticmethod
    def alive(name: str) -> list[str]:
        return [t.name for t in threading.enumerate() if t.name == name and t.is_alive()]
