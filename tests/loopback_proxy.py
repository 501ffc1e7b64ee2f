"""A loopback TCP proxy the test controls: an outage without racing the SDK's reconnects.

``LoopbackProxy(target_port)`` listens on a free loopback port and forwards every connection to
``127.0.0.1:target_port``. ``down()`` cuts every open connection and closes each new one at
once (what a client sees of a server that went away); ``up()`` forwards again. Plain threads,
so both client flavours can use it.
"""

from __future__ import annotations

import socket
import threading

__all__ = ["LoopbackProxy"]


class LoopbackProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        #: connections refused while down
        self.refused = 0
        self._thread = threading.Thread(target=self._accept, name="loopback-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def down(self) -> None:
        """Cut every connection and refuse new ones until :meth:`up`."""
        self._open.clear()
        self._cut_all()

    def up(self) -> None:
        self._open.set()

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(5)
        self._listener.close()
        self._cut_all()

    def __enter__(self) -> LoopbackProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------

    def _cut_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _shut(sock)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._open.is_set():
                self.refused += 1
                _shut(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _shut(client)
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):  # one side gone: the connection is over
                _shut(sock)
            with self._lock:
                self._sockets.difference_update((src, dst))


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
