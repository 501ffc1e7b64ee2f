"""The SDK's static types, checked with mypy (``mypy.api.run``, the project's --strict config).

``examples/typed_usage.py`` must pass. A deliberately wrong snippet must fail, each mistake
with the expected error code on the expected line: the overloads, the declared model fields
and the ``Optional`` dates have to be precise enough to catch them.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "typed_usage.py"

# Each wrong line ends with "# E: <code>"; the test reads the expectations from the markers.
WRONG = textwrap.dedent(
    """\
    from __future__ import annotations

    from typing_extensions import assert_type

    from pocketbase import AsyncPocketBase, PocketBase
    from pocketbase.models import ListResult, Record, User


    class Post(Record):
        title: str = ""


    def sync_mistakes(pb: PocketBase) -> None:
        # a Post is not a User
        wrong: User = pb.records.get_one("posts", "1", model=Post)  # E: assignment
        user = pb.users.get_one("1")
        # a typo in a declared field of a model
        print(user.emial)  # E: attr-defined
        # model= only takes Record subclasses
        pb.records.get_list("users", model=User)  # E: type-var
        # dates may be None (the server's "")
        print(user.created.year)  # E: union-attr
        # so may the profile
        print(user.profile.id)  # E: union-attr
        # a declared field of a Record subclass is typed
        count: int = pb.records.get_one("posts", "1", model=Post).title  # E: assignment
        # without model= the items are plain Records, not Posts
        posts: list[Post] = pb.records.get_full_list("posts")  # E: assignment
        # assert_type (as used by examples/typed_usage.py) really compares the types
        assert_type(pb.records.get_list("posts"), ListResult[Post])  # E: assert-type
        print(wrong, count, posts)


    async def async_mistakes(pb: AsyncPocketBase) -> None:
        # the async client's results must be awaited before use
        post = pb.records.get_one("posts", "1", model=Post)
        print(post.title)  # E: attr-defined
        user: User = await pb.records.get_one("posts", "1", model=Post)  # E: assignment
        print(user.emial)  # E: attr-defined
    """
)

_MARKER = re.compile(r"#\s*E:\s*([\w-]+)")
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")


def expected_errors(source: str) -> set[tuple[int, str]]:
    out = set()
    for number, line in enumerate(source.splitlines(), start=1):
        match = _MARKER.search(line)
        if match:
            out.add((number, match.group(1)))
    return out


def run_mypy(cache_dir: Path, *paths: Path) -> tuple[str, int]:
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            # a private cache: mypy replays the errors it cached for a module of the same name
            # and content with the path of the earlier run
            "--cache-dir",
            str(cache_dir),
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            *map(str, paths),
        ]
    )
    assert "error: " not in stderr, stderr
    return stdout, status


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """One mypy run over the example and the wrong snippet (mypy is slow to start)."""
    folder = tmp_path_factory.mktemp("typed")
    wrong = folder / "wrong_usage.py"
    wrong.write_text(WRONG)
    stdout, status = run_mypy(folder / "mypy_cache", EXAMPLE, wrong)
    return wrong, stdout, status


def errors_in(stdout: str, path: Path) -> set[tuple[int, str]]:
    found = set()
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if match and Path(match.group("path")).resolve() == path.resolve():
            found.add((int(match.group("line")), match.group("code")))
    return found


def test_example_passes_mypy_strict(mypy_output: tuple[Path, str, int]) -> None:
    _, stdout, _ = mypy_output
    example_lines = [line for line in stdout.splitlines() if "typed_usage.py" in line]
    assert example_lines == []


def test_wrong_usage_fails_with_the_expected_errors(mypy_output: tuple[Path, str, int]) -> None:
    wrong, stdout, status = mypy_output
    assert status == 1, stdout
    assert errors_in(stdout, wrong) == expected_errors(WRONG), stdout
    # nothing else failed (notes are fine)
    other = [
        line for line in stdout.splitlines() if ": error: " in line and "wrong_usage.py" not in line
    ]
    assert other == []


def test_the_snippet_has_the_expected_markers() -> None:
    codes = sorted(code for _, code in expected_errors(WRONG))
    assert codes == [
        "assert-type",
        "assignment",
        "assignment",
        "assignment",
        "assignment",
        "attr-defined",
        "attr-defined",
        "attr-defined",
        "type-var",
        "union-attr",
        "union-attr",
    ]
