# Generated from pocketbase/_async/services/record_service.py by scripts/unasync.py. Do not edit: edit the async source.
"""``pb.collection(name, model=Record)``: the record service of the modern surface.

The names and options follow the JS SDK 0.28.1 (in snake_case); every call works on every
server generation: what differs (page caps, ``skipTotal``, what an upload to a file field
means, the multipart shape) comes from the generation layer. The seed's ``pb.records``
(:mod:`.records`) is a thin layer over the same service, with the seed's wire.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel as PydanticModel

from ..._auth_store import sync_deleted_record, sync_updated_record
from ..._compat import Event, TaskHandle, current_time, spawn
from ..._generations import Generation, Req
from ..._http import encode_segment
from ..._pipeline import UNSET
from ..._realtime import RealtimeUsageError, UnsubscribeFunc
from ..._services import (
    PageWalker,
    full_list_size,
    item_adapter,
    list_adapter,
    modern_body,
    modern_query,
    not_found_error,
    page_query,
    request_config,
)
from ..._types import Result
from ...models import ListResult, Record, RecordSubscription
from .base import BaseService, Route
from .record_auth import RecordAuthMixin

if TYPE_CHECKING:
    from ..client import PocketBase

__all__ = ["RecordEvents", "RecordService"]

M = TypeVar("M", bound=Record, covariant=True)
N = TypeVar("N", bound=Record)

#: what ``create``/``update`` take as ``body``
Body = Mapping[str, Any] | PydanticModel
#: ``expand``/``fields``: one comma-separated string or a sequence of names
Names = str | Sequence[str]

#: name of the background task (thread in the sync client) that prefetches a page
PREFETCH_NAME = "pocketbase-prefetch"


class RecordService(RecordAuthMixin[M], BaseService, Generic[M]):
    """The records of one collection, as ``model`` objects (``Record`` unless given).

    Get one with ``pb.collection("posts")`` or ``pb.collection("posts", model=Post)``. The
    auth calls of an auth collection (``auth_with_password``, ...) come from
    :class:`~pocketbase._async.services.record_auth.AsyncRecordAuthMixin`.
    Every method takes the keyword options of the JS SDK where it takes them: ``expand`` and
    ``fields`` (a string or a sequence of names), ``filter``, ``sort``, ``skip_total``,
    ``query`` (extra query params), ``headers`` and ``request_key`` (omitted: the default
    auto-cancel key; a str: that key; ``None``: never auto-cancelled).

    Args:
        client: the client the service sends through.
        collection_name: the collection's name or id.
        model: the ``Record`` subclass the records are validated as.
    """

    __slots__ = ("collection_name", "model")

    def __init__(self, client: PocketBase, collection_name: str, model: type[M]) -> None:
        super().__init__(client)
        self.collection_name = collection_name
        self.model = model

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} collection_name={self.collection_name!r} "
            f"model={self.model.__name__}>"
        )

    # -- paths and shared pieces ---------------------------------------------------------------

    @property
    def base_collection_path(self) -> str:
        """``/api/collections/<name>`` (the name percent-encoded)."""
        return f"/api/collections/{encode_segment(self.collection_name)}"

    @property
    def base_crud_path(self) -> str:
        """``/api/collections/<name>/records`` (the seed's path on every server; the modern
        methods ask the server generation, which maps ``_superusers`` to the admins API of
        0.7-0.22)."""
        return f"{self.base_collection_path}/records"

    def _item_path(self, id: str) -> str:
        return f"{self.base_crud_path}/{encode_segment(id)}"

    def _route(self, method: str, id: str | None = None, *, many: bool = False) -> Route:
        """The route of a modern call on the collection (``id``: on one record)."""
        name = self.collection_name

        def build(gen: Generation) -> Req:
            path = gen.records.crud_path(name)
            if id is not None:
                path = f"{path}/{encode_segment(id)}"
            return Req(method, path, normalize=gen.records.crud_normalizer(name, many=many))

        return build

    def _require_id(self, id: str) -> None:
        """The JS SDK's client-side 404 for an empty id (nothing is sent)."""
        if not id:
            url = self._client.build_url(self.base_crud_path + "/")
            raise not_found_error(url, "Missing required record id.")

    @staticmethod
    def _config(
        headers: Mapping[str, str] | None, request_key: str | None, **extra: Any
    ) -> dict[str, Any]:
        """The ``send()`` config of a modern call (queries serialised as JS SDK 0.28.1)."""
        return {**request_config(headers, request_key), **extra}

    def _page(
        self, query: Mapping[str, Any], route: Route | None = None, **config: Any
    ) -> ListResult[M]:
        """One list request (``route``: the seed's ``records`` service gives its own)."""
        if route is None:
            route = self._route("GET", many=True)
        return self._call(route, list_adapter(self.model), query, **config)

    def _record(self, route: Route, query: Mapping[str, Any], **config: Any) -> M:
        return self._call(route, item_adapter(self.model), query, **config)

    def _body_config(self, body: Any, files: Any, *, update: bool) -> dict[str, Any]:
        """``body``/``files`` of the send() config: JSON, or multipart in the generation's
        shape with the 0.23+ meaning of file fields."""
        gen = self._generation()
        if body is None and not files:
            return {"body": gen.records.empty_body()}
        data = modern_body(body, files)
        multipart = gen.records.modern_multipart(data, update=update)
        if multipart is None:
            return {"body": data}
        return {"body": multipart[0], "files": multipart[1]}

    # -- lists -------------------------------------------------------------------------------

    def get_list(
        self,
        page: int = 1,
        per_page: int = 30,
        *,
        filter: str | None = None,
        sort: str | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        skip_total: bool | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> ListResult[M]:
        """One page of records (``skip_total=True``: without counting them, faster).

        Args:
            page: the page number, from 1.
            per_page: the records per page.
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created"``.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            skip_total: skip counting the matches (faster; ``total_items`` and ``total_pages`` are
                then -1).
            query: extra query parameters (the options above win over the same keys).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The page: its records (as ``model``) and the paging totals.

        Raises:
            NotFoundError: no such collection.
            ForbiddenError: the collection's list rule lets only superusers list.
            BadRequestError: an invalid filter or sort.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """
        params = modern_query(
            query,
            filter=filter,
            sort=sort,
            expand=expand,
            fields=fields,
            skip_total=skip_total,
            page=page,
            perPage=per_page,
        )
        return self._page(params, **self._config(headers, request_key))

    def _walk_query(
        self,
        batch: int,
        filter: str | None,
        sort: str | None,
        expand: Names | None,
        fields: Names | None,
        query: Mapping[str, Any] | None,
    ) -> tuple[PageWalker, dict[str, Any]]:
        """The pager and the query (without ``page``/``perPage``) of a walk over every page."""
        gen = self._generation()
        walker = PageWalker(full_list_size(batch, gen.max_per_page), gen.has_skip_total)
        # skipTotal before the caller's query, as the JS SDK 0.28.1 (a caller's value wins)
        extra: dict[str, Any] = {"skipTotal": 1} if walker.skip_total else {}
        extra.update((k, v) for k, v in (query or {}).items() if k not in ("page", "perPage"))
        params = modern_query(extra, filter=filter, sort=sort, expand=expand, fields=fields)
        return walker, params

    def get_full_list(
        self,
        *,
        batch: int = 1000,
        filter: str | None = None,
        sort: str | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[M]:
        """Every record, page by page: ``batch`` per page, at most the largest page the server
        allows (1000 on 0.23+, 500 on 0.8-0.22), without counting where the server can.

        Args:
            batch: the records per request (capped at the server's largest page).
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created"``.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters (``page`` and ``perPage`` are left out; the options above
                win).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            Every matching record, as ``model``.

        Raises:
            NotFoundError: no such collection.
            ForbiddenError: the collection's list rule lets only superusers list.
            BadRequestError: an invalid filter or sort.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """
        walker, params = self._walk_query(batch, filter, sort, expand, fields, query)
        config = self._config(headers, request_key)
        items: list[M] = []
        while True:
            result = self._page(page_query(walker.page, walker.per_page, params), **config)
            fresh, done = walker.take(result.items, result.per_page, result.total_items)
            if fresh:
                items.extend(result.items)
            if done:
                return items

    def iterate(
        self,
        *,
        batch: int = 1000,
        prefetch: bool = False,
        filter: str | None = None,
        sort: str | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = None,
    ) -> Iterator[M]:
        """Every record, one at a time, with the pages fetched lazily: only one page is in
        memory (two with ``prefetch=True``, which fetches the next page in the background
        while the current one is consumed). Leaving the loop early cancels a prefetch in
        flight (the sync client waits for it to return).

        The page requests are never auto-cancelled unless ``request_key`` is given.

        Args:
            batch: the records per request (capped at the server's largest page).
            prefetch: fetch the next page in the background while the current one is consumed.
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created"``.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters (``page`` and ``perPage`` are left out; the options above
                win).
            headers: extra request headers.
            request_key: the auto-cancellation key of the page requests; ``None`` (the default),
                never auto-cancelled.

        Returns:
            An iterator over the records, as ``model`` (nothing is sent before the first item is
                asked for).

        Raises:
            NotFoundError: while iterating: no such collection.
            ForbiddenError: while iterating: the collection's list rule lets only superusers list.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """

        def start() -> tuple[PageWalker, Callable[[int], Result[ListResult[M]]]]:
            walker, params = self._walk_query(batch, filter, sort, expand, fields, query)
            config = self._config(headers, request_key)
            fetch = functools.partial(_fetch_page, self, params, walker.per_page, config)
            return walker, fetch

        return RecordIterator(start, prefetch)

    def get_first_list_item(
        self,
        filter: str,
        *,
        sort: str | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> M:
        """The first record that matches ``filter``; a 404 :class:`~pocketbase.NotFoundError`
        when none does (as the JS SDK, one page of one record, without counting).

        Args:
            filter: a filter expression (bind user input with ``pb.filter()``).
            sort: sort fields, e.g. ``"-created"``.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters (the options above win over the same keys).
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, ``one_by_filter_<path>_<filter>``; a
                string, that key; ``None``, never auto-cancelled.

        Returns:
            The first matching record, as ``model``.

        Raises:
            NotFoundError: no record matches (or no such collection).
            BadRequestError: an invalid filter or sort.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """
        gen = self._generation()
        first: dict[str, Any] = {"filter": filter}
        if gen.has_skip_total:
            first["skipTotal"] = 1
        params = modern_query(
            {**first, **(query or {})},
            sort=sort,
            expand=expand,
            fields=fields,
            page=1,
            perPage=1,
        )
        if request_key is UNSET:
            request_key = f"one_by_filter_{self.base_crud_path}_{filter}"
        route = self._route("GET", many=True)
        reply, req = self._exchange(route, params, **self._config(headers, request_key))
        if req.normalize is not None:
            reply.reshape(req.normalize)
        items = reply.validate(list_adapter(self.model)).items
        if not items:
            raise not_found_error("")  # made by the SDK, with no URL (as the JS SDK 0.28.1)
        return items[0]

    # -- one record ----------------------------------------------------------------------------

    def get_one(
        self,
        id: str,
        *,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> M:
        """One record by id (an empty id is a 404 without a request, as in the JS SDK).

        Args:
            id: the record's id.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The record, as ``model``.

        Raises:
            NotFoundError: no record with that id the caller may see (or an empty id, before
                sending).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """
        self._require_id(id)
        params = modern_query(query, expand=expand, fields=fields)
        route = self._route("GET", id)
        return self._record(route, params, **self._config(headers, request_key))

    def create(
        self,
        body: Body | None = None,
        *,
        files: Mapping[str, Any] | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> M:
        """Create a record from ``body`` (a mapping, or a pydantic model dumped by alias
        without its unset fields). Files (``bytes``, binary file objects,
        ``(filename, data[, content_type])`` tuples, or lists of them) may be in ``body`` or
        in ``files``; the request is then multipart.

        Args:
            body: the record's fields: a mapping, or a pydantic model (dumped by alias, unset fields
                left out); file values make the request multipart.
            files: files by field name (``bytes``, binary file objects, ``(filename, data[,
                content_type])`` tuples, or lists of them), beside those in ``body``.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The created record, as ``model``.

        Raises:
            BadRequestError: the server rejected the data (``err.data["data"]`` per field).
            ForbiddenError: the collection's create rule lets only superusers create.
            ClientResponseError: a body that is neither a mapping nor a pydantic model (before
                sending), or any other failure: another HTTP error status, ``TransportError`` (no
                response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """
        params = modern_query(query, expand=expand, fields=fields)
        config = self._config(headers, request_key)
        config.update(self._body_config(body, files, update=False))
        return self._record(self._route("POST"), params, **config)

    def update(
        self,
        id: str,
        body: Body | None = None,
        *,
        files: Mapping[str, Any] | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> M:
        """Update a record (``body`` and ``files`` as in :meth:`create`).

        File fields have the meaning of servers 0.23+ on every server: uploads under the plain
        field name replace the field's files, under ``"field+"`` they are added, and
        ``{"field-": [names]}`` removes the named files; names given beside uploads are the
        old files to keep. When the record is the one logged in, the auth store gets the new
        field values (same token).

        Args:
            id: the record's id.
            body: the fields to change: a mapping, or a pydantic model (dumped by alias, unset
                fields left out).
            files: files by field name (``bytes``, binary file objects, ``(filename, data[,
                content_type])`` tuples, or lists of them), beside those in ``body``.
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            The updated record, as ``model``.

        Raises:
            BadRequestError: the server rejected the data (``err.data["data"]`` per field).
            NotFoundError: no record with that id the caller may update (or an empty id, before
                sending).
            ClientResponseError: a body that is neither a mapping nor a pydantic model (before
                sending), or any other failure: another HTTP error status, ``TransportError`` (no
                response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                ``model``.
        """
        self._require_id(id)
        params = modern_query(query, expand=expand, fields=fields)
        config = self._config(headers, request_key)
        config.update(self._body_config(body, files, update=True))
        record = self._record(self._route("PATCH", id), params, **config)
        sync_updated_record(self._client.auth_store, self.collection_name, record)
        return record

    def delete(
        self,
        id: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> bool:
        """Delete a record; returns True. Deleting the record that is logged in clears the
        auth store.

        Args:
            id: the record's id.
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, the default key of the call; a string,
                that key; ``None``, never auto-cancelled.

        Returns:
            True.

        Raises:
            NotFoundError: no record with that id the caller may delete (or an empty id, before
                sending).
            BadRequestError: the record is still referenced by a required relation.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        self._require_id(id)
        route = self._route("DELETE", id)
        self._ok(route, modern_query(query), **self._config(headers, request_key))
        sync_deleted_record(self._client.auth_store, self.collection_name, id)
        return True

    # -- realtime ------------------------------------------------------------------------------

    def subscribe(
        self,
        topic: str,
        callback: Callable[[RecordSubscription[M]], Any],
        *,
        filter: str | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> UnsubscribeFunc:
        """Call ``callback(event)`` for every change of the collection's records (``topic``
        ``"*"``) or of one record (``topic`` = its id); ``event.record`` is a ``model``.

        ``filter``, ``expand``, ``fields``, ``query`` and ``headers`` travel with the
        subscription (servers 0.20+ apply them; older ones ignore them). Each call adds a
        listener and returns the function that removes it; a first connection that fails
        raises and keeps nothing. The async client also takes async callbacks.

        Args:
            topic: ``"*"`` for every record of the collection, or a record's id.
            callback: called with each event (``action`` and ``record``).
            filter: a filter expression (bind user input with ``pb.filter()``).
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.

        Returns:
            The function that removes this listener (awaitable in the async client).

        Raises:
            TransportError: the stream was never connected and its first connect failed (the server
                cannot be reached); nothing is kept.
            UnsupportedFeatureError: options (``filter``, ``expand``, ``fields``, ``query``,
                ``headers``) on a 0.7 server (nothing is sent).
            ClientResponseError: an empty topic or a callback that is not callable (also a
                ``ValueError``), a closed client, or the server's refusal of the first connect or of
                the subscription.
        """
        if not topic or not isinstance(topic, str):
            raise RealtimeUsageError(message="topic must be set.")
        options = modern_query(query, filter=filter, expand=expand, fields=fields)
        given = query is not None or any(v is not None for v in (filter, expand, fields))
        return self._client.realtime.listen(
            f"{self.collection_name}/{topic}",
            callback,
            query=options if given else None,
            headers=headers,
            model=self.model,
        )

    def unsubscribe(self, topic: str | None = None) -> None:
        """Remove the listeners of ``topic`` (with any options), or every subscription of the
        collection when no topic is given.

        Args:
            topic: ``"*"`` or a record's id; ``None``, every topic of the collection.

        Raises:
            ClientResponseError: without a topic, a collection name with ``?`` in it, which cannot
                be a topic prefix (also a ``ValueError``). A refused subscription POST is logged and
                the stream reconnected, never raised.
        """
        if topic is None:
            self._client.realtime.unsubscribe_by_prefix(self.collection_name)
        else:
            self._client.realtime.unsubscribe(f"{self.collection_name}/{topic}")

    def events(
        self,
        topic: str = "*",
        *,
        filter: str | None = None,
        expand: Names | None = None,
        fields: Names | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> RecordEvents[M]:
        """The events of ``topic`` as an iterator to use in a ``with`` block and a ``for``
        loop (their async forms in the async client): subscribed on entering the block or on
        the first iteration, unsubscribed when closed.

        Args:
            topic: ``"*"`` for every record of the collection, or a record's id.
            filter: a filter expression (bind user input with ``pb.filter()``).
            expand: relations to expand: a comma-separated string or a sequence of names.
            fields: the fields to return: a comma-separated string or a sequence of names.
            query: extra query parameters.
            headers: extra request headers.

        Returns:
            The events iterator (nothing is subscribed yet).
        """

        def subscribe(push: Callable[[RecordSubscription[M]], None]) -> UnsubscribeFunc:
            return self.subscribe(
                topic,
                push,
                filter=filter,
                expand=expand,
                fields=fields,
                query=query,
                headers=headers,
            )

        return RecordEvents(f"{self.collection_name}/{topic}", subscribe)


def _fetch_page(
    service: RecordService[N],
    params: Mapping[str, Any],
    per_page: int,
    config: Mapping[str, Any],
    page: int,
) -> ListResult[N]:
    """One page of a walk; a module function so that a prefetch never holds its iterator."""
    return service._page(page_query(page, per_page, params), **config)


class _AsyncPrefetch(Generic[N]):
    """One page request running in the background (a task; a thread in the sync client)."""

    __slots__ = ("_error", "_fetch", "_result", "handle")

    def __init__(self, fetch: Callable[[], Result[ListResult[N]]]) -> None:
        self._fetch = fetch
        self._result: ListResult[N] | None = None
        self._error: Exception | None = None
        self.handle: TaskHandle = spawn(self._run, PREFETCH_NAME)

    def _run(self) -> None:
        try:
            self._result = self._fetch()
        except Exception as exc:  # handed to the consumer by result()
            self._error = exc

    def result(self) -> ListResult[N]:
        self.handle.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


class RecordIterator(Iterator[N]):
    """The iterator of :meth:`AsyncRecordService.iterate`.

    It keeps the records of one page (popped as they are handed out) and, with ``prefetch``,
    the request for the next one. ``aclose()``, leaving its ``with`` block or dropping
    the iterator stops a prefetch in flight.
    """

    def __init__(
        self,
        start: Callable[[], Result[tuple[PageWalker, Callable[[int], Result[ListResult[N]]]]]],
        prefetch: bool,
    ) -> None:
        self._start: (
            Callable[[], Result[tuple[PageWalker, Callable[[int], Result[ListResult[N]]]]]] | None
        ) = start
        self._prefetch = prefetch
        self._walker: PageWalker | None = None
        self._fetch: Callable[[int], Result[ListResult[N]]] | None = None
        self._items: deque[N] = deque()
        self._pending: _AsyncPrefetch[N] | None = None
        self._done = False

    def __iter__(self) -> RecordIterator[N]:
        return self

    def __next__(self) -> N:
        while not self._items:
            if self._done:
                raise StopIteration
            try:
                self._load()
            except BaseException:
                self.close()
                raise
        return self._items.popleft()

    def _load(self) -> None:
        if self._start is not None:
            self._walker, self._fetch = self._start()
            self._start = None
        walker, fetch = self._walker, self._fetch
        assert walker is not None and fetch is not None
        pending, self._pending = self._pending, None
        page = pending.result() if pending is not None else fetch(walker.page)
        fresh, self._done = walker.take(page.items, page.per_page, page.total_items)
        if fresh:
            self._items.extend(page.items)
        del page  # only the records themselves stay, and only until handed out
        if self._prefetch and not self._done:
            self._pending = _AsyncPrefetch(functools.partial(fetch, walker.page))

    def close(self) -> None:
        """Stop: drop the page and cancel a prefetch in flight."""
        self._done = True
        self._items.clear()
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.handle.interrupt()
            pending.handle.join()

    def __enter__(self) -> RecordIterator[N]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        pending = getattr(self, "_pending", None)
        if pending is not None:
            self._pending = None
            pending.handle.abandon()


class RecordEvents(Iterator[RecordSubscription[N]]):
    """The events of one ``collection(name).events(topic)`` call, fed by a listener.

    It subscribes on entering its ``with`` block (or on the first iteration) and unsubscribes
    when closed (``aclose()``/``close()`` or leaving the block); iteration then stops.

    Args:
        topic: the subscription's topic (``<collection>/<topic>``), for messages.
        subscribe: subscribes a push function and returns its remover (the record service's
            ``subscribe``).
    """

    def __init__(
        self,
        topic: str,
        subscribe: Callable[[Callable[[RecordSubscription[N]], None]], Result[UnsubscribeFunc]],
    ) -> None:
        self.topic = topic
        self._subscribe = subscribe
        self._queue: deque[RecordSubscription[N]] = deque()
        self._ready = Event()
        self._unsubscribe: UnsubscribeFunc | None = None
        self._started = False
        self._closed = False

    def _push(self, event: RecordSubscription[N]) -> None:
        self._queue.append(event)
        self._ready.set()

    def start(self) -> None:
        """Subscribe now (once); entering the ``with`` block does it too.

        Raises:
            TransportError: the stream was never connected and its first connect failed (the server
                cannot be reached); nothing is kept.
            UnsupportedFeatureError: options (``filter``, ``expand``, ``fields``, ``query``,
                ``headers``) on a 0.7 server (nothing is sent).
            ClientResponseError: an empty topic or a callback that is not callable (also a
                ``ValueError``), a closed client, or the server's refusal of the first connect or of
                the subscription.
        """
        if self._started or self._closed:
            return
        self._started = True
        self._unsubscribe = self._subscribe(self._push)

    def get(self, timeout: float | None = None) -> RecordSubscription[N]:
        """The next event; raises ``TimeoutError`` when none arrived within ``timeout``
        seconds, and the end-of-iteration exception once closed.

        Args:
            timeout: the longest wait in seconds; ``None``, no limit.

        Returns:
            The next event.

        Raises:
            TimeoutError: no event within ``timeout``.
            TransportError: the stream was never connected and its first connect failed (the server
                cannot be reached); nothing is kept.
            UnsupportedFeatureError: options (``filter``, ``expand``, ``fields``, ``query``,
                ``headers``) on a 0.7 server (nothing is sent).
            ClientResponseError: an empty topic or a callback that is not callable (also a
                ``ValueError``), a closed client, or the server's refusal of the first connect or of
                the subscription.
        """
        self.start()
        deadline = None if timeout is None else current_time() + timeout
        while True:
            if self._closed:
                raise StopIteration
            if self._queue:
                return self._queue.popleft()
            self._ready.clear()
            if self._queue or self._closed:
                continue
            remaining = None if deadline is None else max(0.0, deadline - current_time())
            if not self._ready.wait(remaining):
                raise TimeoutError(f"no {self.topic!r} event within {timeout} s")

    def __iter__(self) -> RecordEvents[N]:
        return self

    def __next__(self) -> RecordSubscription[N]:
        return self.get()

    def __enter__(self) -> RecordEvents[N]:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Unsubscribe and end the iteration."""
        self._closed = True
        self._ready.set()
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
