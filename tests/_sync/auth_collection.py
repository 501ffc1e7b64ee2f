# Generated from tests/_async/auth_collection.py by scripts/unasync.py. Do not edit: edit the async source.
"""``auth_collection(pb, name)``: the auth calls' tests reach ``pb.collection(name)`` through
this one helper (it stood in for the record service before that was merged)."""

from __future__ import annotations

from pocketbase import PocketBase, RecordService
from pocketbase.models import Record


def auth_collection(pb: PocketBase, name: str) -> RecordService[Record]:
    """``pb.collection(name)``."""
    return pb.collection(name)
