"""Auth stores: where the client keeps the auth token and the authenticated model.

:class:`BaseAuthStore` keeps the state in memory; :class:`LocalAuthStore` optionally
persists it to a JSON file. Both are thread-safe (one ``threading.RLock`` around the
state; change callbacks run outside it) and shared by the async and the sync client.

Whether the token belongs to an admin or a user is tracked explicitly (``kind``): a saved
``Admin`` stays an admin whatever keys it carries. Only when a plain dict arrives (from
``save(token, dict)``, a cookie or a file without a ``kind``) is the kind inferred: first
from the JWT payload (``type``, ``collectionId``, ``collectionName``), then from the
model's ``collectionName``/``collectionId``, then by the reference rule (a ``verified``
key means a user, otherwise an admin).

Cookies are byte-for-byte what the reference JS SDK 0.7.4 exports, and the JS SDK reads
the ones exported here. Deliberate deviations from the reference are listed in
``DEVIATIONS``.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import stat
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Literal, NamedTuple

from pocketbase._cookie import (
    CookieOptions,
    JsDate,
    cookie_parse,
    cookie_serialize,
    js_json_stringify,
    normalise_cookie_options,
)
from pocketbase._js import js_truthy
from pocketbase._jwt import get_token_payload, is_token_expired, js_number
from pocketbase.models import Admin, User

__all__ = [
    "AuthKind",
    "AuthModel",
    "AuthSnapshot",
    "BaseAuthStore",
    "LocalAuthStore",
    "OnChangeCallback",
]

DEVIATIONS: tuple[str, ...] = (
    "Admin versus user is tracked explicitly: BaseAuthStore.save() keeps an Admin an Admin "
    "(the reference turned every saved object into a User through a string-compare typo).",
    "Plain dicts (save(), cookies, files) get their kind from the JWT payload first, and "
    "only then from the reference's 'verified key means user' rule, which breaks on 0.23+ "
    "servers whose superusers carry 'verified'.",
    "load_from_cookie() never raises: 'pb_auth=null' (a TypeError in the reference), "
    "garbage, wrong JSON types, arrays and huge values leave a consistent store.",
    "load_from_cookie() gives an empty store (token '' and model None) when the cookie has "
    "no token or an unusable model; the reference saved '' plus an empty Admin/User.",
    "A cookie with a token but no model gives an empty model of the inferred kind (as the "
    "reference's LocalAuthStore did), also for BaseAuthStore (the reference gave a User).",
    "LocalAuthStore.model returns the same instance on every access (the reference built a "
    "new one per access, so store.model is store.model was false).",
    "A token whose 'exp' cannot be a JS Date (not a number, or out of range) exports a "
    "cookie expiring at the epoch; the reference raised 'option expires is invalid'.",
    "The on_change() remover removes one registration (searched from the end, as the "
    "reference) and a second call does nothing (the reference removed an earlier duplicate).",
    "The token never appears in repr(), str() or log records.",
)

logger = logging.getLogger("pocketbase")

AuthKind = Literal["admin", "user"]
AuthModel = User | Admin
OnChangeCallback = Callable[[str, User | Admin | None], object]

#: id of the ``_superusers`` collection on every 0.23+ server
SUPERUSERS_COLLECTION_ID = "pbc_3142635823"
SUPERUSERS_COLLECTION_NAME = "_superusers"
#: id of the default ``users`` collection on 0.8+ servers
USERS_COLLECTION_ID = "_pb_users_auth_"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_COOKIE_SIZE_LIMIT = 4096
_MAX_FILE_BYTES = 16 * 1024 * 1024


class AuthSnapshot(NamedTuple):
    """A consistent view of a store, read under its lock."""

    token: str
    model: User | Admin | None
    kind: AuthKind | None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


def _loads_js(text: str) -> Any:
    """``JSON.parse``: like ``json.loads`` but without NaN/Infinity."""
    return json.loads(text, parse_constant=_reject_constant)


def _kind_from_token(token: str) -> AuthKind | None:
    payload = get_token_payload(token)
    token_type = payload.get("type")
    collection_id = payload.get("collectionId")
    if (
        token_type == "admin"
        or payload.get("collectionName") == SUPERUSERS_COLLECTION_NAME
        or collection_id == SUPERUSERS_COLLECTION_ID
    ):
        return "admin"
    if token_type in ("user", "authRecord") or collection_id == USERS_COLLECTION_ID:
        return "user"
    if token_type == "auth" and isinstance(collection_id, str) and collection_id:
        return "user"  # a 0.23+ record of another auth collection
    return None


def infer_kind(token: str, data: Mapping[str, Any]) -> AuthKind:
    """The kind of a plain model dict: JWT payload, then the dict's collection, then ``verified``."""
    kind = _kind_from_token(token)
    if kind is not None:
        return kind
    if (
        data.get("collectionName") == SUPERUSERS_COLLECTION_NAME
        or data.get("collectionId") == SUPERUSERS_COLLECTION_ID
    ):
        return "admin"
    return "user" if "verified" in data else "admin"


