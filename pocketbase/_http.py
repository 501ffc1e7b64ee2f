"""Sans-I/O request building shared by both clients.

URL joining, query serialisation, JSON bodies, path-segment encoding, header rules and
multipart splitting all live here, so they are written and tested once.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote_plus

from ._js import (
    encode_uri_component,
    js_iso_string,
    js_json_stringify,
    js_number_to_string,
    js_truthy,
)

__all__ = [
    "SPECIAL_PARAMS",
    "build_url",
    "check_header_value",
    "encode_segment",
    "file_part",
    "file_url",
    "has_files",
    "is_file_value",
    "js_string",
    "js_truthy",
    "modern_query_value",
    "serialize_query",
    "split_multipart",
]

SPECIAL_PARAMS = ("$autoCancel", "$cancelKey")


def build_url(base_url: str, path: str) -> str:
    """Join ``base_url`` and ``path`` exactly like the reference ``buildUrl``.

    One ``/`` is added unless the base already ends with one; one leading ``/`` of ``path`` is
    dropped. Nothing is encoded or collapsed.
    """
    url = base_url if base_url.endswith("/") else base_url + "/"
    if path:
        url += path[1:] if path.startswith("/") else path
    return url


def encode_segment(value: object) -> str:
    """Percent-encode one path segment (ids, collection names, providers).

    ``/``, ``?``, ``#`` and ``%`` are always encoded; a segment made only of dots is sent with
    encoded dots, since httpx and proxies resolve literal ``.``/``..`` segments.
    """
    text = value if isinstance(value, str) else js_string(value)
    encoded = encode_uri_component(text)
    if encoded and encoded.strip(".") == "":
        encoded = "%2E" * len(encoded)
    return encoded


def js_string(value: Any) -> str:
    """``String(value)`` in JavaScript terms, for query values and form fields."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return js_number_to_string(value)
    if isinstance(value, (datetime, date)):
        return js_iso_string(value)
    if isinstance(value, (list, tuple)):
        return ",".join("" if v is None else js_string(v) for v in value)
    if isinstance(value, Mapping):
        return "[object Object]"
    return str(value)


def serialize_query(params: Mapping[str, Any], *, modern: bool = False) -> str:
    """Serialise query params exactly like the reference SDK.

    ``None`` is skipped, lists repeat the key, datetimes become ISO strings with milliseconds
    and ``Z``, dicts become compact JSON, booleans ``true``/``false``; keys and values are
    encoded with the ``encodeURIComponent`` character set.

    ``modern=True`` follows the JS SDK 0.28.1 instead (the modern surface's calls): every
    value, top level or inside a list, goes through :func:`modern_query_value`.
    """
    if modern:
        return _serialize_modern_query(params)
    parts: list[str] = []
    for key, value in params.items():
        if value is None:
            continue
        ekey = encode_uri_component(str(key))
        if isinstance(value, (list, tuple)):
            for item in value:
                parts.append(f"{ekey}={encode_uri_component(js_string(item))}")
            continue
        if isinstance(value, Mapping):
            text = js_json_stringify(value)
        else:
            text = js_string(value)
        parts.append(f"{ekey}={encode_uri_component(text)}")
    return "&".join(parts)


def modern_query_value(value: Any) -> str | None:
    """One query value as the JS SDK 0.28.1 writes it (None: left out).

    ``None`` is skipped (also inside lists), datetimes are written as
    ``YYYY-MM-DD HH:MM:SS.mmmZ`` (the server's own date form), dicts, lists and models as
    compact JSON, everything else as JavaScript's ``String(value)``.
    """
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return encode_uri_component(js_iso_string(value).replace("T", " ", 1))
    if isinstance(value, (Mapping, list, tuple)) or callable(getattr(value, "model_dump", None)):
        return encode_uri_component(js_json_stringify(value))
    return encode_uri_component(js_string(value))


