from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import respx

from pocketbase._async import client as async_client_module

ROOT = Path(__file__).resolve().parent.parent

#: Async modules that run twice: on httpx's own transport and with the SDK's default client on
#: aiohttp's (the ``pocketbase[aiohttp]`` extra), tests that mock httpx with respx excepted.
#: The concurrency stress test (30 s) runs on httpx only, to keep the suite short.
AIOHTTP_MODULES = frozenset(
    {
        "tests/_async/test_integration_record_service.py",
        "tests/_async/test_integration_seed_methods.py",
        "tests/_async/test_realtime.py",
        "tests/_async/test_robustness_faults.py",
        "tests/_async/test_robustness_filters_live.py",
        "tests/_async/test_robustness_input.py",
        "tests/_async/test_robustness_secrets.py",
        "tests/integration/test_realtime_server.py",
    }
)


def _runs_on_aiohttp(metafunc: pytest.Metafunc) -> bool:
    path = Path(str(metafunc.definition.fspath)).resolve()
    try:
        name = path.relative_to(ROOT).as_posix()
    except ValueError:
        return False
    return name in AIOHTTP_MODULES and "respx_mock" not in metafunc.fixturenames


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if _runs_on_aiohttp(metafunc):
        metafunc.parametrize("http_transport", ["httpx", "aiohttp"], indirect=True)


@pytest.fixture(autouse=True)
def http_transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The transport of the HTTP clients the async SDK creates itself: ``"httpx"`` (its
    default), or ``"aiohttp"`` for the second run of the modules in ``AIOHTTP_MODULES``."""
    transport: str = getattr(request, "param", "httpx")
    if transport == "aiohttp":
        from pocketbase.aiohttp import aiohttp_client

        monkeypatch.setattr(async_client_module, "default_http_client", aiohttp_client)
    return transport


# a user's project with its own pyproject.toml: tests/test_sample_project.py runs it in a venv
collect_ignore = ["sample_project"]


@pytest.fixture
def respx_mock() -> Iterator[respx.MockRouter]:
    """A respx router for the test; unmatched requests fail, unused routes are allowed."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield router
