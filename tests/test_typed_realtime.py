"""The realtime surface's static types, checked with mypy (the project's --strict config).

A right snippet (``assert_type`` on what callbacks receive, ``PB_CONNECT`` callbacks taking
the client id, ``on_disconnect``, ``listen(model=...)``, the events iterator) must pass; a
wrong one must fail with the expected error code on each marked line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.test_typed_usage import errors_in, expected_errors, run_mypy

RIGHT = textwrap.dedent(
    """\
    from __future__ import annotations

    from typing_extensions import assert_type

    from pocketbase import AsyncPocketBase, PocketBase
    from pocketbase.models import Record, RecordSubscription


    class Post(Record):
        title: str = ""


    def on_post(event: RecordSubscription[Post]) -> None:
        assert_type(event.record, Post)
        print(event.record.title)


    def on_any(event: RecordSubscription) -> None:
        assert_type(event.record, Record)


    def on_connect(client_id: str) -> None:
        print(client_id)


    def on_data(data: dict[str, object]) -> None:
        print(data)


    def on_disconnect(topics: list[str]) -> None:
        print(topics)


    def sync_usage(pb: PocketBase) -> None:
        pb.realtime.listen("posts/*", on_post, query={"filter": "views > 1"}, model=Post)
        pb.realtime.listen("posts/*", on_any, headers={"X-Token": "abc"})
        pb.realtime.listen("custom", on_data, model=None)  # the raw data of any topic
        unsubscribe = pb.realtime.subscribe("PB_CONNECT", on_connect)
        pb.realtime.subscribe("posts", on_any, query={"expand": "author"})
        pb.realtime.on_disconnect = on_disconnect
        connected: bool = pb.realtime.is_connected
        pb.realtime.unsubscribe_by_prefix("posts")
        unsubscribe()
        for event in pb.realtime.events("posts", query={"fields": "id"}):
            assert_type(event.record, Record)
        print(connected)


    async def async_usage(pb: AsyncPocketBase) -> None:
        remove = await pb.realtime.listen("posts/*", on_post, model=Post)
        await remove()

        async def on_connect_async(client_id: str) -> None:
            print(client_id)

        await pb.realtime.subscribe("PB_CONNECT", on_connect_async)
        await pb.realtime.unsubscribe_by_prefix("posts")
    """
)

WRONG = textwrap.dedent(
    """\
    from __future__ import annotations

    from pocketbase import PocketBase
    from pocketbase.models import Record, RecordSubscription


    class Post(Record):
        title: str = ""


    def on_post(event: RecordSubscription[Post]) -> None:
        print(event.record.title)


    def on_any(event: RecordSubscription) -> None:
        print(event.record.title)


    def mistakes(pb: PocketBase) -> None:
        # without model= the events hold plain Records, not Posts
        pb.realtime.listen("posts/*", on_post)  # E: arg-type
        # headers are text
        pb.realtime.listen("posts/*", on_any, headers={"X-Token": 1})  # E: dict-item
        # on_disconnect receives the list of keys
        pb.realtime.on_disconnect = on_any  # E: assignment
        # is_connected is a property, not a method
        pb.realtime.is_connected()  # E: operator
        # model= only takes Record subclasses
        pb.realtime.listen("posts/*", on_any, model=str)  # E: type-var
    """
)


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("typed_realtime")
    right, wrong = folder / "right_realtime.py", folder / "wrong_realtime.py"
    right.write_text(RIGHT)
    wrong.write_text(WRONG)
    stdout, _ = run_mypy(folder / "mypy_cache", right, wrong)
    return right, wrong, stdout


def test_right_usage_passes(mypy_output: tuple[Path, Path, str]) -> None:
    right, _, stdout = mypy_output
    assert errors_in(stdout, right) == set(), stdout


def test_wrong_usage_fails_with_the_expected_errors(mypy_output: tuple[Path, Path, str]) -> None:
    _, wrong, stdout = mypy_output
    found, expected = errors_in(stdout, wrong), expected_errors(WRONG)
    assert len(expected) == 5
    assert expected <= found, stdout
    # no other line failed (a marked line may fail with a second code as well)
    assert {line for line, _ in found} == {line for line, _ in expected}, stdout
