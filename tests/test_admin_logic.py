"""The admin services' pure logic, tested once: batch queueing, the batch body, replies and
errors (``pocketbase._batch``); backup names, download URLs and the restart rules
(``pocketbase._admin``); the models of the admin services; the settings routes per
generation."""

from __future__ import annotations

import io
import json
import pickle
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import BaseModel as PydanticModel, ValidationError

from pocketbase import (
    BadRequestError,
    ClientResponseError,
    ForbiddenError,
    NotFoundError,
    RequestTimeoutError,
    UnsupportedFeatureError,
)
from pocketbase._admin import (
    backup_download_url,
    check_backup_key,
    check_cron_id,
    missing_log_id_error,
    restart_stream_error,
    restart_timeout_error,
    server_is_back,
    unknown_cron_error,
    upload_name,
)
from pocketbase._batch import (
    BatchCollection,
    BatchItem,
    batch_error,
    batch_failures,
    batch_parts,
    check_batch_size,
    check_result_count,
)
from pocketbase._errors import error_for_status
from pocketbase._generations import GENERATIONS
from pocketbase.models import (
    BackupFileInfo,
    BatchResult,
    CronJob,
    ErrorResponse,
    HealthCheck,
    HealthCheckData,
    Log,
    LogStat,
    Record,
    SQLColumn,
    SQLResult,
)

URL = "http://pb.test/api/batch"


def queue(name: str = "posts") -> tuple[list[BatchItem], BatchCollection]:
    items: list[BatchItem] = []
    return items, BatchCollection(items, name)


def wire(items: list[BatchItem]) -> list[dict[str, Any]]:
    return [item.wire() for item in items]


# -- batch: queueing ----------------------------------------------------------------------------


def test_each_method_queues_its_request_in_order() -> None:
    items, posts = queue()
    posts.create({"title": "b1"}, fields="id,title")
    posts.update("rec1", {"count+": 1, "docs": ["keep.txt"]}, expand=["author", "tags"])
    posts.upsert({"id": "rec2", "title": "u"})
    posts.delete("rec3", headers={"X-Del": "1"})
    assert wire(items) == [
        {
            "method": "POST",
            "url": "/api/collections/posts/records?fields=id%2Ctitle",
            "body": {"title": "b1"},
        },
        {
            "method": "PATCH",
            "url": "/api/collections/posts/records/rec1?expand=author%2Ctags",
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
    # the JSON key order of each item is the JS SDK's: method, url, headers, body
    assert list(items[3].wire()) == ["method", "url", "headers", "body"]


def test_query_keys_come_first_then_the_options_and_segments_are_encoded() -> None:
    items, coll = queue("my coll/ä")
    coll.update("id with space", None, query={"extra": "q", "list": ["a", "b"]}, fields="id")
    assert items[0].url == (
        "/api/collections/my%20coll%2F%C3%A4/records/id%20with%20space"
        "?extra=q&list=a&list=b&fields=id"
    )
    assert items[0].body == {}


def test_item_queries_follow_the_js_sdk_0_28_1_value_rules() -> None:
    items, posts = queue()
    when = datetime(2024, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc)
    posts.delete("r1", query={"d": when, "l": ["a", None], "n": None, "o": {"k": 1}})
    assert items[0].url == (
        "/api/collections/posts/records/r1?d=2024-01-02%2003%3A04%3A05.006Z&l=a&o=%7B%22k%22%3A1%7D"
    )


def test_files_leave_the_body_as_the_js_sdk_splits_them() -> None:
    items, posts = queue()
    handle = io.BytesIO(b"handle")
    handle.name = "/tmp/h.txt"
    posts.create(
        {
            "title": "t",
            "cover": ("c.png", b"png", "image/png"),
            "docs": [b"one", ("two.txt", b"two")],
            "mixed": ["keep.txt", ("new.txt", b"new")],
            "plus+": ["old.txt", b"x"],
            "tags": ["a", "b"],
            "empty": [],
        },
        files={"extra": handle},
    )
    item = items[0]
    assert item.body == {
        "title": "t",
        "mixed": ["keep.txt"],
        "plus+": ["old.txt"],
        "tags": ["a", "b"],
        "empty": [],
    }
    assert [name for name, _ in item.files] == [
        "cover",
        "docs",
        "docs",
        "mixed+",
        "plus+",
        "extra",
    ]


def test_files_option_replaces_a_body_key_of_the_same_name() -> None:
    items, posts = queue()
    posts.update("r1", {"cover": "old.png", "title": "x"}, files={"cover": b"new"})
    assert items[0].body == {"title": "x"}
    assert [name for name, _ in items[0].files] == ["cover"]


def test_pydantic_bodies_are_dumped_by_alias_without_unset_fields() -> None:
    class Post(PydanticModel):
        title: str = ""
        views: int = 0

    items, posts = queue()
    posts.create(Post(title="hi"))
    posts.create(Record(id="r1", title="x"))
    assert items[0].body == {"title": "hi"}
    assert items[1].body == {"id": "r1", "title": "x"}


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda c: c.update("", {}), "the record id must be a non-empty string"),
        (lambda c: c.delete(None), "the record id must be a non-empty string"),
        (lambda c: c.create(["not", "a", "mapping"]), "a body must be a mapping"),
        (lambda c: c.create({"s": {1, 2}}), "the body is not JSON"),
        (lambda c: c.create({}, files={"f": "text"}), "files['f'] is not a file"),
        (lambda c: c.create({}, headers={"X-A": "a\r\nb"}), "line break"),
    ],
)
def test_bad_requests_fail_when_queued(call: Any, text: str) -> None:
    items, posts = queue()
    with pytest.raises(ClientResponseError) as info:
        call(posts)
    assert type(info.value) is ClientResponseError and info.value.status == 0
    assert str(info.value).startswith("Invalid batch request: ")
    assert text in str(info.value)
    assert items == []


