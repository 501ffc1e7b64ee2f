"""Every deliberate deviation of the Python SDK from the reference JS SDK 0.7.4, in one place.

Each entry names a case of ``cases.json``, says why the Python SDK differs, and gives the
Python side's expected result as a *patch* over the reference result: dotted paths (list
indexes are numbers) into the raw driver output, replaced by the value Python must give
(``Deviation.DELETE`` removes a key). The suite asserts that Python gives exactly the patched
value, and that it differs from the reference (a deviation that stopped deviating is stale).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

__all__ = ["DEVIATIONS", "Deviation"]


@dataclass(frozen=True)
class Deviation:
    """Why the Python side differs, and its expected result: the reference result with
    ``patch`` applied, then ``transform`` (a function of the patched result, for a change
    that applies to every request of a kind, wherever it is in the list)."""

    reason: str
    patch: dict[str, Any] = field(default_factory=dict)
    transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    DELETE: ClassVar[object] = object()

    def expected(self, reference: dict[str, Any], apply: Callable[..., Any]) -> dict[str, Any]:
        """The Python side's expected raw result, given the reference one."""
        out: dict[str, Any] = apply(reference, self.patch)
        return self.transform(out) if self.transform is not None else out


_FIXTURES: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "cases.json").read_text(encoding="utf-8")
)["fixtures"]["auth"]
ADMIN_TOKEN: str = _FIXTURES["admin"]["token"]
USER_TOKEN: str = _FIXTURES["user"]["token"]

D, D2 = "2022-10-01 10:00:00.000", "2022-10-02 11:30:00.123"
EMPTY_ADMIN = {
    "id": "",
    "created": "",
    "updated": "",
    "avatar": 0,
    "email": "",
    "lastResetSentAt": "",
}
EMPTY_USER = {
    "id": "",
    "created": "",
    "updated": "",
    "email": "",
    "verified": False,
    "lastResetSentAt": "",
    "lastVerificationSentAt": "",
    "profile": None,
}
EMPTY_STORE = {"token": "", "model": None, "kind": None}


def _admin(id: str) -> dict[str, Any]:
    return {
        "id": id,
        "created": D,
        "updated": D2,
        "avatar": 3,
        "email": "admin@example.com",
        "lastResetSentAt": "",
    }


def _request(url: str, **changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": "GET",
        "url": url,
        "headers": {
            "Content-Type": None,
            "Accept-Language": "en-US",
            "Authorization": None,
            "X-Hook": None,
        },
        "body": None,
    }
    headers = changes.pop("headers", {})
    request["headers"].update(headers)
    request.update(changes)
    return request


def _client_error(url: str, status: int) -> dict[str, Any]:
    return {
        "type": "ClientResponseError",
        "url": url,
        "status": status,
        "data": {},
        "isAbort": False,
    }


# -- reasons shared by several cases ---------------------------------------------------------

DOT_SEGMENTS = (
    "API.md: a path segment of '.' or '..' is sent as %2E / %2E%2E; the reference sent it "
    "literally, so fetch, httpx and proxies resolved it into another route."
)
NUMERIC_ID = (
    "Model ids are str: a numeric id from the server (or a cookie) is coerced to its text; "
    "the reference kept the number."
)
ERROR_ARRAY = (
    "API.md: ClientResponseError.data is a dict ({} when the body is not a JSON object); the "
    "reference kept a JSON array body as data."
)
CALLER_DICT = (
    "API.md: the special $autoCancel/$cancelKey keys are never removed from the caller's "
    "query dict; the reference deleted them in place from dicts it passed straight through."
)
CANCEL_KEYS = (
    "A finished request's cancel key is forgotten; the reference kept every controller in its "
    "map until cancel_request/cancel_all_requests, so the keys piled up."
)
TYPED_EXPAND = (
    "API.md: Record.expand holds Record objects, so expanded records export with the seed "
    "Record defaults ('@expand': {}); the reference kept expanded records as raw dicts."
)
BASE_STORE_TYPO = (
    "Admin versus user is tracked explicitly: the reference BaseAuthStore.save() turned every "
    "model into a User (a string-compare typo), so an admin was sent as 'User <token>'."
)
KIND_FROM_TOKEN = (
    "Admin versus user is taken from the JWT payload ('type') when no model tells; the "
    "reference guessed from the model only (no 'verified' key means admin)."
)
COOKIE_EMPTY = (
    "load_from_cookie() gives an empty store (token '', model None) when the cookie holds no "
    "token; the reference saved '' plus an empty Admin model."
)
ATOB = (
    "JWT payloads are base64url-decoded (the JWT alphabet); the reference used atob(), which "
    "rejects '-' and '_', so real tokens whose payload holds those were judged invalid."
)
NON_OBJECT_PAYLOAD = (
    "A JWT payload that is JSON but not an object counts as no payload (invalid); the "
    "reference counted a string or a non-empty array as a valid token without expiry."
)
FALSY_BODY = (
    "Falsy non-string bodies (0, False) are not sent; the reference skipped JSON encoding for "
    "them and handed them to fetch, which sent their text ('0', 'false') as text/plain."
)


