"""The modern record API with the async client: ``pb.collection(name, model=...)`` and
``pb.files``, the names people who run PocketBase today know from the JS SDK. The same tour
as ``modern_usage.py``, with ``await``.

Run it against a PocketBase 0.8-0.22 or 0.23+ server (the version is detected; the same
calls mean the same thing on both):

    python examples/modern_usage_async.py [URL] [ADMIN_EMAIL] [ADMIN_PASSWORD]

The arguments default to the environment variables ``POCKETBASE_URL``,
``POCKETBASE_ADMIN_EMAIL`` and ``POCKETBASE_ADMIN_PASSWORD``, then to
``http://127.0.0.1:8090``, ``admin@example.com`` and ``1234567890``. The script creates a
``modern_posts`` collection and deletes it at the end.
"""

from __future__ import annotations

import asyncio
import os
import sys

import httpx

from pocketbase import AsyncPocketBase, ClientResponseError, NotFoundError
from pocketbase.models import Record

COLLECTION = "modern_posts"

POSTS_SCHEMA = {
    "name": COLLECTION,
    "schema": [
        {"name": "title", "type": "text", "required": True},
        {"name": "views", "type": "number"},
        {"name": "tags", "type": "select", "options": {"maxSelect": 2, "values": ["a", "b"]}},
        {
            "name": "attachments",
            "type": "file",
            "options": {"maxSelect": 5, "maxSize": 1048576, "mimeTypes": []},
        },
        {
            "name": "private",
            "type": "file",
            "options": {"maxSelect": 1, "maxSize": 1048576, "mimeTypes": [], "protected": True},
        },
    ],
    "listRule": "",
    "viewRule": "@request.auth.id != ''",  # a protected file then needs a file token
}


class Post(Record):
    """A typed ``modern_posts`` record: results of ``collection(..., model=Post)`` are Posts."""

    title: str = ""
    views: int = 0
    tags: list[str] = []
    attachments: list[str] = []
    private: str = ""


def settings(argv: list[str]) -> tuple[str, str, str]:
    """URL, admin e-mail and admin password from argv, the environment or the defaults."""
    defaults = [
        os.environ.get("POCKETBASE_URL", "http://127.0.0.1:8090"),
        os.environ.get("POCKETBASE_ADMIN_EMAIL", "admin@example.com"),
        os.environ.get("POCKETBASE_ADMIN_PASSWORD", "1234567890"),
    ]
    values = argv[:3] + defaults[len(argv[:3]) :]
    return values[0], values[1], values[2]


def step(text: str) -> None:
    print(f"[async] {text}", flush=True)


def originals(names: list[str]) -> list[str]:
    """Stored file names start with the uploaded name (the server adds a random part)."""
    return [name.split("_")[0].split(".")[0] for name in names]


async def main(argv: list[str] | None = None) -> int:
    url, admin_email, admin_password = settings(sys.argv[1:] if argv is None else argv)

    async with AsyncPocketBase(url) as pb, httpx.AsyncClient() as http:
        await pb.admins.auth_via_email(admin_email, admin_password)
        try:
            await pb.collections.delete(COLLECTION)
        except ClientResponseError as err:
            if err.status != 404:
                raise
        await pb.collections.create(POSTS_SCHEMA)
        step(f"server_api {pb.server_api}; created {COLLECTION}")

        posts = pb.collection(COLLECTION, model=Post)

        # Create: a mapping (or a pydantic model); files in the body or in files=.
        first = await posts.create(
            {"title": "Hello", "views": 3, "tags": ["a", "b"]},
            files={"attachments": [("one.txt", b"1"), ("two.txt", b"2")]},
        )
        await posts.create({"title": "World", "views": 10})
        await posts.create(Post(title="Typed", views=7))
        step(f"created 3 posts; the first has {len(first.attachments)} attachments")

        # Lists: one page, every page, or one record at a time with lazy pages.
        page = await posts.get_list(1, 2, sort="-views", fields=["id", "title", "views"])
        step(f"page 1: {[p.title for p in page.items]} of {page.total_items}")
        everything = await posts.get_full_list(sort="views")
        step(f"full list: {[p.views for p in everything]}")
        titles = [post.title async for post in posts.iterate(batch=2, sort="title", prefetch=True)]
        step(f"iterated: {titles}")

        # One record: by filter (bound safely) or by id.
        world = await posts.get_first_list_item(pb.filter("title = {:t}", {"t": "World"}))
        step(f"first match: {world.title} ({world.views} views)")
        try:
            await posts.get_first_list_item("title = 'nothing'")
        except NotFoundError as err:
            step(f"no match: {err.status}")
        one = await posts.get_one(first.id, fields="id,title")
        step(f"get_one: {one.title}")

        # Updates: a plain file field replaces, `field+` adds, `field-` removes.
        replaced = await posts.update(first.id, {"attachments": [("three.txt", b"3")]})
        step(f"replaced: {originals(replaced.attachments)}")
        added = await posts.update(first.id, {"attachments+": ("four.txt", b"4"), "views+": 1})
        step(f"added: {originals(added.attachments)}; views {added.views}")
        removed = await posts.update(first.id, {"attachments-": [added.attachments[0]]})
        step(f"removed: {originals(removed.attachments)}")

        # Files: URLs need no request; protected files need a short-lived token.
        download = await http.get(pb.files.get_url(removed, removed.attachments[0], download=True))
        step(f"downloaded: {download.content!r}")
        secret = await posts.update(first.id, files={"private": ("secret.txt", b"s3cret")})
        token = await pb.files.get_token()
        opened = await http.get(pb.files.get_url(secret, secret.private, token=token))
        step(f"protected file with a token: {opened.status_code} {opened.content!r}")

        # Realtime: typed events of the collection ("*") or of one record (its id).
        async with posts.events("*") as events:
            await posts.create({"title": "Live", "views": 1})
            event = await events.get(timeout=10)
            step(f"event: {event.action} {event.record.title}")

        await posts.delete(world.id)
        step(f"deleted one; {len(await posts.get_full_list())} left")
        await pb.collections.delete(COLLECTION)
        step("done")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
