"""JWT helpers: reference cases plus the base64url fix."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from hypothesis import given, strategies as st

from pocketbase._js import js_to_number, js_truthy
from pocketbase._jwt import get_token_payload, is_token_expired

TOKEN_TEST_123 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjN9.da77dJt5jjPU43vaaCr6WeHEXrxzB37b0edfjwyD-2M"
TOKEN_EMPTY_PAYLOAD = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.Et9HFtf9R3GEMA0IICOfFMVXY7kkTX1wr4qCyhIf58U"
)
TOKEN_EXPIRED = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTYyNDc4ODAwMH0."
    "WOzXh8TQh6fBXJJlOvHktBuv7D8eSyrYx4_IBj2Deyo"
)
TOKEN_VALID_2030 = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZXN0IjoxMjMsImV4cCI6MTkwODc4NDgwMH0."
    "vVbRVx-Bs7pusxfU8TTTOEtNcUEYSzmJUboC68PB5iE"
)


def make_token(payload: Any, *, urlsafe: bool = True, padded: bool = False) -> str:
    raw = json.dumps(payload).encode()
    seg = base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)
    text = seg.decode()
    if not padded:
        text = text.rstrip("=")
    return f"eyJhbGciOiJIUzI1NiJ9.{text}.sig"


# reference case 1
def test_get_token_payload_extracts_payload_without_validation() -> None:
    assert get_token_payload(TOKEN_TEST_123) == {"test": 123}


# reference case 2
def test_get_token_payload_falls_back_to_empty_dict() -> None:
    assert get_token_payload("") == {}
    assert get_token_payload("abc") == {}
    assert get_token_payload("a.b.c") == {}


# reference case 3, verbatim table
def test_is_token_expired_reference_table() -> None:
    assert is_token_expired("") is True
    assert is_token_expired(TOKEN_EMPTY_PAYLOAD) is True
    assert is_token_expired(TOKEN_TEST_123) is False
    assert is_token_expired(TOKEN_EXPIRED) is True
    assert is_token_expired(TOKEN_VALID_2030) is False


def test_base64url_payload_with_future_exp_is_valid() -> None:
    # Payload chosen so that its base64url form contains "-" and "_".
    payload = {"id": "abc", "exp": int(time.time()) + 3600, "x": "\u00ff\u00fe>>??"}
    token = make_token(payload, urlsafe=True)
    segment = token.split(".")[1]
    assert "-" in segment or "_" in segment
    assert get_token_payload(token) == payload
    assert is_token_expired(token) is False


def test_standard_base64_padded_and_unpadded() -> None:
    payload = {"a": 1}
    assert get_token_payload(make_token(payload, urlsafe=False, padded=True)) == payload
    assert get_token_payload(make_token(payload, urlsafe=False, padded=False)) == payload
    assert get_token_payload(make_token(payload, urlsafe=True, padded=True)) == payload


def test_malformed_base64_and_json() -> None:
    assert get_token_payload("x.e30=.y") == {}  # bad padding: "e30=" has length 4 but 3 chars
    assert get_token_payload("x.=e30.y") == {}
    assert get_token_payload("x.e30===.y") == {}
    assert get_token_payload("x.!!!!.y") == {}
    assert get_token_payload("x.a.y") == {}  # length 1 mod 4
    assert get_token_payload("x." + base64.b64encode(b"\xff\xfe").decode() + ".y") == {}
    assert get_token_payload("x." + base64.b64encode(b"NaN").decode() + ".y") == {}
    assert get_token_payload("x." + base64.b64encode(b'{"exp": Infinity}').decode() + ".y") == {}


def test_non_object_or_falsy_payloads_are_empty() -> None:
    for payload in (None, 0, False, "", "abc", [1, 2], [], 5):
        assert get_token_payload(make_token(payload)) == {}
        assert is_token_expired(make_token(payload)) is True


def test_non_string_inputs_never_raise() -> None:
    for value in (None, 123, b"a.e30.b", ["a", "b"], {"a": 1}, object()):
        assert get_token_payload(value) == {}  # type: ignore[arg-type]
        assert is_token_expired(value) is True  # type: ignore[arg-type]


def test_exp_rules() -> None:
    now = int(time.time())
    assert is_token_expired(make_token({"id": "1"})) is False  # no exp: valid forever
    assert is_token_expired(make_token({"exp": 0})) is False
    assert is_token_expired(make_token({"exp": None})) is False
    assert is_token_expired(make_token({"exp": ""})) is False
    assert is_token_expired(make_token({"exp": now + 100})) is False
    assert is_token_expired(make_token({"exp": now - 1})) is True
    assert is_token_expired(make_token({"exp": "99999999999"})) is False  # numeric string
    assert is_token_expired(make_token({"exp": "soon"})) is True  # NaN
    assert is_token_expired(make_token({"exp": []})) is True  # truthy in JS, NaN here
    assert is_token_expired(make_token({"exp": now + 100}), threshold=200) is True
    assert is_token_expired(make_token({"exp": now + 100}), threshold=-200) is False


def test_js_helpers() -> None:
    values: tuple[Any, ...] = (None, False, 0, 0.0, "", [], {}, "0", 1, True)
    assert [js_truthy(v) for v in values] == [
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
        True,
        True,
    ]
    assert js_to_number(" 12 ") == 12.0
    assert js_to_number("0x10") == 16.0
    assert js_to_number("") == 0.0
    assert js_to_number("Infinity") == float("inf")
    assert js_to_number("1_000") != js_to_number("1_000")  # NaN
    assert js_to_number("inf") != js_to_number("inf")  # NaN: JS spells it Infinity
    assert js_to_number(True) == 1.0


@given(st.text())
def test_get_token_payload_never_raises_on_text(text: str) -> None:
    result = get_token_payload(text)
    assert isinstance(result, dict)
    assert isinstance(is_token_expired(text), bool)


@given(
    st.lists(
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=. \n")
    )
)
def test_get_token_payload_never_raises_on_base64ish(parts: list[str]) -> None:
    token = ".".join(parts)
    assert isinstance(get_token_payload(token), dict)
    assert isinstance(is_token_expired(token, threshold=10), bool)


@given(
    st.dictionaries(
        st.text(), st.one_of(st.integers(), st.text(), st.booleans(), st.none()), min_size=1
    ),
    st.booleans(),
    st.booleans(),
)
def test_payload_round_trip(payload: dict[str, Any], urlsafe: bool, padded: bool) -> None:
    assert get_token_payload(make_token(payload, urlsafe=urlsafe, padded=padded)) == payload
