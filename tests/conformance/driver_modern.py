"""Conformance driver of the modern surface: runs the case files of ``modern/`` through
``PocketBase`` (sync) or ``AsyncPocketBase`` (async) with ``server_api="0.23"`` and respx
returning the canned replies (``GET /api/realtime`` gets a scripted event stream).

A result has the shape ``driver_modern.mjs`` prints for the JS SDK 0.28.1 (see the comment at
the top of that file), so the two can be compared key by key.

How a case reaches Python: ``call: [target, jsMethod]`` becomes ``target.<snake_case name>``
(``collection:NAME`` is ``pb.collection(NAME)``), ``args`` stay positional and the JS options
object (``options``) becomes keyword arguments (``skipTotal`` -> ``skip_total``). A case's
``py`` object gives the Python spelling where the API differs on purpose (API-modern.md):
``call`` (Python names), ``args`` and ``kwargs`` replace the mechanical ones.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx
import pydantic
import respx

from pocketbase import AsyncPocketBase, BaseAuthStore, ClientResponseError, PocketBase
from pocketbase._auth_store import record_wire_dict
from pocketbase._generations import generation_for
from pocketbase.models import (
    Collection,
    ListResult,
    Record,
    RecordAuthResponse,
    _wire_fields,
    format_date,
)

from .driver import python_name

__all__ = ["run_all"]

DEFAULT_BASE_URL = "http://pb.test"
REALTIME_PATH = "/api/realtime"
WAIT_LIMIT = 3.0

#: what httpx adds to every request by itself (the JS side records the SDK's headers only,
#: before fetch adds its own)
TRANSPORT_HEADERS = {
    "host": None,
    "content-length": None,
    "accept": "*/*",
    "accept-encoding": None,
    "connection": "keep-alive",
    "user-agent": None,
}

#: JS methods whose Python counterpart has another name than the snake_case one
METHOD_NAMES = {("realtime", "subscribe"): "listen"}

SERVER_023 = generation_for("0.23")


# -- values --------------------------------------------------------------------------------


def _file(spec: Mapping[str, Any]) -> Any:
    data = base64.b64decode(spec["base64"]) if "base64" in spec else spec["text"].encode()
    if "name" not in spec:
        return data
    if "type" in spec:
        return (spec["name"], data, spec["type"])
    return (spec["name"], data)


def decode(value: Any) -> Any:
    """Case-file values to Python: ``$file`` (bytes or a ``(name, data[, type])`` tuple),
    ``$date`` (an aware datetime), ``$record`` (a ``Record``); ``$undefined`` keys are left out."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "$file" in value:
            return _file(value["$file"])
        if "$date" in value:
            return datetime.fromisoformat(value["$date"].replace("Z", "+00:00"))
        if "$record" in value:
            return Record.model_validate(decode(value["$record"]))
        return {
            k: decode(v)
            for k, v in value.items()
            if not (isinstance(v, dict) and "$undefined" in v)
        }
    return value


def snake(key: str) -> str:
    return python_name(key)


def _model_dict(value: pydantic.BaseModel) -> dict[str, Any]:
    """The fields a model was given, under their wire keys (dates in the server's text form),
    plus its unknown keys."""
    out: dict[str, Any] = {}
    given = value.model_fields_set
    for name, key, is_date in _wire_fields(type(value)):
        if name in given:
            item = getattr(value, name)
            out[key] = format_date(item) if is_date else plain(item)
    for key, item in (value.model_extra or {}).items():
        out.setdefault(key, plain(item))
    return out


def _collection(value: Collection) -> dict[str, Any]:
    """What a collection is on a 0.23+ server (the SDK's own conversion for sending it),
    limited to the keys the reply had."""
    body = SERVER_023.collections.body(value, create=False)
    given = {key for name, key, _ in _wire_fields(Collection) if name in value.model_fields_set}
    given = {"fields" if key == "schema" else key for key in given}
    given |= set(value.model_extra or {})
    return {key: plain(item) for key, item in body.items() if key in given}


