"""Real PocketBase servers shared by every test module of the session.

``shared_server(config, version)`` starts one :class:`~pocketbase.testing.PocketBaseServer` per
version the first time a module asks for it (0.22.27 and 0.40.6 start in well under a second),
points it at the session's SMTP sink, and stops it when the pytest session ends. The async
seed-method suite and its generated sync twin (``tests/_async`` and ``tests/_sync``) and the
quickstart tests all use these, so each binary starts once. Tests keep apart by giving their
collections and users unique names (see :data:`FLAVOUR` in the seed-method suite).

A missing binary raises :class:`~pocketbase.testing.PocketBaseNotFound`: the tests that need it
error out, they never skip.
"""

from __future__ import annotations

import secrets

import httpx
import pytest

from pocketbase.testing import PocketBaseServer, SMTPSink

#: the binaries ``scripts/install_pocketbase.py`` installs, and their generation
VERSIONS = ["0.22.27", "0.40.6"]
GENERATION = {"0.22.27": "0.8", "0.40.6": "0.23"}

_SERVERS = pytest.StashKey[dict[str, PocketBaseServer]]()
_SINK = pytest.StashKey[SMTPSink]()
#: server URL -> the id of a record that an admin asked for (404) right after the start
_LOG_MARKERS: dict[str, str] = {}


def shared_sink(config: pytest.Config) -> SMTPSink:
    """The session's SMTP sink (started on first use)."""
    sink = config.stash.get(_SINK, None)
    if sink is None:
        sink = SMTPSink()
        config.add_cleanup(sink.stop)
        sink.start()
        config.stash[_SINK] = sink
    return sink


def shared_server(config: pytest.Config, version: str) -> PocketBaseServer:
    """The session's running server of ``version``, its mail going to :func:`shared_sink`."""
    servers = config.stash.setdefault(_SERVERS, {})
    server = servers.get(version)
    if server is None:
        server = PocketBaseServer(version)
        config.add_cleanup(server.close)
        server.start()
        server.use_smtp(shared_sink(config))
        _request_log_marker(server)
        servers[version] = server
    return server


def _request_log_marker(server: PocketBaseServer) -> None:
    # Servers write request logs in batches every few seconds; a request made at start-up is
    # readable by the time the log tests run.
    marker = f"logmarker{secrets.token_hex(3)}"
    with httpx.Client(trust_env=False, timeout=10) as http:
        response = http.get(
            f"{server.url}/api/collections/users/records/{marker}",
            headers=server.admin_headers(),
        )
    assert response.status_code == 404, response.text
    _LOG_MARKERS[server.url] = marker


def log_marker(server: PocketBaseServer) -> str:
    """The record id an admin failed to get (404) from ``users`` when ``server`` started."""
    return _LOG_MARKERS[server.url]
