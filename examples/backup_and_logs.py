"""Nightly operations with the sync client: back up the data, download the backup, and report
today's error logs.

    python examples/backup_and_logs.py [URL] [ADMIN_EMAIL] [ADMIN_PASSWORD] [--out DIR] [--keep]

The arguments default to the environment variables ``POCKETBASE_URL``,
``POCKETBASE_ADMIN_EMAIL`` and ``POCKETBASE_ADMIN_PASSWORD``, then to
``http://127.0.0.1:8090``, ``admin@example.com`` and ``1234567890``. Works on PocketBase 0.16
and later (backups; the logs API needs 0.20).

The backup is written to ``--out`` (default: the current directory) and deleted from the
server afterwards unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import httpx

from pocketbase import ClientResponseError, PocketBase
from pocketbase.models import BackupFileInfo

#: the level of error entries in the server's logs (warnings are 4, info 0, debug -4)
ERROR_LEVEL = 8


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "url", nargs="?", default=os.environ.get("POCKETBASE_URL", "http://127.0.0.1:8090")
    )
    parser.add_argument(
        "email", nargs="?", default=os.environ.get("POCKETBASE_ADMIN_EMAIL", "admin@example.com")
    )
    parser.add_argument(
        "password", nargs="?", default=os.environ.get("POCKETBASE_ADMIN_PASSWORD", "1234567890")
    )
    parser.add_argument("--out", type=Path, default=Path.cwd(), help="where to save the backup")
    parser.add_argument("--keep", action="store_true", help="keep the backup on the server")
    return parser.parse_args(argv)


def back_up(pb: PocketBase, out: Path) -> BackupFileInfo:
    """Create a backup, download it into ``out`` and check its size against the listing."""
    name = f"nightly_{datetime.now(timezone.utc):%Y%m%d_%H%M%S}.zip"
    pb.backups.create(name)
    info = next(b for b in pb.backups.get_full_list() if b.key == name)
    print(f"created backup {info.key} ({info.size} bytes)")

    # A download URL carries a short-lived file token of the superuser: keep it out of logs.
    token = pb.files.get_token()
    url = pb.backups.get_download_url(token, info.key)
    target = out / info.key
    with httpx.stream("GET", url, timeout=60) as response:
        response.raise_for_status()
        with open(target, "wb") as file:
            for chunk in response.iter_bytes():
                file.write(chunk)
    size = target.stat().st_size
    if size != info.size:
        raise SystemExit(f"downloaded {size} bytes, but the server lists {info.size}")
    print(f"downloaded {info.key} to {target}: {size} bytes, as listed")
    return info


def report_errors(pb: PocketBase) -> None:
    """Print today's error log entries (UTC day), newest first."""
    midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    errors = pb.filter(
        "level >= {:level} && created >= {:since}", {"level": ERROR_LEVEL, "since": midnight}
    )
    page = pb.logs.get_list(1, 50, filter=errors, sort="-created")
    print(f"{page.total_items} error log(s) today")
    for entry in page.items:
        when = entry.created.strftime("%H:%M:%S") if entry.created else "?"
        status = entry.data.get("status", "-")
        detail = entry.data.get("error") or ""
        print(f"  {when} [{status}] {entry.message} {detail}".rstrip())


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    with PocketBase(args.url) as pb:
        try:
            pb.admins.auth_via_email(args.email, args.password)
            health = pb.health.check()
            print(f"server at {args.url}: {health.message} (server_api {pb.server_api})")
            info = back_up(pb, args.out)
            report_errors(pb)
            if not args.keep:
                pb.backups.delete(info.key)
                print(f"deleted {info.key} from the server")
        except ClientResponseError as err:
            print(f"failed: {err}", file=sys.stderr)
            return 1
    print("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
