"""``make demo``: start a throwaway PocketBase, run the demos against it, stop it.

    python examples/run_demo.py [--version 0.40.6]

The server is a real PocketBase binary (``python scripts/install_pocketbase.py`` installs
0.22.27 and 0.40.6; ``make install`` does it for you) started by ``pocketbase.testing`` on a
free local port, with a temporary data directory that is deleted afterwards. The demos are
both quickstarts and the ``pocketbase-typegen`` demo (``examples/typegen_demo.py``: generate
the models of its collections, then use them). They get the server URL and the admin
credentials as arguments, so they run unchanged against any supported version. The exit
status is non-zero when a demo fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from pocketbase.testing import (
    DEFAULT_VERSION,
    PocketBaseNotFound,
    PocketBaseServer,
    PocketBaseStartError,
)

EXAMPLES = Path(__file__).resolve().parent
QUICKSTARTS = ("quickstart.py", "quickstart_async.py")
# name shown -> how to start it (the typegen demo imports the generated examples.typegen_models)
DEMOS = {
    **{name: [str(EXAMPLES / name)] for name in QUICKSTARTS},
    "typegen_demo.py": ["-m", "examples.typegen_demo"],
}


def run_quickstarts(server: PocketBaseServer, timeout: float = 120.0) -> int:
    """Run every demo against ``server`` in a subprocess; returns how many failed."""
    failures = 0
    for name, start in DEMOS.items():
        print(f"\n== {name} ==", flush=True)
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, *start, server.url, server.admin_email],
            # the password goes through the environment, not the process list
            env=_env(server),
            cwd=EXAMPLES.parent,
            timeout=timeout,
            check=False,
        )
        took = time.monotonic() - started
        if result.returncode:
            failures += 1
            print(f"== {name} FAILED (exit status {result.returncode}) ==", flush=True)
        else:
            print(f"== {name} passed in {took:.1f} s ==", flush=True)
    return failures


def _env(server: PocketBaseServer) -> dict[str, str]:
    env = dict(os.environ)
    env["POCKETBASE_ADMIN_PASSWORD"] = server.admin_password
    env["PYTHONUNBUFFERED"] = "1"
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--version",
        default=DEFAULT_VERSION,
        help=f"PocketBase version to start (default {DEFAULT_VERSION}; 0.22.27 is installed too)",
    )
    args = parser.parse_args(argv)

    print(f"Starting PocketBase {args.version} ...", flush=True)
    try:
        with PocketBaseServer(args.version) as server:
            print(
                f"PocketBase {server.version} is running at {server.url} "
                f"(admin {server.admin_email}, server generation {server.generation})",
                flush=True,
            )
            failures = run_quickstarts(server)
            print(f"\nStopping PocketBase {server.version}.", flush=True)
    except (PocketBaseNotFound, PocketBaseStartError) as exc:
        print(f"Cannot run the demo: {exc}", file=sys.stderr)
        return 2
    if failures:
        print(f"{failures} demo(s) failed.", file=sys.stderr)
        return 1
    print("Both quickstarts and the typegen demo passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