def test_a_collection_name_is_required() -> None:
    with pytest.raises(ClientResponseError, match="the collection name must be a non-empty"):
        BatchCollection([], "")


# -- batch: the body, the reply -----------------------------------------------------------------


def test_parts_are_the_files_then_the_json_payload() -> None:
    items, posts = queue()
    posts.create({"title": "b1", "attachment": ("f.txt", b"F", "text/plain")})
    posts.update("rec1", {"docs": ["keep.txt", ("n.txt", b"N")]})
    posts.delete("rec3")
    parts = batch_parts(items)
    assert [name for name, _ in parts] == [
        "requests.0.attachment",
        "requests.1.docs+",
        "@jsonPayload",
    ]
    assert parts[0][1] == ("f.txt", b"F", "text/plain")
    assert parts[1][1] == ("n.txt", b"N", "text/plain")
    filename, payload, content_type = parts[2][1]
    assert filename is None and content_type is None  # a plain form field, not a file
    assert json.loads(payload) == {
        "requests": [
            {"method": "POST", "url": "/api/collections/posts/records", "body": {"title": "b1"}},
            {
                "method": "PATCH",
                "url": "/api/collections/posts/records/rec1",
                "body": {"docs": ["keep.txt"]},
            },
            {"method": "DELETE", "url": "/api/collections/posts/records/rec3", "body": {}},
        ]
    }


def test_an_empty_batch_is_refused() -> None:
    with pytest.raises(ClientResponseError, match="the batch is empty") as info:
        check_batch_size([])
    assert info.value.status == 0
    check_batch_size([BatchItem("DELETE", "/x", None, {})])


def test_result_count_must_match() -> None:
    assert check_result_count(2, 2) is None
    assert check_result_count(1, 2) == "1 batch result(s) for 2 queued request(s)"
    assert check_result_count(3, 2) == "3 batch result(s) for 2 queued request(s)"


