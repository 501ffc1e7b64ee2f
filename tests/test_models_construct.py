"""Models built in application code: by snake_case names, optionals left out, accepted by
``mypy --strict`` without the pydantic mypy plugin; and every date in UTC."""

from __future__ import annotations

import inspect
import re
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pydantic
import pytest
from mypy import api

from pocketbase import models
from pocketbase.models import (
    Admin,
    AdminAuthResponse,
    AuthMethodsList,
    AuthProviderInfo,
    Collection,
    ExternalAuth,
    ListResult,
    LogRequest,
    LogRequestStat,
    Record,
    RecordSubscription,
    SchemaField,
    User,
    UserAuthResponse,
)

ROOT = Path(__file__).resolve().parent.parent
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

SNIPPET = textwrap.dedent(
    """\
    from __future__ import annotations

    from datetime import datetime, timezone

    from pocketbase.models import (
        Admin, AdminAuthResponse, AuthMethodsList, AuthProviderInfo, Collection, ErrorResponse,
        ExternalAuth, FieldError, GeoPoint, ListResult, LogRequest, LogRequestStat, Record,
        RecordExpand, RecordSubscription, SchemaField, User, UserAuthResponse,
        BackupFileInfo, BatchResult, CronJob, HealthCheck, HealthCheckData, LogStat, SQLColumn,
        SQLResult, AuthMethods, MFAConfig, OAuth2AuthConfig, OAuth2ProviderInfo, OTPConfig,
        OTPResponse, PasswordAuthConfig, RecordAuthResponse, Log,
    )

    WHEN = datetime(2026, 1, 2, tzinfo=timezone.utc)


    class Post(Record):
        title: str = ""


    def build() -> list[object]:
        user = User(email="a@b.c", last_reset_sent_at=WHEN, name="Ann", collection_name="users")
        admin = Admin(email="x@y.z", avatar=1, last_reset_sent_at=None)
        record = Record()
        post = Post(title="t", collection_id="c1", expand={"a": record})
        page: ListResult[Post] = ListResult(items=[post], per_page=3, total_items=1)
        event: RecordSubscription[Post] = RecordSubscription(action="create", record=post)
        plain: RecordSubscription = RecordSubscription(action="delete")
        auth: RecordAuthResponse[Post] = RecordAuthResponse(token="t", record=post, meta={})
        return [
            user, admin, record, post, page, event, plain, User(), Admin(), ListResult(),
            Collection(name="x", list_rule="", view_rule=None, schema=[SchemaField(name="a")]),
            SchemaField(), Collection(),
            LogRequest(remote_ip="1", user_ip="2", user_agent="ua", method="GET"),
            LogRequestStat(total=1, date=WHEN),
            ExternalAuth(user_id="u", provider="google", provider_id="p"),
            UserAuthResponse(token="t", user=user), UserAuthResponse(),
            AdminAuthResponse(token="t", admin=admin), AdminAuthResponse(),
            AuthMethodsList(
                email_password=True,
                auth_providers=[
                    AuthProviderInfo(
                        name="g", code_verifier="v", code_challenge="c",
                        code_challenge_method="S256", auth_url="u",
                    )
                ],
            ),
            ErrorResponse(code=400, message="m", data={"f": FieldError(code="c", message="m")}),
            GeoPoint(lon=1.5, lat=2.5), GeoPoint(), RecordExpand(),
            BackupFileInfo(key="b.zip", size=1, modified=WHEN), BackupFileInfo(),
            BatchResult(status=200, body={}), BatchResult(), CronJob(id="c", expression="* * * * *"),
            HealthCheck(code=200, data=HealthCheckData(can_backup=True, real_ip="127.0.0.1")),
            HealthCheck(), LogStat(total=1, date=WHEN), LogStat(),
            SQLResult(exec_time=1.5, affected_rows=0, columns=[SQLColumn(name="a", nullable=True)],
                      rows=[["1", None]]),
            SQLResult(),
            AuthMethods(
                password=PasswordAuthConfig(enabled=True, identity_fields=["email"]),
                oauth2=OAuth2AuthConfig(
                    providers=[OAuth2ProviderInfo(name="g", auth_url="u", display_name="G")]
                ),
                mfa=MFAConfig(enabled=False), otp=OTPConfig(duration=180),
            ),
            AuthMethods(), OTPResponse(otp_id="o"), OTPResponse(),
            auth, RecordAuthResponse(),
            Log(level=4, message="m", data={"status": 200}, created=WHEN), Log(),
        ]
    """
)

