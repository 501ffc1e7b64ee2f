"""Rebuild the exported schemas the typegen golden tests read (run by hand, not by pytest).

    python -m tests.typegen.export_schemas

For each PocketBase binary of the test suite this starts a throwaway server, imports the test
collections below (every field kind: single and multiple selects, relations and files, required
and optional fields, a Python keyword and a pydantic member name as field names, a
self-relation, a view), and writes what the admin UI's "Export collections" page gives for
them to ``tests/typegen/schema_<version>.json`` (dots as underscores): the full collection list
without the ``created``/``updated`` timestamps and OAuth2 providers, auth collections first,
then base ones, then views, each group sorted by name, as ``JSON.stringify(collections, null,
4)``.

The collection ids are fixed so a rebuild gives the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from pocketbase.testing import PocketBaseServer

HERE = Path(__file__).resolve().parent
VERSIONS = ("0.22.27", "0.40.6")

USERS_ID = "_pb_users_auth_"
TAGS_ID = "tg_tags_000001"
POSTS_ID = "tg_posts_00001"
STATS_ID = "tg_poststats01"

STATS_QUERY = (
    "SELECT p.id, p.title, p.status, p.author, p.views,"
    " (SELECT COUNT(*) FROM tags) AS tag_count FROM posts p"
)


def _modern(name: str, kind: str, **options: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **options}


def _legacy(name: str, kind: str, required: bool = False, **options: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "required": required, "options": options}


def modern_collections() -> list[dict[str, Any]]:
    """The test collections in the 0.23+ shape (flat field options)."""
    relation = {"cascadeDelete": False, "minSelect": 0}
    tags = [
        _modern("name", "text", required=True),
        _modern("color", "select", maxSelect=1, values=["red", "green", "it's", "café"]),
    ]
    posts = [
        _modern("title", "text", required=True, max=200),
        _modern("body", "editor"),
        _modern("contact", "email"),
        _modern("website", "url"),
        _modern("views", "number"),
        _modern("score", "number", onlyInt=True, required=True),
        _modern("published", "bool"),
        _modern("published_at", "date"),
        _modern("status", "select", required=True, maxSelect=1, values=["draft", "published"]),
        _modern("mood", "select", maxSelect=1, values=["happy", "sad"]),
        _modern("categories", "select", maxSelect=3, values=["news", "tech", "life"]),
        _modern(
            "author", "relation", collectionId=USERS_ID, maxSelect=1, required=True, **relation
        ),
        _modern("tags", "relation", collectionId=TAGS_ID, maxSelect=10, **relation),
        _modern("parent", "relation", collectionId=POSTS_ID, maxSelect=1, **relation),
        _modern("related", "relation", collectionId=POSTS_ID, maxSelect=5, **relation),
        _modern("cover", "file", maxSelect=1, maxSize=5242880),
        _modern("attachments", "file", maxSelect=4, maxSize=5242880),
        _modern("metadata", "json", maxSize=2000000),
        _modern("location", "geoPoint"),
        _modern("class", "text"),
        _modern("json", "json", maxSize=2000000),
        _modern("createdBy", "relation", collectionId=USERS_ID, maxSelect=1, **relation),
        _modern("edited", "autodate", onCreate=False, onUpdate=True),
        _modern("created", "autodate", onCreate=True, onUpdate=False),
        _modern("updated", "autodate", onCreate=True, onUpdate=True),
    ]
    return [
        {"id": TAGS_ID, "name": "tags", "type": "base", "fields": tags},
        {"id": POSTS_ID, "name": "posts", "type": "base", "fields": posts, "listRule": ""},
        {"id": STATS_ID, "name": "post_stats", "type": "view", "viewQuery": STATS_QUERY},
    ]


def legacy_collections() -> list[dict[str, Any]]:
    """The test collections in the 0.8-0.22 shape (nested options)."""
    relation = {"cascadeDelete": False, "minSelect": None, "displayFields": None}
    file = {"mimeTypes": [], "thumbs": [], "maxSize": 5242880, "protected": False}
    tags = [
        _legacy("name", "text", True, min=None, max=None, pattern=""),
        _legacy("color", "select", maxSelect=1, values=["red", "green", "it's", "café"]),
    ]
    posts = [
        _legacy("title", "text", True, min=None, max=200, pattern=""),
        _legacy("body", "editor", convertUrls=False),
        _legacy("contact", "email", exceptDomains=None, onlyDomains=None),
        _legacy("website", "url", exceptDomains=None, onlyDomains=None),
        _legacy("views", "number", min=None, max=None, noDecimal=False),
        _legacy("score", "number", True, min=None, max=None, noDecimal=True),
        _legacy("published", "bool"),
        _legacy("published_at", "date", min="", max=""),
        _legacy("status", "select", True, maxSelect=1, values=["draft", "published"]),
        _legacy("mood", "select", maxSelect=1, values=["happy", "sad"]),
        _legacy("categories", "select", maxSelect=3, values=["news", "tech", "life"]),
        _legacy("author", "relation", True, collectionId=USERS_ID, maxSelect=1, **relation),
        # a null maxSelect is "no limit" on 0.8-0.22
        _legacy("tags", "relation", collectionId=TAGS_ID, maxSelect=None, **relation),
        _legacy("parent", "relation", collectionId=POSTS_ID, maxSelect=1, **relation),
        _legacy("related", "relation", collectionId=POSTS_ID, maxSelect=5, **relation),
        _legacy("cover", "file", maxSelect=1, **file),
        _legacy("attachments", "file", maxSelect=4, **file),
        _legacy("metadata", "json", maxSize=2000000),
        _legacy("class", "text", min=None, max=None, pattern=""),
        _legacy("json", "json", maxSize=2000000),
        _legacy("createdBy", "relation", collectionId=USERS_ID, maxSelect=1, **relation),
    ]
    return [
        {"id": TAGS_ID, "name": "tags", "type": "base", "schema": tags},
        {"id": POSTS_ID, "name": "posts", "type": "base", "schema": posts, "listRule": ""},
        {"id": STATS_ID, "name": "post_stats", "type": "view", "options": {"query": STATS_QUERY}},
    ]


def admin_ui_export(collections: list[dict[str, Any]]) -> str:
    """What the admin UI's "Export collections" page shows for ``collections``."""
    for collection in collections:
        collection.pop("created", None)
        collection.pop("updated", None)
        oauth2 = collection.get("oauth2")
        if isinstance(oauth2, dict):
            oauth2.pop("providers", None)
    order = {"auth": 0, "base": 1}
    collections.sort(key=lambda c: (order.get(c["type"], 2), c["name"]))
    return json.dumps(collections, indent=4, ensure_ascii=False) + "\n"


def import_collections(server: PocketBaseServer, collections: list[dict[str, Any]]) -> None:
    """``PUT /api/collections/import`` (keeps the existing collections)."""
    with httpx.Client(base_url=server.url, headers=server.admin_headers(), trust_env=False) as http:
        reply = http.put(
            "/api/collections/import", json={"collections": collections, "deleteMissing": False}
        )
    if reply.status_code != 204:
        raise RuntimeError(f"import failed on {server.version}: {reply.status_code} {reply.text}")


def list_collections(server: PocketBaseServer) -> list[dict[str, Any]]:
    with httpx.Client(base_url=server.url, headers=server.admin_headers(), trust_env=False) as http:
        reply = http.get("/api/collections", params={"page": 1, "perPage": 100})
    reply.raise_for_status()
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def main() -> None:
    for version in VERSIONS:
        with PocketBaseServer(version) as server:
            legacy = server.generation == "0.8"
            import_collections(server, legacy_collections() if legacy else modern_collections())
            text = admin_ui_export(list_collections(server))
        path = HERE / f"schema_{version.replace('.', '_')}.json"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
