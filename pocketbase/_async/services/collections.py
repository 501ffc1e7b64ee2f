from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..._generations import Generation
from ...models import Collection
from .base import AsyncCrudService

__all__ = ["AsyncCollectionService"]


class AsyncCollectionService(AsyncCrudService[Collection]):
    """Collections (admin only)."""

    __slots__ = ()

    model = Collection

    def _base_path(self, gen: Generation) -> str:
        return gen.collections.base

    async def _create_body(self, body_params: Mapping[str, Any] | None) -> Any:
        gen = await self._generation()
        return gen.collections.body(body_params, create=True)

    async def _update_body(self, body_params: Mapping[str, Any] | None) -> Any:
        gen = await self._generation()
        return gen.collections.body(body_params, create=False)

    async def import_collections(
        self,
        collections: Sequence[Collection | Mapping[str, Any]],
        delete_missing: bool = False,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Import (create or replace) collections in bulk; returns True."""
        items = list(collections)
        return await self._ok(
            lambda gen: gen.collections.import_collections(items, delete_missing), query_params
        )
