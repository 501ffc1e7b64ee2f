"""Automatic auth refresh without I/O: what is registered and what to do before a request.

``collection(name).auth_with_password(..., auto_refresh_threshold=N)`` registers the login.
Before every later request of the client, :func:`plan` decides: send as is, forget the
registration (the store was cleared or changed by hand, or another login replaced it), or
renew the token first because it expires within ``N`` seconds (``auth_refresh``; for a
superuser, a password re-login when the refresh fails or the token has already expired).
The client's helper (``_async/auto_refresh.py``) runs one renewal at a time, however many
requests wait for it, and remembers a failed one so that each expiring token is renewed at
most once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ._auth import Secret
from ._errors import ClientResponseError
from ._jwt import is_token_expired
from ._pipeline import GUEST

__all__ = [
    "SKIP_AUTO_REFRESH",
    "Plan",
    "Registration",
    "identity_of",
    "plan",
    "relogin_first",
    "skips_auto_refresh",
]

#: ``send()`` config key of the SDK's own renewal requests: they never wait for a renewal
SKIP_AUTO_REFRESH = "_skip_auto_refresh"


class Plan(Enum):
    """What to do with the registration before a request."""

    SEND = "send"  #: the token is fresh enough
    DROP = "drop"  #: the store no longer holds the registered login: forget it
    RENEW = "renew"  #: the token expires within the threshold: renew it first
    FAILED = "failed"  #: renewing this token failed already: send with it or raise


@dataclass(slots=True, eq=False)
class Registration:
    """One registered login: the auth collection, the threshold (s), the record it is for,
    the token the SDK last saved for it and, for a superuser, the credentials of a re-login
    (kept out of ``repr``; a :class:`~pocketbase._auth.Secret` cannot be pickled)."""

    collection: str
    threshold: float
    identity: tuple[str, str]
    token: str = field(repr=False)
    credentials: tuple[str, Secret] | None = field(default=None, repr=False)
    #: a new token of the same record that the SDK is saving right now
    pending: str = field(default="", repr=False)
    failed_token: str = field(default="", repr=False)
    failure: ClientResponseError | None = field(default=None, repr=False)

    def renewed(self, token: str) -> None:
        """The SDK saved a new token for the same record."""
        self.token = token
        self.pending = ""
        self.failed_token = ""
        self.failure = None

    def failed(self, token: str, error: ClientResponseError) -> None:
        """Renewing ``token`` failed; it is not tried again."""
        self.failed_token = token
        self.failure = error


def identity_of(record: Any) -> tuple[str, str]:
    """``(id, collection id)`` of a saved auth record or seed model (``""`` when absent)."""
    record_id = getattr(record, "id", "")
    collection_id = getattr(record, "collection_id", "") or ""
    if not collection_id:
        extra = getattr(record, "model_extra", None) or {}
        collection_id = extra.get("collectionId", "")
    return str(record_id or ""), str(collection_id or "")


def plan(registration: Registration, token: str) -> Plan:
    """What to do before a request while the store holds ``token``."""
    if token and token == registration.pending:
        return Plan.SEND  # being saved by the SDK this instant: as fresh as it gets
    if not token or token != registration.token:
        return Plan.DROP
    if token == registration.failed_token:
        return Plan.FAILED
    if is_token_expired(token, registration.threshold):
        return Plan.RENEW
    return Plan.SEND


def relogin_first(registration: Registration, token: str) -> bool:
    """A superuser whose token has already expired logs in again at once (a refresh would
    only be refused)."""
    return registration.credentials is not None and is_token_expired(token)


def skips_auto_refresh(config: Mapping[str, Any]) -> bool:
    """Requests that never wait for a renewal: the SDK's own renewal requests, and requests
    that carry their own ``Authorization`` (logins go out without the stored token)."""
    if config.get(SKIP_AUTO_REFRESH) or config.get(GUEST):
        return True
    headers = config.get("headers") or {}
    return any(str(name).lower() == "authorization" for name in headers)
