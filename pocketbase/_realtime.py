"""Realtime bookkeeping shared by both clients (no I/O here).

The services in ``_async/services/realtime.py`` (and its generated sync twin) keep one SSE
stream open on ``GET /api/realtime`` and POST the whole subscription set to the same path after
every connect and every change. This module holds the parts that do not touch the network: the
subscription keys (a topic plus its encoded options, as the JS SDK 0.28.1 builds them), which
keys a topic or a prefix selects, the POST body, the ``PB_CONNECT`` client id, event parsing,
the identity under which a client id was subscribed, the reconnect backoff, the error of a
failed connect, and unblocking a thread that waits on a socket.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from ._errors import ClientResponseError, error_for_status, transport_error
from ._js import encode_uri_component, js_json_stringify, js_truthy, json_parse
from ._jwt import get_token_payload
from ._pipeline import error_data
from .models import Record, RecordSubscription

__all__ = [
    "CONNECT_EVENT",
    "REALTIME_PATH",
    "AsyncRealtimeCallback",
    "AsyncUnsubscribeFunc",
    "Backoff",
    "ConnectCallback",
    "DisconnectCallback",
    "RealtimeStreamError",
    "RealtimeUsageError",
    "RealtimeCallback",
    "UnsubscribeFunc",
    "auth_identity",
    "MAX_KEYS",
    "MAX_KEY_LENGTH",
    "check_key",
    "check_prefix",
    "check_subscription",
    "connect_client_id",
    "connect_failure",
    "key_label",
    "key_topic",
    "listen_data",
    "logger",
    "parse_event",
    "parse_listen_event",
    "prefix_selects",
    "record_topic",
    "shutdown_response",
    "stream_status_error",
    "subscription_body",
    "subscription_key",
    "topic_selects",
]

logger = logging.getLogger("pocketbase")

#: the SSE stream (GET) and the subscription endpoint (POST)
REALTIME_PATH = "/api/realtime"
#: name of the first event of every stream; it carries the client id
CONNECT_EVENT = "PB_CONNECT"

#: a realtime callback of the sync client
RealtimeCallback = Callable[[RecordSubscription], Any]
#: a realtime callback of the async client: a plain function or one returning an awaitable
AsyncRealtimeCallback = Callable[[RecordSubscription], Any]
#: what ``subscribe`` returns: removes that subscription
UnsubscribeFunc = Callable[[], None]
AsyncUnsubscribeFunc = Callable[[], Awaitable[None]]
#: a ``PB_CONNECT`` callback: receives the new client id (async callables too, async client)
ConnectCallback = Callable[[str], Any]
#: ``on_disconnect``: receives the subscription keys that were active on the stream that ended
DisconnectCallback = Callable[[list[str]], Any]


class RealtimeUsageError(ClientResponseError, ValueError):
    """A realtime call with an invalid argument; also a ``ValueError``."""


class RealtimeStreamError(Exception):
    """The stream cannot be used (it ended before ``PB_CONNECT``, an unusable ``PB_CONNECT``,
    subscriptions the server refused); the reader reconnects. ``error`` is the server's reply
    when there was one."""

    def __init__(self, message: str, error: ClientResponseError | None = None) -> None:
        super().__init__(message)
        self.error = error


#: the longest subscription key and the most keys servers take (0.22.22 and later refuse the
#: whole subscription POST beyond them; the SDK holds every server to the same limits)
MAX_KEY_LENGTH = 2500
MAX_KEYS = 1000

#: characters that would end the server's ``event:`` line or its string: no topic holds them
_FORBIDDEN_IN_TOPICS = frozenset("\r\n\x00")
#: characters a single topic segment (a collection name or a record id) never holds
_NOT_IN_A_SEGMENT = frozenset("/?#&") | _FORBIDDEN_IN_TOPICS


def check_subscription(
    subscription: str,
    callback: Any = None,
    *,
    needs_callback: bool = False,
    what: str = "subscription",
) -> None:
    """Reject an empty topic (``what`` names the argument in the message), a topic the server
    could not name its events after (a line break or NUL), and a callback that cannot be
    called."""
    if not subscription or not isinstance(subscription, str):
        raise RealtimeUsageError(message=f"{what} must be set.")
    if not _FORBIDDEN_IN_TOPICS.isdisjoint(subscription):
        raise RealtimeUsageError(
            message=f"{what} must not contain line breaks or NUL characters: the server names "
            "its events after it, one line each."
        )
    if needs_callback and not callable(callback):
        raise RealtimeUsageError(message="callback must be callable.")


def check_key(key: str, current: Mapping[str, Any]) -> None:
    """Reject a subscription key the server would refuse, with the whole set: longer than
    ``MAX_KEY_LENGTH`` characters (options included), or one key too many beside
    ``current``."""
    if len(key) > MAX_KEY_LENGTH:
        raise RealtimeUsageError(
            message=f"the subscription key (topic and encoded options) is {len(key)} characters "
            f"long; servers take at most {MAX_KEY_LENGTH}."
        )
    if key not in current and len(current) >= MAX_KEYS:
        raise RealtimeUsageError(
            message=f"there are {len(current)} subscriptions already; servers take at most "
            f"{MAX_KEYS}."
        )


def record_topic(collection: str, topic: str) -> str:
    """The topic of ``collection(collection).subscribe(topic)``: ``"<collection>/<topic>"``.

    ``topic`` is ``"*"`` (every record) or one record id; both parts must be one path segment
    (no ``/``, ``?``, ``#``, ``&``, line break or NUL), because the server reads the topic as
    ``collection/id`` and what follows ``?`` as options. Anything else is refused before
    anything is sent.
    """
    for label, value in (("collection name", collection), ("topic", topic)):
        if not value or not isinstance(value, str):
            raise RealtimeUsageError(message=f"{label} must be set.")
        if not _NOT_IN_A_SEGMENT.isdisjoint(value):
            raise RealtimeUsageError(
                message=f"{label} must be one segment ('*' or an id for a topic) without "
                f"'/', '?', '#', '&', line breaks or NUL characters; got {value!r}."
            )
    return f"{collection}/{topic}"


def subscription_key(
    topic: str,
    query: Mapping[str, Any] | None = None,
    headers: Mapping[str, Any] | None = None,
) -> str:
    """The subscription key of ``topic`` with options, as the JS SDK 0.28.1 builds it.

    Without options the key is the topic. With them (even empty ones) it is
    ``topic + "?options=" + encodeURIComponent(JSON.stringify({query, headers}))`` (``&``
    instead of ``?`` when the topic already has a ``?``); ``headers`` is left out of the JSON
    when not given, and query values of ``None`` are skipped as in every other query of the
    SDK. The key is both what the server is sent and the name of the events it sends back.
    """
    if query is None and headers is None:
        return topic
    options: dict[str, Any] = {
        "query": {key: value for key, value in (query or {}).items() if value is not None}
    }
    if headers is not None:
        options["headers"] = dict(headers)
    try:
        text = js_json_stringify(options)
    except (TypeError, ValueError) as exc:
        raise RealtimeUsageError(
            message=f"subscription options must be JSON data: {exc}", original_error=exc
        ) from None
    separator = "&" if "?" in topic else "?"
    return f"{topic}{separator}options={encode_uri_component(text)}"


def key_topic(key: str) -> str:
    """The topic of a subscription key (the part before its options)."""
    return key.partition("?")[0]


def key_label(key: str) -> str:
    """How logs name a subscription key: its topic, quoted, and whether it has options (never
    the options themselves: their headers may carry values meant only for the server)."""
    topic = key_topic(key)
    return repr(topic) if topic == key else f"{topic!r} (with options)"


def topic_selects(key: str, topic: str) -> bool:
    """Whether ``unsubscribe(topic)`` removes ``key``: the topic itself and every options
    variant of it (``posts/*`` selects ``posts/*?options=...``, never ``posts/abc``); a topic
    written with its options selects the keys that start with it."""
    anchor = topic if "?" in topic else topic + "?"
    return (key + "?").startswith(anchor)


def check_prefix(prefix: str) -> None:
    """Reject an empty prefix or one with options in it (prefixes select whole topics)."""
    if not prefix or not isinstance(prefix, str):
        raise RealtimeUsageError(message="prefix must be set.")
    if "?" in prefix:
        raise RealtimeUsageError(
            message="prefix must be a topic prefix without '?' options: use "
            "unsubscribe(topic) to remove one topic with all its options."
        )


def prefix_selects(key: str, prefix: str) -> bool:
    """Whether ``unsubscribe_by_prefix(prefix)`` removes ``key``.

    The prefix is compared by whole ``/``-separated segments of the key's topic: ``posts``
    selects ``posts``, ``posts/*`` and ``posts/abc`` (with any options), never ``posts_archive``
    or ``postscript/*``; ``post`` never selects ``posts/*``. A prefix ending in ``/`` selects
    what is under it: ``posts/`` selects ``posts/*`` and ``posts/abc`` but not ``posts``.
    """
    topic = key_topic(key)
    if prefix.endswith("/"):
        return topic.startswith(prefix)
    return topic == prefix or topic.startswith(prefix + "/")


def subscription_body(client_id: str, subscriptions: Iterable[str]) -> dict[str, Any]:
    """The ``POST /api/realtime`` body: the client id and every current name, in order."""
    return {"clientId": client_id, "subscriptions": list(subscriptions)}


def connect_client_id(event_id: str, data: str) -> str:
    """The client id of a ``PB_CONNECT`` event: the SSE ``id``, else ``data.clientId``."""
    if event_id:
        return event_id
    try:
        parsed = json.loads(data)
    except ValueError:
        return ""
    if isinstance(parsed, dict):
        value = parsed.get("clientId")
        if isinstance(value, str):
            return value
    return ""


def parse_event(data: str, model: type[Record] = Record) -> RecordSubscription[Any]:
    """Parse the ``data`` of a subscription event into a :class:`RecordSubscription` whose
    record is a ``model``.

    Raises ``ValueError`` when it is not a JSON object with a string ``action`` and an object
    ``record`` that fits ``model``.
    """
    parsed = json.loads(data)  # ValueError on bad JSON
    if not isinstance(parsed, dict):
        raise ValueError(f"expected a JSON object, got {type(parsed).__name__}")
    action = parsed.get("action")
    if not isinstance(action, str) or not action:
        raise ValueError("missing or invalid 'action'")
    if not isinstance(parsed.get("record"), dict):
        raise ValueError("missing or invalid 'record'")
    event_type = RecordSubscription if model is Record else RecordSubscription[model]  # type: ignore[valid-type]
    try:
        return event_type.model_validate(parsed)
    except ValidationError:
        # not the pydantic message: it would quote the record's data in the logs
        raise ValueError("the record does not match the expected shape") from None


def listen_data(data: str) -> Any:
    """An event's ``data`` as the JS SDK 0.28.1 hands it to a listener: the parsed JSON, or
    ``{}`` when it is not JSON or parses to a falsy value (``null``, ``0``, ``""``, ...)."""
    try:
        parsed = json_parse(data)
    except ValueError:
        return {}
    return parsed if js_truthy(parsed) else {}


def parse_listen_event(data: str, model: type[Record] = Record) -> RecordSubscription[Any]:
    """The event of a record listener (``listen``, ``collection(...).subscribe``): what the
    JS SDK 0.28.1 delivers (:func:`listen_data`) as a :class:`RecordSubscription` whose record
    is a ``model``; data that is not a record event gives the fields it has (``{}``: an empty
    event). Raises ``ValueError`` when the data is not an object or its record does not fit
    ``model``."""
    parsed = listen_data(data)
    if not isinstance(parsed, dict):
        raise ValueError(f"expected a JSON object, got {type(parsed).__name__}")
    event_type = RecordSubscription if model is Record else RecordSubscription[model]  # type: ignore[valid-type]
    try:
        return event_type.model_validate(parsed)
    except ValidationError:
        # not the pydantic message: it would quote the record's data in the logs
        raise ValueError("the record does not match the expected shape") from None


def stream_status_error(url: str, status: int, content: bytes) -> ClientResponseError:
    """The error of a ``GET /api/realtime`` that did not answer 200 (its body is the
    server's JSON error, when there is one)."""
    message = None if status >= 400 else f"The realtime stream {url} answered HTTP {status}."
    return error_for_status(url, status, error_data(content), message=message)


def connect_failure(exc: BaseException, url: str) -> ClientResponseError:
    """The ``ClientResponseError`` for a failed connect attempt of the stream at ``url``: the
    server's error reply as it was, or a transport error (``status == 0``)."""
    if isinstance(exc, ClientResponseError):
        return exc
    if isinstance(exc, RealtimeStreamError) and exc.error is not None:
        return exc.error
    return transport_error(exc, url, "GET")


def auth_identity(token: str, kind: str | None, model_id: str | None) -> str:
    """Who the server will take the subscription POSTs to be.

    The server ties a client id to the auth record of its first authorised POST and answers 403
    when a later POST for it carries another one, so a change of identity needs a new stream. A
    refreshed token of the same account keeps its identity. ``""`` means a guest. The value never
    holds the token itself.
    """
    if not token:
        return ""
    if model_id:
        return f"{kind or ''}:{model_id}"
    payload = get_token_payload(token)
    record_id = payload.get("id")
    if isinstance(record_id, str) and record_id:
        collection = payload.get("collectionId") or payload.get("type") or ""
        return f"{kind or ''}:{collection}:{record_id}"
    return "token:" + hashlib.sha256(token.encode()).hexdigest()


class Backoff:
    """Capped, jittered exponential reconnect delays.

    The n-th delay (from 0) is ``min(cap, initial * factor**n)`` scaled down by a random share of
    at most ``jitter``: 0.1 s doubling to 5 s by default, each 50-100 % of its nominal value.
    ``reset()`` starts over (after a successful connect).
    """

    __slots__ = ("_attempt", "_rand", "cap", "factor", "initial", "jitter")

    def __init__(
        self,
        initial: float = 0.1,
        cap: float = 5.0,
        factor: float = 2.0,
        jitter: float = 0.5,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if initial <= 0 or cap < initial or factor < 1 or not 0 <= jitter <= 1:
            raise ValueError("invalid backoff parameters")
        self.initial = initial
        self.cap = cap
        self.factor = factor
        self.jitter = jitter
        self._rand = rand
        self._attempt = 0

    @property
    def attempt(self) -> int:
        """How many delays were handed out since the last reset."""
        return self._attempt

    def nominal(self, attempt: int) -> float:
        """The delay before jitter for the ``attempt``-th retry (from 0)."""
        delay = self.initial
        for _ in range(attempt):
            delay *= self.factor
            if delay >= self.cap:
                return self.cap
        return min(delay, self.cap)

    def next_delay(self) -> float:
        """The next delay in seconds."""
        nominal = self.nominal(self._attempt)
        self._attempt += 1
        share = min(max(self._rand(), 0.0), 1.0)
        return nominal * (1.0 - self.jitter * share)

    def reset(self) -> None:
        self._attempt = 0


def shutdown_response(response: Any) -> None:
    """Unblock a thread that is reading ``response`` (an ``httpx.Response``) and close it.

    Closing a socket does not wake a ``recv`` blocked on it in another thread; shutting it down
    does. Without a socket (custom transports) the response is only closed.
    """
    stream = getattr(response, "extensions", {}).get("network_stream")
    sock = None
    if stream is not None:
        try:
            sock = stream.get_extra_info("socket")
        except Exception:  # pragma: no cover - a transport without that info
            sock = None
    if isinstance(sock, socket.socket):
        try:
            # The plain socket method, also for TLS sockets: SSLSocket.shutdown would drop its
            # SSL object under the reading thread.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass
        return
    try:
        response.close()
    except Exception:  # pragma: no cover - best effort
        pass
