"""``auth_collection(pb, name)``: the auth calls' tests reach ``pb.collection(name)`` through
this one helper (it stood in for the record service before that was merged)."""

from __future__ import annotations

from pocketbase import AsyncPocketBase, AsyncRecordService
from pocketbase.models import Record


def auth_collection(pb: AsyncPocketBase, name: str) -> AsyncRecordService[Record]:
    """``pb.collection(name)``."""
    return pb.collection(name)
