"""JavaScript semantics the port needs in several places, in one home: truthiness,
``ToNumber`` and ``String(number)``, ``String.prototype.trim``'s whitespace,
``encodeURIComponent``/``decodeURIComponent``, ``JSON.parse`` and ``JSON.stringify``,
``Date.prototype.toISOString``."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import quote

__all__ = [
    "JS_WHITESPACE",
    "decode_uri_component",
    "encode_uri_component",
    "js_iso_string",
    "js_json_stringify",
    "js_number_to_string",
    "js_to_number",
    "js_truthy",
    "json_parse",
]

# The characters String.prototype.trim() removes (WhiteSpace and LineTerminator).
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# JS ToNumber() on a string: trimmed, then a decimal literal (no underscores), an
# "Infinity", or a 0x/0o/0b integer. Anything else is NaN.
_JS_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_JS_RADIX = re.compile(r"0([xXoObB])([0-9a-fA-F]+)")
_URI_COMPONENT_SAFE = "-_.!~*'()"
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Keys a JS object keeps first, in numeric order: canonical array indices (below 2**32 - 1).
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]{0,9}")
_MAX_INDEX = 2**32 - 1


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness: ``{}`` and ``[]`` are true; ``""``, ``0``, NaN, ``None``, ``False``
    are not."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return value != ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    return True


def js_number_to_string(value: float | int) -> str:
    """A number written the way JavaScript's ``String(n)`` writes it (``1.0`` -> ``"1"``,
    ``1e21`` -> ``"1e+21"``, ``2.0**60`` -> ``"1152921504606847000"``)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if 1e-6 <= magnitude < 1e21:
        # the shortest round-trip digits (as JS picks them), written out without an exponent
        text = format(Decimal(repr(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    mantissa, _, exponent = repr(value).partition("e")
    exp = int(exponent)
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"


def js_iso_string(value: datetime | date) -> str:
    """``Date.prototype.toISOString``: UTC with milliseconds and ``Z`` (naive values are UTC)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def js_to_number(value: Any) -> float:
    """JavaScript ``ToNumber`` for JSON-ish values; ``nan`` when JS would give NaN."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        text = value.strip(JS_WHITESPACE)
        if text == "":
            return 0.0
        if _JS_DECIMAL.fullmatch(text):
            return float(text.replace("Infinity", "inf"))
        radix = _JS_RADIX.fullmatch(text)
        if radix:
            base = {"x": 16, "o": 8, "b": 2}[radix.group(1).lower()]
            try:
                return float(int(radix.group(2), base))
            except (ValueError, OverflowError):
                return math.nan
        return math.nan
    return math.nan


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


def json_parse(text: str | bytes) -> Any:
    """``JSON.parse``: strict JSON (no ``NaN``/``Infinity``, which Python's json accepts)."""
    return json.loads(text, parse_constant=_reject_constant)


def encode_uri_component(value: str, *, strict: bool = False) -> str:
    """``encodeURIComponent``.

    JavaScript rejects a lone surrogate (UTF-8 cannot hold one): with ``strict`` that raises
    ``ValueError("URI malformed")``; otherwise it is written as its raw 3-byte form, which a
    server then refuses or does not find (path segments and query values never raise).
    """
    if type(value) is str and value.isalnum() and value.isascii():
        return value  # the common case (ids, names, numbers): nothing to encode
    if strict:
        try:
            return quote(value, safe=_URI_COMPONENT_SAFE, encoding="utf-8", errors="strict")
        except UnicodeEncodeError as exc:
            raise ValueError("URI malformed") from exc
    return quote(value, safe=_URI_COMPONENT_SAFE, errors="surrogatepass")


def decode_uri_component(value: str) -> str:
    """JS ``decodeURIComponent``: raises ``ValueError`` on a malformed escape or bad UTF-8."""
    out: list[str] = []
    pos = 0
    for match in _PERCENT_RUN.finditer(value):
        plain = value[pos : match.start()]
        if "%" in plain:
            raise ValueError("URI malformed")
        out.append(plain)
        raw = bytes(int(match.group()[i + 1 : i + 3], 16) for i in range(0, len(match.group()), 3))
        try:
            out.append(raw.decode("utf-8", errors="strict"))
        except UnicodeDecodeError as exc:
            raise ValueError("URI malformed") from exc
        pos = match.end()
    tail = value[pos:]
    if "%" in tail:
        raise ValueError("URI malformed")
    out.append(tail)
    return "".join(out)


# -- JSON.stringify ------------------------------------------------------------------------


def _escape_lone_surrogates(text: str) -> str:
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_string(text: str, strict: bool = False) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif code < 0x20:
            out.append(
                {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(code, f"\\u{code:04x}")
            )
        else:
            out.append(char)
    out.append('"')
    joined = "".join(out)
    if strict and _LONE_SURROGATE.search(joined):
        joined.encode("utf-8")  # raises the UnicodeEncodeError that names the position
    return _escape_lone_surrogates(joined)


def _json_number(value: int | float) -> str:
    if isinstance(value, int) and abs(value) <= 2**53:
        return str(value)
    number = js_to_number(value)
    if not math.isfinite(number):
        return "null"
    return js_number_to_string(number)


def _key_string(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (int, float)):
        return js_number_to_string(float(key)) if isinstance(key, float) else str(key)
    raise TypeError(f"keys must be str, not {type(key).__name__}")


def _js_key_order(value: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    """The entries in a JS object's own key order: array-index keys (``"0"``, ``"12"``)
    first in ascending numeric order, then the other keys in insertion order.

    ``JSON.parse`` of a server reply builds such objects, so a record field named ``"10"``
    comes before ``"9"`` and before ``"avatar"`` in what the JS SDK writes.
    """
    entries = [(_key_string(key), item) for key, item in value.items()]
    indices = [entry for entry in entries if _is_array_index(entry[0])]
    if not indices:
        return entries
    indices.sort(key=lambda entry: int(entry[0]))
    return indices + [entry for entry in entries if not _is_array_index(entry[0])]


def _is_array_index(key: str) -> bool:
    return _ARRAY_INDEX.fullmatch(key) is not None and int(key) < _MAX_INDEX


_JSON_CONSTANTS: dict[Any, str] = {None: "null", True: "true", False: "false"}


def _stringify_object(value: Mapping[Any, Any], out: list[str], depth: int, strict: bool) -> None:
    out.append("{")
    for position, (key, item) in enumerate(_js_key_order(value)):
        if position:
            out.append(",")
        out.append(_json_string(key, strict))
        out.append(":")
        _stringify(item, out, depth + 1, strict)
    out.append("}")


def _stringify_array(
    value: list[Any] | tuple[Any, ...], out: list[str], depth: int, strict: bool
) -> None:
    out.append("[")
    for position, item in enumerate(value):
        if position:
            out.append(",")
        _stringify(item, out, depth + 1, strict)
    out.append("]")


def _plain_value(value: Any) -> Any:
    """A model's wire shape (``export()`` or pydantic's JSON dump); TypeError otherwise."""
    if callable(getattr(value, "export", None)):
        return value.export()
    if callable(getattr(value, "model_dump", None)):
        return value.model_dump(mode="json", by_alias=True)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _stringify(value: Any, out: list[str], depth: int, strict: bool) -> None:
    if depth > 500:
        raise ValueError("value too deeply nested")
    if value is None or value is True or value is False:
        out.append(_JSON_CONSTANTS[value])
    elif isinstance(value, str):
        out.append(_json_string(value, strict))
    elif isinstance(value, (int, float)):
        out.append(_json_number(value))
    elif isinstance(value, Mapping):
        _stringify_object(value, out, depth, strict)
    elif isinstance(value, (list, tuple)):
        _stringify_array(value, out, depth, strict)
    elif isinstance(value, (datetime, date)):
        out.append(_json_string(js_iso_string(value)))
    else:
        _stringify(_plain_value(value), out, depth + 1, strict)


def js_json_stringify(value: Any, *, strict: bool = False) -> str:
    """The text ``JSON.stringify(value)`` gives for JSON-ish Python data.

    Compact separators, non-ASCII kept, ``1.0`` written as ``1``, NaN and infinities as
    ``null``, lone surrogates escaped, datetimes as ISO strings with milliseconds and
    ``Z``, object keys in JS order (array indices first); objects with ``export()`` (the
    SDK's models) are written through it. ``strict`` raises ``UnicodeEncodeError`` for a lone
    surrogate instead (request bodies: a server would read it as U+FFFD).
    """
    out: list[str] = []
    _stringify(value, out, 0, strict)
    return "".join(out)
