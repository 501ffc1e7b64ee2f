"""Tests for ``pocketbase.models`` (sans I/O)."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import datetime, timezone
from typing import Any

import pydantic
import pytest

from pocketbase import models
from pocketbase.models import (
    Admin,
    AdminAuthResponse,
    AuthMethodsList,
    AuthProviderInfo,
    BaseModel,
    Collection,
    ErrorResponse,
    ExternalAuth,
    FieldError,
    ListResult,
    LogRequest,
    LogRequestStat,
    Record,
    RecordSubscription,
    SchemaField,
    User,
    UserAuthResponse,
    format_date,
    parse_date,
)

UTC = timezone.utc


def compact(value: Any) -> str:
    """JSON as the JS SDK writes it (used byte-for-byte in the pb_auth cookie)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def with_default_expand(value: Any) -> Any:
    """Add ``"@expand": {}`` to every record dict that lacks it.

    A 0.7 server sends ``@expand`` only when something was expanded, but the seed ``Record``
    always has it (default ``{}``), and so does ``Record.export()``. The round-trip tests compare
    the export with the server JSON after this normalisation.
    """
    if isinstance(value, list):
        return [with_default_expand(item) for item in value]
    if isinstance(value, dict):
        out = {key: with_default_expand(item) for key, item in value.items()}
        if "@collectionId" in out and "@expand" not in out:
            out["@expand"] = {}
        return out
    return value


# --- fixtures --------------------------------------------------------

USER_07 = (
    '{"id":"4d0197cc-2b4a-3f83-a26b-d77bc8423d3c","created":"2022-05-01 01:10:00.000",'
    '"updated":"2022-05-02 01:10:00.000","email":"test@example.com","lastResetSentAt":"",'
    '"verified":true,"lastVerificationSentAt":"2022-05-01 01:11:00.000",'
    '"profile":{"@collectionId":"abe78266-fd4d-4aea-962d-8c0138ac522b","@collectionName":"profiles",'
    '"active":false,"avatar":"","created":"2022-05-17 18:27:51.363",'
    '"id":"d13f60a4-5765-48c7-9e1d-3e782340f833","name":"test",'
    '"rel":["b2d5e39d-f569-4cc1-b593-3f074ad026bf"],"updated":"2022-07-20 17:42:49.243",'
    '"userId":"4d0197cc-2b4a-3f83-a26b-d77bc8423d3c"}}'
)

ADMIN_07 = (
    '{"id":"2b4a97cc-3f83-4d01-a26b-3d77bc842d3c","created":"2022-04-28 07:53:26.000",'
    '"updated":"2022-04-28 07:53:26.000","email":"test@example.com","lastResetSentAt":"","avatar":0}'
)

DEMO_848 = (
    '{"@collectionId":"3f2888f8-075d-49fe-9d09-ea7e951000dc","@collectionName":"demo",'
    '"created":"2022-05-17 16:56:07.668","file":"8fe61d65-6a2e-4f11-87b3-d8a3170bfd4f.txt",'
    '"id":"848a1dea-5ddd-42d6-a00d-030547bffcfe","title":"test1","updated":"2022-05-17 16:56:07.668"}'
)
DEMO_577 = (
    '{"@collectionId":"3f2888f8-075d-49fe-9d09-ea7e951000dc","@collectionName":"demo",'
    '"created":"2022-05-17 16:57:07.668","file":"4881bdef-06b4-4dea-8d97-6125ad242677.png",'
    '"id":"577bd676-aacb-4072-b7da-99d00ee210a4","title":"test2","updated":"2022-05-17 16:57:07.668"}'
)

# F26: GET /api/collections/demo2/records?expand=manyrels,onerel&perPage=2&sort=created
F26_LIST = (
    '{"page":1,"perPage":2,"totalItems":2,"totalPages":1,"items":['
    '{"@collectionId":"2c1010aa-b8fe-41d9-a980-99534ca8a167","@collectionName":"demo2",'
    '"@expand":{"manyrels":[],"onerel":' + DEMO_848 + "},"
    '"bool":false,"cascaderel":"577bd676-aacb-4072-b7da-99d00ee210a4",'
    '"created":"2022-05-17 16:55:07.668","datetime":"","email":"","file":"",'
    '"id":"94568ca2-0bee-49d7-b749-06cb97956fd9","json":[1,2,3],"manyrels":[],"number":123,'
    '"onerel":"848a1dea-5ddd-42d6-a00d-030547bffcfe","select":["a","b"],"selfrel":"","text":"test1",'
    '"updated":"2022-07-19 09:55:45.278","url":"","user":"97cc3d3d-6ba2-383f-b42a-7bc84d27410c"},'
    '{"@collectionId":"2c1010aa-b8fe-41d9-a980-99534ca8a167","@collectionName":"demo2",'
    '"@expand":{"manyrels":[' + DEMO_848 + "," + DEMO_577 + '],"onerel":' + DEMO_848 + "},"
    '"bool":true,"cascaderel":"577bd676-aacb-4072-b7da-99d00ee210a4",'
    '"created":"2022-05-17 16:56:07.668","datetime":"","email":"test2@example.com","file":"",'
    '"id":"63c2ab80-84ab-4057-a592-4604a731f78f","json":null,'
    '"manyrels":["848a1dea-5ddd-42d6-a00d-030547bffcfe","577bd676-aacb-4072-b7da-99d00ee210a4"],'
    '"number":456,"onerel":"848a1dea-5ddd-42d6-a00d-030547bffcfe","select":[],"selfrel":"",'
    '"text":"test2","updated":"2022-07-19 09:56:45.278","url":"","user":""}]}'
)

COLLECTION_07 = (
    '{"id":"3f2888f8-075d-49fe-9d09-ea7e951000dc","created":"2022-05-17 16:50:00.000",'
    '"updated":"2022-05-17 16:51:00.000","name":"new","system":false,'
    '"schema":[{"system":false,"id":"12345789","name":"test","type":"text","required":false,'
    '"unique":false,"options":{"min":null,"max":null,"pattern":""}}],'
    '"listRule":null,"viewRule":"","createRule":"@request.user.id != \\"\\"","updateRule":null,'
    '"deleteRule":null}'
)

