# Generated from pocketbase/_async/auto_refresh.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .._auth import Secret
from .._auto_refresh import Plan, Registration, plan, relogin_first, skips_auto_refresh
from .._compat import Lock
from .._errors import ClientResponseError, auto_refresh_error
from .._jwt import is_token_expired

if TYPE_CHECKING:
    from .._auth_store import BaseAuthStore

__all__ = ["AutoRefresh", "Renewer"]

logger = logging.getLogger("pocketbase")


class Renewer(Protocol):
    """The auth service of the registered collection: renews a token (saving the store only
    while it still holds ``old_token``)."""

    def _auto_refresh(self, old_token: str) -> None: ...

    def _auto_relogin(self, identity: str, password: Secret, old_token: str) -> None: ...


class AutoRefresh:
    """The automatic auth refresh of one client (see ``pocketbase/_auto_refresh.py``).

    ``before_request`` runs before every request of the client. At most one renewal runs at
    a time: requests that find the token expiring wait for the lock, and the ones behind the
    renewal then find a fresh token (or the recorded failure) and go on.
    """

    __slots__ = ("_entry", "_lock")

    def __init__(self) -> None:
        self._lock = Lock()
        self._entry: tuple[Registration, Renewer] | None = None

    @property
    def registration(self) -> Registration | None:
        entry = self._entry
        return entry[0] if entry is not None else None

    def register(self, registration: Registration, renewer: Renewer) -> None:
        self._entry = (registration, renewer)

    def clear(self) -> None:
        self._entry = None

    def saving(self, token: str, identity: tuple[str, str], login: bool) -> None:
        """The SDK is about to save an auth reply: a login, or another record, ends the
        registration; a new token of the registered record is accepted from now on (so a
        request that sees it in the store meanwhile does not take it for a change by hand)."""
        entry = self._entry
        if entry is None:
            return
        registration = entry[0]
        if login or identity != registration.identity:
            self._drop(entry)
        else:
            registration.pending = token

    def saved(self, token: str, stored: bool) -> None:
        """The save announced by :meth:`saving` happened (``stored``) or was skipped."""
        entry = self._entry
        if entry is None or entry[0].pending != token:
            return
        if stored:
            entry[0].renewed(token)
        else:
            entry[0].pending = ""

    def _drop(self, entry: tuple[Registration, Renewer]) -> None:
        if self._entry is entry:
            self._entry = None

    def before_request(self, config: Mapping[str, Any], store: BaseAuthStore) -> None:
        """Renew the stored token first when it expires within the threshold."""
        entry = self._entry
        if entry is None or skips_auto_refresh(config):
            return
        seen = store.token
        if plan(entry[0], seen) is Plan.SEND:
            return  # the common case: no lock
        with self._lock:
            self._settle(store, seen)

    def _settle(self, store: BaseAuthStore, seen: str) -> None:
        entry = self._entry
        if entry is None:
            return
        registration, renewer = entry
        token = store.token
        if token != seen and token == registration.token:
            return  # renewed while this request waited: one renewal per expiring token
        step = plan(registration, token)
        if step is Plan.DROP:
            self._drop(entry)
        elif step is Plan.RENEW:
            try:
                self._renew(registration, renewer, token)
            except ClientResponseError as exc:
                logger.warning(
                    "the automatic auth refresh of %r failed (%s, status %s); requests use the "
                    "old token until it expires, then raise",
                    registration.collection,
                    type(exc).__name__,
                    exc.status,
                )
                registration.failed(token, exc)
                self._send_or_raise(registration, token)
        elif step is Plan.FAILED:
            self._send_or_raise(registration, token)

    @staticmethod
    def _renew(registration: Registration, renewer: Renewer, token: str) -> None:
        credentials = registration.credentials
        if not relogin_first(registration, token):
            try:
                renewer._auto_refresh(token)
                return
            except ClientResponseError:
                if credentials is None:
                    raise
        if credentials is not None:
            renewer._auto_relogin(credentials[0], credentials[1], token)

    @staticmethod
    def _send_or_raise(registration: Registration, token: str) -> None:
        """After a failed renewal: a token that still works goes out; an expired one would
        make the request a guest's, so the request raises instead."""
        failure = registration.failure
        if failure is not None and is_token_expired(token):
            raise auto_refresh_error(failure) from failure
