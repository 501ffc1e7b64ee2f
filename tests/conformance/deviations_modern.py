"""Every deliberate deviation of the Python SDK's modern surface from the JS SDK 0.28.1.

Each entry names a case of ``modern/*.json``, says why the Python SDK differs (a decision of
the modern API contract, the Python spelling of the API, or the HTTP library), and gives the
Python side's expected result as a *patch* over the JS result: dotted paths (list indexes are
numbers) into the raw driver output, replaced by the value Python must give
(``Deviation.DELETE`` removes a key), and where a change applies to every request of a kind a
``transform`` of the patched result. The suite asserts that Python gives exactly that, and that
it differs from the JS result (a deviation that stopped deviating is stale).

Differences that no decision justifies are not listed here: those cases fail until the Python
side is fixed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from .deviations import Deviation

__all__ = ["MODERN_DEVIATIONS"]

DELETE = Deviation.DELETE

# -- reasons -----------------------------------------------------------------------------------

KEYWORD_ORDER = (
    "Keyword arguments have no order the SDK can see: a modern call's query takes the "
    "documented order (page, perPage, the caller's query, then filter, sort, expand, fields, "
    "skipTotal; for file URLs query, thumb, download, token), where the JS SDK follows the key "
    "order of the caller's options object. The server reads the same parameters."
)
SSE_HEADERS = (
    "The realtime stream is opened by httpx-sse, which sends Cache-Control: no-store; the JS "
    "SDK's EventSource (the eventsource polyfill) sends only Accept: text/event-stream and asks "
    "fetch for the no-store cache mode instead. Everything else on the stream is the same."
)
LOGIN_WITHOUT_TOKEN = (
    "API-modern.md decision 2: the login calls (auth_with_password, auth_with_oauth2_code, "
    "auth_with_oauth2, auth_with_otp, request_otp) go out without the stored token; the JS SDK "
    "0.28.1 sends it."
)
SDK_ONLY_OPTIONS = (
    "API-modern.md: SDK-only options (auto_refresh_threshold, the automatic refresh's own "
    "marker) never reach the query string; the JS SDK 0.28.1 leaks autoRefreshThreshold=1800 "
    "for collections other than _superusers and marks its automatic refresh and re-login with "
    "autoRefresh=true."
)
MFA_IN_BODY = (
    "API-modern.md decision 18: the MFA id travels in the body (httpx logs request URLs at "
    "INFO level, so nothing secret goes into a query string the SDK builds); the JS SDK sends "
    "the documented {mfaId} option as ?mfaId=. The server reads either."
)
LOGIN_SAVES_TOKEN_AND_RECORD = (
    "API-modern.md: logins save the store when the reply has a token and a record; the JS SDK "
    "saves a reply without a token too (an empty token beside the record)."
)
IMPERSONATE_DURATION = (
    "API-modern.md: impersonate(record_id, duration=0) sends duration 0 when none is given (the "
    "server then uses the collection's token duration, as for a missing duration); the JS SDK "
    "sends an empty body."
)
APPLE_SECRET_STR = (
    "API-modern.md: settings.generate_apple_client_secret(...) returns the secret as a str; the "
    "JS SDK returns the reply object {secret}."
)
GATED_404 = (
    "API-modern.md decision 5: a router 404 (Not Found.) from a feature that arrived inside a "
    "generation (log truncation: 0.40) becomes UnsupportedFeatureError (status 0) naming the "
    "first server version that has it."
)
EITHER_SHAPE = (
    "API-modern.md: collections.create/update/import_collections accept a collection in either "
    "shape on every generation and send the server's own: a seed schema with nested options "
    "goes to a 0.23+ server as fields with flat options (plus the created/updated autodate "
    "fields the seed shape implies); the JS SDK sends the body as given."
)
PREFIX_SEGMENTS = (
    "API-modern.md decision 3: unsubscribe_by_prefix matches whole topic segments ('post' "
    "never removes 'posts/*'); the JS SDK 0.28.1 compares raw text prefixes."
)
FILE_TYPE_GUESS = (
    "A (name, data) file tuple carries no content type, so the SDK guesses it from the name (as "
    "the seed's file values do); fetch sends application/octet-stream for a File whose type is "
    "empty. A (name, data, content_type) tuple sends the given type (records.create.file)."
)
PB_CONNECT_ID = (
    "API-modern.md decision 3: a PB_CONNECT listener is called with the client id (a str); "
    "the JS SDK calls it with the event's parsed data {clientId}."
)
RESUBSCRIBE_ON_LOGIN = (
    "API-modern.md: logins re-submit the realtime subscriptions under the new identity (the "
    "server binds a stream to the identity of its first POST, so they move to a new stream, "
    "and on_disconnect hears of the old one); the JS SDK 0.28.1 keeps the old stream."
)
EXTERNAL_AUTH_MODEL = (
    "API-modern.md: list_external_auths returns list[ExternalAuth], the seed's model, which "
    "also fills its user_id (userId) from the 0.23+ recordRef; every field of the reply is "
    "kept."
)
EMPTY_RECORD_ID = (
    "An empty record id is refused before anything is sent (a 404 ClientResponseError "
    "'Missing required record id.', as get_one('') in both SDKs): update('') and delete('') "
    "would address the collection's list route instead of a record, so bad input gets a clear "
    "error; the JS SDK 0.28.1 sends them to that route."
)
STORE_KEEPS_SERVER_FIELDS = (
    "After an update of the logged-in record the store keeps exactly the fields the server "
    "sent (no empty 'expand' added), so the 0.28.1 cookie exported for it is byte-identical to "
    "what the JS SDK exports for the server's record (issue 19); the JS SDK 0.28.1 adds "
    "'expand': {} when it merges the update into its store."
)
SEED_UNSUBSCRIBE_POSTS_EMPTY = (
    "realtime.unsubscribe() is the seed's method (one code path with the seed realtime): "
    "removing the last subscription POSTs the empty set before the stream is closed; the JS "
    "SDK 0.28.1 only closes the stream. Harmless: the server drops the client's "
    "subscriptions either way. (listen's removers and unsubscribe_by_prefix close without "
    "the POST, as 0.28.1.)"
)
CONNECT_ERROR_KEPT = (
    "API-modern.md decision 3: a first connection that fails raises the server's own error "
    "(its class, status, URL and body: here ServerError 500) instead of the JS SDK 0.28.1's "
    "bare ClientResponseError with status 0: more information, and errors go by kind."
)
OAUTH2_PROVIDER_ERROR = (
    "The all-in-one OAuth2 flow's provider refusal keeps the provider's error code in the "
    "error's data ({'error': 'access_denied'}); the JS SDK 0.28.1 gives an empty data: more "
    "information for the caller."
)
EMPTY_BATCH_REFUSED = (
    "Issue 15: batch.send() refuses an empty queue before anything is sent (a "
    "ClientResponseError with status 0 saying the batch is empty); the JS SDK 0.28.1 sends it "
    "and the server answers 400."
)
RESTORE_WAITS = (
    "Issue 15: backups.restore returns once the restarted server answers again: it opens a "
    "watch stream (GET /api/realtime) before the POST, waits for the server to close it, then "
    "polls GET /api/health until the server is back; the JS SDK 0.28.1 returns right after "
    "the POST. A POST the server refuses raises at once (no health poll)."
)

# -- helpers -----------------------------------------------------------------------------------


def _is_stream(request: dict[str, Any]) -> bool:
    return bool(request["method"] == "GET" and request["url"].endswith("/api/realtime"))


def _stream_headers(result: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(result)
    for request in out.get("requests", []):
        if _is_stream(request):
            request["headers"]["cache-control"] = "no-store"
    return out


def _sse(patch: dict[str, Any] | None = None, reason: str = SSE_HEADERS) -> Deviation:
    """The stream headers, plus a case's own patch (whose reason comes first)."""
    text = reason if reason == SSE_HEADERS else f"{reason} Also: {SSE_HEADERS}"
    return Deviation(text, patch or {}, transform=_stream_headers)


