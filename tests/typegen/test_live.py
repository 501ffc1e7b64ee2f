"""``pocketbase-typegen`` against real 0.22.27 and 0.40.6 servers (one server per version).

Each server gets the test collections by importing the exported schema
(``schema_<version>.json``); reading them live must give the golden module byte for byte, as
the file does. Then the generated models read the server's real records (through ``model=``
and through the module's ``TypedPocketBase`` / ``AsyncTypedPocketBase``), and bad credentials
fail cleanly.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from pocketbase import PocketBase
from pocketbase.models import GeoPoint, Record
from pocketbase.testing import PocketBaseServer
from pocketbase.typegen import generate, load_schema

pytestmark = pytest.mark.integration

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VERSIONS = ["0.22.27", "0.40.6"]


def file_of(prefix: str, version: str, suffix: str) -> Path:
    return HERE / f"{prefix}{version.replace('.', '_')}{suffix}"


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    version = request.param
    collections = json.loads(file_of("schema_", version, ".json").read_text(encoding="utf-8"))
    with PocketBaseServer(version) as server:
        with http(server) as client:
            reply = client.put(
                "/api/collections/import",
                json={"collections": collections, "deleteMissing": False},
            )
        assert reply.status_code == 204, reply.text
        yield server


def http(server: PocketBaseServer) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers=server.admin_headers(), trust_env=False, timeout=10
    )


def typegen(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("POCKETBASE_")}
    return subprocess.run(
        [sys.executable, "-m", "pocketbase.typegen", *args],
        capture_output=True,
        cwd=ROOT,
        env={**base, "PYTHONPATH": str(ROOT), **env},
        timeout=60,
        check=False,
    )


def login_env(server: PocketBaseServer) -> dict[str, str]:
    return {"POCKETBASE_EMAIL": server.admin_email, "POCKETBASE_PASSWORD": server.admin_password}


# --- the golden modules ----------------------------------------------------------------------


def test_a_live_server_gives_the_golden_module_byte_for_byte(
    server: PocketBaseServer, tmp_path: Path
) -> None:
    out = tmp_path / "models.py"
    result = typegen("--url", server.url, "--out", str(out), env=login_env(server))
    assert result.returncode == 0, result.stderr.decode()
    assert (result.stdout, result.stderr) == (b"", b"")
    assert out.read_bytes() == file_of("expected_", server.version, ".py").read_bytes()


def test_a_token_and_the_system_collections_give_what_the_exported_file_gives(
    server: PocketBaseServer,
) -> None:
    env = {"POCKETBASE_URL": server.url, "POCKETBASE_TOKEN": server.admin_token()}
    live = typegen("--include-system", env=env)
    assert live.returncode == 0, live.stderr.decode()
    schema = str(file_of("schema_", server.version, ".json"))
    exported = typegen("--schema", schema, "--include-system", env={})
    assert live.stdout == exported.stdout
    if server.version == "0.40.6":
        assert live.stdout == (HERE / "expected_0_40_6_system.py").read_bytes()
        assert b"class SuperusersRecord(Record):" in live.stdout


# --- bad credentials -------------------------------------------------------------------------


def test_a_wrong_password_fails_clearly_and_writes_nothing(
    server: PocketBaseServer, tmp_path: Path
) -> None:
    out = tmp_path / "models.py"
    env = {"POCKETBASE_EMAIL": server.admin_email, "POCKETBASE_PASSWORD": "WRONG-PASSWORD"}
    result = typegen("--url", server.url, "--out", str(out), env=env)
    stderr = result.stderr.decode()
    assert (result.returncode, result.stdout) == (1, b"")
    assert stderr == (
        f"pocketbase-typegen: error: could not log in to {server.url} as the superuser "
        f"'{server.admin_email}': Failed to authenticate. (HTTP 400; check the e-mail and the "
        "password)\n"
    )
    assert not out.exists()


def test_a_token_that_is_not_a_superusers_is_refused(server: PocketBaseServer) -> None:
    with http(server) as client:
        user = {
            "email": "reader@example.com",
            "password": "12345678",
            "passwordConfirm": "12345678",
        }
        created = client.post("/api/collections/users/records", json=user)
        assert created.status_code == 200, created.text
        login = client.post(
            "/api/collections/users/auth-with-password",
            json={"identity": user["email"], "password": user["password"]},
            headers={"Authorization": ""},
        )
        assert login.status_code == 200, login.text
    env = {"POCKETBASE_TOKEN": login.json()["token"]}
    result = typegen("--url", server.url, env=env)
    stderr = result.stderr.decode()
    assert (result.returncode, result.stdout) == (1, b"")
    assert stderr.startswith(
        f"pocketbase-typegen: error: {server.url} refused to list the collections: "
    )
    assert "only a superuser may, so log in as one or pass a superuser's token)\n" in stderr
    assert login.json()["token"] not in stderr and "Traceback" not in stderr


def test_a_url_that_is_not_a_pocketbase_api_fails_clearly(server: PocketBaseServer) -> None:
    result = typegen("--url", f"{server.url}/not/here", env=login_env(server))
    stderr = result.stderr.decode()
    assert (result.returncode, result.stdout) == (1, b"")
    status = "404" if server.generation == "0.23" else "405"
    assert stderr.startswith(
        f"pocketbase-typegen: error: {server.url}/not/here has no PocketBase login route "
        f"(HTTP {status}: "
    )
    assert stderr.endswith("is it the address the server's API is served at?\n")


# --- the generated models read real records --------------------------------------------------


@pytest.fixture(scope="module")
def models(server: PocketBaseServer, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    schema = file_of("schema_", server.version, ".json")
    text = generate(load_schema(schema.read_bytes(), schema.name))  # the golden module
    name = f"typegen_live_{server.version.replace('.', '_')}"
    path = tmp_path_factory.mktemp("models") / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def create(client: httpx.Client, collection: str, body: dict[str, Any]) -> dict[str, Any]:
    reply = client.post(f"/api/collections/{collection}/records", json=body)
    assert reply.status_code == 200, reply.text
    data: dict[str, Any] = reply.json()
    return data


def test_the_generated_models_read_the_servers_records(
    server: PocketBaseServer, models: ModuleType
) -> None:
    modern = server.generation == "0.23"
    with http(server) as client:
        user = create(
            client,
            "users",
            {"email": "typed@example.com", "password": "12345678", "passwordConfirm": "12345678"},
        )
        tags = [
            create(client, "tags", {"name": n, "color": c}) for n, c in (("a", "it's"), ("b", ""))
        ]
        parent = create(
            client,
            "posts",
            {"title": "Parent", "status": "draft", "author": user["id"], "score": 1},
        )
        body = {
            "title": "Typed",
            "views": 2.5,
            "score": 7,
            "published": True,
            "published_at": "2024-05-01 10:00:00.000Z",
            "status": "published",
            "categories": ["news", "tech"],
            "author": user["id"],
            "tags": [t["id"] for t in tags],
            "parent": parent["id"],
            "related": [parent["id"]],
            "metadata": {"a": [1, 2]},
            "class": "k",
            "json": [1, "x"],
            "createdBy": user["id"],
        }
        if modern:
            body["location"] = {"lon": 13.4, "lat": 52.5}
        post = create(client, "posts", body)
        files = [
            ("cover", ("cover.txt", b"cover", "text/plain")),
            ("attachments", ("one.txt", b"1", "text/plain")),
            ("attachments", ("two.txt", b"2", "text/plain")),
        ]
        uploaded = client.patch(f"/api/collections/posts/records/{post['id']}", files=files)
        assert uploaded.status_code == 200, uploaded.text

    with PocketBase(server.url) as pb:
        pb.admins.auth_via_email(server.admin_email, server.admin_password)
        expand = "author,tags,parent,related,createdBy"
        typed = pb.records.get_one("posts", post["id"], model=models.PostsRecord, expand=expand)
        assert type(typed) is models.PostsRecord
        assert (typed.title, typed.views, typed.score, typed.published) == ("Typed", 2.5, 7, True)
        assert type(typed.score) is int and type(typed.views) is float
        assert typed.published_at == datetime.fromisoformat("2024-05-01T10:00:00+00:00")
        assert (typed.status, typed.mood, typed.categories) == ("published", "", ["news", "tech"])
        assert (typed.author, typed.parent, typed.created_by) == (
            user["id"],
            parent["id"],
            user["id"],
        )
        assert typed.tags == [t["id"] for t in tags] and typed.related == [parent["id"]]
        assert typed.cover.startswith("cover") and typed.cover.endswith(".txt")
        assert len(typed.attachments) == 2
        assert (typed.metadata, typed.class_, typed.json_) == ({"a": [1, 2]}, "k", [1, "x"])
        assert typed.created is not None and typed.expand.author is not None
        author = typed.expand.author
        assert type(author) is models.UsersRecord
        assert (author.id, author.email, author.email_visibility) == (
            user["id"],
            "typed@example.com",
            False,
        )
        assert [type(t) for t in typed.expand.tags] == [models.TagsRecord] * 2
        assert [(t.name, t.color) for t in typed.expand.tags] == [("a", "it's"), ("b", "")]
        assert type(typed.expand.parent) is models.PostsRecord
        assert typed.expand.parent.title == "Parent" and typed.expand.parent.expand.author is None
        assert [p.id for p in typed.expand.related] == [parent["id"]]
        assert typed.expand.created_by is not None and typed.expand.created_by.id == user["id"]
        if modern:
            assert typed.location == GeoPoint(lon=13.4, lat=52.5)
            assert typed.edited is not None  # the upload updated the record
        else:
            assert author.username == user["username"]

        # a partial reply (``fields=``) validates: what is missing reads as its default
        partial = pb.records.get_one(
            "posts", post["id"], {"fields": "id,title"}, model=models.PostsRecord
        )
        assert (partial.id, partial.title, partial.views, partial.status) == (
            post["id"],
            "Typed",
            0,
            "draft",
        )
        assert partial.tags == [] and partial.expand.author is None

        # back-relations stay reachable as plain records
        back = "posts_via_parent" if modern else "posts(parent)"
        up = pb.records.get_one("posts", parent["id"], model=models.PostsRecord, expand=back)
        assert [type(r) for r in up.expand[back]] == [Record]
        assert up.expand[back][0].id == post["id"]

        # the view collection
        stats = pb.records.get_full_list(
            "post_stats", model=models.PostStatsRecord, expand="author"
        )
        row = next(s for s in stats if s.id == post["id"])
        assert (row.title, row.status, row.views, row.tag_count) == ("Typed", "published", 2.5, 2)
        assert row.expand.author is not None and row.expand.author.id == user["id"]


def test_the_typed_clients_give_the_generated_classes_without_model(
    server: PocketBaseServer, models: ModuleType
) -> None:
    with models.TypedPocketBase(server.url) as pb:
        assert type(pb) is models.TypedPocketBase
        pb.collection("_superusers").auth_with_password(server.admin_email, server.admin_password)
        password = "12345678"
        user = pb.collection("users").create(
            {"email": "client@example.com", "password": password, "passwordConfirm": password}
        )
        assert type(user) is models.UsersRecord
        tag = pb.collection("tags").create({"name": "client", "color": "green"})
        assert type(tag) is models.TagsRecord
        body = {"title": "Client", "status": "draft", "author": user.id, "tags": [tag.id]}
        created = pb.collection("posts").create({**body, "score": 3})
        assert type(created) is models.PostsRecord and created.score == 3

        post = pb.collection("posts").get_one(created.id, expand="author,tags")
        assert type(post) is models.PostsRecord
        assert type(post.expand.author) is models.UsersRecord
        assert post.expand.author.email == "client@example.com"
        assert [(type(t), t.color) for t in post.expand.tags] == [(models.TagsRecord, "green")]
        page = pb.collection("posts").get_list(
            1, 5, filter=pb.filter("id = {:id}", {"id": created.id})
        )
        assert [(type(p), p.title) for p in page.items] == [(models.PostsRecord, "Client")]
        walked = [p for p in pb.collection("posts").iterate(batch=1) if p.id == created.id]
        assert [type(p) for p in walked] == [models.PostsRecord]
        stats = pb.collection("post_stats").get_one(created.id)
        assert type(stats) is models.PostStatsRecord and stats.tag_count >= 1
        # model= and a name the module does not know behave as on PocketBase
        assert type(pb.collection("posts", model=Record).get_one(created.id)) is Record
        assert pb.collection("comments").model is Record

        pb.auth_store.clear()
        auth = pb.collection("users").auth_with_password("client@example.com", password)
        assert type(auth.record) is models.UsersRecord and auth.record.id == user.id
        assert pb.auth_store.record == auth.record


async def test_the_async_typed_client_gives_the_generated_classes(
    server: PocketBaseServer, models: ModuleType
) -> None:
    async with models.AsyncTypedPocketBase(server.url) as pb:
        assert type(pb) is models.AsyncTypedPocketBase
        await pb.collection("_superusers").auth_with_password(
            server.admin_email, server.admin_password
        )
        tag = await pb.collection("tags").create({"name": "async", "color": "red"})
        assert type(tag) is models.TagsRecord
        listed = await pb.collection("tags").get_list(
            filter=pb.filter("id = {:id}", {"id": tag.id})
        )
        assert [(type(t), t.name) for t in listed.items] == [(models.TagsRecord, "async")]
        walked = [t async for t in pb.collection("tags").iterate() if t.id == tag.id]
        assert [type(t) for t in walked] == [models.TagsRecord]
