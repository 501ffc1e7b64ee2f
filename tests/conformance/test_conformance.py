"""Call-by-call conformance with the reference PocketBase JS SDK 0.7.4 (run under node).

One node process runs every case of ``cases.json``; then both Python clients run them with
respx, and each case is compared per client. Deliberate deviations are in ``deviations.py``
and are asserted on the Python side, never skipped.
"""

from __future__ import annotations

import pytest

from . import harness
from .deviations import DEVIATIONS
from .driver import python_name

pytestmark = pytest.mark.node

DATA = harness.load_cases()
CASE_IDS = harness.case_ids(DATA)

# Every method of every service except realtime, plus the client's own request methods.
REQUIRED_METHODS = {
    "admins": {
        "getList", "getFullList", "getOne", "create", "update", "delete",
        "authViaEmail", "refresh", "requestPasswordReset", "confirmPasswordReset",
    },
    "users": {
        "getList", "getFullList", "getOne", "create", "update", "delete",
        "listAuthMethods", "authViaEmail", "authViaOAuth2", "refresh",
        "requestPasswordReset", "confirmPasswordReset", "requestVerification",
        "confirmVerification", "requestEmailChange", "confirmEmailChange",
        "listExternalAuths", "unlinkExternalAuth",
    },
    "records": {"getList", "getFullList", "getOne", "create", "update", "delete", "getFileUrl"},
    "collections": {"getList", "getFullList", "getOne", "create", "update", "delete", "import"},
    "logs": {"getRequestsList", "getRequest", "getRequestsStats"},
    "settings": {"getAll", "update", "testS3", "testEmail"},
    "client": {"send", "buildUrl"},
}  # fmt: skip


@pytest.fixture(scope="module")
def conformance_run() -> harness.Run | harness.NodeUnavailable:
    try:
        return harness.run()
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
    outcome = harness.compare(case_id, flavour, run.js.get(case_id), run.py[flavour][case_id])
    if not outcome.ok:
        lines = harness.diff_lines(outcome.expected, outcome.py)
        detail = "\n  ".join(line[:400] for line in lines[:20])
        reason = f"\n  deviation: {outcome.deviation.reason}" if outcome.deviation else ""
        pytest.fail(f"{case_id} [{flavour}]: {outcome.problem}{reason}\n  {detail}", pytrace=False)


def test_case_file_is_large_and_ids_unique() -> None:
    assert len(CASE_IDS) >= 150
    assert len(set(CASE_IDS)) == len(CASE_IDS)


def test_deviations_name_existing_cases() -> None:
    assert sorted(set(DEVIATIONS) - set(CASE_IDS)) == []
    assert all(d.reason and d.patch for d in DEVIATIONS.values())


def test_every_service_method_is_covered() -> None:
    called: dict[str, set[str]] = {}
    for case in DATA["cases"]:
        if case.get("kind", "call") == "call":
            service, method = case["call"]
            called.setdefault(service, set()).add(method)
    missing = {s: sorted(m - called.get(s, set())) for s, m in REQUIRED_METHODS.items()}
    assert {s: m for s, m in missing.items() if m} == {}


def test_every_auth_state_and_case_kind_is_covered() -> None:
    auths = {case.get("auth", "empty") for case in DATA["cases"] if "call" in case}
    assert {"empty", "admin", "user"} <= auths
    kinds = {case.get("kind", "call") for case in DATA["cases"]}
    assert kinds == {"call", "cookie", "cookieLoad", "isValid"}


def test_python_names() -> None:
    assert python_name("getFullList") == "get_full_list"
    assert python_name("authViaOAuth2") == "auth_via_oauth2"
    assert python_name("testS3") == "test_s3"
    assert python_name("import") == "import_collections"
    assert python_name("buildUrl") == "build_url"
