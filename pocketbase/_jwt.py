"""JWT helpers: read a token's payload without verifying it, and check its expiry.

Nothing here checks a signature: the server does that. The payload is only read to
learn the expiry (``exp``) and, for cookies and plain dicts, what kind of account the
token belongs to.

Deliberate deviations from the reference JS SDK 0.7.4 (see ``DEVIATIONS``).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import time
from typing import Any

from pocketbase._js import js_to_number, js_truthy, json_parse

__all__ = ["get_token_payload", "is_token_expired"]

DEVIATIONS: tuple[str, ...] = (
    "JWT payloads in base64url (with '-' or '_') decode; the reference's atob() rejects "
    "them, so real tokens whose payload segment holds those characters were judged invalid.",
    "A payload that is valid JSON but not an object (a string, an array) is treated as "
    "empty, so the token counts as expired; the reference counted it as valid.",
)

_ASCII_WHITESPACE = re.compile(r"[\t\n\f\r ]+")
_B64_BODY = re.compile(r"[A-Za-z0-9+/\-_]*")


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
        data = json_parse(raw.decode("utf-8"))
    except Exception:  # documented: any failure means "no payload"
        return {}
    if not isinstance(data, dict) or not data:
        return {}
    return data


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
        limit = js_to_number(exp) - float(threshold)
    except (TypeError, ValueError, OverflowError):
        return True
    if math.isnan(limit):
        return True
    return not (limit > time.time())