def _without_token(*indexes: int) -> dict[str, Any]:
    return {f"requests.{i}.headers.authorization": DELETE for i in indexes}


def _each(ids: Iterable[str], make: Callable[[], Deviation]) -> dict[str, Deviation]:
    return {case_id: make() for case_id in ids}


def _mfa_request(result: dict[str, Any], index: int) -> dict[str, Any]:
    out = copy.deepcopy(result)
    request = out["requests"][index]
    base, _, query = request["url"].partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith("mfaId=")]
    request["url"] = base + ("?" + "&".join(kept) if kept else "")
    request["body"] = {**request["body"], "mfaId": "mfa0000000000001"}
    return out


def _mfa_deviation(index: int, login_indexes: tuple[int, ...] = ()) -> Deviation:
    return Deviation(
        MFA_IN_BODY + " " + LOGIN_WITHOUT_TOKEN if login_indexes else MFA_IN_BODY,
        _without_token(*login_indexes),
        transform=lambda result: _mfa_request(result, index),
    )


def _drop_query(result: dict[str, Any], index: int, key: str) -> dict[str, Any]:
    out = copy.deepcopy(result)
    request = out["requests"][index]
    base, _, query = request["url"].partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith(key + "=")]
    request["url"] = base + ("?" + "&".join(kept) if kept else "")
    return out