def plain(value: Any) -> Any:
    """A return value in the JSON shape the JS SDK 0.28.1 gives (records as the server sent
    them, models as the fields they were given)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, (PocketBase, AsyncPocketBase)):
        return {
            "$client": {
                "baseURL": value.base_url,
                "lang": value.lang,
                "store": store_state(value.auth_store),
            }
        }
    if isinstance(value, Record):
        return plain(record_wire_dict(value))
    if isinstance(value, Collection):
        return _collection(value)
    if isinstance(value, RecordAuthResponse):
        # the JS SDK always gives token and record (``""`` and ``{}`` when the reply had none)
        out = {k: plain(v) for k, v in (value.model_extra or {}).items()}
        out.update(token=value.token, record=plain(value.record))
        if "meta" in value.model_fields_set:
            out["meta"] = plain(value.meta)
        return out
    if isinstance(value, ListResult):
        return {
            **{k: plain(v) for k, v in (value.model_extra or {}).items()},
            "page": value.page,
            "perPage": value.per_page,
            "totalItems": value.total_items,
            "totalPages": value.total_pages,
            "items": [plain(item) for item in value.items],
        }
    if isinstance(value, pydantic.BaseModel):
        return _model_dict(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    raise TypeError(f"conformance driver: cannot represent {type(value).__name__}")


def store_state(store: BaseAuthStore) -> dict[str, Any]:
    record = store.record
    return {"token": store.token, "record": plain(record) if record is not None else None}


def error_shape(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ClientResponseError):
        return {
            "type": "ClientResponseError",
            "url": exc.url,
            "status": exc.status,
            "data": plain(exc.data),
            "isAbort": exc.is_abort,
        }
    return {"type": type(exc).__name__, "message": str(exc)}


def make_store(fixture: Mapping[str, Any] | None) -> BaseAuthStore:
    store = BaseAuthStore()
    if fixture:
        raw = fixture["record"]
        store.save(fixture["token"], None if raw is None else Record.model_validate(decode(raw)))
    return store


# -- requests as the JS side records them ----------------------------------------------------


def _bytes_record(data: bytes) -> dict[str, str]:
    try:
        return {"text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode()}


def _unescape(name: str) -> str:
    # the HTML form encoding httpx (and fetch) use inside Content-Disposition
    return name.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


def _disposition(value: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for piece in value.split(";")[1:]:
        key, _, raw = piece.strip().partition("=")
        out[key] = _unescape(raw[1:-1] if raw.startswith('"') else raw)
    return out


def _multipart(content: bytes, content_type: str) -> list[dict[str, Any]]:
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    parts: list[dict[str, Any]] = []
    for chunk in content.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, body = chunk[2:].partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        params = _disposition(headers.get("content-disposition", ""))
        data = body[:-2]  # the CRLF before the next boundary
        if "filename" in params:
            parts.append(
                {
                    "name": params["name"],
                    "filename": params["filename"],
                    "contentType": headers.get("content-type", "application/octet-stream"),
                    **_bytes_record(data),
                }
            )
        else:
            parts.append({"name": params["name"], "text": data.decode("utf-8")})
    return parts


def _headers(request: httpx.Request) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in request.headers.items():
        name = name.lower()
        if name in TRANSPORT_HEADERS and TRANSPORT_HEADERS[name] in (None, value):
            continue
        out[name] = value
    content_type = out.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        out["content-type"] = "multipart/form-data"  # the boundary is random on both sides
    return out


def record_request(request: httpx.Request) -> dict[str, Any]:
    content = request.read()
    content_type = request.headers.get("content-type", "")
    body: Any = None
    if content_type.startswith("multipart/form-data"):
        body = {"$multipart": _multipart(content, content_type)}
    elif content:
        try:
            body = json.loads(content)
        except ValueError:
            body = {"$text": content.decode("utf-8", "replace")}
    return {
        "method": request.method,
        "url": str(request.url),
        "headers": _headers(request),
        "body": body,
    }


# -- the scripted realtime server ------------------------------------------------------------


def _sse_bytes(event: str, data: Any, id: str | None = None) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    head = f"id:{id}\n" if id is not None else ""
    return f"{head}event:{event}\ndata:{text}\n\n".encode()


class _SyncFeed(httpx.SyncByteStream):
    def __init__(self, first: bytes) -> None:
        self.items: queue.Queue[bytes] = queue.Queue()
        self.items.put(first)
        self.closed = threading.Event()

    def push(self, data: bytes) -> None:
        self.items.put(data)

    def __iter__(self) -> Iterator[bytes]:
        while not self.closed.is_set():
            try:
                yield self.items.get(timeout=0.02)
            except queue.Empty:
                continue

    def end(self) -> None:
        self.closed.set()

    def close(self) -> None:
        self.closed.set()


class _AsyncFeed(httpx.AsyncByteStream):
    def __init__(self, first: bytes) -> None:
        self.items: asyncio.Queue[bytes] = asyncio.Queue()
        self.items.put_nowait(first)
        self.closed = False

    def push(self, data: bytes) -> None:
        self.items.put_nowait(data)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while not self.closed:
            try:
                yield await asyncio.wait_for(self.items.get(), 0.05)
            except asyncio.TimeoutError:
                continue

    def end(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class ScriptedSSE:
    """``GET /api/realtime``: connection N sends ``PB_CONNECT`` with ``clientIds[N]``, or
    fails with ``failConnects[N]``; the driver pushes further events onto the open stream."""

    def __init__(self, config: Mapping[str, Any] | None, flavour: str) -> None:
        config = config or {}
        self.client_ids: list[str] = config.get("clientIds", ["cid1", "cid2", "cid3"])
        self.failures: list[Any] = config.get("failConnects", [])
        #: a request path after which the server closes the open stream (a restart)
        self.close_on: str | None = config.get("closeOn")
        self.flavour = flavour
        self.connections = 0
        self.current: tuple[_SyncFeed | _AsyncFeed, str] | None = None

    def open(self) -> httpx.Response:
        index = self.connections
        self.connections += 1
        failure = self.failures[index] if index < len(self.failures) else None
        if failure is not None:
            return httpx.Response(failure["status"], json=failure.get("json", {}))
        client_id = self.client_ids[index] if index < len(self.client_ids) else f"cid{index + 1}"
        first = _sse_bytes("PB_CONNECT", {"clientId": client_id}, client_id)
        feed: _SyncFeed | _AsyncFeed = (
            _SyncFeed(first) if self.flavour == "sync" else _AsyncFeed(first)
        )
        self.current = (feed, client_id)
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=feed)

    @property
    def client_id(self) -> str:
        if self.current is None:
            raise RuntimeError("conformance driver: no open realtime stream")
        return self.current[1]

    def seen(self, path: str) -> None:
        if self.current is not None and path == self.close_on:
            self.current[0].end()
            self.current = None

    def send(self, event: str, data: Any) -> None:
        if self.current is None:
            raise RuntimeError("conformance driver: no open realtime stream")
        self.current[0].push(_sse_bytes(event, data))


# -- canned transport ------------------------------------------------------------------------


class Transport:
    """One respx router for a whole run; each case loads its replies and reads its requests."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.replies: list[dict[str, Any]] = []
        self.recorded: list[dict[str, Any]] = []
        self.sse: ScriptedSSE | None = None
        self.lock = threading.Lock()

    def load(self, case: Mapping[str, Any], realtime: bool) -> None:
        self.replies = list(case.get("replies", []))
        self.recorded = []
        self.sse = ScriptedSSE(case.get("sse"), self.flavour) if realtime else None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        entry = record_request(request)
        with self.lock:
            self.recorded.append(entry)
            is_realtime = self.sse is not None and request.url.path.endswith(REALTIME_PATH)
            if is_realtime and request.method == "GET":
                assert self.sse is not None
                return self.sse.open()
            if self.sse is not None:
                self.sse.seen(request.url.raw_path.decode("ascii").partition("?")[0])
            if not self.replies:
                raise httpx.ConnectError(
                    "conformance driver: no canned reply left", request=request
                )
            reply = self.replies.pop(0)
        status = reply.get("status", 200)
        if "json" in reply:
            return httpx.Response(
                status,
                content=json.dumps(reply["json"]).encode(),
                headers={"Content-Type": "application/json"},
            )
        if "text" in reply:
            return httpx.Response(
                status, content=reply["text"].encode(), headers={"Content-Type": "text/plain"}
            )
        return httpx.Response(status)


