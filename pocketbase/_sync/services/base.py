# Generated from pocketbase/_async/services/base.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import BaseModel as PydanticModel, TypeAdapter

from ..._errors import ClientResponseError
from ..._generations import Feature, Generation, Normalizer, Req
from ..._generations._common import each_item
from ..._http import encode_segment
from ..._pipeline import Reply
from ..._services import (
    FullListPager,
    auth_reply,
    body_dict,
    item_adapter,
    list_adapter,
    list_query,
    merge_params,
    one_query,
)
from ...models import ListResult

if TYPE_CHECKING:
    from ..client import PocketBase

__all__ = ["AuthCrudService", "BaseService", "CrudService"]

M = TypeVar("M", bound=PydanticModel)
T = TypeVar("T")

#: a route description, or how to build one for the detected server generation
Route = Req | Callable[[Generation], Req]


class BaseService:
    """What every service shares: the one way to send a route description and read its reply.

    Services build :class:`Req` route descriptions (from the generation layer or by hand) and
    pass them here; :meth:`_exchange` is the only place that unpacks one, and the only place
    that talks to the client's request pipeline.
    """

    __slots__ = ("_client",)

    def __init__(self, client: PocketBase) -> None:
        self._client = client

    def _generation(self) -> Generation:
        return self._client._generation()

    def _require(self, feature: Feature) -> Generation:
        """The detected generation; :class:`~pocketbase.UnsupportedFeatureError` when it lacks
        ``feature`` (for calls that check before sending a first request)."""
        gen = self._generation()
        gen.require(feature)
        return gen

    def _require_known(self, feature: Feature) -> None:
        """For calls that send nothing (URL builders): refuse ``feature`` when the client
        already knows a generation without it; with no generation known yet, allow it."""
        gen = self._client._known_generation()
        if gen is not None:
            gen.require(feature)

    def _client_closed(self) -> bool:
        return self._client._closed

    def _http_client(self) -> httpx.Client:
        return self._client._http

    def _exchange(
        self,
        route: Route,
        query: Mapping[str, Any] | None = None,
        *,
        feature: Feature | None = None,
        **config: Any,
    ) -> tuple[Reply, Req]:
        """Send ``route`` (built for the detected generation) with the caller's ``query``.

        ``feature``: the capability the call needs; a generation without it raises
        :class:`~pocketbase.UnsupportedFeatureError` before anything is sent.
        """
        gen = self._generation()
        if feature is not None:
            gen.require(feature)
        req = route(gen) if callable(route) else route
        params = merge_params(dict(query or {}), req.params)
        if req.body is not None:
            config.setdefault("body", req.body)
        try:
            reply = self._client._send(req.path, {"method": req.method, "params": params, **config})
        except ClientResponseError as exc:
            if feature is None:
                raise
            raise gen.feature_error(feature, exc) from None
        return reply, req

    def _call(
        self,
        route: Route,
        adapter: TypeAdapter[T],
        query: Mapping[str, Any] | None = None,
        **config: Any,
    ) -> T:
        """Send ``route`` and validate the reply (reshaped by the route's normaliser)."""
        reply, req = self._exchange(route, query, **config)
        if req.normalize is not None:
            reply.reshape(req.normalize)
        return reply.validate(adapter)

    def _ok(self, route: Route, query: Mapping[str, Any] | None = None, **config: Any) -> bool:
        """Send ``route`` and return True whatever the (success) body."""
        self._exchange(route, query, **config)
        return True

    def _json(self, route: Route, query: Mapping[str, Any] | None = None, **config: Any) -> Any:
        """Send ``route`` and return the parsed JSON."""
        reply, _ = self._exchange(route, query, **config)
        return reply.json()

    def _fetch_list(
        self,
        base: str,
        query: Mapping[str, Any],
        model: type[Any],
        normalize_item: Normalizer | None = None,
    ) -> ListResult[Any]:
        route = Req("GET", base, normalize=each_item(normalize_item))
        return self._call(route, list_adapter(model), query)

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
        gen = self._generation()
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

    def _route(self, method: str, id: str | None = None) -> Callable[[Generation], Req]:
        """The CRUD route for ``method`` on the collection (``id``: on one item)."""

        def build(gen: Generation) -> Req:
            path = self._base_path(gen)
            if id is not None:
                path = f"{path}/{encode_segment(id)}"
            return Req(method, path, normalize=self._normalizer(gen))

        return build

    def _base(self) -> tuple[str, Normalizer | None]:
        gen = self._generation()
        return self._base_path(gen), self._normalizer(gen)

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
        query = one_query(query_params, filter, sort, expand)
        return self._call(self._route("GET", id), item_adapter(self.model), query)

    def create(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
    ) -> M:
        """Create an item (multipart when ``body_params`` holds files)."""
        return self._call(
            self._route("POST"),
            item_adapter(self.model),
            one_query(query_params, expand=expand),
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
        return self._call(
            self._route("PATCH", id),
            item_adapter(self.model),
            one_query(query_params, expand=expand),
            body=self._update_body(body_params),
        )

    def delete(self, id: str, query_params: Mapping[str, Any] | None = None) -> bool:
        """Delete an item; returns True."""
        return self._ok(self._route("DELETE", id), query_params)

    def _create_body(self, body_params: Mapping[str, Any] | None) -> Any:
        return body_dict(body_params)

    def _update_body(self, body_params: Mapping[str, Any] | None) -> Any:
        gen = self._generation()
        return gen.records.seed_update_body(body_dict(body_params))


A = TypeVar("A", bound=PydanticModel)


class AuthCrudService(CrudService[M], Generic[M, A]):
    """CRUD plus the auth calls shared by admins and users: the reply is validated as
    ``auth_model``, and the store is saved when it carries a token and the ``auth_key`` model
    (as the reference does)."""

    __slots__ = ()

    auth_model: type[A]
    auth_key: str

    def _auth(
        self, route: Route, query_params: Mapping[str, Any] | None, *, guest: bool = False
    ) -> A:
        """Send an auth call; save the store when the reply carries a token and the model."""
        config: dict[str, Any] = {}
        if guest:  # login calls never send the stored token (an empty header, as the reference)
            config["headers"] = {"Authorization": ""}
        reply, req = self._exchange(route, query_params, **config)
        reply.reshape(auth_reply(self.auth_key, req.normalize))
        result = reply.validate(item_adapter(self.auth_model))
        token = getattr(result, "token", "")
        if token and self.auth_key in result.model_fields_set:
            self._client.auth_store.save(token, getattr(result, self.auth_key))
            self._client.realtime.resubscribe()
        return result