# -- batch: errors ------------------------------------------------------------------------------

FAILED = {
    "data": {
        "requests": {
            "1": {
                "code": "batch_request_failed",
                "message": "Batch request failed.",
                "response": {
                    "data": {
                        "title": {"code": "validation_required", "message": "Cannot be blank."}
                    },
                    "message": "Failed to create record.",
                    "status": 400,
                },
            }
        }
    },
    "message": "Batch transaction failed.",
    "status": 400,
}


def two_items() -> list[BatchItem]:
    items, posts = queue()
    posts.create({"title": "b"})
    posts.create({}, fields="id")
    return items


def test_batch_failures_map_the_failing_index_to_its_error() -> None:
    failures = batch_failures(FAILED)
    assert list(failures) == [1]
    assert failures[1].code == 400
    assert failures[1].message == "Failed to create record."
    assert failures[1].data["title"].code == "validation_required"
    assert batch_failures({"message": "x"}) == {}
    assert batch_failures({"data": {"requests": {"code": "validation_required"}}}) == {}
    assert batch_failures(None) == {}


def test_batch_failures_tolerate_an_entry_without_response() -> None:
    data = {"data": {"requests": {"0": {"code": "batch_request_failed", "message": "Boom."}}}}
    assert batch_failures(data) == {0: ErrorResponse(code=0, message="Boom.")}


def test_a_failed_item_is_named_in_the_message_and_the_class_is_kept() -> None:
    exc = error_for_status(URL, 400, FAILED)
    err = batch_error(exc, two_items())
    assert type(err) is BadRequestError and err.status == 400 and err.data == FAILED
    assert str(err) == (
        "Batch transaction failed: request 1 (POST /api/collections/posts/records) failed "
        "with 400: Failed to create record. [title: Cannot be blank. (validation_required)]. "
        "The server rolled back every request of the batch (see err.batch_failures)."
    )
    assert list(err.batch_failures) == [1]
    # a pickled copy keeps the class, the message and the failures
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is BadRequestError and str(copy) == str(err)
    assert list(copy.batch_failures) == [1]


def test_the_disabled_setting_says_how_to_enable_it() -> None:
    exc = error_for_status(
        URL, 403, {"data": {}, "message": "Batch requests are not allowed.", "status": 403}
    )
    err = batch_error(exc, two_items())
    assert type(err) is ForbiddenError
    assert str(err).startswith("Batch requests are not allowed. Batch requests are off")
    assert "pb.settings.update({'batch': {'enabled': True}})" in str(err)


def test_too_many_requests_for_the_server_names_its_limit() -> None:
    data = {
        "data": {
            "requests": {
                "code": "validation_length_too_long",
                "message": "The length must be no more than 1.",
                "params": {"max": 1, "min": 0},
            }
        },
        "message": "Invalid batch request data.",
        "status": 400,
    }
    err = batch_error(error_for_status(URL, 400, data), two_items())
    assert type(err) is BadRequestError
    assert str(err) == (
        "The batch holds 2 requests; this server takes at most 1 per batch (its "
        "batch.maxRequests setting): split the batch or raise the setting."
    )


def test_other_errors_pass_unchanged() -> None:
    for exc in (
        error_for_status(URL, 403, {"message": "Only superusers can perform this action."}),
        error_for_status(URL, 500, {"message": "Boom."}),
        UnsupportedFeatureError(message="batch requests need PocketBase 0.23 or later"),
    ):
        assert batch_error(exc, two_items()) is exc


# -- backups, crons, logs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["../x.zip", "a/b.zip", "a\\b.zip", "..", ".", "a..zip", "a\x00.zip"]
)
def test_backup_names_with_a_path_are_refused(key: str) -> None:
    with pytest.raises(ClientResponseError) as info:
        check_backup_key(key)
    assert info.value.status == 0 and str(info.value).startswith("Invalid backup name: ")


