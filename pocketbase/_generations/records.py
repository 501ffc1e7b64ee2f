"""Record bodies on each generation: what an upload to a file field means, and how the
modern surface (``pb.collection(name)``) shapes a body that holds files.

The modern surface gives a body the meaning of servers 0.23+ on every generation: in an
update, a plain file field name replaces the field's files, ``field+`` adds to them and
``field-`` removes the named ones. Servers 0.7-0.22 add uploads to a plain field name and
ignore ``field+`` for files, so the bridge of those generations rewrites the body (see
:meth:`RecordRoutes.modern_multipart`). Probed on 0.22.27: an empty text part under the
field name clears the field before the uploads of the same request are added; a modifier key
(``docs-``, ``tags+``) reads only the first of repeated parts but understands a JSON array
text; a plain multi-value field (select, relation, file) reads every repeated part but takes
a JSON array text as one value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .._http import encode_segment, file_part, has_files, is_file_value, js_string
from .._js import js_json_stringify
from ._common import SUPERUSERS, Normalizer, holds_files

__all__ = ["JSON_PAYLOAD", "Multipart", "RecordRoutes", "RecordRoutes23", "records_path"]

#: the multipart part whose JSON object the server (0.21+) merges into the body
JSON_PAYLOAD = "@jsonPayload"

#: httpx's ``data`` (text fields, repeated for lists) and ``files`` (file parts, in order)
Multipart = tuple[dict[str, str | list[str]], list[tuple[str, tuple[str, Any, str]]]]

_SCALARS = (str, int, float, bool)
#: values written as their text in a form field (dates as in a JSON body)
_FORM_TEXT = (*_SCALARS, date)


def _add_text(data: dict[str, str | list[str]], key: str, text: str) -> None:
    current = data.get(key)
    if current is None:
        data[key] = text
    elif isinstance(current, list):
        current.append(text)
    else:
        data[key] = [current, text]


def _elements(value: Any) -> Iterable[Any]:
    return [value] if is_file_value(value) else value


def _add_mixed(data: dict[str, str | list[str]], files: list[Any], key: str, value: Any) -> None:
    """Files and the text elements beside them (names of files to keep), under ``key``."""
    for item in _elements(value):
        if is_file_value(item):
            files.append((key, file_part(item)))
        else:
            _add_text(data, key, js_string(item))


def _modifier(key: str) -> bool:
    return key.endswith(("+", "-"))


def _as_superuser(item: Any) -> Any:
    """An admin of 0.7-0.22 as a ``_superusers`` record (its collection named)."""
    if isinstance(item, Mapping) and "collectionName" not in item:
        return {**item, "collectionName": SUPERUSERS}
    return item


def _superuser_list(data: Any) -> Any:
    if isinstance(data, Mapping) and isinstance(data.get("items"), list):
        return {**data, "items": [_as_superuser(item) for item in data["items"]]}
    return data


def records_path(collection: str) -> str:
    """``/api/collections/<collection>/records`` (the name percent-encoded)."""
    return f"/api/collections/{encode_segment(collection)}/records"


class RecordRoutes:
    """0.7-0.22: files uploaded on update are added to a multi-file field's files; the
    ``_superusers`` collection of newer servers is the admins API."""

    def crud_path(self, collection: str) -> str:
        """The records path of ``collection`` for the modern record service (the admins
        routes for ``_superusers``)."""
        if collection == SUPERUSERS:
            return "/api/admins"
        return records_path(collection)

    def crud_normalizer(self, collection: str, *, many: bool) -> Normalizer | None:
        """How to reshape a reply of :meth:`crud_path` (a list when ``many``): admins get
        ``collectionName: "_superusers"``, so they read as the records they are on 0.23+."""
        if collection != SUPERUSERS:
            return None
        return _superuser_list if many else _as_superuser

    def seed_update_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A seed ``records.update``/``users.update`` body: uploads append, as on 0.7."""
        return dict(body)

    def empty_body(self) -> dict[str, Any] | None:
        """The body of a modern create/update given no values: ``{}``, since these servers
        refuse a JSON request without a body (400 "Failed to load the submitted data due to
        invalid formatting.", probed on 0.22.27)."""
        return {}

    def modern_multipart(self, body: Mapping[str, Any], *, update: bool) -> Multipart | None:
        """The multipart form of a modern create/update body (None: no file, send JSON).

        These servers have no ``@jsonPayload`` before 0.21, so every value is a form field:
        text for strings, numbers, booleans and dates, ``""`` for ``None`` and an empty list,
        repeated parts for a list of strings under a plain name (what select, relation and
        file fields read), JSON text for other lists, for lists under a modifier key, and for
        objects. A JSON field that should hold a list of strings is therefore best given as
        JSON text by the caller (``json.dumps(value)``), which every generation reads.

        File fields get the 0.23+ meaning: ``field+`` uploads go under the plain name (which
        adds them here), and an update of a plain name with files only starts with an empty
        part, which clears the old files first (a replace). Names given beside the files are
        the old files to keep, as on 0.23+.
        """
        if not any(has_files(value) for value in body.values()):
            return None
        data: dict[str, str | list[str]] = {}
        files: list[tuple[str, tuple[str, Any, str]]] = []
        for key, value in body.items():
            if has_files(value):
                self._add_upload(data, files, key, value, update=update)
            else:
                for text in self._form_texts(key, value):
                    _add_text(data, key, text)
        return data, files

    @staticmethod
    def _add_upload(
        data: dict[str, str | list[str]],
        files: list[Any],
        key: str,
        value: Any,
        *,
        update: bool,
    ) -> None:
        if key.endswith("+"):
            _add_mixed(data, files, key[:-1], value)
            return
        replaces = update and not key.endswith("-") and holds_files(value)
        if replaces and key not in data:
            _add_text(data, key, "")  # clears the old files; the uploads are then added
        _add_mixed(data, files, key, value)

    @staticmethod
    def _form_texts(key: str, value: Any) -> list[str]:
        if value is None:
            return [""]
        if isinstance(value, _FORM_TEXT):
            return [js_string(value)]
        if isinstance(value, (list, tuple)):
            if not value:
                return [""]
            if not _modifier(key) and all(isinstance(item, str) for item in value):
                return list(value)
        return [js_json_stringify(value)]


