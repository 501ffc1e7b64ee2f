"""Call-by-call conformance with the PocketBase JS SDK 0.28.1 (run under node).

One node process runs every case of ``modern/*.json`` (the JS SDK 0.28.1 with a recording
fetch stub and the ``eventsource`` polyfill); then both Python clients run them with respx
(``server_api="0.23"``), and each case is compared per client. Deliberate deviations are in
``deviations_modern.py`` and are asserted on the Python side, never skipped.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from . import harness
from .deviations_modern import MODERN_DEVIATIONS
from .driver_modern import python_call, record_request

pytestmark = pytest.mark.node

DATA = harness.load_modern_cases()
CASE_IDS = harness.case_ids(DATA)

# Every method of issues 13, 14 and 15, by the target a case calls it on.
REQUIRED_METHODS = {
    "records": {
        "getList", "getFullList", "getFirstListItem", "getOne", "create", "update", "delete",
    },
    "files": {"getURL", "getToken"},
    "collections": {
        "create", "update", "import", "truncate", "getScaffolds", "getAllOAuth2Providers",
        "dryRunViewQuery",
    },
    "auth": {
        "listAuthMethods", "authWithPassword", "authWithOAuth2Code", "authWithOAuth2",
        "requestOTP", "authWithOTP", "authRefresh", "requestVerification",
        "confirmVerification", "requestPasswordReset", "confirmPasswordReset",
        "requestEmailChange", "confirmEmailChange", "listExternalAuths", "unlinkExternalAuth",
        "impersonate",
    },
    "health": {"check"},
    "backups": {"getFullList", "create", "upload", "delete", "restore", "getDownloadURL"},
    "crons": {"getFullList", "run"},
    "logs": {"getList", "getOne", "getStats", "truncate"},
    "settings": {"testS3", "testEmail", "generateAppleClientSecret"},
    "sql": {"run"},
}  # fmt: skip

AUTH_METHODS = REQUIRED_METHODS["auth"]


@pytest.fixture(scope="module")
def conformance_run() -> harness.Run | harness.NodeUnavailable:
    try:
        return harness.run(harness.MODERN)
    except harness.NodeUnavailable as exc:
        return exc


def _run(value: harness.Run | harness.NodeUnavailable) -> harness.Run:
    if isinstance(value, harness.NodeUnavailable):
        pytest.fail(f"The conformance suite needs node and the JS SDK: {value}", pytrace=False)
    return value


@pytest.mark.parametrize("flavour", harness.FLAVOURS)
@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case(
    conformance_run: harness.Run | harness.NodeUnavailable, case_id: str, flavour: str
) -> None:
    run = _run(conformance_run)
    outcome = harness.compare(
        case_id, flavour, run.js.get(case_id), run.py[flavour][case_id], MODERN_DEVIATIONS
    )
    if not outcome.ok:
        lines = harness.diff_lines(outcome.expected, outcome.py)
        detail = "\n  ".join(line[:400] for line in lines[:20])
        reason = f"\n  deviation: {outcome.deviation.reason}" if outcome.deviation else ""
        pytest.fail(f"{case_id} [{flavour}]: {outcome.problem}{reason}\n  {detail}", pytrace=False)


def _calls(case: dict[str, object]) -> list[tuple[str, str]]:
    """(area, JS method) of every call a case makes."""
    kind = case.get("kind", "call")
    out: list[tuple[str, str]] = []
    if kind == "batch":
        out.append(("batch", "send"))
        out.extend(("batch", str(item[1])) for item in case["queue"])  # type: ignore[index, union-attr]
        return out
    steps = case.get("steps") or [case]
    for step in steps:  # type: ignore[union-attr]
        if "call" in step:
            service, method = step["call"]
            area = "records" if service.startswith("collection:") else service
            if area == "records" and method in AUTH_METHODS:
                area = "auth"
            out.append((area, method))
        elif kind == "realtime":
            out.append(("realtime", step["op"]))
    return out


def _covered() -> dict[str, set[str]]:
    called: dict[str, set[str]] = {}
    for case in DATA["cases"]:
        for area, method in _calls(case):
            called.setdefault(area, set()).add(method)
    return called


def test_every_method_is_covered() -> None:
    called = _covered()
    missing = {a: sorted(m - called.get(a, set())) for a, m in REQUIRED_METHODS.items()}
    assert {a: m for a, m in missing.items() if m} == {}
    assert {"create", "update", "upsert", "delete", "send"} <= called["batch"]
    assert {"subscribe", "unsubscribe", "unsubscribeByPrefix", "remove", "event"} <= called[
        "realtime"
    ]


def test_issue_13_has_at_least_80_cases() -> None:
    areas = {"records.json", "files.json", "collections.json", "realtime.json"}
    assert sum(1 for case in DATA["cases"] if case["file"] in areas) >= 80


def test_case_ids_are_unique_and_deviations_name_cases() -> None:
    assert len(set(CASE_IDS)) == len(CASE_IDS)
    assert sorted(set(MODERN_DEVIATIONS) - set(CASE_IDS)) == []
    assert all(d.reason and (d.patch or d.transform) for d in MODERN_DEVIATIONS.values())


def test_python_spelling_of_a_case() -> None:
    case = {
        "call": ["collection:posts", "getList"],
        "args": [2, 20],
        "options": {"skipTotal": True, "requestKey": "k"},
    }
    assert python_call(case) == (
        "collection:posts", "get_list", [2, 20], {"skip_total": True, "request_key": "k"}
    )  # fmt: skip
    realtime = {"call": ["realtime", "subscribe"], "args": ["posts/*"]}
    assert python_call(realtime)[1] == "listen"
    override = {**case, "py": {"call": ["settings", "test_email"], "args": ["a"], "kwargs": {}}}
    assert python_call(override) == ("settings", "test_email", ["a"], {})


def test_multipart_bodies_are_recorded_part_by_part() -> None:
    request = httpx.Request(
        "POST",
        "http://pb.test/x",
        data={"title": "t", "@jsonPayload": '{"tags":["a"]}'},
        files=[("cover", ('a "b".txt', b"\xff\x00", "application/octet-stream"))],
    )
    recorded = record_request(request)
    assert recorded["headers"]["content-type"] == "multipart/form-data"
    assert recorded["body"] == {
        "$multipart": [
            {"name": "title", "text": "t"},
            {"name": "@jsonPayload", "text": '{"tags":["a"]}'},
            {
                "name": "cover",
                "filename": 'a "b".txt',
                "contentType": "application/octet-stream",
                "base64": "/wA=",
            },
        ]
    }
    normalised = harness.normalise({"requests": [recorded]})["requests"][0]["body"]
    assert [part["name"] for part in normalised["$multipart"]] == ["@jsonPayload", "cover", "title"]
    assert normalised["$multipart"][0]["json"] == {"tags": ["a"]}


def test_tokens_made_at_run_time_expire_as_asked() -> None:
    spec = {"token": {"$jwt": {"claims": {"id": "x", "type": "auth"}, "expIn": 600}}}
    token = harness._resolve_tokens(spec, 1_000_000)["token"]
    payload = token.split(".")[1]
    claims = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims == {"id": "x", "type": "auth", "exp": 1_000_600}