def _sdk_only(*drops: tuple[int, str], login_indexes: tuple[int, ...] = ()) -> Deviation:
    def transform(result: dict[str, Any]) -> dict[str, Any]:
        for index, key in drops:
            result = _drop_query(result, index, key)
        return result

    reason = SDK_ONLY_OPTIONS + (" " + LOGIN_WITHOUT_TOKEN if login_indexes else "")
    return Deviation(reason, _without_token(*login_indexes), transform=transform)


def _empty_set_posted(result: dict[str, Any]) -> dict[str, Any]:
    """``realtime.unsubscribe.all``: the seed's unsubscribe POSTs the empty set last."""
    out = _stream_headers(result)
    post = copy.deepcopy(out["requests"][-1])
    post["body"] = {**post["body"], "subscriptions": []}
    out["requests"].append(post)
    out.pop("unusedReplies", None)
    return out


def _restore_watched(result: dict[str, Any]) -> dict[str, Any]:
    """``backups.restore``: the watch stream before the POST and, when the server took it,
    the health poll after it (answered by the case's second reply)."""
    out = copy.deepcopy(result)
    post = out["requests"][0]
    base = post["url"].split("/api/", 1)[0]
    watch = {
        "method": "GET",
        "url": f"{base}/api/realtime",
        "headers": {"accept": "text/event-stream", "accept-language": "en-US"},
        "body": None,
    }
    out["requests"].insert(0, watch)
    if "error" not in out:
        token = post["headers"]["authorization"]
        health_headers = {"content-type": "application/json", "accept-language": "en-US"}
        health = {
            "method": "GET",
            "url": f"{base}/api/health",
            "headers": {**health_headers, "authorization": token},
            "body": None,
        }
        out["requests"].append(health)
        out.pop("unusedReplies", None)
    return out


def _moved_to_new_stream(result: dict[str, Any]) -> dict[str, Any]:
    """``realtime.login.resubmits``: a second stream, and the subscription POSTed on it with
    the new token."""
    out = _stream_headers(result)
    login = out["requests"][2]
    stream = copy.deepcopy(out["requests"][0])
    post = copy.deepcopy(out["requests"][1])
    post["headers"]["authorization"] = out["store"]["token"]
    post["body"] = {"clientId": "cid2", "subscriptions": ["posts/*"]}
    out["requests"] = [*out["requests"][:2], login, stream, post]
    out["disconnects"] = [["posts/*"]]
    out.pop("unusedReplies", None)
    return out


# -- the realtime cases (every one opens the stream) ---------------------------------------------

