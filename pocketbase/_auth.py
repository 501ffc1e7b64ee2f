"""Auth flows without I/O, shared by both clients: the options of the modern auth calls, the
all-in-one OAuth2 URL and redirect event, the auth store updates after e-mail confirmations,
and the wrapper that keeps a superuser password out of reprs and pickles.
"""

from __future__ import annotations

import json
import secrets
import webbrowser
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict
from urllib.parse import unquote

from ._errors import oauth2_error
from ._js import encode_uri_component
from ._jwt import get_token_payload
from ._pipeline import GUEST, UNSET
from ._services import modern_query, request_config
from .models import AuthMethods, OAuth2ProviderInfo, Record

__all__ = [
    "DEFAULT_OAUTH2_TIMEOUT",
    "OAUTH2_REDIRECT_PATH",
    "OAUTH2_TOPIC",
    "AuthOptions",
    "Secret",
    "as_guest",
    "auth_options",
    "email_change_clears",
    "find_provider",
    "guest_headers",
    "oauth2_auth_url",
    "oauth2_code",
    "open_in_browser",
    "verified_record",
]

#: the realtime topic the server pushes the OAuth2 redirect's code and state to
OAUTH2_TOPIC = "@oauth2"
#: where the provider sends the user's browser back (the server forwards it to the topic)
OAUTH2_REDIRECT_PATH = "/api/oauth2-redirect"
#: how long the all-in-one flow waits for the user by default (seconds)
DEFAULT_OAUTH2_TIMEOUT = 180.0


class AuthOptions(TypedDict, total=False):
    """The keyword options of the auth calls of ``collection(name)``.

    ``expand``/``fields`` shape the returned record (a str or a sequence of names),
    ``query`` adds query parameters, ``headers`` adds headers, ``request_key`` is the
    auto-cancellation key (omitted: ``METHOD + path``; ``None``: never auto-cancelled).
    """

    expand: str | Sequence[str] | None
    fields: str | Sequence[str] | None
    query: Mapping[str, Any] | None
    headers: Mapping[str, str] | None
    request_key: str | None


_OPTION_NAMES = frozenset(AuthOptions.__annotations__)


def auth_options(opts: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(query, send config)`` of an auth call's keyword options; an unknown name raises
    ``TypeError`` (as a misspelt keyword argument does)."""
    unknown = sorted(set(opts) - _OPTION_NAMES)
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(unknown)}")
    query = modern_query(opts.get("query"), expand=opts.get("expand"), fields=opts.get("fields"))
    return query, request_config(opts.get("headers"), opts.get("request_key", UNSET))


def guest_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The headers of a login call: the caller's, and an empty ``Authorization`` (the stored
    token is not sent) unless the caller gave one."""
    out = dict(headers or {})
    if not any(name.lower() == "authorization" for name in out):
        out["Authorization"] = ""
    return out


def as_guest(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``send()`` config of a login, which never sends the stored token: a modern call
    goes out without ``Authorization`` (as the JS SDK 0.28.1 does for a guest), a seed call
    with the empty header of the JS SDK 0.7.4's logins (:func:`guest_headers`)."""
    if config.get("modern"):
        return {**config, GUEST: True}
    return {**config, "headers": guest_headers(config.get("headers"))}


# -- the all-in-one OAuth2 flow ------------------------------------------------------------------


def find_provider(methods: AuthMethods, name: str) -> OAuth2ProviderInfo:
    """The provider ``name`` of the collection's auth methods."""
    for provider in methods.oauth2.providers:
        if provider.name == name:
            if not provider.auth_url:
                break
            return provider
    raise oauth2_error(
        f"Missing or invalid OAuth2 provider {name!r}: it is not enabled on this collection."
    )


def _replace_query(url: str, replacements: Mapping[str, str]) -> str:
    """``url`` with some query parameters replaced, the query re-encoded with
    ``encodeURIComponent`` (as the JS SDK 0.28.1 rewrites the provider's URL)."""
    base, sep, raw = url.partition("?")
    params: dict[str, str] = {}
    if sep:
        for part in raw.split("&"):
            key, _, value = part.partition("=")
            params[unquote(key)] = unquote(value.replace("+", " "))
    params.update(replacements)
    query = "&".join(
        f"{encode_uri_component(k)}={encode_uri_component(v)}" for k, v in params.items()
    )
    return f"{base}?{query}" if query else base


def oauth2_auth_url(
    auth_url: str, redirect_url: str, state: str, scopes: Sequence[str] | None = None
) -> str:
    """The provider URL the user opens: the server's ``auth_url`` (which ends with an empty
    ``redirect_uri=``) completed with ``redirect_url``, its ``state`` replaced by the realtime
    client id (so the server can route the redirect to this login) and, when given, its
    ``scope`` by ``scopes``."""
    replacements = {"state": state}
    if scopes is not None:
        replacements["scope"] = " ".join(scopes)
    return _replace_query(auth_url + redirect_url, replacements)


def oauth2_code(data: str, client_id: str) -> str:
    """The code of an ``@oauth2`` event (its JSON ``data``), checked against this login's
    realtime ``client_id``. Raises :class:`~pocketbase.OAuth2Error` for a state that does not
    match, a provider error, or no code (messages never quote the state or the code)."""
    try:
        payload = json.loads(data)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        payload = {}
    state = payload.get("state")
    if not (isinstance(state, str) and client_id and secrets.compare_digest(state, client_id)):
        raise oauth2_error(
            "The OAuth2 redirect's state does not match this login (a redirect meant for "
            "another login, or a forged one); the login was stopped."
        )
    error = payload.get("error")
    if error:
        text = str(error)[:200]
        raise oauth2_error(f"The OAuth2 provider refused the login: {text}.", {"error": text})
    code = payload.get("code")
    if not isinstance(code, str) or not code:
        raise oauth2_error("The OAuth2 redirect carried no authorization code.")
    return code


def open_in_browser(url: str) -> None:
    """The default ``url_callback``: open ``url`` in the system browser."""
    if not webbrowser.open(url):
        raise oauth2_error(
            "No browser could be opened for the OAuth2 login; pass url_callback= to show "
            "the URL to the user some other way."
        )


# -- the store after e-mail confirmations -------------------------------------------------------


def _same_record(token: str, record: Record | None) -> bool:
    if record is None:
        return False
    payload = get_token_payload(token)
    return bool(record.id) and (
        payload.get("id") == record.id and payload.get("collectionId") == record.collection_id
    )


def verified_record(token: str, record: Record | None) -> Record | None:
    """After ``confirm_verification(token)``: the stored ``record`` marked verified when the
    token is about it and it is not verified yet (else None: nothing to save)."""
    if record is None or not _same_record(token, record) or record.get("verified") is True:
        return None
    return record.model_copy(update={"verified": True})


def email_change_clears(token: str, record: Record | None) -> bool:
    """After ``confirm_email_change(token, ...)``: whether the store holds the record whose
    e-mail changed (the server has invalidated its tokens, so the store is cleared)."""
    return _same_record(token, record)


# -- secrets kept in memory ------------------------------------------------------------------------


class Secret:
    """A value kept in memory (the ``_superusers`` password of an automatic re-login) that
    never shows in ``repr``/``str`` and refuses to be pickled or copied."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError(
            "a kept password cannot be pickled or copied; log in again in the other process"
        )