DEVIATIONS: dict[str, Deviation] = {
    # -- paths ----------------------------------------------------------------------------
    "records.getOne.dot": Deviation(
        DOT_SEGMENTS, {"requests.0.url": "http://pb.test/api/collections/posts/records/%2E"}
    ),
    "records.getOne.dotDot": Deviation(
        DOT_SEGMENTS,
        {"requests.0.url": "http://pb.test/api/collections/%2E%2E/records/%2E%2E"},
    ),
    # -- query serialisation --------------------------------------------------------------
    "query.datetimeList": Deviation(
        "A datetime inside a query list is written like a lone datetime (ISO 8601 UTC with "
        "milliseconds); the reference wrote Date.toString(), e.g. 'Sun Jan 02 2022 03:04:05 "
        "GMT+0000 (Coordinated Universal Time)', which depends on the machine's time zone.",
        {"requests.0.url": "http://pb.test/q?e=2022-01-02T03%3A04%3A05.006Z"},
    ),
    "query.integerLikeKeys": Deviation(
        "Query keys keep the caller's insertion order; JavaScript objects put integer-like "
        "keys ('1', '2') first.",
        {"requests.0.url": "http://pb.test/q?b=1&2=x&1=y"},
    ),
    "query.getOneSpecialKeys": Deviation(CALLER_DICT, {"args.2": {"$autoCancel": False, "x": 1}}),
    "query.settingsSpecialKeys": Deviation(CALLER_DICT, {"args.0": {"$cancelKey": "s", "q": 1}}),
    "query.cancelKeysDefault": Deviation(CANCEL_KEYS, {"cancelKeys": []}),
    "query.cancelKeysCustom": Deviation(CANCEL_KEYS, {"cancelKeys": []}),
    # -- bodies and replies ---------------------------------------------------------------
    "send.bodyZero": Deviation(FALSY_BODY, {"requests.0.body": None}),
    "send.bodyFalse": Deviation(FALSY_BODY, {"requests.0.body": None}),
    "send.replyText200": Deviation(
        "API.md: a success reply that is not JSON raises ClientResponseError (with the status); "
        "the reference silently returned {}.",
        {"result": Deviation.DELETE, "error": _client_error("http://pb.test/x", 200)},
    ),
    "send.errorArray": Deviation(ERROR_ARRAY, {"error.data": {}}),
    "records.getOne.errorArray": Deviation(ERROR_ARRAY, {"error.data": {}}),
    "records.getOne.numericReplyId": Deviation(NUMERIC_ID, {"result.id": "123"}),
    "logs.getRequestsStats.nullReply": Deviation(
        "API.md: get_requests_stats returns list[LogRequestStat]; a JSON null reply is an "
        "empty list (the reference passed the raw null through).",
        {"result": []},
    ),
    "logs.getRequestsStats.secondsOnly": Deviation(
        "API.md: get_requests_stats returns typed LogRequestStat items whose date is a "
        "datetime, written back in the server's millisecond format; the reference returned "
        "the raw dicts.",
        {"result.0.date": "2022-01-01 00:00:00.000"},
    ),
    "records.getList.expand": Deviation(
        TYPED_EXPAND,
        {
            "result.items.0.@expand.author.@expand": {},
            "result.items.0.@expand.tags.0.@expand": {},
            "result.items.0.@expand.tags.1.@expand": {},
        },
    ),
    "records.getOne.expand": Deviation(
        TYPED_EXPAND,
        {
            "result.@expand.author.@expand": {},
            "result.@expand.tags.0.@expand": {},
            "result.@expand.tags.1.@expand": {},
        },
    ),
    "users.getOne.profileExpand": Deviation(
        TYPED_EXPAND, {"result.profile.@expand.friend.@expand": {}}
    ),
    # -- hooks ----------------------------------------------------------------------------
    "hooks.beforeReturnNone": Deviation(
        "A before_send hook that returns None keeps the request as it was; the reference sent a "
        "bare GET without headers or body.",
        {
            "requests.0": _request(
                "http://pb.test/x",
                method="POST",
                body={"a": 1},
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Admin {ADMIN_TOKEN}",
                },
            )
        },
    ),
    "hooks.beforeRaise": Deviation(
        "API.md: every failure is a ClientResponseError, including an exception raised by "
        "before_send (status 0, original_error set); the reference let it escape unwrapped.",
        {"error": _client_error("http://pb.test/x", 0)},
    ),
    # -- auth store -----------------------------------------------------------------------
    "auth.header.baseAdmin": Deviation(
        BASE_STORE_TYPO,
        {
            "requests.0.headers.Authorization": f"Admin {ADMIN_TOKEN}",
            "store.model": _admin("adm1"),
            "store.kind": "admin",
        },
    ),
    "auth.authViaEmailBaseStore": Deviation(
        BASE_STORE_TYPO, {"store.model": _admin("adm2"), "store.kind": "admin"}
    ),
    "auth.header.userTokenOnly": Deviation(
        KIND_FROM_TOKEN, {"requests.0.headers.Authorization": f"User {USER_TOKEN}"}
    ),
    "cookie.userTokenOnly": Deviation(
        KIND_FROM_TOKEN,
        {
            "loadOwn": {"token": USER_TOKEN, "model": EMPTY_USER, "kind": "user"},
            "loadOther": {"token": USER_TOKEN, "model": EMPTY_USER, "kind": "user"},
        },
    ),
    "cookieLoad.userModelMissing": Deviation(
        KIND_FROM_TOKEN,
        {"store": {"token": USER_TOKEN, "model": EMPTY_USER, "kind": "user"}},
    ),
    "cookieLoad.adminTokenWithVerified": Deviation(
        KIND_FROM_TOKEN + " A 0.23+ superuser carries 'verified' too, so the key proves nothing.",
        {
            "store": {
                "token": ADMIN_TOKEN,
                "model": {**EMPTY_ADMIN, "id": "a1"},
                "kind": "admin",
            }
        },
    ),
    "cookie.emptyStore": Deviation(
        COOKIE_EMPTY, {"loadOwn": EMPTY_STORE, "loadOther": EMPTY_STORE}
    ),
    "cookieLoad.noCookie": Deviation(COOKIE_EMPTY, {"store": EMPTY_STORE}),
    "cookieLoad.garbage": Deviation(COOKIE_EMPTY, {"store": EMPTY_STORE}),
    "cookieLoad.null": Deviation(
        "load_from_cookie() never raises: 'pb_auth=null' gives an empty store; the reference "
        "raised a TypeError.",
        {"store": EMPTY_STORE},
    ),
    "cookieLoad.upstream": Deviation(NUMERIC_ID, {"store.model.id": "123"}),
    "cookie.profileEmptyExpand": Deviation(
        "Record.export() writes an empty '@expand' after the data keys (a 0.7 server only "
        "sends '@expand' when something was expanded, and then it sorts before the data "
        "keys); the reference kept an explicit empty '@expand' at its input position. Only "
        "the byte order of the cookie differs; both sides load either cookie identically.",
        {
            "cookie": (
                "pb_auth=%7B%22token%22%3A%22"
                + USER_TOKEN
                + "%22%2C%22model%22%3A%7B%22id%22%3A%22usr1%22%2C%22created%22%3A%22"
                "2022-10-01%2010%3A00%3A00.000%22%2C%22updated%22%3A%222022-10-02%2011%3A30"
                "%3A00.123%22%2C%22email%22%3A%22user%40example.com%22%2C%22verified%22%3A"
                "true%2C%22lastResetSentAt%22%3A%22%22%2C%22lastVerificationSentAt%22%3A%22"
                "2022-10-01%2010%3A00%3A00.000%22%2C%22profile%22%3A%7B%22id%22%3A%22p1%22"
                "%2C%22created%22%3A%22%22%2C%22updated%22%3A%22%22%2C%22%40collectionId"
                "%22%3A%22c_profiles%22%2C%22%40collectionName%22%3A%22profiles%22%2C%22"
                "name%22%3A%22N%22%2C%22%40expand%22%3A%7B%7D%7D%7D%7D; Path=/; "
                "Expires=Thu, 27 Jun 2030 10:00:00 GMT; HttpOnly; Secure; SameSite=Strict"
            )
        },
    ),
    # -- JWT ------------------------------------------------------------------------------
    "isValid.base64url": Deviation(ATOB, {"result": True}),
    "isValid.payloadString": Deviation(NON_OBJECT_PAYLOAD, {"result": False}),
    "isValid.payloadArray": Deviation(NON_OBJECT_PAYLOAD, {"result": False}),
}
