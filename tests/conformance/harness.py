"""Shared pipeline of the conformance suites: load the cases, run a reference JS SDK once under
node, run the Python clients, normalise both sides and compare them case by case.

Two suites share it: ``SEED`` (the JS SDK 0.7.4, ``cases.json``, ``driver.mjs`` /
``driver.py``) and ``MODERN`` (the JS SDK 0.28.1, the case files of ``modern/``,
``driver_modern.mjs`` / ``driver_modern.py``). Used by ``test_conformance.py``,
``test_conformance_modern.py`` (pytest) and ``report.py`` (``make conformance``).
"""

from __future__ import annotations

import base64
import copy
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import driver, driver_modern
from .deviations import DEVIATIONS, Deviation
from .deviations_modern import MODERN_DEVIATIONS

__all__ = [
    "CASES_PATH",
    "MODERN",
    "MODERN_DIR",
    "SEED",
    "SUITES",
    "CaseOutcome",
    "NodeUnavailable",
    "Run",
    "Suite",
    "compare",
    "load_cases",
    "load_modern_cases",
    "normalise",
    "run",
    "run_node",
]

HERE = Path(__file__).resolve().parent
CASES_PATH = HERE / "cases.json"
MODERN_DIR = HERE / "modern"
JS_PACKAGE_DIR = HERE.parent / "js"
NODE_MODULES = JS_PACKAGE_DIR / "node_modules"
INSTALL_HINT = (
    "run `npm ci --prefix tests/js` (or `make install`) to install the reference JS SDKs "
    "(0.7.4, 0.28.1 as pocketbase-modern) and the eventsource polyfill"
)
FLAVOURS = ("sync", "async")


class NodeUnavailable(RuntimeError):
    """node or a reference JS SDK is missing."""


def load_cases() -> dict[str, Any]:
    """The seed suite's cases (``cases.json``)."""
    with CASES_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _jwt_segment(data: Mapping[str, Any]) -> str:
    # standard base64 without padding: what atob() (the JS SDKs' JWT reader) accepts
    text = json.dumps(data, separators=(",", ":")).encode()
    return base64.b64encode(text).decode().rstrip("=")


def _resolve_tokens(value: Any, now: int) -> Any:
    """``{"$jwt": {claims, "expIn": seconds}}`` becomes a token expiring that many seconds
    from now (one value for both sides: the harness resolves it before either runs)."""
    if isinstance(value, list):
        return [_resolve_tokens(v, now) for v in value]
    if isinstance(value, dict):
        if "$jwt" in value:
            spec = dict(value["$jwt"])
            claims = dict(spec.get("claims", {}))
            if "expIn" in spec:
                claims["exp"] = now + int(spec["expIn"])
            head = _jwt_segment({"alg": "HS256", "typ": "JWT"})
            return f"{head}.{_jwt_segment(claims)}.c2lnbmF0dXJl"
        return {k: _resolve_tokens(v, now) for k, v in value.items()}
    return value


