"""Batch requests (``pb.create_batch()``) without I/O, shared by both clients.

Queueing (:class:`BatchCollection`: ``create``, ``update``, ``upsert``, ``delete`` of one
collection), the request body (always multipart: one file part per uploaded file, named
``requests.<i>.<field>``, then one ``@jsonPayload`` part ``{"requests": [...]}``), the reply (one
:class:`~pocketbase.models.BatchResult` per queued request, in queue order) and the errors of a
failed batch (which queued request failed, and why).

The server runs every queued request in one transaction: a failure anywhere rolls back all of
them, and the 400 reply names the failing requests under ``data.requests.<i>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel as PydanticModel

from ._errors import ClientResponseError, error_for_status, invalid_request_error
from ._http import (
    check_header_value,
    encode_segment,
    file_part,
    is_file_value,
    serialize_query,
)
from ._js import js_json_stringify
from ._services import modern_query

if TYPE_CHECKING:
    from .models import ErrorResponse

__all__ = [
    "BATCH_PATH",
    "BatchCollection",
    "BatchItem",
    "batch_error",
    "batch_failures",
    "batch_parts",
    "check_batch_size",
    "check_result_count",
]

BATCH_PATH = "/api/batch"

#: the server's message while its batch setting is off
_DISABLED_MESSAGE = "Batch requests are not allowed."
_ENABLE_HINT = (
    "Batch requests are off on this server: a superuser can turn them on in the dashboard "
    '(Settings > Application > "Enable batch API") or with '
    "pb.settings.update({'batch': {'enabled': True}})."
)


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One queued request: what goes into ``@jsonPayload`` and the files sent beside it."""

    method: str
    #: path and query string, e.g. ``/api/collections/posts/records?expand=author``
    url: str
    headers: dict[str, str] | None
    body: dict[str, Any]
    #: ``(field, file value)`` pairs, in order; a field repeats for several files
    files: tuple[tuple[str, Any], ...] = field(default=())

    def wire(self) -> dict[str, Any]:
        """The item of ``@jsonPayload``'s ``requests`` list (JS SDK 0.28.1 key order)."""
        out: dict[str, Any] = {"method": self.method, "url": self.url}
        if self.headers is not None:
            out["headers"] = self.headers
        out["body"] = self.body
        return out


def _bad(message: str) -> ClientResponseError:
    return invalid_request_error(ValueError(message), what="Invalid batch request")


def _body_mapping(body: Any) -> dict[str, Any]:
    """A request body as a dict: a mapping as is, a pydantic model by alias without its
    unset fields."""
    if body is None:
        return {}
    if isinstance(body, Mapping):
        return dict(body)
    if isinstance(body, PydanticModel):
        return body.model_dump(by_alias=True, exclude_unset=True)
    raise _bad(f"a body must be a mapping or a pydantic model, not {type(body).__name__}")


def _file_items(value: Any) -> list[Any] | None:
    """The files of a body value (a file, or a list/tuple of files); None when it has none."""
    if is_file_value(value):
        return [value]
    if isinstance(value, (list, tuple)) and any(is_file_value(item) for item in value):
        return list(value)
    return None


