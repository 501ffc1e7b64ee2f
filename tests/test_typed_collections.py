"""The static types of ``pb.collection(name, model=...)``, checked with mypy.

``tests/typing_checks/record_service_types.py`` states, with ``assert_type``, what mypy infers
for every method of both clients with and without ``model=``; it must pass ``--strict`` with
the project's config (pydantic plugin) and without the plugin. A deliberately wrong snippet
must fail, each mistake with the expected error code on the expected line.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "tests" / "typing_checks" / "record_service_types.py"
NO_PLUGIN = "[mypy]\nstrict = True\npython_version = 3.10\n"

WRONG = textwrap.dedent(
    """\
    from __future__ import annotations

    from pocketbase import AsyncPocketBase, PocketBase
    from pocketbase.models import Record, RecordSubscription, User


    class Post(Record):
        title: str = ""


    class Comment(Record):
        body: str = ""


    def on_comment(event: RecordSubscription[Comment]) -> None:
        print(event.record.body)


    def sync_mistakes(pb: PocketBase) -> None:
        pb.collection("users", model=User)  # E: type-var
        posts = pb.collection("posts", model=Post)
        wrong: User = posts.get_one("1")  # E: assignment
        count: int = posts.get_one("1").title  # E: assignment
        plain: list[Post] = pb.collection("posts").get_full_list()  # E: assignment
        posts.create(["title"])  # E: arg-type
        posts.get_list(filter=5)  # E: arg-type
        posts.get_list(per_page="10")  # E: arg-type
        posts.iterate(batch=None)  # E: arg-type
        posts.subscribe("*", on_comment)  # E: arg-type
        posts.get_one("1", expand=5)  # E: arg-type
        print(wrong, count, plain)


    async def async_mistakes(pb: AsyncPocketBase) -> None:
        posts = pb.collection("posts", model=Post)
        post = posts.get_one("1")
        print(post.title)  # E: attr-defined
        for item in posts.iterate():  # E: attr-defined
            print(item)
        items: list[Post] = posts.get_full_list()  # E: assignment
        print(items)
    """
)

_MARKER = re.compile(r"#\s*E:\s*([\w-]+)")
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")


def expected_errors(source: str) -> set[tuple[int, str]]:
    return {
        (number, match.group(1))
        for number, line in enumerate(source.splitlines(), start=1)
        if (match := _MARKER.search(line))
    }


def run_mypy(config: Path, cache: Path, *paths: Path) -> tuple[str, int]:
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            *map(str, paths),
        ]
    )
    assert "error: " not in stderr, stderr
    return stdout, status


def errors_in(stdout: str, path: Path) -> set[tuple[int, str]]:
    found = set()
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if match and Path(match.group("path")).resolve() == path.resolve():
            found.add((int(match.group("line")), match.group("code")))
    return found


@pytest.fixture(scope="module")
def wrong_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("typed_collections") / "wrong_collections.py"
    path.write_text(WRONG)
    return path


@pytest.mark.parametrize("plugin", [True, False], ids=["pydantic-plugin", "no-plugin"])
def test_inferred_types_and_mistakes(plugin: bool, wrong_file: Path, tmp_path: Path) -> None:
    config = ROOT / "pyproject.toml"
    if not plugin:
        config = tmp_path / "mypy.ini"
        config.write_text(NO_PLUGIN)
    stdout, status = run_mypy(config, tmp_path / "cache", CHECKS, wrong_file)
    assert status == 1, stdout
    assert errors_in(stdout, CHECKS) == set(), stdout
    assert errors_in(stdout, wrong_file) == expected_errors(WRONG), stdout
    other = [line for line in stdout.splitlines() if ": error: " in line and "wrong_" not in line]
    assert other == []


def test_the_snippet_has_the_expected_markers() -> None:
    assert len(expected_errors(WRONG)) == 13
