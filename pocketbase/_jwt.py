"""JWT helpers: read a token's payload without verifying it, and check its expiry.

Nothing here checks a signature: the server does that. The payload is only read to
learn the expiry (``exp``) and, for cookies and plain dicts, what kind of account the
token belongs to.

Deliberate deviations from the reference JS SDK 0.7.4 (see ``DEVIATIONS``).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import time
from typing import Any

from pocketbase._js import js_truthy

__all__ = ["get_token_payload", "is_token_expired", "js_number"]

DEVIATIONS: tuple[str, ...] = (
    "JWT payloads in base64url (with '-' or '_') decode; the reference's atob() rejects "
    "them, so real tokens whose payload segment holds those characters were judged invalid.",
    "A payload that is valid JSON but not an object (a string, an array) is treated as "
    "empty, so the token counts as expired; the reference counted it as valid.",
)

_ASCII_WHITESPACE = re.compile(r"[\t\n\f\r ]+")
_B64_BODY = re.compile(r"[A-Za-z0-9+/\-_]*")
# JS ToNumber() on a string: trimmed, then a decimal literal (no underscores), an
# "Infinity", or a 0x/0o/0b integer. Anything else is NaN.
_JS_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_JS_RADIX = re.compile(r"0([xXoObB])([0-9a-fA-F]+)")
_JS_TRIM = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _reject_constant(name: str) -> Any:
    # JSON.parse() knows no NaN/Infinity; keep Python's json module as strict.
    raise ValueError(f"invalid JSON constant {name}")


def _b64decode_any(segment: str) -> bytes:
    """Decode standard base64 or base64url, padded or not (atob-like whitespace rules)."""
    text = _ASCII_WHITESPACE.sub("", segment)
    stripped = text.rstrip("=")
    pad = len(text) - len(stripped)
    if pad > 2 or not _B64_BODY.fullmatch(stripped):
        raise ValueError("not base64")
    if pad and len(text) % 4:
        raise ValueError("bad padding")
    if len(stripped) % 4 == 1:
        raise ValueError("bad length")
    normalised = stripped.replace("-", "+").replace("_", "/")
    normalised += "=" * (-len(normalised) % 4)
    try:
        return base64.b64decode(normalised, validate=True)
    except binascii.Error as exc:  # pragma: no cover - guarded by the checks above
        raise ValueError("not base64") from exc


def get_token_payload(token: str) -> dict[str, Any]:
    """Return the decoded payload (second segment) of a JWT, or ``{}``.

    Never raises: an empty or malformed token, a payload that is not a JSON object, or
    any other input (including non-strings) gives ``{}``.
    """
    try:
        if not isinstance(token, str) or not token:
            return {}
        parts = token.split(".")
        if len(parts) < 2:
            return {}
        raw = _b64decode_any(parts[1])
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except Exception:  # documented: any failure means "no payload"
        return {}
    if not isinstance(data, dict) or not data:
        return {}
    return data


def js_number(value: Any) -> float:
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
        text = value.strip(_JS_TRIM)
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


def is_token_expired(token: str, threshold: float = 0) -> bool:
    """Tell whether ``token`` is expired, ``threshold`` seconds ahead of now.

    An empty or malformed payload means expired. A payload without ``exp`` (or with a
    falsy one such as ``0``) never expires, as in the reference. Otherwise the token is
    expired when ``exp - threshold <= now``. Never raises.
    """
    payload = get_token_payload(token)
    if not payload:
        return True
    exp = payload.get("exp")
    if not js_truthy(exp):
        return False
    try:
        limit = js_number(exp) - float(threshold)
    except (TypeError, ValueError, OverflowError):
        return True
    if math.isnan(limit):
        return True
    return not (limit > time.time())
