"""``python -m tests.conformance.report`` (``make conformance``): run every case of ``cases.json``
through the reference JS SDK 0.7.4 and both Python clients, and print the comparison.

Exit status 0 when every case is identical (or deviates exactly as listed in
``deviations.py``), 1 otherwise, 2 when node or the JS SDK is missing.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from . import harness


def main() -> int:
    started = time.perf_counter()
    try:
        run = harness.run()
    except harness.NodeUnavailable as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    total = len(run.data["cases"])
    print(f"Conformance with the reference PocketBase JS SDK 0.7.4: {total} cases, {elapsed:.1f} s")
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

    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for o in failures:
            print(f"  [{o.flavour}] {o.case_id}: {o.problem}")
            for line in harness.diff_lines(o.expected, o.py)[:12]:
                print(f"      {line[:300]}")
        return 1
    print("\nAll cases conform.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
