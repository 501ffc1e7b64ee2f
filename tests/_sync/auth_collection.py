# Generated from tests/_async/auth_collection.py by scripts/unasync.py. Do not edit: edit the async source.
"""A test-only stand-in for ``pb.collection(name)`` until the record service is merged: the
auth mixin on a bare service with ``collection_name`` and ``model``."""

from __future__ import annotations

from typing import Generic, TypeVar

from pocketbase import PocketBase
from pocketbase._sync.services.base import BaseService
from pocketbase._sync.services.record_auth import RecordAuthMixin
from pocketbase.models import Record

M = TypeVar("M", bound=Record)


class AuthCollection(RecordAuthMixin[M], BaseService, Generic[M]):
    __slots__ = ("collection_name", "model")

    def __init__(self, client: PocketBase, collection_name: str, model: type[M]) -> None:
        super().__init__(client)
        self.collection_name = collection_name
        self.model = model


def auth_collection(pb: PocketBase, name: str) -> AuthCollection[Record]:
    """``pb.collection(name)`` for the auth calls (the lead swaps this for the real one)."""
    return AuthCollection(pb, name, Record)
