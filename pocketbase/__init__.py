"""Typed sync and async Python SDK for PocketBase.

from pocketbase import PocketBase, AsyncPocketBase
"""

from ._async.client import AsyncPocketBase
from ._auth_store import BaseAuthStore, LocalAuthStore
from ._errors import ClientResponseError
from ._sync.client import PocketBase

__version__ = "0.1.0"

__all__ = [
    "AsyncPocketBase",
    "BaseAuthStore",
    "ClientResponseError",
    "LocalAuthStore",
    "PocketBase",
    "__version__",
]
