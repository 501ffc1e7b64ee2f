"""A tour of the SDK with the async client (``AsyncPocketBase``); ``quickstart.py`` is the same
tour with the sync client.

Run it against any PocketBase server (0.7, 0.8-0.22 or 0.23+; the version is detected):

    python examples/quickstart_async.py [URL] [ADMIN_EMAIL] [ADMIN_PASSWORD]

The arguments default to the environment variables ``POCKETBASE_URL``,
``POCKETBASE_ADMIN_EMAIL`` and ``POCKETBASE_ADMIN_PASSWORD``, then to
``http://127.0.0.1:8090``, ``admin@example.com`` and ``1234567890``. ``make demo`` starts a
throwaway server and runs this file and ``quickstart.py`` against it.

The script creates a ``quickstart_posts`` collection and a user, and deletes both at the end.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys

import httpx

from pocketbase import AsyncPocketBase, ClientResponseError
from pocketbase.models import RecordSubscription

COLLECTION = "quickstart_async_posts"

# A collection in the seed (0.7) style: `schema` with nested options, a `user` field and
# `@request.user` rules. The SDK converts it for 0.8-0.22 and 0.23+ servers.
POSTS_SCHEMA = {
    "name": COLLECTION,
    "schema": [
        {"name": "title", "type": "text", "required": True, "options": {"min": 1}},
        {"name": "views", "type": "number", "options": {"min": 0}},
        {"name": "published", "type": "bool"},
        {
            "name": "cover",
            "type": "file",
            "options": {"maxSelect": 1, "maxSize": 1048576, "mimeTypes": [], "thumbs": []},
        },
        {"name": "author", "type": "user", "options": {"maxSelect": 1, "cascadeDelete": True}},
    ],
    "listRule": "",
    "viewRule": "",
    "createRule": "@request.user.id != ''",
    "updateRule": "author = @request.user.id",
    "deleteRule": "author = @request.user.id",
}


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


async def main(argv: list[str] | None = None) -> int:
    url, admin_email, admin_password = settings(sys.argv[1:] if argv is None else argv)

    async with AsyncPocketBase(url) as pb:
        # 1. Log in as an admin (a superuser on 0.23+); the server version is detected here.
        auth = await pb.admins.auth_via_email(admin_email, admin_password)
        step(f"admin {auth.admin.email} logged in (server_api {pb.server_api})")

        # 2. A fresh collection.
        try:
            await pb.collections.delete(COLLECTION)
            step(f"removed the {COLLECTION} collection left by an earlier run")
        except ClientResponseError as err:
            if err.status != 404:
                raise
        collection = await pb.collections.create(POSTS_SCHEMA)
        names = ", ".join(field.name for field in collection.schema)
        step(f"created collection {collection.name} ({names})")

        # 3. Realtime: the callback runs in a background task (it may be async too).
        events: list[RecordSubscription] = []
        got_event = asyncio.Event()

        async def on_change(event: RecordSubscription) -> None:
            events.append(event)
            got_event.set()

        unsubscribe = await pb.realtime.subscribe(COLLECTION, on_change)
        step(f"subscribed to {COLLECTION} changes")

        # 4. Records: create (with a file), list, update, delete.
        cover = b"a tiny text file standing in for a picture\n"
        first = await pb.records.create(
            COLLECTION,
            {"title": "Hello", "views": 1, "published": True, "cover": ("cover.txt", cover)},
        )
        second = await pb.records.create(COLLECTION, {"title": "World", "views": 5})
        step(f"created records {first.id} (file {first['cover']}) and {second.id}")

        file_url = pb.records.get_file_url(first, first["cover"])
        async with httpx.AsyncClient() as http:
            downloaded = (await http.get(file_url)).content
        step(f"downloaded {file_url}: {'same bytes' if downloaded == cover else 'DIFFERENT'}")

        page = await pb.records.get_list(COLLECTION, 1, 10, sort="-views", filter="views > 0")
        titles = [post["title"] for post in page.items]
        step(f"listed {page.total_items} records sorted by views: {titles}")

        updated = await pb.records.update(COLLECTION, first.id, {"views": 42})
        step(f"updated {updated.id}: views = {updated['views']}")

        await pb.records.delete(COLLECTION, second.id)
        left = await pb.records.get_full_list(COLLECTION)
        step(f"deleted {second.id}; {len(left)} record(s) left")

        await asyncio.wait_for(got_event.wait(), 10)
        step(f"realtime: first event was {events[0].action} of {events[0].record.id}")
        await unsubscribe()

        # 5. A user signs up and logs in with a client of their own.
        email = f"quickstart-{secrets.token_hex(4)}@example.com"
        password = "a-long-password"
        user = await pb.users.create(
            {"email": email, "password": password, "passwordConfirm": password}
        )
        step(f"signed up user {user.id} <{email}>")
        try:
            async with AsyncPocketBase(url) as user_pb:
                login = await user_pb.users.auth_via_email(email, password)
                step(f"user logged in; token valid: {user_pb.auth_store.is_valid}")
                own = await user_pb.records.create(
                    COLLECTION, {"title": "Written by a user", "author": login.user.id}
                )
                step(f"the user created record {own.id} (the create rule let them in)")
        finally:
            await pb.users.delete(user.id)
            await pb.collections.delete(COLLECTION)
            step("removed the user and the collection")

    step("done")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
