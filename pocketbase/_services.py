"""Sans-I/O pieces shared by the service modules of both clients."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import TypeAdapter

from ._pipeline import UNSET
from .models import ListResult

__all__ = [
    "join_names",
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
    headers: Mapping[str, str] | None = None, request_key: Any = UNSET
) -> dict[str, Any]:
    """The ``send()`` config of the SDK-only options: extra headers and the cancel key
    (omitted: the default key; a str: that key; None: never auto-cancelled)."""
    config: dict[str, Any] = {}
    if headers:
        config["headers"] = dict(headers)
    if request_key is not UNSET:
        config["request_key"] = request_key
    return config
