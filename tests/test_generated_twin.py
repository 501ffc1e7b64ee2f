"""The generated sync twin: freshness check, no async leftovers, and the build hook."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = [ROOT / "pocketbase" / "_sync", ROOT / "tests" / "_sync"]
ASYNC_LEFTOVER = re.compile(r"\bawait\b|\basync\s+(def|with|for)\b|\basyncio\b")


def _copy_repo(dest: Path) -> Path:
    """Copy the files git knows about (tracked or not ignored) into ``dest``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    for rel in listed:
        src = ROOT / rel
        if not src.is_file() or rel.startswith(("tests/js/", "tests/conformance/node_modules")):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return dest


def _check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/unasync.py", "--check"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_generated_code_has_no_async_leftovers() -> None:
    offenders = []
    for folder in GENERATED:
        for path in folder.rglob("*.py"):
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if ASYNC_LEFTOVER.search(code):
                    offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert offenders == []


def test_generated_files_carry_the_header() -> None:
    for folder in GENERATED:
        for path in folder.rglob("*.py"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# Generated from "), path
            assert "Do not edit" in first


def test_check_detects_stale_and_stray_files(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path / "repo")
    fresh = _check(repo)
    assert fresh.returncode == 0, fresh.stderr

    client = repo / "pocketbase" / "_async" / "client.py"
    original = client.read_text(encoding="utf-8")
    client.write_text(original + "\n\nEDITED_WITHOUT_REGENERATING = 1\n", encoding="utf-8")
    stale = _check(repo)
    assert stale.returncode == 1
    assert "differs: " in stale.stderr and "pocketbase/_sync/client.py" in stale.stderr
    client.write_text(original, encoding="utf-8")

    stray = repo / "pocketbase" / "_sync" / "stray.py"
    stray.write_text("x = 1\n", encoding="utf-8")
    result = _check(repo)
    assert result.returncode == 1
    assert "stale file (no async source): pocketbase/_sync/stray.py" in result.stderr
    stray.unlink()

    (repo / "tests" / "_sync" / "test_client_core.py").unlink()
    result = _check(repo)
    assert result.returncode == 1
    assert "missing: tests/_sync/test_client_core.py" in result.stderr


@pytest.mark.timeout(300)
@pytest.mark.parametrize("tree", ["deleted", "stale"])
def test_wheel_build_ships_a_fresh_sync_without_touching_the_tree(
    tmp_path: Path, tree: str
) -> None:
    repo = _copy_repo(tmp_path / "repo")
    stale = repo / "pocketbase" / "_sync" / "client.py"
    if tree == "deleted":
        shutil.rmtree(repo / "pocketbase" / "_sync")
    else:
        stale.write_text("# stale\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", "dist", "."],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = (repo / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name[len("pocketbase/_sync/") :]: archive.read(name)
            for name in archive.namelist()
            if name.startswith("pocketbase/_sync/") and name.endswith(".py")
        }
    expected = {
        path.relative_to(ROOT / "pocketbase" / "_sync").as_posix(): path.read_bytes()
        for path in (ROOT / "pocketbase" / "_sync").rglob("*.py")
    }
    assert shipped == expected
    # the build generated into a temporary directory: the working tree is as it was
    if tree == "deleted":
        assert not (repo / "pocketbase" / "_sync").exists()
    else:
        assert stale.read_text(encoding="utf-8") == "# stale\n"
