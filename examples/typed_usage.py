"""What a type checker sees when you use the SDK (checked by ``mypy --strict`` in CI).

The functions below are never run against a server: they exist to be type-checked. Each
``assert_type`` states the type mypy infers, so a change in the SDK's typing fails the lint:

- ``records.get_list("posts", model=Post)`` is a ``ListResult[Post]`` and
  ``records.get_one(..., model=Post)`` a ``Post`` (``model=`` takes any ``Record`` subclass);
- without ``model=`` the results are plain ``Record`` objects (``list[Record]`` for
  ``get_full_list``), whose custom fields are dynamic (``Any``);
- dates are ``datetime | None`` (``None`` for the server's ``""``);
- ``user.profile`` is ``Record | None``, and a typo such as ``user.emial`` is an error.

Running the file only parses a sample reply offline (no server needed):
``python examples/typed_usage.py``.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from pocketbase import AsyncPocketBase, PocketBase
from pocketbase.models import Admin, ListResult, Record, User

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


class Post(Record):
    """A ``posts`` record with typed fields; other fields stay dynamic."""

    title: str = ""
    views: int = 0


def check_sync(pb: PocketBase) -> None:
    """The sync client."""
    page = pb.records.get_list("posts", 1, 20, model=Post, sort="-created")
    assert_type(page, ListResult[Post])
    assert_type(page.items, list[Post])
    assert_type(page.total_items, int)

    post = pb.records.get_one("posts", "RECORD_ID", model=Post, expand="author")
    assert_type(post, Post)
    assert_type(post.title, str)
    assert_type(post.created, datetime | None)
    assert_type(post.expand, dict[str, Record | list[Record]])

    assert_type(pb.records.create("posts", {"title": "Hi"}, model=Post), Post)
    assert_type(pb.records.update("posts", post.id, {"views": 1}, model=Post), Post)
    assert_type(pb.records.get_full_list("posts", model=Post), list[Post])

    records = pb.records.get_full_list("posts", filter="views > 10")
    assert_type(records, list[Record])
    record = records[0]
    assert_type(record.created, datetime | None)
    assert_type(record.updated, datetime | None)
    assert_type(record.collection_name, str)
    assert_type(record.title, Any)  # a custom field of a plain Record
    assert_type(record["title"], Any)
    assert_type(pb.records.get_one("posts", record.id), Record)
    assert_type(pb.records.get_list("posts"), ListResult[Record])
    assert_type(pb.records.delete("posts", record.id), bool)
    assert_type(pb.records.get_file_url(record, "a.png", {"thumb": "100x100"}), str)

    user = pb.users.get_one("USER_ID")
    assert_type(user, User)
    assert_type(user.email, str)
    assert_type(user.verified, bool)
    assert_type(user.profile, Record | None)
    if user.profile is not None:
        assert_type(user.profile.created, datetime | None)

    auth = pb.admins.auth_via_email("admin@example.com", "1234567890")
    assert_type(auth.token, str)
    assert_type(auth.admin, Admin)
    assert_type(pb.auth_store.model, User | Admin | None)
    assert_type(pb.users.get_list(1, 30), ListResult[User])
    assert_type(pb.settings.get_all(), dict[str, Any])


async def check_async(pb: AsyncPocketBase) -> None:
    """The async client: the same types once awaited."""
    page = await pb.records.get_list("posts", 1, 20, model=Post, sort="-created")
    assert_type(page, ListResult[Post])
    assert_type(page.items, list[Post])

    post = await pb.records.get_one("posts", "RECORD_ID", model=Post)
    assert_type(post, Post)
    assert_type(post.views, int)

    assert_type(await pb.records.create("posts", {"title": "Hi"}, model=Post), Post)
    assert_type(await pb.records.update("posts", post.id, {}, model=Post), Post)
    assert_type(await pb.records.get_full_list("posts", model=Post), list[Post])

    records = await pb.records.get_full_list("posts")
    assert_type(records, list[Record])
    assert_type(records[0].created, datetime | None)
    assert_type(await pb.records.get_one("posts", "RECORD_ID"), Record)

    user = await pb.users.get_one("USER_ID")
    assert_type(user, User)
    assert_type(user.profile, Record | None)
    assert_type(user.last_verification_sent_at, datetime | None)

    auth = await pb.users.auth_via_email("user@example.com", "secret-password")
    assert_type(auth.user, User)
    assert_type(auth.token, str)


def main() -> None:
    reply = {
        "@collectionId": "a1b2c3",
        "@collectionName": "posts",
        "id": "p1",
        "created": "2022-05-17 16:56:07.668",
        "updated": "",
        "title": "Hello",
        "views": 3,
        "tags": ["a", "b"],
    }
    post = Post.model_validate(reply)
    print(post.title, post.views, post.created, post.updated, post["tags"])
    print(post.export())


if __name__ == "__main__":
    main()