def test_backup_names() -> None:
    assert check_backup_key("pb_backup_1.zip") == "pb_backup_1.zip"
    assert check_backup_key("", allow_empty=True) == ""
    with pytest.raises(ClientResponseError, match="a backup name is required"):
        check_backup_key("")
    with pytest.raises(ClientResponseError, match="must be a string, not int"):
        check_backup_key(5)


def test_upload_names_come_from_the_tuple_or_the_file() -> None:
    assert upload_name(("up.zip", b"PK")) == "up.zip"
    handle = io.BytesIO(b"PK")
    handle.name = "/var/backups/nightly.zip"
    assert upload_name(handle) == "nightly.zip"
    for nameless in (b"PK", io.BytesIO(b"PK"), ("", b"PK")):
        with pytest.raises(ClientResponseError, match="the upload needs a file name"):
            upload_name(nameless)
    with pytest.raises(ClientResponseError, match="Invalid backup name"):
        upload_name(("../x.zip", b"PK"))


def test_download_url_encodes_both_parts() -> None:
    assert (
        backup_download_url("http://h/sub/", "FILE TOKEN", "my backup.zip")
        == "http://h/sub/api/backups/my%20backup.zip?token=FILE%20TOKEN"
    )
    with pytest.raises(ClientResponseError, match="a file token is required"):
        backup_download_url("http://h", "", "a.zip")
    with pytest.raises(ClientResponseError, match="Invalid backup name"):
        backup_download_url("http://h", "tok", "../a.zip")


def test_cron_ids() -> None:
    assert check_cron_id("__pbDBOptimize__") == "__pbDBOptimize__"
    with pytest.raises(ClientResponseError, match="a cron job id is required"):
        check_cron_id("")
    exc = error_for_status(
        URL, 404, {"data": {}, "message": "Missing or invalid cron job.", "status": 404}
    )
    err = unknown_cron_error(exc, "nope")
    assert type(err) is NotFoundError
    assert str(err) == (
        "Missing or invalid cron job: no cron job 'nope' on this server "
        "(pb.crons.get_full_list() lists them)."
    )
    other = error_for_status(URL, 401, {"message": "no"})
    assert unknown_cron_error(other, "x") is other


def test_missing_log_id_is_the_js_sdk_404() -> None:
    err = missing_log_id_error("http://h/api/logs/")
    assert type(err) is NotFoundError and err.status == 404
    assert err.url == "http://h/api/logs/" and str(err) == "Missing required log id."


def test_restart_rules_and_errors() -> None:
    assert server_is_back(HealthCheck()) is True
    assert server_is_back(HealthCheck(data=HealthCheckData(can_backup=True))) is True
    assert server_is_back(HealthCheck(data=HealthCheckData(can_backup=False))) is False
    err = restart_timeout_error("http://h/api/health", "a.zip", 2.5, stopped=True)
    assert type(err) is RequestTimeoutError and err.status == 0
    assert str(err).startswith(
        "The server stopped for the restore but did not answer again within 2.5 s (backup 'a.zip')."
    )
    err = restart_timeout_error("http://h/api/realtime", "a.zip", 60, stopped=False)
    assert "accepted the restore but did not restart within 60 s" in str(err)
    err = restart_stream_error("http://h/api/realtime", 404)
    assert type(err) is ClientResponseError and err.status == 404
    assert "The restore was not sent." in str(err)


# -- models -------------------------------------------------------------------------------------


def test_the_admin_models_are_exported() -> None:
    from pocketbase import models

    start = models.__all__.index("BackupFileInfo")  # one block (other areas' models follow)
    assert models.__all__[start : start + 9] == [
        "BackupFileInfo",
        "BatchResult",
        "CronJob",
        "HealthCheck",
        "HealthCheckData",
        "Log",
        "LogStat",
        "SQLColumn",
        "SQLResult",
    ]


