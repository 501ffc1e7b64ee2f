"""Cross-check of the realtime subscription keys with the real JS SDK 0.28.1 under node.

The server routes events by the exact key (topic plus encoded options), so the keys the SDK
builds must be byte for byte what the JS SDK builds for the same subscription. Needs
``npm ci --prefix tests/js`` first; without it these tests fail (never skip).
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from pocketbase._realtime import record_topic, subscription_key
from pocketbase._services import modern_query
from tests.test_cookie_js import JS_DIR, _node

pytestmark = pytest.mark.node

TOOL = JS_DIR / "realtime_key_tool_modern.mjs"


def js_keys(cases: list[dict[str, Any]]) -> list[str]:
    result = subprocess.run(
        [_node(), str(TOOL), json.dumps(cases)],
        cwd=JS_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    keys = json.loads(result.stdout)
    assert all(len(k) == 1 for k in keys), keys
    return [k[0] for k in keys]


# (topic, query, headers) as ``pb.realtime.subscribe(topic, cb, query=..., headers=...)`` takes
# them; JS gets ``{query, headers}`` with the given ones
REALTIME_CASES: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = [
    ("posts/*", None, None),
    ("posts/*", {}, None),
    ("posts", {"fields": "id"}, None),
    ("hdr/*", None, {"X-Token": "abc"}),
    ("posts/*", {"filter": "count > 5", "expand": "author"}, {"X-Token": "abc"}),
    ("posts?x=1", {"a": 1}, None),
    ("posts/*", {"filter": "title ~ 'é ü 😀' && x != \"q\\\\\"", "n": 1.5, "on": True}, None),
    ("posts/*", {"b": 1, "10": 2, "2": [1, "x", None], "nested": {"z": 1, "a": 2}}, None),
    ("posts/*", {"big": 2**60, "whole": 3.0, "tiny": 1e-7}, {"A": "1", "b": "x y"}),
    ("@oauth2", {"a": "<&>#?=+/"}, None),
]


def test_realtime_keys_match_the_js_sdk() -> None:
    cases = []
    for topic, query, headers in REALTIME_CASES:
        options = None
        if query is not None or headers is not None:
            options = {}
            if query is not None:
                options["query"] = query
            if headers is not None:
                options["headers"] = headers
        cases.append({"topic": topic, "options": options, "collection": None})
    expected = js_keys(cases)
    ours = [subscription_key(t, q, h) for t, q, h in REALTIME_CASES]
    assert ours == expected


# (collection, topic, filter, expand, fields, query, headers) as a ``collection(...).subscribe``
# built on ``listen(record_topic(...), query=modern_query(...), headers=...)`` passes them; JS
# gets the same options as top-level keys (``filter``, ``expand``, ``fields``, in that order)
COLLECTION_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("posts", "*", {"filter": "count > 5", "expand": "author", "fields": "id,title"}),
    ("posts", "abc123", {"expand": "author"}),
    ("posts", "*", {"query": {"page": 2}, "filter": "a = 1"}),
    ("posts", "*", {"headers": {"X-Token": "abc"}}),
]


def test_collection_keys_match_the_js_sdk() -> None:
    expected = js_keys(
        [{"topic": topic, "options": opts, "collection": c} for c, topic, opts in COLLECTION_CASES]
    )
    ours = []
    for collection, topic, opts in COLLECTION_CASES:
        query = modern_query(
            opts.get("query"),
            filter=opts.get("filter"),
            expand=opts.get("expand"),
            fields=opts.get("fields"),
        )
        ours.append(subscription_key(record_topic(collection, topic), query, opts.get("headers")))
    assert ours == expected