def _serialize_modern_query(params: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for key, value in params.items():
        ekey = encode_uri_component(str(key))
        for item in value if isinstance(value, (list, tuple)) else (value,):
            text = modern_query_value(item)
            if text is not None:
                parts.append(f"{ekey}={text}")
    return "&".join(parts)


def _search_params_encode(text: str) -> str:
    return quote_plus(text, safe="*").replace("~", "%7E")


def file_url(
    base_url: str, collection: str, record_id: str, filename: str, query: Mapping[str, Any] | None
) -> str:
    """The reference ``getFileUrl``: no request, trailing slashes stripped, segments as given,
    query encoded like ``URLSearchParams``."""
    base = base_url.rstrip("/")
    url = "/".join([base, "api", "files", collection, record_id, filename])
    if query:
        encoded = "&".join(
            f"{_search_params_encode(str(k))}={_search_params_encode(js_string(v))}"
            for k, v in query.items()
        )
        url += ("&" if "?" in url else "?") + encoded
    return url


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def check_header_value(name: Any, value: Any) -> None:
    """Reject headers that could split the request or that HTTP cannot carry.

    The name must be an RFC 9110 token and the value a str (or bytes) without CR, LF or NUL.
    The value is never quoted in the error: it may be a token.
    """
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    if not isinstance(name, str) or not _TOKEN.fullmatch(name):
        raise ValueError(f"invalid header name {name!r}")
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        raise ValueError(f"header {name!r} must be a str, not {type(value).__name__}")
    if "\r" in value or "\n" in value or "\x00" in value:
        raise ValueError(f"header {name!r} contains a line break or NUL character")


# --------------------------------------------------------------------------------------------
# multipart


def _is_binary(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview)) or callable(
        getattr(value, "read", None)
    )


def is_file_value(value: Any) -> bool:
    """``bytes``, binary file objects and ``(filename, data[, content_type])`` tuples.

    A tuple's ``data`` must be bytes or a file object; text data counts only with an explicit
    content type (``("a.txt", "hi", "text/plain")``), so a tuple of plain strings such as
    ``("a", "b")`` stays a list value and is never uploaded as a file.
    """
    if _is_binary(value):
        return True
    if isinstance(value, tuple) and 2 <= len(value) <= 3:
        name, data = value[0], value[1]
        if not (name is None or isinstance(name, str)):
            return False
        if _is_binary(data):
            return True
        return (
            isinstance(data, str)
            and len(value) == 3
            and isinstance(value[2], str)
            and "/" in value[2]
        )
    return False


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def has_files(value: Any) -> bool:
    """A file value, or a list or tuple holding at least one."""
    if type(value) in _PLAIN_TYPES:  # fast path for the usual JSON body values
        return False
    if is_file_value(value):
        return True
    if isinstance(value, (list, tuple)) and value:
        return any(is_file_value(v) for v in value)
    return False


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def file_part(value: Any) -> tuple[str, Any, str]:
    """One file value as httpx's ``(filename, data, content_type)`` (``blob`` when unnamed)."""
    if isinstance(value, tuple):
        name = value[0] or "blob"
        data = value[1]
        ctype = value[2] if len(value) > 2 and value[2] else _guess_type(name)
        if isinstance(data, str):
            data = data.encode()
        elif isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        return name, data, ctype
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "blob", bytes(value), "application/octet-stream"
    raw_name = getattr(value, "name", None)
    name = os.path.basename(raw_name) if isinstance(raw_name, str) and raw_name else "blob"
    return name, value, _guess_type(name)


def _form_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return js_json_stringify(value)
    return js_string(value)


def split_multipart(
    body: Mapping[str, Any],
) -> tuple[dict[str, str | list[str]], list[tuple[str, tuple[str, Any, str]]]] | None:
    """Split a body holding files into multipart text fields and file parts.

    Returns ``None`` when the body holds no file (it is then sent as JSON). Lists of files
    repeat the field name; other lists repeat text parts; dicts become JSON text; booleans
    become ``true``/``false``.
    """
    if not any(has_files(v) for v in body.values()):
        return None
    data: dict[str, str | list[str]] = {}
    files: list[tuple[str, tuple[str, Any, str]]] = []
    for key, value in body.items():
        if has_files(value):
            items: Iterable[Any] = [value] if is_file_value(value) else value
            for item in items:
                if is_file_value(item):
                    files.append((key, file_part(item)))
                else:
                    _add_text(data, key, _form_text(item))
        elif isinstance(value, (list, tuple)):
            if not value:
                _add_text(data, key, "")
            for item in value:
                _add_text(data, key, _form_text(item))
        else:
            _add_text(data, key, _form_text(value))
    return data, files


def _add_text(data: dict[str, str | list[str]], key: str, text: str) -> None:
    current = data.get(key)
    if current is None:
        data[key] = text
    elif isinstance(current, list):
        current.append(text)
    else:
        data[key] = [current, text]
