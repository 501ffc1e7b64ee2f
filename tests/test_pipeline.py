"""The request pipeline's header rules for seed and modern calls (``pocketbase._pipeline``)."""

from __future__ import annotations

from typing import Any

import pytest

from pocketbase._auth_store import AuthSnapshot
from pocketbase._generations import generation_for
from pocketbase._pipeline import GUEST, encode_request, plan_call, prepare_request

BASE = "http://pb.test"
GEN = generation_for("0.23")
STORED = AuthSnapshot("stored-token", None, "user")


def prepared_headers(config: dict[str, Any], auth: AuthSnapshot = STORED) -> dict[str, str]:
    """The headers a call goes out with (after the body is encoded)."""
    plan = plan_call("/api/x", config, auto_cancel=False)
    prepared = prepare_request(
        base_url=BASE, lang="en-US", path="/api/x", plan=plan, config=config, auth=auth, gen=GEN
    )
    encode_request(prepared)
    return prepared.headers


@pytest.mark.parametrize("method", ["GET", "DELETE", "POST"])
def test_modern_calls_declare_json_even_without_a_body(method: str) -> None:
    headers = prepared_headers({"method": method, "modern": True})
    assert headers == {
        "Content-Type": "application/json",
        "Accept-Language": "en-US",
        "Authorization": "stored-token",
    }


def test_seed_calls_declare_json_only_with_a_json_body() -> None:
    assert prepared_headers({"method": "GET"}) == {
        "Accept-Language": "en-US",
        "Authorization": "stored-token",
    }
    assert prepared_headers({"method": "POST", "body": {"a": 1}})["Content-Type"] == (
        "application/json"
    )


@pytest.mark.parametrize(
    "config",
    [
        {"body": {"title": "x"}, "files": [("doc", ("a.txt", b"A", "text/plain"))]},
        {"body": {"doc": ("a.txt", b"A", "text/plain")}},
    ],
    ids=["files", "file-in-body"],
)
def test_modern_multipart_calls_leave_the_content_type_to_httpx(config: dict[str, Any]) -> None:
    headers = prepared_headers({"method": "POST", "modern": True, **config})
    assert "Content-Type" not in headers


def test_modern_calls_keep_the_callers_headers_in_any_case() -> None:
    given = {"content-type": "text/plain", "accept-language": "pl", "authorization": "mine"}
    assert prepared_headers({"method": "POST", "modern": True, "headers": given}) == given
    # a seed call looks the names up as spelt (the JS SDK 0.7.4), so it adds its own
    seed = prepared_headers({"method": "GET", "headers": {"authorization": "mine"}})
    assert seed == {
        "authorization": "mine",
        "Accept-Language": "en-US",
        "Authorization": "stored-token",
    }


def test_guest_calls_leave_the_stored_token_out() -> None:
    headers = prepared_headers({"method": "POST", "modern": True, GUEST: True})
    assert headers == {"Content-Type": "application/json", "Accept-Language": "en-US"}
    given = prepared_headers({"method": "POST", GUEST: True, "headers": {"Authorization": "x"}})
    assert given["Authorization"] == "x"


def test_modern_query_rules_follow_the_flag() -> None:
    config: dict[str, Any] = {"method": "GET", "params": {"l": ["a", None]}}
    plan = plan_call("/api/x", config, auto_cancel=False)
    common = {"base_url": BASE, "lang": "en", "path": "/api/x", "plan": plan, "auth": STORED}
    seed = prepare_request(config=config, gen=GEN, **common)
    modern = prepare_request(config={**config, "modern": True}, gen=GEN, **common)
    assert seed.url == f"{BASE}/api/x?l=a&l=null"
    assert modern.url == f"{BASE}/api/x?l=a"
