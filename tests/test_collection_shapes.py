"""Collections in either shape on every generation (``pocketbase._generations.collections``)
and the 0.8+/0.23+ attributes of ``pocketbase.models.Collection``.

Wire shapes: 0.8-0.22 collections have ``schema`` (settings nested in ``options``) and a
collection-level ``options``; 0.23+ collections have flat ``fields`` and top-level settings
(both verified against PocketBase 0.22.27 and 0.40.6 by the integration suite,
``tests/_async/test_integration_collections.py``).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pocketbase import ClientResponseError, UnsupportedFeatureError
from pocketbase._generations import GENERATIONS, JSON_MAX_SIZE, UNLIMITED_RELATIONS
from pocketbase._generations.collections import FILE_MAX_SIZE
from pocketbase.models import Collection, SchemaField

G07, G08, G23 = GENERATIONS["0.7"], GENERATIONS["0.8"], GENERATIONS["0.23"]

#: a base collection as 0.23+ writes it (the `id` and autodate fields included)
MODERN_BASE: dict[str, Any] = {
    "name": "posts",
    "type": "base",
    "listRule": "",
    "viewRule": "@request.user.id != ''",
    "fields": [
        {
            "id": "text3208210256",
            "name": "id",
            "type": "text",
            "system": True,
            "primaryKey": True,
            "autogeneratePattern": "[a-z0-9]{15}",
            "min": 15,
            "max": 15,
            "pattern": "^[a-z0-9]+$",
            "required": True,
            "hidden": False,
        },
        {
            "name": "title",
            "type": "text",
            "required": True,
            "presentable": True,
            "hidden": False,
            "help": "",
            "autogeneratePattern": "",
            "min": 0,
            "max": 0,
            "pattern": "",
        },
        {"name": "count", "type": "number", "onlyInt": True, "min": 0, "max": None},
        {"name": "kind", "type": "select", "values": ["a", "b"], "maxSelect": 0},
        {"name": "meta", "type": "json", "maxSize": 0},
        {"name": "doc", "type": "file", "maxSelect": 0, "maxSize": 0, "mimeTypes": []},
        {"name": "one", "type": "relation", "collectionId": "c1", "maxSelect": 0},
        {"name": "many", "type": "relation", "collectionId": "c1", "maxSelect": 999},
        {"name": "body", "type": "editor", "convertURLs": True, "maxSize": 0},
        {"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False},
        {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
    ],
    "indexes": ["CREATE INDEX `idx_title` ON `posts` (`title`)"],
}

#: MODERN_BASE as 0.8-0.22 read it
NESTED_BASE = [
    {"name": "title", "type": "text", "required": True, "presentable": True},
    {"name": "count", "type": "number", "options": {"noDecimal": True, "min": 0, "max": None}},
    {"name": "kind", "type": "select", "options": {"values": ["a", "b"], "maxSelect": 1}},
    {"name": "meta", "type": "json", "options": {"maxSize": JSON_MAX_SIZE}},
    {
        "name": "doc",
        "type": "file",
        "options": {"maxSelect": 1, "maxSize": FILE_MAX_SIZE, "mimeTypes": []},
    },
    {"name": "one", "type": "relation", "options": {"collectionId": "c1", "maxSelect": 1}},
    {"name": "many", "type": "relation", "options": {"collectionId": "c1", "maxSelect": None}},
    {"name": "body", "type": "editor", "options": {"convertUrls": True, "maxSize": 0}},
]
NESTED_BASE[0]["options"] = {"min": 0, "max": None, "pattern": ""}

#: an auth collection as 0.23+ writes it (system fields, settings, indexes)
MODERN_AUTH: dict[str, Any] = {
    "name": "members",
    "type": "auth",
    "fields": [
        {"name": "id", "type": "text", "system": True, "primaryKey": True},
        {"name": "password", "type": "password", "system": True, "hidden": True, "min": 10},
        {"name": "tokenKey", "type": "text", "system": True, "hidden": True},
        {
            "name": "email",
            "type": "email",
            "system": True,
            "required": False,
            "exceptDomains": [],
            "onlyDomains": ["example.com"],
        },
        {"name": "emailVisibility", "type": "bool", "system": True},
        {"name": "verified", "type": "bool", "system": True},
        {"name": "nick", "type": "text"},
    ],
    "indexes": [
        "CREATE UNIQUE INDEX `idx_tokenKey_x` ON `members` (`tokenKey`)",
        "CREATE UNIQUE INDEX `idx_email_x` ON `members` (`email`) WHERE `email` != ''",
        "CREATE INDEX `idx_nick` ON `members` (`nick`, `email`)",
    ],
    "authRule": "verified=true",
    "manageRule": "@request.user.id != ''",
    "passwordAuth": {"enabled": True, "identityFields": ["email", "username"]},
    "oauth2": {"enabled": True, "providers": [], "mappedFields": {"name": ""}},
    "mfa": {"enabled": False, "duration": 600, "rule": ""},
    "otp": {"enabled": False, "duration": 180, "length": 8},
    "authAlert": {"enabled": True},
    "authToken": {"duration": 1209600},
    "verificationTemplate": {"subject": "s", "body": "b"},
}


def unsupported(call: Any) -> UnsupportedFeatureError:
    with pytest.raises(UnsupportedFeatureError) as info:
        call()
    assert isinstance(info.value, ClientResponseError)
    assert (info.value.status, info.value.url, info.value.data) == (0, "", {})
    return info.value


# -- 0.23+ shape -> 0.8-0.22 -----------------------------------------------------------------


def test_modern_base_nested_for_08() -> None:
    before = copy.deepcopy(MODERN_BASE)
    out = G08.collections.body(MODERN_BASE)
    assert MODERN_BASE == before  # the input is not touched
    assert out == {
        "name": "posts",
        "type": "base",
        "listRule": "",
        "viewRule": "@request.auth.id != ''",
        "indexes": ["CREATE INDEX `idx_title` ON `posts` (`title`)"],
        "schema": NESTED_BASE,
    }
    # updates convert the same way (nothing is added to a non-auth collection)
    assert G08.collections.body(MODERN_BASE, create=False) == out


def test_modern_auth_nested_for_08() -> None:
    out = G08.collections.body(MODERN_AUTH)
    assert out == {
        "name": "members",
        "type": "auth",
        "schema": [{"name": "nick", "type": "text"}],
        # 0.8-0.22 index tokenKey and email themselves; an index with another column stays
        "indexes": ["CREATE INDEX `idx_nick` ON `members` (`nick`, `email`)"],
        "options": {
            "minPasswordLength": 10,
            "requireEmail": False,
            "exceptEmailDomains": None,
            "onlyEmailDomains": ["example.com"],
            "onlyVerified": True,
            "manageRule": "@request.auth.id != ''",
            "allowEmailAuth": True,
            "allowUsernameAuth": True,
            "allowOAuth2Auth": True,
        },
    }


def test_only_built_in_auth_indexes_are_left_out_on_08() -> None:
    indexes = [
        "CREATE UNIQUE INDEX `a` ON `m` (`username`, `email` COLLATE NOCASE, `tokenKey` DESC)",
        "CREATE INDEX `b` ON `m` (`nick`)",
        "not an index",
    ]
    body = {"name": "m", "type": "auth", "fields": [], "indexes": indexes}
    assert G08.collections.body(body)["indexes"] == indexes[1:]
    # a 0.8-0.22 shaped body keeps every index it lists
    native = {"name": "m", "type": "auth", "schema": [], "indexes": indexes}
    assert G08.collections.body(native)["indexes"] == indexes


def test_auth_defaults_of_0_23_only_on_create() -> None:
    body = {"name": "m", "type": "auth", "fields": [{"name": "nick", "type": "text"}]}
    assert G08.collections.body(body)["options"] == {
        "allowEmailAuth": True,
        "allowUsernameAuth": False,
        "allowOAuth2Auth": False,
        "minPasswordLength": 8,
        "requireEmail": True,
    }
    assert "options" not in G08.collections.body(body, create=False)
    # a 0.8-0.22 shaped auth body keeps 0.8-0.22's own defaults (the server's)
    native = {"name": "m", "type": "auth", "schema": [{"name": "nick", "type": "text"}]}
    assert G08.collections.body(native) == native


def test_settings_for_08_and_which_spelling_wins() -> None:
    body = {
        "name": "m",
        "type": "auth",
        "schema": [],
        "options": {"allowEmailAuth": True, "allowOAuth2Auth": True, "minPasswordLength": 9},
        "passwordAuth": {"enabled": False, "identityFields": ["email"]},
    }
    # the 0.23+ setting wins over the given options; the rest of the options stay
    assert G08.collections.body(body)["options"] == {
        "allowEmailAuth": False,
        "allowUsernameAuth": False,
        "allowOAuth2Auth": True,
        "minPasswordLength": 9,
        "requireEmail": True,
    }
    view = G08.collections.body({"name": "v", "type": "view", "viewQuery": "select id from x"})
    assert view == {"name": "v", "type": "view", "options": {"query": "select id from x"}}
    assert G08.collections.body({"authRule": ""}, create=False) == {
        "options": {"onlyVerified": False}
    }
    # disabled MFA/OTP, login alerts, token durations and templates have no 0.8-0.22 home
    dropped = G08.collections.body(
        {
            "mfa": {"enabled": False},
            "otp": {"enabled": False},
            "authAlert": {"enabled": True},
            "fileToken": {"duration": 1},
            "resetPasswordTemplate": {"subject": "s"},
            "oauth2": {"enabled": False, "providers": [{"name": "google"}]},
        },
        create=False,
    )
    assert dropped == {"options": {"allowOAuth2Auth": False}}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"name": "g", "type": "geoPoint"}, "geoPoint fields need PocketBase 0.27 or later"),
        (
            {"name": "published", "type": "autodate", "onCreate": True},
            "autodate fields other than created and updated need PocketBase 0.23 or later",
        ),
        (
            {"name": "pin", "type": "password"},
            "password fields other than an auth collection's own need PocketBase 0.23 or later",
        ),
        (
            {"name": "secret", "type": "text", "hidden": True},
            "hidden fields need PocketBase 0.23 or later",
        ),
        (
            {"name": "code", "type": "text", "autogeneratePattern": "[a-z]{5}"},
            "autogenerated text fields need PocketBase 0.23 or later",
        ),
        # the same settings arrive nested when a model read from 0.23+ is sent
        (
            {"name": "secret", "type": "text", "options": {"hidden": True}},
            "hidden fields need PocketBase 0.23 or later",
        ),
    ],
)
def test_fields_08_cannot_hold(field: dict[str, Any], message: str) -> None:
    for gen in (G08, G07):
        error = unsupported(lambda g=gen: g.collections.body({"name": "x", "fields": [field]}))
        assert str(error) == f"{message}; this server is {gen.label}"
    # in a schema too (a model read from 0.23+ is sent with its fields nested)
    error = unsupported(lambda: G08.collections.body({"schema": [field]}, create=False))
    assert str(error) == f"{message}; this server is 0.8-0.22"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"mfa": {"enabled": True}}, "multi-factor auth (MFA) needs PocketBase 0.23 or later"),
        ({"otp": {"enabled": True}}, "one-time password (OTP) auth needs PocketBase 0.23 or later"),
        (
            {"passwordAuth": {"enabled": True, "identityFields": ["email", "phone"]}},
            "password identity fields other than email and username need PocketBase 0.23 or later",
        ),
        (
            {"oauth2": {"enabled": True, "providers": [{"name": "google", "clientId": "c"}]}},
            "per-collection OAuth2 providers and field mappings need PocketBase 0.23 or later",
        ),
        (
            {"oauth2": {"enabled": True, "mappedFields": {"name": "name"}}},
            "per-collection OAuth2 providers and field mappings need PocketBase 0.23 or later",
        ),
        (
            {"authRule": "created > '2024-01-01'"},
            "auth rules other than verified = true need PocketBase 0.23 or later",
        ),
        ({"authRule": None}, "auth rules other than verified = true need PocketBase 0.23 or later"),
    ],
)
def test_settings_08_cannot_hold(settings: dict[str, Any], message: str) -> None:
    body = {"name": "m", "type": "auth", "fields": [], **settings}
    assert str(unsupported(lambda: G08.collections.body(body))) == (
        f"{message}; this server is 0.8-0.22"
    )


def test_nested_08_fields_are_left_as_sent() -> None:
    read_on_22 = {
        "system": False,
        "id": "abcd1234",
        "name": "title",
        "type": "text",
        "required": False,
        "presentable": True,
        "unique": False,
        "options": {"min": None, "max": 5, "pattern": ""},
    }
    out = G08.collections.body({"name": "x", "schema": [read_on_22]}, create=False)
    assert out == {"name": "x", "schema": [read_on_22]}


def test_fields_for_07_are_nested() -> None:
    out = G07.collections.body({"name": "x", "fields": [MODERN_BASE["fields"][2]]})
    assert out == {
        "name": "x",
        "schema": [
            {
                "name": "count",
                "type": "number",
                "options": {"noDecimal": True, "min": 0, "max": None},
            }
        ],
    }
    # a seed body with a `fields` key of its own is sent as given
    both = {"schema": [], "fields": "anything"}
    assert G07.collections.body(both) == both


# -- 0.8-0.22 shape -> 0.23+ -----------------------------------------------------------------


def test_08_options_become_23_settings() -> None:
    body = {
        "name": "m",
        "type": "auth",
        "schema": [
            {"name": "username", "type": "text", "options": {}},
            {"name": "bio", "type": "editor", "options": {"convertUrls": True}},
        ],
        "options": {
            "allowEmailAuth": True,
            "allowUsernameAuth": True,
            "allowOAuth2Auth": False,
            "manageRule": "@request.user.id != ''",
            "onlyVerified": True,
            "minPasswordLength": 8,
            "requireEmail": False,
        },
    }
    out = G23.collections.body(body)
    assert out == {
        "name": "m",
        "type": "auth",
        "fields": [
            {"name": "username", "type": "text"},
            {"name": "bio", "type": "editor", "convertURLs": True},
            {"name": "created", "type": "autodate", "onCreate": True, "onUpdate": False},
            {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True},
        ],
        "manageRule": "@request.auth.id != ''",
        "authRule": "verified = true",
        "passwordAuth": {"enabled": True, "identityFields": ["email", "username"]},
        "oauth2": {"enabled": False},
    }
    # without a username field, 0.23+ has no username to log in with
    no_username = {**body, "schema": []}
    assert G23.collections.body(no_username)["passwordAuth"] == {
        "enabled": True,
        "identityFields": ["email"],
    }
    only_username = {"type": "auth", "options": {"allowUsernameAuth": True}}
    assert G23.collections.body(only_username, create=False) == {
        "type": "auth",
        "passwordAuth": {"enabled": False, "identityFields": []},
    }


def test_08_view_and_which_spelling_wins_on_23() -> None:
    view = {"name": "v", "type": "view", "schema": [], "options": {"query": "select 1 as id"}}
    assert G23.collections.body(view) == {
        "name": "v",
        "type": "view",
        "fields": [],
        "viewQuery": "select 1 as id",
    }
    both = {"viewQuery": "new", "options": {"query": "old", "onlyVerified": False}}
    assert G23.collections.body(both, create=False) == {"viewQuery": "new", "authRule": ""}


# -- the model ---------------------------------------------------------------------------------

REPLY_23: dict[str, Any] = {
    "id": "pbc_1",
    "listRule": "",
    "viewRule": None,
    "createRule": None,
    "updateRule": None,
    "deleteRule": None,
    "name": "members",
    "type": "auth",
    "fields": MODERN_AUTH["fields"],
    "indexes": MODERN_AUTH["indexes"],
    "created": "2024-01-01 00:00:00.000Z",
    "updated": "2024-01-01 00:00:00.000Z",
    "system": False,
    "authRule": "",
    "manageRule": None,
    "passwordAuth": {"enabled": True, "identityFields": ["email"]},
    "oauth2": {
        "enabled": False,
        "providers": [{"name": "gitlab", "clientId": "cid", "clientSecret": "SECRET-XYZ"}],
    },
    "mfa": {"enabled": False, "duration": 600, "rule": ""},
    "otp": {"enabled": False, "duration": 180, "length": 8},
    "authToken": {"duration": 432000},
    "verificationTemplate": {"subject": "Verify", "body": "<p>long</p>"},
}

REPLY_22: dict[str, Any] = {
    "id": "abc",
    "created": "2024-01-01 00:00:00.000Z",
    "updated": "2024-01-01 00:00:00.000Z",
    "name": "v",
    "type": "view",
    "system": False,
    "schema": [
        {
            "system": False,
            "id": "f1",
            "name": "title",
            "type": "text",
            "required": False,
            "presentable": True,
            "unique": False,
            "options": {"min": None, "max": None, "pattern": ""},
        }
    ],
    "indexes": [],
    "listRule": "",
    "viewRule": None,
    "createRule": None,
    "updateRule": None,
    "deleteRule": None,
    "options": {"query": "select id, title from posts", "manageRule": "id != ''"},
}


def test_attributes_on_every_generation() -> None:
    modern = Collection.model_validate(REPLY_23)
    assert (modern.type, modern.indexes, modern.list_rule, modern.view_rule) == (
        "auth",
        MODERN_AUTH["indexes"],
        "",
        None,
    )
    assert modern.fields is modern.schema
    assert [f.name for f in modern.fields][:2] == ["id", "password"]
    assert (modern.auth_rule, modern.manage_rule, modern.view_query) == ("", None, "")
    assert modern.password_auth == {"enabled": True, "identityFields": ["email"]}
    assert modern.mfa["duration"] == 600 and modern.auth_token == {"duration": 432000}
    assert modern.model_extra == {}

    old = Collection.model_validate(REPLY_22)
    assert (old.type, old.indexes, old.list_rule) == ("view", [], "")
    # what 0.8-0.22 keep in `options` is read under the 0.23+ name too
    assert (old.view_query, old.manage_rule) == ("select id, title from posts", "id != ''")
    assert old.model_extra == {"options": REPLY_22["options"]}
    assert [f.name for f in old.fields] == ["title"]

    seed = Collection.model_validate({"id": "c", "name": "posts", "schema": []})
    assert (seed.type, seed.indexes, seed.view_query, seed.auth_rule) == ("base", [], "", None)
    assert seed.password_auth == {} and seed.oauth2 == {}


def test_export_stays_the_seed_shape() -> None:
    for reply in (REPLY_23, REPLY_22):
        exported = Collection.model_validate(reply).export()
        assert list(exported) == [
            "id",
            "created",
            "updated",
            "name",
            "system",
            "listRule",
            "viewRule",
            "createRule",
            "updateRule",
            "deleteRule",
            "schema",
        ]


def test_construction_by_attribute_names_and_fields_setter() -> None:
    collection = Collection(
        name="x",
        type="view",
        view_query="select 1",
        fields=[SchemaField(name="a")],
        list_rule="",
        manage_rule="id != ''",
    )
    assert (collection.type, collection.view_query, collection.list_rule) == (
        "view",
        "select 1",
        "",
    )
    assert [f.name for f in collection.schema] == ["a"]
    collection.fields = [SchemaField(name="b")]
    assert [f.name for f in collection.schema] == ["b"]
    same = Collection.model_validate({"viewQuery": "q", "authRule": "", "passwordAuth": {}})
    assert (same.view_query, same.auth_rule) == ("q", "")


def test_repr_hides_auth_settings() -> None:
    text = repr(Collection.model_validate(REPLY_23))
    assert "SECRET-XYZ" not in text and "clientId" not in text and "long" not in text
    assert "type='auth'" in text and "indexes=" in text


def test_model_bodies_keep_newer_attributes_and_shape() -> None:
    modern = Collection.model_validate(REPLY_23)
    on_23 = G23.collections.body(modern, create=False)
    # read as `fields`, sent as `fields`: no created/updated added on 0.23+
    assert [f["name"] for f in on_23["fields"]] == [f["name"] for f in MODERN_AUTH["fields"]]
    assert on_23["fields"][1] == {
        "id": "",
        "name": "password",
        "type": "password",
        "system": True,
        "required": False,
        "hidden": True,
        "min": 10,
    }
    for key in ("type", "indexes", "authRule", "passwordAuth", "oauth2", "mfa", "otp"):
        assert on_23[key] == REPLY_23[key]
    assert "viewQuery" not in on_23  # never given: not sent
    # the same model on 0.8-0.22: built-ins dropped, settings nested
    on_08 = G08.collections.body(modern, create=False)
    assert on_08["schema"] == [
        {
            "system": False,
            "name": "nick",
            "type": "text",
            "required": False,
            "unique": False,
            "options": {},
        }
    ]
    assert on_08["options"] == {
        "minPasswordLength": 10,
        "requireEmail": False,
        "exceptEmailDomains": None,
        "onlyEmailDomains": ["example.com"],
        "onlyVerified": False,
        "manageRule": None,
        "allowEmailAuth": True,
        "allowUsernameAuth": False,
        "allowOAuth2Auth": False,
    }

    old = Collection.model_validate(REPLY_22)
    on_08_again = G08.collections.body(old, create=False)
    # a 0.8-0.22 round trip: the same schema (field keys such as `presentable` kept)
    assert on_08_again["schema"] == REPLY_22["schema"]
    assert on_08_again["options"] == REPLY_22["options"]
    assert on_08_again["type"] == "view"
    on_23_again = G23.collections.body(old, create=False)
    assert on_23_again["viewQuery"] == "select id, title from posts"
    assert on_23_again["manageRule"] == "id != ''"
    assert "options" not in on_23_again
    assert on_23_again["fields"] == [
        {
            "system": False,
            "id": "f1",
            "name": "title",
            "type": "text",
            "required": False,
            "presentable": True,
            "min": None,
            "max": None,
            "pattern": "",
        }
    ]


def test_seed_models_send_the_seed_body() -> None:
    seed = Collection(id="c1", name="posts", schema=[SchemaField(id="f1", name="t")])
    body = G07.collections.body(seed)
    assert body == seed.export()
    assert list(body) == list(seed.export())


# -- the routes only newer servers have -------------------------------------------------------


def test_new_routes() -> None:
    routes = G23.collections
    truncate = routes.truncate("my posts/ä")
    assert (truncate.method, truncate.path, truncate.body) == (
        "DELETE",
        "/api/collections/my%20posts%2F%C3%A4/truncate",
        None,
    )
    assert (routes.scaffolds().method, routes.scaffolds().path) == (
        "GET",
        "/api/collections/meta/scaffolds",
    )
    providers = routes.oauth2_providers()
    assert (providers.method, providers.path) == ("GET", "/api/collections/meta/oauth2-providers")
    dry = routes.dry_run_view("select 1")
    assert (dry.method, dry.path, dry.body) == (
        "POST",
        "/api/collections/meta/dry-run-view",
        {"query": "select 1"},
    )


def test_unlimited_relations_constant() -> None:
    # 0.23+ has no "no limit": the round trip 0.8-0.22 -> 0.23+ -> 0.8-0.22 keeps null
    there = G23.collections.body(
        {"schema": [{"name": "r", "type": "relation", "options": {"maxSelect": None}}]},
        create=False,
    )
    assert there["fields"][0]["maxSelect"] == UNLIMITED_RELATIONS
    back = G08.collections.body({"fields": there["fields"]}, create=False)
    assert back["schema"][0]["options"]["maxSelect"] is None
