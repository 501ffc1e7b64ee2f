"""Collections, logs and settings services on the 0.7 wire protocol, for both flavours: exact requests and results."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import httpx
import pytest
import respx

from pocketbase import ClientResponseError
from pocketbase.models import Collection, ListResult, LogRequest, LogRequestStat, SchemaField
from tests._async.helpers import client
from tests.wire import BASE, ok, replies, sent

# -- collections --------------------------------------------------------------


async def test_import_collections(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        result = await pb.collections.import_collections([{"id": "id1"}, {"id": "id2"}], True)
    assert result is True
    assert sent(route) == [
        (
            "PUT",
            f"{BASE}/api/collections/import",
            {"collections": [{"id": "id1"}, {"id": "id2"}], "deleteMissing": True},
        )
    ]
    assert route.calls.last.request.headers["Content-Type"] == "application/json"


async def test_import_collections_defaults_and_models(respx_mock: respx.MockRouter) -> None:
    """``delete_missing`` defaults to False; ``Collection`` instances are sent as their own
    fields (the seed's export shape)."""
    route = replies(respx_mock, httpx.Response(204))
    collection = Collection(
        id="c1",
        name="posts",
        list_rule="",
        schema=[SchemaField(id="f1", name="title", type="text", options={"min": None})],
    )
    async with client() as pb:
        assert await pb.collections.import_collections([collection], query_params={"q": 1}) is True
    assert sent(route) == [
        (
            "PUT",
            f"{BASE}/api/collections/import?q=1",
            {
                "collections": [
                    {
                        "id": "c1",
                        "created": "",
                        "updated": "",
                        "name": "posts",
                        "system": False,
                        "listRule": "",
                        "viewRule": None,
                        "createRule": None,
                        "updateRule": None,
                        "deleteRule": None,
                        "schema": [
                            {
                                "id": "f1",
                                "name": "title",
                                "type": "text",
                                "system": False,
                                "required": False,
                                "unique": False,
                                "options": {"min": None},
                            }
                        ],
                    }
                ],
                "deleteMissing": False,
            },
        )
    ]


async def test_import_collections_error(respx_mock: respx.MockRouter) -> None:
    body = {
        "code": 400,
        "message": "Failed to import the collections configuration.",
        "data": {"collections": {"code": "collections_import_failure", "message": "x"}},
    }
    replies(respx_mock, httpx.Response(400, json=body))
    async with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            await pb.collections.import_collections([])
    assert info.value.status == 400
    assert info.value.data == body
    assert info.value.response is not None
    assert info.value.response.data["collections"].code == "collections_import_failure"


COLLECTION_07 = {
    "id": "3f2888f8-075d-49fe-9d09-ea7e951000dc",
    "created": "2022-05-17 16:56:07.668",
    "updated": "2022-07-19 09:56:45.278",
    "name": "demo",
    "system": False,
    "schema": [
        {
            "system": False,
            "id": "12345789",
            "name": "test",
            "type": "text",
            "required": False,
            "unique": False,
            "options": {"min": None, "max": None, "pattern": ""},
        }
    ],
    "listRule": "",
    "viewRule": None,
    "createRule": "@request.user.id != ''",
    "updateRule": None,
    "deleteRule": None,
}


async def test_collection_reply_decodes_and_exports(respx_mock: respx.MockRouter) -> None:
    replies(respx_mock, ok(COLLECTION_07))
    async with client() as pb:
        collection = await pb.collections.get_one("demo")
    assert type(collection) is Collection
    assert collection.name == "demo"
    assert collection.created == datetime(2022, 5, 17, 16, 56, 7, 668000, tzinfo=timezone.utc)
    assert (collection.list_rule, collection.view_rule) == ("", None)
    assert collection.create_rule == "@request.user.id != ''"
    assert [type(f) for f in collection.schema] == [SchemaField]
    assert collection.schema[0].options == {"min": None, "max": None, "pattern": ""}
    assert collection.export() == COLLECTION_07


async def test_collection_create_body_is_sent_unchanged_on_07(
    respx_mock: respx.MockRouter,
) -> None:
    body = {
        "name": "demo",
        "schema": [{"name": "t", "type": "user", "options": {"maxSelect": 1}}],
        "listRule": "@request.user.id != ''",
    }
    route = replies(respx_mock, ok({"id": "c"}), ok({"id": "c"}))
    async with client() as pb:
        await pb.collections.create(body)
        await pb.collections.update("demo", {"listRule": None})
    assert sent(route) == [
        ("POST", f"{BASE}/api/collections", body),
        ("PATCH", f"{BASE}/api/collections/demo", {"listRule": None}),
    ]


# -- logs ---------------------------------------------------------------------


async def test_logs_get_requests_list(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock,
        ok(
            {
                "page": 2,
                "perPage": 1,
                "totalItems": 3,
                "totalPages": 3,
                "items": [{"id": "test123"}],
            }
        ),
    )
    async with client() as pb:
        result = await pb.logs.get_requests_list(2, 1, {"q1": "abc"})
    assert sent(route) == [("GET", f"{BASE}/api/logs/requests?page=2&perPage=1&q1=abc", None)]
    assert isinstance(result, ListResult)
    assert (result.page, result.per_page, result.total_items, result.total_pages) == (2, 1, 3, 3)
    assert [type(item) for item in result.items] == [LogRequest]
    assert result.items == [LogRequest(id="test123")]


async def test_logs_get_requests_list_defaults_and_keywords(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"items": []}), ok({"items": []}))
    async with client() as pb:
        await pb.logs.get_requests_list()
        await pb.logs.get_requests_list(filter="status>=400", sort="-created")
    assert [url for _, url, _ in sent(route)] == [
        f"{BASE}/api/logs/requests?page=1&perPage=30",
        f"{BASE}/api/logs/requests?page=1&perPage=30&filter=status%3E%3D400&sort=-created",
    ]


