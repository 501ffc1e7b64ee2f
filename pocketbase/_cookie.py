"""Cookie parsing and serialisation, behaving like the reference JS SDK 0.7.4.

The reference bundles a port of jshttp/cookie; this module reproduces its observable
behaviour (attribute order, validation, error messages, "first occurrence wins", decode
only when ``%`` is present) so that a Python backend and a JS frontend can share the
``pb_auth`` cookie byte for byte. The cookie value is written with
:func:`pocketbase._js.js_json_stringify`.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypedDict

from pocketbase._js import (
    JS_WHITESPACE,
    decode_uri_component,
    encode_uri_component as js_encode_uri_component,
    js_number_to_string,
    js_to_number,
    js_truthy,
)

__all__ = [
    "CookieError",
    "CookieOptions",
    "JsDate",
    "cookie_parse",
    "cookie_serialize",
    "encode_uri_component",
    "normalise_cookie_options",
]

DEVIATIONS: tuple[str, ...] = (
    "cookie_parse() stores every name, including ones like 'toString' or '__proto__' that "
    "the reference's plain-object lookup skipped.",
    "cookie_serialize() needs str names and encoder results; the reference coerced other "
    "types with String().",
    "A naive datetime for 'expires' is taken as UTC (a JS Date has no naive form).",
)

# RFC 7230 field-content, exactly the reference's pattern. Used with fullmatch(): a
# Python "$" would also accept a trailing newline.
_FIELD_CONTENT = re.compile(r"[\t\x20-\x7e\x80-\xff]+")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MAX_JS_DATE_MS = 8.64e15

_OPTION_NAMES = {
    "max_age": "maxAge",
    "maxAge": "maxAge",
    "domain": "domain",
    "path": "path",
    "expires": "expires",
    "http_only": "httpOnly",
    "httpOnly": "httpOnly",
    "secure": "secure",
    "priority": "priority",
    "same_site": "sameSite",
    "sameSite": "sameSite",
    "encode": "encode",
}


class CookieError(TypeError, ValueError):
    """An invalid cookie name, value or option (the reference raises ``TypeError``)."""


class CookieOptions(TypedDict, total=False):
    """Options of :func:`cookie_serialize` and ``export_to_cookie``.

    The reference's camelCase spellings (``maxAge``, ``httpOnly``, ``sameSite``) are
    accepted too. A key present with the value ``None`` acts like JS ``undefined``.
    """

    max_age: float | None
    domain: str | None
    path: str | None
    expires: datetime | None
    http_only: bool | None
    secure: bool | None
    priority: str | None
    same_site: bool | str | None
    encode: Callable[[str], str] | None


class JsDate:
    """A JS ``Date`` given as epoch milliseconds, for instants a ``datetime`` cannot hold."""

    __slots__ = ("ms",)

    def __init__(self, ms: float) -> None:
        self.ms = float(ms)

    def __repr__(self) -> str:
        return f"JsDate({self.ms!r})"

    def is_valid(self) -> bool:
        return math.isfinite(self.ms) and abs(math.trunc(self.ms)) <= _MAX_JS_DATE_MS

    def to_utc_string(self) -> str:
        return _utc_string(math.floor(math.trunc(self.ms) / 1000))


def _utc_string(seconds: int) -> str:
    """``Date.prototype.toUTCString`` for a whole number of seconds since the epoch."""
    tm = time.gmtime(seconds)
    year = tm.tm_year
    year_text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    return (
        f"{_DAYS[tm.tm_wday]}, {tm.tm_mday:02d} {_MONTHS[tm.tm_mon - 1]} {year_text} "
        f"{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d} GMT"
    )


def _datetime_seconds(value: datetime) -> int:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    delta = aware - epoch
    return delta.days * 86400 + delta.seconds  # floor to whole seconds, like toUTCString


def encode_uri_component(value: str) -> str:
    """JS ``encodeURIComponent``; a lone surrogate raises ``CookieError("URI malformed")``."""
    try:
        return js_encode_uri_component(value, strict=True)
    except ValueError as exc:
        raise CookieError("URI malformed") from exc


def _default_decode(value: str) -> str:
    return decode_uri_component(value) if "%" in value else value


def cookie_parse(cookie: str, *, decode: Callable[[str], str] | None = None) -> dict[str, str]:
    """Parse a ``Cookie`` header into a dict; the first occurrence of a name wins.

    Mirrors the reference: segments without ``=`` are skipped, names and values are
    trimmed, a value starting with ``"`` loses its first and last characters, and the
    value is URI-decoded only when it contains ``%`` (kept raw when decoding fails).
    A non-string input gives ``{}``. Never raises with the default decoder.
    """
    result: dict[str, str] = {}
    if not isinstance(cookie, str):
        return result
    decoder = decode or _default_decode
    length = len(cookie)
    index = 0
    while index < length:
        eq = cookie.find("=", index)
        if eq == -1:
            break
        end = cookie.find(";", index)
        if end == -1:
            end = length
        elif end < eq:
            index = cookie.rfind(";", 0, eq) + 1
            continue
        key = cookie[index:eq].strip(JS_WHITESPACE)
        if key not in result:
            value = cookie[eq + 1 : end].strip(JS_WHITESPACE)
            if value[:1] == '"':
                value = value[1:-1]
            try:
                result[key] = decoder(value)
            except Exception:  # the reference keeps the raw value on any decode error
                result[key] = value
        index = end + 1
    return result


def normalise_cookie_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """Map option keys to the reference's camelCase names; unknown keys are dropped."""
    normalised: dict[str, Any] = {}
    if options:
        for key, value in options.items():
            canonical = _OPTION_NAMES.get(key)
            if canonical is not None:
                normalised[canonical] = value
    return normalised


