from __future__ import annotations

import functools
from collections import deque
from collections.abc import AsyncIterator
from types import TracebackType
from typing import TYPE_CHECKING

import httpx
from httpx_sse import ServerSentEvent, aconnect_sse

from ..._compat import AsyncEvent, AsyncLock, AsyncTaskHandle, aresolve, aspawn, current_time
from ..._errors import ClientResponseError
from ..._generations import Req
from ..._realtime import (
    CONNECT_EVENT,
    REALTIME_PATH,
    AsyncRealtimeCallback,
    AsyncUnsubscribeFunc,
    Backoff,
    auth_identity,
    check_subscription,
    connect_client_id,
    logger,
    parse_event,
    shutdown_response,
    subscription_body,
)
from ...models import RecordSubscription
from .base import AsyncBaseService

if TYPE_CHECKING:
    from ..client import AsyncPocketBase

__all__ = ["AsyncRealtimeEvents", "AsyncRealtimeService"]

#: longest wait of ``subscribe`` for a new stream to connect and take the subscriptions
SUBSCRIBE_WAIT = 10.0
#: longest wait for a stopped reader to finish
STOP_WAIT = 2.0
#: read timeout of the stream: an idle server sends nothing and ends the stream after 5 minutes
STREAM_READ_TIMEOUT = 330.0
READER_NAME = "pocketbase-realtime"


class _StreamError(Exception):
    """The stream cannot be used; the reader reconnects."""


class _Entry:
    """One registration: ``unsubscribe`` callables only remove their own."""

    __slots__ = ("callback",)

    def __init__(self, callback: AsyncRealtimeCallback) -> None:
        self.callback = callback


class _Reader:
    """One background reader: keeps a stream open (reconnecting as needed) until stopped.

    ``client_id``, ``identity`` and ``waiters`` change only under the service lock.
    """

    __slots__ = ("client_id", "handle", "identity", "response", "stop", "waiters", "wake")

    def __init__(self) -> None:
        self.handle: AsyncTaskHandle | None = None
        self.response: httpx.Response | None = None
        self.client_id = ""
        #: auth identity of the subscription POSTs under ``client_id`` (None: none accepted yet)
        self.identity: str | None = None
        self.stop = False
        self.wake = AsyncEvent()
        #: subscribers waiting for the next connect attempt to settle
        self.waiters: list[AsyncEvent] = []

    def release(self) -> None:
        waiters, self.waiters = self.waiters, []
        for waiter in waiters:
            waiter.set()

    def interrupt(self) -> None:
        """Ask the reader to stop and unblock it (safe from the reader itself)."""
        self.stop = True
        self.wake.set()
        handle = self.handle
        if handle is None or handle.is_current():
            return  # the reader sees ``stop`` as soon as the running callback returns
        response = self.response
        handle.interrupt(
            functools.partial(shutdown_response, response) if response is not None else None
        )


def _stream_timeout(base: httpx.Timeout) -> httpx.Timeout:
    return httpx.Timeout(
        connect=base.connect, read=STREAM_READ_TIMEOUT, write=base.write, pool=base.pool
    )


