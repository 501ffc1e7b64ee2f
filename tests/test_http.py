"""Sans-I/O request building (pocketbase/_http.py): query serialisation,
path segments, multipart splitting and file URLs.

The expected JS values were produced with node (``String(n)``, ``encodeURIComponent``,
``URLSearchParams``) and are written out literally here.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from pocketbase._http import (
    encode_segment,
    file_url,
    is_file_value,
    js_string,
    serialize_query,
    split_multipart,
)
from pocketbase._js import js_number_to_string

# -- JS number and string formatting ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (100.0, "100"),
        (-2.5, "-2.5"),
        (1.5, "1.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (123e-20, "1.23e-18"),
        (1e16, "10000000000000000"),
        # floats above 2**53: JS writes the shortest digits padded with zeros
        (2.0**60, "1152921504606847000"),
        (1.2345678901234568e20, "123456789012345680000"),
        (1e21, "1e+21"),
        (-1.5e300, "-1.5e+300"),
        (5e-324, "5e-324"),
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        # Python ints are exact; they are written in full
        (2**60, "1152921504606846976"),
        (-7, "-7"),
    ],
)
def test_js_number_to_string(value: float, text: str) -> None:
    assert js_number_to_string(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        ("", ""),
        ("x y", "x y"),
        (1.0, "1"),
        ([1, None, "a"], "1,,a"),
        ([[1], 2], "1,2"),
        ({"a": 1}, "[object Object]"),
        (datetime(2022, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc), "2022-01-02T03:04:05.006Z"),
        (
            datetime(2022, 1, 2, 5, 4, 5, 6999, tzinfo=timezone(timedelta(hours=2))),
            "2022-01-02T03:04:05.006Z",
        ),
        (datetime(2022, 1, 2, 3, 4, 5), "2022-01-02T03:04:05.000Z"),
        (date(2022, 1, 2), "2022-01-02T00:00:00.000Z"),
    ],
)
def test_js_string(value: Any, text: str) -> None:
    assert js_string(value) == text


# -- query serialisation -----------------------------------------------------------


def test_serialize_query_probed_example() -> None:
    params = {
        "b": None,
        "c": [1, None, "x y"],
        "d": True,
        "e": datetime(2022, 1, 2, 3, 4, 5, 6000, tzinfo=timezone.utc),
        "f": {"g": [1, 2], "h": "é"},
        "k ey": "!'()*~-_.",
        "n": 0,
        "s": "",
    }
    assert serialize_query(params) == (
        "c=1&c=null&c=x%20y&d=true&e=2022-01-02T03%3A04%3A05.006Z"
        "&f=%7B%22g%22%3A%5B1%2C2%5D%2C%22h%22%3A%22%C3%A9%22%7D&k%20ey=!'()*~-_.&n=0&s="
    )


@pytest.mark.parametrize(
    ("params", "query"),
    [
        ({}, ""),
        ({"a": None}, ""),
        ({"a": []}, ""),
        ({"a": ()}, ""),
        ({"a": (1, 2)}, "a=1&a=2"),
        ({"a": [[1], {"x": 1}, True, 1.0]}, "a=1&a=%5Bobject%20Object%5D&a=true&a=1"),
        (
            {"f": 1.0, "g": 1e21, "h": 2.0**60, "i": -0.5},
            "f=1&g=1e%2B21&h=1152921504606847000&i=-0.5",
        ),
        ({"d": False}, "d=false"),
        ({"a/b?": "c&d=e#f%"}, "a%2Fb%3F=c%26d%3De%23f%25"),
        ({"u": "zażółć 😀"}, "u=za%C5%BC%C3%B3%C5%82%C4%87%20%F0%9F%98%80"),
        ({"plus": "a+b"}, "plus=a%2Bb"),
        (
            {"nested": {"a": None, "b": 1.0, "c": [True]}},
            "nested=%7B%22a%22%3Anull%2C%22b%22%3A1%2C%22c%22%3A%5Btrue%5D%7D",
        ),
        ({"filter": "title~'x' && n>1"}, "filter=title~'x'%20%26%26%20n%3E1"),
        ({1: "x"}, "1=x"),
    ],
)
def test_serialize_query_cases(params: dict[Any, Any], query: str) -> None:
    assert serialize_query(params) == query


def test_serialize_query_keeps_insertion_order() -> None:
    assert serialize_query({"z": 1, "a": 2, "m": 3}) == "z=1&a=2&m=3"


# -- path segments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("abc", "abc"),
        ("abc=", "abc%3D"),
        ("sub=", "sub%3D"),
        ("a/b", "a%2Fb"),
        ("?", "%3F"),
        ("#", "%23"),
        ("%", "%25"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
        ("😀", "%F0%9F%98%80"),
        ("@test_id", "%40test_id"),
        ("test?123", "test%3F123"),
        ("~!*()'-_.", "~!*()'-_."),
        # dot segments would be resolved by httpx and proxies: the dots are encoded
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "%2E%2E%2E"),
        # dots next to other characters are plain data
        (".a", ".a"),
        ("a..", "a.."),
        ("", ""),
        (123, "123"),
    ],
)
def test_encode_segment(value: Any, segment: str) -> None:
    assert encode_segment(value) == segment


@pytest.mark.parametrize("value", [".", "..", "a/b", "../x", "?#", "%2E%2E"])
def test_encoded_segment_survives_httpx_unchanged(value: str) -> None:
    """httpx sends the encoded segment as is: no dot-segment removal, no decoding."""
    url = httpx.URL(f"http://h/api/collections/{encode_segment(value)}/records")
    assert url.raw_path == f"/api/collections/{encode_segment(value)}/records".encode()


# -- file URLs ---------------------------------------------------------------------

RECORD_ARGS = ("123", "456")


@pytest.mark.parametrize(
    ("base", "filename", "query", "url"),
    [
        ("test_base_url///", "demo.png", None, "test_base_url/api/files/123/456/demo.png"),
        ("test_base_url///", "demo.png", {}, "test_base_url/api/files/123/456/demo.png"),
        (
            "test_base_url///",
            "demo.png",
            {"test": "abc"},
            "test_base_url/api/files/123/456/demo.png?test=abc",
        ),
        (
            "test_base_url///",
            "demo.png?test=abc",
            {"thumb": "100x200"},
            "test_base_url/api/files/123/456/demo.png?test=abc&thumb=100x200",
        ),
        ("", "demo.png", None, "/api/files/123/456/demo.png"),
        ("/", "demo.png", None, "/api/files/123/456/demo.png"),
        ("http://h:8090", "a b.png", None, "http://h:8090/api/files/123/456/a b.png"),
        ("http://h", "f.png", {"a": "x y&z"}, "http://h/api/files/123/456/f.png?a=x+y%26z"),
        (
            "http://h",
            "f.png",
            {"t": "~*-._!()'é"},
            "http://h/api/files/123/456/f.png?t=%7E*-._%21%28%29%27%C3%A9",
        ),
        (
            "http://h",
            "f.png",
            {"n": None, "l": [1, 2], "d": {"x": 1}, "b": True, "f": 1.0},
            "http://h/api/files/123/456/f.png?n=null&l=1%2C2&d=%5Bobject+Object%5D&b=true&f=1",
        ),
    ],
)
def test_file_url(base: str, filename: str, query: dict[str, Any] | None, url: str) -> None:
    assert file_url(base, *RECORD_ARGS, filename, query) == url


# -- multipart splitting ------------------------------------------------------------------


def test_no_files_means_json() -> None:
    assert split_multipart({"a": 1, "b": ["x", "y"], "c": ("a", "b"), "d": {"e": b"x"}}) is None
    assert split_multipart({}) is None
    assert split_multipart({"files": []}) is None


@pytest.mark.parametrize(
    ("value", "is_file"),
    [
        (b"x", True),
        (bytearray(b"x"), True),
        (memoryview(b"x"), True),
        (io.BytesIO(b"x"), True),
        (("a.png", b"x"), True),
        (("a.png", b"x", "image/png"), True),
        ((None, io.BytesIO(b"x")), True),
        (("a.txt", "text", "text/plain"), True),
        # a tuple of plain strings is a list value, never a file
        (("a", "b"), False),
        (("a", "b", "c"), False),
        ((1, b"x"), False),
        ("text", False),
        (1, False),
        (None, False),
        ([b"x"], False),
        ({"read": 1}, False),
    ],
)
def test_is_file_value(value: Any, is_file: bool) -> None:
    assert is_file_value(value) is is_file


def test_split_multipart_fields_and_files() -> None:
    handle = io.BytesIO(b"PNG")
    handle.name = "/some/dir/photo.png"
    nameless = io.BytesIO(b"raw")
    parts = split_multipart(
        {
            "title": "hé",
            "documents": [("a.txt", b"aaa", "text/plain"), ("b.bin", bytearray(b"bbb"))],
            "avatar": handle,
            "blob": b"blob-bytes",
            "anon": nameless,
            "mixed": [b"new", "kept.png"],
            "pair": (("x.png", b"1"), ("y.png", b"2")),
            "flag": True,
            "off": False,
            "count": 3,
            "ratio": 1.0,
            "tags": ["a", "b"],
            "tuple_tags": ("c", "d"),
            "json": {"k": [1, None], "é": True},
            "json_list": [{"a": 1}],
            "empty": [],
            "none": None,
            "when": datetime(2022, 1, 2, tzinfo=timezone.utc),
        }
    )
    assert parts is not None
    data, files = parts
    assert data == {
        "title": "hé",
        "mixed": "kept.png",
        "flag": "true",
        "off": "false",
        "count": "3",
        "ratio": "1",
        "tags": ["a", "b"],
        "tuple_tags": ["c", "d"],
        "json": '{"k":[1,null],"é":true}',
        "json_list": '{"a":1}',
        "empty": "",
        "none": "",
        "when": "2022-01-02T00:00:00.000Z",
    }
    assert files == [
        ("documents", ("a.txt", b"aaa", "text/plain")),
        ("documents", ("b.bin", b"bbb", "application/octet-stream")),
        ("avatar", ("photo.png", handle, "image/png")),
        ("blob", ("blob", b"blob-bytes", "application/octet-stream")),
        ("anon", ("blob", nameless, "application/octet-stream")),
        ("mixed", ("blob", b"new", "application/octet-stream")),
        ("pair", ("x.png", b"1", "image/png")),
        ("pair", ("y.png", b"2", "image/png")),
    ]


def test_split_multipart_text_tuple_with_content_type() -> None:
    parts = split_multipart({"note": ("n.txt", "é", "text/plain; charset=utf-8")})
    assert parts == ({}, [("note", ("n.txt", "é".encode(), "text/plain; charset=utf-8"))])