async def test_logs_get_request(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"id": "test123"}))
    async with client() as pb:
        result = await pb.logs.get_request("test?123", {"q1": "abc"})
    assert sent(route) == [("GET", f"{BASE}/api/logs/requests/test%3F123?q1=abc", None)]
    assert type(result) is LogRequest
    assert result == LogRequest(id="test123")


async def test_logs_get_request_full_item(respx_mock: respx.MockRouter) -> None:
    item = {
        "id": "873f2133-9f38-44fb-bf82-c8f53b310d91",
        "created": "2022-05-01 10:00:00.123",
        "updated": "2022-05-01 10:00:00.123",
        "url": "/api/collections/demo/records",
        "method": "get",
        "status": 200,
        "auth": "guest",
        "remoteIp": "127.0.0.1",
        "userIp": "127.0.0.1",
        "referer": "",
        "userAgent": "python-httpx",
        "meta": {"errorMessage": "", "errorDetails": ""},
    }
    replies(respx_mock, ok(item))
    async with client() as pb:
        result = await pb.logs.get_request("873f2133-9f38-44fb-bf82-c8f53b310d91")
    assert result.remote_ip == "127.0.0.1"
    assert result.user_agent == "python-httpx"
    assert result.created == datetime(2022, 5, 1, 10, 0, 0, 123000, tzinfo=timezone.utc)
    assert result.export() == item


async def test_logs_get_requests_stats(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok([{"total": 123, "date": "2022-01-01 00:00:00"}]))
    async with client() as pb:
        result = await pb.logs.get_requests_stats({"q1": "abc"})
    assert sent(route) == [("GET", f"{BASE}/api/logs/requests/stats?q1=abc", None)]
    assert type(result) is list
    assert [type(item) for item in result] == [LogRequestStat]
    assert result == [LogRequestStat(total=123, date=datetime(2022, 1, 1, tzinfo=timezone.utc))]


async def test_logs_get_requests_stats_filter(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok([]))
    async with client() as pb:
        assert await pb.logs.get_requests_stats(filter="status>=400") == []
    assert sent(route) == [("GET", f"{BASE}/api/logs/requests/stats?filter=status%3E%3D400", None)]


# -- settings -----------------------------------------------------------------


async def test_settings_get_all(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"test": "abc"}))
    async with client() as pb:
        result = await pb.settings.get_all({"q1": 123})
    assert sent(route) == [("GET", f"{BASE}/api/settings?q1=123", None)]
    assert result == {"test": "abc"}
    assert type(result) is dict


async def test_settings_update(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"test": "abc"}))
    async with client() as pb:
        result = await pb.settings.update({"b1": 123})
    assert sent(route) == [("PATCH", f"{BASE}/api/settings", {"b1": 123})]
    assert route.calls.last.request.headers["Content-Type"] == "application/json"
    assert result == {"test": "abc"}


async def test_settings_update_nested_body_and_query(respx_mock: respx.MockRouter) -> None:
    body = {"meta": {"appName": "é"}, "smtp": {"enabled": False, "port": 587.0}}
    route = replies(respx_mock, ok({"meta": {"appName": "é"}}))
    async with client() as pb:
        await pb.settings.update(body, {"q": "1"})
    request = route.calls.last.request
    assert str(request.url) == f"{BASE}/api/settings?q=1"
    assert (
        request.content == '{"meta":{"appName":"é"},"smtp":{"enabled":false,"port":587}}'.encode()
    )


@pytest.mark.parametrize(
    "reply",
    [httpx.Response(204), httpx.Response(200, json={}), httpx.Response(200, json=None)],
    ids=["204", "empty-object", "null"],
)
async def test_settings_falsy_reply_is_empty_dict(
    respx_mock: respx.MockRouter, reply: httpx.Response
) -> None:
    replies(respx_mock, reply, httpx.Response(reply.status_code, content=reply.content))
    async with client() as pb:
        assert await pb.settings.get_all() == {}
        assert await pb.settings.update() == {}


async def test_settings_update_default_body_is_empty_object(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({}))
    async with client() as pb:
        await pb.settings.update()
    assert route.calls.last.request.content == b"{}"


async def test_settings_test_s3(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        result = await pb.settings.test_s3({"q1": 123})
    assert result is True
    assert sent(route) == [("POST", f"{BASE}/api/settings/test/s3?q1=123", None)]
    request = route.calls.last.request
    # no body, hence no Content-Type, on 0.7
    assert request.content == b""
    assert "Content-Type" not in request.headers


async def test_settings_test_email(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        result = await pb.settings.test_email("test@example.com", "abc", {"q1": 123})
    assert result is True
    assert sent(route) == [
        (
            "POST",
            f"{BASE}/api/settings/test/email?q1=123",
            {"email": "test@example.com", "template": "abc"},
        )
    ]


@pytest.mark.parametrize("template", ["verification", "password-reset", "email-change"])
async def test_settings_test_email_templates(respx_mock: respx.MockRouter, template: str) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        assert await pb.settings.test_email("a@b.c", template) is True
    assert json.loads(route.calls.last.request.content) == {"email": "a@b.c", "template": template}
    assert str(route.calls.last.request.url) == f"{BASE}/api/settings/test/email"
