"""Realtime bookkeeping shared by both clients (no I/O here).

The services in ``_async/services/realtime.py`` (and its generated sync twin) keep one SSE
stream open on ``GET /api/realtime`` and POST the whole subscription set to the same path after
every connect and every change. This module holds the parts that do not touch the network: the
POST body, the ``PB_CONNECT`` client id, event parsing, the identity under which a client id was
subscribed, the reconnect backoff, and unblocking a thread that waits on a socket.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from pydantic import ValidationError

from ._errors import ClientResponseError
from ._jwt import get_token_payload
from .models import RecordSubscription

__all__ = [
    "CONNECT_EVENT",
    "REALTIME_PATH",
    "AsyncRealtimeCallback",
    "AsyncUnsubscribeFunc",
    "Backoff",
    "RealtimeUsageError",
    "RealtimeCallback",
    "UnsubscribeFunc",
    "auth_identity",
    "check_subscription",
    "connect_client_id",
    "logger",
    "parse_event",
    "shutdown_response",
    "subscription_body",
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


class RealtimeUsageError(ClientResponseError, ValueError):
    """A realtime call with an invalid argument; also a ``ValueError``."""


def check_subscription(
    subscription: str, callback: Any = None, *, needs_callback: bool = False
) -> None:
    """Reject an empty subscription name (and a callback that cannot be called)."""
    if not subscription or not isinstance(subscription, str):
        raise RealtimeUsageError(message="subscription must be set.")
    if needs_callback and not callable(callback):
        raise RealtimeUsageError(message="callback must be callable.")


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


def parse_event(data: str) -> RecordSubscription:
    """Parse the ``data`` of a subscription event into a :class:`RecordSubscription`.

    Raises ``ValueError`` when it is not a JSON object with a string ``action`` and an object
    ``record``.
    """
    parsed = json.loads(data)  # ValueError on bad JSON
    if not isinstance(parsed, dict):
        raise ValueError(f"expected a JSON object, got {type(parsed).__name__}")
    action = parsed.get("action")
    if not isinstance(action, str) or not action:
        raise ValueError("missing or invalid 'action'")
    if not isinstance(parsed.get("record"), dict):
        raise ValueError("missing or invalid 'record'")
    try:
        return RecordSubscription.model_validate(parsed)
    except ValidationError:
        # not the pydantic message: it would quote the record's data in the logs
        raise ValueError("the record does not match the expected shape") from None


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
