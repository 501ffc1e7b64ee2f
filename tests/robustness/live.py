"""Setting up data on a real PocketBase server with plain httpx (no SDK code involved)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from pocketbase.testing import PocketBaseServer

__all__ = ["admin_http", "create_collection", "create_record", "create_user", "started"]


@contextmanager
def started(version: str) -> Iterator[PocketBaseServer]:
    with PocketBaseServer(version) as server:
        yield server


def admin_http(server: PocketBaseServer) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers=server.admin_headers(), timeout=10.0, trust_env=False
    )


def create_collection(
    server: PocketBaseServer,
    name: str,
    text_fields: list[str],
    *,
    relation_to_users: str | None = None,
    rule: str | None = "",
) -> dict[str, Any]:
    """A base collection with text fields (and an optional relation to users); every rule is
    ``rule`` (``""`` = public, ``None`` = admins only)."""
    modern = server.generation == "0.23"
    fields: list[dict[str, Any]] = [{"name": f, "type": "text"} for f in text_fields]
    if relation_to_users:
        relation: dict[str, Any] = {"name": relation_to_users, "type": "relation"}
        options = {"collectionId": "_pb_users_auth_", "maxSelect": 1, "cascadeDelete": False}
        if modern:
            relation.update(options)
        else:
            relation["options"] = options
        fields.append(relation)
    body: dict[str, Any] = {"name": name, "type": "base"}
    for key in ("listRule", "viewRule", "createRule", "updateRule", "deleteRule"):
        body[key] = rule
    if modern:
        body["fields"] = [*fields, *_autodates()]
    else:
        body["schema"] = fields
    with admin_http(server) as http:
        response = http.post("/api/collections", json=body)
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def _autodates() -> list[dict[str, Any]]:
    return [
        {"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False},
        {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
    ]


def create_record(
    server: PocketBaseServer,
    collection: str,
    data: dict[str, Any],
    http: httpx.Client | None = None,
) -> dict[str, Any]:
    """Create one record as the admin (pass ``http`` from :func:`admin_http` to create many)."""
    if http is None:
        with admin_http(server) as own:
            return create_record(server, collection, data, own)
    response = http.post(f"/api/collections/{collection}/records", json=data)
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def create_user(server: PocketBaseServer, email: str, password: str) -> dict[str, Any]:
    return create_record(
        server,
        "users",
        {"email": email, "password": password, "passwordConfirm": password, "verified": True},
    )
