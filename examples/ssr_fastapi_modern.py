"""Server-side rendering with FastAPI and the async client, the 0.23+ way: users log in
through ``pb.collection("users")``.

The flow of ``ssr_fastapi.py``: each request gets its own client (so auth state and
auto-cancellation never leak between users), a middleware loads the auth store from the
request's ``pb_auth`` cookie and writes the (possibly refreshed) auth state back onto the
response. Here the store holds the user's record, so the cookie is the one the JS SDK 0.28.1
reads and writes (``{"token", "record"}``): a browser app on that SDK shares the session.

Run: ``POCKETBASE_URL=http://127.0.0.1:8090 uvicorn examples.ssr_fastapi_modern:app``
"""

import os
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from pydantic import BaseModel

from pocketbase import AsyncPocketBase, AsyncRecordService, ClientResponseError
from pocketbase.models import Record


class UserRecord(Record):
    """The fields of a ``users`` record this application reads."""

    email: str = ""
    name: str = ""


class Credentials(BaseModel):
    email: str
    password: str


class Me(BaseModel):
    id: str
    email: str
    name: str


def get_pocketbase(request: Request) -> AsyncPocketBase:
    """The request's own client (opened by the middleware)."""
    pb: AsyncPocketBase = request.state.pocketbase
    return pb


Client = Annotated[AsyncPocketBase, Depends(get_pocketbase)]


def users(pb: AsyncPocketBase) -> AsyncRecordService[UserRecord]:
    """The ``users`` auth collection, its records read as ``UserRecord``."""
    return pb.collection("users", model=UserRecord)


def me_of(user: UserRecord) -> Me:
    return Me(id=user.id, email=user.email, name=user.name)


def create_app(pocketbase_url: str, *, secure_cookie: bool = True) -> FastAPI:
    app = FastAPI()
    cookie_options = {"secure": secure_cookie}

    @app.middleware("http")
    async def pocketbase_per_request(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        async with AsyncPocketBase(pocketbase_url) as pb:
            pb.auth_store.load_from_cookie(request.headers.get("cookie", ""))
            request.state.pocketbase = pb
            response = await call_next(request)
            response.headers["set-cookie"] = pb.auth_store.export_to_cookie(cookie_options)
            return response

    @app.post("/login")
    async def login(credentials: Credentials, pb: Client) -> Me:
        try:
            auth = await users(pb).auth_with_password(credentials.email, credentials.password)
        except ClientResponseError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        return me_of(auth.record)  # the store now holds this record

    @app.get("/me")
    async def me(pb: Client) -> Me:
        if not pb.auth_store.is_valid:
            raise HTTPException(status_code=401, detail="Not logged in.")
        try:
            auth = await users(pb).auth_refresh()  # checks the token with the server, renews it
        except ClientResponseError as exc:
            pb.auth_store.clear()
            raise HTTPException(status_code=401, detail="Session expired.") from exc
        return me_of(auth.record)

    @app.post("/logout")
    async def logout(pb: Client) -> dict[str, bool]:
        pb.auth_store.clear()  # the store held a record: the 0.28.1 empty cookie
        return {"ok": True}

    return app


app = create_app(os.environ.get("POCKETBASE_URL", "http://127.0.0.1:8090"))
