"""The generated modules under ``mypy --strict``: with the project's settings (pydantic plugin)
and with plain mypy, as an application without the plugin sees them.

The modules come from the exported 0.22.27 and 0.40.6 schemas, typed clients included (a
``--models-only`` module is checked too). ``USAGE`` shows the inferred types with
``assert_type``: the models through the seed's ``model=`` and through ``TypedPocketBase`` /
``AsyncTypedPocketBase``, whose ``collection("posts")`` needs no ``model=``. ``WRONG`` must fail
with exactly the errors its ``# E:`` markers name.
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

    from collections.abc import AsyncIterator, Iterator
    from datetime import datetime
    from typing import Any, Literal

    from typing_extensions import assert_type

    from pocketbase import AsyncPocketBase, AsyncRecordService, PocketBase, RecordService
    from pocketbase.models import GeoPoint, JsonValue, ListResult, Record, RecordAuthResponse

    from models_0_22_27 import TypedPocketBase as TypedPocketBase22
    from models_0_22_27 import UsersRecord as UsersRecord22
    from models_0_40_6 import (
        AsyncTypedPocketBase,
        PostsRecord,
        PostStatsRecord,
        TagsRecord,
        TypedPocketBase,
        UsersRecord,
    )
    from models_only import PostsRecord as PlainPostsRecord


    class Draft(Record):
        title: str = ""


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
        plain = await pb.records.get_one("posts", "id", model=PlainPostsRecord)
        assert_type(plain.title, str)


    def typed_client(url: str) -> None:
        assert_type(TypedPocketBase(url).collection("posts").get_one("id"), PostsRecord)
        with TypedPocketBase(url) as pb:
            assert_type(pb, TypedPocketBase)
            posts = pb.collection("posts")
            assert_type(posts, RecordService[PostsRecord])
            post = posts.get_one("id", expand="author,tags")
            assert_type(post, PostsRecord)
            assert_type(post.status, Literal["draft", "published"])
            assert_type(post.expand.author, UsersRecord | None)
            assert_type(post.expand.tags, list[TagsRecord])
            assert_type(post.expand.parent, PostsRecord | None)
            assert_type(posts.get_list(), ListResult[PostsRecord])
            assert_type(posts.get_list(2, 50, filter="published = true"), ListResult[PostsRecord])
            assert_type(posts.get_list(sort="-created").items[0].score, int)
            assert_type(posts.iterate(), Iterator[PostsRecord])
            for item in posts.iterate(batch=100, expand="author"):
                assert_type(item.expand.author, UsersRecord | None)
            assert_type(posts.get_full_list(), list[PostsRecord])
            assert_type(posts.get_first_list_item("score > 1"), PostsRecord)
            assert_type(posts.create({"title": "t", "status": "draft"}), PostsRecord)
            assert_type(posts.update("id", {"views+": 1}), PostsRecord)
            assert_type(pb.collection("tags").get_one("id"), TagsRecord)
            stats = pb.collection("post_stats").get_full_list(expand="author")
            assert_type(stats[0].expand.author, UsersRecord | None)
            auth = pb.collection("users").auth_with_password("a@example.com", "password")
            assert_type(auth, RecordAuthResponse[UsersRecord])
            assert_type(auth.record.email_visibility, bool)
            # names the module does not know, and any name with model=, as on PocketBase
            name: str = "posts"
            assert_type(pb.collection(name), RecordService[Record])
            assert_type(pb.collection("comments"), RecordService[Record])
            assert_type(pb.collection("_superusers"), RecordService[Record])
            assert_type(pb.collection("posts", model=Draft), RecordService[Draft])
            assert_type(pb.collection("posts", Draft).get_one("id").title, str)
            general: PocketBase = pb
            assert_type(general.collection("posts"), RecordService[Record])
        old = TypedPocketBase22(url).collection("users").get_one("id")
        assert_type(old, UsersRecord22)
        assert_type(old.username, str)


    async def async_typed_client(url: str) -> None:
        async with AsyncTypedPocketBase(url) as pb:
            assert_type(pb, AsyncTypedPocketBase)
            posts = pb.collection("posts")
            assert_type(posts, AsyncRecordService[PostsRecord])
            post = await posts.get_one("id", expand="author")
            assert_type(post, PostsRecord)
            assert_type(post.expand.author, UsersRecord | None)
            assert_type(post.expand.tags, list[TagsRecord])
            assert_type(await posts.get_list(1, 20), ListResult[PostsRecord])
            assert_type(posts.iterate(), AsyncIterator[PostsRecord])
            async for item in posts.iterate(expand="tags"):
                assert_type(item.expand.tags, list[TagsRecord])
            assert_type(await posts.get_full_list(), list[PostsRecord])
            auth = await pb.collection("users").auth_with_password("a@example.com", "password")
            assert_type(auth.record, UsersRecord)
            assert_type(pb.collection("comments"), AsyncRecordService[Record])
            assert_type(pb.collection("posts", model=Draft), AsyncRecordService[Draft])
            general: AsyncPocketBase = pb
            assert_type(general.collection("posts"), AsyncRecordService[Record])
    """
)

WRONG = textwrap.dedent(
    """\
    from __future__ import annotations

    from models_0_40_6 import AsyncTypedPocketBase, PostsRecord, TagsRecord, TypedPocketBase


    def mistakes(post: PostsRecord) -> None:
        post.status = "archived"  # E: assignment
        views: int = post.views  # E: assignment
        print(post.expand.author.email)  # E: union-attr
        tag: TagsRecord = post.expand.parent  # E: assignment
        name: int = post.expand.tags[0].name  # E: assignment
        print(views, tag, name)


    def client_mistakes(pb: TypedPocketBase) -> None:
        tag: TagsRecord = pb.collection("posts").get_one("id")  # E: assignment
        pb.collection("posts").get_one("id").expand.author.email  # E: union-attr
        pb.collection("comments").get_one("id").expand.author  # E: attr-defined
        pb.collection("posts").get_list(per_page="10")  # E: arg-type
        print(tag)


    async def async_client_mistakes(pb: AsyncTypedPocketBase) -> None:
        print(pb.collection("posts").get_one("id").title)  # E: attr-defined
        posts: list[PostsRecord] = pb.collection("posts").get_full_list()  # E: assignment
        print(posts)
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
        text = generate(load_schema(schema.read_bytes(), schema.name))
        assert text == (HERE / f"expected_{version}.py").read_text(encoding="utf-8")
        (folder / f"models_{version}.py").write_text(text, encoding="utf-8")
    schema = HERE / "schema_0_40_6.json"
    text = generate(load_schema(schema.read_bytes(), schema.name), Options(client=False))
    (folder / "models_only.py").write_text(text, encoding="utf-8")
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
    names = ("models_0_22_27.py", "models_0_40_6.py", "models_only.py", "usage.py", "wrong.py")
    stdout, status = run_mypy(folder, ROOT / "pyproject.toml", *names)
    expected = {
        ("wrong.py", number, match.group(1))
        for number, line in enumerate(WRONG.splitlines(), start=1)
        if (match := _MARKER.search(line))
    }
    assert len(expected) == 11
    assert errors(stdout) == expected, stdout
    assert status == 1


def test_the_models_and_their_use_pass_plain_mypy_strict(folder: Path) -> None:
    names = ("models_0_22_27.py", "models_0_40_6.py", "models_only.py", "usage.py")
    stdout, status = run_mypy(folder, folder / "plain.ini", *names)
    assert (stdout, status) == ("", 0)
