"""The ``pocketbase-typegen`` command (also ``python -m pocketbase.typegen``).

Reads the collections of a live server (``--url`` with a superuser's ``--email`` and
``--password``, or ``--token``) or of a file (``--schema``: what the admin UI's "Export
collections" gives), and writes the typed module (``--out``, default standard output). Every
failure is a one-line message on standard error and a non-zero exit status: 1 for bad input
or an unusable server, 2 for a wrong command line. The output file is replaced in one step
and only when the whole module was generated.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .generator import Options, generate
from .schema import CollectionSpec, SchemaError, load_schema, parse_collections

if TYPE_CHECKING:
    from .._errors import ClientResponseError

__all__ = ["TypegenError", "fetch_collections", "main"]

PROG = "pocketbase-typegen"
_PAGE_SIZE = 200
_MAX_PAGES = 1000  # 200 000 collections: a server that pages forever is not believed


class TypegenError(Exception):
    """A failure to report to the user as is (no traceback)."""


class _UsageError(Exception):
    """A wrong command line (reported with the usage line, exit status 2)."""


# ---------------------------------------------------------------------------------------------
# Reading a live server
# ---------------------------------------------------------------------------------------------


def fetch_collections(
    url: str,
    *,
    email: str = "",
    password: str = "",
    token: str = "",
    timeout: float = 30.0,
) -> list[Any]:
    """The raw collections of the server at ``url`` (every page of ``GET /api/collections``).

    Logs in as a superuser (an admin before 0.23) with ``email`` and ``password``, or uses a
    superuser ``token``.

    Args:
        url: the server's base URL.
        email: the superuser's e-mail (with ``password``).
        password: the superuser's password.
        token: a superuser token, instead of ``email`` and ``password``.
        timeout: the seconds each request may take.

    Returns:
        The collections as the server sends them (give them to ``parse_collections``).

    Raises:
        TypegenError: the login or a list request failed, the token is unusable, or the reply is not
            a list of collections; the message never holds the password or the token.
    """
    from .. import ClientResponseError, PocketBase

    shown = _display_url(url)
    with PocketBase(url, timeout=timeout) as pb:
        try:
            if token:
                pb.auth_store.save(token, None)
            else:
                pb.admins.auth_via_email(email, password)
        except ClientResponseError as exc:
            raise TypegenError(_login_failure(exc, shown, email)) from None
        except (TypeError, ValueError) as exc:  # a token the auth store cannot hold
            raise TypegenError(f"unusable token: {exc}") from None
        items: list[Any] = []
        for page in range(1, _MAX_PAGES + 1):
            try:
                reply = pb.send(
                    "/api/collections", {"params": {"page": page, "perPage": _PAGE_SIZE}}
                )
            except ClientResponseError as exc:
                raise TypegenError(_list_failure(exc, shown)) from None
            batch = reply.get("items") if isinstance(reply, Mapping) else None
            if not isinstance(batch, list):
                raise TypegenError(
                    f"{shown} answered GET /api/collections with something that is not a "
                    "list of collections: is it a PocketBase server?"
                )
            items += batch
            total_pages = reply.get("totalPages")
            if not batch or not isinstance(total_pages, int) or page >= total_pages:
                return items
    raise TypegenError(f"{shown} lists more than {_MAX_PAGES} pages of collections")


def _display_url(url: str) -> str:
    """``url`` without any user name or password in it (it goes into messages)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "the server"
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _unreachable(exc: ClientResponseError, shown: str) -> str:
    return f"could not reach {shown}: {exc.message}"


def _login_failure(exc: ClientResponseError, shown: str, email: str) -> str:
    if exc.status == 0:
        return _unreachable(exc, shown)
    if exc.status in (400, 401, 403):
        return (
            f"could not log in to {shown} as the superuser {email!r}: {exc.message} "
            f"(HTTP {exc.status}; check the e-mail and the password)"
        )
    if exc.status in (404, 405):
        return (
            f"{shown} has no PocketBase login route (HTTP {exc.status}: {exc.message}): is it "
            "the address the server's API is served at?"
        )
    return f"{shown} failed the login: {exc.message} (HTTP {exc.status})"


