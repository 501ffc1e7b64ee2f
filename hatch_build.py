"""Hatch build hook: ship a fresh ``pocketbase/_sync`` in every wheel and sdist.

The sync twin is committed, but a build never trusts the working tree, and never rewrites it
either: it generates ``pocketbase/_sync`` from ``pocketbase/_async`` into a temporary directory
and ships that copy in place of the tree's (even when the tree's was deleted or is stale).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_SYNC = "pocketbase/_sync"


class UnasyncBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        script = root / "scripts" / "unasync.py"
        if not script.exists() or not (root / "pocketbase" / "_async").exists():
            return  # building a wheel from an sdist that already holds the generated code
        self._tmp = Path(tempfile.mkdtemp(prefix="pb-build-sync-"))
        subprocess.run(
            [sys.executable, str(script), "--package-only", "--out", str(self._tmp)],
            check=True,
            cwd=root,
        )
        build_data.setdefault("force_include", {})[str(self._tmp / _SYNC)] = _SYNC

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
