"""Auth stores holding 0.23+ records: ``record``, ``is_superuser``, the JS SDK 0.28.1 cookie
format, both cookie formats on load, the store file's ``record`` field, hostile input."""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from pocketbase._auth_store import BaseAuthStore, LocalAuthStore, record_wire_dict
from pocketbase.models import Admin, Record, User
from tests.test_auth_store import (
    G0_ADMIN,
    G1_ADMIN,
    G1_USER,
    G2_OTHER_AUTH,
    G2_SUPERUSER,
    G2_USER,
    OPAQUE,
    VALID_TOKEN,
    assert_consistent,
    jwt,
)

USER_WIRE: dict[str, Any] = {
    "avatar": "",
    "collectionId": "_pb_users_auth_",
    "collectionName": "users",
    "created": "2024-11-20 10:00:00.123Z",
    "email": "u@example.com",
    "emailVisibility": False,
    "id": "u1",
    "name": "Ann",
    "updated": "2024-11-21 11:30:00.000Z",
    "verified": True,
}
SUPERUSER_WIRE: dict[str, Any] = {
    "collectionId": "pbc_3142635823",
    "collectionName": "_superusers",
    "created": "2024-11-20 10:00:00.000Z",
    "email": "s@example.com",
    "emailVisibility": False,
    "id": "s1",
    "updated": "2024-11-20 10:00:00.000Z",
    "verified": True,
}
TAIL = "; Path=/; Expires=Thu, 27 Jun 2030 10:00:00 GMT; HttpOnly; Secure; SameSite=Strict"


def record(data: dict[str, Any]) -> Record:
    return Record.model_validate(data)


def cookie_value(text: str) -> Any:
    return json.loads(unquote(text.split(";", 1)[0].split("=", 1)[1]))


def record_cookie(token: str, data: Any) -> str:
    return "pb_auth=" + quote(json.dumps({"token": token, "record": data}))


# -- record, model and is_superuser ---------------------------------------------------------


def test_saved_record_is_kept_and_presented_as_a_user() -> None:
    store = BaseAuthStore()
    seen: list[tuple[str, Any]] = []
    store.on_change(lambda token, model: seen.append((token, model)))
    saved = record(USER_WIRE)
    store.save(G2_USER, saved)
    assert store.record is saved
    model = store.model
    assert isinstance(model, User) and model is store.model
    assert (model.id, model.email, model.verified) == ("u1", "u@example.com", True)
    assert (model.name, model.avatar, model.collection_id, model.collection_name) == (
        "Ann",
        "",
        "_pb_users_auth_",
        "users",
    )
    assert model.model_extra == {"emailVisibility": False}
    assert (store.kind, store.is_user, store.is_admin, store.is_superuser) == (
        "user",
        True,
        False,
        False,
    )
    assert store.snapshot() == (G2_USER, model, "user")
    assert seen == [(G2_USER, model)]  # callbacks keep the seed signature
    assert_consistent(store)


def test_saved_superuser_record_is_presented_as_an_admin() -> None:
    store = LocalAuthStore()
    store.save(G2_SUPERUSER, record(SUPERUSER_WIRE))
    assert isinstance(store.model, Admin)
    assert store.model.email == "s@example.com"
    assert store.is_superuser and store.is_admin and store.kind == "admin"
    assert_consistent(store)


@pytest.mark.parametrize(
    ("token", "data", "kind"),
    [
        (G2_USER, {"id": "x", "collectionName": "_superusers"}, "admin"),  # the record tells
        (G2_SUPERUSER, {"id": "x", "collectionName": "users"}, "user"),
        (G2_SUPERUSER, {"id": "x"}, "admin"),  # no collectionName: the token tells
        (G2_OTHER_AUTH, {"id": "x"}, "user"),
        (G1_ADMIN, {"id": "x"}, "admin"),  # a 0.8-0.22 admin stored as a record
        (OPAQUE, {"id": "x", "collectionId": "pbc_3142635823"}, "admin"),
        (OPAQUE, {"id": "x"}, "user"),  # never the seed's "no verified means admin" rule
    ],
)
def test_record_kind(token: str, data: dict[str, Any], kind: str) -> None:
    store = BaseAuthStore()
    store.save(token, record(data))
    assert store.kind == kind
    assert store.is_superuser is (kind == "admin")
    assert isinstance(store.model, Admin if kind == "admin" else User)


