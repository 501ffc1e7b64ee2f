"""Cookie utilities: reference cases plus property tests."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from pocketbase._cookie import (
    CookieError,
    JsDate,
    cookie_parse,
    cookie_serialize,
    encode_uri_component,
)
from pocketbase._js import decode_uri_component, js_json_stringify, js_number_to_string

JAN_2022 = datetime(2022, 1, 1, tzinfo=timezone.utc)


# -- reference cases -------------------------------------------------------------------------------


def test_parse_empty_string() -> None:
    assert cookie_parse("") == {}


def test_parse_valid_cookie_string() -> None:
    assert cookie_parse("foo=bar; abc=12@3") == {"foo": "bar", "abc": "12@3"}


def test_serialize_empty_value() -> None:
    assert cookie_serialize("test_cookie", "") == "test_cookie="


def test_serialize_non_empty_value() -> None:
    assert cookie_serialize("test_cookie", "abc") == "test_cookie=abc"


def test_serialize_all_options_camel_case() -> None:
    options: dict[str, Any] = {
        "maxAge": 123,
        "domain": "test.com",
        "path": "/abc/",
        "expires": JAN_2022,
        "httpOnly": True,
        "secure": True,
        "priority": "low",
        "sameSite": "lax",
        "encode": lambda v: "encode_" + encode_uri_component(v),
    }
    assert cookie_serialize("test_cookie", "abc", options) == (
        "test_cookie=encode_abc; Max-Age=123; Domain=test.com; Path=/abc/; "
        "Expires=Sat, 01 Jan 2022 00:00:00 GMT; HttpOnly; Secure; Priority=Low; SameSite=Lax"
    )


def test_serialize_all_options_snake_case() -> None:
    options: dict[str, Any] = {
        "max_age": 123,
        "domain": "test.com",
        "path": "/abc/",
        "expires": JAN_2022,
        "http_only": True,
        "secure": True,
        "priority": "low",
        "same_site": "lax",
        "encode": lambda v: "encode_" + encode_uri_component(v),
    }
    assert cookie_serialize("test_cookie", "abc", options) == (
        "test_cookie=encode_abc; Max-Age=123; Domain=test.com; Path=/abc/; "
        "Expires=Sat, 01 Jan 2022 00:00:00 GMT; HttpOnly; Secure; Priority=Low; SameSite=Lax"
    )


# -- probed parse cases ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a=1;b", {"a": "1"}),
        ("b;a=1", {"a": "1"}),
        (" ; a = 1 ; a=2", {"a": "1"}),
        ('a="q"', {"a": "q"}),
        ('a="q', {"a": ""}),
        ('a="', {"a": ""}),
        ("a=b=c", {"a": "b=c"}),
        ("a=%41", {"a": "A"}),
        ("a=%20x%2", {"a": "%20x%2"}),
        ("=v; k=1", {"": "v", "k": "1"}),
        ("noeq", {}),
        ("a=%E2%82%AC", {"a": "\u20ac"}),
        ("a=%E2%82", {"a": "%E2%82"}),  # truncated UTF-8: kept raw
        ("a=%C0%80", {"a": "%C0%80"}),  # overlong: kept raw
        ("a=%ED%A0%80", {"a": "%ED%A0%80"}),  # surrogate: kept raw
        ("a=x%", {"a": "x%"}),
        ("a=\u00a0v\ufeff", {"a": "v"}),  # JS trim() whitespace
        ("x;y;z=1;;w=2", {"z": "1", "w": "2"}),
    ],
)
def test_parse_probed_cases(header: str, expected: dict[str, str]) -> None:
    assert cookie_parse(header) == expected


def test_parse_non_string_gives_empty_dict() -> None:
    for value in (None, 1, b"a=1", ["a=1"], {"a": "1"}):
        assert cookie_parse(value) == {}  # type: ignore[arg-type]


def test_parse_custom_decoder_and_decoder_errors() -> None:
    assert cookie_parse("a=x; b=y", decode=str.upper) == {"a": "X", "b": "Y"}

    def boom(value: str) -> str:
        raise RuntimeError(value)

    assert cookie_parse("a=x", decode=boom) == {"a": "x"}


def test_decode_uri_component() -> None:
    assert decode_uri_component("a%20b%2Fc") == "a b/c"
    assert decode_uri_component("%F0%9F%98%80") == "\U0001f600"
    assert decode_uri_component("plain") == "plain"
    for bad in ("%", "%2", "%zz", "%FF", "%C3x", "a%E2%82%ACb%"):
        with pytest.raises(ValueError, match="URI malformed"):
            decode_uri_component(bad)


def test_encode_uri_component() -> None:
    assert encode_uri_component("a b/c?d=e&f;g") == "a%20b%2Fc%3Fd%3De%26f%3Bg"
    assert encode_uri_component("-_.!~*'()") == "-_.!~*'()"
    assert encode_uri_component("\u00fc\u20ac") == "%C3%BC%E2%82%AC"
    with pytest.raises(CookieError, match="URI malformed"):
        encode_uri_component("\ud800")


# -- serialize: validation and every attribute --------------------------------------------


def test_cookie_error_is_type_and_value_error() -> None:
    assert issubclass(CookieError, TypeError)
    assert issubclass(CookieError, ValueError)


@pytest.mark.parametrize(
    ("name", "value", "options", "message"),
    [
        ("", "v", None, "argument name is invalid"),
        ("\u0107", "v", None, "argument name is invalid"),
        ("a\n", "v", None, "argument name is invalid"),  # no "$ before newline" loophole
        ("a\nb", "v", None, "argument name is invalid"),
        ("n", "v", {"encode": lambda v: "\u0107"}, "argument val is invalid"),
        ("n", "v", {"encode": lambda v: "x\n"}, "argument val is invalid"),
        ("n", "v", {"maxAge": "abc"}, "option maxAge is invalid"),
        ("n", "v", {"max_age": float("inf")}, "option maxAge is invalid"),
        ("n", "v", {"max_age": float("nan")}, "option maxAge is invalid"),
        ("n", "v", {"max_age": [1]}, "option maxAge is invalid"),
        ("n", "v", {"domain": "a\u0107"}, "option domain is invalid"),
        ("n", "v", {"path": "/\n"}, "option path is invalid"),
        ("n", "v", {"expires": "2022-01-01"}, "option expires is invalid"),
        ("n", "v", {"expires": JsDate(float("nan"))}, "option expires is invalid"),
        ("n", "v", {"expires": JsDate(8.64e15 + 1)}, "option expires is invalid"),
        ("n", "v", {"priority": True}, "option priority is invalid"),
        ("n", "v", {"priority": "urgent"}, "option priority is invalid"),
        ("n", "v", {"same_site": "sometimes"}, "option sameSite is invalid"),
        ("n", "v", {"sameSite": 1}, "option sameSite is invalid"),
    ],
)
def test_serialize_errors(
    name: str, value: str, options: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(CookieError) as info:
        cookie_serialize(name, value, options)
    assert str(info.value) == message


def test_serialize_accepted_names() -> None:
    # probes: spaces, ";" and "=" are field-content; Latin-1 is allowed.
    assert cookie_serialize("a b;c=d", "v") == "a b;c=d=v"
    assert cookie_serialize("\u00fc", "v") == "\u00fc=v"
    assert cookie_serialize("a\tb", "v") == "a\tb=v"


def test_serialize_value_is_uri_encoded() -> None:
    assert cookie_serialize("n", '{"a":"b c"}') == "n=%7B%22a%22%3A%22b%20c%22%7D"


def test_serialize_max_age_variants() -> None:
    assert cookie_serialize("n", "v", {"max_age": 10.9}) == "n=v; Max-Age=10"
    assert cookie_serialize("n", "v", {"max_age": -1.5}) == "n=v; Max-Age=-2"
    assert cookie_serialize("n", "v", {"max_age": 0}) == "n=v; Max-Age=0"
    assert cookie_serialize("n", "v", {"max_age": "42"}) == "n=v; Max-Age=42"
    assert cookie_serialize("n", "v", {"max_age": True}) == "n=v; Max-Age=1"
    assert cookie_serialize("n", "v", {"max_age": 1e21}) == "n=v; Max-Age=1e+21"
    assert cookie_serialize("n", "v", {"max_age": None}) == "n=v"


def test_serialize_priority_and_same_site_variants() -> None:
    assert cookie_serialize("n", "v", {"priority": "MEDIUM"}) == "n=v; Priority=Medium"
    assert cookie_serialize("n", "v", {"priority": "High"}) == "n=v; Priority=High"
    assert cookie_serialize("n", "v", {"same_site": True}) == "n=v; SameSite=Strict"
    assert cookie_serialize("n", "v", {"same_site": "STRICT"}) == "n=v; SameSite=Strict"
    assert cookie_serialize("n", "v", {"same_site": "None"}) == "n=v; SameSite=None"
    assert cookie_serialize("n", "v", {"same_site": False}) == "n=v"
    assert cookie_serialize("n", "v", {"priority": ""}) == "n=v"


def test_serialize_falsy_options_are_skipped() -> None:
    options: dict[str, Any] = {
        "domain": "",
        "path": None,
        "expires": None,
        "http_only": False,
        "secure": 0,
        "priority": None,
        "same_site": None,
        "unknown": "ignored",
    }
    assert cookie_serialize("n", "v", options) == "n=v"


def test_serialize_expires_formats() -> None:
    # naive datetimes are UTC; milliseconds are truncated; other zones are converted
    naive = datetime(2030, 6, 27, 10, 0, 0, 999000)
    assert cookie_serialize("n", "v", {"expires": naive}) == (
        "n=v; Expires=Thu, 27 Jun 2030 10:00:00 GMT"
    )
    plus2 = datetime(2022, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    assert cookie_serialize("n", "v", {"expires": plus2}) == (
        "n=v; Expires=Sat, 01 Jan 2022 00:00:00 GMT"
    )
    before_epoch = datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=timezone.utc)
    assert cookie_serialize("n", "v", {"expires": before_epoch}) == (
        "n=v; Expires=Wed, 31 Dec 1969 23:59:59 GMT"
    )
    assert cookie_serialize("n", "v", {"expires": JsDate(1908784800000)}) == (
        "n=v; Expires=Thu, 27 Jun 2030 10:00:00 GMT"
    )
    assert cookie_serialize("n", "v", {"expires": JsDate(-500)}) == (
        "n=v; Expires=Wed, 31 Dec 1969 23:59:59 GMT"
    )
    assert cookie_serialize("n", "v", {"expires": JsDate(8.64e15)}) == (
        "n=v; Expires=Sat, 13 Sep 275760 00:00:00 GMT"
    )


# -- JSON.stringify ------------------------------------------------------------------------


def test_js_json_stringify() -> None:
    assert js_json_stringify({"a": 1.0, "b": [True, None, "x"], "c": {}}) == (
        '{"a":1,"b":[true,null,"x"],"c":{}}'
    )
    assert js_json_stringify(["\u00fc\u2028", "\x00\x1f\x7f", '"\\']) == (
        '["\u00fc\u2028","\\u0000\\u001f\x7f","\\"\\\\"]'
    )
    assert js_json_stringify([math.nan, math.inf, 1e21, 1e-7, 2**60]) == (
        "[null,null,1e+21,1e-7,1152921504606847000]"
    )
    assert js_json_stringify("\ud800x") == '"\\ud800x"'
    assert js_json_stringify({2: "a", None: "b", False: "c", 1.5: "d"}) == (
        '{"2":"a","null":"b","false":"c","1.5":"d"}'
    )
    assert js_json_stringify(datetime(2022, 1, 1, 0, 0, 0, 123456, tzinfo=timezone.utc)) == (
        '"2022-01-01T00:00:00.123Z"'
    )
    with pytest.raises(TypeError):
        js_json_stringify(object())


def test_js_json_stringify_orders_keys_as_a_js_object() -> None:
    # JSON.stringify(JSON.parse(text)) puts array-index keys first, in numeric order
    data = {"b": 1, "10": 2, "9": 3, "4294967295": 4, "4294967294": 5, "01": 6, "-1": 7, "0": 8}
    assert js_json_stringify(data) == (
        '{"0":8,"9":3,"10":2,"4294967294":5,"b":1,"4294967295":4,"01":6,"-1":7}'
    )
    assert js_json_stringify({"x": {"2": "a", "1": "b"}, 3: "c"}) == (
        '{"3":"c","x":{"1":"b","2":"a"}}'
    )


def test_js_number_to_string() -> None:
    cases = {
        1.0: "1",
        -1.5: "-1.5",
        0.1 + 0.2: "0.30000000000000004",
        1e20: "100000000000000000000",
        1e21: "1e+21",
        1.5e-7: "1.5e-7",
        0.000001: "0.000001",
        5e-324: "5e-324",
        -0.0: "0",
    }
    for value, text in cases.items():
        assert js_number_to_string(value) == text


# -- properties ----------------------------------------------------------------------------

# RFC 6265 token characters: never mangled by the parser (no ";", "=", space or quote).
COOKIE_NAME = st.text(
    alphabet="!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    min_size=1,
    max_size=20,
)


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    result = cookie_parse(text)
    assert isinstance(result, dict)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.items())


@given(st.text(alphabet=st.sampled_from(list(' ;="%\t\n\u00a0abcAF019'))))
def test_parse_never_raises_on_dense_separators(text: str) -> None:
    assert isinstance(cookie_parse(text), dict)


@given(COOKIE_NAME, st.text())
def test_serialize_parse_round_trip(name: str, value: str) -> None:
    header = cookie_serialize(name, value)
    assert cookie_parse(header) == {name: value}


@given(COOKIE_NAME, st.text(), st.booleans(), st.sampled_from(["lax", "strict", "none", True]))
def test_round_trip_with_attributes(name: str, value: str, secure: bool, same_site: Any) -> None:
    header = cookie_serialize(
        name, value, {"path": "/", "secure": secure, "same_site": same_site, "max_age": 60}
    )
    assert cookie_parse(header)[name] == value
