from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from pydantic import TypeAdapter

from ..._errors import invalid_request_error
from ..._generations import Feature, Generation
from ..._pipeline import UNSET
from ..._services import request_config
from ...models import Collection
from .base import AsyncCrudService

__all__ = ["AsyncCollectionService"]

_SCAFFOLDS: TypeAdapter[dict[str, Collection]] = TypeAdapter(dict[str, Collection])
_PROVIDERS: TypeAdapter[list[dict[str, Any]]] = TypeAdapter(list[dict[str, Any]])
_OBJECT: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])


class AsyncCollectionService(AsyncCrudService[Collection]):
    """Collections (admin only).

    ``create``, ``update`` and ``import_collections`` take a collection in either shape on
    every server generation: ``schema`` with each field's settings nested in ``options`` (the
    seed's and 0.8-0.22's shape), or ``fields`` with flat settings (0.23+), as a dict or a
    :class:`~pocketbase.models.Collection`; the generation layer converts it for the server.
    """

    __slots__ = ()

    model = Collection

    def _base_path(self, gen: Generation) -> str:
        return gen.collections.base

    async def create(
        self,
        body_params: Collection | Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
    ) -> Collection:
        """Create a collection from a dict or a :class:`~pocketbase.models.Collection`, in
        either shape (see the class docstring).

        Args:
            body_params: the collection: a dict or a ``Collection``, in either shape.
            query_params: extra query parameters.
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            The created collection.

        Raises:
            BadRequestError: the server rejected the collection (``err.data["data"]`` per field); a
                body that is not a collection is refused before sending, as a
                ``ClientResponseError``.
            UnsupportedFeatureError: the collection has a field or setting the server's generation
                cannot hold (nothing is sent).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        body = cast("Mapping[str, Any] | None", body_params)  # models are converted too
        return await super().create(body, query_params, expand=expand)

    async def update(
        self,
        id: str,
        body_params: Collection | Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
    ) -> Collection:
        """Update the collection ``id`` (id or name) from a dict or a
        :class:`~pocketbase.models.Collection`, in either shape (see the class docstring).

        Args:
            id: the collection's id or name.
            body_params: the changes: a dict or a ``Collection``, in either shape.
            query_params: extra query parameters.
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            The updated collection.

        Raises:
            BadRequestError: the server rejected the collection (``err.data["data"]`` per field); a
                body that is not a collection is refused before sending, as a
                ``ClientResponseError``.
            NotFoundError: no such collection.
            UnsupportedFeatureError: the collection has a field or setting the server's generation
                cannot hold (nothing is sent).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        body = cast("Mapping[str, Any] | None", body_params)  # models are converted too
        return await super().update(id, body, query_params, expand=expand)

    async def _create_body(self, body_params: Any) -> Any:
        return await self._converted(body_params, create=True)

    async def _update_body(self, body_params: Any) -> Any:
        return await self._converted(body_params, create=False)

    async def _converted(self, body: Any, *, create: bool) -> dict[str, Any]:
        """``body`` in the server's shape; a body that is not a collection is refused before
        anything is sent (an :class:`~pocketbase.UnsupportedFeatureError` for settings the
        server cannot hold, raised by the generation layer)."""
        gen = await self._generation()
        try:
            return gen.collections.body(body, create=create)
        except (TypeError, ValueError) as exc:
            raise invalid_request_error(exc, what="Invalid collection") from None

    async def import_collections(
        self,
        collections: Sequence[Collection | Mapping[str, Any]],
        delete_missing: bool = False,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Import (create or replace) collections in bulk; returns True.

        Args:
            collections: the collections, each a dict or a ``Collection``, in either shape.
            delete_missing: also delete the collections (and their records) that are not in
                ``collections``.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            BadRequestError: the server rejected the import (``err.data["data"]`` per collection); a
                value that is not a collection is refused before sending, as a
                ``ClientResponseError``.
            UnsupportedFeatureError: the collection has a field or setting the server's generation
                cannot hold (nothing is sent).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        gen = await self._generation()
        try:
            route = gen.collections.import_collections(list(collections), delete_missing)
        except (TypeError, ValueError) as exc:
            raise invalid_request_error(exc, what="Invalid collection") from None
        return await self._ok(route, query_params)

    # -- 0.23+ calls (modern keyword options) ----------------------------------------------------

    async def truncate(
        self,
        name: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Delete every record of the collection ``name`` (id or name), keeping the collection;
        returns True. Needs PocketBase 0.23 or later.

        Args:
            name: the collection's name or id.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            UnsupportedFeatureError: the server is older than 0.23 (nothing is sent).
            NotFoundError: no such collection.
            BadRequestError: the records could not all be deleted (e.g. a view collection, or
                records still referenced).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return await self._ok(
            lambda gen: gen.collections.truncate(name),
            query,
            feature=Feature.COLLECTION_TRUNCATE,
            **request_config(headers, request_key),
        )

    async def get_scaffolds(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> dict[str, Collection]:
        """The server's blank collection of each type (``"base"``, ``"auth"``, ``"view"``), with
        its default fields and settings. Needs PocketBase 0.23 or later.

        Args:
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The blank collection of each type, by type.

        Raises:
            UnsupportedFeatureError: the server is older than 0.23 (nothing is sent).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._call(
            lambda gen: gen.collections.scaffolds(),
            _SCAFFOLDS,
            query,
            feature=Feature.SCAFFOLDS,
            **request_config(headers, request_key),
        )

    async def get_all_oauth2_providers(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[dict[str, Any]]:
        """Every OAuth2 provider the server knows (``name``, ``displayName``, ``logo``, ...).
        Needs PocketBase 0.37 or later.

        Args:
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            One dict per provider, as the server sends it.

        Raises:
            UnsupportedFeatureError: the server is older than 0.37 (nothing is sent, or its router's
                404 is reported as this).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._call(
            lambda gen: gen.collections.oauth2_providers(),
            _PROVIDERS,
            query,
            feature=Feature.OAUTH2_PROVIDERS_LIST,
            **request_config(headers, request_key),
        )

    async def dry_run_view_query(
        self,
        query: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> dict[str, Any]:
        """Run the SQL ``query`` of a view collection without saving anything: returns the
        server's reply, ``{"fields": [...], "sample": [...]}`` (the fields the view would get and
        up to 10 of its rows). Needs PocketBase 0.37 or later.

        ``query`` is the view's SQL, so extra query-string parameters (``query=`` elsewhere) go
        in ``params``.

        Args:
            query: the view's SQL ``SELECT``.
            params: extra query-string parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The server's reply: ``fields`` and ``sample``.

        Raises:
            UnsupportedFeatureError: the server is older than 0.37 (nothing is sent, or its router's
                404 is reported as this).
            BadRequestError: the SQL is not a valid view query.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._call(
            lambda gen: gen.collections.dry_run_view(query),
            _OBJECT,
            params,
            feature=Feature.DRY_RUN_VIEW,
            **request_config(headers, request_key),
        )