def _model_from_dict(kind: AuthKind, data: Mapping[str, Any]) -> User | Admin:
    if kind == "admin":
        return Admin.model_validate(dict(data))
    return User.model_validate(dict(data))


def _checked_model(kind: AuthKind, data: Mapping[str, Any]) -> User | Admin:
    """Validate untrusted model data; also make sure the result can be exported again."""
    model = _model_from_dict(kind, data)
    js_json_stringify(_model_file_dict(model))
    return model


def _model_export(model: User | Admin) -> dict[str, Any]:
    return dict(model.export())


def _model_file_dict(model: User | Admin) -> dict[str, Any]:
    """``export()`` plus the extra keys a newer server sent, so a reload loses nothing."""
    out = _model_export(model)
    for key, value in (model.model_extra or {}).items():
        out.setdefault(key, value)
    return out


class BaseAuthStore:
    """In-memory auth store: token, model and explicit admin/user kind."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._token = ""
        self._model: User | Admin | None = None
        self._kind: AuthKind | None = None
        self._callbacks: list[OnChangeCallback] = []

    # -- state -------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The stored token, ``""`` when there is none."""
        with self._lock:
            return self._token

    @property
    def model(self) -> User | Admin | None:
        """The authenticated ``User`` or ``Admin``, or ``None``."""
        with self._lock:
            return self._model

    @property
    def kind(self) -> AuthKind | None:
        """``"admin"``, ``"user"`` or ``None`` (nothing stored, or a token of unknown kind)."""
        with self._lock:
            return self._kind

    @property
    def is_admin(self) -> bool:
        """True when the stored auth belongs to an admin (a 0.23+ superuser)."""
        return self.kind == "admin"

    @property
    def is_user(self) -> bool:
        """True when the stored auth belongs to a user (an auth record on 0.8+)."""
        return self.kind == "user"

    @property
    def is_valid(self) -> bool:
        """True when the token has a JWT payload whose ``exp`` is in the future or absent."""
        try:
            return not is_token_expired(self.token)
        except Exception:  # never raise, even from an overridden ``token``
            return False

    def snapshot(self) -> AuthSnapshot:
        """Token, model and kind read together, so another thread's save() cannot interleave."""
        with self._lock:
            return AuthSnapshot(self.token, self.model, self.kind)

    # -- changes -----------------------------------------------------------------------

    def save(self, token: str, model: User | Admin | Mapping[str, Any] | None) -> None:
        """Store ``token`` and ``model``, then call the change callbacks.

        ``model`` may be a ``User``, an ``Admin``, ``None``, or a plain dict (its kind is
        then inferred, see the module docstring). With ``None`` the kind comes from the
        token's payload when it tells, else it is ``None``.
        """
        if token is None:
            token = ""
        if not isinstance(token, str):
            raise TypeError(f"token must be a str, not {type(token).__name__}")
        stored: User | Admin | None
        kind: AuthKind | None
        if isinstance(model, Admin):
            stored, kind = model, "admin"
        elif isinstance(model, User):
            stored, kind = model, "user"
        elif model is None:
            stored, kind = None, _kind_from_token(token)
        elif isinstance(model, Mapping):
            kind = infer_kind(token, model)
            stored = _model_from_dict(kind, model)
        elif callable(getattr(model, "export", None)):
            data = model.export()
            if not isinstance(data, Mapping):
                raise TypeError("model.export() must return a dict")
            kind = infer_kind(token, data)
            stored = _model_from_dict(kind, data)
        else:
            raise TypeError(
                f"model must be a User, an Admin, a dict or None, not {type(model).__name__}"
            )
        self._update(token, stored, kind)

    def clear(self) -> None:
        """Forget the token and the model, then call the change callbacks."""
        self._update("", None, None)

    def _update(self, token: str, model: User | Admin | None, kind: AuthKind | None) -> None:
        with self._lock:
            self._set_state(token, model, kind)
            self._persist(token, model, kind)
            callbacks = list(self._callbacks)
            current_token, current_model = self.token, self.model
        for callback in callbacks:
            callback(current_token, current_model)

    def _set_state(self, token: str, model: User | Admin | None, kind: AuthKind | None) -> None:
        self._token = token
        self._model = model
        self._kind = kind

    def _persist(self, token: str, model: User | Admin | None, kind: AuthKind | None) -> None:
        """Hook for persistent stores; called under the lock after every change."""

    def on_change(
        self, callback: OnChangeCallback, fire_immediately: bool = False
    ) -> Callable[[], None]:
        """Register ``callback(token, model)``; return a function that unregisters it.

        Callbacks run in registration order after every ``save``/``clear``. The remover
        removes one registration of ``callback`` (the last one, as the reference does);
        calling it again does nothing.
        """
        with self._lock:
            self._callbacks.append(callback)
            current_token, current_model = self.token, self.model
        removed = False

        def remove() -> None:
            nonlocal removed
            with self._lock:
                if removed:
                    return
                removed = True
                for index in range(len(self._callbacks) - 1, -1, -1):
                    if self._callbacks[index] == callback:
                        del self._callbacks[index]
                        return

        if fire_immediately:
            callback(current_token, current_model)
        return remove

    # -- cookies -----------------------------------------------------------------------

    def load_from_cookie(self, cookie: str, key: str = "pb_auth") -> None:
        """Load the store from a ``Cookie`` header value exported by this SDK or the JS SDK.

        Never raises for hostile input: a cookie without a token or with an unusable model
        clears the store; a token with a missing model gives an empty model of the
        inferred kind.
        """
        raw = cookie_parse(cookie).get(key, "") if isinstance(key, str) else ""
        try:
            data = _loads_js(raw)
        except Exception:  # garbage, recursion, bad UTF-16: the reference falls back to {}
            data = {}
        if not isinstance(data, dict):
            data = {}
        token = data.get("token")
        model = data.get("model")
        if not isinstance(token, str) or not token:
            self.clear()
            return
        if not js_truthy(model):
            model = {}
        if not isinstance(model, dict):
            self.clear()
            return
        kind = infer_kind(token, model)
        try:
            instance = _checked_model(kind, model)
        except Exception:
            logger.debug("auth cookie holds an unusable model; clearing the store")
            self.clear()
            return
        self.save(token, instance)

    def export_to_cookie(
        self, options: CookieOptions | Mapping[str, Any] | None = None, key: str = "pb_auth"
    ) -> str:
        """Export the store as a ``Set-Cookie`` value, byte-for-byte like the JS SDK 0.7.4.

        Defaults: ``Path=/; Expires=<token exp or the epoch>; HttpOnly; Secure;
        SameSite=Strict``. ``options`` (snake_case or the reference's camelCase keys) are
        merged over them; a key set to ``None`` or ``False`` removes a default. When the
        result exceeds 4096 UTF-8 bytes the model is reduced once to ``id``, ``email``
        (and ``verified`` for users).
        """
        token, model, _ = self.snapshot()
        expires: datetime | JsDate = _EPOCH
        exp = get_token_payload(token).get("exp")
        if js_truthy(exp):
            candidate = JsDate(js_number(exp) * 1000)
            if candidate.is_valid():
                expires = candidate
        merged: dict[str, Any] = {
            "secure": True,
            "sameSite": True,
            "httpOnly": True,
            "path": "/",
            "expires": expires,
        }
        merged.update(normalise_cookie_options(options))
        exported = _model_export(model) if model is not None else None
        result = cookie_serialize(
            key, js_json_stringify({"token": token, "model": exported}), merged
        )
        if exported is not None and len(result.encode("utf-8")) > _COOKIE_SIZE_LIMIT:
            stripped: dict[str, Any] = {
                name: exported[name] for name in ("id", "email") if name in exported
            }
            if isinstance(model, User):
                stripped["verified"] = getattr(model, "verified", exported.get("verified"))
            result = cookie_serialize(
                key, js_json_stringify({"token": token, "model": stripped}), merged
            )
        return result

    # -- misc --------------------------------------------------------------------------

    def _repr_fields(self) -> list[str]:
        with self._lock:
            token, model, kind = self._token, self._model, self._kind
        model_id = getattr(model, "id", None) if model is not None else None
        return [
            f"token={'<set>' if token else '<empty>'}",
            f"kind={kind!r}",
            f"model_id={model_id!r}",
        ]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self._repr_fields())})"