def test_models_read_the_wire_and_take_snake_case_names() -> None:
    health = HealthCheck.model_validate(
        {
            "message": "API is healthy.",
            "code": 200,
            "data": {"canBackup": True, "realIP": "127.0.0.1", "possibleProxyHeader": ""},
        }
    )
    assert health == HealthCheck(
        code=200,
        message="API is healthy.",
        data=HealthCheckData(can_backup=True, real_ip="127.0.0.1", possible_proxy_header=""),
    )
    assert HealthCheck.model_validate({"code": 200, "data": {}}).data.can_backup is None
    backup = BackupFileInfo.model_validate(
        {"key": "a.zip", "size": 225412, "modified": "2026-12-06 13:59:17.074Z"}
    )
    assert backup.modified == datetime(2026, 12, 6, 13, 59, 17, 74000, tzinfo=timezone.utc)
    assert backup.modified.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert CronJob.model_validate({"id": "j", "expression": "0 0 * * *"}) == CronJob(
        id="j", expression="0 0 * * *"
    )
    log = Log.model_validate(
        {
            "id": "l1",
            "created": "2026-12-06 14:00:56.443Z",
            "level": 8,
            "message": "GET /x",
            "data": {"status": 404},
        }
    )
    assert (log.id, log.level, log.message, log.data, log.updated) == (
        "l1",
        8,
        "GET /x",
        {"status": 404},
        None,
    )
    stat = LogStat.model_validate({"date": "2026-12-06 14:00:00.000Z", "total": 4})
    assert stat.total == 4 and stat.date == datetime(2026, 12, 6, 14, tzinfo=timezone.utc)
    assert BatchResult.model_validate({"status": 204, "body": None}) == BatchResult(status=204)


def test_sql_result_and_its_rows_as_dicts() -> None:
    result = SQLResult.model_validate(
        {
            "execTime": 0.5,
            "affectedRows": 0,
            "columns": [
                {"name": "a", "type": "", "nullable": True},
                {"name": "b", "type": "TEXT", "nullable": False},
            ],
            "rows": [["1", None], ["2", "x"]],
        }
    )
    assert result.exec_time == 0.5 and result.affected_rows == 0
    assert result.columns[1] == SQLColumn(name="b", type="TEXT", nullable=False)
    assert result.as_dicts() == [{"a": "1", "b": None}, {"a": "2", "b": "x"}]
    assert SQLResult(affected_rows=3).as_dicts() == []


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (BackupFileInfo, {"key": 5}, "key"),
        (BackupFileInfo, {"key": "a", "size": "big"}, "size"),
        (CronJob, {"id": ["x"]}, "id"),
        (SQLResult, {"rows": [[1]]}, "rows"),
        (Log, {"level": "high"}, "level"),
        (BatchResult, {"status": "ok"}, "status"),
        (HealthCheck, {"data": []}, "data"),
    ],
)
def test_a_field_of_the_wrong_type_is_an_error_naming_it(
    model: type[PydanticModel], data: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    assert info.value.errors()[0]["loc"][0] == field


# -- settings routes ----------------------------------------------------------------------------


def test_settings_routes_per_generation() -> None:
    gen07, gen08, gen23 = GENERATIONS["0.7"], GENERATIONS["0.8"], GENERATIONS["0.23"]
    assert gen07.settings.test_s3().body is None
    with pytest.raises(UnsupportedFeatureError, match="backups need PocketBase 0.16 or later"):
        gen07.settings.test_s3("backups")
    for gen in (gen08, gen23):
        assert gen.settings.test_s3().body == {"filesystem": "storage"}
        assert gen.settings.test_s3("backups").body == {"filesystem": "backups"}
    for gen in (gen07, gen08, gen23):
        assert gen.settings.test_email("a@b.c", "otp").body == {"email": "a@b.c", "template": "otp"}
        assert list(gen.settings.test_email("a@b.c", "otp", "users").body) == [
            "email",
            "template",
            "collection",
        ]
