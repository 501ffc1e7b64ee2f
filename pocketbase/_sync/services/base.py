# Generated from pocketbase/_async/services/base.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel as PydanticModel

from ..._generations import Generation, Normalizer, Req
from ..._http import encode_segment
from ..._services import (
    FullListPager,
    auth_reply,
    body_dict,
    item_adapter,
    list_adapter,
    list_query,
    one_query,
)
from ...models import ListResult

if TYPE_CHECKING:
    from ..client import PocketBase

__all__ = ["AuthCrudService", "BaseService", "CrudService"]

M = TypeVar("M", bound=PydanticModel)


class BaseService:
    __slots__ = ("_client",)

    def __init__(self, client: PocketBase) -> None:
        self._client = client

    def _fetch_list(
        self,
        base: str,
        query: Mapping[str, Any],
        model: type[Any],
        normalize_item: Normalizer | None = None,
    ) -> ListResult[Any]:
        normalize: Normalizer | None = None
        if normalize_item is not None:
            item_hook = normalize_item

            def normalize(data: Any) -> Any:
                if isinstance(data, dict) and isinstance(data.get("items"), list):
                    data = dict(data)
                    data["items"] = [item_hook(item) for item in data["items"]]
                return data

        return self._client._call(base, list_adapter(model), normalize, method="GET", params=query)

    def _full_list(
        self,
        base: str,
        batch_size: int | None,
        query_params: Mapping[str, Any] | None,
        filter: str | None,
        sort: str | None,
        expand: str | None,
        model: type[Any],
        normalize_item: Normalizer | None = None,
    ) -> list[Any]:
        gen = self._client._generation()
        skip_total = batch_size is None and gen.has_skip_total
        per_page = (
            batch_size if batch_size is not None else (gen.max_per_page if skip_total else 100)
        )
        pager = FullListPager(per_page, skip_total, caller_page="page" in (query_params or {}))
        while True:
            query = list_query(pager.page, per_page, query_params, filter, sort, expand)
            if skip_total:
                query.setdefault("skipTotal", 1)
            chunk = self._fetch_list(base, query, model, normalize_item)
            if pager.add(chunk.items, chunk.total_items):
                return pager.items


class CrudService(BaseService, Generic[M]):
    """``get_list``, ``get_full_list``, ``get_one``, ``create``, ``update``, ``delete`` over a
    base path that the concrete service (and the server generation) decides."""

    __slots__ = ()

    model: type[M]

    def _base_path(self, gen: Generation) -> str:
        raise NotImplementedError

    def _normalizer(self, gen: Generation) -> Normalizer | None:
        """The generation hook that reshapes one item of this service (None: as sent)."""
        return None

    def _base(self) -> tuple[str, Normalizer | None]:
        gen = self._client._generation()
        return self._base_path(gen), self._normalizer(gen)

    def _item_path(self, id: str) -> tuple[str, Normalizer | None]:
        base, normalize = self._base()
        return f"{base}/{encode_segment(id)}", normalize

    def get_list(
        self,
        page: int = 1,
        per_page: int = 30,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
    ) -> ListResult[M]:
        """One page of items."""
        query = list_query(page, per_page, query_params, filter, sort, expand)
        base, normalize = self._base()
        return self._fetch_list(base, query, self.model, normalize)

    def get_full_list(
        self,
        batch_size: int | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
    ) -> list[M]:
        """Every item, fetched page by page (``batch_size`` per page; 100 when omitted on 0.7
        servers, the largest page the server allows on newer ones)."""
        base, normalize = self._base()
        return self._full_list(
            base, batch_size, query_params, filter, sort, expand, self.model, normalize
        )

    def get_one(
        self,
        id: str,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
    ) -> M:
        """One item by id."""
        path, normalize = self._item_path(id)
        query = one_query(query_params, filter, sort, expand)
        return self._client._call(
            path, item_adapter(self.model), normalize, method="GET", params=query
        )

    def create(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
    ) -> M:
        """Create an item (multipart when ``body_params`` holds files)."""
        base, normalize = self._base()
        return self._client._call(
            base,
            item_adapter(self.model),
            normalize,
            method="POST",
            params=one_query(query_params, expand=expand),
            body=self._create_body(body_params),
        )

    def update(
        self,
        id: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
    ) -> M:
        """Update an item (multipart when ``body_params`` holds files)."""
        path, normalize = self._item_path(id)
        return self._client._call(
            path,
            item_adapter(self.model),
            normalize,
            method="PATCH",
            params=one_query(query_params, expand=expand),
            body=self._update_body(body_params),
        )

    def delete(self, id: str, query_params: Mapping[str, Any] | None = None) -> bool:
        """Delete an item; returns True."""
        path, _ = self._item_path(id)
        self._client._send(path, {"method": "DELETE", "params": query_params or {}})
        return True

    def _create_body(self, body_params: Mapping[str, Any] | None) -> Any:
        return body_dict(body_params)

    def _update_body(self, body_params: Mapping[str, Any] | None) -> Any:
        gen = self._client._generation()
        return gen.record_update_body(body_dict(body_params))


A = TypeVar("A", bound=PydanticModel)


class AuthCrudService(CrudService[M], Generic[M, A]):
    """CRUD plus the auth calls shared by admins and users: the reply is validated as
    ``auth_model``, and the store is saved when it carries a token and the ``auth_key`` model
    (as the reference does)."""

    __slots__ = ()

    auth_model: type[A]
    auth_key: str

    def _auth_normalizer(self, gen: Generation) -> Normalizer:
        raise NotImplementedError

    def _auth(self, req: Req, query_params: Mapping[str, Any] | None, *, guest: bool = False) -> A:
        config: dict[str, Any] = {
            "method": req.method,
            "params": query_params or {},
            "body": req.body,
        }
        if guest:  # login calls never send the stored token (an empty header, as the reference)
            config["headers"] = {"Authorization": ""}
        gen = self._client._generation()
        reply = auth_reply(self.auth_key, self._auth_normalizer(gen))
        result = self._client._call(req.path, item_adapter(self.auth_model), reply, **config)
        token = getattr(result, "token", "")
        if token and self.auth_key in result.model_fields_set:
            self._client.auth_store.save(token, getattr(result, self.auth_key))
            self._client.realtime.resubscribe()
        return result

    def _ok(self, req: Req, query_params: Mapping[str, Any] | None) -> bool:
        self._client._send(
            req.path, {"method": req.method, "params": query_params or {}, "body": req.body}
        )
        return True