@pytest.mark.parametrize(
    ("token", "model", "superuser"),
    [
        (G1_ADMIN, None, True),  # 0.8-0.22 admin tokens count as superuser
        (G0_ADMIN, Admin(id="a1"), True),
        (OPAQUE, Admin(id="a1"), True),
        (G2_SUPERUSER, None, True),
        (G1_USER, None, False),
        (G2_USER, User(id="u1"), False),
        (OPAQUE, None, False),
        ("", None, False),
    ],
)
def test_is_superuser(token: str, model: User | Admin | None, superuser: bool) -> None:
    store = BaseAuthStore()
    store.save(token, model)
    assert store.is_superuser is superuser


def test_seed_models_are_presented_as_records() -> None:
    store = BaseAuthStore()
    assert store.record is None
    user = User.model_validate(dict(USER_WIRE, profile=None))
    store.save(G2_USER, user)
    presented = store.record
    assert isinstance(presented, Record) and presented is store.record
    assert (presented.id, presented.collection_name, presented["name"]) == ("u1", "users", "Ann")
    assert presented["email"] == "u@example.com" and presented.created == user.created
    assert store.model is user
    store.save(G1_ADMIN, Admin(id="a1", email="a@example.com", avatar=2))
    assert store.record is not None
    assert (store.record.id, store.record["email"], store.record["avatar"]) == (
        "a1",
        "a@example.com",
        2,
    )
    store.save(G1_ADMIN, None)
    assert store.record is None


def test_record_fields_the_seed_user_cannot_hold_stay_on_the_record() -> None:
    # A 0.23+ collection may have a relation named "profile" or a text "lastResetSentAt".
    data = dict(USER_WIRE, profile="p1relationid", lastResetSentAt="not a date")
    store = BaseAuthStore()
    store.save(G2_USER, record(data))
    assert store.record is not None and store.record["profile"] == "p1relationid"
    assert isinstance(store.model, User)
    assert (store.model.id, store.model.profile, store.model.last_reset_sent_at) == (
        "u1",
        None,
        None,
    )
    assert store.model.name == "Ann"
    assert cookie_value(store.export_to_cookie())["record"] == dict(sorted(data.items()))


# -- the 0.28.1 cookie ------------------------------------------------------------------------


def test_record_cookie_is_the_js_sdk_0_28_1_shape() -> None:
    store = LocalAuthStore()
    store.save(VALID_TOKEN, record({"id": "r1", "collectionName": "users", "email": "e@x.io"}))
    assert store.export_to_cookie() == (
        "pb_auth=%7B%22token%22%3A%22" + VALID_TOKEN + "%22%2C%22record%22%3A%7B"
        "%22collectionName%22%3A%22users%22%2C%22email%22%3A%22e%40x.io%22%2C%22id%22%3A%22r1"
        "%22%7D%7D" + TAIL
    )


def test_record_cookie_has_exactly_the_given_fields() -> None:
    data = dict(
        USER_WIRE,
        expand={"team": {"id": "t1", "collectionName": "teams", "created": "", "n": 1}},
        prefs={"b": 1, "a": None},
    )
    store = BaseAuthStore()
    store.save(G2_USER, record(data))
    sent = cookie_value(store.export_to_cookie())
    assert sent == {"token": G2_USER, "record": data}
    text = unquote(store.export_to_cookie())
    # keys sorted as the server writes them, nested JSON values untouched
    assert '"record":{"avatar":"","collectionId":' in text
    assert '"expand":{"team":{"collectionName":"teams","created":"","id":"t1","n":1}}' in text
    assert '"prefs":{"b":1,"a":null}' in text
    # a record built in Python: nothing added (no created, updated, expand, collection keys)
    store.save(G2_USER, Record(id="u9"))
    assert cookie_value(store.export_to_cookie())["record"] == {"id": "u9"}