LOG_07 = (
    '{"id":"873f2133-9f38-44fb-bf82-c8f53b310d91","created":"2022-05-01 10:00:00.123",'
    '"updated":"2022-05-01 10:00:00.123","url":"/test1","method":"get","status":200,"auth":"guest",'
    '"userIp":"127.0.0.1","remoteIp":"127.0.0.1","referer":"","userAgent":"curl",'
    '"meta":{"errorMessage":"","errorDetails":""}}'
)

TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6InUxIn0.c2lnbmF0dXJlLXNlY3JldA"


# --- exports -----------------------------------------------------------------------------------


def test_all_exports() -> None:
    seed = [
        "BaseModel",
        "Record",
        "User",
        "Admin",
        "Collection",
        "SchemaField",
        "LogRequest",
        "LogRequestStat",
        "ExternalAuth",
        "ListResult",
        "AuthMethodsList",
        "AuthProviderInfo",
        "UserAuthResponse",
        "AdminAuthResponse",
        "RecordSubscription",
        "ErrorResponse",
        "FieldError",
        "GeoPoint",
        "RecordExpand",
        "DateField",
        "Field",
        "JsonValue",
    ]
    # the seed's names first; the modern surface's models follow them
    assert models.__all__[: len(seed)] == seed
    for name in models.__all__:
        if name not in ("DateField", "Field", "JsonValue"):
            assert issubclass(getattr(models, name), pydantic.BaseModel)
    # re-exported from pydantic for record classes (the modules pocketbase-typegen writes)
    assert models.Field is pydantic.Field
    assert models.JsonValue is pydantic.JsonValue
    assert issubclass(Record, BaseModel)
    assert not issubclass(SchemaField, BaseModel)


def test_user_export_default_shape_is_byte_exact() -> None:
    assert compact(User(id="1").export()) == (
        '{"id":"1","created":"","updated":"","email":"","verified":false,"lastResetSentAt":"",'
        '"lastVerificationSentAt":"","profile":null}'
    )


def test_user_export_with_profile_matches_the_js_cookie_model() -> None:
    # a reference cookie case (its model part, URL-decoded).
    user = User.model_validate(
        {
            "id": "1",
            "verified": True,
            "lastResetSentAt": "2022-01-01 00:00:00.000",
            "lastVerificationSentAt": "2022-01-01 00:00:00.000",
            "profile": {"name": "test"},
        }
    )
    assert compact(user.export()) == (
        '{"id":"1","created":"","updated":"","email":"","verified":true,'
        '"lastResetSentAt":"2022-01-01 00:00:00.000",'
        '"lastVerificationSentAt":"2022-01-01 00:00:00.000",'
        '"profile":{"id":"","created":"","updated":"","name":"test","@collectionId":"",'
        '"@collectionName":"","@expand":{}}}'
    )
    assert isinstance(user.profile, Record)
    assert user.profile.name == "test"


def test_record_export_defaults() -> None:
    assert compact(Record().export()) == (
        '{"id":"","created":"","updated":"","@collectionId":"","@collectionName":"","@expand":{}}'
    )
    assert Record(name="test").export() == {
        "id": "",
        "created": "",
        "updated": "",
        "name": "test",
        "@collectionId": "",
        "@collectionName": "",
        "@expand": {},
    }
    assert list(Record(name="test").export()) == [
        "id",
        "created",
        "updated",
        "name",
        "@collectionId",
        "@collectionName",
        "@expand",
    ]


def test_admin_export_order_and_round_trip() -> None:
    admin = Admin.model_validate_json(ADMIN_07)
    assert admin.export() == json.loads(ADMIN_07)
    assert list(admin.export()) == [
        "id",
        "created",
        "updated",
        "avatar",
        "email",
        "lastResetSentAt",
    ]
    assert admin.id == "2b4a97cc-3f83-4d01-a26b-3d77bc842d3c"
    assert admin.created == datetime(2022, 4, 28, 7, 53, 26, tzinfo=UTC)
    assert admin.last_reset_sent_at is None
    assert compact(Admin(id="a").export()) == (
        '{"id":"a","created":"","updated":"","avatar":0,"email":"","lastResetSentAt":""}'
    )


# --- round trips of the 0.7 fixtures -------------------------------------------------------------


def test_user_with_profile_round_trip() -> None:
    user = User.model_validate_json(USER_07)
    assert user.export() == with_default_expand(json.loads(USER_07))
    assert user.email == "test@example.com"
    assert user.verified is True
    assert user.last_reset_sent_at is None
    assert user.last_verification_sent_at == datetime(2022, 5, 1, 1, 11, tzinfo=UTC)
    assert user.profile is not None
    assert user.profile.collection_id == "abe78266-fd4d-4aea-962d-8c0138ac522b"
    assert user.profile.collection_name == "profiles"
    assert user.profile.rel == ["b2d5e39d-f569-4cc1-b593-3f074ad026bf"]
    assert user.profile.active is False
    # The JS SDK 0.7.4 key order for the same model (what the pb_auth cookie holds): the
    # profile's meta keys come first because the 0.7 server sorts keys, @expand is appended.
    assert list(user.export()) == [
        "id",
        "created",
        "updated",
        "email",
        "verified",
        "lastResetSentAt",
        "lastVerificationSentAt",
        "profile",
    ]
    assert list(user.export()["profile"]) == [
        "id",
        "created",
        "updated",
        "@collectionId",
        "@collectionName",
        "active",
        "avatar",
        "name",
        "rel",
        "userId",
        "@expand",
    ]


def test_user_export_survives_a_second_round_trip() -> None:
    # Reading back our own (or the JS SDK's) cookie model gives the same bytes.
    first = compact(User.model_validate_json(USER_07).export())
    assert compact(User.model_validate_json(first).export()) == first


def test_records_with_expand_round_trip() -> None:
    result = ListResult[Record].model_validate_json(F26_LIST)
    raw = json.loads(F26_LIST)
    assert [record.export() for record in result.items] == with_default_expand(raw["items"])

    first, second = result.items
    # ``record.json`` is pydantic's (deprecated) method: use item access for such names.
    assert first["json"] == [1, 2, 3]
    assert first.expand["manyrels"] == []
    onerel = first.expand["onerel"]
    assert isinstance(onerel, Record)
    assert onerel.id == "848a1dea-5ddd-42d6-a00d-030547bffcfe"
    assert onerel.collection_name == "demo"
    assert onerel.title == "test1"

    many = second.expand["manyrels"]
    assert isinstance(many, list)
    assert [type(r) for r in many] == [Record, Record]
    assert [r.title for r in many] == ["test1", "test2"]
    assert second.number == 456
    assert second.select == []
    assert second.user == ""
    assert second.bool is True
    assert second.created == datetime(2022, 5, 17, 16, 56, 7, 668000, tzinfo=UTC)

    # The key order the JS SDK 0.7.4 gives for the same record.
    assert list(second.export()) == [
        "id",
        "created",
        "updated",
        "@collectionId",
        "@collectionName",
        "@expand",
        "bool",
        "cascaderel",
        "datetime",
        "email",
        "file",
        "json",
        "manyrels",
        "number",
        "onerel",
        "select",
        "selfrel",
        "text",
        "url",
        "user",
    ]


