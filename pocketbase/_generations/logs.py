"""The seed's request logs on each generation: ``/api/logs/requests*`` (0.7) and the general
``/api/logs*`` API (0.8+; request entries are ``data.type = 'request'``), with modern log items
reshaped into the seed's ``LogRequest``.

Deliberately not bridged: comparisons against values whose spelling changed (request-log
``method`` is lowercase on 0.7 and uppercase later; the log ``auth`` values differ).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .._http import encode_segment
from ._common import SUPERUSERS, Req, each_item

__all__ = ["LogRoutes", "LogRoutes08", "LogRoutes23", "normalize_log"]

# A quoted string (kept as is) or an identifier path such as ``status`` or ``data.url``.
_FILTER_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[@#A-Za-z_][\w.@]*""")


def _rewrite_fields(expr: str, fields: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return fields.get(token, token)

    return _FILTER_TOKEN.sub(replace, expr)


def _auth_kind(auth: Any) -> str:
    if auth in (None, "", "guest"):
        return "guest"
    return "admin" if auth in ("admin", SUPERUSERS) else "user"


def _error_meta(inner: Mapping[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if inner.get("error"):
        meta["errorMessage"] = inner["error"]
    details = inner.get("details")
    if details not in (None, "", {}):
        meta["errorDetails"] = details if isinstance(details, str) else json.dumps(details)
    return meta


def normalize_log(data: Any) -> Any:
    """One 0.8+ log item as the seed ``LogRequest`` shape."""
    if not isinstance(data, Mapping):
        return data
    inner = data.get("data")
    if not isinstance(inner, Mapping):
        return data
    method = inner.get("method")
    return {
        "id": data.get("id", ""),
        "created": data.get("created", ""),
        "updated": data.get("updated") or data.get("created", ""),
        "url": inner.get("url", ""),
        "method": method.lower() if isinstance(method, str) else "get",
        "status": inner.get("status", 200),
        "auth": _auth_kind(inner.get("auth")),
        "remoteIp": inner.get("remoteIp", inner.get("remoteIP", "")),
        "userIp": inner.get("userIp", inner.get("userIP", "")),
        "referer": inner.get("referer", ""),
        "userAgent": inner.get("userAgent", ""),
        "meta": _error_meta(inner),
    }


class LogRoutes:
    """0.7: ``/api/logs/requests*``, items already in the seed shape."""

    base = "/api/logs/requests"
    #: the query params that select request entries among all logs
    request_params: Mapping[str, Any] | None = None
    #: seed request-log fields -> this server's paths, for ``filter``/``sort``
    fields: Mapping[str, str] = {}
    #: reshapes one log item (None: as sent)
    normalize_item: Any = None

    def requests_list(self) -> Req:
        return Req(
            "GET", self.base, params=self.request_params, normalize=each_item(self.normalize_item)
        )

    def request_one(self, log_id: str) -> Req:
        return Req("GET", f"{self.base}/{encode_segment(log_id)}", normalize=self.normalize_item)

    def requests_stats(self) -> Req:
        return Req("GET", f"{self.base}/stats", params=self.request_params)

    def seed_query(self, query: Mapping[str, Any]) -> dict[str, Any]:
        """The caller's log ``filter``/``sort`` with the seed field names mapped to this
        server's (``status`` -> ``data.status`` on 0.8+)."""
        out = dict(query)
        if not self.fields:
            return out
        for key in ("filter", "sort"):
            value = out.get(key)
            if isinstance(value, str) and value:
                out[key] = _rewrite_fields(value, self.fields)
        return out


class LogRoutes08(LogRoutes):
    """0.8-0.22: the general logs API, filtered to request entries."""

    base = "/api/logs"
    request_params: Mapping[str, Any] | None = {"filter": "data.type='request'"}
    fields: Mapping[str, str] = {
        "url": "data.url",
        "method": "data.method",
        "status": "data.status",
        "auth": "data.auth",
        "remoteIp": "data.remoteIp",
        "userIp": "data.userIp",
        "referer": "data.referer",
        "userAgent": "data.userAgent",
    }
    normalize_item: Any = staticmethod(normalize_log)


class LogRoutes23(LogRoutes08):
    """0.23+: ``remoteIP``/``userIP`` spellings; log items have no ``updated``."""

    fields: Mapping[str, str] = {
        **LogRoutes08.fields,
        "remoteIp": "data.remoteIP",
        "userIp": "data.userIP",
        # 0.23+ log items have no `updated`; it always equalled `created`
        "updated": "created",
    }
