from __future__ import annotations

import functools
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import httpx
from httpx_sse import ServerSentEvent, aconnect_sse
from typing_extensions import TypeVar as TypeVarWithDefault

from ..._compat import AsyncEvent, AsyncLock, AsyncTaskHandle, aresolve, aspawn, current_time
from ..._errors import ClientResponseError, transport_error
from ..._generations import Feature, Req
from ..._realtime import (
    CONNECT_EVENT,
    REALTIME_PATH,
    AsyncRealtimeCallback,
    AsyncUnsubscribeFunc,
    Backoff,
    ConnectCallback,
    DisconnectCallback,
    RealtimeStreamError,
    RealtimeUsageError,
    auth_identity,
    check_key,
    check_prefix,
    check_subscription,
    connect_client_id,
    connect_failure,
    key_label,
    listen_data,
    logger,
    parse_event,
    parse_listen_event,
    prefix_selects,
    shutdown_response,
    stream_status_error,
    subscription_body,
    subscription_key,
    topic_selects,
)
from ...models import Record, RecordSubscription
from .base import AsyncBaseService

if TYPE_CHECKING:
    from ..client import AsyncPocketBase

__all__ = ["AsyncRealtimeEvents", "AsyncRealtimeService"]

#: longest wait of ``subscribe``/``listen`` for a new stream to connect and take the
#: subscriptions
SUBSCRIBE_WAIT = 10.0
#: longest wait for a stopped reader to finish
STOP_WAIT = 2.0
#: read timeout of the stream: an idle server sends nothing and ends the stream after 5 minutes
STREAM_READ_TIMEOUT = 330.0
READER_NAME = "pocketbase-realtime"

M = TypeVar("M", bound=Record)
#: the record type of an events iterator (``Record`` unless a ``model=`` was given)
EM = TypeVarWithDefault("EM", bound=Record, default=Record)


class _Entry:
    """One callback under a subscription key; removers only remove their own entry.

    ``replaceable``: added by ``subscribe`` (the seed's one callback per key, replaced by the
    next ``subscribe`` of that key); ``listen`` entries stay until their own remover runs.
    """

    __slots__ = ("callback", "model", "replaceable")

    def __init__(
        self, callback: Callable[..., Any], model: type[Record] | None, replaceable: bool
    ) -> None:
        self.callback = callback
        self.model = model
        self.replaceable = replaceable


class _Waiter:
    """A subscriber waiting for the next connect attempt to settle; ``error`` is set when it
    failed and the reader had never been connected."""

    __slots__ = ("error", "event")

    def __init__(self) -> None:
        self.event = AsyncEvent()
        self.error: ClientResponseError | None = None


