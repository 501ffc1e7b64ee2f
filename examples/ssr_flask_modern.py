"""Server-side rendering with Flask and the sync client, the 0.23+ way: users log in through
``pb.collection("users")``.

The flow of ``ssr_flask.py``: a new client per request loads the auth store from the
request's ``pb_auth`` cookie, does the work, and writes the auth state back onto the response.
Here the store holds the user's record, so the cookie is the one the JS SDK 0.28.1 reads and
writes (``{"token", "record"}``).

Run: ``POCKETBASE_URL=http://127.0.0.1:8090 flask --app examples.ssr_flask_modern run``
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, g, jsonify, request

from pocketbase import ClientResponseError, PocketBase, RecordService
from pocketbase.models import Record


class UserRecord(Record):
    """The fields of a ``users`` record this application reads."""

    email: str = ""
    name: str = ""


def users(pb: PocketBase) -> RecordService[UserRecord]:
    """The ``users`` auth collection, its records read as ``UserRecord``."""
    return pb.collection("users", model=UserRecord)


def me_of(user: UserRecord) -> Any:
    return jsonify(id=user.id, email=user.email, name=user.name)


def create_app(pocketbase_url: str, *, secure_cookie: bool = True) -> Flask:
    app = Flask(__name__)
    cookie_options = {"secure": secure_cookie}

    @app.before_request
    def open_client() -> None:
        pb = PocketBase(pocketbase_url)
        pb.auth_store.load_from_cookie(request.headers.get("Cookie", ""))
        g.pb = pb

    @app.after_request
    def store_cookie(response: Response) -> Response:
        pb: PocketBase = g.pb
        response.headers["Set-Cookie"] = pb.auth_store.export_to_cookie(cookie_options)
        pb.close()
        return response

    @app.post("/login")
    def login() -> Any:
        payload = request.get_json(force=True)
        try:
            auth = users(g.pb).auth_with_password(str(payload["email"]), str(payload["password"]))
        except ClientResponseError as exc:
            return jsonify(detail=str(exc)), 400
        return me_of(auth.record)  # the store now holds this record

    @app.get("/me")
    def me() -> Any:
        pb: PocketBase = g.pb
        if not pb.auth_store.is_valid:
            return jsonify(detail="Not logged in."), 401
        try:
            auth = users(pb).auth_refresh()  # checks the token with the server and renews it
        except ClientResponseError:
            pb.auth_store.clear()
            return jsonify(detail="Session expired."), 401
        return me_of(auth.record)

    @app.post("/logout")
    def logout() -> Any:
        pb: PocketBase = g.pb
        pb.auth_store.clear()  # the store held a record: the 0.28.1 empty cookie
        return jsonify(ok=True)

    return app


app = create_app(os.environ.get("POCKETBASE_URL", "http://127.0.0.1:8090"))
