"""What each server generation can do: one table, ``feature -> oldest server that has it``.

Gating is per generation (detection tells 0.7, 0.8-0.22 and 0.23+ apart, nothing finer). A
feature whose oldest server is in an older generation than the detected one is refused before
anything is sent, with :class:`~pocketbase.UnsupportedFeatureError`. A feature that arrived
*inside* the detected generation (crons in 0.24, SQL in 0.39, ...) is sent; when the server
answers with its router's 404, :func:`router_404_error` turns that into the same error, naming
the first server version that has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from .._errors import ClientResponseError, UnsupportedFeatureError

__all__ = [
    "CAPABILITIES",
    "GENERATION_LABELS",
    "Feature",
    "ServerApi",
    "Since",
    "is_router_404",
    "router_404_error",
    "supports",
    "unsupported_error",
]

#: the three server generations the SDK tells apart
ServerApi = Literal["0.7", "0.8", "0.23"]

#: how each generation is named in messages and docs
GENERATION_LABELS: dict[ServerApi, str] = {"0.7": "0.7", "0.8": "0.8-0.22", "0.23": "0.23+"}

_ORDER: dict[ServerApi, int] = {"0.7": 0, "0.8": 1, "0.23": 2}


class Feature(str, Enum):
    """A capability that not every server has; the value is how messages name it."""

    AUTH_COLLECTIONS = "auth collections other than users"
    SUPERUSER_AUTH = (
        "_superusers auth methods other than password login, refresh and password reset"
    )
    OAUTH2_ALL_IN_ONE = "the all-in-one OAuth2 flow"
    OTP = "one-time password (OTP) auth"
    MFA = "multi-factor auth (MFA)"
    IMPERSONATE = "impersonation"
    EXTERNAL_AUTHS_COLLECTION = "the _externalAuths collection"
    REALTIME_OPTIONS = "realtime subscription options"
    FILE_TOKENS = "protected file tokens"
    BATCH = "batch requests"
    HEALTH = "the health check"
    BACKUPS = "backups"
    BACKUP_UPLOAD = "backup uploads"
    CRONS = "cron jobs"
    LOGS_API = "the logs API"
    LOGS_TRUNCATE = "log truncation"
    COLLECTION_TRUNCATE = "collection truncation"
    SCAFFOLDS = "collection scaffolds"
    OAUTH2_PROVIDERS_LIST = "the OAuth2 providers list"
    DRY_RUN_VIEW = "view query dry runs"
    APPLE_CLIENT_SECRET = "Apple client secret generation"
    SQL = "the SQL console"


@dataclass(frozen=True, slots=True)
class Since:
    """The oldest server with a feature: its generation and its exact version."""

    generation: ServerApi
    version: str


#: feature -> the oldest server that has it (the "added in" column of the availability table)
CAPABILITIES: Mapping[Feature, Since] = {
    Feature.AUTH_COLLECTIONS: Since("0.8", "0.8"),
    Feature.SUPERUSER_AUTH: Since("0.23", "0.23"),
    Feature.OAUTH2_ALL_IN_ONE: Since("0.8", "0.15"),
    Feature.OTP: Since("0.23", "0.23"),
    Feature.MFA: Since("0.23", "0.23"),
    Feature.IMPERSONATE: Since("0.23", "0.23"),
    Feature.EXTERNAL_AUTHS_COLLECTION: Since("0.23", "0.23"),
    Feature.REALTIME_OPTIONS: Since("0.8", "0.20"),
    Feature.FILE_TOKENS: Since("0.8", "0.15"),
    Feature.BATCH: Since("0.23", "0.23"),
    Feature.HEALTH: Since("0.8", "0.10"),
    Feature.BACKUPS: Since("0.8", "0.16"),
    Feature.BACKUP_UPLOAD: Since("0.8", "0.18"),
    Feature.CRONS: Since("0.23", "0.24"),
    Feature.LOGS_API: Since("0.8", "0.20"),
    Feature.LOGS_TRUNCATE: Since("0.23", "0.40"),
    Feature.COLLECTION_TRUNCATE: Since("0.23", "0.23"),
    Feature.SCAFFOLDS: Since("0.23", "0.23"),
    Feature.OAUTH2_PROVIDERS_LIST: Since("0.23", "0.37"),
    Feature.DRY_RUN_VIEW: Since("0.23", "0.37"),
    Feature.APPLE_CLIENT_SECRET: Since("0.8", "0.14"),
    Feature.SQL: Since("0.23", "0.39"),
}


def supports(generation: ServerApi, feature: Feature) -> bool:
    """Whether servers of ``generation`` can have ``feature`` (per generation, not per version)."""
    return _ORDER[generation] >= _ORDER[CAPABILITIES[feature].generation]


def unsupported_error(generation: ServerApi, feature: Feature) -> UnsupportedFeatureError:
    """The error of a call that needs ``feature`` on a server of ``generation``."""
    since = CAPABILITIES[feature]
    return UnsupportedFeatureError(
        message=(
            f"{feature.value} {'need' if feature in _PLURAL else 'needs'} PocketBase "
            f"{since.version} or later; this server is {GENERATION_LABELS[generation]}"
        )
    )


#: features named in the plural ("batch requests need", "the health check needs")
_PLURAL = frozenset(
    {
        Feature.AUTH_COLLECTIONS,
        Feature.SUPERUSER_AUTH,
        Feature.REALTIME_OPTIONS,
        Feature.FILE_TOKENS,
        Feature.BATCH,
        Feature.BACKUPS,
        Feature.BACKUP_UPLOAD,
        Feature.CRONS,
        Feature.SCAFFOLDS,
        Feature.DRY_RUN_VIEW,
    }
)


#: the message of the router's own 404 (no such route), as opposed to a missing record
_ROUTER_404_MESSAGES = frozenset({"Not Found."})


def is_router_404(error: ClientResponseError) -> bool:
    """Whether a 404 came from the server's router (the route does not exist there)."""
    message = error.data.get("message") if error.status == 404 else None
    return isinstance(message, str) and message in _ROUTER_404_MESSAGES


def router_404_error(
    generation: ServerApi, feature: Feature, error: ClientResponseError
) -> ClientResponseError:
    """``error`` itself, or an :class:`UnsupportedFeatureError` when it is the router's 404
    for a feature that arrived inside the server's generation."""
    since = CAPABILITIES[feature]
    if since.version == since.generation or not is_router_404(error):
        return error
    verb = "need" if feature in _PLURAL else "needs"
    return UnsupportedFeatureError(
        url=error.url,
        data=error.data,
        message=(
            f"{feature.value} {verb} PocketBase {since.version} or later; this server "
            f"answered {error.url or 'the request'} with 404 (no such route)"
        ),
    )