@contextmanager
def _mocked(flavour: str) -> Iterator[Transport]:
    transport = Transport(flavour)
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.route().mock(side_effect=transport)
        yield transport


# -- calls -----------------------------------------------------------------------------------


def _client(case: Mapping[str, Any], fixtures: Mapping[str, Any], http: Any) -> Any:
    cfg = case.get("client", {})
    cls = AsyncPocketBase if isinstance(http, httpx.AsyncClient) else PocketBase
    return cls(
        cfg.get("baseURL", DEFAULT_BASE_URL),
        cfg.get("lang", "en-US"),
        make_store(fixtures[case.get("auth", "empty")]),
        server_api="0.23",
        http_client=http,
    )


def _target(pb: Any, name: str) -> Any:
    if name == "client":
        return pb
    if name.startswith("collection:"):
        return pb.collection(name[len("collection:") :])
    return getattr(pb, name)


def python_call(step: Mapping[str, Any]) -> tuple[str, str, list[Any], dict[str, Any]]:
    """(target, Python method, args, kwargs) of a case or step."""
    py = step.get("py", {})
    if "call" in py:
        service, method = py["call"]
    else:
        service, js_method = step["call"]
        method = METHOD_NAMES.get((service, js_method), python_name(js_method))
    args = decode(py["args"]) if "args" in py else decode(step.get("args", []))
    if "kwargs" in py:
        kwargs = decode(py["kwargs"])
    else:
        kwargs = {snake(k): v for k, v in decode(step.get("options", {})).items()}
    return service, method, args, kwargs


