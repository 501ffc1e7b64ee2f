"""Typed sync and async Python SDK for PocketBase.

    from pocketbase import PocketBase, AsyncPocketBase

The clients are imported on first use, so ``import pocketbase`` stays cheap and a program that
only uses the sync client never imports the async one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    OAuth2Error,
    RequestCancelledError,
    RequestTimeoutError,
    ServerError,
    TooManyRequestsError,
    TransportError,
    UnauthorizedError,
    UnsupportedFeatureError,
)

if TYPE_CHECKING:
    from ._async.client import AsyncPocketBase
    from ._async.services.batch import AsyncBatch
    from ._async.services.record_service import AsyncRecordService
    from ._auth_store import BaseAuthStore, LocalAuthStore
    from ._sync.client import PocketBase
    from ._sync.services.batch import Batch
    from ._sync.services.record_service import RecordService

__version__ = "0.1.0"

__all__ = [
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

_LAZY = {
    "AsyncBatch": "._async.services.batch",
    "AsyncPocketBase": "._async.client",
    "AsyncRecordService": "._async.services.record_service",
    "Batch": "._sync.services.batch",
    "BaseAuthStore": "._auth_store",
    "LocalAuthStore": "._auth_store",
    "PocketBase": "._sync.client",
    "RecordService": "._sync.services.record_service",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
