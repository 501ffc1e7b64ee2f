from __future__ import annotations

from .base import AsyncBaseService

__all__ = ["AsyncRealtimeService"]


class AsyncRealtimeService(AsyncBaseService):
    """Realtime subscriptions over server-sent events (being built)."""

    __slots__ = ()

    async def aclose(self) -> None:
        """Stop the stream and every background task."""
