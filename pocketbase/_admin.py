"""Sans-I/O rules of the admin services (backups, crons, logs), shared by both clients.

Backup names are checked before anything is sent (a name with a path in it never reaches the
server); download URLs are built here; and the rules of ``backups.restore``'s wait for the
server's restart live here: the server answers the restore with 204, restores about a second
later and then replaces its own process (same PID, same port). The client watches a realtime
stream opened before the restore: the old process closes it when it goes away. Then it polls
``/api/health`` until the new process answers and no backup or restore is running.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import (
    ClientResponseError,
    RequestTimeoutError,
    error_for_status,
    invalid_request_error,
)
from ._http import build_url, encode_segment
from ._js import encode_uri_component

if TYPE_CHECKING:
    from .models import HealthCheck

__all__ = [
    "RESTART_POLL_INTERVAL",
    "backup_download_url",
    "check_backup_key",
    "check_cron_id",
    "missing_log_id_error",
    "restart_stream_error",
    "restart_timeout_error",
    "server_is_back",
    "unknown_cron_error",
    "upload_name",
]

#: seconds between two health checks while waiting for a restored server
RESTART_POLL_INTERVAL = 0.05

_UNSAFE = ("/", "\\", "..", "\x00")


def check_backup_key(key: Any, *, allow_empty: bool = False) -> str:
    """``key`` when it can name a backup file; else a :class:`ClientResponseError` (nothing
    is sent). Names with ``/``, ``\\`` or ``..`` are refused: a backup is one file in the
    server's backups folder (the server itself only accepts ``[a-z0-9_-]+.zip``)."""
    if not isinstance(key, str):
        raise _bad_name(f"a backup name must be a string, not {type(key).__name__}")
    if not key and not allow_empty:
        raise _bad_name("a backup name is required, e.g. 'pb_backup_20260101.zip'")
    if any(part in key for part in _UNSAFE) or key in (".",):
        raise _bad_name(
            f"{key!r} is not a file name: backup names may not contain '/', '\\' or '..'"
        )
    return key


def _bad_name(message: str) -> ClientResponseError:
    return invalid_request_error(ValueError(message), what="Invalid backup name")


def upload_name(file: Any) -> str:
    """The file name a backup upload will be stored under, checked like a backup name."""
    name: Any = None
    if isinstance(file, tuple) and file:
        name = file[0]
    elif not isinstance(file, (bytes, bytearray, memoryview)):
        raw = getattr(file, "name", None)
        name = raw.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(raw, str) else None
    if not name:
        raise _bad_name(
            "the upload needs a file name: pass an open binary file or a ('name.zip', data) tuple"
        )
    return check_backup_key(name)


def backup_download_url(base_url: str, token: Any, key: Any) -> str:
    """``/api/backups/{key}?token={token}`` on ``base_url`` (both encoded as the JS SDK does).

    The token is a file token (``POST /api/files/token`` as a superuser); the error for a
    missing one never shows a token.
    """
    check_backup_key(key)
    if not isinstance(token, str) or not token:
        raise invalid_request_error(
            ValueError("a file token is required (POST /api/files/token as a superuser)"),
            what="Invalid backup download",
        )
    path = f"/api/backups/{encode_segment(key)}?token={encode_uri_component(token)}"
    return build_url(base_url, path)


def check_cron_id(job_id: Any) -> str:
    """``job_id`` when it can name a cron job (a non-empty string); else an error, nothing
    sent."""
    if not isinstance(job_id, str) or not job_id:
        raise invalid_request_error(
            ValueError(f"a cron job id is required (see pb.crons.get_full_list()), got {job_id!r}"),
            what="Invalid cron job",
        )
    return job_id


def unknown_cron_error(exc: ClientResponseError, job_id: str) -> ClientResponseError:
    """The server's 404 for a cron id it does not have, naming the id."""
    if exc.status != 404:
        return exc
    return error_for_status(
        exc.url,
        exc.status,
        exc.data,
        original_error=exc.original_error,
        message=f"{exc.message.rstrip('.')}: no cron job {job_id!r} on this server "
        "(pb.crons.get_full_list() lists them).",
    )


def missing_log_id_error(url: str) -> ClientResponseError:
    """The JS SDK's client-side 404 for ``logs.get_one("")`` (nothing is sent)."""
    return error_for_status(
        url, 404, {"code": 404, "message": "Missing required log id.", "data": {}}
    )


def server_is_back(health: HealthCheck) -> bool:
    """Whether a health reply comes from a server that finished restoring: a 200 without
    ``canBackup: false`` (the old process says false while it restores)."""
    return health.data.can_backup is not False


def restart_stream_error(url: str, status: int) -> ClientResponseError:
    """The restore was not sent: the stream that tells when the server restarts did not open."""
    return ClientResponseError(
        url=url,
        status=status,
        message=(
            f"Cannot watch the server restart after a restore: GET {url} answered {status} "
            "instead of opening a realtime stream. The restore was not sent."
        ),
    )


def restart_timeout_error(
    url: str, key: str, seconds: float, *, stopped: bool
) -> ClientResponseError:
    """The restore was accepted, but the server did not restart (or come back) in time."""
    if stopped:
        what = "stopped for the restore but did not answer again"
    else:
        what = "accepted the restore but did not restart"
    return RequestTimeoutError(
        url=url,
        message=(
            f"The server {what} within {seconds:g} s (backup {key!r}). A large backup takes "
            "longer: wait and check pb.health.check(), or pass a larger restart_timeout=."
        ),
    )
