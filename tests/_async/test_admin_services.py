"""The admin services through the client, both flavours (respx): batch, health, backups (the
restore's wait for the restart included), crons, the logs API, the settings extras and SQL.

Exact requests (method, URL, query order, headers, body) and exact results; gating per
generation with nothing sent; router 404s of features that arrived inside a generation;
replies that do not fit.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from email import policy
from email.parser import BytesParser
from typing import Any

import httpx
import pytest
import respx

from pocketbase import (
    AsyncBatch,
    AsyncPocketBase,
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    RequestTimeoutError,
    UnsupportedFeatureError,
)
from pocketbase.models import (
    BackupFileInfo,
    BatchResult,
    CronJob,
    HealthCheck,
    HealthCheckData,
    ListResult,
    Log,
    LogStat,
    SQLColumn,
    SQLResult,
)

BASE = "http://pb.test"
TOKEN = "superuser-token"
FILE_TOKEN = "FILE-TOKEN-SECRET"

HEALTHY = {"message": "API is healthy.", "code": 200, "data": {"canBackup": True}}
ROUTER_404 = {"data": {}, "message": "Not Found.", "status": 404}
ROUTER_404_08 = {"code": 404, "message": "Not Found.", "data": {}}


def client(server_api: str = "0.23") -> AsyncPocketBase:
    pb = AsyncPocketBase(BASE, server_api=server_api)  # type: ignore[arg-type]
    pb.auth_store.save(TOKEN, None)
    return pb


def replies(respx_mock: respx.MockRouter, *responses: httpx.Response) -> respx.Route:
    return respx_mock.route().mock(side_effect=list(responses))


def ok(payload: Any) -> httpx.Response:
    return httpx.Response(200, json=payload)


def sent(route: respx.Route) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = []
    for call in route.calls:
        request = call.request
        body = json.loads(request.content) if request.content else None
        out.append((request.method, str(request.url), body))
    return out


Part = tuple[str, "str | None", "str | None", bytes]


def parts_of(request: httpx.Request) -> list[Part]:
    """(name, filename, Content-Type or None, payload) of every part, in wire order."""
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    out: list[Part] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        out.append((name, part.get_filename(), part["Content-Type"], payload))
    return out


# -- health ------------------------------------------------------------------------------------


async def test_health_check(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock,
        ok(
            {
                **HEALTHY,
                "data": {"canBackup": True, "realIP": "10.0.0.1", "possibleProxyHeader": ""},
            }
        ),
        ok({"message": "API is healthy.", "code": 200, "data": {}}),
    )
    async with client() as pb:
        result = await pb.health.check()
        assert result == HealthCheck(
            code=200,
            message="API is healthy.",
            data=HealthCheckData(can_backup=True, real_ip="10.0.0.1", possible_proxy_header=""),
        )
        guest = await pb.health.check(
            fields=["code", "message"], query={"x": 1}, headers={"X-A": "1"}
        )
    assert guest.data.can_backup is None
    assert sent(route) == [
        ("GET", f"{BASE}/api/health", None),
        ("GET", f"{BASE}/api/health?x=1&fields=code%2Cmessage", None),
    ]
    request = route.calls[1].request
    assert request.headers["X-A"] == "1" and request.headers["Authorization"] == TOKEN


# -- backups -----------------------------------------------------------------------------------


async def test_backups_list_create_delete(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock,
        ok([{"key": "a.zip", "size": 10, "modified": "2026-12-06 13:59:17.074Z"}]),
        httpx.Response(204),
        httpx.Response(204),
        httpx.Response(204),
    )
    async with client("0.8") as pb:
        backups = await pb.backups.get_full_list()
        assert await pb.backups.create("nightly_1.zip") is True
        assert await pb.backups.create() is True
        assert await pb.backups.delete("my backup.zip") is True
    assert backups == [
        BackupFileInfo.model_validate(
            {"key": "a.zip", "size": 10, "modified": "2026-12-06 13:59:17.074Z"}
        )
    ]
    assert sent(route) == [
        ("GET", f"{BASE}/api/backups", None),
        ("POST", f"{BASE}/api/backups", {"name": "nightly_1.zip"}),
        ("POST", f"{BASE}/api/backups", {"name": ""}),
        ("DELETE", f"{BASE}/api/backups/my%20backup.zip", None),
    ]


async def test_backup_upload_is_multipart_with_a_file_part(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        assert await pb.backups.upload(("up.zip", b"PK\x03\x04zip")) is True
    request = route.calls.last.request
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/api/backups/upload")
    assert parts_of(request) == [("file", "up.zip", "application/zip", b"PK\x03\x04zip")]


@pytest.mark.parametrize(
    "call",
    [
        lambda pb: pb.backups.create("../evil.zip"),
        lambda pb: pb.backups.delete("a/b.zip"),
        lambda pb: pb.backups.delete(""),
        lambda pb: pb.backups.restore(".."),
        lambda pb: pb.backups.upload(b"PK no name"),
        lambda pb: pb.backups.upload(("x/../y.zip", b"PK")),
    ],
)
async def test_bad_backup_names_send_nothing(respx_mock: respx.MockRouter, call: Any) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            await call(pb)
    assert type(info.value) is ClientResponseError and info.value.status == 0
    assert str(info.value).startswith("Invalid backup name: ")
    assert route.calls.call_count == 0


async def test_download_url_sends_nothing_and_hides_the_token_in_errors(
    respx_mock: respx.MockRouter,
) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client() as pb:
        url = pb.backups.get_download_url(FILE_TOKEN, "a b.zip")
        with pytest.raises(ClientResponseError) as info:
            pb.backups.get_download_url(FILE_TOKEN, "../a.zip")
        assert FILE_TOKEN not in repr(pb) and FILE_TOKEN not in repr(pb.backups)
    assert url == f"{BASE}/api/backups/a%20b.zip?token={FILE_TOKEN}"
    assert FILE_TOKEN not in str(info.value) and FILE_TOKEN not in repr(info.value)
    assert route.calls.call_count == 0


async def test_download_url_is_gated_only_once_the_generation_is_known(
    respx_mock: respx.MockRouter,
) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with AsyncPocketBase(BASE) as auto:  # not detected yet: no request to find out
        assert auto.backups.get_download_url("t", "a.zip") == f"{BASE}/api/backups/a.zip?token=t"
    async with client("0.7") as old:
        with pytest.raises(UnsupportedFeatureError, match="backups need PocketBase 0.16"):
            old.backups.get_download_url("t", "a.zip")
    assert route.calls.call_count == 0


# -- restore -----------------------------------------------------------------------------------

CONNECT = b'id:abc\nevent:PB_CONNECT\ndata:{"clientId":"abc"}\n\n'


class _Stream(httpx.AsyncByteStream):
    """A response body: ``chunks``, then ``error`` raised (if any). (The sync twin derives
    from ``httpx.ByteStream``, which is a sync stream too.)"""

    def __init__(self, chunks: list[bytes], error: Exception | None = None) -> None:
        self.chunks = chunks
        self.error = error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:  # noqa: UP028 (a for loop in the generated sync twin)
            yield chunk
        if self.error is not None:
            raise self.error


class RestoreServer:
    """A fake server for restores (an ``httpx.MockTransport``: respx would read a streamed
    body in full before handing it over). ``log`` has the (method, path) of every request."""

    def __init__(
        self,
        *,
        stream: httpx.Response | None = None,
        restore: httpx.Response | None = None,
        health: list[Any] | None = None,
    ) -> None:
        self.stream = stream
        self.restore = restore
        self.health = list(health if health is not None else [ok(HEALTHY)])
        self.log: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.log.append((request.method, request.url.path))
        if request.url.path == "/api/realtime":
            assert request.headers["Accept"] == "text/event-stream"
            assert "Authorization" not in request.headers
            if self.stream is not None:
                return self.stream
            return httpx.Response(200, stream=_Stream([CONNECT]))
        if request.url.path == "/api/backups/a.zip/restore":
            assert request.headers["Authorization"] == TOKEN
            return self.restore if self.restore is not None else httpx.Response(204)
        assert request.url.path == "/api/health"
        reply = self.health.pop(0) if len(self.health) > 1 else self.health[0]
        if isinstance(reply, Exception):
            raise reply
        assert isinstance(reply, httpx.Response)
        return reply

    def client(self) -> AsyncPocketBase:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        pb = AsyncPocketBase(BASE, server_api="0.23", http_client=http)
        pb.auth_store.save(TOKEN, None)
        return pb


async def test_restore_waits_for_the_restart_and_the_new_process() -> None:
    server = RestoreServer(
        health=[
            httpx.ConnectError("refused"),
            ok({**HEALTHY, "data": {"canBackup": False}}),  # the old process, still restoring
            httpx.Response(502, json={}),  # a proxy while nothing listens
            ok(HEALTHY),
        ],
    )
    async with server.client() as pb:
        assert await pb.backups.restore("a.zip") is True
    assert server.log == [
        ("GET", "/api/realtime"),
        ("POST", "/api/backups/a.zip/restore"),
        ("GET", "/api/health"),
        ("GET", "/api/health"),
        ("GET", "/api/health"),
        ("GET", "/api/health"),
    ]


async def test_restore_counts_a_dropped_stream_as_the_restart() -> None:
    dropped = httpx.Response(
        200, stream=_Stream([CONNECT], httpx.RemoteProtocolError("peer closed connection"))
    )
    server = RestoreServer(stream=dropped)
    async with server.client() as pb:
        assert await pb.backups.restore("a.zip") is True
    assert server.log == [
        ("GET", "/api/realtime"),
        ("POST", "/api/backups/a.zip/restore"),
        ("GET", "/api/health"),
    ]


async def test_restore_refused_by_the_server_raises_its_error() -> None:
    refused = httpx.Response(
        400, json={"data": {}, "message": "Missing or invalid backup file.", "status": 400}
    )
    server = RestoreServer(restore=refused)
    async with server.client() as pb:
        with pytest.raises(BadRequestError, match="Missing or invalid backup file."):
            await pb.backups.restore("a.zip")
    assert server.log == [("GET", "/api/realtime"), ("POST", "/api/backups/a.zip/restore")]


async def test_restore_without_a_restart_times_out_clearly() -> None:
    silent = httpx.Response(200, stream=_Stream([CONNECT], httpx.ReadTimeout("timed out")))
    server = RestoreServer(stream=silent)
    async with server.client() as pb:
        with pytest.raises(RequestTimeoutError) as info:
            await pb.backups.restore("a.zip", restart_timeout=5)
    assert str(info.value).startswith(
        "The server accepted the restore but did not restart within 5 s (backup 'a.zip')."
    )
    assert server.log == [("GET", "/api/realtime"), ("POST", "/api/backups/a.zip/restore")]


async def test_restore_of_a_server_that_never_comes_back_times_out() -> None:
    server = RestoreServer(health=[httpx.ConnectError("refused")])
    async with server.client() as pb:
        with pytest.raises(RequestTimeoutError) as info:
            await pb.backups.restore("a.zip", restart_timeout=0.3)
    assert "stopped for the restore but did not answer again within 0.3 s" in str(info.value)
    assert info.value.url == f"{BASE}/api/health"
    assert server.log[:2] == [("GET", "/api/realtime"), ("POST", "/api/backups/a.zip/restore")]
    assert len(server.log) >= 4 and set(server.log[2:]) == {("GET", "/api/health")}


async def test_restore_is_not_sent_when_the_restart_cannot_be_watched() -> None:
    server = RestoreServer(stream=httpx.Response(404, json=ROUTER_404))
    async with server.client() as pb:
        with pytest.raises(ClientResponseError, match="The restore was not sent.") as info:
            await pb.backups.restore("a.zip")
    assert info.value.status == 404
    assert server.log == [("GET", "/api/realtime")]


async def test_restore_of_an_unreachable_server_is_a_transport_error(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.route().mock(side_effect=httpx.ConnectError("refused"))
    async with client() as pb:
        with pytest.raises(ClientResponseError, match="could not connect to") as info:
            await pb.backups.restore("a.zip")
    assert info.value.status == 0


# -- crons ---------------------------------------------------------------------------------------


async def test_crons_list_and_run(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock,
        ok([{"id": "__pbDBOptimize__", "expression": "0 0 * * *"}]),
        httpx.Response(204),
        httpx.Response(
            404, json={"data": {}, "message": "Missing or invalid cron job.", "status": 404}
        ),
    )
    async with client() as pb:
        assert await pb.crons.get_full_list() == [
            CronJob(id="__pbDBOptimize__", expression="0 0 * * *")
        ]
        assert await pb.crons.run("__pbDBOptimize__") is True
        with pytest.raises(NotFoundError) as info:
            await pb.crons.run("no such/job")
        with pytest.raises(ClientResponseError, match="a cron job id is required"):
            await pb.crons.run("")
    assert str(info.value) == (
        "Missing or invalid cron job: no cron job 'no such/job' on this server "
        "(pb.crons.get_full_list() lists them)."
    )
    assert sent(route) == [
        ("GET", f"{BASE}/api/crons", None),
        ("POST", f"{BASE}/api/crons/__pbDBOptimize__", None),
        ("POST", f"{BASE}/api/crons/no%20such%2Fjob", None),
    ]


# -- logs ----------------------------------------------------------------------------------------

LOG = {
    "id": "l1",
    "created": "2026-12-06 14:00:56.443Z",
    "data": {"status": 404, "type": "request"},
    "message": "GET /x",
    "level": 8,
}


async def test_logs_api(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock,
        ok({"items": [LOG], "page": 2, "perPage": 10, "totalItems": 11, "totalPages": 2}),
        ok(LOG),
        ok([{"date": "2026-12-06 14:00:00.000Z", "total": 4}]),
        httpx.Response(204),
    )
    async with client() as pb:
        page = await pb.logs.get_list(
            2,
            10,
            filter="level >= 8",
            sort="-created",
            fields="id,level",
            skip_total=True,
            query={"q": 1},
        )
        one = await pb.logs.get_one("l/1")
        stats = await pb.logs.get_stats(filter="level >= 8")
        assert await pb.logs.truncate() is True
    log = Log.model_validate(LOG)
    assert page == ListResult[Log](page=2, per_page=10, total_items=11, total_pages=2, items=[log])
    assert one == log
    assert stats == [LogStat.model_validate({"date": "2026-12-06 14:00:00.000Z", "total": 4})]
    assert sent(route) == [
        (
            "GET",
            f"{BASE}/api/logs?page=2&perPage=10&q=1&filter=level%20%3E%3D%208&sort=-created"
            "&fields=id%2Clevel&skipTotal=true",
            None,
        ),
        ("GET", f"{BASE}/api/logs/l%2F1", None),
        ("GET", f"{BASE}/api/logs/stats?filter=level%20%3E%3D%208", None),
        ("DELETE", f"{BASE}/api/logs", None),
    ]


async def test_log_without_id_is_a_404_with_nothing_sent(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok(LOG))
    async with client() as pb:
        with pytest.raises(NotFoundError, match="Missing required log id.") as info:
            await pb.logs.get_one("")
    assert info.value.url == f"{BASE}/api/logs/"
    assert route.calls.call_count == 0


# -- settings ------------------------------------------------------------------------------------


async def test_settings_tests_with_the_modern_options(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, *[httpx.Response(204) for _ in range(5)])
    async with client() as pb:
        assert await pb.settings.test_s3() is True
        assert await pb.settings.test_s3("backups", query={"x": 1}, headers={"X-A": "1"}) is True
        assert await pb.settings.test_s3({"q1": 123}) is True  # the seed's positional form
        assert await pb.settings.test_email("a@b.c", "otp", collection="users") is True
        assert (
            await pb.settings.test_email("a@b.c", "verification", {"q": 1}, query={"r": 2}) is True
        )
    assert sent(route) == [
        ("POST", f"{BASE}/api/settings/test/s3", {"filesystem": "storage"}),
        ("POST", f"{BASE}/api/settings/test/s3?x=1", {"filesystem": "backups"}),
        ("POST", f"{BASE}/api/settings/test/s3?q1=123", {"filesystem": "storage"}),
        (
            "POST",
            f"{BASE}/api/settings/test/email",
            {"email": "a@b.c", "template": "otp", "collection": "users"},
        ),
        (
            "POST",
            f"{BASE}/api/settings/test/email?q=1&r=2",
            {"email": "a@b.c", "template": "verification"},
        ),
    ]
    assert route.calls[1].request.headers["X-A"] == "1"


async def test_backups_s3_test_needs_a_server_with_backups(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, httpx.Response(204))
    async with client("0.7") as pb:
        assert await pb.settings.test_s3() is True
        with pytest.raises(UnsupportedFeatureError):
            await pb.settings.test_s3("backups")
    assert sent(route) == [("POST", f"{BASE}/api/settings/test/s3", None)]


async def test_apple_client_secret(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok({"secret": "eyJ.secret.jwt"}), ok({"nope": 1}))
    async with client() as pb:
        secret = await pb.settings.generate_apple_client_secret(
            "com.example.app", "TEAM123456", "KEY1234567", "-----BEGIN PRIVATE KEY-----", 86400
        )
        with pytest.raises(ClientResponseError) as info:
            await pb.settings.generate_apple_client_secret("c", "t", "k", "PRIVATE-KEY", 1)
    assert secret == "eyJ.secret.jwt"
    assert sent(route)[0] == (
        "POST",
        f"{BASE}/api/settings/apple/generate-client-secret",
        {
            "clientId": "com.example.app",
            "teamId": "TEAM123456",
            "keyId": "KEY1234567",
            "privateKey": "-----BEGIN PRIVATE KEY-----",
            "duration": 86400,
        },
    )
    assert type(info.value) is ClientResponseError and info.value.status == 200
    assert "secret" in str(info.value) and "PRIVATE-KEY" not in str(info.value)


# -- SQL -----------------------------------------------------------------------------------------


async def test_sql_run(respx_mock: respx.MockRouter) -> None:
    reply = {
        "execTime": 1,
        "affectedRows": 0,
        "columns": [{"name": "a", "type": "", "nullable": True}],
        "rows": [["1"], [None]],
    }
    route = replies(respx_mock, ok(reply), ok(reply))
    async with client() as pb:
        result = await pb.sql.run("select 1 as a", headers={"X-A": "1"})
        await pb.sql.run("select 2", params={"x": 1, "l": ["a", None]})
    assert result == SQLResult(
        exec_time=1, columns=[SQLColumn(name="a", type="", nullable=True)], rows=[["1"], [None]]
    )
    assert sent(route) == [
        ("POST", f"{BASE}/api/sql", {"query": "select 1 as a"}),
        # params: extra query parameters (``query`` is the SQL), written as the JS SDK 0.28.1
        ("POST", f"{BASE}/api/sql?x=1&l=a", {"query": "select 2"}),
    ]
    assert route.calls[0].request.headers["X-A"] == "1"


# -- batch ---------------------------------------------------------------------------------------


def full_batch(pb: AsyncPocketBase) -> AsyncBatch:
    batch = pb.create_batch()
    posts = batch.collection("posts")
    posts.create({"title": "b1", "attachment": ("f.txt", b"F", "text/plain")}, fields="id,title")
    posts.update(
        "rec1", {"count+": 1, "docs": ["keep.txt", ("n.txt", b"N", "text/plain")]}, expand="author"
    )
    posts.upsert({"id": "rec2", "title": "u"})
    posts.delete("rec3", headers={"X-Del": "1"})
    return batch


async def test_batch_send_is_one_multipart_request(respx_mock: respx.MockRouter) -> None:
    route = replies(
        respx_mock,
        ok(
            [
                {"body": {"id": "r0", "title": "b1"}, "status": 200},
                {"body": {"id": "rec1"}, "status": 200},
                {"body": {"id": "rec2"}, "status": 200},
                {"body": None, "status": 204},
            ]
        ),
    )
    async with client() as pb:
        batch = full_batch(pb)
        assert len(batch) == 4
        results = await batch.send(headers={"X-Batch": "1"})
    assert results == [
        BatchResult(status=200, body={"id": "r0", "title": "b1"}),
        BatchResult(status=200, body={"id": "rec1"}),
        BatchResult(status=200, body={"id": "rec2"}),
        BatchResult(status=204, body=None),
    ]
    request = route.calls.last.request
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/api/batch")
    assert request.headers["X-Batch"] == "1" and request.headers["Authorization"] == TOKEN
    parts = parts_of(request)
    assert [p[:3] for p in parts] == [
        ("requests.0.attachment", "f.txt", "text/plain"),
        ("requests.1.docs+", "n.txt", "text/plain"),
        ("@jsonPayload", None, None),
    ]
    assert [parts[0][3], parts[1][3]] == [b"F", b"N"]
    assert json.loads(parts[2][3]) == {
        "requests": [
            {
                "method": "POST",
                "url": "/api/collections/posts/records?fields=id%2Ctitle",
                "body": {"title": "b1"},
            },
            {
                "method": "PATCH",
                "url": "/api/collections/posts/records/rec1?expand=author",
                "body": {"count+": 1, "docs": ["keep.txt"]},
            },
            {
                "method": "PUT",
                "url": "/api/collections/posts/records",
                "body": {"id": "rec2", "title": "u"},
            },
            {
                "method": "DELETE",
                "url": "/api/collections/posts/records/rec3",
                "headers": {"X-Del": "1"},
                "body": {},
            },
        ]
    }


async def test_a_batch_without_files_is_still_multipart(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok([{"body": None, "status": 204}]))
    async with client() as pb:
        batch = pb.create_batch()
        batch.collection("posts").delete("r1")
        assert await batch.send() == [BatchResult(status=204)]
    parts = parts_of(route.calls.last.request)
    assert [p[0] for p in parts] == ["@jsonPayload"]


async def test_an_empty_batch_sends_nothing(respx_mock: respx.MockRouter) -> None:
    route = replies(respx_mock, ok([]))
    async with client() as pb:
        with pytest.raises(ClientResponseError, match="the batch is empty") as info:
            await pb.create_batch().send()
    assert info.value.status == 0
    assert route.calls.call_count == 0


async def test_a_failed_batch_names_the_failing_request(respx_mock: respx.MockRouter) -> None:
    failed = {
        "data": {
            "requests": {
                "1": {
                    "code": "batch_request_failed",
                    "message": "Batch request failed.",
                    "response": {
                        "data": {},
                        "message": "The requested resource wasn't found.",
                        "status": 404,
                    },
                }
            }
        },
        "message": "Batch transaction failed.",
        "status": 400,
    }
    replies(respx_mock, httpx.Response(400, json=failed))
    async with client() as pb:
        with pytest.raises(BadRequestError) as info:
            await full_batch(pb).send()
    err = info.value
    assert err.status == 400 and err.data == failed
    assert str(err).startswith(
        "Batch transaction failed: request 1 (PATCH /api/collections/posts/records/rec1) failed "
        "with 404: The requested resource wasn't found."
    )
    assert list(err.batch_failures) == [1]
    assert err.batch_failures[1].code == 404


async def test_a_disabled_batch_says_how_to_enable_it(respx_mock: respx.MockRouter) -> None:
    replies(
        respx_mock,
        httpx.Response(
            403, json={"data": {}, "message": "Batch requests are not allowed.", "status": 403}
        ),
    )
    async with client() as pb:
        with pytest.raises(ForbiddenError, match=r"pb\.settings\.update\(\{'batch'"):
            await full_batch(pb).send()


@pytest.mark.parametrize(
    ("reply", "text"),
    [
        (ok([{"status": 200, "body": {}}]), "1 batch result(s) for 4 queued request(s)"),
        (ok([{"status": 200, "body": {}}] * 5), "5 batch result(s) for 4 queued request(s)"),
        (ok({"status": 200}), "(the whole reply)"),
        (ok([{"status": "fine"}] * 4), "0.status"),
        (httpx.Response(200, content=b"<html>"), "invalid JSON"),
    ],
)
async def test_a_batch_reply_that_does_not_fit_raises_the_root_error(
    respx_mock: respx.MockRouter, reply: httpx.Response, text: str
) -> None:
    replies(respx_mock, reply)
    async with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            await full_batch(pb).send()
    assert type(info.value) is ClientResponseError and info.value.status == 200
    assert text in str(info.value)


# -- replies that do not fit, gating -------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "reply", "field"),
    [
        (lambda pb: pb.backups.get_full_list(), [{"key": 5, "size": 1}], "0.key"),
        (lambda pb: pb.crons.get_full_list(), {"items": []}, "(the whole reply)"),
        (lambda pb: pb.health.check(), {"code": "up"}, "code"),
        (lambda pb: pb.logs.get_stats(), [{"total": "many"}], "0.total"),
        (lambda pb: pb.sql.run("x"), {"rows": [[1]]}, "rows.0.0"),
    ],
)
async def test_replies_that_do_not_fit_name_the_field(
    respx_mock: respx.MockRouter, call: Any, reply: Any, field: str
) -> None:
    replies(respx_mock, ok(reply))
    async with client() as pb:
        with pytest.raises(ClientResponseError) as info:
            await call(pb)
    assert type(info.value) is ClientResponseError and info.value.status == 200
    assert f"first failing field: {field}" in str(info.value)


UNSUPPORTED_ON_08 = [
    ("batch", lambda pb: full_batch(pb).send(), "batch requests need PocketBase 0.23"),
    ("crons list", lambda pb: pb.crons.get_full_list(), "cron jobs need PocketBase 0.24"),
    ("crons run", lambda pb: pb.crons.run("x"), "cron jobs need PocketBase 0.24"),
    ("sql", lambda pb: pb.sql.run("select 1"), "the SQL console needs PocketBase 0.39"),
    ("logs truncate", lambda pb: pb.logs.truncate(), "log truncation needs PocketBase 0.40"),
]
UNSUPPORTED_ON_07 = [
    *UNSUPPORTED_ON_08,
    ("health", lambda pb: pb.health.check(), "the health check needs PocketBase 0.10"),
    ("backups list", lambda pb: pb.backups.get_full_list(), "backups need PocketBase 0.16"),
    ("backups create", lambda pb: pb.backups.create(), "backups need PocketBase 0.16"),
    ("backups delete", lambda pb: pb.backups.delete("a.zip"), "backups need PocketBase 0.16"),
    ("backups restore", lambda pb: pb.backups.restore("a.zip"), "backups need PocketBase 0.16"),
    (
        "backups upload",
        lambda pb: pb.backups.upload(("a.zip", b"PK")),
        "backup uploads need PocketBase 0.18",
    ),
    ("logs list", lambda pb: pb.logs.get_list(), "the logs API needs PocketBase 0.20"),
    ("logs one", lambda pb: pb.logs.get_one("x"), "the logs API needs PocketBase 0.20"),
    ("logs stats", lambda pb: pb.logs.get_stats(), "the logs API needs PocketBase 0.20"),
    (
        "apple",
        lambda pb: pb.settings.generate_apple_client_secret("c", "t", "k", "p", 1),
        "Apple client secret generation needs PocketBase 0.14",
    ),
]


@pytest.mark.parametrize(
    ("server_api", "call", "text"),
    [("0.8", c, t) for _, c, t in UNSUPPORTED_ON_08]
    + [("0.7", c, t) for _, c, t in UNSUPPORTED_ON_07],
    ids=[f"0.8-{n}" for n, _, _ in UNSUPPORTED_ON_08]
    + [f"0.7-{n}" for n, _, _ in UNSUPPORTED_ON_07],
)
async def test_features_the_generation_lacks_send_nothing(
    respx_mock: respx.MockRouter, server_api: str, call: Any, text: str
) -> None:
    route = replies(respx_mock, ok({}))
    async with client(server_api) as pb:
        with pytest.raises(UnsupportedFeatureError, match=text) as info:
            await call(pb)
    assert info.value.status == 0
    assert route.calls.call_count == 0


@pytest.mark.parametrize(
    ("server_api", "call", "text"),
    [
        ("0.23", lambda pb: pb.crons.get_full_list(), "cron jobs need PocketBase 0.24 or later"),
        ("0.23", lambda pb: pb.crons.run("x"), "cron jobs need PocketBase 0.24 or later"),
        ("0.23", lambda pb: pb.sql.run("select 1"), "the SQL console needs PocketBase 0.39"),
        ("0.23", lambda pb: pb.logs.truncate(), "log truncation needs PocketBase 0.40"),
        ("0.8", lambda pb: pb.health.check(), "the health check needs PocketBase 0.10"),
        ("0.8", lambda pb: pb.backups.create(), "backups need PocketBase 0.16"),
        (
            "0.8",
            lambda pb: pb.backups.upload(("a.zip", b"PK")),
            "backup uploads need PocketBase 0.18",
        ),
        ("0.8", lambda pb: pb.logs.get_list(), "the logs API needs PocketBase 0.20"),
    ],
)
async def test_a_router_404_of_a_newer_feature_is_unsupported(
    respx_mock: respx.MockRouter, server_api: str, call: Any, text: str
) -> None:
    body = ROUTER_404 if server_api == "0.23" else ROUTER_404_08
    route = replies(respx_mock, httpx.Response(404, json=body))
    async with client(server_api) as pb:
        with pytest.raises(UnsupportedFeatureError, match=text):
            await call(pb)
    assert route.calls.call_count == 1


async def test_services_are_created_once_per_client() -> None:
    async with client() as pb:
        assert pb.health is pb.health and pb.backups is pb.backups
        assert pb.crons is pb.crons and pb.sql is pb.sql
        assert pb.create_batch() is not pb.create_batch()
