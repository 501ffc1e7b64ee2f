# Generated from tests/_async/test_integration_collections.py by scripts/unasync.py. Do not edit: edit the async source.
"""Collections in either shape and the 0.23+ collection calls against real servers:
PocketBase 0.22.27 (``server_api`` "0.8") and 0.40.6 ("0.23"), with the async client here and
the sync client in the generated twin.

Every collection is created in the seed/0.8-0.22 shape (``schema``, nested ``options``) and in
the 0.23+ shape (``fields``, flat settings) on both servers, and records are then written into
it (through the seed ``records`` service and through raw ``send()``) and read back field by
field. The servers are shared by the session (``tests/integration/servers.py``); names carry
the client flavour and a random suffix.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from pocketbase import ClientResponseError, PocketBase, UnsupportedFeatureError
from pocketbase.models import Admin, Collection, SchemaField
from pocketbase.testing import PocketBaseServer
from tests.integration.servers import VERSIONS, shared_server

pytestmark = pytest.mark.integration

#: "async" here, "sync" in the generated twin (the class name is rewritten, the text is not)
FLAVOUR = "async" if PocketBase.__name__.startswith("Async") else "sync"
PASSWORD = "a-Secret-123"
USERS_ID = "_pb_users_auth_"


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> PocketBaseServer:
    return shared_server(request.config, request.param)


@pytest.fixture(scope="module")
def modern_server(request: pytest.FixtureRequest) -> PocketBaseServer:
    return shared_server(request.config, "0.40.6")


@pytest.fixture(scope="module")
def old_server(request: pytest.FixtureRequest) -> PocketBaseServer:
    return shared_server(request.config, "0.22.27")


def admin_client(server: PocketBaseServer) -> PocketBase:
    client = PocketBase(server.url, timeout=15)
    client.auth_store.save(server.admin_token(), Admin(id="admin", email=server.admin_email))
    return client


@pytest.fixture
def pb(server: PocketBaseServer) -> Iterator[PocketBase]:
    with admin_client(server) as client:
        yield client


def unique(label: str) -> str:
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


def own_names(collection: Collection) -> list[str]:
    return [f.name for f in collection.fields if f.name not in ("id", "created", "updated")]


# -- the same collection in both shapes ---------------------------------------------------------

FIELD_NAMES = ["title", "count", "done", "kind", "meta", "doc", "owner", "mail", "site", "when"]


def seed_shape(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "schema": [
            {"name": "title", "type": "text", "required": True, "options": {"max": 20}},
            {"name": "count", "type": "number", "options": {"min": 0, "noDecimal": True}},
            {"name": "done", "type": "bool", "options": {}},
            {"name": "kind", "type": "select", "options": {"maxSelect": 1, "values": ["a", "b"]}},
            {"name": "meta", "type": "json", "options": {}},
            {
                "name": "doc",
                "type": "file",
                "options": {"maxSelect": 1, "maxSize": 1048576, "mimeTypes": [], "thumbs": []},
            },
            {"name": "owner", "type": "user", "options": {"maxSelect": 1}},
            {"name": "mail", "type": "email", "options": {}},
            {"name": "site", "type": "url", "options": {}},
            {"name": "when", "type": "date", "options": {}},
        ],
        "listRule": "",
        "viewRule": "",
        "createRule": "@request.user.id != ''",
    }


def modern_shape(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "base",
        "fields": [
            {"name": "title", "type": "text", "required": True, "max": 20},
            {"name": "count", "type": "number", "min": 0, "onlyInt": True},
            {"name": "done", "type": "bool"},
            {"name": "kind", "type": "select", "maxSelect": 1, "values": ["a", "b"]},
            {"name": "meta", "type": "json"},
            {"name": "doc", "type": "file", "maxSelect": 1, "maxSize": 1048576},
            {"name": "owner", "type": "relation", "collectionId": USERS_ID, "maxSelect": 1},
            {"name": "mail", "type": "email"},
            {"name": "site", "type": "url"},
            {"name": "when", "type": "date"},
            {"name": "created", "type": "autodate", "onCreate": True},
            {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
        ],
        "indexes": [f"CREATE INDEX `idx_{name}_kind` ON `{name}` (`kind`)"],
        "listRule": "",
        "viewRule": "",
        "createRule": "@request.auth.id != ''",
    }


def new_user(pb: PocketBase) -> str:
    email = f"{FLAVOUR}-{secrets.token_hex(4)}@example.com"
    user = pb.users.create({"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD})
    return user.id


def check_records(pb: PocketBase, name: str, owner: str) -> None:
    """Records written through the seed service and through raw send(), read back raw."""
    values = {
        "title": "Hello",
        "count": 3,
        "done": True,
        "kind": "b",
        "meta": {"a": [1, 2]},
        "owner": owner,
        "mail": "ann@example.com",
        "site": "https://example.com/x",
        "when": "2024-01-02 03:04:05.000Z",
    }
    seeded = pb.records.create(name, values)
    raw = pb.send(
        f"/api/collections/{name}/records",
        {"method": "POST", "body": {**values, "title": "Raw", "kind": "a"}},
    )
    with_file = pb.records.create(
        name, {"title": "File", "doc": ("notes.txt", b"some notes\n", "text/plain")}
    )
    for record_id, expected in (
        (seeded.id, values),
        (raw["id"], {**values, "title": "Raw", "kind": "a"}),
    ):
        got = pb.send(f"/api/collections/{name}/records/{record_id}", {})
        for field, value in expected.items():
            assert got[field] == value, field
        assert (got["doc"], got["collectionName"]) == ("", name)
        assert got["created"] and got["updated"]  # created/updated exist in both shapes
    got = pb.send(f"/api/collections/{name}/records/{with_file.id}", {})
    assert got["doc"].startswith("notes") and got["doc"].endswith(".txt")
    # the converted settings are in force: integers only, max length, the select's values
    for bad in ({"title": "x", "count": 1.5}, {"title": "x" * 21}, {"title": "x", "kind": "c"}):
        with pytest.raises(ClientResponseError) as invalid:
            pb.send(f"/api/collections/{name}/records", {"method": "POST", "body": bad})
        assert invalid.value.status == 400, bad


@pytest.mark.parametrize("shape", ["seed", "modern"])
def test_create_in_either_shape(pb: PocketBase, shape: str) -> None:
    name = unique(f"create_{shape}")
    body = seed_shape(name) if shape == "seed" else modern_shape(name)
    created = pb.collections.create(body)
    assert (created.name, created.type, own_names(created)) == (name, "base", FIELD_NAMES)
    assert created.fields is created.schema
    assert (created.list_rule, created.view_rule, created.create_rule) == (
        "",
        "",
        "@request.auth.id != ''",
    )
    assert (created.update_rule, created.delete_rule) == (None, None)
    if shape == "modern":
        assert created.indexes == [f"CREATE INDEX `idx_{name}_kind` ON `{name}` (`kind`)"]
    else:
        assert created.indexes == []
    owner = {f.name: f for f in created.fields}["owner"]
    assert owner.type == "relation" and owner.options["collectionId"] == USERS_ID
    check_records(pb, name, new_user(pb))
    assert pb.collections.delete(name) is True


def test_auth_and_view_collections_in_either_shape(pb: PocketBase) -> None:
    base = unique("viewed")
    pb.collections.create(modern_shape(base))
    pb.records.create(base, {"title": "Seen"})
    auth_bodies = {
        "modern": {
            "type": "auth",
            "fields": [{"name": "nick", "type": "text", "max": 10}],
            "passwordAuth": {"enabled": True, "identityFields": ["email"]},
            "listRule": "",
        },
        "old": {
            "type": "auth",
            "schema": [{"name": "nick", "type": "text", "options": {"max": 10}}],
            "options": {"allowEmailAuth": True, "minPasswordLength": 8, "requireEmail": True},
            "listRule": "",
        },
    }
    query = f"select id, title from {base}"
    view_bodies = {
        "modern": {"type": "view", "viewQuery": query, "listRule": ""},
        "old": {"type": "view", "schema": [], "options": {"query": query}, "listRule": ""},
    }
    for shape in ("modern", "old"):
        members = unique(f"members_{shape}")
        auth = pb.collections.create({"name": members, **auth_bodies[shape]})
        assert auth.type == "auth" and "nick" in own_names(auth)
        email = f"{FLAVOUR}-{secrets.token_hex(4)}@example.com"
        record = pb.send(
            f"/api/collections/{members}/records",
            {
                "method": "POST",
                "body": {
                    "email": email,
                    "password": PASSWORD,
                    "passwordConfirm": PASSWORD,
                    "nick": "ann",
                },
            },
        )
        assert (record["email"], record["nick"]) == (email, "ann")
        login = pb.send(
            f"/api/collections/{members}/auth-with-password",
            {"method": "POST", "body": {"identity": email, "password": PASSWORD}},
        )
        assert login["token"] and login["record"]["id"] == record["id"]
        assert login["record"]["nick"] == "ann"

        view_name = unique(f"view_{shape}")
        view = pb.collections.create({"name": view_name, **view_bodies[shape]})
        assert (view.type, view.view_query, own_names(view)) == ("view", query, ["title"])
        rows = pb.send(f"/api/collections/{view_name}/records", {})
        assert [row["title"] for row in rows["items"]] == ["Seen"]
        for name in (view_name, members):
            pb.collections.delete(name)
    pb.collections.delete(base)


def test_update_in_either_shape(pb: PocketBase) -> None:
    name = unique("update")
    pb.collections.create(seed_shape(name))
    kept = pb.records.create(name, {"title": "Kept", "count": 1})

    # a model as read from the server, changed and sent back whole
    collection = pb.collections.get_one(name)
    collection.list_rule = None
    collection.fields.append(SchemaField(name="extra", type="number"))
    updated = pb.collections.update(collection.id, collection)
    assert updated.list_rule is None and own_names(updated) == [*FIELD_NAMES, "extra"]

    # the seed shape: the exported schema plus one field
    seed = updated.export()
    seed["schema"].append({"name": "extra2", "type": "text", "options": {"max": 5}})
    seed["listRule"] = ""
    updated = pb.collections.update(name, seed)
    assert updated.list_rule == "" and own_names(updated)[-1] == "extra2"

    # the 0.23+ shape: every field, flat (ids keep the existing ones), plus one
    flat = [
        {"id": f.id, "name": f.name, "type": f.type, "required": f.required, **f.options}
        for f in updated.fields
    ]
    updated = pb.collections.update(
        name, {"fields": [*flat, {"name": "extra3", "type": "bool"}], "viewRule": None}
    )
    assert updated.view_rule is None
    assert own_names(updated) == [*FIELD_NAMES, "extra", "extra2", "extra3"]

    added = pb.send(
        f"/api/collections/{name}/records",
        {"method": "POST", "body": {"title": "New", "extra": 7, "extra2": "short", "extra3": True}},
    )
    assert (added["extra"], added["extra2"], added["extra3"]) == (7, "short", True)
    again = pb.send(f"/api/collections/{name}/records/{kept.id}", {})
    assert (again["title"], again["count"], again["extra"]) == ("Kept", 1, 0)
    with pytest.raises(ClientResponseError) as too_long:  # extra2's nested max survived
        pb.send(
            f"/api/collections/{name}/records",
            {"method": "POST", "body": {"title": "x", "extra2": "too long"}},
        )
    assert too_long.value.status == 400
    pb.collections.delete(name)


def test_import_in_either_shape(pb: PocketBase) -> None:
    seeded, modern = unique("imp_seed"), unique("imp_modern")
    assert pb.collections.import_collections([seed_shape(seeded), modern_shape(modern)])
    owner = new_user(pb)
    for name in (seeded, modern):
        collection = pb.collections.get_one(name)
        assert (collection.type, own_names(collection)) == ("base", FIELD_NAMES)
        check_records(pb, name, owner)
    for name in (seeded, modern):
        pb.collections.delete(name)


# -- across generations: what one server reads, the other creates ------------------------------


def test_collections_move_between_generations(
    modern_server: PocketBaseServer, old_server: PocketBaseServer
) -> None:
    with (
        admin_client(modern_server) as modern,
        admin_client(old_server) as old,
    ):
        scaffolds = modern.collections.get_scaffolds()
        for source, target in ((modern, old), (old, modern)):
            name = unique("moved")
            source.collections.create(seed_shape(name))
            read = source.collections.get_one(name)
            read.id, read.name = "", f"{name}_copy"
            for field in read.fields:
                field.id = ""
            copy = target.collections.create(read)
            assert own_names(copy) == FIELD_NAMES
            check_records(target, copy.name, new_user(target))
            for client, collection in ((source, name), (target, copy.name)):
                client.collections.delete(collection)

        # the 0.40 auth scaffold, named, makes a working auth collection on both servers
        auth = scaffolds["auth"]
        auth.fields.append(SchemaField(name="nick", type="text"))
        for target in (modern, old):
            auth.name = unique("scaffolded")
            created = target.collections.create(auth)
            assert created.type == "auth" and "nick" in own_names(created)
            email = f"{FLAVOUR}-{secrets.token_hex(4)}@example.com"
            body = {"email": email, "password": PASSWORD, "passwordConfirm": PASSWORD}
            target.send(
                f"/api/collections/{auth.name}/records",
                {"method": "POST", "body": {**body, "nick": "n"}},
            )
            login = target.send(
                f"/api/collections/{auth.name}/auth-with-password",
                {"method": "POST", "body": {"identity": email, "password": PASSWORD}},
            )
            assert login["record"]["nick"] == "n"
            target.collections.delete(auth.name)


# -- the 0.23+ calls ----------------------------------------------------------------------------


def test_newer_calls_on_0_40(modern_server: PocketBaseServer) -> None:
    with admin_client(modern_server) as pb:
        scaffolds = pb.collections.get_scaffolds()
        assert sorted(scaffolds) == ["auth", "base", "view"]
        assert {kind: c.type for kind, c in scaffolds.items()} == {
            "auth": "auth",
            "base": "base",
            "view": "view",
        }
        assert [f.name for f in scaffolds["base"].fields] == ["id"]
        assert [f.name for f in scaffolds["auth"].fields][:2] == ["id", "password"]
        assert scaffolds["auth"].password_auth == {"enabled": True, "identityFields": ["email"]}
        assert scaffolds["auth"].auth_rule == "" and scaffolds["view"].view_query == ""

        providers = pb.collections.get_all_oauth2_providers()
        by_name = {p["name"]: p for p in providers}
        assert by_name["google"]["displayName"] == "Google"
        assert by_name["apple"]["logo"].startswith("<svg")

        name = unique("newer")
        pb.collections.create(modern_shape(name))
        first = pb.records.create(name, {"title": "One"})
        dry = pb.collections.dry_run_view_query(f"select id, title from {name}")
        assert [f["name"] for f in dry["fields"]] == ["id", "title"]
        assert [(row["id"], row["title"]) for row in dry["sample"]] == [(first.id, "One")]

        assert pb.collections.truncate(name) is True
        assert (pb.records.get_list(name)).total_items == 0
        assert (pb.collections.get_one(name)).name == name  # the collection stays
        pb.collections.delete(name)


def test_newer_calls_on_0_22_send_nothing(old_server: PocketBaseServer) -> None:
    sent: list[str] = []
    with PocketBase(old_server.url, server_api="0.8") as pb:
        pb.auth_store.save(old_server.admin_token(), Admin(id="admin"))
        name = unique("kept")
        pb.collections.create(seed_shape(name))
        pb.records.create(name, {"title": "Stays"})

        def count(url: str, config: Any) -> Any:
            sent.append(url)
            return config

        pb.before_send = count
        calls = {
            "collection truncation needs PocketBase 0.23": lambda: pb.collections.truncate(name),
            "collection scaffolds need PocketBase 0.23": pb.collections.get_scaffolds,
            "the OAuth2 providers list needs PocketBase 0.37": (
                pb.collections.get_all_oauth2_providers
            ),
            "view query dry runs need PocketBase 0.37": lambda: pb.collections.dry_run_view_query(
                f"select id from {name}"
            ),
            "geoPoint fields need PocketBase 0.27": lambda: pb.collections.create(
                {"name": unique("geo"), "fields": [{"name": "at", "type": "geoPoint"}]}
            ),
            "multi-factor auth (MFA) needs PocketBase 0.23": lambda: pb.collections.create(
                {"name": unique("mfa"), "type": "auth", "fields": [], "mfa": {"enabled": True}}
            ),
        }
        for message, call in calls.items():
            with pytest.raises(UnsupportedFeatureError) as info:
                call()
            assert str(info.value) == f"{message} or later; this server is 0.8-0.22"
            assert info.value.status == 0
        assert sent == []

        pb.before_send = None
        assert [r["title"] for r in (pb.records.get_full_list(name))] == ["Stays"]
        names = {c.name for c in pb.collections.get_full_list()}
        assert name in names and not any(
            n.startswith((f"{FLAVOUR}_geo", f"{FLAVOUR}_mfa")) for n in names
        )
        pb.collections.delete(name)
