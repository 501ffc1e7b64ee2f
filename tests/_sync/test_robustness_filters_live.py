# Generated from tests/_async/test_robustness_filters_live.py by scripts/unasync.py. Do not edit: edit the async source.
"""client.filter() against real servers: values match exactly and never widen the query."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from pocketbase import ClientResponseError, PocketBase
from pocketbase.testing import PocketBaseServer
from tests.robustness import live

pytestmark = pytest.mark.integration

TITLES = [
    "plain",
    "it's",
    'say "hi"',
    "both ' and \"",
    "back\\slash",
    "q\\'x",
    'dq\\"x',
    "two\\\\back",
    "100%_off",
    "(paren) && || ~ !=",
    "line\nbreak",
    "ünï ☃",
    "{:not_a_placeholder}",
    "end\\",
]

INJECTIONS = [
    "x' || id != '",
    "x' || id != ''",
    'x" || id != "',
    "x\\' || id != \\'",
    "') || (id != '",
    "x' || 1=1 || '",
    "x\\",
    "' // comment",
    "x'\n|| id != '",
]


@pytest.fixture(scope="module", params=["0.22.27", "0.40.6"])
def server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    with live.started(request.param) as srv:
        live.create_collection(srv, "posts", ["title", "body"])
        for i, title in enumerate(TITLES):
            live.create_record(srv, "posts", {"title": title, "body": f"b{i}"})
        yield srv


def _representable(server: PocketBaseServer, value: str) -> bool:
    """Servers before 0.23's newer grammar cannot read a text ending with a backslash."""
    return server.generation == "0.23" or not value.endswith("\\")


@pytest.mark.parametrize("server_api", ["auto", "explicit"])
def test_each_title_matches_exactly_itself(server: PocketBaseServer, server_api: str) -> None:
    api = server.generation if server_api == "explicit" else "auto"
    with PocketBase(server.url, server_api=api, timeout=10.0) as pb:
        for title in TITLES:
            if not _representable(server, title):
                continue  # see test_trailing_backslash_*
            # on an "auto" client the first filter is built before the version is known and
            # bound again when sent
            expr = pb.filter("title = {:t}", {"t": title})
            result = pb.records.get_list("posts", 1, 100, filter=expr)
            assert [r.title for r in result.items] == [title]
            grouped = pb.filter("((title = {:t}) && (body != {:none}))", {"t": title, "none": None})
            result = pb.records.get_list("posts", 1, 100, filter=grouped)
            assert [r.title for r in result.items] == [title]


def test_trailing_backslash(server: PocketBaseServer) -> None:
    with PocketBase(server.url, server_api=server.generation) as pb:
        if server.generation == "0.23":
            expr = pb.filter("title = {:t}", {"t": "end\\"})
            assert [r.title for r in (pb.records.get_list("posts", filter=expr)).items] == ["end\\"]
        else:
            with pytest.raises(ValueError, match="backslash"):
                pb.filter("title = {:t}", {"t": "end\\"})
    # an "auto" client writes the 0.23+ form before it knows the server, and binds the filter
    # again once it does: refused there, before anything is sent, when the server is older
    with PocketBase(server.url, server_api="auto") as pb:
        expr = pb.filter("title = {:t}", {"t": "end\\"})
        if server.generation == "0.23":
            assert len((pb.records.get_list("posts", filter=expr)).items) == 1
        else:
            with pytest.raises(ClientResponseError) as info:
                pb.records.get_list("posts", filter=expr)
            assert info.value.status == 0
            assert isinstance(info.value.original_error, ValueError)
            assert pb.server_api == "0.8"


@pytest.mark.parametrize("server_api", ["auto", "explicit"])
def test_injection_attempts_match_nothing(server: PocketBaseServer, server_api: str) -> None:
    api = server.generation if server_api == "explicit" else "auto"
    with PocketBase(server.url, server_api=api, timeout=10.0) as pb:
        everything = pb.records.get_list("posts", 1, 100)
        assert everything.total_items == len(TITLES)
        templates = [
            "title = {:q}",
            "(title = {:q})",
            "title ~ {:q} && body != ''",
            "(title = {:q} || title = {:q}) && id != ''",
            "title = {:q} && body = {:q}",
        ]
        for value in INJECTIONS:
            for template in templates:
                known = pb.server_api != "auto"
                try:
                    expr = pb.filter(template, {"q": value})
                except ValueError:
                    assert known and not _representable(server, value)
                    continue
                try:
                    result = pb.records.get_list("posts", 1, 100, filter=expr)
                except ClientResponseError as exc:
                    # an "auto" client binds again once it knows the server: a value the
                    # server cannot read is refused then, before anything is sent
                    assert not _representable(server, value), (value, template)
                    assert exc.status == 0
                    continue
                assert result.items == [], (value, template, str(expr))


def test_like_wildcards_and_other_types(server: PocketBaseServer) -> None:
    with PocketBase(server.url, server_api=server.generation, timeout=10.0) as pb:
        contains = pb.filter("title ~ {:q}", {"q": "lash"})
        assert [r.title for r in (pb.records.get_list("posts", filter=contains)).items] == [
            "back\\slash"
        ]
        # a value with % is a LIKE pattern on the server; _ matches any character
        pattern = pb.filter("title ~ {:q}", {"q": "100%off"})
        assert [r.title for r in (pb.records.get_list("posts", filter=pattern)).items] == [
            "100%_off"
        ]
        now = datetime.now(timezone.utc)
        dates = pb.filter(
            "created < {:later} && created > {:earlier} && title != {:none} && {:one} = 1",
            {
                "later": now + timedelta(days=1),
                "earlier": now - timedelta(days=1),
                "none": None,
                "one": 1,
            },
        )
        result = pb.records.get_list("posts", 1, 100, filter=dates)
        assert result.total_items == len(TITLES)
        in_future = pb.filter("created > {:d}", {"d": now + timedelta(days=1)})
        assert (pb.records.get_list("posts", filter=in_future)).items == []
