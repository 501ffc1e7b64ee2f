"""The public package surface: exports, lazy loading of the clients, typing marker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import pocketbase
from pocketbase import models

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> dict[str, bool]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, bool] = json.loads(out)
    return result


def test_public_names() -> None:
    assert pocketbase.__all__ == [
        "AsyncBatch",
        "AsyncPocketBase",
        "AsyncRecordService",
        "BadRequestError",
        "BaseAuthStore",
        "Batch",
        "ClientResponseError",
        "ForbiddenError",
        "LocalAuthStore",
        "NotFoundError",
        "OAuth2Error",
        "PocketBase",
        "RecordService",
        "RequestCancelledError",
        "RequestTimeoutError",
        "ServerError",
        "TooManyRequestsError",
        "TransportError",
        "UnauthorizedError",
        "UnsupportedFeatureError",
        "__version__",
    ]
    for name in pocketbase.__all__:
        assert getattr(pocketbase, name) is not None
    assert pocketbase.PocketBase.__name__ == "PocketBase"
    assert pocketbase.AsyncPocketBase.__module__ == "pocketbase._async.client"
    assert pocketbase.RecordService.__module__ == "pocketbase._sync.services.record_service"
    assert pocketbase.AsyncRecordService.__name__ == "AsyncRecordService"
    assert pocketbase.Batch.__module__ == "pocketbase._sync.services.batch"
    assert pocketbase.AsyncBatch.__module__ == "pocketbase._async.services.batch"
    assert set(pocketbase.__all__) <= set(dir(pocketbase))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        pocketbase.Nope  # noqa: B018
    assert (ROOT / "pocketbase" / "py.typed").exists()
    assert "RecordSubscription" in models.__all__


def test_import_is_lazy_and_the_sync_client_needs_no_asyncio() -> None:
    loaded = _run(
        "import json, sys; import pocketbase;"
        "a = {m: m in sys.modules for m in ('httpx', 'pydantic', 'pocketbase._sync.client')};"
        "from pocketbase import PocketBase;"
        "b = {m: m in sys.modules for m in ('pocketbase._sync.client', 'pocketbase._async.client', 'asyncio')};"
        "print(json.dumps({**{'before ' + k: v for k, v in a.items()}, **b}))"
    )
    assert loaded == {
        "before httpx": False,
        "before pydantic": False,
        "before pocketbase._sync.client": False,
        "pocketbase._sync.client": True,
        "pocketbase._async.client": False,
        "asyncio": False,
    }


def test_star_import_gives_every_public_name() -> None:
    names = _run(
        "import json; ns = {}; exec('from pocketbase import *', ns);"
        "print(json.dumps({k: True for k in sorted(ns) if not k.startswith('__b')}))"
    )
    assert set(names) >= {"PocketBase", "AsyncPocketBase", "ClientResponseError", "LocalAuthStore"}
