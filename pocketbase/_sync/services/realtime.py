# Generated from pocketbase/_async/services/realtime.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from .base import BaseService

__all__ = ["RealtimeService"]


class RealtimeService(BaseService):
    """Realtime subscriptions over server-sent events (being built)."""

    __slots__ = ()

    def close(self) -> None:
        """Stop the stream and every background task."""
