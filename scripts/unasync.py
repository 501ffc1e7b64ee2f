#!/usr/bin/env python3
"""Generate the sync twin of the async source with unasync.

    python scripts/unasync.py           # write pocketbase/_sync and tests/_sync
    python scripts/unasync.py --check   # fail if the committed twins are stale
    python scripts/unasync.py --package-only --out DIR   # DIR/pocketbase/_sync only (build hook)

Every ``AsyncX`` name loses its prefix (``AsyncPocketBase`` -> ``PocketBase``,
``httpx.AsyncClient`` -> ``httpx.Client``); the table below maps the remaining async-only names.
The output gets a "generated, do not edit" header and is formatted with ruff (the version pinned
in pyproject.toml, so the twin does not depend on whichever ruff is around). The script fails
when a replacement was never used, so the table cannot rot. ``--check`` regenerates into a
temporary directory and compares the set of files and their contents.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# This file is named like the library it drives: keep its own folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import unasync  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

#: (source dir, generated dir), relative to the repository root
PAIRS = [
    ("pocketbase/_async", "pocketbase/_sync"),
    ("tests/_async", "tests/_sync"),
]

#: async-only names with no ``Async`` prefix, and their sync twins
REPLACEMENTS = {
    "aclose": "close",
    "aiter_bytes": "iter_bytes",
    "aiter_lines": "iter_lines",
    "aiter_sse": "iter_sse",
    "aconnect_sse": "connect_sse",
    "aread": "read",
    "asleep": "sleep",
    "aresolve": "resolve",
    "aspawn": "spawn",
    "anext": "next",
    "_async": "_sync",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "StopAsyncIteration": "StopIteration",
    "asynccontextmanager": "contextmanager",
    "agather": "gather",
}

#: replacements allowed to stay unused (the default table of unasync itself)
OPTIONAL = {
    "AsyncIterable",
    "StopAsyncIteration",
    "asynccontextmanager",
    "__anext__",
    "__aiter__",
    "anext",
    "aiter_bytes",
    "aiter_lines",
    "aread",
    "_async",
}

HEADER = "# Generated from {source} by scripts/unasync.py. Do not edit: edit the async source.\n"


class _Rule(unasync.Rule):  # type: ignore[misc,name-defined]
    """A unasync rule that strips the ``Async`` prefix instead of writing ``Sync``."""

    used: set[str] = set()

    def _unasync_name(self, name: str) -> str:
        if name in self.token_replacements:
            _Rule.used.add(name)
            return str(self.token_replacements[name])
        if len(name) > 5 and name.startswith("Async") and name[5].isupper():
            return name[5:]
        return name


def _generate(out_root: Path, pairs: list[tuple[str, str]] = PAIRS) -> list[Path]:
    """Generate every pair below ``out_root``; returns the written files."""
    written: list[Path] = []
    for src_rel, dst_rel in pairs:
        src = ROOT / src_rel
        dst = out_root / dst_rel
        if dst.exists():
            shutil.rmtree(dst)
        rule = _Rule(
            fromdir=str(src) + os.sep, todir=str(dst) + os.sep, additional_replacements=REPLACEMENTS
        )
        files = sorted(p for p in src.rglob("*.py") if "__pycache__" not in p.parts)
        for path in files:
            rule._unasync_file(str(path))
            out = dst / path.relative_to(src)
            text = out.read_text(encoding="utf-8")
            rel_source = path.relative_to(ROOT).as_posix()
            out.write_text(HEADER.format(source=rel_source) + text, encoding="utf-8")
            written.append(out)
    return written


def _ruff(paths: list[Path]) -> None:
    if not paths:
        return
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which("ruff")
    if ruff is None:
        cmd_prefix = [sys.executable, "-m", "ruff"]
    else:
        cmd_prefix = [ruff]
    args = [str(p) for p in paths]
    config = ["--config", str(ROOT / "pyproject.toml")]
    subprocess.run(
        [*cmd_prefix, "check", "--quiet", "--fix-only", "--select", "I,F401", *config, *args],
        check=True,
    )
    subprocess.run([*cmd_prefix, "format", "--quiet", *config, *args], check=True)


def _check_unused() -> None:
    unused = set(REPLACEMENTS) - _Rule.used - OPTIONAL
    if unused:
        sys.exit(f"unasync: replacements never used: {', '.join(sorted(unused))}")


def _tree(root: Path) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if the generated code is stale")
    parser.add_argument(
        "--package-only",
        action="store_true",
        help="generate pocketbase/_sync only (used by the build hook; an sdist has no tests)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT,
        help="write below this directory instead of the repository (the build hook uses a "
        "temporary one, so a build never rewrites the working tree)",
    )
    args = parser.parse_args()

    if args.package_only:
        written = _generate(args.out.resolve(), PAIRS[:1])
        _ruff(written)
        print(f"unasync: wrote {len(written)} files")
        return 0

    if not args.check:
        written = _generate(ROOT)
        _ruff(written)
        _check_unused()
        print(f"unasync: wrote {len(written)} files")
        return 0

    with tempfile.TemporaryDirectory(prefix="pb-unasync-") as tmp:
        tmp_root = Path(tmp)
        written = _generate(tmp_root)
        _ruff(written)
        _check_unused()
        problems: list[str] = []
        for _, dst_rel in PAIRS:
            expected = _tree(tmp_root / dst_rel)
            actual = _tree(ROOT / dst_rel) if (ROOT / dst_rel).exists() else {}
            for name in sorted(set(expected) - set(actual)):
                problems.append(f"missing: {dst_rel}/{name}")
            for name in sorted(set(actual) - set(expected)):
                problems.append(f"stale file (no async source): {dst_rel}/{name}")
            for name in sorted(set(expected) & set(actual)):
                if not filecmp.cmp(expected[name], actual[name], shallow=False):
                    diff = difflib.unified_diff(
                        actual[name].read_text(encoding="utf-8").splitlines(),
                        expected[name].read_text(encoding="utf-8").splitlines(),
                        f"{dst_rel}/{name} (committed)",
                        f"{dst_rel}/{name} (generated)",
                        lineterm="",
                        n=1,
                    )
                    problems.append("differs: " + "\n".join(list(diff)[:40]))
        if problems:
            print("unasync --check failed; run `make sync`:", file=sys.stderr)
            for problem in problems:
                print("  " + problem, file=sys.stderr)
            return 1
    print("unasync: generated code is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
