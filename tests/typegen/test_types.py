"""The generated models under ``mypy --strict``: with the project's settings (pydantic plugin)
and with plain mypy, as an application without the plugin sees them.

The models come from the exported 0.22.27 and 0.40.6 schemas (``--models-only``: the typed
clients need ``pb.collection()``). ``USAGE`` shows the inferred types with ``assert_type``;
``WRONG`` must fail with exactly the errors its ``# E:`` markers name.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from mypy import api

from pocketbase.typegen import Options, generate, load_schema

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VERSIONS = ("0_22_27", "0_40_6")

USAGE = textwrap.dedent(
    """\
    from __future__ import annotations

    from datetime import datetime
    from typing import Any, Literal

    from typing_extensions import assert_type

    from pocketbase import AsyncPocketBase, PocketBase
    from pocketbase.models import GeoPoint, JsonValue, ListResult, Record

    from models_0_22_27 import UsersRecord as UsersRecord22
    from models_0_40_6 import PostsRecord, PostStatsRecord, TagsRecord, UsersRecord


    def sync_usage(pb: PocketBase) -> None:
        post = pb.records.get_one("posts", "id", model=PostsRecord, expand="author,tags")
        assert_type(post, PostsRecord)
        assert_type(post.title, str)
        assert_type(post.views, float)
        assert_type(post.score, int)
        assert_type(post.published, bool)
        assert_type(post.published_at, datetime | None)
        assert_type(post.status, Literal["draft", "published"])
        assert_type(post.mood, Literal["", "happy", "sad"])
        assert_type(post.categories, list[Literal["news", "tech", "life"]])
        assert_type(post.author, str)
        assert_type(post.tags, list[str])
        assert_type(post.cover, str)
        assert_type(post.attachments, list[str])
        assert_type(post.metadata, JsonValue)
        assert_type(post.location, GeoPoint)
        assert_type(post.class_, str)
        assert_type(post.json_, JsonValue)
        assert_type(post.created_by, str)
        assert_type(post.created, datetime | None)
        assert_type(post.expand.author, UsersRecord | None)
        assert_type(post.expand.tags, list[TagsRecord])
        assert_type(post.expand.parent, PostsRecord | None)
        assert_type(post.expand.related, list[PostsRecord])
        assert_type(post.expand.created_by, UsersRecord | None)
        if post.expand.author is not None:
            assert_type(post.expand.author.email_visibility, bool)
        page = pb.records.get_list("posts", 1, 20, model=PostsRecord)
        assert_type(page, ListResult[PostsRecord])
        stats = pb.records.get_full_list("post_stats", model=PostStatsRecord)
        assert_type(stats[0].expand.author, UsersRecord | None)
        assert_type(stats[0].tag_count, JsonValue)
        old_user = pb.records.get_one("users", "id", model=UsersRecord22)
        assert_type(old_user.username, str)
        tag = TagsRecord(name="news", color="red")
        assert_type(tag.color, Literal["", "red", "green", "it's", "café"])
        assert_type(tag.expand["comments_via_tag"], Any)  # dict-style access stays open
        print(Record)


    async def async_usage(pb: AsyncPocketBase) -> None:
        post = await pb.records.get_one("posts", "id", model=PostsRecord)
        assert_type(post.expand.tags, list[TagsRecord])
    """
)

WRONG = textwrap.dedent(
    """\
    from __future__ import annotations

    from models_0_40_6 import PostsRecord, TagsRecord


    def mistakes(post: PostsRecord) -> None:
        post.status = "archived"  # E: assignment
        views: int = post.views  # E: assignment
        print(post.expand.author.email)  # E: union-attr
        tag: TagsRecord = post.expand.parent  # E: assignment
        name: int = post.expand.tags[0].name  # E: assignment
        print(views, tag, name)
    """
)

_MARKER = re.compile(r"#\s*E:\s*([\w-]+)")
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")

# plain mypy (no pydantic plugin); the SDK itself is checked with the project's settings
PLAIN_CONFIG = """\
[mypy]
strict = True
python_version = 3.10

[mypy-pocketbase.*]
follow_imports = silent
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("typegen_types")
    for version in VERSIONS:
        schema = HERE / f"schema_{version}.json"
        text = generate(load_schema(schema.read_bytes(), schema.name), Options(client=False))
        (folder / f"models_{version}.py").write_text(text, encoding="utf-8")
    (folder / "usage.py").write_text(USAGE)
    (folder / "wrong.py").write_text(WRONG)
    (folder / "plain.ini").write_text(PLAIN_CONFIG)
    return folder


def run_mypy(folder: Path, config: Path, *names: str) -> tuple[str, int]:
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(folder / f"cache_{config.stem}"),
            "--no-error-summary",
            "--show-error-codes",
            "--no-pretty",
            *(str(folder / name) for name in names),
        ]
    )
    assert "error: " not in stderr, stderr
    return stdout, status


def errors(stdout: str) -> set[tuple[str, int, str]]:
    found = set()
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            name = Path(match.group("path")).name
            found.add((name, int(match.group("line")), match.group("code")))
    return found


def test_the_models_and_their_use_pass_mypy_strict_with_the_project_settings(
    folder: Path,
) -> None:
    names = ("models_0_22_27.py", "models_0_40_6.py", "usage.py", "wrong.py")
    stdout, status = run_mypy(folder, ROOT / "pyproject.toml", *names)
    expected = {
        ("wrong.py", number, match.group(1))
        for number, line in enumerate(WRONG.splitlines(), start=1)
        if (match := _MARKER.search(line))
    }
    assert len(expected) == 5
    assert errors(stdout) == expected, stdout
    assert status == 1


def test_the_models_and_their_use_pass_plain_mypy_strict(folder: Path) -> None:
    names = ("models_0_22_27.py", "models_0_40_6.py", "usage.py")
    stdout, status = run_mypy(folder, folder / "plain.ini", *names)
    assert (stdout, status) == ("", 0)
