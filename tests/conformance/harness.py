"""Shared pipeline of the conformance suite: load the cases, run the reference JS SDK once under
node, run the Python clients, normalise both sides and compare them case by case.

Used by ``test_conformance.py`` (pytest) and ``report.py`` (``make conformance``).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import driver
from .deviations import DEVIATIONS, Deviation

__all__ = [
    "CASES_PATH",
    "CaseOutcome",
    "NodeUnavailable",
    "Run",
    "compare",
    "load_cases",
    "normalise",
    "run",
    "run_node",
]

HERE = Path(__file__).resolve().parent
CASES_PATH = HERE / "cases.json"
DRIVER_JS = HERE / "driver.mjs"
JS_PACKAGE_DIR = HERE.parent / "js"
JS_BUNDLE = JS_PACKAGE_DIR / "node_modules" / "pocketbase" / "dist" / "pocketbase.es.mjs"
INSTALL_HINT = (
    "run `npm ci --prefix tests/js` (or `make install`) to install the reference JS SDK 0.7.4"
)
FLAVOURS = ("sync", "async")


class NodeUnavailable(RuntimeError):
    """node or the reference JS SDK is missing."""


def load_cases() -> dict[str, Any]:
    with CASES_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def case_ids(data: dict[str, Any] | None = None) -> list[str]:
    return [c["id"] for c in (data or load_cases())["cases"]]


def run_node(data: dict[str, Any], py_cookies: dict[str, str]) -> dict[str, Any]:
    """Run every case through the reference JS SDK in one node process."""
    node = shutil.which("node")
    if node is None:
        raise NodeUnavailable(f"`node` is not on PATH; install Node.js >= 18 and {INSTALL_HINT}")
    if not JS_BUNDLE.is_file():
        raise NodeUnavailable(f"{JS_BUNDLE} is missing; {INSTALL_HINT}")
    payload = json.dumps({"data": data, "pyCookies": py_cookies}, ensure_ascii=False)
    env = dict(os.environ, TZ="UTC")
    proc = subprocess.run(
        [node, str(DRIVER_JS)],
        input=payload.encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"driver.mjs failed with exit code {proc.returncode}:\n"
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
        if isinstance(node, list):
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


def compare(case_id: str, flavour: str, js_raw: Any, py_raw: Any) -> CaseOutcome:
    js = normalise(js_raw)
    py = normalise(py_raw)
    deviation = DEVIATIONS.get(case_id)
    problem = ""
    if "driverError" in js or "driverError" in py:
        problem = "driver error"
        expected = js
    elif deviation is None:
        expected = js
    else:
        expected = normalise(apply_patch(js_raw, deviation.patch))
        if same(py, js):
            problem = "listed as a deviation, but the Python result equals the reference one"
    if not problem and not same(py, expected):
        problem = (
            "differs from the reference" if deviation is None else "differs from the deviation"
        )
    return CaseOutcome(case_id, flavour, not problem, deviation, js, py, expected, problem)


@dataclass(frozen=True)
class Run:
    data: dict[str, Any]
    js: dict[str, Any]
    py: dict[str, dict[str, Any]]

    def outcomes(self, flavour: str) -> list[CaseOutcome]:
        return [
            compare(c["id"], flavour, self.js.get(c["id"]), self.py[flavour][c["id"]])
            for c in self.data["cases"]
        ]


def run() -> Run:
    """Everything: one node process for the reference, then the sync and the async client."""
    data = load_cases()
    unknown = sorted(set(DEVIATIONS) - set(case_ids(data)))
    if unknown:
        raise RuntimeError(f"deviations.py lists unknown case ids: {unknown}")
    js = run_node(data, driver.export_cookies(data))
    py = {flavour: driver.run_all(data, flavour, js) for flavour in FLAVOURS}
    return Run(data, js, py)


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
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        out: list[str] = []
        for index, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out.extend(diff_lines(e, a, f"{path}.{index}"))
        return out
    if not same(expected, actual):
        return [f"{path}: expected {expected!r}, Python gave {actual!r}"]
    return []
