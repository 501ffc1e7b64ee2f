"""Server-side rendering with Flask and the sync client: the ``pb_auth`` cookie flow.

A new client per request: load the auth store from the request's cookie, do the work, and
write the auth state back onto the response (the same cookie the JS SDK uses).

Run: ``POCKETBASE_URL=http://127.0.0.1:8090 flask --app examples.ssr_flask run``
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, g, jsonify, request

from pocketbase import ClientResponseError, PocketBase


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
        pb: PocketBase = g.pb
        payload = request.get_json(force=True)
        try:
            auth = pb.users.auth_via_email(str(payload["email"]), str(payload["password"]))
        except ClientResponseError as exc:
            return jsonify(detail=str(exc)), 400
        return jsonify(id=auth.user.id, email=auth.user.email)

    @app.get("/me")
    def me() -> Any:
        pb: PocketBase = g.pb
        if not pb.auth_store.is_valid:
            return jsonify(detail="Not logged in."), 401
        try:
            auth = pb.users.refresh()
        except ClientResponseError:
            pb.auth_store.clear()
            return jsonify(detail="Session expired."), 401
        return jsonify(id=auth.user.id, email=auth.user.email)

    return app


app = create_app(os.environ.get("POCKETBASE_URL", "http://127.0.0.1:8090"))