def test_record_cookie_dates_keep_the_server_form() -> None:
    store = BaseAuthStore()
    store.save(G2_USER, record({"id": "x", "created": "2024-01-02 03:04:05.678Z"}))
    assert cookie_value(store.export_to_cookie())["record"]["created"] == (
        "2024-01-02 03:04:05.678Z"
    )
    store.save(G2_USER, record({"id": "x", "created": "2024-01-02 03:04:05.678"}))  # 0.7 form
    assert cookie_value(store.export_to_cookie())["record"]["created"] == (
        "2024-01-02 03:04:05.678"
    )


def test_typed_record_subclass_exports_its_given_fields() -> None:
    class Member(Record):
        name: str = ""
        score: int = 0

    store = BaseAuthStore()
    member = Member.model_validate({"id": "m1", "name": "Ann", "bio": "hi"})
    store.save(G2_USER, member)
    assert store.record is member
    assert cookie_value(store.export_to_cookie())["record"] == {
        "bio": "hi",
        "id": "m1",
        "name": "Ann",
    }


def test_oversized_record_cookie_is_cut_as_0_28_1_cuts_it() -> None:
    store = BaseAuthStore()
    store.save(G2_USER, record(dict(USER_WIRE, bio="x" * 5000)))
    cookie = store.export_to_cookie()
    assert cookie_value(cookie)["record"] == {
        "id": "u1",
        "email": "u@example.com",
        "collectionId": "_pb_users_auth_",
        "collectionName": "users",
        "verified": True,
    }
    assert list(cookie_value(cookie)["record"]) == [
        "id",
        "email",
        "collectionId",
        "collectionName",
        "verified",
    ]
    store.save(G2_OTHER_AUTH, record({"id": "m1", "collectionId": "pbc_99", "x": "y" * 5000}))
    assert cookie_value(store.export_to_cookie())["record"] == {
        "id": "m1",
        "collectionId": "pbc_99",
    }
    store.save(G2_USER, record({"id": "u1", "email": "e" * 5000}))  # cut once, even if still big
    assert len(store.export_to_cookie().encode()) > 4096


def test_array_index_keys_come_first_as_in_a_js_object() -> None:
    store = BaseAuthStore()
    store.save(G2_USER, record({"id": "x", "b": 1, "10": "ten", "9": "nine"}))
    assert '"record":{"9":"nine","10":"ten","b":1,"id":"x"}' in unquote(store.export_to_cookie())


def test_empty_and_cleared_stores() -> None:
    store = LocalAuthStore()
    assert cookie_value(store.export_to_cookie()) == {"token": "", "model": None}
    store.save(G2_USER, record(USER_WIRE))
    store.save(G2_USER, None)  # keeps the record format, as the JS SDK 0.28.1 would
    assert cookie_value(store.export_to_cookie()) == {"token": G2_USER, "record": None}
    assert store.kind == "user" and store.model is None
    store.clear()
    assert cookie_value(store.export_to_cookie()) == {"token": "", "record": None}
    assert (store.token, store.model, store.record, store.kind) == ("", None, None, None)
    store.save(G2_USER, User(id="u1"))  # a seed model: back to the seed format
    assert cookie_value(store.export_to_cookie())["model"]["id"] == "u1"
    store.clear()
    assert cookie_value(store.export_to_cookie()) == {"token": "", "model": None}


# -- loading both formats -------------------------------------------------------------------


def test_load_prefers_record_over_model() -> None:
    store = BaseAuthStore()
    store.load_from_cookie(
        'pb_auth={"token":"t","model":{"id":"m","verified":true},"record":{"id":"r"}}'
    )
    assert store.record is not None and store.record.id == "r"
    assert cookie_value(store.export_to_cookie())["record"] == {"id": "r"}


def test_load_record_null_falls_back_to_model_then_to_no_record() -> None:
    store = BaseAuthStore()
    store.load_from_cookie(
        f'pb_auth={{"token":"{G1_USER}","record":null,"model":{{"id":"m","verified":true}}}}'
    )
    assert isinstance(store.model, User) and store.model.id == "m"
    assert "model" in cookie_value(store.export_to_cookie())  # a seed (0.7.4-style) cookie
    store.load_from_cookie(f'pb_auth={{"token":"{G2_SUPERUSER}","record":null}}')
    assert (store.token, store.model, store.record) == (G2_SUPERUSER, None, None)
    assert store.is_superuser
    assert cookie_value(store.export_to_cookie()) == {"token": G2_SUPERUSER, "record": None}


