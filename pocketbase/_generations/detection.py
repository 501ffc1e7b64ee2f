"""Telling the server generation from two probe replies (sans I/O).

The client sends ``GET`` :data:`PROBE_SUPERUSERS` and, when that is not a 0.23+ answer,
:data:`PROBE_USERS`; this module reads the replies. It also checks that it is talking to
PocketBase at all: an HTML page, another JSON API or a ``base_url`` that points below the
server's root give an error naming the URL and what answered there, instead of a guess.
A failed detection raises, so nothing is cached and the next call probes again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from .._errors import ClientResponseError, error_for_status, redact_url

__all__ = ["PROBE_SUPERUSERS", "PROBE_USERS", "Probe", "decide", "describe_body", "probe_reply"]

#: the probes, in order
PROBE_SUPERUSERS = "/api/collections/_superusers/auth-methods"
PROBE_USERS = "/api/users/auth-methods"

_SKIP_HINT = "Pass server_api='0.7', '0.8' or '0.23' to skip detection."


class Probe(NamedTuple):
    """One probe reply: status, parsed JSON (None when not JSON), the URL and a description
    of the body for messages."""

    status: int
    data: Any
    url: str = ""
    what: str = "a reply"


def describe_body(content_type: str, content: bytes) -> str:
    """A few words on what a reply body is, for error messages."""
    kind = content_type.split(";")[0].strip().lower()
    text = content.lstrip()[:64].lower()
    if not text:
        return "an empty body"
    if "html" in kind or text.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if text.startswith((b"{", b"[")):
        return "JSON that is not a PocketBase reply"
    return f"a {kind or 'non-JSON'} body"


def probe_reply(url: str, status: int, content_type: str, content: bytes) -> Probe:
    """A :class:`Probe` from a raw reply (``url`` without credentials: messages name it)."""
    url = redact_url(url)
    try:
        data = json.loads(content) if content else None
    except (ValueError, UnicodeDecodeError):
        data = None
    return Probe(status, data, url, describe_body(content_type, content))


def _is_pocketbase_error(data: Any) -> bool:
    """The error body every PocketBase generation sends: ``{code|status, message, data}``."""
    if not isinstance(data, Mapping) or not isinstance(data.get("message"), str):
        return False
    code = data.get("code", data.get("status"))
    return isinstance(code, int) and isinstance(data.get("data"), Mapping)


def _check_server_side(probe: Probe, path: str) -> None:
    # A server error or a rate limit says nothing about the version: fail this request and
    # probe again next time rather than cache a guess.
    if probe.status >= 500 or probe.status == 429:
        raise error_for_status(
            probe.url,
            probe.status,
            probe.data,
            message=(
                f"Could not detect the server version: {probe.url or path} answered HTTP "
                f"{probe.status}. {_SKIP_HINT}"
            ),
        )


def _base_path_hint(base_url: str) -> str:
    path = urlsplit(base_url).path.rstrip("/")
    if path.endswith(("/api", "/_")):
        return (
            f" base_url {redact_url(base_url)!r} ends in {path[path.rfind('/') :]!r}: give the server's "
            "root instead (the SDK adds /api/... itself)."
        )
    return ""


def _not_pocketbase(probe: Probe, base_url: str, path: str) -> ClientResponseError:
    answer = "a PocketBase error" if _is_pocketbase_error(probe.data) else probe.what
    return ClientResponseError(
        url=probe.url,
        status=probe.status,
        data=probe.data if isinstance(probe.data, Mapping) else None,
        message=(
            f"{probe.url or path} answered HTTP {probe.status} with {answer}: this does not look "
            f"like a PocketBase server's API.{_base_path_hint(base_url)} {_SKIP_HINT}"
        ),
    )


def decide(
    superusers: tuple[Any, ...], users: tuple[Any, ...] | None, base_url: str = ""
) -> str | None:
    """The generation name (``"0.7"``, ``"0.8"``, ``"0.23"``) the probe replies show.

    Returns None when the second probe is needed but was not given yet. Raises
    :class:`ClientResponseError` when a probe failed on the server side (5xx, 429) or the
    replies do not come from PocketBase.
    """
    first = Probe(*superusers)
    if first.status == 200 and isinstance(first.data, Mapping) and "password" in first.data:
        return "0.23"
    _check_server_side(first, PROBE_SUPERUSERS)
    if users is None:
        return None
    second = Probe(*users)
    if second.status == 200 and isinstance(second.data, Mapping) and "emailPassword" in second.data:
        return "0.7"
    _check_server_side(second, PROBE_USERS)
    # 0.8-0.22 answer both probes with their JSON error body (no such collection / route)
    for probe, path in ((first, PROBE_SUPERUSERS), (second, PROBE_USERS)):
        if not _is_pocketbase_error(probe.data) or _base_path_hint(base_url):
            raise _not_pocketbase(probe, base_url, path)
    return "0.8"