def _name_value(name: str, value: str, opts: Mapping[str, Any]) -> str:
    encoder: Callable[[str], str] = opts.get("encode") or encode_uri_component
    if not isinstance(name, str) or not _FIELD_CONTENT.fullmatch(name):
        raise CookieError("argument name is invalid")
    if encoder is encode_uri_component and not isinstance(value, str):
        raise CookieError("argument val is invalid")
    encoded = encoder(value)
    if not isinstance(encoded, str) or (encoded and not _FIELD_CONTENT.fullmatch(encoded)):
        raise CookieError("argument val is invalid")
    return f"{name}={encoded}"


def _max_age(value: Any) -> str:
    number = js_to_number(value) if isinstance(value, (int, float, str)) else math.nan
    if not math.isfinite(number):
        raise CookieError("option maxAge is invalid")
    return f"; Max-Age={js_number_to_string(float(math.floor(number)))}"


def _field_attribute(label: str, option: str, value: Any) -> str:
    if not isinstance(value, str) or not _FIELD_CONTENT.fullmatch(value):
        raise CookieError(f"option {option} is invalid")
    return f"; {label}={value}"


def _expires(value: Any) -> str:
    if isinstance(value, datetime):
        return f"; Expires={_utc_string(_datetime_seconds(value))}"
    if isinstance(value, JsDate) and value.is_valid():
        return f"; Expires={value.to_utc_string()}"
    raise CookieError("option expires is invalid")


def _priority(value: Any) -> str:
    label = value.lower() if isinstance(value, str) else None
    if label not in ("low", "medium", "high"):
        raise CookieError("option priority is invalid")
    return f"; Priority={label.capitalize()}"


def _same_site(value: Any) -> str:
    if value is True:
        return "; SameSite=Strict"
    mode = value.lower() if isinstance(value, str) else None
    if mode not in ("lax", "strict", "none"):
        raise CookieError("option sameSite is invalid")
    return f"; SameSite={mode.capitalize()}"


#: (option, how to write it when truthy), in the reference's attribute order after Max-Age
_ATTRIBUTES: tuple[tuple[str, Callable[[Any], str]], ...] = (
    ("domain", lambda v: _field_attribute("Domain", "domain", v)),
    ("path", lambda v: _field_attribute("Path", "path", v)),
    ("expires", _expires),
    ("httpOnly", lambda v: "; HttpOnly"),
    ("secure", lambda v: "; Secure"),
    ("priority", _priority),
    ("sameSite", _same_site),
)


def cookie_serialize(name: str, value: str, options: Mapping[str, Any] | None = None) -> str:
    """Serialise a ``Set-Cookie`` value like the reference's ``cookieSerialize``.

    Attribute order: Max-Age, Domain, Path, Expires, HttpOnly, Secure, Priority,
    SameSite. Invalid input raises :class:`CookieError` with the reference's message.
    """
    opts = normalise_cookie_options(options)
    parts = [_name_value(name, value, opts)]
    if opts.get("maxAge") is not None:
        parts.append(_max_age(opts["maxAge"]))
    for option, write in _ATTRIBUTES:
        if js_truthy(opts.get(option)):
            parts.append(write(opts[option]))
    return "".join(parts)