class RecordRoutes23(RecordRoutes):
    """0.23+ replaces a file field's files with the uploaded ones; ``field+`` adds them."""

    def crud_path(self, collection: str) -> str:
        return records_path(collection)

    def crud_normalizer(self, collection: str, *, many: bool) -> Normalizer | None:
        return None

    def empty_body(self) -> dict[str, Any] | None:
        # nothing is sent, as the JS SDK 0.28.1 does; these servers read it as no values
        return None

    def seed_update_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        # `field+` still replaces the file of a single-file field, the older behaviour too
        out: dict[str, Any] = {}
        for key, value in body.items():
            if holds_files(value) and not key.endswith(("+", "-")) and f"{key}+" not in body:
                key = f"{key}+"
            out[key] = value
        return out

    def modern_multipart(self, body: Mapping[str, Any], *, update: bool) -> Multipart | None:
        """The multipart form of a modern body, as the JS SDK 0.28.1 builds it: strings,
        numbers and booleans as text parts, files (and the text elements beside them) as
        parts under their key, and every other value (objects, lists, ``None``, dates) as
        its own ``@jsonPayload`` part ``{"key": value}``, which keeps its JSON type."""
        if not any(has_files(value) for value in body.values()):
            return None
        data: dict[str, str | list[str]] = {}
        files: list[tuple[str, tuple[str, Any, str]]] = []
        for key, value in body.items():
            if has_files(value):
                _add_mixed(data, files, key, value)
            elif isinstance(value, _SCALARS):
                _add_text(data, key, js_string(value))
            else:
                _add_text(data, JSON_PAYLOAD, js_json_stringify({key: value}))
        return data, files
