# Generated from pocketbase/_async/services/records.py by scripts/unasync.py. Do not edit: edit the async source.
"""``pb.records``: the seed's record service, by collection name.

A thin layer over :class:`~.record_service.AsyncRecordService` (``pb.collection(name)``) that
keeps the seed's signatures, its query rules (JS SDK 0.7.4) and its meaning of file uploads
(an update adds them, as on 0.7).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, TypeVar, overload

from ..._generations import Req
from ..._http import file_url
from ..._services import body_dict, list_query, one_query
from ...models import ListResult, Record
from .base import BaseService
from .record_service import RecordService

__all__ = ["SeedRecordService"]

R = TypeVar("R", bound=Record)


class SeedRecordService(BaseService):
    """Records of any collection; ``model=`` gives typed results (a ``Record`` subclass)."""

    __slots__ = ()

    def _service(self, collection: str, model: type[R]) -> RecordService[R]:
        return self._client.collection(collection, model)

    @overload
    def get_list(
        self,
        collection: str,
        page: int = ...,
        per_page: int = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        filter: str | None = ...,
        sort: str | None = ...,
        expand: str | None = ...,
    ) -> ListResult[Record]: ...

    @overload
    def get_list(
        self,
        collection: str,
        page: int = ...,
        per_page: int = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        filter: str | None = ...,
        sort: str | None = ...,
        expand: str | None = ...,
        model: type[R],
    ) -> ListResult[R]: ...

    def get_list(
        self,
        collection: str,
        page: int = 1,
        per_page: int = 30,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
        model: type[Any] = Record,
    ) -> ListResult[Any]:
        """One page of records of ``collection``.

        Args:
            collection: the collection's name or id.
            page: the page number, from 1.
            per_page: the records per page.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created,title"``.
            expand: relations to expand, e.g. ``"author,tags"``.
            model: the ``Record`` subclass to validate the records as.

        Returns:
            The page: its records (as ``model``) and the paging totals.

        Raises:
            NotFoundError: no such collection.
            ForbiddenError: the collection's list rule lets only superusers list.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled), a reply that does not fit
                ``model``, or a ``collection`` that is not a string or a ``model`` that is not a
                ``Record`` subclass, before anything is sent.
        """
        service = self._service(collection, model)
        query = list_query(page, per_page, query_params, filter, sort, expand)
        return service._page(query, Req("GET", service.base_crud_path))

    @overload
    def get_full_list(
        self,
        collection: str,
        batch_size: int | None = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        filter: str | None = ...,
        sort: str | None = ...,
        expand: str | None = ...,
    ) -> list[Record]: ...

    @overload
    def get_full_list(
        self,
        collection: str,
        batch_size: int | None = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        filter: str | None = ...,
        sort: str | None = ...,
        expand: str | None = ...,
        model: type[R],
    ) -> list[R]: ...

    def get_full_list(
        self,
        collection: str,
        batch_size: int | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
        model: type[Any] = Record,
    ) -> list[Any]:
        """Every record of ``collection``, fetched page by page.

        Args:
            collection: the collection's name or id.
            batch_size: the records per request; omitted, 100 on 0.7 servers and the largest page
                the server allows on newer ones.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created,title"``.
            expand: relations to expand, e.g. ``"author,tags"``.
            model: the ``Record`` subclass to validate the records as.

        Returns:
            Every record, as ``model``.

        Raises:
            NotFoundError: no such collection.
            ForbiddenError: the collection's list rule lets only superusers list.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled), a reply that does not fit
                ``model``, or a ``collection`` that is not a string or a ``model`` that is not a
                ``Record`` subclass, before anything is sent.
        """
        service = self._service(collection, model)
        fetch = functools.partial(service._page, route=Req("GET", service.base_crud_path))
        return self._full_list(fetch, batch_size, query_params, filter, sort, expand)

    @overload
    def get_one(
        self,
        collection: str,
        id: str,
        query_params: Mapping[str, Any] | None = ...,
        *,
        filter: str | None = ...,
        sort: str | None = ...,
        expand: str | None = ...,
    ) -> Record: ...

    @overload
    def get_one(
        self,
        collection: str,
        id: str,
        query_params: Mapping[str, Any] | None = ...,
        *,
        filter: str | None = ...,
        sort: str | None = ...,
        expand: str | None = ...,
        model: type[R],
    ) -> R: ...

    def get_one(
        self,
        collection: str,
        id: str,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
        model: type[Any] = Record,
    ) -> Any:
        """One record of ``collection`` by id.

        Args:
            collection: the collection's name or id.
            id: the record's id.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression sent along (the seed passes it through).
            sort: sort fields sent along (the seed passes them through).
            expand: relations to expand, e.g. ``"author,tags"``.
            model: the ``Record`` subclass to validate the records as.

        Returns:
            The record, as ``model``.

        Raises:
            NotFoundError: no such collection, or no record with that id the caller may see.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled), a reply that does not fit
                ``model``, or a ``collection`` that is not a string or a ``model`` that is not a
                ``Record`` subclass, before anything is sent.
        """
        service = self._service(collection, model)
        query = one_query(query_params, filter, sort, expand)
        return service._record(Req("GET", service._item_path(id)), query)

    @overload
    def create(
        self,
        collection: str,
        body_params: Mapping[str, Any] | None = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        expand: str | None = ...,
    ) -> Record: ...

    @overload
    def create(
        self,
        collection: str,
        body_params: Mapping[str, Any] | None = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        expand: str | None = ...,
        model: type[R],
    ) -> R: ...

    def create(
        self,
        collection: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
        model: type[Any] = Record,
    ) -> Any:
        """Create a record; ``body_params`` may hold files (sent as multipart).

        Args:
            collection: the collection's name or id.
            body_params: the record's fields; file values (``(name, content)`` tuples, open files)
                make it multipart.
            query_params: extra query parameters.
            expand: relations to expand, e.g. ``"author,tags"``.
            model: the ``Record`` subclass to validate the records as.

        Returns:
            The created record, as ``model``.

        Raises:
            BadRequestError: the server rejected the data (``err.data["data"]`` per field).
            ForbiddenError: the collection's create rule refuses the caller.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled), a reply that does not fit
                ``model``, or a ``collection`` that is not a string or a ``model`` that is not a
                ``Record`` subclass, before anything is sent.
        """
        service = self._service(collection, model)
        return service._record(
            Req("POST", service.base_crud_path),
            one_query(query_params, expand=expand),
            body=body_dict(body_params),
        )

    @overload
    def update(
        self,
        collection: str,
        id: str,
        body_params: Mapping[str, Any] | None = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        expand: str | None = ...,
    ) -> Record: ...

    @overload
    def update(
        self,
        collection: str,
        id: str,
        body_params: Mapping[str, Any] | None = ...,
        query_params: Mapping[str, Any] | None = ...,
        *,
        expand: str | None = ...,
        model: type[R],
    ) -> R: ...

    def update(
        self,
        collection: str,
        id: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
        model: type[Any] = Record,
    ) -> Any:
        """Update a record; ``body_params`` may hold files (sent as multipart).

        Files uploaded to a multi-file field are **added** to the field's files, as on 0.7,
        on every server (on 0.23+ they are sent as ``field+``). To replace or remove files
        use ``pb.collection(collection).update()``, where a plain field name replaces,
        ``field+`` adds and ``field-`` removes, as on servers 0.23+. The auth store is not
        touched (``pb.collection()`` updates it when the logged-in record changes).

        Args:
            collection: the collection's name or id.
            id: the record's id.
            body_params: the fields to change; file values make it multipart (and are added).
            query_params: extra query parameters.
            expand: relations to expand, e.g. ``"author,tags"``.
            model: the ``Record`` subclass to validate the records as.

        Returns:
            The updated record, as ``model``.

        Raises:
            BadRequestError: the server rejected the data (``err.data["data"]`` per field).
            NotFoundError: no record with that id the caller may update.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled), a reply that does not fit
                ``model``, or a ``collection`` that is not a string or a ``model`` that is not a
                ``Record`` subclass, before anything is sent.
        """
        service = self._service(collection, model)
        gen = self._generation()
        return service._record(
            Req("PATCH", service._item_path(id)),
            one_query(query_params, expand=expand),
            body=gen.records.seed_update_body(body_dict(body_params)),
        )

    def delete(
        self, collection: str, id: str, query_params: Mapping[str, Any] | None = None
    ) -> bool:
        """Delete a record; returns True (the auth store is not touched).

        Args:
            collection: the collection's name or id.
            id: the record's id.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            NotFoundError: no record with that id the caller may delete.
            BadRequestError: the record is still referenced by a required relation.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled), or a ``collection`` that is
                not a string.
        """
        service = self._service(collection, Record)
        return service._ok(Req("DELETE", service._item_path(id)), query_params)

    def get_file_url(
        self,
        record: Record | Mapping[str, Any],
        filename: str,
        query_params: Mapping[str, Any] | None = None,
    ) -> str:
        """The URL of one of the record's files (no request is made); add
        ``{"thumb": "100x100"}`` for a thumbnail.

        Args:
            record: the record (a ``Record`` or its dict).
            filename: the file's name, as stored in the record.
            query_params: extra query parameters (``thumb``, ``download``, ``token``).

        Returns:
            The absolute URL ``<base_url>/api/files/<collection>/<id>/<filename>`` with the query.
        """
        if isinstance(record, Record):
            collection = record.collection_id or record.collection_name
            record_id = record.id
        else:
            collection = str(
                record.get("@collectionId")
                or record.get("collectionId")
                or record.get("collectionName")
                or ""
            )
            record_id = str(record.get("id", ""))
        return file_url(self._client.base_url, collection, record_id, filename, query_params)
