"""Async/sync primitive pairs.

Code in ``pocketbase/_async`` never touches asyncio directly: it uses the ``Async*`` names and
``a*`` functions below. ``scripts/unasync.py`` renames them to their bare twins (``AsyncLock`` ->
``Lock``, ``asleep`` -> ``sleep``, ...), which are implemented with ``threading`` and ``time`` so
the generated sync client never runs an event loop.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")

__all__ = [
    "AsyncCancelToken",
    "AsyncEvent",
    "AsyncLock",
    "AsyncTaskHandle",
    "CancelToken",
    "Cancellable",
    "CancelledRequest",
    "Event",
    "Lock",
    "TaskHandle",
    "aresolve",
    "asleep",
    "aspawn",
    "current_time",
    "resolve",
    "sleep",
    "spawn",
]


def current_time() -> float:
    """Monotonic clock shared by both flavours."""
    return time.monotonic()


class CancelledRequest(Exception):
    """Raised inside the client when a pending request was cancelled (auto-cancel or by key)."""


class Cancellable(Protocol):
    """What ``cancel_request(key)`` stops: a pending request, or a longer wait (the all-in-one
    OAuth2 flow) registered under a cancel key."""

    def cancel(self) -> None: ...


# --------------------------------------------------------------------------------------------
# async side


async def asleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def aresolve(value: T | Awaitable[T]) -> T:
    """Await ``value`` when a hook returned an awaitable, else return it unchanged."""
    if inspect.isawaitable(value):
        return await value
    return value


class AsyncLock:
    """A lock for the async client; created lazily so it binds to the running loop."""

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None

    def _get(self) -> asyncio.Lock:
        import asyncio

        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    async def __aenter__(self) -> AsyncLock:
        await self._get().acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._get().release()


class AsyncEvent:
    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def _get(self) -> asyncio.Event:
        import asyncio

        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    def set(self) -> None:
        self._get().set()

    def clear(self) -> None:
        self._get().clear()

    async def wait(self, timeout: float | None = None) -> bool:
        """Wait until set; returns False when ``timeout`` elapsed first."""
        import asyncio

        if timeout is None:
            await self._get().wait()
            return True
        try:
            await asyncio.wait_for(self._get().wait(), timeout)
        except asyncio.TimeoutError:
            return False
        return True


class AsyncCancelToken:
    """Cancellation handle of one pending request in the async client.

    ``cancel()`` cancels the task that is running the request; ``run()`` turns that
    cancellation (and only that one) into :class:`CancelledRequest`.
    """

    __slots__ = ("_active", "_loop", "_task", "cancelled")

    def __init__(self) -> None:
        import asyncio

        self._task = asyncio.current_task()
        self._loop = asyncio.get_running_loop()
        self._active = True
        self.cancelled = False

    def cancel(self) -> None:
        import asyncio

        if not self._active or self.cancelled:
            return
        self.cancelled = True
        task = self._task
        if task is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            task.cancel()
        else:
            self._loop.call_soon_threadsafe(task.cancel)

    async def run(self, fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
        import asyncio

        if self.cancelled:
            self._active = False
            raise CancelledRequest
        try:
            return await fn()
        except asyncio.CancelledError:
            if not self.cancelled:
                raise
            uncancel = getattr(self._task, "uncancel", None)
            if uncancel is not None:
                uncancel()
            raise CancelledRequest from None
        finally:
            self._active = False


class AsyncTaskHandle:
    """A background task started by :func:`aspawn`."""

    __slots__ = ("_task",)

    def __init__(self, task: asyncio.Task[None]) -> None:
        self._task = task

    def is_alive(self) -> bool:
        return not self._task.done()

    def is_current(self) -> bool:
        import asyncio

        try:
            return asyncio.current_task() is self._task
        except RuntimeError:
            return False

    def interrupt(self, unblock: Callable[[], None] | None = None) -> None:
        """Stop the task even while it waits on I/O: cancel it (``unblock`` is not needed)."""
        self._task.cancel()

    def abandon(self) -> None:
        """Stop the task from plain (non-async) code, e.g. ``__del__``: cancel it; it ends at
        its next await."""
        self._task.cancel()

    async def join(self, timeout: float | None = None) -> None:
        import asyncio

        if self.is_current():
            return
        done, _ = await asyncio.wait({self._task}, timeout=timeout)
        if self._task in done and not self._task.cancelled():
            self._task.exception()  # mark retrieved; errors are logged by the task itself


def aspawn(fn: Callable[[], Coroutine[Any, Any, None]], name: str) -> AsyncTaskHandle:
    """Run ``fn`` as a background task of the running loop."""
    import asyncio

    return AsyncTaskHandle(asyncio.get_running_loop().create_task(fn(), name=name))


# --------------------------------------------------------------------------------------------
# sync side (the generated client uses only these)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def resolve(value: T) -> T:
    if inspect.isawaitable(value):
        # An async hook given to the sync client: close it so no "never awaited" warning is
        # raised, and fail clearly.
        close = getattr(value, "close", None)
        if close is not None:
            close()
        raise TypeError("async hooks need AsyncPocketBase; the sync client takes plain functions")
    return value


class Lock:
    __slots__ = ("_lock",)

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> Lock:
        self._lock.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


class Event:
    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def clear(self) -> None:
        self._event.clear()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)


class CancelToken:
    """Cancellation handle of one pending request in the sync client.

    A blocking call cannot be interrupted from another thread, so a request cancelled while in
    flight raises :class:`CancelledRequest` as soon as its response returns.
    """

    __slots__ = ("_active", "cancelled")

    def __init__(self) -> None:
        self._active = True
        self.cancelled = False

    def cancel(self) -> None:
        if self._active:
            self.cancelled = True

    def run(self, fn: Callable[[], T]) -> T:
        try:
            if self.cancelled:
                raise CancelledRequest
            result = fn()
            if self.cancelled:
                raise CancelledRequest
            return result
        finally:
            self._active = False


class TaskHandle:
    """A background daemon thread started by :func:`spawn`."""

    __slots__ = ("_thread",)

    def __init__(self, thread: threading.Thread) -> None:
        self._thread = thread

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def is_current(self) -> bool:
        return threading.current_thread() is self._thread

    def interrupt(self, unblock: Callable[[], None] | None = None) -> None:
        """Make the thread's blocking wait return: call ``unblock`` (e.g. shut its socket down).

        The worker must also see a stop flag, since a thread cannot be cancelled.
        """
        if unblock is not None:
            unblock()

    def join(self, timeout: float | None = None) -> None:
        if self.is_current():
            return
        self._thread.join(timeout)

    def abandon(self) -> None:
        """Stop the thread from plain code: a thread cannot be cancelled, so wait until its
        work returns (it must not block forever)."""
        self.join()


def spawn(fn: Callable[[], None], name: str) -> TaskHandle:
    thread = threading.Thread(target=fn, name=name, daemon=True)
    thread.start()
    return TaskHandle(thread)