class AsyncRealtimeService(AsyncBaseService):
    """Realtime subscriptions over server-sent events.

    One stream (``GET /api/realtime``) per client, read by one background task (a daemon thread
    in the sync client) that exists while there is at least one subscription. The whole set of
    subscriptions is POSTed after every connect and every change. A dropped stream reconnects
    with capped, jittered exponential backoff and gets every subscription back.
    """

    __slots__ = ("_lock", "_reader", "_retired", "_subs")

    def __init__(self, client: AsyncPocketBase) -> None:
        super().__init__(client)
        self._lock = AsyncLock()
        self._subs: dict[str, _Entry] = {}
        self._reader: _Reader | None = None
        self._retired: list[_Reader] = []

    # -- public ------------------------------------------------------------------------------

    @property
    def subscriptions(self) -> list[str]:
        """The current subscription names, in the order they were first subscribed."""
        return list(self._subs)

    @property
    def client_id(self) -> str:
        """The server's id of the current stream; ``""`` while not connected."""
        reader = self._reader
        return reader.client_id if reader is not None else ""

    async def subscribe(
        self, subscription: str, callback: AsyncRealtimeCallback
    ) -> AsyncUnsubscribeFunc:
        """Call ``callback(RecordSubscription)`` for every event of ``subscription``.

        ``subscription`` is a collection name or id (every record) or ``"<collection>/<id>"``
        (one record). A name has one callback: subscribing again replaces it. The async client
        also takes async callbacks. Callbacks run on the background reader; one that raises is
        logged and the stream goes on.

        Returns once the server has the new subscription set (or, when the stream is still
        connecting, once that attempt has settled; at most ``SUBSCRIBE_WAIT`` seconds). Returns
        a function that removes this subscription (unless it was replaced meanwhile).
        """
        check_subscription(subscription, callback, needs_callback=True)
        entry = _Entry(callback)
        async with self._lock:
            self._check_open()
            self._subs[subscription] = entry
            waiter = await self._submit_locked()
        if waiter is not None:
            await waiter.wait(SUBSCRIBE_WAIT)

        async def unsubscribe() -> None:
            await self._remove(subscription, entry)

        return unsubscribe

    async def unsubscribe(self, subscription: str = "") -> None:
        """Remove one subscription, or all of them when ``subscription`` is empty.

        An unknown name does nothing. Removing the last one submits the empty set and closes
        the stream.
        """
        await self._remove(subscription, None)

    async def resubscribe(self) -> None:
        """Move the subscriptions to the current auth identity.

        The server binds a stream to the identity of its first subscription POST, so after a
        login or logout the set is submitted again on a new stream (a new client id). The SDK's
        own auth calls do this; call it after changing ``auth_store`` yourself. Nothing happens
        when there are no subscriptions or the identity did not change.
        """
        if not self._subs:
            return
        async with self._lock:
            reader = self._reader
            if not self._subs or reader is None or reader.stop or not reader.client_id:
                return  # a reader still connecting will POST with the current identity
            if reader.identity is None or reader.identity == self._identity():
                return
            waiter = await self._submit_locked()
        if waiter is not None:
            await waiter.wait(SUBSCRIBE_WAIT)

    def events(self, subscription: str) -> AsyncRealtimeEvents:
        """The events of ``subscription`` as an iterator (subscribed on entering its ``with``
        block or on the first iteration, unsubscribed when it is closed)."""
        return AsyncRealtimeEvents(self, subscription)

    async def aclose(self) -> None:
        """Stop the stream and every background task, and forget every subscription."""
        readers = self._detach()  # stops them at once, even while another caller holds the lock
        async with self._lock:
            readers += self._detach()
            self._subs = {}
        for reader in readers:
            reader.release()
        for reader in readers:
            if reader.handle is not None:
                await reader.handle.join(STOP_WAIT)

    # -- bookkeeping (under the lock) --------------------------------------------------------

    def _check_open(self) -> None:
        if self._client_closed():
            raise ClientResponseError(message="The client is closed.")

    def _detach(self) -> list[_Reader]:
        readers = [r for r in [self._reader, *self._retired] if r is not None]
        self._reader = None
        self._retired = []
        for reader in readers:
            reader.interrupt()
        return readers

    def _identity(self) -> str:
        snap = self._client.auth_store.snapshot()
        model_id = snap.model.id if snap.model is not None else None
        return auth_identity(snap.token, snap.kind, model_id)

    def _start_locked(self) -> _Reader:
        self._check_open()
        reader = _Reader()
        self._reader = reader
        reader.handle = aspawn(functools.partial(self._run, reader), READER_NAME)
        return reader

    def _restart_locked(self) -> _Reader:
        """Replace the reader with a fresh one (a new stream, hence a new client id)."""
        old = self._reader
        self._retired = [r for r in self._retired if r.handle is None or r.handle.is_alive()]
        reader = self._start_locked()
        if old is not None:
            old.interrupt()
            self._retired.append(old)
            reader.waiters.extend(old.waiters)
            old.waiters = []
        return reader

    async def _submit_locked(self) -> AsyncEvent | None:
        """Bring the server up to date with the subscription set.

        Returns an event to wait on when a (re)connecting reader will do it.
        """
        reader = self._reader
        if (
            reader is None
            or reader.stop
            or (reader.handle is not None and not reader.handle.is_alive())
        ):
            reader = self._start_locked()
        elif reader.client_id:
            if await self._post_locked(reader):
                return None
            reader = self._restart_locked()
        waiter = AsyncEvent()
        reader.waiters.append(waiter)
        return waiter

    async def _post_locked(self, reader: _Reader) -> bool:
        """POST the set under ``reader``'s client id; False when refused or not attempted."""
        identity = self._identity()
        if reader.identity is not None and reader.identity != identity:
            logger.info("realtime: the auth identity changed, reconnecting for a new client id")
            return False
        body = subscription_body(reader.client_id, self._subs)
        try:
            await self._ok(Req("POST", REALTIME_PATH, body), {"$autoCancel": False})
        except Exception as exc:
            logger.warning("realtime: submitting the subscriptions failed: %s", exc)
            return False
        reader.identity = identity
        return True

    async def _remove(self, subscription: str, entry: _Entry | None) -> None:
        stopped: _Reader | None = None
        async with self._lock:
            if subscription:
                current = self._subs.get(subscription)
                if current is None or (entry is not None and current is not entry):
                    return
                del self._subs[subscription]
            elif not self._subs:
                return
            else:
                self._subs = {}
            if self._subs:
                await self._submit_locked()
                return
            reader = self._reader
            if reader is None:
                return
            if reader.client_id and not reader.stop:
                await self._post_locked(reader)  # the empty set
            self._reader = None
            reader.interrupt()
            reader.release()
            stopped = reader
        if stopped is not None and stopped.handle is not None:
            await stopped.handle.join(STOP_WAIT)

    # -- the reader --------------------------------------------------------------------------

    async def _run(self, reader: _Reader) -> None:
        backoff = Backoff()
        try:
            while not reader.stop:
                try:
                    await self._stream(reader, backoff)
                    if not reader.stop:
                        logger.info("realtime: the stream ended, reconnecting")
                except Exception as exc:
                    if reader.stop:
                        break
                    logger.warning(
                        "realtime: the stream failed (%s: %s), reconnecting",
                        type(exc).__name__,
                        exc,
                    )
                finally:
                    reader.response = None
                if reader.stop:
                    break
                async with self._lock:
                    reader.client_id = ""
                    reader.identity = None
                    reader.release()  # subscribers stop waiting; the next connect submits
                await reader.wake.wait(backoff.next_delay())
        except Exception:
            logger.exception("realtime: the reader stopped unexpectedly")
        finally:
            reader.response = None

    async def _stream(self, reader: _Reader, backoff: Backoff) -> None:
        http = self._http_client()
        url = self._client.build_url(REALTIME_PATH)
        async with aconnect_sse(http, "GET", url, timeout=_stream_timeout(http.timeout)) as source:
            reader.response = source.response
            if reader.stop:
                return
            status = source.response.status_code
            if status != 200:
                raise _StreamError(f"HTTP {status}")
            async for sse in source.aiter_sse():
                if reader.stop:
                    return
                if sse.event == CONNECT_EVENT:
                    await self._connected(reader, sse, backoff)
                else:
                    await self._dispatch(sse)
                if reader.stop:
                    return

    async def _connected(self, reader: _Reader, sse: ServerSentEvent, backoff: Backoff) -> None:
        client_id = connect_client_id(sse.id, sse.data)
        if not client_id:
            raise _StreamError("PB_CONNECT without a client id")
        async with self._lock:
            if reader.stop:
                return
            reader.client_id = client_id
            reader.identity = None
            accepted = not self._subs or await self._post_locked(reader)
            reader.release()
        if not accepted:
            raise _StreamError("the server did not take the subscriptions")
        backoff.reset()

    async def _dispatch(self, sse: ServerSentEvent) -> None:
        entry = self._subs.get(sse.event)
        if entry is None:
            return
        try:
            event = parse_event(sse.data)
        except ValueError as exc:
            logger.warning("realtime: skipped a malformed %r event: %s", sse.event, exc)
            return
        try:
            await aresolve(entry.callback(event))
        except Exception:
            logger.exception("realtime: the callback for %r raised", sse.event)