def test_loaded_record_keeps_its_key_order_for_the_next_export() -> None:
    text = '{"token":"t","record":{"id":"u1","email":"e@x.io","collectionName":"users"}}'
    store = BaseAuthStore()
    store.load_from_cookie("pb_auth=" + quote(text))
    assert unquote(store.export_to_cookie()).split(";")[0] == "pb_auth=" + text


def test_legacy_cookies_still_load_as_seed_models() -> None:
    store = BaseAuthStore()
    store.load_from_cookie('pb_auth={"token":"t","model":{"id":"1","verified":true}}')
    assert isinstance(store.model, User)
    assert cookie_value(store.export_to_cookie())["model"]["id"] == "1"


HOSTILE_RECORD_COOKIES = [
    'pb_auth={"token":"t","record":"abc"}',
    'pb_auth={"token":"t","record":[1,2]}',
    'pb_auth={"token":"t","record":123}',
    'pb_auth={"token":"t","record":true}',
    'pb_auth={"token":"t","record":{"id":{"nested":1}}}',
    'pb_auth={"token":"t","record":{"id":true}}',
    'pb_auth={"token":"t","record":{"id":"1","created":"not a date"}}',
    'pb_auth={"token":"t","record":{"id":"1","expand":{"x":"not a record"}}}',
    'pb_auth={"token":5,"record":{"id":"1"}}',
    'pb_auth={"token":"","record":{"id":"1"}}',
    'pb_auth={"record":{"id":"1"}}',
    'pb_auth={"token":"t","record":{"id":"1","x":' + "[" * 900 + "]" * 900 + "}}",
    'pb_auth={"token":"t","record":{"id":"1","x":"' + "y" * 100_000 + '"}}',
    'pb_auth={"token":"t","record":{"id":"1","profile":"p","lastResetSentAt":5}}',
    'pb_auth={"token":"t","record":{},"model":{"id":"1"}}',
    'pb_auth={"token":"t","record":false,"model":"abc"}',
    'pb_auth={"token":"t","record":{"id":"1","collectionName":{"x":1}}}',
]


@pytest.mark.parametrize("cookie", HOSTILE_RECORD_COOKIES)
def test_hostile_record_cookies_never_raise(cookie: str) -> None:
    for store in (BaseAuthStore(), LocalAuthStore()):
        store.save(VALID_TOKEN, record({"id": "before"}))
        store.load_from_cookie(cookie)
        assert_consistent(store)
        assert store.token != VALID_TOKEN  # always replaced
        if store.token:
            assert store.record is not None and store.model is not None
        else:
            assert (store.record, store.model, store.kind) == (None, None, None)
        store.export_to_cookie()


def test_hostile_record_cookie_results() -> None:
    store = LocalAuthStore()
    for cookie in HOSTILE_RECORD_COOKIES[:12] + HOSTILE_RECORD_COOKIES[15:16]:
        store.save(VALID_TOKEN, record({"id": "before"}))
        store.load_from_cookie(cookie)
        assert (store.token, store.model, store.record, store.kind) == ("", None, None, None)
    store.load_from_cookie(HOSTILE_RECORD_COOKIES[12])
    assert store.record is not None and len(store.record["x"]) == 100_000
    store.load_from_cookie(HOSTILE_RECORD_COOKIES[13])
    assert store.record is not None and store.record["lastResetSentAt"] == 5
    store.load_from_cookie(HOSTILE_RECORD_COOKIES[14])  # {} is truthy in JS: an empty record
    assert store.record is not None and record_wire_dict(store.record) == {}
    store.load_from_cookie(HOSTILE_RECORD_COOKIES[16])
    assert store.record is not None and store.record.collection_name == ""
    assert store.kind == "user"


# -- the store file ---------------------------------------------------------------------------


