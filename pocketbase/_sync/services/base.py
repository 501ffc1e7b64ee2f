# Generated from pocketbase/_async/services/base.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import BaseModel as PydanticModel, TypeAdapter

from ..._auth import as_guest
from ..._auto_refresh import Registration, identity_of
from ..._compat import Cancellable
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
from ..._types import Result
from ...models import ListResult

if TYPE_CHECKING:
    from ..._auth_store import BaseAuthStore
    from ..auto_refresh import Renewer
    from ..client import PocketBase

__all__ = ["AuthCrudService", "BaseService", "CrudService"]

M = TypeVar("M", bound=PydanticModel)
T = TypeVar("T")
#: an auth reply model
R = TypeVar("R", bound=PydanticModel)

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

    # -- auth calls (the one implementation behind the seed's and the modern auth calls) ----

    def _authenticate(
        self,
        route: Route,
        adapter: TypeAdapter[R],
        query: Mapping[str, Any] | None = None,
        *,
        record_key: str = "record",
        guest: bool = False,
        login: bool = False,
        expect_token: str | None = None,
        **config: Any,
    ) -> R:
        """Send an auth call and save the store when the reply has a token and a record.

        ``guest``: sent without the stored token (logins). ``login``: a successful reply
        replaces the logged-in identity (ends an automatic refresh registration).
        ``expect_token``: save only while the store still holds that token (automatic
        renewals, so a store cleared by hand meanwhile stays cleared).
        """
        if guest:
            config = as_guest(config)
        reply, req = self._exchange(route, query, **config)
        reply.reshape(auth_reply(record_key, req.normalize))
        result = reply.validate(adapter)
        token = getattr(result, "token", "")
        if token and record_key in result.model_fields_set:
            self._save_auth(token, getattr(result, record_key), login, expect_token)
        return result

    def _save_auth(
        self, token: str, record: Any, login: bool, expect_token: str | None = None
    ) -> None:
        client = self._client
        client._auto_refresh.saving(token, identity_of(record), login)
        stored = True
        if expect_token is None:
            client.auth_store.save(token, record)
        else:
            stored = client.auth_store.save_if_token(expect_token, token, record)
        client._auto_refresh.saved(token, stored)
        if stored:
            client.realtime.resubscribe()

    def _auth_store(self) -> BaseAuthStore:
        return self._client.auth_store

    def _register_auto_refresh(self, registration: Registration, renewer: Renewer) -> None:
        self._client._auto_refresh.register(registration, renewer)

    def _settle_auth(self) -> None:
        """Renew the stored token first if an automatic refresh is due (for requests that
        carry the token in a header of their own)."""
        self._client._auto_refresh.before_request({}, self._client.auth_store)

    def _track_cancel(self, key: str | None, handle: Cancellable) -> Callable[[], None]:
        """Let ``cancel_request(key)`` stop ``handle`` (a long wait); returns the remover."""
        tokens = self._client._cancel_tokens
        if key is None:
            return lambda: None
        previous = tokens.get(key)
        if previous is not None:
            previous.cancel()
        tokens[key] = handle

        def remove() -> None:
            if tokens.get(key) is handle:
                del tokens[key]

        return remove

    def _derived_client(self, auth_store: BaseAuthStore) -> PocketBase:
        return self._client._derived_client(auth_store)

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
        fetch: Callable[[Mapping[str, Any]], Result[ListResult[Any]]],
        batch_size: int | None,
        query_params: Mapping[str, Any] | None,
        filter: str | None,
        sort: str | None,
        expand: str | None,
    ) -> list[Any]:
        """The seed's ``get_full_list``: ``fetch(query)`` gets one page."""
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
            chunk = fetch(query)
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
        """One page of items.

        Args:
            page: the page number, from 1.
            per_page: the items per page.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created,title"``.
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            The page: its items and the paging totals.

        Raises:
            ForbiddenError: the caller may not list these items.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
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
        servers, the largest page the server allows on newer ones).

        Args:
            batch_size: the items per request.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created,title"``.
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            Every item, in the server's order.

        Raises:
            ForbiddenError: the caller may not list these items.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        base, normalize = self._base()
        fetch = functools.partial(
            self._fetch_list, base, model=self.model, normalize_item=normalize
        )
        return self._full_list(fetch, batch_size, query_params, filter, sort, expand)

    def get_one(
        self,
        id: str,
        query_params: Mapping[str, Any] | None = None,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: str | None = None,
    ) -> M:
        """One item by id.

        Args:
            id: the item's id.
            query_params: extra query parameters; the keyword options win over the same keys.
            filter: a filter expression sent along (the seed passes it through).
            sort: sort fields sent along (the seed passes them through).
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            The item.

        Raises:
            NotFoundError: no item has that id (or the caller may not see it).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        query = one_query(query_params, filter, sort, expand)
        return self._call(self._route("GET", id), item_adapter(self.model), query)

    def create(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        *,
        expand: str | None = None,
    ) -> M:
        """Create an item (multipart when ``body_params`` holds files).

        Args:
            body_params: the new item's fields (a mapping, or a model whose ``export()`` gives
                them).
            query_params: extra query parameters.
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            The created item.

        Raises:
            BadRequestError: the server rejected the data (``err.data["data"]`` per field).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
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
        """Update an item (multipart when ``body_params`` holds files).

        Args:
            id: the item's id.
            body_params: the fields to change (a mapping, or a model whose ``export()`` gives them).
            query_params: extra query parameters.
            expand: relations to expand, e.g. ``"author,tags"``.

        Returns:
            The updated item.

        Raises:
            BadRequestError: the server rejected the data (``err.data["data"]`` per field).
            NotFoundError: no item has that id.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return self._call(
            self._route("PATCH", id),
            item_adapter(self.model),
            one_query(query_params, expand=expand),
            body=self._update_body(body_params),
        )

    def delete(self, id: str, query_params: Mapping[str, Any] | None = None) -> bool:
        """Delete an item; returns True.

        Args:
            id: the item's id.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            NotFoundError: no item has that id.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
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
        """Send an auth call; save the store when the reply carries a token and the model.
        Logins (``guest``) never send the stored token (an empty header, as the reference)."""
        return self._authenticate(
            route,
            item_adapter(self.auth_model),
            query_params,
            record_key=self.auth_key,
            guest=guest,
            login=guest,
        )