class AsyncRealtimeEvents(AsyncIterator[RecordSubscription]):
    """The events of one subscription as an iterator, fed by a callback.

    It subscribes on entering its ``with`` block (or on the first iteration) and unsubscribes
    when closed (``aclose()``/``close()`` or leaving the block); iteration then stops. It has
    the same reconnect guarantees as callbacks. Subscribing to the same name elsewhere replaces
    its callback, so this iterator then receives nothing more.
    """

    def __init__(self, service: AsyncRealtimeService, subscription: str) -> None:
        check_subscription(subscription)
        self.subscription = subscription
        self._service = service
        self._queue: deque[RecordSubscription] = deque()
        self._ready = AsyncEvent()
        self._unsubscribe: AsyncUnsubscribeFunc | None = None
        self._started = False
        self._closed = False

    def _push(self, event: RecordSubscription) -> None:
        self._queue.append(event)
        self._ready.set()

    async def start(self) -> None:
        """Subscribe now (once); entering the ``with`` block does it too."""
        if self._started or self._closed:
            return
        self._started = True
        self._unsubscribe = await self._service.subscribe(self.subscription, self._push)

    async def get(self, timeout: float | None = None) -> RecordSubscription:
        """The next event; raises ``TimeoutError`` when none arrived within ``timeout``
        seconds, and the end-of-iteration exception once closed."""
        await self.start()
        deadline = None if timeout is None else current_time() + timeout
        while True:
            if self._closed:
                raise StopAsyncIteration
            if self._queue:
                return self._queue.popleft()
            self._ready.clear()
            if self._queue or self._closed:
                continue
            remaining = None if deadline is None else max(0.0, deadline - current_time())
            if not await self._ready.wait(remaining):
                raise TimeoutError(f"no {self.subscription!r} event within {timeout} s")

    def __aiter__(self) -> AsyncRealtimeEvents:
        return self

    async def __anext__(self) -> RecordSubscription:
        return await self.get()

    async def __aenter__(self) -> AsyncRealtimeEvents:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Unsubscribe and end the iteration."""
        self._closed = True
        self._ready.set()
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            await unsubscribe()
