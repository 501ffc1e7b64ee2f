"""A tiny scripted HTTP/1.1 server on loopback that misbehaves on purpose.

Used by the fault tests of both clients (it runs on threads, so the async and the generated
sync tests share it). Every accepted connection is counted until the server side closes it,
so a test can check that the client left nothing open.
"""

from __future__ import annotations

import json
import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = [
    "HostileServer",
    "Request",
    "SaturatedPort",
    "closed_port",
    "pool_connections",
]

_REASONS = {
    200: "OK",
    204: "No Content",
    302: "Found",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


#: a handler writes its reply on the socket and returns True to keep the connection alive
Handler = Callable[[socket.socket, Request], bool]


@dataclass
class HostileServer:
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    accepted: int = 0
    _open: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _sock: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _clients: set[socket.socket] = field(default_factory=set)

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> HostileServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        sock.settimeout(0.05)
        self._sock = sock
        thread = threading.Thread(target=self._accept_loop, name="hostile-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(5)
        if self._sock is not None:
            self._sock.close()

    @property
    def url(self) -> str:
        assert self._sock is not None
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    @property
    def open_connections(self) -> int:
        with self._lock:
            return self._open

    def wait_closed(self, timeout: float = 3.0, *, at_most: int = 0) -> int:
        """Wait until the server has at most ``at_most`` open connections; returns how many
        are open (the server notices a client hang-up within a few milliseconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.open_connections <= at_most:
                break
            time.sleep(0.01)
        return self.open_connections

    # -- serving -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._open += 1
                self.accepted += 1
            thread = threading.Thread(
                target=self._serve, args=(conn,), name="hostile-conn", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = b""
        try:
            while not self._stop.is_set():
                request, buffer = self._read_request(conn, buffer)
                if request is None:
                    return
                self.requests.append(request)
                handler = self.routes.get(request.path, not_found)
                try:
                    keep = handler(conn, request)
                except OSError:
                    return  # the client went away while we wrote
                if not keep:
                    return
        finally:
            try:
                conn.close()
            finally:
                with self._lock:
                    self._open -= 1

    def _read_request(self, conn: socket.socket, buffer: bytes) -> tuple[Request | None, bytes]:
        while b"\r\n\r\n" not in buffer:
            chunk = self._recv(conn)
            if not chunk:
                return None, b""
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        while len(rest) < length:
            chunk = self._recv(conn)
            if not chunk:
                return None, b""
            rest += chunk
        return Request(method, target, headers, rest[:length]), rest[length:]

    def _recv(self, conn: socket.socket) -> bytes:
        while not self._stop.is_set():
            ready, _, _ = select.select([conn], [], [], 0.05)
            if ready:
                try:
                    return conn.recv(65536)
                except OSError:
                    return b""
        return b""


# --------------------------------------------------------------------------------------------
# handlers


def _head(status: int, headers: dict[str, str] | None, length: int | None) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reply(
    status: int = 200,
    body: bytes | Any = b"",
    headers: dict[str, str] | None = None,
    *,
    close: bool = False,
) -> Handler:
    """A complete response; ``body`` may be bytes or a JSON-able value."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if close:
        all_headers["Connection"] = "close"

    def handler(conn: socket.socket, request: Request) -> bool:
        if status == 204:
            conn.sendall(_head(status, headers, None))
        else:
            conn.sendall(_head(status, all_headers, len(data)) + data)
        return not close

    return handler


def not_found(conn: socket.socket, request: Request) -> bool:
    body = b'{"code":404,"message":"Not Found.","data":{}}'
    conn.sendall(_head(404, {"Content-Type": "application/json"}, len(body)) + body)
    return True


def short_body(declared: int, body: bytes) -> Handler:
    """Announce ``declared`` bytes, send ``body`` (fewer), then close normally (FIN)."""

    def handler(conn: socket.socket, request: Request) -> bool:
        conn.sendall(_head(200, {"Content-Type": "application/json"}, declared) + body)
        return False

    return handler


def reset_mid_body(declared: int, body: bytes) -> Handler:
    """Send part of the body, then abort the connection with a TCP reset (RST)."""

    def handler(conn: socket.socket, request: Request) -> bool:
        conn.sendall(_head(200, {"Content-Type": "application/json"}, declared) + body)
        time.sleep(0.05)  # let the client start reading the body
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return False

    return handler


def stall(seconds: float, *, after_headers: bool = False) -> Handler:
    """Say nothing (or only the headers) for ``seconds``, or until the client hangs up."""

    def handler(conn: socket.socket, request: Request) -> bool:
        if after_headers:
            conn.sendall(_head(200, {"Content-Type": "application/json"}, 100) + b'{"a":')
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([conn], [], [], 0.02)
            if ready:
                try:
                    if not conn.recv(1024):
                        return False  # the client closed its end
                except OSError:
                    return False
        return False

    return handler


def redirect_loop(location: str) -> Handler:
    def handler(conn: socket.socket, request: Request) -> bool:
        conn.sendall(_head(302, {"Location": location}, 0))
        return True

    return handler


# --------------------------------------------------------------------------------------------
# sockets that refuse or never answer


def closed_port() -> int:
    """A loopback port with nothing listening (connecting is refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


class SaturatedPort:
    """A listening socket whose accept queue is full, so new connections hang (connect timeout)."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(0)
        self.port: int = self._sock.getsockname()[1]
        self._fill: list[socket.socket] = []
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self._fill.append(filler)
        time.sleep(0.02)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SaturatedPort:
        return self

    def __exit__(self, *exc: object) -> None:
        for filler in self._fill:
            filler.close()
        self._sock.close()


# --------------------------------------------------------------------------------------------
# client-side pool inspection


def pool_connections(http: httpx.Client | httpx.AsyncClient) -> tuple[int, int]:
    """``(connections in the pool, connections busy with a request)`` of an httpx client, on
    httpx's own transport or aiohttp's (``pocketbase.aiohttp``)."""
    transport: Any = http._transport
    if not hasattr(transport, "_pool"):
        return _aiohttp_pool_connections(transport)
    pool = transport._pool
    connections = list(pool.connections)
    busy = [c for c in connections if not (c.is_idle() or c.is_closed())]
    return len(connections), len(busy)


def _aiohttp_pool_connections(transport: Any) -> tuple[int, int]:
    session = transport.client  # created on the first request, None before
    connector = getattr(session, "connector", None)
    if session is None or session.closed or connector is None:
        return 0, 0
    idle = sum(len(kept) for kept in connector._conns.values())
    busy = len(connector._acquired)
    return idle + busy, busy