class _Reader:
    """One background reader: keeps a stream open (reconnecting as needed) until stopped.

    ``client_id``, ``identity``, ``connected``, ``active`` and ``waiters`` change only under
    the service lock.
    """

    __slots__ = (
        "active",
        "client_id",
        "connected",
        "ever_connected",
        "handle",
        "identity",
        "refusal",
        "response",
        "stop",
        "waiters",
        "wake",
    )

    def __init__(self) -> None:
        self.handle: AsyncTaskHandle | None = None
        self.response: httpx.Response | None = None
        self.client_id = ""
        #: auth identity of the subscription POSTs under ``client_id`` (None: none accepted yet)
        self.identity: str | None = None
        #: the stream has a client id and the server took the subscriptions
        self.connected = False
        #: it was connected at least once (later failures are reconnects)
        self.ever_connected = False
        #: the keys the server last accepted for ``client_id``
        self.active: list[str] = []
        #: the server's answer to the last subscription POST it refused
        self.refusal: ClientResponseError | None = None
        self.stop = False
        self.wake = AsyncEvent()
        #: subscribers waiting for the next connect attempt to settle
        self.waiters: list[_Waiter] = []

    def release(self, error: ClientResponseError | None = None) -> None:
        waiters, self.waiters = self.waiters, []
        for waiter in waiters:
            waiter.error = error
            waiter.event.set()

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
    subscription keys is POSTed after every connect and every change. A dropped stream
    reconnects with capped, jittered exponential backoff and gets every subscription back;
    ``PB_CONNECT`` callbacks then run (with the new client id) and ``on_disconnect`` has told
    the application that the stream was down.

    A subscription key is a topic, or a topic with options (``query``, ``headers``) encoded
    into it as the JS SDK 0.28.1 does; the server names its events after the key, so events
    reach exactly the callbacks of the key they were filtered for.

    Args:
        client: the client whose stream this is (``pb.realtime`` creates it).
    """

    __slots__ = ("_lock", "_outbox", "_reader", "_retired", "_subs", "on_disconnect")

    def __init__(self, client: AsyncPocketBase) -> None:
        super().__init__(client)
        self._lock = AsyncLock()
        self._subs: dict[str, list[_Entry]] = {}
        self._reader: _Reader | None = None
        self._retired: list[_Reader] = []
        #: ``on_disconnect`` calls still to make (outside the lock)
        self._outbox: deque[list[str]] = deque()
        #: called with the keys that were active whenever a connected stream ends: the
        #: server dropped it or went away (the keys; the SDK reconnects), the auth identity
        #: changed (the keys; they move to a new stream), or the last subscription was
        #: removed (``[]``). Closing the client does not call it. May be an async function
        #: in the async client; an exception is logged.
        self.on_disconnect: DisconnectCallback | None = None

    # -- public ------------------------------------------------------------------------------

    @property
    def subscriptions(self) -> list[str]:
        """The current subscription keys, in the order they were first subscribed."""
        return list(self._subs)

    @property
    def client_id(self) -> str:
        """The server's id of the current stream; ``""`` while not connected."""
        reader = self._reader
        return reader.client_id if reader is not None else ""

    @property
    def is_connected(self) -> bool:
        """Whether a stream is open and the server has taken the subscriptions on it."""
        reader = self._reader
        return reader is not None and reader.connected and not reader.stop

    @overload
    async def subscribe(
        self, subscription: Literal["PB_CONNECT"], callback: ConnectCallback
    ) -> AsyncUnsubscribeFunc: ...

    @overload
    async def subscribe(
        self,
        subscription: str,
        callback: AsyncRealtimeCallback,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncUnsubscribeFunc: ...

    async def subscribe(
        self,
        subscription: str,
        callback: Callable[[Any], Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncUnsubscribeFunc:
        """Call ``callback(RecordSubscription)`` for every event of ``subscription``.

        ``subscription`` is a collection name or id (every record), ``"<collection>/*"`` or
        ``"<collection>/<id>"`` (one record). A key has one ``subscribe`` callback:
        subscribing again replaces it (``listen`` adds callbacks beside it instead). The async
        client also takes async callbacks. Callbacks run on the background reader; one that
        raises is logged and the stream goes on.

        ``query`` (``filter``, ``expand``, ``fields``, ...) and ``headers`` travel with the
        subscription (PocketBase 0.20+; 0.7 servers raise
        :class:`~pocketbase.UnsupportedFeatureError` before anything is sent): the server
        filters and shapes the events of this key with them, and exposes the headers to the
        collection's rules as ``@request.headers.*``. Servers 0.8-0.19 do not know options;
        the SDK cannot tell them from 0.20-0.22 and sends the key, which such a server does
        not route as the plain topic.

        ``subscribe("PB_CONNECT", callback)`` calls ``callback(client_id)`` after every connect
        and reconnect, once the server has every subscription: the moment to refetch what
        changed while the stream was down.

        Returns once the server has the new subscription set (or, when the stream is still
        connecting, once that attempt has settled, at most ``SUBSCRIBE_WAIT`` seconds; a failed
        attempt is retried in the background). Returns a function that removes this callback
        (unless it was replaced meanwhile), and the key with it when it was the last one.

        Args:
            subscription: the topic: a collection, ``"<collection>/*"`` or ``"<collection>/<id>"``,
                or ``"PB_CONNECT"``.
            callback: called with each event (with the client id for ``"PB_CONNECT"``).
            query: options sent with the subscription (``filter``, ``expand``, ``fields``, ...).
            headers: headers sent with the subscription.

        Returns:
            The function that removes this callback (awaitable in the async client).

        Raises:
            UnsupportedFeatureError: ``query`` or ``headers`` on a 0.7 server (nothing is sent).
            TransportError: only while checking the server's generation for options
                (``server_api="auto"``); a failed stream connect is retried in the background, not
                raised.
            ClientResponseError: an empty topic, a topic with a line break, a callback that is not
                callable, a key too long or one too many (also a ``ValueError``), or a closed
                client.
        """
        key = await self._key(subscription, callback, query, headers, "subscription")
        entry = _Entry(callback, Record, replaceable=True)
        async with self._lock:
            self._check_open()
            check_key(key, self._subs)
            kept = [e for e in self._subs.get(key, ()) if not e.replaceable]
            self._subs[key] = [*kept, entry]
            waiter = await self._submit_locked()
        await self._flush_disconnects()
        if waiter is not None:
            await waiter.event.wait(SUBSCRIBE_WAIT)
        return self._remover(key, entry)

    @overload
    async def listen(
        self, topic: Literal["PB_CONNECT"], callback: ConnectCallback
    ) -> AsyncUnsubscribeFunc: ...

    @overload
    async def listen(
        self,
        topic: str,
        callback: Callable[[RecordSubscription[Record]], Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncUnsubscribeFunc: ...

    @overload
    async def listen(
        self,
        topic: str,
        callback: Callable[[RecordSubscription[M]], Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        model: type[M],
    ) -> AsyncUnsubscribeFunc: ...

    @overload
    async def listen(
        self,
        topic: str,
        callback: Callable[[Any], Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        model: None,
    ) -> AsyncUnsubscribeFunc: ...

    async def listen(
        self,
        topic: str,
        callback: Callable[[Any], Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        model: type[Record] | None = Record,
    ) -> AsyncUnsubscribeFunc:
        """Add ``callback`` for the events of ``topic`` (the JS SDK 0.28.1's ``subscribe``).

        Each call adds one callback and returns a function that removes exactly that one; the
        key (``topic`` with its ``query``/``headers`` options, as in :meth:`subscribe`) stays
        subscribed while it has callbacks. The events' records are ``model`` instances
        (default :class:`~pocketbase.models.Record`); an event whose record does not fit is
        logged and skipped. ``listen("PB_CONNECT", callback)`` calls ``callback(client_id)``
        after every connect and reconnect.

        Returns once the server has the subscription. When the stream was never connected
        and this connect attempt fails, it raises that failure as a
        :class:`~pocketbase.ClientResponseError` (a :class:`~pocketbase.TransportError` when
        the server cannot be reached, the server's error otherwise) and keeps nothing. While
        a stream that was connected is reconnecting, it returns at once and the reconnect
        submits the new key.

        Args:
            topic: the topic: a collection, ``"<collection>/*"`` or ``"<collection>/<id>"``, or
                ``"PB_CONNECT"``.
            callback: called with each event (with the client id for ``"PB_CONNECT"``).
            query: options sent with the subscription (``filter``, ``expand``, ``fields``, ...).
            headers: headers sent with the subscription.
            model: the ``Record`` subclass the events' records are validated as; ``None``: the
                callback gets each event's data as parsed JSON (``{}`` when it is not JSON).

        Returns:
            The function that removes this callback (awaitable in the async client).

        Raises:
            TransportError: the stream was never connected and this first connect failed (the server
                cannot be reached); nothing is kept.
            UnsupportedFeatureError: ``query`` or ``headers`` on a 0.7 server (nothing is sent).
            ClientResponseError: the server refused the first connect or the subscription (its
                error), or an empty topic, a topic with a line break, a callback that is not
                callable, a key too long or one too many (also a ``ValueError``), or a closed
                client.
        """
        key = await self._key(topic, callback, query, headers, "topic")
        entry = _Entry(callback, model, replaceable=False)
        async with self._lock:
            self._check_open()
            check_key(key, self._subs)
            entries = self._subs.setdefault(key, [])
            entries.append(entry)
            waiter = await self._submit_listener_locked(new_key=len(entries) == 1)
        await self._flush_disconnects()
        if waiter is not None:
            error = await self._outcome(waiter)
            if error is not None:
                await self._drop(key, entry)
                raise error
        return self._remover(key, entry)

    async def unsubscribe(self, subscription: str = "") -> None:
        """Remove a topic with every callback and every options variant of it
        (``unsubscribe("posts/*")`` also removes ``posts/*`` subscribed with options, never
        ``posts/abc``), or everything when ``subscription`` is empty.

        An unknown topic does nothing. Removing the last key submits the empty set and closes
        the stream.

        Args:
            subscription: the topic to remove; empty, every subscription.
        """
        if subscription:
            await self._remove(functools.partial(topic_selects, topic=subscription))
        else:
            await self._remove(lambda key: True)

    async def unsubscribe_by_prefix(self, prefix: str) -> None:
        """Remove every key whose topic starts with ``prefix`` in whole ``/`` segments.

        ``unsubscribe_by_prefix("posts")`` removes ``posts``, ``posts/*`` and ``posts/<id>``
        with all their options variants and callbacks, and never ``postscript/*`` (nor does
        ``post`` remove ``posts/*``). Nothing selected: nothing happens.

        Args:
            prefix: the topic prefix, in whole ``/`` segments.

        Raises:
            ClientResponseError: an empty prefix or one with ``?`` options in it (also a
                ``ValueError``); nothing is removed. A refused subscription POST is logged and the
                stream reconnected, never raised.
        """
        check_prefix(prefix)
        await self._remove(functools.partial(prefix_selects, prefix=prefix), post_empty=False)

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
        await self._flush_disconnects()
        if waiter is not None:
            await waiter.event.wait(SUBSCRIBE_WAIT)

    def events(
        self,
        subscription: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncRealtimeEvents:
        """The events of ``subscription`` as an iterator (subscribed on entering its ``with``
        block or on the first iteration, unsubscribed when it is closed); ``query`` and
        ``headers`` as in :meth:`subscribe`.

        Args:
            subscription: the topic, as in ``subscribe`` (not ``"PB_CONNECT"``).
            query: options sent with the subscription.
            headers: headers sent with the subscription.

        Returns:
            The events iterator (nothing is subscribed yet).

        Raises:
            ClientResponseError: an empty topic, a topic with a line break, or ``"PB_CONNECT"``
                (also a ``ValueError``).
        """
        return AsyncRealtimeEvents(self, subscription, query=query, headers=headers)

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

    # -- keys and options --------------------------------------------------------------------

    async def _key(
        self,
        topic: str,
        callback: Any,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        what: str,
    ) -> str:
        """The subscription key of ``topic`` with its options; options need a server that has
        them (refused before anything is sent on 0.7)."""
        check_subscription(topic, callback, needs_callback=True, what=what)
        if query is None and headers is None:
            return topic
        if topic == CONNECT_EVENT:
            raise RealtimeUsageError(message=f"{CONNECT_EVENT} takes no query or headers.")
        key = subscription_key(topic, query, headers)
        self._check_open()
        gen = await self._generation()
        gen.require(Feature.REALTIME_OPTIONS)
        return key

    def _remover(self, key: str, entry: _Entry) -> AsyncUnsubscribeFunc:
        async def unsubscribe() -> None:
            await self._drop(key, entry)

        return unsubscribe

    # -- bookkeeping (under the lock) --------------------------------------------------------

    def _check_open(self) -> None:
        if self._client_closed():
            raise ClientResponseError(message="The client is closed.")

    def _detach(self) -> list[_Reader]:
        readers = [r for r in [self._reader, *self._retired] if r is not None]
        self._reader = None
        self._retired = []
        for reader in readers:
            reader.connected = False  # closing: no on_disconnect
            reader.interrupt()
        return readers

    def _identity(self) -> str:
        snap = self._client.auth_store.snapshot()
        model_id = snap.model.id if snap.model is not None else None
        return auth_identity(snap.token, snap.kind, model_id)

    def _ended_locked(self, reader: _Reader, topics: list[str]) -> None:
        """Note that ``reader``'s stream ended; ``on_disconnect(topics)`` follows when it was
        connected (once per stream)."""
        if reader.connected:
            self._outbox.append(topics)
        reader.connected = False

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
            self._ended_locked(old, list(old.active))
            old.interrupt()
            self._retired.append(old)
            reader.waiters.extend(old.waiters)
            old.waiters = []
        return reader

    def _usable_reader_locked(self) -> _Reader | None:
        reader = self._reader
        if reader is None or reader.stop:
            return None
        if reader.handle is not None and not reader.handle.is_alive():
            return None
        return reader

    def _wait_on(self, reader: _Reader) -> _Waiter | None:
        """A waiter for ``reader``'s next connect attempt; None when called from the reader
        itself (a callback), which cannot attempt anything until the callback returns."""
        if reader.handle is not None and reader.handle.is_current():
            return None
        waiter = _Waiter()
        reader.waiters.append(waiter)
        return waiter

    async def _submit_locked(self) -> _Waiter | None:
        """Bring the server up to date with the subscription set.

        Returns a waiter when a (re)connecting reader will do it.
        """
        reader = self._usable_reader_locked()
        if reader is None:
            reader = self._start_locked()
        elif reader.client_id:
            if await self._post_locked(reader):
                return None
            reader = self._restart_locked()
        return self._wait_on(reader)

    async def _submit_listener_locked(self, new_key: bool) -> _Waiter | None:
        """``listen``'s submit: a key that is already subscribed needs no request, and while
        a stream that was connected is reconnecting nobody waits (the reconnect submits)."""
        reader = self._usable_reader_locked()
        if reader is None:
            return self._wait_on(self._start_locked())
        if reader.client_id:
            if not new_key or await self._post_locked(reader):
                return None
            return self._wait_on(self._restart_locked())
        if reader.ever_connected:
            return None
        reader.wake.set()  # a first connect waiting out its backoff: try again now
        return self._wait_on(reader)

    async def _post_locked(self, reader: _Reader) -> bool:
        """POST the set under ``reader``'s client id; False when refused or not attempted."""
        identity = self._identity()
        if reader.identity is not None and reader.identity != identity:
            logger.info("realtime: the auth identity changed, reconnecting for a new client id")
            return False
        keys = list(self._subs)
        body = subscription_body(reader.client_id, keys)
        try:
            await self._ok(Req("POST", REALTIME_PATH, body), {"$autoCancel": False})
        except Exception as exc:
            logger.warning("realtime: submitting the subscriptions failed: %s", exc)
            reader.refusal = exc if isinstance(exc, ClientResponseError) else None
            return False
        reader.identity = identity
        reader.active = keys
        return True

    async def _remove(self, selects: Callable[[str], bool], *, post_empty: bool = True) -> None:
        """Remove every key ``selects`` picks, with all its callbacks."""
        async with self._lock:
            keys = [key for key in self._subs if selects(key)]
            if not keys:
                return
            for key in keys:
                del self._subs[key]
            stopped = await self._after_removal_locked(post_empty)
        await self._finish_removal(stopped)

    async def _drop(self, key: str, entry: _Entry) -> None:
        """Remove one callback; the key goes when it was the last one."""
        async with self._lock:
            entries = self._subs.get(key)
            if not entries or not any(e is entry for e in entries):
                return
            entries[:] = [e for e in entries if e is not entry]
            if entries:
                return  # the key keeps other callbacks: the server's set is unchanged
            del self._subs[key]
            # a ``listen`` remover follows the JS SDK 0.28.1: the last key goes with the stream
            stopped = await self._after_removal_locked(post_empty=entry.replaceable)
        await self._finish_removal(stopped)

    async def _after_removal_locked(self, post_empty: bool) -> _Reader | None:
        """Submit the smaller set, or stop the reader when nothing is left (returned)."""
        # post_empty: the seed's calls POST the empty set first; the modern ones (as the JS
        # SDK 0.28.1) only close the stream, and the server then drops the subscriptions
        if self._subs:
            await self._submit_locked()
            return None
        reader = self._reader
        if reader is None:
            return None
        if post_empty and reader.client_id and not reader.stop:
            await self._post_locked(reader)  # the empty set
        self._ended_locked(reader, [])
        self._reader = None
        reader.interrupt()
        reader.release()
        return reader

    async def _finish_removal(self, stopped: _Reader | None) -> None:
        await self._flush_disconnects()
        if stopped is not None and stopped.handle is not None:
            await stopped.handle.join(STOP_WAIT)

    # -- callbacks outside the lock ------------------------------------------------------------

    async def _flush_disconnects(self) -> None:
        """Make the pending ``on_disconnect`` calls (never under the lock: it may subscribe)."""
        while True:
            try:
                topics = self._outbox.popleft()
            except IndexError:
                return
            callback = self.on_disconnect
            if callback is None:
                continue
            try:
                await aresolve(callback(topics))
            except Exception:
                logger.exception("realtime: on_disconnect raised")

    async def _outcome(self, waiter: _Waiter) -> ClientResponseError | None:
        """How the connect attempt ``listen`` waited for ended: None, or the error to raise."""
        if not await waiter.event.wait(SUBSCRIBE_WAIT):
            url = self._client.build_url(REALTIME_PATH)
            return transport_error(
                TimeoutError(f"no {CONNECT_EVENT} within {SUBSCRIBE_WAIT:g} s"), url, "GET"
            )
        return waiter.error

    # -- the reader --------------------------------------------------------------------------

    async def _run(self, reader: _Reader) -> None:
        backoff = Backoff()
        try:
            while not reader.stop:
                error = await self._attempt(reader, backoff)
                if reader.stop:
                    break
                async with self._lock:
                    self._ended_locked(reader, list(reader.active))
                    reader.client_id = ""
                    reader.identity = None
                    reader.active = []
                    # subscribers stop waiting (``listen`` raises a first connect's failure);
                    # the next connect submits
                    reader.release(None if reader.ever_connected else error)
                await self._flush_disconnects()
                reader.wake.clear()
                if reader.stop:
                    break
                await reader.wake.wait(backoff.next_delay())
        except Exception:
            logger.exception("realtime: the reader stopped unexpectedly")
        finally:
            reader.response = None

    async def _attempt(self, reader: _Reader, backoff: Backoff) -> ClientResponseError:
        """One stream, from connect to its end; returns why it ended."""
        url = self._client.build_url(REALTIME_PATH)
        try:
            await self._stream(reader, backoff, url)
        except Exception as exc:
            if not reader.stop:
                logger.warning(
                    "realtime: the stream failed (%s: %s), reconnecting", type(exc).__name__, exc
                )
            return connect_failure(exc, url)
        finally:
            reader.response = None
        if not reader.stop:
            logger.info("realtime: the stream ended, reconnecting")
        return connect_failure(RealtimeStreamError("the stream ended"), url)

    async def _stream(self, reader: _Reader, backoff: Backoff, url: str) -> None:
        http = self._http_client()
        async with aconnect_sse(http, "GET", url, timeout=_stream_timeout(http.timeout)) as source:
            reader.response = source.response
            if reader.stop:
                return
            status = source.response.status_code
            if status != 200:
                raise stream_status_error(url, status, await source.response.aread())
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
            raise RealtimeStreamError(f"{CONNECT_EVENT} without a client id")
        async with self._lock:
            if reader.stop:
                return
            reader.client_id = client_id
            reader.identity = None
            if self._subs and not await self._post_locked(reader):
                raise RealtimeStreamError(
                    "the server did not take the subscriptions", reader.refusal
                )
            reader.connected = True
            reader.ever_connected = True
            callbacks = [e.callback for e in self._subs.get(CONNECT_EVENT, ())]
        backoff.reset()
        for callback in callbacks:
            await self._run_callback(callback, client_id, CONNECT_EVENT)
        async with self._lock:
            reader.release()  # subscribers return after the PB_CONNECT callbacks of this connect

    async def _dispatch(self, sse: ServerSentEvent) -> None:
        entries = self._subs.get(sse.event)
        if not entries:
            return
        parsed: dict[tuple[type[Record] | None, bool], Any] = {}
        for entry in list(entries):
            kind = (entry.model, entry.replaceable)
            if kind not in parsed:
                parsed[kind] = self._parse(sse, entry)
            event = parsed[kind]
            if event is not None:
                await self._run_callback(entry.callback, event, sse.event)

    @staticmethod
    def _parse(sse: ServerSentEvent, entry: _Entry) -> Any:
        # the argument of entry's callback (None: skipped): a ``subscribe`` callback gets
        # record events only; a ``listen`` one what the JS SDK 0.28.1 delivers, as an event
        # of its ``model``, or as the raw data when it has none (``model=None``)
        try:
            if entry.model is None:
                return listen_data(sse.data)
            if entry.replaceable:
                return parse_event(sse.data, entry.model)
            return parse_listen_event(sse.data, entry.model)
        except ValueError as exc:
            logger.warning("realtime: skipped a malformed %s event: %s", key_label(sse.event), exc)
            return None

    @staticmethod
    async def _run_callback(callback: Callable[[Any], Any], argument: Any, key: str) -> None:
        try:
            await aresolve(callback(argument))
        except Exception:
            logger.exception("realtime: the callback for %s raised", key_label(key))


class AsyncRealtimeEvents(AsyncIterator[RecordSubscription[EM]], Generic[EM]):
    """The events of one subscription as an iterator, fed by a callback.

    It subscribes on entering its ``with`` block (or on the first iteration) and unsubscribes
    when closed (``aclose()``/``close()`` or leaving the block); iteration then stops. It has
    the same reconnect guarantees as callbacks.

    By default it uses :meth:`AsyncRealtimeService.subscribe` (subscribing to the same key
    elsewhere replaces its callback, so this iterator then receives nothing more); with
    ``listen=True`` it adds its own callback with :meth:`AsyncRealtimeService.listen`
    (records typed as ``model``, a failing first connect raises on entering).

    Args:
        service: the realtime service to subscribe with.
        subscription: the topic, as in the service's ``subscribe`` (not
            ``"PB_CONNECT"``).
        query: options sent with the subscription.
        headers: headers sent with the subscription.
        model: the ``Record`` subclass the events' records are validated as (needs ``listen=True``).
        listen: add a callback with ``listen`` (beside the key's others) instead of ``subscribe``.
    """

    def __init__(
        self,
        service: AsyncRealtimeService,
        subscription: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        model: type[EM] = Record,  # type: ignore[assignment]
        listen: bool = False,
    ) -> None:
        check_subscription(subscription)
        if subscription == CONNECT_EVENT:
            raise RealtimeUsageError(
                message=f"{CONNECT_EVENT} has no record events: use subscribe(...) with a callback."
            )
        if not listen and model is not Record:
            raise RealtimeUsageError(message="model= needs listen=True.")
        self.subscription = subscription
        self._service = service
        self._query = query
        self._headers = headers
        self._model: type[Record] = model
        self._listen = listen
        self._queue: deque[RecordSubscription[EM]] = deque()
        self._ready = AsyncEvent()
        self._unsubscribe: AsyncUnsubscribeFunc | None = None
        self._started = False
        self._closed = False

    def _push(self, event: RecordSubscription[EM]) -> None:
        self._queue.append(event)
        self._ready.set()

    async def start(self) -> None:
        """Subscribe now (once); entering the ``with`` block does it too.

        Raises:
            TransportError: with ``listen=True``, the stream was never connected and its first
                connect failed.
            UnsupportedFeatureError: ``query`` or ``headers`` on a 0.7 server (nothing is sent).
            ClientResponseError: an empty topic, a topic with a line break, a callback that is not
                callable, a key too long or one too many (also a ``ValueError``), or a closed
                client.
        """
        if self._started or self._closed:
            return
        self._started = True
        push: Callable[[Any], None] = self._push  # the records are ``EM`` by construction
        if self._listen:
            self._unsubscribe = await self._service.listen(
                self.subscription, push, query=self._query, headers=self._headers, model=self._model
            )
        else:
            self._unsubscribe = await self._service.subscribe(
                self.subscription, push, query=self._query, headers=self._headers
            )

    async def get(self, timeout: float | None = None) -> RecordSubscription[EM]:
        """The next event; raises ``TimeoutError`` when none arrived within ``timeout``
        seconds, and the end-of-iteration exception once closed.

        Args:
            timeout: the longest wait in seconds; ``None``, no limit.

        Returns:
            The next event.

        Raises:
            TimeoutError: no event within ``timeout``.
            TransportError: with ``listen=True``, subscribing now and the stream's first connect
                failed.
            UnsupportedFeatureError: ``query`` or ``headers`` on a 0.7 server (nothing is sent).
            ClientResponseError: an empty topic, a topic with a line break, a callback that is not
                callable, a key too long or one too many (also a ``ValueError``), or a closed
                client.
        """
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

    def __aiter__(self) -> AsyncRealtimeEvents[EM]:
        return self

    async def __anext__(self) -> RecordSubscription[EM]:
        return await self.get()

    async def __aenter__(self) -> AsyncRealtimeEvents[EM]:
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
