"""The modern realtime surface against real servers, PocketBase 0.22.27 and 0.40.6, with the
async client here and the sync client in the generated twin.

- Subscription options (``query`` filter/expand/fields, ``headers``) deliver only the events
  they match, under their own key, beside a plain subscription of the same topic.
- ``unsubscribe_by_prefix`` removes whole segments (``x_post`` keeps ``x_posts``).
- The outage recipe of the docs (docs/realtime.md, section "Recipe: reconnect and refetch")
  recovers every record written while the stream was down: the client talks to the server
  through a loopback proxy that the test takes down, the server is killed and restarted,
  records are written on the restarted server before the stream is back, then the proxy lets
  the SDK reconnect. The page's own code is run.

Records are written by an admin client with the seed's ``records`` service; the subscriber is
a guest (the collections' list and view rules are open, or check a header).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pocketbase import AsyncPocketBase, BadRequestError
from pocketbase._compat import asleep
from pocketbase._realtime import subscription_key
from pocketbase.models import Admin, Record, RecordSubscription
from pocketbase.testing import PocketBaseServer
from tests.integration.servers import VERSIONS, shared_server
from tests.loopback_proxy import LoopbackProxy

pytestmark = pytest.mark.integration

#: "async" here, "sync" in the generated twin (the class name is rewritten, the text is not)
FLAVOUR = "async" if AsyncPocketBase.__name__.startswith("Async") else "sync"
ARRIVE = 5.0  # events must arrive within this many seconds
RECONNECT = 20.0  # a reconnect after an outage: backoff (at most 5 s) plus the connect
RECIPE_PAGE = Path(__file__).resolve().parents[2] / "docs" / "realtime.md"
RECIPE_SECTION = "## Recipe: reconnect and refetch"
#: a fenced Python block, at any indentation (the page shows the two flavours in tabs)
PYTHON_BLOCK = re.compile(r"^(?P<indent> *)```python\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S)


@pytest.fixture(scope="module", params=VERSIONS)
def server(request: pytest.FixtureRequest) -> PocketBaseServer:
    return shared_server(request.config, request.param)


async def admin_client(server: PocketBaseServer) -> AsyncPocketBase:
    client = AsyncPocketBase(server.url, timeout=15)
    client.auth_store.save(server.admin_token(), Admin(id="admin", email=server.admin_email))
    return client


@pytest.fixture
async def admin(server: PocketBaseServer) -> AsyncIterator[AsyncPocketBase]:
    client = await admin_client(server)
    async with client:
        yield client


def unique(label: str) -> str:
    return f"{FLAVOUR}_{label}_{secrets.token_hex(3)}"


async def new_collection(
    admin: AsyncPocketBase,
    label: str,
    fields: list[dict[str, Any]],
    rule: str = "",
    *,
    name: str | None = None,
) -> str:
    """A base collection (seed-style schema; ``created``/``updated`` on every server)."""
    name = name or unique(label)
    await admin.collections.create(
        {"name": name, "schema": fields, "listRule": rule, "viewRule": rule}
    )
    return name


class Collector:
    def __init__(self) -> None:
        self.events: list[RecordSubscription] = []

    def __call__(self, event: RecordSubscription) -> None:
        self.events.append(event)

    def ids(self) -> list[str]:
        return [e.record.id for e in list(self.events)]


class Calls:
    def __init__(self) -> None:
        self.args: list[Any] = []

    def __call__(self, arg: Any) -> None:
        self.args.append(arg)


async def eventually(predicate: Callable[[], object], timeout: float = ARRIVE) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asleep(0.02)


async def stays(predicate: Callable[[], object], duration: float = 0.5) -> None:
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        assert predicate()
        await asleep(0.02)


# -- options ------------------------------------------------------------------------------------


async def test_query_options_deliver_only_matching_events(
    server: PocketBaseServer, admin: AsyncPocketBase
) -> None:
    authors = await new_collection(admin, "authors", [{"name": "name", "type": "text"}])
    authors_id = (await admin.collections.get_one(authors)).id
    posts = await new_collection(
        admin,
        "posts",
        [
            {"name": "title", "type": "text"},
            {"name": "count", "type": "number"},
            {
                "name": "author",
                "type": "relation",
                "options": {"collectionId": authors_id, "maxSelect": 1},
            },
        ],
    )
    alice = await admin.records.create(authors, {"name": "alice"})
    filtered, plain, only_ids = Collector(), Collector(), Collector()
    async with AsyncPocketBase(server.url) as pb:
        await pb.realtime.subscribe(
            f"{posts}/*",
            filtered,
            query={"filter": "count > 5", "expand": "author", "fields": "id,title,expand"},
        )
        await pb.realtime.listen(f"{posts}/*", plain)
        await pb.realtime.listen(posts, only_ids, query={"fields": "id"})  # the legacy topic form
        assert len(pb.realtime.subscriptions) == 3
        low = await admin.records.create(posts, {"title": "low", "count": 1, "author": alice.id})
        high = await admin.records.create(posts, {"title": "high", "count": 10, "author": alice.id})
        await eventually(
            lambda: len(plain.events) == 2 and len(only_ids.events) == 2 and filtered.events
        )
        await stays(lambda: len(filtered.events) == 1)
    assert plain.ids() == [low.id, high.id]
    assert only_ids.ids() == [low.id, high.id]
    assert filtered.ids() == [high.id]
    event = filtered.events[0]
    assert event.action == "create"
    assert event.record.title == "high"
    assert isinstance(event.record.expand["author"], Record)
    assert event.record.expand["author"]["name"] == "alice"
    # ``fields`` shaped the events of its key only
    assert event.record.created is None and event.record.collection_name == ""
    assert "count" not in (event.record.model_extra or {})
    assert only_ids.events[0].record.created is None
    assert "title" not in (only_ids.events[0].record.model_extra or {})
    full = plain.events[1].record
    assert (full.collection_name, full["count"], full["author"]) == (posts, 10, alice.id)
    assert full.created is not None and full.expand == {}


async def test_header_options_reach_the_collection_rules(
    server: PocketBaseServer, admin: AsyncPocketBase
) -> None:
    name = await new_collection(
        admin, "hdr", [{"name": "title", "type": "text"}], rule="@request.headers.x_token = 'abc'"
    )
    right, wrong, none = Collector(), Collector(), Collector()
    async with AsyncPocketBase(server.url) as pb:
        await pb.realtime.listen(f"{name}/*", right, headers={"X-Token": "abc"})
        await pb.realtime.listen(f"{name}/*", wrong, headers={"X-Token": "nope"})
        await pb.realtime.listen(f"{name}/*", none)
        created = await admin.records.create(name, {"title": "secret"})
        await eventually(lambda: right.events)
        await stays(lambda: not wrong.events and not none.events)
    assert right.ids() == [created.id]
    assert right.events[0].record.title == "secret"


async def test_unsubscribe_by_prefix_on_a_real_server(
    server: PocketBaseServer, admin: AsyncPocketBase
) -> None:
    post = await new_collection(admin, "post", [{"name": "title", "type": "text"}])
    posts = await new_collection(admin, "", [{"name": "title", "type": "text"}], name=post + "s")
    of_post, of_posts = Collector(), Collector()
    async with AsyncPocketBase(server.url) as pb:
        await pb.realtime.listen(f"{post}/*", of_post)
        await pb.realtime.listen(f"{posts}/*", of_posts, query={"fields": "id"})
        await pb.realtime.unsubscribe_by_prefix(post)
        assert pb.realtime.subscriptions == [subscription_key(f"{posts}/*", {"fields": "id"})]
        await admin.records.create(post, {"title": "a"})
        kept = await admin.records.create(posts, {"title": "b"})
        await eventually(lambda: of_posts.events)
        await stays(lambda: not of_post.events, 0.3)
    assert of_posts.ids() == [kept.id]


async def test_servers_refuse_keys_over_the_length_limit(
    server: PocketBaseServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with AsyncPocketBase(server.url) as pb:
        await pb.realtime.listen("t" * 2500, Collector())  # the longest key the SDK sends
        assert pb.realtime.is_connected
    # past the SDK's check, the server refuses the whole set
    monkeypatch.setattr("pocketbase._realtime.MAX_KEY_LENGTH", 5000)
    async with AsyncPocketBase(server.url) as pb:
        with pytest.raises(BadRequestError) as info:
            await pb.realtime.listen("t" * 2501, Collector())
        assert info.value.status == 400
        assert pb.realtime.subscriptions == []


# -- the outage recipe ------------------------------------------------------------------------------


def recipe_mirror() -> Any:
    """The ``Mirror`` class of the docs' outage recipe for this flavour, as written there."""
    client_name = AsyncPocketBase.__name__  # the client the block for this flavour imports
    section = RECIPE_PAGE.read_text(encoding="utf-8").split(RECIPE_SECTION, 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = []
    for match in PYTHON_BLOCK.finditer(section):
        indent = len(match["indent"])
        lines = match["body"].splitlines(keepends=True)
        block = "".join(line[indent:] if line.strip() else "\n" for line in lines)
        if "class Mirror" in block and f"from pocketbase import {client_name}\n" in block:
            blocks.append(block)
    assert len(blocks) == 1, blocks
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0], f"docs/realtime.md ({FLAVOUR} Mirror)", "exec"), namespace)
    return namespace["Mirror"]


