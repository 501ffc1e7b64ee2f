"""Property tests: hostile input never raises outside the documented errors.

- query serialisation decodes back to the input (``urllib.parse.parse_qsl``);
- cookies: parse never raises, serialize raises only ``CookieError``, and they round trip
  (also through an auth store);
- JWT decoding never raises;
- arbitrary JSON replies: through either client only ``ClientResponseError`` escapes; the
  models alone raise only pydantic's ``ValidationError``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pydantic import ValidationError

from pocketbase import AsyncPocketBase, BaseAuthStore, ClientResponseError, PocketBase
from pocketbase._cookie import CookieError, cookie_parse, cookie_serialize
from pocketbase._http import serialize_query
from pocketbase._jwt import get_token_payload, is_token_expired
from pocketbase.models import (
    Admin,
    AdminAuthResponse,
    AuthMethodsList,
    Collection,
    ExternalAuth,
    ListResult,
    LogRequest,
    LogRequestStat,
    Record,
    User,
    UserAuthResponse,
)

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(max_size=30)  # hypothesis text never holds lone surrogates

# -- query serialisation -----------------------------------------------------------------------


@FAST
@given(
    params=st.dictionaries(
        keys=text, values=st.one_of(text, st.lists(text, max_size=4)), max_size=6
    )
)
def test_query_decodes_back_to_the_input(params: dict[str, Any]) -> None:
    expected: list[tuple[str, str]] = []
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            expected.append((key, item))
    query = serialize_query(params)
    assert parse_qsl(query, keep_blank_values=True) == expected
    assert "+" not in query and " " not in query and "#" not in query


@pytest.fixture(scope="module")
def echo_clients() -> Iterator[tuple[PocketBase, AsyncPocketBase, asyncio.AbstractEventLoop]]:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"query": request.url.query.decode("ascii")})

    sync = PocketBase(
        "http://pb.test",
        server_api="0.23",
        http_client=httpx.Client(transport=httpx.MockTransport(echo)),
    )
    loop = asyncio.new_event_loop()
    async_http = httpx.AsyncClient(transport=httpx.MockTransport(echo))
    async_pb = AsyncPocketBase("http://pb.test", server_api="0.23", http_client=async_http)
    yield sync, async_pb, loop
    sync.close()
    sync._http.close()
    loop.run_until_complete(async_pb.aclose())
    loop.run_until_complete(async_http.aclose())
    loop.close()


@FAST
@given(
    params=st.dictionaries(
        keys=text.filter(lambda k: not k.startswith("$")), values=text, max_size=5
    )
)
def test_query_through_both_clients(
    echo_clients: tuple[PocketBase, AsyncPocketBase, asyncio.AbstractEventLoop],
    params: dict[str, str],
) -> None:
    sync, async_pb, loop = echo_clients
    for reply in (
        sync.send("/api/x", {"params": params}),
        loop.run_until_complete(async_pb.send("/api/x", {"params": params})),
    ):
        assert parse_qsl(reply["query"], keep_blank_values=True) == list(params.items())


# -- cookies -----------------------------------------------------------------------------------

cookie_names = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, blacklist_characters="=;,"),
    min_size=1,
    max_size=12,
)
options = st.fixed_dictionaries(
    {},
    optional={
        "path": st.one_of(text, st.none()),
        "domain": st.one_of(text, st.none()),
        "max_age": st.one_of(st.integers(), st.floats(), text, st.none()),
        "http_only": st.booleans(),
        "secure": st.booleans(),
        "same_site": st.one_of(st.booleans(), text, st.sampled_from(["lax", "Strict", "none"])),
        "priority": st.one_of(text, st.sampled_from(["low", "Medium", "HIGH"])),
    },
)


@FAST
@given(cookie=st.text(max_size=80))
def test_cookie_parse_never_raises(cookie: str) -> None:
    parsed = cookie_parse(cookie)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in parsed.items())


@FAST
@given(name=text, value=st.text(max_size=30), opts=options)
def test_cookie_serialize_raises_only_cookie_error(
    name: str, value: str, opts: dict[str, Any]
) -> None:
    try:
        header = cookie_serialize(name, value, opts)
    except CookieError:
        return
    assert "\r" not in header and "\n" not in header


@FAST
@given(name=cookie_names, value=st.text(max_size=40), opts=options)
def test_cookie_round_trip(name: str, value: str, opts: dict[str, Any]) -> None:
    try:
        header = cookie_serialize(name, value, opts)
    except CookieError:
        return  # an option was invalid
    first = header.split("; ", 1)[0]
    assert cookie_parse(first) == {name: value}


@SLOW
@given(token=st.text(max_size=60), email=text, cookie=st.text(max_size=120))
def test_auth_store_cookies_round_trip_and_never_raise(token: str, email: str, cookie: str) -> None:
    loaded = BaseAuthStore()
    loaded.load_from_cookie(cookie)  # garbage: never raises
    assert isinstance(loaded.token, str)
    store = BaseAuthStore()
    store.save(token, User(id="u1", email=email))
    try:
        exported = store.export_to_cookie()
    except CookieError:
        return
    other = BaseAuthStore()
    other.load_from_cookie(exported.split("; ", 1)[0])
    assert other.token == (token if token else "")


# -- JWT ---------------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=12,
)


def _segment(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@FAST
@given(
    token=st.one_of(
        st.text(max_size=60), st.binary(max_size=40).map(lambda b: "a." + _segment(b) + ".c")
    )
)
def test_jwt_decoding_never_raises(token: str) -> None:
    assert isinstance(get_token_payload(token), dict)
    assert isinstance(is_token_expired(token), bool)
    assert isinstance(is_token_expired(token, threshold=math.inf), bool)


@FAST
@given(payload=st.dictionaries(st.text(max_size=6), json_values, min_size=1, max_size=5))
def test_jwt_payload_round_trip(payload: dict[str, Any]) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9." + _segment(json.dumps(payload).encode()) + ".sig"
    assert get_token_payload(token) == payload
    expired = is_token_expired(token)
    exp = payload.get("exp")
    if isinstance(exp, (int, float)) and not isinstance(exp, bool) and exp:
        assert expired == (exp <= time.time())


# -- arbitrary JSON replies --------------------------------------------------------------------

MODEL_KEYS = [
    "id", "created", "updated", "collectionId", "collectionName", "@collectionId",
    "@collectionName", "expand", "@expand", "email", "verified", "avatar", "token", "user",
    "admin", "record", "meta", "items", "page", "perPage", "totalItems", "totalPages",
    "schema", "fields", "name", "type", "options", "system", "listRule", "data", "profile",
    "authProviders", "emailPassword", "password", "provider", "userId", "providerId",
    "url", "method", "status", "auth", "remoteIp", "total", "date", "lastResetSentAt",
]  # fmt: skip
hostile_json = st.recursive(
    json_scalars | st.sampled_from(["", "2024-01-02 03:04:05.678Z", "not a date", "0"]),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(MODEL_KEYS) | st.text(max_size=4), children, max_size=8),
    ),
    max_leaves=25,
)

MODELS: list[Any] = [
    Record, User, Admin, Collection, LogRequest, LogRequestStat, ExternalAuth, AuthMethodsList,
    UserAuthResponse, AdminAuthResponse, ListResult[Record], ListResult[User],
]  # fmt: skip


@FAST
@given(data=hostile_json)
def test_models_raise_only_validation_errors(data: Any) -> None:
    for model in MODELS:
        for validate, payload in (
            (model.model_validate, data),
            (model.model_validate_json, json.dumps(data)),
        ):
            try:
                result = validate(payload)
            except ValidationError:
                continue
            assert isinstance(result, model)


SyncCall = Callable[[PocketBase], Any]
SERVICE_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("records.get_one", lambda pb: pb.records.get_one("posts", "r1")),
    ("records.get_list", lambda pb: pb.records.get_list("posts")),
    ("records.create", lambda pb: pb.records.create("posts", {"a": 1})),
    ("users.auth_via_email", lambda pb: pb.users.auth_via_email("u@example.com", "pw")),
    ("admins.auth_via_email", lambda pb: pb.admins.auth_via_email("a@example.com", "pw")),
    ("users.refresh", lambda pb: pb.users.refresh()),
    ("users.list_auth_methods", lambda pb: pb.users.list_auth_methods()),
    ("users.list_external_auths", lambda pb: pb.users.list_external_auths("u1")),
    ("collections.get_one", lambda pb: pb.collections.get_one("posts")),
    ("logs.get_requests_list", lambda pb: pb.logs.get_requests_list()),
    ("logs.get_requests_stats", lambda pb: pb.logs.get_requests_stats()),
    ("settings.get_all", lambda pb: pb.settings.get_all()),
]


@pytest.fixture(scope="module")
def hostile_clients() -> Iterator[dict[str, Any]]:
    state: dict[str, Any] = {"body": b"{}", "status": 200}

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(state["status"], content=state["body"])

    loop = asyncio.new_event_loop()
    clients: dict[str, Any] = {"state": state, "loop": loop, "sync": [], "async": []}
    for server_api in ("0.7", "0.8", "0.23"):
        clients["sync"].append(
            PocketBase(
                "http://pb.test",
                server_api=server_api,
                http_client=httpx.Client(transport=httpx.MockTransport(reply)),
            )
        )
        clients["async"].append(
            AsyncPocketBase(
                "http://pb.test",
                server_api=server_api,
                http_client=httpx.AsyncClient(transport=httpx.MockTransport(reply)),
            )
        )
    yield clients
    for pb in clients["sync"]:
        pb._http.close()
    for apb in clients["async"]:
        loop.run_until_complete(apb._http.aclose())
    loop.close()


@SLOW
@given(data=hostile_json, status=st.sampled_from([200, 200, 200, 204, 400, 404, 500]))
def test_only_client_response_errors_escape_the_clients(
    hostile_clients: dict[str, Any], data: Any, status: int
) -> None:
    hostile_clients["state"].update(body=json.dumps(data).encode(), status=status)
    loop: asyncio.AbstractEventLoop = hostile_clients["loop"]
    for name, call in SERVICE_CALLS:
        for pb in hostile_clients["sync"]:
            pb.auth_store.save("t", User(id="u1"))
            try:
                call(pb)
            except ClientResponseError as exc:
                assert exc.status in (0, status), name
        for apb in hostile_clients["async"]:
            apb.auth_store.save("t", User(id="u1"))
            try:
                loop.run_until_complete(call(apb))
            except ClientResponseError as exc:
                assert exc.status in (0, status), name


@FAST
@given(body=st.binary(max_size=40))
def test_arbitrary_bytes_replies(hostile_clients: dict[str, Any], body: bytes) -> None:
    hostile_clients["state"].update(body=body, status=200)
    loop: asyncio.AbstractEventLoop = hostile_clients["loop"]
    pb = hostile_clients["sync"][2]
    apb = hostile_clients["async"][2]
    for call in (lambda c: c.records.get_one("posts", "r1"), lambda c: c.send("/api/x")):
        try:
            call(pb)
        except ClientResponseError as exc:
            assert exc.status == 200
        try:
            loop.run_until_complete(call(apb))
        except ClientResponseError as exc:
            assert exc.status == 200


def test_hostile_url_parts_of_replies_are_not_followed() -> None:
    """A reply cannot make the client send its token elsewhere: redirects to another host
    drop the Authorization header (httpx), and the SDK never builds URLs from reply data."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "pb.test":
            return httpx.Response(302, headers={"Location": "http://evil.test/steal"})
        return httpx.Response(200, json={"id": "r1"})

    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    with PocketBase("http://pb.test", server_api="0.23", http_client=http) as pb:
        pb.auth_store.save("s3cr3t", User(id="u1"))
        pb.records.get_one("posts", "r1")
    http.close()
    assert [urlsplit(str(r.url)).hostname for r in seen] == ["pb.test", "evil.test"]
    assert seen[0].headers["Authorization"] == "s3cr3t"
    assert "Authorization" not in seen[1].headers