def test_record_json_round_trip_without_expand() -> None:
    record = Record.model_validate_json(DEMO_848)
    assert record.export() == {**json.loads(DEMO_848), "@expand": {}}


def test_collection_round_trip() -> None:
    collection = Collection.model_validate_json(COLLECTION_07)
    assert collection.export() == json.loads(COLLECTION_07)
    assert list(collection.export()) == [
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
    assert list(collection.export()["schema"][0]) == [
        "id",
        "name",
        "type",
        "system",
        "required",
        "unique",
        "options",
    ]
    assert collection.list_rule is None
    assert collection.view_rule == ""
    assert collection.create_rule == '@request.user.id != ""'
    assert collection.schema == [
        SchemaField(id="12345789", name="test", options={"min": None, "max": None, "pattern": ""})
    ]


def test_log_request_round_trip() -> None:
    log = LogRequest.model_validate_json(LOG_07)
    assert log.export() == json.loads(LOG_07)
    assert list(log.export()) == [
        "id",
        "created",
        "updated",
        "url",
        "method",
        "status",
        "auth",
        "remoteIp",
        "userIp",
        "referer",
        "userAgent",
        "meta",
    ]
    assert log.remote_ip == "127.0.0.1"
    assert log.user_agent == "curl"


def test_external_auth_round_trip() -> None:
    raw = (
        '{"id":"abcdefghijklmn0","created":"2022-09-01 10:24:18.434","updated":'
        '"2022-09-01 10:24:18.889","userId":"cx9u0dh2udo8xol","provider":"google","providerId":"id1"}'
    )
    external = ExternalAuth.model_validate_json(raw)
    assert external.export() == json.loads(raw)
    assert list(external.export()) == [
        "id",
        "created",
        "updated",
        "userId",
        "provider",
        "providerId",
    ]
    assert (external.user_id, external.provider, external.provider_id) == (
        "cx9u0dh2udo8xol",
        "google",
        "id1",
    )


# --- newer server generations --------------------------------------------------------------------


def test_record_modern_keys_and_z_dates() -> None:
    raw = (
        '{"attachment":"red_MRoFXaXWNz.png","author":"5kpu30s0dkiemq6",'
        '"collectionId":"yy8lmglgu5jgwij","collectionName":"posts","count":5,'
        '"created":"2026-11-27 08:53:07.156Z","expand":{"author":{"collectionId":"_pb_users_auth_",'
        '"collectionName":"users","id":"5kpu30s0dkiemq6","name":"Ann","created":"",'
        '"updated":""}},"id":"aelauctanbpp5ic","title":"Hello","updated":"2026-11-27 08:53:07.156Z"}'
    )
    record = Record.model_validate_json(raw)
    assert record.collection_id == "yy8lmglgu5jgwij"
    assert record.collection_name == "posts"
    assert record.created == datetime(2026, 11, 27, 8, 53, 7, 156000, tzinfo=UTC)
    author = record.expand["author"]
    assert isinstance(author, Record)
    assert author.name == "Ann"
    assert author.created is None
    assert "collectionId" not in (record.model_extra or {})
    assert record.export() == {
        "id": "aelauctanbpp5ic",
        "created": "2026-11-27 08:53:07.156Z",
        "updated": "2026-11-27 08:53:07.156Z",
        "@collectionId": "yy8lmglgu5jgwij",
        "@collectionName": "posts",
        "@expand": {
            "author": {
                "id": "5kpu30s0dkiemq6",
                "created": "",
                "updated": "",
                "@collectionId": "_pb_users_auth_",
                "@collectionName": "users",
                "name": "Ann",
                "@expand": {},
            }
        },
        "attachment": "red_MRoFXaXWNz.png",
        "author": "5kpu30s0dkiemq6",
        "count": 5,
        "title": "Hello",
    }
    dumped = record.model_dump(by_alias=True)
    assert dumped["collectionId"] == "yy8lmglgu5jgwij"
    assert dumped["collectionName"] == "posts"
    assert dumped["title"] == "Hello"
    assert json.loads(record.model_dump_json(by_alias=True))["created"] == (
        "2026-11-27 08:53:07.156Z"
    )


def test_record_accepts_snake_names() -> None:
    record = Record(collection_id="c1", collection_name="posts", expand={"a": {"id": "x"}})
    assert record.collection_id == "c1"
    assert record.collection_name == "posts"
    assert isinstance(record.expand["a"], Record)
    assert record.export()["@collectionId"] == "c1"


def test_record_subclass_with_typed_fields() -> None:
    class Post(Record):
        title: str = ""
        views: int = 0

    old = Post.model_validate({"@collectionId": "c", "@collectionName": "posts", "title": "a"})
    new = Post.model_validate_json('{"collectionId":"c","collectionName":"posts","title":"a"}')
    for post in (old, new):
        assert post.collection_id == "c"
        assert post.collection_name == "posts"
        assert post.title == "a"
        assert post["title"] == "a"
        assert post["collectionId"] == "c"
        assert post.views == 0
    assert new.export() == {
        "id": "",
        "created": "",
        "updated": "",
        "@collectionId": "c",
        "@collectionName": "posts",
        "title": "a",
        "views": 0,
        "@expand": {},
    }
    page = ListResult[Post].model_validate_json('{"page":1,"items":[{"id":"p1","title":"t"}]}')
    assert type(page.items[0]) is Post
    assert page.items[0].title == "t"


def test_collection_0_23_fields_with_inline_options() -> None:
    raw = {
        "id": "pbc_1125843985",
        "listRule": "",
        "viewRule": None,
        "createRule": "",
        "updateRule": None,
        "deleteRule": None,
        "name": "posts",
        "type": "base",
        "fields": [
            {
                "id": "text3208210256",
                "name": "id",
                "type": "text",
                "system": True,
                "hidden": False,
                "presentable": False,
                "required": True,
                "primaryKey": True,
                "pattern": "^[a-z0-9]+$",
            },
            {
                "id": "number1",
                "name": "count",
                "type": "number",
                "system": False,
                "onlyInt": False,
                "min": None,
                "max": None,
            },
        ],
        "indexes": [],
        "created": "2026-11-27 08:50:00.000Z",
        "updated": "2026-11-27 08:50:00.000Z",
        "system": False,
    }
    collection = Collection.model_validate(raw)
    assert [field.name for field in collection.schema] == ["id", "count"]
    assert collection.schema[0].required is True
    assert collection.schema[0].options == {
        "hidden": False,
        "presentable": False,
        "primaryKey": True,
        "pattern": "^[a-z0-9]+$",
    }
    assert collection.schema[1].options == {"onlyInt": False, "min": None, "max": None}
    # 0.8+/0.23+ keys are attributes now (no longer model_extra), and stay out of export()
    assert collection.model_extra == {}
    assert (collection.type, collection.indexes) == ("base", [])
    assert collection.fields is collection.schema
    assert "type" not in collection.export() and "indexes" not in collection.export()
    assert collection.export()["schema"][1] == {
        "id": "number1",
        "name": "count",
        "type": "number",
        "system": False,
        "required": False,
        "unique": False,
        "options": {"onlyInt": False, "min": None, "max": None},
    }
    assert collection.export()["created"] == "2026-11-27 08:50:00.000Z"


def test_collection_0_22_schema_keeps_extra_field_keys() -> None:
    collection = Collection.model_validate(
        {
            "name": "posts",
            "type": "base",
            "schema": [
                {
                    "system": False,
                    "id": "abcd1234",
                    "name": "title",
                    "type": "text",
                    "required": False,
                    "presentable": False,
                    "unique": False,
                    "options": {"min": None, "max": None, "pattern": ""},
                }
            ],
            "options": {},
        }
    )
    field = collection.schema[0]
    assert field.options == {"min": None, "max": None, "pattern": ""}
    assert field.model_extra == {"presentable": False}
    assert collection.type == "base"
    assert collection.model_extra == {"options": {}}


def test_user_and_admin_type_or_keep_newer_keys() -> None:
    user = User.model_validate_json(
        '{"avatar":"","collectionId":"_pb_users_auth_","collectionName":"users",'
        '"created":"2026-11-27 08:53:07.156Z","email":"a@example.com","emailVisibility":false,'
        '"id":"u1","name":"Ann","updated":"2026-11-27 08:53:07.156Z","username":"users1",'
        '"verified":true}'
    )
    assert user.email == "a@example.com"
    assert user.verified is True
    # the user fields of servers 0.8+ are typed attributes, left out of the seed's export
    assert (user.name, user.avatar, user.collection_id, user.collection_name) == (
        "Ann",
        "",
        "_pb_users_auth_",
        "users",
    )
    assert user.model_extra == {"emailVisibility": False, "username": "users1"}
    assert user.export() == {
        "id": "u1",
        "created": "2026-11-27 08:53:07.156Z",
        "updated": "2026-11-27 08:53:07.156Z",
        "email": "a@example.com",
        "verified": True,
        "lastResetSentAt": "",
        "lastVerificationSentAt": "",
        "profile": None,
    }
    admin = Admin.model_validate({"id": "a1", "avatar": 4, "emailVisibility": False})
    assert admin.avatar == 4
    assert admin.model_extra == {"emailVisibility": False}


def test_log_request_alternative_keys_and_defaults() -> None:
    assert LogRequest.model_validate({"ip": "10.0.0.1"}).remote_ip == "10.0.0.1"
    assert LogRequest.model_validate({"remoteIP": "10.0.0.2", "userIP": "10.0.0.3"}).user_ip == (
        "10.0.0.3"
    )
    assert LogRequest(id="x").export() == {
        "id": "x",
        "created": "",
        "updated": "",
        "url": "",
        "method": "GET",
        "status": 200,
        "auth": "guest",
        "remoteIp": "",
        "userIp": "",
        "referer": "",
        "userAgent": "",
        "meta": {},
    }
    lenient = LogRequest.model_validate(
        {"url": 1, "method": None, "status": "500", "auth": 0, "meta": "x", "userAgent": None}
    )
    assert (lenient.url, lenient.method, lenient.status, lenient.auth) == ("", "GET", 200, "guest")
    assert (lenient.meta, lenient.user_agent) == ({}, "")


def test_log_request_stat() -> None:
    stat = LogRequestStat.model_validate({"total": 123, "date": "2022-01-01 00:00:00"})
    assert stat.total == 123
    assert stat.date == datetime(2022, 1, 1, tzinfo=UTC)
    stats = pydantic.TypeAdapter(list[LogRequestStat]).validate_json(
        '[{"total":1,"date":"2026-11-27 08:00:00.000Z"},{"total":"x","date":""}]'
    )
    assert [(s.total, s.date) for s in stats] == [
        (1, datetime(2026, 11, 27, 8, tzinfo=UTC)),
        (0, None),
    ]


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "written"),
    [
        (
            "2022-05-01 12:00:00.000",
            datetime(2022, 5, 1, 12, tzinfo=UTC),
            "2022-05-01 12:00:00.000",
        ),
        (
            "2022-05-01 12:00:00.000Z",
            datetime(2022, 5, 1, 12, tzinfo=UTC),
            "2022-05-01 12:00:00.000Z",
        ),
        (
            "2022-10-01 10:24:06.123",
            datetime(2022, 10, 1, 10, 24, 6, 123000, tzinfo=UTC),
            "2022-10-01 10:24:06.123",
        ),
        (
            "2024-01-02T03:04:05Z",
            datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
            "2024-01-02 03:04:05.000Z",
        ),
        (
            "2024-01-02T03:04:05.123+02:00",
            datetime(2024, 1, 2, 1, 4, 5, 123000, tzinfo=UTC),
            "2024-01-02 01:04:05.123Z",
        ),
        (
            "2022-05-01T12:00:00.123456789Z",
            datetime(2022, 5, 1, 12, 0, 0, 123456, tzinfo=UTC),
            "2022-05-01 12:00:00.123Z",
        ),
        ("2022-01-01 00:00:00", datetime(2022, 1, 1, tzinfo=UTC), "2022-01-01 00:00:00.000"),
        ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC), "2024-01-02 00:00:00.000"),
    ],
)
def test_dates_parse_to_aware_utc_and_format_back(
    raw: str, expected: datetime, written: str
) -> None:
    record = Record.model_validate_json(json.dumps({"created": raw}))
    assert record.created == expected
    assert record.created is not None
    assert record.created.utcoffset() is not None
    assert not record.created.utcoffset()
    assert record.export()["created"] == written
    assert parse_date(raw) == expected
    assert format_date(parse_date(raw)) == written


