"""Sans-I/O pieces shared by the service modules of both clients."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel as PydanticModel, TypeAdapter

from ._errors import error_for_status, invalid_request_error
from ._http import build_url, encode_segment, is_file_value, serialize_query
from ._pipeline import UNSET
from .models import ListResult, Record

__all__ = [
    "PageWalker",
    "full_list_size",
    "join_names",
    "modern_body",
    "modern_file_url",
    "not_found_error",
    "page_query",
    "merged_query",
    "modern_query",
    "request_config",
    "body_dict",
    "auth_reply",
    "FullListPager",
    "item_adapter",
    "list_adapter",
    "list_query",
    "merge_params",
    "one_query",
    "plain_list_adapter",
]

M = TypeVar("M")


_ITEM_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}
_LIST_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}
_PLAIN_LIST_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def item_adapter(model: type[M]) -> TypeAdapter[M]:
    """A TypeAdapter for one model class, built once per class."""
    adapter = _ITEM_ADAPTERS.get(model)
    if adapter is None:
        adapter = _ITEM_ADAPTERS[model] = TypeAdapter(model)
    return adapter


def list_adapter(model: type[M]) -> TypeAdapter[ListResult[M]]:
    """A TypeAdapter for ``ListResult[model]``, built once per class."""
    adapter = _LIST_ADAPTERS.get(model)
    if adapter is None:
        adapter = _LIST_ADAPTERS[model] = TypeAdapter(ListResult[model])  # type: ignore[valid-type]
    return adapter


def plain_list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    """A TypeAdapter for ``list[model]``, built once per class."""
    adapter = _PLAIN_LIST_ADAPTERS.get(model)
    if adapter is None:
        adapter = _PLAIN_LIST_ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def body_dict(body_params: Any) -> Any:
    """A request body from ``body_params``: models give their exported wire shape."""
    if body_params is None:
        return {}
    export = getattr(body_params, "export", None)
    if callable(export):
        return export()
    return dict(body_params)


def _keywords(filter: str | None, sort: str | None, expand: str | None) -> dict[str, str]:
    extra: dict[str, str] = {}
    if filter is not None:
        extra["filter"] = filter
    if sort is not None:
        extra["sort"] = sort
    if expand is not None:
        extra["expand"] = expand
    return extra


def list_query(
    page: int,
    per_page: int,
    query_params: Mapping[str, Any] | None,
    filter: str | None = None,
    sort: str | None = None,
    expand: str | None = None,
) -> dict[str, Any]:
    """``{page, perPage, **query_params}``: page and perPage first, caller keys override values."""
    query: dict[str, Any] = {"page": page, "perPage": per_page}
    if query_params:
        query.update(query_params)
    query.update(_keywords(filter, sort, expand))
    return query


def one_query(
    query_params: Mapping[str, Any] | None,
    filter: str | None = None,
    sort: str | None = None,
    expand: str | None = None,
) -> Mapping[str, Any]:
    extra = _keywords(filter, sort, expand)
    if not extra:
        return query_params if query_params is not None else {}
    query = dict(query_params or {})
    query.update(extra)
    return query


class FullListPager:
    """The paging state of ``get_full_list``: which page to ask for, and when to stop.

    With totals (the reference rule): stop on an empty page or once ``totalItems`` items were
    fetched. A server that clamps past-the-end pages returns the last page again; when that
    repeated page is exactly the previous one (its total is wrong), stop without the
    duplicates instead of asking forever. With ``skipTotal``: stop on a short page. A caller's
    own ``page`` param makes every request ask for the same page, as in the reference.
    """

    __slots__ = ("_last_ids", "_repeats_allowed", "items", "page", "per_page", "skip_total")

    def __init__(self, per_page: int, skip_total: bool, caller_page: bool) -> None:
        self.per_page = per_page
        self.skip_total = skip_total
        self._repeats_allowed = caller_page
        self.page = 1
        self.items: list[Any] = []
        self._last_ids: list[Any] = []

    def add(self, page_items: list[Any], total_items: int) -> bool:
        """Take one page; True when the list is complete."""
        if not page_items:
            return True
        ids = [getattr(item, "id", None) for item in page_items]
        if self.page > 1 and ids == self._last_ids and not self._repeats_allowed:
            return True  # a clamped repeat of the previous page: nothing new, ever
        self.items.extend(page_items)
        self._last_ids = ids
        self.page += 1
        if self.skip_total:
            return len(page_items) < self.per_page
        return total_items <= len(self.items)


def merge_params(query: dict[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """Add params a generation requires; filters are combined with ``&&``, never replaced."""
    for key, value in (extra or {}).items():
        if key == "filter" and query.get("filter"):
            query["filter"] = f"({value}) && ({query['filter']})"
        else:
            query.setdefault(key, value)
    return query


def auth_reply(key: str, normalize: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """A reply normaliser for auth calls: ``normalize`` (a generation hook) first, then a
    ``null`` model under ``key`` is dropped.

    The reference saves the auth store only when both the token and the model are truthy; with
    the null dropped, "``key`` was given" (``model_fields_set``) means exactly that (``{}`` is
    truthy in JS and still counts).
    """

    def run(data: Any) -> Any:
        if normalize is not None:
            data = normalize(data)
        if isinstance(data, Mapping) and key in data and data[key] is None:
            data = {k: v for k, v in data.items() if k != key}
        return data

    return run


# -- the modern surface's keyword options ------------------------------------------------------


def join_names(value: str | Sequence[str] | None) -> str | None:
    """``expand``/``fields`` as the server reads them: one comma-separated string."""
    if value is None or isinstance(value, str):
        return value
    return ",".join(value)


def modern_query(
    query: Mapping[str, Any] | None = None,
    *,
    expand: str | Sequence[str] | None = None,
    fields: str | Sequence[str] | None = None,
    filter: str | None = None,
    sort: str | None = None,
    skip_total: bool | None = None,
    **first: Any,
) -> dict[str, Any]:
    """The query of a modern call, in the JS SDK 0.28.1's order: ``first`` (``page``,
    ``perPage``), then the caller's ``query``, then the options that were given."""
    out: dict[str, Any] = dict(first)
    out.update(query or {})
    options = {
        "filter": filter,
        "sort": sort,
        "expand": join_names(expand),
        "fields": join_names(fields),
        "skipTotal": skip_total,
    }
    for key, value in options.items():
        if value is not None:
            out[key] = value
    return out