class LocalAuthStore(BaseAuthStore):
    """An auth store kept in memory, or persisted to a JSON file when ``path`` is given.

    The file holds ``{"token", "model", "kind"}``. It is written atomically (a private
    temporary file in the same directory, fsync, rename) with mode 0600, read once when
    the store is created, and never followed when it is a symlink. A missing, corrupt or
    unreadable file gives an empty store and one warning on the ``pocketbase`` logger;
    a failed write keeps the in-memory state and logs a warning instead of raising.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        self._path: str | None = os.fspath(path) if path is not None else None
        if self._path is not None:
            self._load_file(self._path)

    @property
    def path(self) -> str | None:
        """The file the store is persisted to, or ``None`` for a memory-only store."""
        return self._path

    def _repr_fields(self) -> list[str]:
        return [f"path={self._path!r}", *super()._repr_fields()]

    # -- file I/O ----------------------------------------------------------------------

    def _load_file(self, path: str) -> None:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            logger.warning("auth store file %r does not exist; starting with an empty store", path)
            return
        except OSError as exc:
            logger.warning(
                "auth store file %r is unreadable (%s); starting with an empty store",
                path,
                type(exc).__name__,
            )
            return
        if stat.S_ISLNK(info.st_mode):
            logger.warning(
                "auth store file %r is a symlink; refusing to follow it, starting with an "
                "empty store",
                path,
            )
            return
        if not stat.S_ISREG(info.st_mode):
            logger.warning(
                "auth store file %r is not a regular file; starting with an empty store", path
            )
            return
        try:
            text = self._read_regular_file(path)
            token, model, kind = self._decode_file(text)
        except Exception as exc:
            logger.warning(
                "auth store file %r is corrupt or unreadable (%s); starting with an empty store",
                path,
                type(exc).__name__,
            )
            return
        with self._lock:
            self._set_state(token, model, kind)

    @staticmethod
    def _read_regular_file(path: str) -> str:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        flags |= getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            if info.st_size > _MAX_FILE_BYTES:
                raise ValueError("file too large")
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > _MAX_FILE_BYTES:
                    raise ValueError("file too large")
                chunks.append(chunk)
        finally:
            os.close(fd)
        return b"".join(chunks).decode("utf-8")

    @staticmethod
    def _decode_file(text: str) -> tuple[str, User | Admin | None, AuthKind | None]:
        data = _loads_js(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        token = data.get("token", "")
        model = data.get("model")
        kind = data.get("kind")
        if not isinstance(token, str):
            raise ValueError("bad token")
        if model is not None and not isinstance(model, dict):
            raise ValueError("bad model")
        if kind not in ("admin", "user", None):
            raise ValueError("bad kind")
        if not token:
            return "", None, None
        if model is None:
            return token, None, (kind or _kind_from_token(token))
        resolved: AuthKind = kind if kind is not None else infer_kind(token, model)
        return token, _checked_model(resolved, model), resolved

    def _persist(self, token: str, model: User | Admin | None, kind: AuthKind | None) -> None:
        if self._path is None:
            return
        document = {
            "token": token,
            "model": _model_file_dict(model) if model is not None else None,
            "kind": kind,
        }
        try:
            payload = js_json_stringify(document).encode("utf-8")
        except Exception as exc:
            logger.warning(
                "auth store could not serialise the model (%s); file %r not updated",
                type(exc).__name__,
                self._path,
            )
            return
        self._write_file(self._path, payload)

    @staticmethod
    def _write_file(path: str, payload: bytes) -> None:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            logger.warning(
                "auth store file %r cannot be checked (%s); not written",
                path,
                type(exc).__name__,
            )
            return
        if info is not None and stat.S_ISLNK(info.st_mode):
            logger.warning("auth store file %r is a symlink; refusing to write through it", path)
            return
        if info is not None and not stat.S_ISREG(info.st_mode):
            logger.warning("auth store file %r is not a regular file; not written", path)
            return
        directory = os.path.dirname(os.path.abspath(path))
        base = os.path.basename(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        temp = os.path.join(directory, f".{base}.{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(temp, flags, 0o600)
        except OSError as exc:
            logger.warning("auth store file %r could not be written (%s)", path, type(exc).__name__)
            return
        try:
            try:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o600)
                view = memoryview(payload)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, path)
        except OSError as exc:
            logger.warning("auth store file %r could not be written (%s)", path, type(exc).__name__)
            try:
                os.unlink(temp)
            except OSError:
                pass
            return
        _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