def _url_callback(sse: ScriptedSSE, event: Mapping[str, Any], out: dict[str, Any]) -> Any:
    def callback(url: str) -> None:
        out.setdefault("oauth2Urls", []).append(url)
        payload = dict(event)
        if payload.get("state") == "$clientId":
            payload["state"] = sse.client_id
        sse.send("@oauth2", payload)

    return callback


def _bound(pb: Any, step: Mapping[str, Any], t: Transport, out: dict[str, Any]) -> Any:
    service, method, args, kwargs = python_call(step)
    if "oauth2Event" in step:
        assert t.sse is not None
        kwargs["url_callback"] = _url_callback(t.sse, step["oauth2Event"], out)
    fn = getattr(_target(pb, service), method)
    return lambda: fn(*args, **kwargs)


async def _resolve(value: Any) -> Any:
    if inspect.isawaitable(value):
        value = await value
    return value


async def _step(pb: Any, step: Mapping[str, Any], t: Transport, out: dict[str, Any]) -> Any:
    entry: dict[str, Any] = {}
    try:
        entry["result"] = plain(await _resolve(_bound(pb, step, t, out)()))
    except Exception as exc:
        entry["error"] = error_shape(exc)
    return entry


def _finish(pb: Any, out: dict[str, Any], t: Transport) -> dict[str, Any]:
    out["requests"] = list(t.recorded)
    out["store"] = store_state(pb.auth_store)
    if t.replies:
        out["unusedReplies"] = len(t.replies)
    return out


async def _close(pb: Any) -> None:
    await _resolve(pb.aclose() if isinstance(pb, AsyncPocketBase) else pb.close())


async def run_call(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], t: Transport, http: Any
) -> dict[str, Any]:
    t.load(case, realtime=True)
    pb = _client(case, fixtures, http)
    out: dict[str, Any] = {}
    try:
        if "steps" in case:
            out["steps"] = [await _step(pb, step, t, out) for step in case["steps"]]
        else:
            out.update(await _step(pb, case, t, out))
        result = _finish(pb, out, t)
    finally:
        await _close(pb)
    return result


async def run_batch(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], t: Transport, http: Any
) -> dict[str, Any]:
    t.load(case, realtime=False)
    pb = _client(case, fixtures, http)
    out: dict[str, Any] = {}
    try:
        batch = pb.create_batch()
        py = case.get("py", {})
        for index, (collection, method, *args) in enumerate(case["queue"]):
            override = py.get("queue", {}).get(str(index))
            call_args, kwargs = _queue_args(method, args, override)
            getattr(batch.collection(collection), python_name(method))(*call_args, **kwargs)
        send_kwargs = {snake(k): v for k, v in decode(case.get("options", {})).items()}
        out["result"] = plain(await _resolve(batch.send(**send_kwargs)))
    except Exception as exc:
        out["error"] = error_shape(exc)
    try:
        return _finish(pb, out, t)
    finally:
        await _close(pb)


def _queue_args(
    method: str, args: list[Any], override: Mapping[str, Any] | None
) -> tuple[list[Any], dict[str, Any]]:
    """A queued JS call ``(…positional, options)`` as Python args and keyword arguments."""
    if override is not None:
        return decode(override.get("args", [])), decode(override.get("kwargs", {}))
    positional = {"create": 1, "upsert": 1, "update": 2, "delete": 1}[method]
    values = decode(args)
    options = values[positional] if len(values) > positional else {}
    return values[:positional], {snake(k): v for k, v in options.items()}


# -- realtime --------------------------------------------------------------------------------


class _Listeners:
    def __init__(self) -> None:
        self.events: dict[str, list[Any]] = {}
        self.count = 0
        self.lock = threading.Lock()

    def make(self, name: str) -> Callable[[Any], None]:
        self.events.setdefault(name, [])

        def listener(data: Any) -> None:
            with self.lock:
                self.events[name].append(plain(data))
                self.count += 1

        return listener


async def _wait_for(check: Callable[[], bool], flavour: str) -> None:
    started = time.monotonic()
    while not check() and time.monotonic() - started < WAIT_LIMIT:
        if flavour == "async":
            await asyncio.sleep(0.005)
        else:
            time.sleep(0.005)