@pytest.mark.parametrize("raw", ["", None])
def test_empty_dates_are_none(raw: str | None) -> None:
    user = User.model_validate({"created": raw, "lastResetSentAt": raw})
    assert user.created is None
    assert user.last_reset_sent_at is None
    assert user.export()["created"] == ""
    assert user.export()["lastResetSentAt"] == ""


def test_date_lenient_and_invalid_values() -> None:
    # The reference turns non-string dates into ''.
    assert User.model_validate({"lastResetSentAt": 5}).last_reset_sent_at is None
    with pytest.raises(pydantic.ValidationError):
        Record.model_validate({"created": "not a date"})


def test_python_datetimes_are_accepted() -> None:
    naive = Record(created=datetime(2022, 1, 2, 3, 4, 5, 678901))
    assert naive.created == datetime(2022, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert naive.export()["created"] == "2022-01-02 03:04:05.678"
    aware = Record(created=datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert aware.export()["created"] == "2022-01-02 03:04:05.000Z"
    assert format_date(None) == ""
    assert format_date(datetime(2022, 1, 2)) == "2022-01-02 00:00:00.000"


def test_date_format_flag_survives_copies() -> None:
    record = Record.model_validate_json('{"created":"2022-05-01 12:00:00.000"}')
    assert record.created is not None
    for copied in (
        record.clone().created,
        copy.deepcopy(record.created),
        pickle.loads(pickle.dumps(record.created)),
    ):
        assert format_date(copied) == "2022-05-01 12:00:00.000"
    assert repr(record.created) == (
        "datetime.datetime(2022, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)"
    )


# --- BaseModel behaviour -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [("", True), ("00000000-0000-0000-0000-000000000000", True), ("abc", False)],
)
def test_is_new(record_id: str, expected: bool) -> None:
    assert Record(id=record_id).is_new is expected
    assert User(id=record_id).is_new is expected


def test_non_string_ids_become_strings() -> None:
    assert Admin.model_validate({"id": 123}).id == "123"
    assert Admin.model_validate_json('{"id":123}').id == "123"
    assert Record.model_validate({"id": None}).id == ""
    assert Record.model_validate({"id": 1.0}).id == "1"
    with pytest.raises(pydantic.ValidationError):
        Record.model_validate({"id": {"a": 1}})


def test_clone_is_a_deep_copy_of_the_same_class() -> None:
    user = User.model_validate_json(USER_07)
    twin = user.clone()
    assert type(twin) is User
    assert twin == user
    assert twin is not user
    assert twin.profile is not None and user.profile is not None
    assert type(twin.profile) is Record
    twin.profile.rel.append("other")
    assert user.profile.rel == ["b2d5e39d-f569-4cc1-b593-3f074ad026bf"]

    record = ListResult[Record].model_validate_json(F26_LIST).items[1]
    record_twin = record.clone()
    assert record_twin.export() == record.export()
    many = record_twin.expand["manyrels"]
    assert isinstance(many, list)
    many.pop()
    assert len(record.expand["manyrels"]) == 2


def test_record_key_access() -> None:
    record = Record.model_validate(
        {"id": "r1", "@collectionId": "c1", "collectionName": "posts", "title": "Hi", "n": None}
    )
    assert record.title == "Hi"
    assert record["title"] == "Hi"
    assert record["id"] == "r1"
    assert record["@collectionId"] == "c1"
    assert record["collectionId"] == "c1"
    assert record["collection_id"] == "c1"
    assert record["@collectionName"] == "posts"
    assert record["expand"] == {}
    assert record["n"] is None
    assert "title" in record
    assert "n" in record
    assert "expand" in record
    assert "missing" not in record
    assert 1 not in record
    assert record.get("title") == "Hi"
    assert record.get("missing") is None
    assert record.get("missing", 5) == 5
    with pytest.raises(KeyError):
        record["missing"]
    with pytest.raises(AttributeError):
        _ = record.missing
    record.title = "Changed"
    assert record["title"] == "Changed"
    assert record.export()["title"] == "Changed"


def test_model_dump_by_alias_is_camel_case() -> None:
    user = User.model_validate_json(USER_07)
    dumped = user.model_dump(by_alias=True)
    assert list(dumped) == [
        "id",
        "created",
        "updated",
        "email",
        "verified",
        "lastResetSentAt",
        "lastVerificationSentAt",
        "profile",
        "name",
        "avatar",
        "collectionId",
        "collectionName",
    ]
    assert dumped["lastVerificationSentAt"] == datetime(2022, 5, 1, 1, 11, tzinfo=UTC)
    as_json = json.loads(user.model_dump_json(by_alias=True))
    assert as_json["lastVerificationSentAt"] == "2022-05-01 01:11:00.000"
    assert as_json["lastResetSentAt"] is None
    assert as_json["profile"]["collectionId"] == "abe78266-fd4d-4aea-962d-8c0138ac522b"
    assert Collection(list_rule="").model_dump(by_alias=True)["listRule"] == ""
    assert LogRequest(remote_ip="1.1.1.1").model_dump(by_alias=True)["remoteIp"] == "1.1.1.1"


def test_snake_names_are_accepted_on_input() -> None:
    user = User.model_validate(
        {"last_reset_sent_at": "2022-01-01 00:00:00.000", "last_verification_sent_at": ""}
    )
    assert user.last_reset_sent_at == datetime(2022, 1, 1, tzinfo=UTC)
    assert Collection.model_validate({"list_rule": "", "delete_rule": None}).list_rule == ""
    assert ExternalAuth(user_id="u", provider_id="p").export()["userId"] == "u"


def test_lenient_normalisation_like_the_reference() -> None:
    user = User.model_validate({"email": 5, "verified": 1, "profile": ""})
    assert (user.email, user.verified, user.profile) == ("", True, None)
    assert User.model_validate({"verified": "false"}).verified is True  # JS truthiness
    assert User.model_validate({"verified": 0}).verified is False
    assert User.model_validate({"profile": {}}).profile == Record()
    admin = Admin.model_validate({"avatar": "3", "email": None, "lastResetSentAt": 1})
    assert (admin.avatar, admin.email, admin.last_reset_sent_at) == (0, "", None)
    assert Admin.model_validate({"avatar": 2.0}).avatar == 2
    collection = Collection.model_validate(
        {"name": 1, "system": "yes", "schema": {"x": 1}, "listRule": 3, "viewRule": ""}
    )
    assert (collection.name, collection.system, collection.schema) == ("", True, [])
    assert (collection.list_rule, collection.view_rule) == (None, "")
    field = SchemaField.model_validate({"options": None, "type": None, "unique": "x"})
    assert (field.options, field.type, field.unique) == ({}, "text", True)
    record = Record.model_validate({"@collectionId": None, "@expand": None})
    assert (record.collection_id, record.expand) == ("", {})


# --- lists, auth replies, realtime, errors ------------------------------------------------------


def test_list_result_generic() -> None:
    raw = '{"page":2,"perPage":1,"totalItems":3,"totalPages":3,"items":[{"id":"item3"}]}'
    result = ListResult[Record].model_validate_json(raw)
    assert (result.page, result.per_page, result.total_items, result.total_pages) == (2, 1, 3, 3)
    assert result.items == [Record(id="item3")]
    adapter = pydantic.TypeAdapter(ListResult[Admin])
    admins = adapter.validate_json(raw)
    assert type(admins.items[0]) is Admin
    logs = ListResult[LogRequest].model_validate({"items": [{"id": "test123"}]})
    assert logs.items == [LogRequest(id="test123")]
    assert logs.model_dump(by_alias=True)["perPage"] == 0


def test_list_result_normalises_counts() -> None:
    skip_total = ListResult[Record].model_validate_json(
        '{"page":0,"perPage":30,"totalItems":-1,"totalPages":-1,"items":null}'
    )
    assert (skip_total.page, skip_total.per_page) == (1, 30)
    # -1 is the server's "not counted" (skipTotal), kept as the JS SDK 0.28.1 keeps it
    assert (skip_total.total_items, skip_total.total_pages, skip_total.items) == (-1, -1, [])
    below = ListResult[Record].model_validate({"totalItems": -2, "totalPages": -5.0})
    assert (below.total_items, below.total_pages) == (0, 0)
    odd = ListResult[Record].model_validate({"page": "2", "perPage": None, "totalItems": 4.0})
    assert (odd.page, odd.per_page, odd.total_items, odd.total_pages) == (1, 0, 4, 0)
    with pytest.raises(pydantic.ValidationError):
        ListResult[Record].model_validate({"items": [1]})


def test_user_auth_response_user_or_record() -> None:
    reply = UserAuthResponse.model_validate_json(
        '{"token":"' + TOKEN + '","user":' + USER_07 + ',"meta":{"id":"x","accessToken":"AT"}}'
    )
    assert reply.token == TOKEN
    assert reply.user.id == "4d0197cc-2b4a-3f83-a26b-d77bc8423d3c"
    assert reply.meta == {"id": "x", "accessToken": "AT"}
    modern = UserAuthResponse.model_validate({"record": {"id": "r1"}, "token": TOKEN})
    assert modern.user.id == "r1"
    assert modern.meta == {}
    empty = UserAuthResponse.model_validate({})
    assert (empty.token, empty.user, empty.meta) == ("", User(), {})
    assert "user" not in empty.model_fields_set
    assert UserAuthResponse.model_validate({"token": None, "user": None}).user == User()


def test_admin_auth_response_admin_or_record() -> None:
    reply = AdminAuthResponse.model_validate({"token": TOKEN, "admin": {"id": "id_authorize"}})
    assert (reply.token, reply.admin) == (TOKEN, Admin(id="id_authorize"))
    modern = AdminAuthResponse.model_validate_json('{"record":{"id":"s1"},"token":"t"}')
    assert modern.admin.id == "s1"
    assert AdminAuthResponse().admin == Admin()


def test_auth_methods_list() -> None:
    methods = AuthMethodsList.model_validate_json(
        '{"emailPassword":true,"authProviders":[{"name":"gitlab","state":"S123",'
        '"codeVerifier":"V123","codeChallenge":"C123","codeChallengeMethod":"S256",'
        '"authUrl":"https://gitlab.com/oauth/authorize?state=S123&redirect_uri="}]}'
    )
    assert methods.email_password is True
    provider = methods.auth_providers[0]
    assert provider == AuthProviderInfo(
        name="gitlab",
        state="S123",
        code_verifier="V123",
        code_challenge="C123",
        code_challenge_method="S256",
        auth_url="https://gitlab.com/oauth/authorize?state=S123&redirect_uri=",
    )
    assert provider.model_dump(by_alias=True) == {
        "name": "gitlab",
        "state": "S123",
        "codeVerifier": "V123",
        "codeChallenge": "C123",
        "codeChallengeMethod": "S256",
        "authUrl": "https://gitlab.com/oauth/authorize?state=S123&redirect_uri=",
    }
    modern = AuthMethodsList.model_validate(
        {
            "password": {"identityFields": ["email"], "enabled": True},
            "authProviders": [{"name": "github", "authURL": "https://x", "displayName": "GitHub"}],
            "emailPassword": True,
            "usernamePassword": False,
        }
    )
    assert modern.auth_providers[0].auth_url == "https://x"
    assert modern.auth_providers[0].model_extra == {"displayName": "GitHub"}
    assert modern.model_extra == {
        "password": {"identityFields": ["email"], "enabled": True},
        "usernamePassword": False,
    }
    assert AuthMethodsList.model_validate({"authProviders": None}).auth_providers == []
    assert AuthMethodsList.model_validate({"emailPassword": None}).email_password is False


def test_record_subscription() -> None:
    old = RecordSubscription.model_validate_json(
        '{"action":"create","record":{"@collectionId":"c","@collectionName":"posts","id":"r1",'
        '"title":"rt"}}'
    )
    assert old.action == "create"
    assert type(old.record) is Record
    assert (old.record.collection_name, old.record.title) == ("posts", "rt")
    new = RecordSubscription.model_validate_json(
        '{"record":{"collectionId":"c","collectionName":"posts","count":42,'
        '"created":"2026-11-27 08:53:22.974Z","id":"a3k1id1g01ibfa0"},"action":"update"}'
    )
    assert (new.action, new.record.count, new.record.collection_id) == ("update", 42, "c")


def test_error_response_code_or_status() -> None:
    old = ErrorResponse.model_validate_json(
        '{"code":400,"message":"Failed to create a new collection.","data":{"name":{"code":'
        '"validation_collection_name_exists","message":"Collection name must be unique."},'
        '"schema":{"0":{"name":{"code":"validation_required","message":"Cannot be blank."}}}}}'
    )
    assert old.code == 400
    assert old.message == "Failed to create a new collection."
    assert old.data["name"] == FieldError(
        code="validation_collection_name_exists", message="Collection name must be unique."
    )
    nested = old.data["schema"]
    assert (nested.code, nested.message) == ("", "")
    assert nested.model_extra == {
        "0": {"name": {"code": "validation_required", "message": "Cannot be blank."}}
    }
    new = ErrorResponse.model_validate_json(
        '{"data":{"provider":{"code":"validation_invalid_provider","message":"Provider missing.",'
        '"params":{"name":"google"}}},"message":"Failed to authenticate.","status":400}'
    )
    assert (new.code, new.message) == (400, "Failed to authenticate.")
    assert new.data["provider"].code == "validation_invalid_provider"
    assert new.data["provider"].model_extra == {"params": {"name": "google"}}
    assert ErrorResponse.model_validate({}) == ErrorResponse(code=0, message="", data={})
    odd = ErrorResponse.model_validate({"code": "x", "message": None, "data": None})
    assert (odd.code, odd.message, odd.data) == (0, "", {})
    text = ErrorResponse.model_validate({"code": 404, "data": {"id": "bad"}})
    assert text.data["id"] == FieldError(message="bad")


# --- secrets --------------------------------------------------------------------------------------


def test_repr_and_str_hide_tokens() -> None:
    values: list[pydantic.BaseModel] = [
        UserAuthResponse.model_validate(
            {
                "token": TOKEN,
                "user": {"id": "u1"},
                "meta": {"accessToken": "ACCESS-SECRET", "refreshToken": "REFRESH-SECRET"},
                "refreshToken": "REFRESH-SECRET",
            }
        ),
        AdminAuthResponse.model_validate({"token": TOKEN, "admin": {"id": "a1"}, "x": TOKEN}),
        AuthMethodsList.model_validate(
            {
                "authProviders": [
                    {
                        "name": "gitlab",
                        "state": "STATE-SECRET",
                        "codeVerifier": "VERIFIER-SECRET",
                        "authUrl": "https://x/?state=STATE-SECRET",
                    }
                ],
                "oauth2": {"providers": [{"codeVerifier": "VERIFIER-SECRET"}]},
            }
        ),
        Record.model_validate({"id": "r", "tokenKey": TOKEN, "password": "PW-SECRET"}),
    ]
    for value in values:
        for text in (repr(value), str(value)):
            for secret in (TOKEN, "ACCESS-SECRET", "REFRESH-SECRET", "STATE-SECRET"):
                assert secret not in text
            assert "VERIFIER-SECRET" not in text
            assert "PW-SECRET" not in text
    assert "u1" in repr(values[0])
    assert "gitlab" in repr(values[2])


def test_json_schema_generation_works() -> None:
    schema = ListResult[Record].model_json_schema()
    assert schema["properties"]["perPage"]["type"] == "integer"
    assert Collection.model_json_schema()["properties"]["schema"]["type"] == "array"
    assert User.model_json_schema(mode="serialization")["properties"]["email"]["type"] == "string"


def test_date_field_for_typed_record_subclasses() -> None:
    from pocketbase.models import DateField

    class Event(Record):
        starts: DateField = None

    empty = Event.model_validate_json(b'{"id":"e1","starts":""}')
    assert empty.starts is None
    event = Event.model_validate_json(b'{"id":"e2","starts":"2024-01-02 03:04:05.006Z"}')
    assert event.starts == datetime(2024, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc)


# --- typed expand models and geo points (used by the modules pocketbase-typegen writes) -------


class _Author(Record):
    email: str = ""


class _PostExpand(models.RecordExpand):
    author: _Author | None = None
    tags: list[Record] = models.Field(default_factory=list)
    created_by: _Author | None = models.Field(default=None, alias="createdBy")


class _Post(Record):
    title: str = ""
    expand: _PostExpand = models.Field(default_factory=_PostExpand)  # type: ignore[assignment]


POST_REPLY = {
    "id": "p1",
    "title": "Hello",
    "expand": {
        "author": {"id": "u1", "email": "a@example.com"},
        "createdBy": {"id": "u2", "email": "b@example.com"},
        "comments_via_post": [{"id": "c1", "text": "first"}],
        "parent_via_x": {"id": "x1"},
    },
}


def test_record_expand_types_the_declared_relations_and_keeps_back_relations_as_records() -> None:
    post = _Post.model_validate(POST_REPLY)
    assert type(post.expand) is _PostExpand
    assert type(post.expand.author) is _Author and post.expand.author.email == "a@example.com"
    assert post.expand.created_by is not None and post.expand.created_by.id == "u2"
    assert post.expand.tags == []  # not expanded: the empty default
    comments = post.expand["comments_via_post"]
    assert [type(c) for c in comments] == [Record] and comments[0]["text"] == "first"
    assert type(post.expand["parent_via_x"]) is Record


def test_record_expand_dict_access_sees_only_what_the_server_sent() -> None:
    post = _Post.model_validate(POST_REPLY)
    expand = post.expand
    assert expand["author"] is expand.author
    assert expand["createdBy"] is expand.created_by and expand["created_by"] is expand.created_by
    assert "author" in expand and "createdBy" in expand and "comments_via_post" in expand
    assert "tags" not in expand and "nothing" not in expand and 1 not in expand
    assert expand.get("tags") is None and expand.get("tags", "d") == "d"
    with pytest.raises(KeyError):
        expand["tags"]
    assert bool(expand) is True
    empty = _Post.model_validate({"id": "p2"}).expand
    assert bool(empty) is False and not list(empty.model_fields_set)


def test_record_export_writes_only_what_was_expanded() -> None:
    post = _Post.model_validate(POST_REPLY)
    assert post.export()["@expand"] == {
        "author": {
            "id": "u1",
            "created": "",
            "updated": "",
            "email": "a@example.com",
            "@collectionId": "",
            "@collectionName": "",
            "@expand": {},
        },
        "createdBy": {
            "id": "u2",
            "created": "",
            "updated": "",
            "email": "b@example.com",
            "@collectionId": "",
            "@collectionName": "",
            "@expand": {},
        },
        "comments_via_post": [
            {
                "id": "c1",
                "created": "",
                "updated": "",
                "text": "first",
                "@collectionId": "",
                "@collectionName": "",
                "@expand": {},
            }
        ],
        "parent_via_x": {
            "id": "x1",
            "created": "",
            "updated": "",
            "@collectionId": "",
            "@collectionName": "",
            "@expand": {},
        },
    }
    assert _Post.model_validate({"id": "p2"}).export()["@expand"] == {}


def test_record_expand_rejects_what_is_not_a_record() -> None:
    with pytest.raises(pydantic.ValidationError):
        _Post.model_validate({"id": "p", "expand": {"author": "u1"}})
    with pytest.raises(pydantic.ValidationError):
        _Post.model_validate({"id": "p", "expand": {"other_via_x": 3}})


def test_geo_point() -> None:
    point = models.GeoPoint.model_validate({"lon": 13.4, "lat": 52.5})
    assert (point.lon, point.lat) == (13.4, 52.5)
    assert models.GeoPoint().model_dump() == {"lon": 0.0, "lat": 0.0}


# -- memory: one fields-set per page, copied on write --------------------------------------------


def _page(items: list[dict[str, Any]]) -> ListResult[Record]:
    body = {"page": 1, "perPage": 30, "totalItems": len(items), "totalPages": 1, "items": items}
    return pydantic.TypeAdapter(ListResult[Record]).validate_json(json.dumps(body))


def _fields_set(model: pydantic.BaseModel) -> set[str]:
    return model.__pydantic_fields_set__  # the stored object, not a copy


def _ids(page: ListResult[Record]) -> list[str]:
    return [item.id for item in page.items]


def test_records_of_a_page_share_one_fields_set_per_set_of_keys() -> None:
    author = {"id": "a1", "collectionName": "authors", "name": "Ann"}
    page = _page(
        [
            {"id": "r1", "collectionName": "posts", "title": "one", "expand": {"author": author}},
            {"id": "r2", "collectionName": "posts", "title": "two", "expand": {"author": author}},
            {"id": "r3", "collectionName": "posts"},
            {"id": "r4", "collectionName": "posts", "title": "four", "expand": {"tags": [author]}},
        ]
    )
    r1, r2, r3, r4 = page.items
    assert _fields_set(r1) is _fields_set(r2) is _fields_set(r4)
    assert _fields_set(r1) == {"id", "collection_name", "title", "expand"}
    assert _fields_set(r3) == {"id", "collection_name"}
    assert _fields_set(r3) is not _fields_set(r1)
    # expanded relations share too (one set for every author, in one record or a list)
    a1, a2, a4 = r1.expand["author"], r2.expand["author"], r4.expand["tags"][0]
    assert _fields_set(a1) is _fields_set(a2) is _fields_set(a4)
    assert _fields_set(a1) == {"id", "collection_name", "name"}
    # the page itself keeps its own set
    assert _fields_set(page) == {"page", "per_page", "total_items", "total_pages", "items"}


def test_changing_one_record_of_a_page_never_shows_in_another() -> None:
    page = _page([{"id": f"r{i}", "title": f"t{i}"} for i in range(4)])
    r0, r1, r2, r3 = page.items
    shared = _fields_set(r1)
    assert all(_fields_set(r) is shared for r in page.items)

    r0.collection_name = "posts"  # a declared field that was not given
    r1.extra_key = "x"  # a new unknown key
    assert r0.model_fields_set == {"id", "title", "collection_name"}
    assert r1.model_fields_set == {"id", "title", "extra_key"}
    assert shared == {"id", "title"}
    assert _fields_set(r2) is shared and _fields_set(r3) is shared
    assert r2.model_dump(exclude_unset=True) == {"id": "r2", "title": "t2"}
    assert r0.model_dump(exclude_unset=True) == {
        "id": "r0",
        "title": "t0",
        "collection_name": "posts",
    }

    # the public set is the record's own: changing it by hand changes no other record
    r2.model_fields_set.add("created")
    assert "created" not in _fields_set(r3) and "created" in r2.model_fields_set

    # copies and pickles of a record get their own set as well
    r3_copy = r3.model_copy(update={"collection_id": "c1"})
    assert "collection_id" in r3_copy.model_fields_set and "collection_id" not in shared
    clones = pickle.loads(pickle.dumps(page.items))
    clones[0].updated = datetime(2024, 1, 1, tzinfo=UTC)
    assert "updated" not in clones[1].model_fields_set
    deep = copy.deepcopy(r3)
    deep.created = None
    assert "created" not in _fields_set(r3) and shared == {"id", "title"}
    assert [r.export()["id"] for r in page.items] == ["r0", "r1", "r2", "r3"]


def test_sharing_keeps_the_0_7_export_shape() -> None:
    page = _page(
        [
            {"@collectionId": "c1", "@collectionName": "demo", "id": "r1", "title": "a"},
            {"@collectionId": "c1", "@collectionName": "demo", "id": "r2", "title": "b"},
        ]
    )
    assert _fields_set(page.items[0]) is _fields_set(page.items[1])
    assert list(page.items[1].export()) == [
        "id",
        "created",
        "updated",
        "@collectionId",
        "@collectionName",
        "title",
        "@expand",
    ]
    assert _fields_set(page.items[0]) is _fields_set(page.items[1])  # export only reads it


def test_a_page_of_records_with_a_typed_expand_model_shares_only_the_records_sets() -> None:
    body = {"page": 1, "perPage": 30, "totalItems": 2, "totalPages": 1}
    page = pydantic.TypeAdapter(ListResult[_Post]).validate_python(
        {**body, "items": [POST_REPLY, {**POST_REPLY, "id": "p2"}]}
    )
    first, second = page.items
    assert _fields_set(first) is _fields_set(second)
    assert first.expand.author is not None and first.expand["author"].email == "a@example.com"
    assert second.expand.created_by is not None and second.expand.created_by.id == "u2"
    first.title = "changed"
    assert second.title == "Hello" and second.model_fields_set == {"id", "title", "expand"}
