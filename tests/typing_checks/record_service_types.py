"""What mypy infers for ``pb.collection(name, model=...)`` (checked by
tests/test_typed_collections.py, with and without the pydantic mypy plugin; never run).

Every method of both clients is here with and without ``model=``; each ``assert_type``
states the inferred type exactly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from typing_extensions import assert_type

from pocketbase import AsyncPocketBase, AsyncRecordService, PocketBase, RecordService
from pocketbase._async.services.record_service import AsyncRecordEvents
from pocketbase._sync.services.record_service import RecordEvents
from pocketbase.models import ListResult, Record, RecordAuthResponse, RecordSubscription


class Post(Record):
    title: str = ""
    views: int = 0


def on_post(event: RecordSubscription[Post]) -> None:
    assert_type(event.record, Post)


def on_record(event: RecordSubscription) -> None:  # the bare name is RecordSubscription[Record]
    assert_type(event, RecordSubscription[Record])
    assert_type(event.record, Record)


def check_sync(pb: PocketBase) -> None:
    records = pb.collection("posts")
    assert_type(records, RecordService[Record])
    posts = pb.collection("posts", model=Post)
    assert_type(posts, RecordService[Post])
    assert_type(pb.collection("posts", Post), RecordService[Post])

    assert_type(posts.get_list(), ListResult[Post])
    assert_type(
        posts.get_list(2, 50, filter="a", sort="-b", expand=["c"], fields="id"), ListResult[Post]
    )
    assert_type(records.get_list(skip_total=True, query={"x": 1}), ListResult[Record])
    assert_type(posts.get_full_list(batch=200, request_key=None), list[Post])
    assert_type(records.get_full_list(), list[Record])
    assert_type(posts.iterate(prefetch=True), Iterator[Post])
    assert_type(records.iterate(), Iterator[Record])
    assert_type(posts.get_first_list_item("title = 'x'"), Post)
    assert_type(posts.get_one("id", expand="author"), Post)
    assert_type(records.get_one("id"), Record)
    assert_type(posts.create({"title": "t"}), Post)
    assert_type(posts.create(Post(title="t"), files={"docs": b"x"}), Post)
    assert_type(posts.update("id", {"views+": 1}, headers={"X": "1"}), Post)
    assert_type(records.update("id"), Record)
    assert_type(posts.delete("id"), bool)

    unsubscribe = posts.subscribe("*", on_post, filter="views > 1")
    assert_type(unsubscribe, Callable[[], None])
    records.subscribe("*", on_record)
    posts.subscribe("*", on_record)  # a callback for any record takes Posts too
    assert_type(posts.unsubscribe("*"), None)
    events = posts.events("*", expand="author")
    assert_type(events, RecordEvents[Post])
    with events:
        for event in events:
            assert_type(event, RecordSubscription[Post])
            assert_type(event.record.title, str)
        assert_type(events.get(timeout=1), RecordSubscription[Post])

    post = posts.get_one("id")
    assert_type(post.title, str)
    assert_type(post.anything, Any)  # undeclared fields stay dynamic
    assert_type(records.get_one("id").title, Any)

    # covariant: a service of Posts is a service of Records
    general: RecordService[Record] = posts
    assert_type(general.get_one("id"), Record)

    assert_type(pb.files.get_url(post, "a.png", thumb="100x100", download=True), str)
    assert_type(pb.files.get_url({"id": "r", "collectionName": "c"}, "a.png"), str)
    assert_type(pb.files.get_token(), str)

    # the auth calls of an auth collection come with the same model
    assert_type(posts.auth_with_password("a@b.c", "pw"), RecordAuthResponse[Post])
    assert_type(records.auth_refresh(), RecordAuthResponse[Record])


async def check_async(pb: AsyncPocketBase) -> None:
    records = pb.collection("posts")
    assert_type(records, AsyncRecordService[Record])
    posts = pb.collection("posts", model=Post)
    assert_type(posts, AsyncRecordService[Post])

    assert_type(await posts.get_list(), ListResult[Post])
    assert_type(await records.get_list(), ListResult[Record])
    assert_type(await posts.get_full_list(), list[Post])
    assert_type(posts.iterate(batch=100), AsyncIterator[Post])
    async for item in posts.iterate():
        assert_type(item, Post)
    assert_type(await posts.get_first_list_item("a = 1"), Post)
    assert_type(await posts.get_one("id"), Post)
    assert_type(await posts.create({"title": "t"}), Post)
    assert_type(await posts.update("id", Post(views=1)), Post)
    assert_type(await posts.delete("id"), bool)

    async def on_post_async(event: RecordSubscription[Post]) -> None:
        assert_type(event.record, Post)

    unsubscribe = await posts.subscribe("r1", on_post_async)
    assert_type(unsubscribe, Callable[[], Awaitable[None]])
    await posts.subscribe("*", on_post)
    assert_type(await posts.unsubscribe(), None)
    events = posts.events()
    assert_type(events, AsyncRecordEvents[Post])
    async with events:
        async for event in events:
            assert_type(event, RecordSubscription[Post])

    general: AsyncRecordService[Record] = posts
    assert_type(await general.get_one("id"), Record)
    assert_type(await pb.files.get_token(), str)
    assert_type(await posts.auth_with_password("a@b.c", "pw"), RecordAuthResponse[Post])