def test_file_keeps_the_record_format(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    first = LocalAuthStore(path)
    first.save(G2_SUPERUSER, record(SUPERUSER_WIRE))
    document = json.loads(path.read_text())
    assert document == {"token": G2_SUPERUSER, "record": SUPERUSER_WIRE, "kind": "admin"}
    second = LocalAuthStore(path)
    assert second.record is not None
    assert record_wire_dict(second.record) == SUPERUSER_WIRE
    assert isinstance(second.model, Admin) and second.is_superuser
    assert second.export_to_cookie() == first.export_to_cookie()
    second.save(G2_SUPERUSER, None)
    third = LocalAuthStore(path)
    assert (third.token, third.record, third.kind) == (G2_SUPERUSER, None, "admin")
    assert cookie_value(third.export_to_cookie()) == {"token": G2_SUPERUSER, "record": None}
    third.clear()
    assert json.loads(path.read_text()) == {"token": "", "record": None, "kind": None}
    assert cookie_value(LocalAuthStore(path).export_to_cookie()) == {"token": "", "record": None}


def test_file_keeps_the_key_order_of_a_loaded_record(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    text = '{"token":"t","record":{"id":"u1","email":"e@x.io","collectionName":"users"}}'
    LocalAuthStore(path).load_from_cookie("pb_auth=" + quote(text))
    assert '"record":{"id":"u1","email":"e@x.io","collectionName":"users"}' in path.read_text()
    reloaded = LocalAuthStore(path)
    assert unquote(reloaded.export_to_cookie()).split(";")[0] == "pb_auth=" + text


def test_seed_files_are_unchanged_and_old_files_load(tmp_path: Path) -> None:
    path = tmp_path / "auth.json"
    LocalAuthStore(path).save(G1_USER, User(id="u1", verified=True))
    assert set(json.loads(path.read_text())) == {"token", "model", "kind"}
    path.write_text(json.dumps({"token": G1_USER, "model": {"id": "u2", "verified": True}}))
    old = LocalAuthStore(path)
    assert isinstance(old.model, User) and old.model.id == "u2"
    assert cookie_value(old.export_to_cookie())["model"]["id"] == "u2"


@pytest.mark.parametrize(
    "content",
    [
        b'{"token": "t", "record": "abc"}',
        b'{"token": "t", "record": {"id": [1]}}',
        b'{"token": "t", "record": {"id": "1", "created": "garbage"}}',
        b'{"token": "t", "record": {"id": "1"}, "kind": "root"}',
    ],
)
def test_corrupt_record_file_warns_and_gives_an_empty_store(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    path = tmp_path / "auth.json"
    path.write_bytes(content)
    store = LocalAuthStore(path)
    assert (store.token, store.model, store.record) == ("", None, None)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "corrupt" in warnings[0].getMessage()


# -- secrets ----------------------------------------------------------------------------------


def test_record_stores_keep_the_token_out_of_repr_logs_and_pickles(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = jwt({"id": "s1", "type": "auth", "collectionId": "pbc_3142635823", "m": "SECRET"})
    signature = secret.rsplit(".", 1)[1]
    path = tmp_path / "auth.json"
    for store in (BaseAuthStore(), LocalAuthStore(path)):
        store.save(secret, record(SUPERUSER_WIRE))
        store.load_from_cookie(store.export_to_cookie())
        store.load_from_cookie(record_cookie(secret, {"id": [1]}))
        store.load_from_cookie(record_cookie(secret, SUPERUSER_WIRE))
        texts = [repr(store), str(store), repr(store.record), repr(store.model)]
        texts.append(pickle.dumps(store.record).decode("latin-1"))
        texts.append(pickle.dumps(store.model).decode("latin-1"))
        for text in texts:
            assert signature not in text
        with pytest.raises(TypeError):
            pickle.dumps(store)  # a store (and the token in it) cannot be pickled
    LocalAuthStore(tmp_path / "x" / "y.json").save(secret, record(SUPERUSER_WIRE))
    path.write_text('{"token": "' + secret + '", "record": 5}')
    LocalAuthStore(path)
    assert caplog.records
    for log in caplog.records:
        assert signature not in log.getMessage() and "SECRET" not in log.getMessage()