def _list_failure(exc: ClientResponseError, shown: str) -> str:
    if exc.status == 0:
        return _unreachable(exc, shown)
    if exc.status in (401, 403):
        return (
            f"{shown} refused to list the collections: {exc.message} (HTTP {exc.status}; "
            "only a superuser may, so log in as one or pass a superuser's token)"
        )
    if exc.status == 404:
        return f"{shown} has no /api/collections (HTTP 404): is it a PocketBase server?"
    return f"{shown} failed to list the collections: {exc.message} (HTTP {exc.status})"


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Generate typed PocketBase record classes and typed clients (one Python module) "
            "from a server's collections or from an exported schema file."
        ),
        epilog=(
            "--url, --email, --password and --token may come from the environment instead: "
            "POCKETBASE_URL, POCKETBASE_EMAIL, POCKETBASE_PASSWORD, POCKETBASE_TOKEN (options "
            "win). Prefer the environment for the password and the token: command lines are "
            "visible to other users of the machine."
        ),
    )
    source = parser.add_argument_group("where the collections come from (one of)")
    source.add_argument("--url", help="the server's address, e.g. http://127.0.0.1:8090")
    source.add_argument(
        "--schema",
        metavar="FILE",
        help='a JSON file from the admin UI\'s "Export collections" (0.8+ shapes; - for stdin)',
    )
    login = parser.add_argument_group("logging in to --url (a superuser; an admin before 0.23)")
    login.add_argument("--email", help="the superuser's e-mail")
    login.add_argument("--password", help="the superuser's password")
    login.add_argument("--token", help="a superuser's auth token, instead of e-mail and password")
    login.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per request (default 30)"
    )
    output = parser.add_argument_group("what to write")
    output.add_argument(
        "--out", metavar="FILE", help="the module to write (default: standard output)"
    )
    output.add_argument(
        "--include-system",
        action="store_true",
        help="the system collections too (_superusers, _externalAuths, ...)",
    )
    output.add_argument(
        "--collection",
        action="append",
        default=[],
        metavar="NAME",
        help="only this collection (repeat for several); relations to others are typed Record",
    )
    output.add_argument(
        "--models-only",
        action="store_true",
        help="leave out the TypedPocketBase and AsyncTypedPocketBase clients",
    )
    return parser


def _read_collections(args: argparse.Namespace, env: Mapping[str, str]) -> list[CollectionSpec]:
    if args.schema is not None:
        if args.url is not None:
            raise _UsageError("give either --url or --schema, not both")
        return _read_schema_file(args.schema)
    url = args.url or env.get("POCKETBASE_URL", "")
    if not url:
        raise _UsageError("give --url (or set POCKETBASE_URL) or --schema FILE")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _UsageError(
            f"--url must be an http:// or https:// address, not {_display_url(url)!r}"
        )
    if args.token is not None and (args.email is not None or args.password is not None):
        raise _UsageError("give either --token or --email and --password, not both")
    token = args.token or ""
    if args.token is None and args.email is None and args.password is None:
        token = env.get("POCKETBASE_TOKEN", "")
    if token and not (token.isascii() and token.isprintable() and " " not in token):
        raise _UsageError("the token holds spaces or control characters: it is not a token")
    email = args.email or env.get("POCKETBASE_EMAIL", "")
    password = args.password or env.get("POCKETBASE_PASSWORD", "")
    if not token and not (email and password):
        raise _UsageError(
            "logging in to --url needs --email and --password (or POCKETBASE_EMAIL and "
            "POCKETBASE_PASSWORD) or --token (or POCKETBASE_TOKEN) of a superuser"
        )
    if args.timeout <= 0:
        raise _UsageError("--timeout must be a positive number of seconds")
    raw = fetch_collections(url, email=email, password=password, token=token, timeout=args.timeout)
    return parse_collections(raw, f"the collections of {_display_url(url)}")


def _read_schema_file(name: str) -> list[CollectionSpec]:
    if name == "-":
        return load_schema(sys.stdin.buffer.read(), "standard input")
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise TypegenError(f"cannot read {name}: {exc.strerror or exc}") from None
    return load_schema(data, name)


def _write(text: str, out: str | None) -> None:
    data = text.encode("utf-8")
    if out is None or out == "-":
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(text)
        else:
            stream.write(data)
        sys.stdout.flush()
        return
    try:
        _replace_file(Path(out), data)
    except OSError as exc:
        raise TypegenError(f"cannot write {out}: {exc.strerror or exc}") from None


def _replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one step: a temporary file beside it, then a rename, so
    a failure never leaves a half-written module."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else "."
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run the command; returns the exit status.

    Args:
        argv: the command-line arguments (without the program name); ``None``, ``sys.argv[1:]``.
        env: the environment to read ``POCKETBASE_*`` settings from; ``None``, ``os.environ``.

    Returns:
        0 on success, 1 for a reported error, 130 when interrupted.

    Raises:
        SystemExit: a wrong command line (status 2) or ``--help`` (status 0), as ``argparse`` does.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    options = Options(
        include_system=args.include_system,
        client=not args.models_only,
        collections=tuple(args.collection),
    )
    try:
        collections = _read_collections(args, os.environ if env is None else env)
        _write(generate(collections, options), args.out)
    except _UsageError as exc:
        parser.error(str(exc))  # exits with status 2
    except (TypegenError, SchemaError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader of standard output went away (``| head``)
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    return 0