def _subscribe(pb: Any, step: Mapping[str, Any], listener: Callable[[Any], None]) -> Any:
    py = step.get("py", {})
    kwargs = (
        decode(py["kwargs"])
        if "kwargs" in py
        else {snake(k): v for k, v in decode(step.get("options", {})).items()}
    )
    if step["target"] == "realtime":
        return pb.realtime.listen(step["topic"], listener, **kwargs)
    return _target(pb, step["target"]).subscribe(step["topic"], listener, **kwargs)


async def _realtime_op(
    pb: Any,
    step: Mapping[str, Any],
    t: Transport,
    state: dict[str, Any],
    out: dict[str, Any],
) -> Any:
    op = step["op"]
    listeners: _Listeners = state["listeners"]
    if op == "subscribe":
        state["removers"][step["as"]] = await _resolve(
            _subscribe(pb, step, listeners.make(step["as"]))
        )
    elif op == "unsubscribe":
        args = [] if step.get("topic") is None else [step["topic"]]
        await _resolve(_target(pb, step["target"]).unsubscribe(*args))
    elif op == "unsubscribeByPrefix":
        await _resolve(pb.realtime.unsubscribe_by_prefix(step["prefix"]))
    elif op == "remove":
        await _resolve(state["removers"][step["of"]]())
    elif op == "event":
        assert t.sse is not None
        expected = listeners.count + step.get("deliveries", 0)
        t.sse.send(step["event"], step["data"])
        await _wait_for(lambda: listeners.count >= expected, t.flavour)
        await _pause(t.flavour, 0.02)  # a delivery beyond the expected ones would show now
    elif op == "state":
        out["states"].append({"isConnected": pb.realtime.is_connected})
    elif op == "call":
        return plain(await _resolve(_bound(pb, step, t, out)()))
    else:
        raise ValueError(f"unknown realtime op {op!r}")
    return None


async def _pause(flavour: str, seconds: float) -> None:
    if flavour == "async":
        await asyncio.sleep(seconds)
    else:
        time.sleep(seconds)


async def run_realtime(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], t: Transport, http: Any
) -> dict[str, Any]:
    t.load(case, realtime=True)
    pb = _client(case, fixtures, http)
    listeners = _Listeners()
    out: dict[str, Any] = {"events": listeners.events, "states": [], "disconnects": [], "steps": []}
    state: dict[str, Any] = {"listeners": listeners, "removers": {}}
    pb.realtime.on_disconnect = lambda active: out["disconnects"].append(list(active))
    try:
        for step in case["steps"]:
            entry: dict[str, Any] = {}
            try:
                result = await _realtime_op(pb, step, t, state, out)
                if step["op"] == "call":
                    entry["result"] = result
            except Exception as exc:
                entry["error"] = error_shape(exc)
            out["steps"].append(entry)
        with listeners.lock:
            out["events"] = {k: list(v) for k, v in listeners.events.items()}
        result = _finish(pb, out, t)
    finally:
        pb.realtime.on_disconnect = None
        await _close(pb)
    return result


RUNNERS = {"call": run_call, "batch": run_batch, "realtime": run_realtime}


async def _run_case(
    case: Mapping[str, Any], fixtures: Mapping[str, Any], t: Transport, http: Any
) -> dict[str, Any]:
    runner = RUNNERS.get(case.get("kind", "call"))
    if runner is None:
        return {"driverError": f"unknown kind {case.get('kind')}"}
    return await runner(case, fixtures, t, http)


def run_all(data: Mapping[str, Any], flavour: str) -> dict[str, dict[str, Any]]:
    """Run every case with the ``"sync"`` or ``"async"`` client."""
    fixtures = data["fixtures"]["auth"]
    results: dict[str, dict[str, Any]] = {}
    with _mocked(flavour) as transport:
        if flavour == "sync":
            # The sync client's calls return plain values; ``_resolve`` never awaits, so one
            # event loop can drive the shared runners without the client ever touching it.
            with httpx.Client(follow_redirects=True) as http:

                async def run_sync() -> None:
                    for case in data["cases"]:
                        results[case["id"]] = await _run_case(case, fixtures, transport, http)

                asyncio.run(run_sync())
        elif flavour == "async":

            async def run_async() -> None:
                async with httpx.AsyncClient(follow_redirects=True) as http:
                    for case in data["cases"]:
                        results[case["id"]] = await _run_case(case, fixtures, transport, http)

            asyncio.run(run_async())
        else:
            raise ValueError(f"unknown flavour {flavour!r}")
    return results
