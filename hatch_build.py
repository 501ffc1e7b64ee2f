"""Hatch build hook: regenerate ``pocketbase/_sync`` before a wheel or sdist is built.

The sync twin is committed, but a build never trusts the working tree: it always ships a
fresh generation of ``pocketbase/_async`` (even when ``_sync`` was deleted).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class UnasyncBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        script = root / "scripts" / "unasync.py"
        if not script.exists() or not (root / "pocketbase" / "_async").exists():
            return  # building a wheel from an sdist that already holds the generated code
        subprocess.run([sys.executable, str(script), "--package-only"], check=True, cwd=root)