def load_modern_cases() -> dict[str, Any]:
    """The modern suite's cases: ``modern/fixtures.json`` plus the cases of every other file
    of ``modern/`` (one file per area), in file-name order; case ids must be unique."""
    fixtures = json.loads((MODERN_DIR / "fixtures.json").read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in sorted(MODERN_DIR.glob("*.json")):
        if path.name == "fixtures.json":
            continue
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            if case["id"] in seen:
                raise ValueError(f"case id {case['id']!r} in {path.name} and {seen[case['id']]}")
            seen[case["id"]] = path.name
            cases.append({**case, "file": path.name})
    data = {"fixtures": fixtures, "cases": cases}
    resolved: dict[str, Any] = _resolve_tokens(data, int(time.time()))
    return resolved


def case_ids(data: dict[str, Any] | None = None) -> list[str]:
    return [c["id"] for c in (data or load_cases())["cases"]]


def run_node(
    data: dict[str, Any],
    py_cookies: dict[str, str],
    *,
    script: Path | None = None,
    needs: tuple[Path, ...] = (),
) -> dict[str, Any]:
    """Run every case through a reference JS SDK in one node process."""
    script = script or SEED.driver_js
    node = shutil.which("node")
    if node is None:
        raise NodeUnavailable(f"`node` is not on PATH; install Node.js >= 18 and {INSTALL_HINT}")
    for path in needs or SEED.js_files:
        if not path.is_file():
            raise NodeUnavailable(f"{path} is missing; {INSTALL_HINT}")
    payload = json.dumps({"data": data, "pyCookies": py_cookies}, ensure_ascii=False)
    env = dict(os.environ, TZ="UTC")
    proc = subprocess.run(
        [node, str(script)],
        input=payload.encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{script.name} failed with exit code {proc.returncode}:\n"
            + proc.stderr.decode("utf-8", "replace")
        )
    results: dict[str, Any] = json.loads(proc.stdout)
    return results


# -- normalisation ---------------------------------------------------------------------------


def split_url(url: str) -> dict[str, Any]:
    """Keep everything before ``?`` verbatim (exact percent-encoding of the path segments);
    decode the query into ordered ``[key, value]`` pairs."""
    base, sep, query = url.partition("?")
    pairs: list[list[str]] = []
    if sep:
        for part in query.split("&"):
            key, _, value = part.partition("=")
            pairs.append([unquote(key), unquote(value)])
    return {"path": base, "query": pairs}


def _canonical(value: Any) -> Any:
    """Plain JSON data; integral floats become ints (JavaScript has no ``1.0``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Strict equality of normalised results: dict key order is ignored, list order is not,
    and ``true`` never equals ``1``."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """The comparable form of one driver result (both sides go through this)."""
    out: dict[str, Any] = _canonical(json.loads(json.dumps(raw)))
    for request in out.get("requests", []):
        request["url"] = split_url(request["url"])
        body = request.get("body")
        if isinstance(body, dict) and "$multipart" in body:
            # the server reads parts by name; only the order among same-name parts matters
            # (httpx writes text parts before file parts, fetch keeps the body's key order)
            body["$multipart"] = sorted(body["$multipart"], key=lambda part: part["name"])
            for part in body["$multipart"]:
                if part["name"] == "@jsonPayload" and "text" in part:
                    # JSON compared as JSON (key order is free), like JSON bodies
                    part["json"] = json.loads(part.pop("text"))
    error = out.get("error")
    if isinstance(error, dict) and isinstance(error.get("url"), str) and error["url"]:
        error["url"] = split_url(error["url"])
    return out


def apply_patch(value: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Replace the parts named by dotted paths (list indexes are numbers); ``None`` as the
    value of a top-level key that the Python side lacks is expressed with ``DELETE``."""
    out = copy.deepcopy(value)
    for dotted, new in patch.items():
        parts = dotted.split(".")
        node: Any = out
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        last = parts[-1]
        if isinstance(node, list) and new is Deviation.DELETE:
            node.pop(int(last))
        elif isinstance(node, list):
            node[int(last)] = copy.deepcopy(new)
        elif new is Deviation.DELETE:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(new)
    return out


@dataclass(frozen=True)
class CaseOutcome:
    case_id: str
    flavour: str
    ok: bool
    deviation: Deviation | None
    js: dict[str, Any]
    py: dict[str, Any]
    expected: dict[str, Any]
    problem: str = ""


def compare(
    case_id: str,
    flavour: str,
    js_raw: Any,
    py_raw: Any,
    deviations: Mapping[str, Deviation] | None = None,
) -> CaseOutcome:
    js = normalise(js_raw)
    py = normalise(py_raw)
    deviation = (DEVIATIONS if deviations is None else deviations).get(case_id)
    problem = ""
    if "driverError" in js or "driverError" in py:
        problem = "driver error"
        expected = js
    elif deviation is None:
        expected = js
    else:
        expected = normalise(deviation.expected(js_raw, apply_patch))
        if same(py, js):
            problem = "listed as a deviation, but the Python result equals the reference one"
    if not problem and not same(py, expected):
        problem = (
            "differs from the reference" if deviation is None else "differs from the deviation"
        )
    return CaseOutcome(case_id, flavour, not problem, deviation, js, py, expected, problem)


@dataclass(frozen=True)
class Suite:
    """One reference JS SDK, its cases, its drivers and its deviations."""

    name: str
    title: str
    load: Callable[[], dict[str, Any]]
    driver_js: Path
    js_files: tuple[Path, ...]
    deviations: Mapping[str, Deviation]
    run_python: Callable[[dict[str, Any], str, dict[str, Any]], dict[str, dict[str, Any]]]
    py_cookies: Callable[[dict[str, Any]], dict[str, str]]


def _seed_python(
    data: dict[str, Any], flavour: str, js: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    return driver.run_all(data, flavour, js)


def _modern_python(
    data: dict[str, Any], flavour: str, js: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    return driver_modern.run_all(data, flavour)


SEED = Suite(
    name="seed",
    title="the reference PocketBase JS SDK 0.7.4",
    load=load_cases,
    driver_js=HERE / "driver.mjs",
    js_files=(NODE_MODULES / "pocketbase" / "dist" / "pocketbase.es.mjs",),
    deviations=DEVIATIONS,
    run_python=_seed_python,
    py_cookies=driver.export_cookies,
)

MODERN = Suite(
    name="modern",
    title="the PocketBase JS SDK 0.28.1",
    load=load_modern_cases,
    driver_js=HERE / "driver_modern.mjs",
    js_files=(
        NODE_MODULES / "pocketbase-modern" / "dist" / "pocketbase.es.mjs",
        NODE_MODULES / "eventsource" / "dist" / "index.js",
    ),
    deviations=MODERN_DEVIATIONS,
    run_python=_modern_python,
    py_cookies=lambda data: {},
)

SUITES = (SEED, MODERN)


@dataclass(frozen=True)
class Run:
    data: dict[str, Any]
    js: dict[str, Any]
    py: dict[str, dict[str, Any]]
    suite: Suite = SEED

    def outcomes(self, flavour: str) -> list[CaseOutcome]:
        return [
            compare(
                c["id"],
                flavour,
                self.js.get(c["id"]),
                self.py[flavour][c["id"]],
                self.suite.deviations,
            )
            for c in self.data["cases"]
        ]


def run(suite: Suite = SEED) -> Run:
    """Everything: one node process for the reference, then the sync and the async client."""
    data = suite.load()
    unknown = sorted(set(suite.deviations) - set(case_ids(data)))
    if unknown:
        raise RuntimeError(
            f"the deviations of the {suite.name} suite name unknown cases: {unknown}"
        )
    js = run_node(data, suite.py_cookies(data), script=suite.driver_js, needs=suite.js_files)
    py = {flavour: suite.run_python(data, flavour, js) for flavour in FLAVOURS}
    return Run(data, js, py, suite)


def diff_lines(expected: Any, actual: Any, path: str = "") -> list[str]:
    """A short, readable list of the differing leaves."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines: list[str] = []
        for key in list(expected) + [k for k in actual if k not in expected]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                lines.append(f"{sub}: missing on the Python side (expected {expected[key]!r})")
            elif key not in expected:
                lines.append(f"{sub}: unexpected on the Python side ({actual[key]!r})")
            else:
                lines.extend(diff_lines(expected[key], actual[key], sub))
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        out: list[str] = []
        for index, (e, a) in enumerate(zip(expected, actual, strict=False)):
            out.extend(diff_lines(e, a, f"{path}.{index}"))
        for index in range(len(actual), len(expected)):
            out.append(f"{path}.{index}: missing on the Python side (expected {expected[index]!r})")
        for index in range(len(expected), len(actual)):
            out.append(f"{path}.{index}: unexpected on the Python side ({actual[index]!r})")
        return out
    if not same(expected, actual):
        return [f"{path}: expected {expected!r}, Python gave {actual!r}"]
    return []