REALTIME_CASES = (
    "realtime.subscribe.collection",
    "realtime.subscribe.recordId",
    "realtime.subscribe.options",
    "realtime.subscribe.optionsQuery",
    "realtime.subscribe.emptyOptions",
    "realtime.subscribe.headersOnly",
    "realtime.subscribe.optionsUnicode",
    "realtime.subscribe.encodedCollection",
    "realtime.subscribe.auth",
    "realtime.subscribe.twoListenersOneKey",
    "realtime.subscribe.twoTopics",
    "realtime.subscribe.optionVariants",
    "realtime.subscribe.realtimeTopic",
    "realtime.subscribe.realtimeOptions",
    "realtime.subscribe.customTopic",
    "realtime.subscribe.customTopicRawData",
    "realtime.subscribe.pbConnect",
    "realtime.subscribe.eventNotJson",
    "realtime.subscribe.recordTopicOtherData",
    "realtime.subscribe.otherKeyNotDelivered",
    "realtime.subscribe.postFails",
    "realtime.remove.oneOfTwoListeners",
    "realtime.remove.lastListenerOfKey",
    "realtime.remove.last",
    "realtime.unsubscribe.topic",
    "realtime.unsubscribe.collection",
    "realtime.unsubscribe.realtimeTopic",
    "realtime.unsubscribe.unknownTopic",
    "realtime.unsubscribeByPrefix.collection",
    "realtime.unsubscribeByPrefix.withOptions",
    "realtime.unsubscribeByPrefix.nothing",
    "realtime.unsubscribeByPrefix.everything",
    "realtime.resubscribe.afterRemove",
    "auth.authWithOAuth2.stateMismatch",
)