NO_PLUGIN_CONFIG = "[mypy]\nstrict = True\npython_version = 3.10\n"


def test_every_model_is_built_by_snake_case_names_without_the_mypy_plugin(
    tmp_path: Path,
) -> None:
    snippet = tmp_path / "build_models.py"
    snippet.write_text(SNIPPET)
    config = tmp_path / "mypy.ini"
    config.write_text(NO_PLUGIN_CONFIG)
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--show-error-codes",
            str(snippet),
        ]
    )
    assert (status, stdout, stderr) == (0, "", "")
    # the snippet covers every public model class
    named = {name for name in models.__all__ if inspect.isclass(getattr(models, name))}
    covered = {name for name in named if re.search(rf"\b{name}\(", SNIPPET)}
    assert named - covered == {"BaseModel"}


def test_snake_case_construction_at_run_time() -> None:
    user = User(email="a@b.c", last_reset_sent_at=WHEN, name="Ann", collection_name="users")
    assert user.export()["lastResetSentAt"] == "2026-01-02 03:04:05.000Z"
    assert (user.name, user.collection_name) == ("Ann", "users")
    assert "name" not in user.export()
    collection = Collection(name="x", list_rule="", schema=[SchemaField(name="a")])
    assert (collection.list_rule, collection.view_rule) == ("", None)
    assert collection.export()["listRule"] == ""
    page = ListResult(items=[Record(id="r")], per_page=3, total_items=1)
    assert page.model_dump(by_alias=True)["perPage"] == 3
    assert LogRequest(user_agent="ua").export()["userAgent"] == "ua"
    assert ExternalAuth(provider_id="p").export()["providerId"] == "p"
    methods = AuthMethodsList(auth_providers=[AuthProviderInfo(code_verifier="v", auth_url="u")])
    assert methods.auth_providers[0].code_verifier == "v"
    # the wire names keep working
    assert User.model_validate({"lastResetSentAt": "2026-01-02 03:04:05.000Z"}).last_reset_sent_at
    assert ListResult[Record].model_validate({"perPage": 7}).per_page == 7
    assert UserAuthResponse().user == User() and AdminAuthResponse().admin == Admin()
    assert type(RecordSubscription().record) is Record


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-02 03:04:05.000Z",
        "2026-01-02 03:04:05.000",
        "2026-01-02T05:04:05+02:00",
        "2026-01-02T03:04:05Z",
        datetime(2026, 1, 2, 3, 4, 5),
        datetime(2026, 1, 1, 22, 4, 5, tzinfo=timezone(timedelta(hours=-5))),
        WHEN,
    ],
)
def test_every_date_is_aware_utc(value: object) -> None:
    for parsed in (
        Record.model_validate({"created": value}).created,
        User(last_reset_sent_at=value).last_reset_sent_at,  # type: ignore[arg-type]
        LogRequestStat.model_validate({"date": value}).date,
    ):
        assert isinstance(parsed, datetime)
        assert parsed.utcoffset() == timedelta(0)
        assert parsed == WHEN


def test_record_subscription_defaults_to_record_and_takes_a_model() -> None:
    class Post(Record):
        title: str = ""

    event = RecordSubscription[Post].model_validate({"action": "create", "record": {"title": "x"}})
    assert type(event.record) is Post and event.record.title == "x"
    assert type(RecordSubscription[Post]().record) is Post
    with pytest.raises(pydantic.ValidationError):
        RecordSubscription.model_validate({"action": "create", "record": [1]})
