# Generated from pocketbase/_async/services/records.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

from ..._generations import Req
from ..._http import encode_segment, file_url
from ..._services import body_dict, item_adapter, list_query, one_query
from ...models import ListResult, Record
from .base import BaseService

__all__ = ["RecordService"]

R = TypeVar("R", bound=Record)


def _records_path(collection: str) -> str:
    return f"/api/collections/{encode_segment(collection)}/records"


def _item_path(collection: str, id: str) -> str:
    return f"{_records_path(collection)}/{encode_segment(id)}"


class RecordService(BaseService):
    """Records of any collection; ``model=`` gives typed results (a ``Record`` subclass)."""

    __slots__ = ()

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
        """One page of records of ``collection``."""
        query = list_query(page, per_page, query_params, filter, sort, expand)
        return self._fetch_list(_records_path(collection), query, model)

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
        """Every record of ``collection``, fetched page by page."""
        return self._full_list(
            _records_path(collection), batch_size, query_params, filter, sort, expand, model
        )

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
        """One record of ``collection`` by id."""
        query = one_query(query_params, filter, sort, expand)
        return self._call(Req("GET", _item_path(collection, id)), item_adapter(model), query)

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
        """Create a record; ``body_params`` may hold files (sent as multipart)."""
        return self._call(
            Req("POST", _records_path(collection)),
            item_adapter(model),
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
        """Update a record; ``body_params`` may hold files (sent as multipart)."""
        gen = self._generation()
        return self._call(
            Req("PATCH", _item_path(collection, id)),
            item_adapter(model),
            one_query(query_params, expand=expand),
            body=gen.records.seed_update_body(body_dict(body_params)),
        )

    def delete(
        self, collection: str, id: str, query_params: Mapping[str, Any] | None = None
    ) -> bool:
        """Delete a record; returns True."""
        return self._ok(Req("DELETE", _item_path(collection, id)), query_params)

    def get_file_url(
        self,
        record: Record | Mapping[str, Any],
        filename: str,
        query_params: Mapping[str, Any] | None = None,
    ) -> str:
        """The URL of one of the record's files (no request is made); add
        ``{"thumb": "100x100"}`` for a thumbnail."""
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