MODERN_DEVIATIONS: dict[str, Deviation] = {
    **_each(REALTIME_CASES, _sse),
    # -- query order of keyword options ---------------------------------------------------
    "records.getList.optionOrder": Deviation(
        KEYWORD_ORDER,
        {
            "requests.0.url": "http://pb.test/api/collections/posts/records?page=1&perPage=30"
            "&filter=count%20%3E%201&sort=-created&expand=author"
        },
    ),
    "files.getURL.token": Deviation(
        KEYWORD_ORDER,
        {
            "result": "http://pb.test/api/files/pbc_posts/r1aaaaaaaaaaaaa/a.png"
            "?thumb=0x50t&token=FILE%20TOKEN"
        },
    ),
    "files.getURL.extraQuery": Deviation(
        KEYWORD_ORDER,
        {"result": "http://pb.test/api/files/pbc_posts/r1aaaaaaaaaaaaa/a.png?v=2&thumb=10x10"},
    ),
    "batch.create.options": Deviation(
        KEYWORD_ORDER,
        {
            "requests.0.body.$multipart.0.text": (
                '{"requests":[{"method":"POST","url":"/api/collections/posts/records'
                '?q=1&expand=author&fields=id%2Ctitle","headers":{"X-Item":"1"},'
                '"body":{"title":"b1"}}]}'
            )
        },
    ),
    # -- files ---------------------------------------------------------------------------
    "records.create.fileNoType": Deviation(
        FILE_TYPE_GUESS, {"requests.0.body.$multipart.0.contentType": "text/plain"}
    ),
    # -- records -------------------------------------------------------------------------
    **_each(
        ("records.update.emptyId", "records.delete.emptyId"),
        lambda: Deviation(
            EMPTY_RECORD_ID,
            {
                "error.data": {"code": 404, "message": "Missing required record id.", "data": {}},
                "requests.0": DELETE,
                "unusedReplies": 1,
            },
        ),
    ),
    **_each(
        ("records.update.authRecordById", "records.update.authRecordNarrowFields"),
        lambda: Deviation(STORE_KEEPS_SERVER_FIELDS, {"store.record.expand": DELETE}),
    ),
    # -- collections ---------------------------------------------------------------------
    "collections.create.schemaShape": Deviation(
        EITHER_SHAPE,
        {
            "requests.0.body": {
                "name": "old",
                "type": "base",
                "fields": [
                    {"name": "title", "type": "text", "required": True, "max": 120},
                    {"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False},
                    {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
                ],
            }
        },
    ),
    # -- realtime ------------------------------------------------------------------------
    "realtime.login.resubmits": Deviation(
        f"{RESUBSCRIBE_ON_LOGIN} {LOGIN_WITHOUT_TOKEN} Also: {SSE_HEADERS}",
        _without_token(2),
        transform=_moved_to_new_stream,
    ),
    "realtime.pbConnect.first": _sse({"events.c1.0": "cid1"}, PB_CONNECT_ID),
    "realtime.subscribe.connectFails": _sse(
        {
            "steps.0.error.url": "http://pb.test/api/realtime",
            "steps.0.error.status": 500,
            "steps.0.error.data": {"data": {}, "message": "Something went wrong.", "status": 500},
        },
        CONNECT_ERROR_KEPT,
    ),
    "realtime.unsubscribe.all": Deviation(
        f"{SEED_UNSUBSCRIBE_POSTS_EMPTY} Also: {SSE_HEADERS}", transform=_empty_set_posted
    ),
    "realtime.unsubscribeByPrefix.partialSegment": _sse(
        {"requests.3": DELETE, "unusedReplies": 1}, PREFIX_SEGMENTS
    ),
    # -- auth ----------------------------------------------------------------------------
    "auth.authWithPassword.withStoredToken": Deviation(LOGIN_WITHOUT_TOKEN, _without_token(0)),
    "auth.authWithPassword.error400": Deviation(LOGIN_WITHOUT_TOKEN, _without_token(0)),
    "auth.authWithOAuth2Code.withStoredToken": Deviation(LOGIN_WITHOUT_TOKEN, _without_token(0)),
    "auth.requestOTP.options": Deviation(LOGIN_WITHOUT_TOKEN, _without_token(0)),
    "auth.authWithPassword.noToken": Deviation(
        LOGIN_SAVES_TOKEN_AND_RECORD, {"store": {"token": "", "record": None}}
    ),
    "auth.authWithPassword.autoRefreshLeak": _sdk_only((0, "autoRefreshThreshold")),
    "auth.authWithPassword.superuserAutoRefresh": _sdk_only((1, "autoRefresh")),
    "auth.authWithPassword.superuserRelogin": _sdk_only(
        (1, "autoRefresh"), (2, "autoRefresh"), login_indexes=(2,)
    ),
    "auth.authWithPassword.mfaSecondFactor": _mfa_deviation(0),
    "auth.authWithOAuth2Code.mfaSecondFactor": _mfa_deviation(0),
    "auth.authWithOTP.mfaSecondFactor": _mfa_deviation(0),
    "auth.mfa.passwordThenOTP": _mfa_deviation(2),
    "auth.impersonate.defaultDuration": Deviation(
        IMPERSONATE_DURATION, {"requests.0.body": {"duration": 0}}
    ),
    "auth.listExternalAuths.basic": Deviation(
        EXTERNAL_AUTH_MODEL,
        {"result.0.userId": "u1aaaaaaaaaaaaa", "result.1.userId": "u1aaaaaaaaaaaaa"},
    ),
    "auth.authWithOAuth2.allInOne": _sse(),
    "auth.authWithOAuth2.providerError": _sse(
        {"error.data": {"error": "access_denied"}}, OAUTH2_PROVIDER_ERROR
    ),
    "auth.authWithOAuth2.scopesAndData": _sse(),
    # -- services ------------------------------------------------------------------------
    "settings.generateAppleClientSecret.basic": Deviation(
        APPLE_SECRET_STR, {"result": "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"}
    ),
    "settings.generateAppleClientSecret.options": Deviation(APPLE_SECRET_STR, {"result": "s3cr3t"}),
    "logs.truncate.old": Deviation(GATED_404, {"error.status": 0}),
    **_each(
        ("backups.restore.basic", "backups.restore.missing", "backups.restore.options"),
        lambda: Deviation(RESTORE_WAITS, transform=_restore_watched),
    ),
    "batch.send.empty": Deviation(
        EMPTY_BATCH_REFUSED,
        {
            "error.url": "",
            "error.status": 0,
            "error.data": {},
            "requests.0": DELETE,
            "unusedReplies": 1,
        },
    ),
}