def merged_query(
    query_params: Mapping[str, Any] | None, query: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The query of a seed method that also takes the modern ``query=`` option: the seed's
    ``query_params`` first, then ``query`` (which wins a shared key)."""
    out = dict(query_params or {})
    out.update(query or {})
    return out


def request_config(
    headers: Mapping[str, str] | None = None, request_key: Any = UNSET, *, modern: bool = True
) -> dict[str, Any]:
    """The ``send()`` config of a modern call: its SDK-only options (extra headers and the
    cancel key: omitted, the default key; a str, that key; None, never auto-cancelled) and the
    ``modern`` flag, which gives the request the JS SDK 0.28.1's wire (query rules, the JSON
    ``Content-Type``). ``modern=False``: a seed call's options (the 0.7.4 wire)."""
    config: dict[str, Any] = {"modern": True} if modern else {}
    if headers:
        config["headers"] = dict(headers)
    if request_key is not UNSET:
        config["request_key"] = request_key
    return config


# -- the modern record service -------------------------------------------------------------------


def _as_items(value: Any) -> list[Any]:
    """A body value as a list of values (a file tuple is one value)."""
    if isinstance(value, (list, tuple)) and not is_file_value(value):
        return list(value)
    return [value]


def modern_body(body: Any, files: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The body of a modern create/update: a mapping as given, or a pydantic model dumped by
    alias with its unset fields left out; ``files`` are added under their keys (beside the
    body's own values for the same key)."""
    if body is None:
        out: dict[str, Any] = {}
    elif isinstance(body, Mapping):
        out = dict(body)
    elif isinstance(body, PydanticModel):
        out = body.model_dump(by_alias=True, exclude_unset=True)
    else:
        raise invalid_request_error(
            TypeError(f"expected a mapping or a pydantic model, got {type(body).__name__}"),
            what="Invalid body",
        )
    for key, value in (files or {}).items():
        out[key] = [*_as_items(out[key]), *_as_items(value)] if key in out else value
    return out


def page_query(page: int, per_page: int, query: Mapping[str, Any]) -> dict[str, Any]:
    """``{page, perPage, **query}``: the paging keys first, as the JS SDK 0.28.1 sends them."""
    return {"page": page, "perPage": per_page, **query}


class PageWalker:
    """The paging state of the modern ``get_full_list`` and ``iterate``, without keeping items.

    With ``skip_total`` (servers 0.8+), a page shorter than the ``perPage`` the server echoed
    is the last one (0.8-0.22 cap ``perPage`` at 500 and say so); without it (0.7), the
    reply's ``totalItems`` tells. An empty page ends the walk, and so does a page that repeats
    the previous one (a server that clamps past-the-end pages).
    """

    __slots__ = ("_last_ids", "fetched", "page", "per_page", "skip_total")

    def __init__(self, per_page: int, skip_total: bool) -> None:
        self.per_page = per_page
        self.skip_total = skip_total
        self.page = 1
        self.fetched = 0
        self._last_ids: list[Any] = []

    def take(self, items: list[Any], echoed_per_page: int, total_items: int) -> tuple[bool, bool]:
        """Take one page: (whether its items are new, whether the walk is over)."""
        if not items:
            return False, True
        ids = [getattr(item, "id", None) for item in items]
        if self.page > 1 and ids == self._last_ids:
            return False, True
        self._last_ids = ids
        self.page += 1
        self.fetched += len(items)
        if self.skip_total:
            return True, len(items) < (echoed_per_page or self.per_page)
        return True, total_items <= self.fetched


def full_list_size(batch: int, max_per_page: int) -> int:
    """The page size of ``get_full_list``/``iterate``: ``batch``, at most the largest page the
    server generation allows."""
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise invalid_request_error(
            ValueError(f"batch must be a positive int, got {batch!r}"), what="Invalid batch"
        )
    return min(batch, max_per_page)


def not_found_error(url: str, message: str = "The requested resource wasn't found.") -> Any:
    """The client-side 404 of the JS SDK 0.28.1 (``get_first_list_item`` without a match,
    ``get_one("")``)."""
    return error_for_status(url, 404, {"code": 404, "message": message, "data": {}})


def _record_keys(record: Any) -> tuple[str, str]:
    """``(collection id or name, record id)`` of a record or a record dict."""
    if isinstance(record, Record):
        return record.collection_id or record.collection_name, record.id
    if isinstance(record, Mapping):
        collection = record.get("collectionId") or record.get("collectionName") or ""
        record_id = record.get("id") or ""
        return (
            collection if isinstance(collection, str) else "",
            record_id if isinstance(record_id, str) else "",
        )
    return "", ""


def modern_file_url(
    base_url: str, record: Any, filename: str, query: Mapping[str, Any] | None
) -> str:
    """The JS SDK 0.28.1 ``files.getURL``: ``/api/files/<collection>/<id>/<filename>`` with
    each segment percent-encoded and the query serialised as that SDK does (``None`` values
    left out); ``""`` without a filename, a record id or a collection."""
    collection, record_id = _record_keys(record)
    if not filename or not record_id or not collection:
        return ""
    path = "/".join(
        [
            "/api/files",
            encode_segment(collection),
            encode_segment(record_id),
            encode_segment(filename),
        ]
    )
    url = build_url(base_url, path)
    text = serialize_query(query or {}, modern=True)
    return f"{url}?{text}" if text else url