@pytest.fixture(scope="module", params=VERSIONS)
def own_server(request: pytest.FixtureRequest) -> Iterator[PocketBaseServer]:
    """A server of this module's own: the outage test kills it."""
    with PocketBaseServer(request.param) as srv:
        yield srv


async def test_docs_recipe_recovers_what_was_written_during_an_outage(
    own_server: PocketBaseServer,
) -> None:
    server = own_server
    writer = await admin_client(server)
    async with writer:
        name = await new_collection(writer, "outage", [{"name": "title", "type": "text"}])
        before = await writer.records.create(name, {"title": "before"})
    with LoopbackProxy(int(server.url.rsplit(":", 1)[1])) as proxy:
        async with AsyncPocketBase(proxy.url) as pb:
            disconnects, connects, control = Calls(), Calls(), Collector()
            pb.realtime.on_disconnect = disconnects
            mirror = recipe_mirror()(pb, name)
            await mirror.start()
            assert set(mirror.records) == {before.id}  # the first load
            # beside the recipe: a plain listener (events only) and the connects
            await pb.realtime.listen(name, control)
            await pb.realtime.listen("PB_CONNECT", connects)
            first_id = pb.realtime.client_id
            assert pb.realtime.is_connected and first_id
            writer = await admin_client(server)
            async with writer:
                seen = await writer.records.create(name, {"title": "seen live"})
                await eventually(lambda: seen.id in mirror.records and control.ids() == [seen.id])

            # the outage: the stream is cut and cannot come back; the server dies and restarts
            proxy.down()
            await eventually(lambda: disconnects.args == [[name, "PB_CONNECT"]])
            assert not pb.realtime.is_connected
            server.kill()
            server.restart()
            writer = await admin_client(server)
            async with writer:
                missed = [
                    (await writer.records.create(name, {"title": f"missed {i}"})).id
                    for i in range(3)
                ]
                await writer.records.update(name, before.id, {"title": "changed while down"})
                await eventually(lambda: proxy.refused >= 1)  # the SDK is trying meanwhile
                assert not pb.realtime.is_connected
                assert connects.args == []

                proxy.up()
                await eventually(lambda: len(connects.args) == 1, RECONNECT)
                await eventually(lambda: set(missed) <= set(mirror.records))
                assert pb.realtime.is_connected
                assert connects.args == [pb.realtime.client_id]
                assert pb.realtime.client_id not in ("", first_id)
                assert mirror.records[before.id].title == "changed while down"
                assert {mirror.records[i].title for i in missed} == {
                    f"missed {i}" for i in range(3)
                }
                # none of them came as an event: written before the stream was back
                assert control.ids() == [seen.id]

                after = await writer.records.create(name, {"title": "after"})
                await eventually(lambda: control.ids() == [seen.id, after.id])
                await eventually(lambda: after.id in mirror.records)
            assert set(mirror.records) == {before.id, seen.id, *missed, after.id}
            assert disconnects.args == [[name, "PB_CONNECT"]]
