"""``python -m tests.conformance.report`` (``make conformance``): run every case of both suites
(``cases.json`` through the reference JS SDK 0.7.4, ``modern/*.json`` through the JS SDK
0.28.1) and both Python clients, and print the comparison.

``--suite seed`` or ``--suite modern`` runs one of them. Exit status 0 when every case is
identical (or deviates exactly as listed in ``deviations.py`` / ``deviations_modern.py``), 1
otherwise, 2 when node or a JS SDK is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from . import harness


def report(suite: harness.Suite) -> list[harness.CaseOutcome]:
    """Run one suite, print its summary and deviations; return the failing outcomes."""
    started = time.perf_counter()
    run = harness.run(suite)
    elapsed = time.perf_counter() - started
    total = len(run.data["cases"])
    print(f"Conformance with {suite.title}: {total} cases, {elapsed:.1f} s")
    failures: list[harness.CaseOutcome] = []
    listed: dict[str, list[str]] = defaultdict(list)
    for flavour in harness.FLAVOURS:
        outcomes = run.outcomes(flavour)
        plain = [o for o in outcomes if o.deviation is None]
        deviating = [o for o in outcomes if o.deviation is not None]
        print(
            f"  {flavour:<5}  {sum(o.ok for o in plain)}/{len(plain)} identical, "
            f"{sum(o.ok for o in deviating)}/{len(deviating)} deviations as listed"
        )
        failures.extend(o for o in outcomes if not o.ok)
        if flavour == harness.FLAVOURS[0]:
            for o in deviating:
                assert o.deviation is not None
                listed[o.deviation.reason].append(o.case_id)

    print(f"\nDeliberate deviations ({sum(len(v) for v in listed.values())} cases):")
    for reason, ids in listed.items():
        print(f"  - {reason}")
        print(f"      cases: {', '.join(ids)}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", choices=[s.name for s in harness.SUITES])
    args = parser.parse_args(argv)
    failures: list[harness.CaseOutcome] = []
    for suite in harness.SUITES:
        if args.suite not in (None, suite.name):
            continue
        try:
            failures.extend(report(suite))
        except harness.NodeUnavailable as exc:
            print(f"conformance: {exc}", file=sys.stderr)
            return 2
        print()
    if failures:
        print(f"FAILED ({len(failures)}):")
        for o in failures:
            print(f"  [{o.flavour}] {o.case_id}: {o.problem}")
            for line in harness.diff_lines(o.expected, o.py)[:12]:
                print(f"      {line[:300]}")
        return 1
    print("All cases conform.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