def _split_files(
    body: Mapping[str, Any], files: Mapping[str, Any] | None
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """``(JSON body, file parts)``: file values leave the body, as the JS SDK 0.28.1 does.

    A list mixing files and other values keeps the other values under its key and sends the
    files under ``key+`` (appended to the field's files rather than replacing them; a key
    that already has a ``+`` keeps it).
    """
    merged = dict(body)
    for key, value in (files or {}).items():
        if _file_items(value) is None:
            raise _bad(f"files[{key!r}] is not a file (bytes, a binary file or a tuple)")
        merged[key] = value
    json_body: dict[str, Any] = {}
    parts: list[tuple[str, Any]] = []
    for key, value in merged.items():
        items = _file_items(value)
        if items is None:
            json_body[key] = value
            continue
        uploads = [item for item in items if is_file_value(item)]
        others = [item for item in items if not is_file_value(item)]
        target = key
        if others:
            json_body[key] = others
            if not (key.startswith("+") or key.endswith("+")):
                target = key + "+"
        parts.extend((target, upload) for upload in uploads)
    return json_body, parts


def _checked_headers(headers: Mapping[str, str] | None) -> dict[str, str] | None:
    if headers is None:
        return None
    out = dict(headers)
    for name, value in out.items():
        try:
            check_header_value(name, value)
        except ValueError as exc:
            raise _bad(str(exc)) from None
    return out


def _checked_segment(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise _bad(f"{what} must be a non-empty string, got {value!r}")
    return encode_segment(value)


class BatchCollection:
    """The record writes of one collection, queued in a batch (nothing is sent until the
    batch's ``send()``).

    Each method takes the request's own options: ``expand``/``fields`` (str or a sequence of
    str) and ``query`` go into the request's URL, ``headers`` apply to that request only (the
    whole batch runs with the client's auth).
    """

    __slots__ = ("_base", "_items", "collection_name")

    def __init__(self, items: list[BatchItem], collection_name: str) -> None:
        self._base = f"/api/collections/{_checked_segment(collection_name, 'the collection name')}"
        self._items = items
        self.collection_name = collection_name

    def __repr__(self) -> str:
        return f"<BatchCollection {self.collection_name!r}>"

    def _records_path(self) -> str:
        return self._base + "/records"

    def _record_path(self, record_id: Any) -> str:
        return f"{self._base}/records/{_checked_segment(record_id, 'the record id')}"

    def _queue(
        self,
        method: str,
        path: str,
        body: Any,
        files: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        expand: str | Sequence[str] | None = None,
        fields: str | Sequence[str] | None = None,
    ) -> None:
        json_body, parts = _split_files(_body_mapping(body), files)
        try:
            js_json_stringify(
                json_body, strict=True
            )  # a body that cannot be sent fails now, not at send()
        except (TypeError, ValueError) as exc:
            raise _bad(f"the body is not JSON: {exc}") from None
        url = path
        params = modern_query(query, expand=expand, fields=fields)
        encoded = serialize_query(params, modern=True)  # the JS SDK 0.28.1's query rules
        if encoded:
            url += "?" + encoded
        item = BatchItem(method, url, _checked_headers(headers), json_body, tuple(parts))
        self._items.append(item)

    def create(
        self,
        body: Mapping[str, Any] | PydanticModel | None = None,
        *,
        files: Mapping[str, Any] | None = None,
        expand: str | Sequence[str] | None = None,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Queue the creation of a record (``POST .../records``)."""
        self._queue("POST", self._records_path(), body, files, query, headers, expand, fields)

    def upsert(
        self,
        body: Mapping[str, Any] | PydanticModel | None = None,
        *,
        files: Mapping[str, Any] | None = None,
        expand: str | Sequence[str] | None = None,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Queue an update of the record ``body["id"]``, or its creation with that id when it
        does not exist (``PUT .../records``)."""
        self._queue("PUT", self._records_path(), body, files, query, headers, expand, fields)

    def update(
        self,
        id: str,
        body: Mapping[str, Any] | PydanticModel | None = None,
        *,
        files: Mapping[str, Any] | None = None,
        expand: str | Sequence[str] | None = None,
        fields: str | Sequence[str] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Queue an update of the record ``id`` (``PATCH .../records/{id}``). A file field
        named plainly replaces the field's files; ``field+`` appends, ``field-`` removes."""
        self._queue("PATCH", self._record_path(id), body, files, query, headers, expand, fields)

    def delete(
        self,
        id: str,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Queue the deletion of the record ``id`` (``DELETE .../records/{id}``)."""
        self._queue("DELETE", self._record_path(id), None, None, query, headers)


# -- sending -----------------------------------------------------------------------------------


def check_batch_size(items: Sequence[BatchItem]) -> None:
    """An empty batch is refused before anything is sent."""
    if not items:
        raise _bad(
            "the batch is empty: queue requests with batch.collection(name).create/update/"
            "upsert/delete before send()"
        )


def batch_parts(items: Sequence[BatchItem]) -> list[tuple[str, tuple[str | None, Any, Any]]]:
    """The multipart parts of ``POST /api/batch``: the files (``requests.<i>.<field>``), then
    ``@jsonPayload`` as a plain form field (the order of the JS SDK 0.28.1)."""
    parts: list[tuple[str, tuple[str | None, Any, Any]]] = []
    for index, item in enumerate(items):
        for name, value in item.files:
            parts.append((f"requests.{index}.{name}", file_part(value)))
    payload = js_json_stringify({"requests": [item.wire() for item in items]}, strict=True)
    parts.append(("@jsonPayload", (None, payload.encode(), None)))
    return parts


def check_result_count(count: int, queued: int) -> str | None:
    """What is wrong with a reply of ``count`` results for ``queued`` requests (None: fine)."""
    if count == queued:
        return None
    return f"{count} batch result(s) for {queued} queued request(s)"


# -- errors ------------------------------------------------------------------------------------


def _requests_data(data: Any) -> Mapping[str, Any] | None:
    inner = data.get("data") if isinstance(data, Mapping) else None
    requests = inner.get("requests") if isinstance(inner, Mapping) else None
    return requests if isinstance(requests, Mapping) else None


def batch_failures(data: Any) -> dict[int, ErrorResponse]:
    """Queued request index -> the error that request got, from a failed batch's error body
    (``data.requests.<i>.response``); ``{}`` for any other error body."""
    from .models import ErrorResponse

    requests = _requests_data(data)
    out: dict[int, ErrorResponse] = {}
    for key, entry in (requests or {}).items():
        if not (isinstance(key, str) and key.isdigit() and isinstance(entry, Mapping)):
            continue
        response = entry.get("response")
        payload = dict(response) if isinstance(response, Mapping) else {}
        payload.setdefault("message", entry.get("message", ""))
        out[int(key)] = ErrorResponse.model_validate(payload)
    return dict(sorted(out.items()))


def _field_errors(error: ErrorResponse) -> str:
    parts = [
        f"{name}: {detail.message or detail.code}"
        + (f" ({detail.code})" if detail.code and detail.message else "")
        for name, detail in error.data.items()
    ]
    return f" [{'; '.join(parts)}]" if parts else ""


def _failure_text(index: int, error: ErrorResponse, items: Sequence[BatchItem]) -> str:
    where = ""
    if 0 <= index < len(items):
        item = items[index]
        where = f" ({item.method} {item.url.split('?', 1)[0]})"
    status = f" failed with {error.code}" if error.code else " failed"
    message = f": {error.message}" if error.message else ""
    return f"request {index}{where}{status}{message}{_field_errors(error)}"


def _batch_message(exc: ClientResponseError, items: Sequence[BatchItem]) -> str | None:
    """A message that says what went wrong with the batch, or None to keep the server's."""
    if exc.status == 403 and exc.message == _DISABLED_MESSAGE:
        return f"{exc.message} {_ENABLE_HINT}"
    failures = batch_failures(exc.data)
    if failures:
        details = "; ".join(_failure_text(i, e, items) for i, e in failures.items())
        return (
            f"{exc.message.rstrip('.')}: {details}. The server rolled back every request of "
            "the batch (see err.batch_failures)."
        )
    requests = _requests_data(exc.data)
    if requests is not None and requests.get("code") == "validation_length_too_long":
        params = requests.get("params")
        limit = params.get("max") if isinstance(params, Mapping) else None
        most = f"at most {limit}" if isinstance(limit, int) else "fewer"
        return (
            f"The batch holds {len(items)} requests; this server takes {most} per batch (its "
            "batch.maxRequests setting): split the batch or raise the setting."
        )
    return None


def batch_error(exc: ClientResponseError, items: Sequence[BatchItem]) -> ClientResponseError:
    """The error to raise for a failed ``POST /api/batch``: the same class and data, with a
    message naming the failing request (or how to enable batches); else ``exc`` itself."""
    if exc.status < 400:
        return exc
    message = _batch_message(exc, items)
    if message is None:
        return exc
    return error_for_status(
        exc.url, exc.status, exc.data, original_error=exc.original_error, message=message
    )
