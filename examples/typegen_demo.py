"""``pocketbase-typegen`` in ``make demo``: generate the models of the demo's collections, then
use them.

    python -m examples.typegen_demo [URL] [ADMIN_EMAIL] [ADMIN_PASSWORD]

(run from the repository root; the arguments default as in ``quickstart.py``). The script

1. creates the collections ``typegen_tags`` and ``typegen_posts`` (a select, a multiple select,
   an integer, a date, a relation to the tags),
2. runs ``python -m pocketbase.typegen`` against the server for those two collections and
   checks that the module it writes is, byte for byte, ``examples/typegen_models.py``: the
   generated module checked into the repository, which this file imports (so ``mypy
   --strict`` checks the use below),
3. through the module's ``TypedPocketBase``, writes records and reads them back:
   ``pb.collection("typegen_posts")`` gives ``TypegenPostsRecord`` objects with no ``model=``,
   the relation expanded as ``TypegenTagsRecord`` objects,
4. deletes the collections.

The same schema gives the same module on every server generation, so the check holds on
0.22 and on 0.23+ servers alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from examples.typegen_models import TypedPocketBase
from pocketbase import ClientResponseError, PocketBase

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "examples" / "typegen_models.py"
TAGS = "typegen_tags"
POSTS = "typegen_posts"


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
    print(f"[typegen] {text}", flush=True)


def posts_schema(tags_id: str) -> dict[str, Any]:
    """The posts collection in the 0.8-0.22 style; the SDK converts it for 0.23+ servers."""
    return {
        "name": POSTS,
        "schema": [
            {"name": "title", "type": "text", "required": True},
            {
                "name": "status",
                "type": "select",
                "required": True,
                "options": {"maxSelect": 1, "values": ["draft", "published"]},
            },
            {
                "name": "topics",
                "type": "select",
                "options": {"maxSelect": 3, "values": ["python", "databases", "typing"]},
            },
            {"name": "views", "type": "number", "options": {"noDecimal": True}},
            {"name": "publishedOn", "type": "date"},
            {
                "name": "tags",
                "type": "relation",
                "options": {"collectionId": tags_id, "maxSelect": None, "cascadeDelete": False},
            },
        ],
    }


def remove_collections(pb: PocketBase) -> None:
    for name in (POSTS, TAGS):  # the posts point at the tags: delete them first
        try:
            pb.collections.delete(name)
        except ClientResponseError as err:
            if err.status != 404:
                raise


def generate_models(url: str, email: str, password: str) -> bytes:
    """``python -m pocketbase.typegen`` for the two collections (the password goes through the
    environment, not the process list)."""
    env = {**os.environ, "POCKETBASE_EMAIL": email, "POCKETBASE_PASSWORD": password}
    command = [sys.executable, "-m", "pocketbase.typegen", "--url", url]
    command += ["--collection", TAGS, "--collection", POSTS]
    result = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
    if result.returncode:
        raise RuntimeError(f"pocketbase-typegen failed: {result.stderr.decode()}")
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    url, admin_email, admin_password = settings(sys.argv[1:] if argv is None else argv)

    with TypedPocketBase(url) as pb:
        pb.collection("_superusers").auth_with_password(admin_email, admin_password)
        remove_collections(pb)  # left over by an interrupted run
        tags_collection = pb.collections.create(
            {"name": TAGS, "schema": [{"name": "name", "type": "text"}]}
        )
        pb.collections.create(posts_schema(tags_collection.id))
        step(f"created the collections {TAGS} and {POSTS}")
        try:
            generated = generate_models(url, admin_email, admin_password)
            if generated != MODELS.read_bytes():
                raise RuntimeError(f"the generated models differ from {MODELS.name}")
            step(f"generated models for {TAGS} and {POSTS}: same bytes as {MODELS.name}")

            # collection(name) is typed per name: RecordService[TypegenTagsRecord] here
            tags = [pb.collection("typegen_tags").create({"name": n}) for n in ("sdk", "types")]
            posts = pb.collection("typegen_posts")  # RecordService[TypegenPostsRecord]
            created = posts.create(
                {
                    "title": "Typed records",
                    "status": "published",
                    "topics": ["python", "typing"],
                    "views": 42,
                    "publishedOn": datetime(2024, 5, 1, 12, tzinfo=timezone.utc),
                    "tags": [tag.id for tag in tags],
                },
            )

            post = posts.get_one(created.id, expand="tags")
            # mypy knows: post is a TypegenPostsRecord, status a Literal["draft", "published"],
            # views an int, published_on a datetime | None, expand.tags a list[TypegenTagsRecord]
            names = [tag.name for tag in post.expand.tags]
            when = post.published_on.date().isoformat() if post.published_on else "never"
            step(
                f"read {post.title!r}: {post.status}, {post.views} views, topics {post.topics}, "
                f"published on {when}, tags {names}"
            )
            page = posts.get_list(filter=pb.filter("status = {:status}", {"status": "published"}))
            step(f"listed {page.total_items} published post(s) as {type(page.items[0]).__name__}")
            every_tag = pb.collection("typegen_tags").iterate(sort="name")  # lazy pages
            step(f"tags: {[tag.name for tag in every_tag]}")
        finally:
            remove_collections(pb)
            step("removed the collections")

    step("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
