"""A test-only stand-in for ``pb.collection(name)`` until the record service is merged: the
auth mixin on a bare service with ``collection_name`` and ``model``."""

from __future__ import annotations

from typing import Generic, TypeVar

from pocketbase import AsyncPocketBase
from pocketbase._async.services.base import AsyncBaseService
from pocketbase._async.services.record_auth import AsyncRecordAuthMixin
from pocketbase.models import Record

M = TypeVar("M", bound=Record)


class AsyncAuthCollection(AsyncRecordAuthMixin[M], AsyncBaseService, Generic[M]):
    __slots__ = ("collection_name", "model")

    def __init__(self, client: AsyncPocketBase, collection_name: str, model: type[M]) -> None:
        super().__init__(client)
        self.collection_name = collection_name
        self.model = model


def auth_collection(pb: AsyncPocketBase, name: str) -> AsyncAuthCollection[Record]:
    """``pb.collection(name)`` for the auth calls (the lead swaps this for the real one)."""
    return AsyncAuthCollection(pb, name, Record)
