"""Auth stores: where the client keeps the auth token and the authenticated model.

:class:`BaseAuthStore` keeps the state in memory; :class:`LocalAuthStore` optionally
persists it to a JSON file. Both are thread-safe (one ``threading.RLock`` around the
state; change callbacks run outside it) and shared by the async and the sync client.

A store holds either a seed model (a ``User`` or an ``Admin``, saved by the seed's auth
calls) or a ``Record`` (a 0.23+ auth record, saved by the modern auth calls or by
``save(token, record)``), and remembers which: the cookie follows the JS SDK that matches
what it holds (0.7.4 for a seed model, 0.28.1 for a record). Both are always readable,
``model`` as a ``User``/``Admin`` and ``record`` as a ``Record``, the other one converted.

Whether the token belongs to an admin or a user is tracked explicitly (``kind``): a saved
``Admin`` stays an admin whatever keys it carries. Only when a plain dict arrives (from
``save(token, dict)``, a cookie or a file without a ``kind``) is the kind inferred: first
from the JWT payload (``type``, ``collectionId``, ``collectionName``), then from the
model's ``collectionName``/``collectionId``, then by the reference rule (a ``verified``
key means a user, otherwise an admin). A record is an admin when it belongs to the
``_superusers`` collection (its ``collectionName``, else the token tells).

Seed cookies are byte-for-byte what the reference JS SDK 0.7.4 exports, record cookies
what the JS SDK 0.28.1 exports, and each JS SDK reads the ones exported here. Deliberate
deviations from the reference are listed in ``DEVIATIONS``.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import stat
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Literal, NamedTuple, TypeVar

import pydantic

from pocketbase._cookie import (
    CookieOptions,
    JsDate,
    cookie_parse,
    cookie_serialize,
    normalise_cookie_options,
)
from pocketbase._js import js_json_stringify, js_to_number, js_truthy, json_parse
from pocketbase._jwt import get_token_payload, is_token_expired
from pocketbase.models import Admin, Record, User, _wire_fields, format_date

__all__ = [
    "AuthKind",
    "AuthSnapshot",
    "BaseAuthStore",
    "LocalAuthStore",
    "OnChangeCallback",
    "record_wire_dict",
    "sync_deleted_record",
    "sync_updated_record",
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
    "reference's LocalAuthStore did), also for BaseAuthStore (the reference gave a User); "
    "a 0.28.1 cookie with a token and 'record': null keeps no record, as the JS SDK 0.28.1.",
    "LocalAuthStore.model returns the same instance on every access (the reference built a "
    "new one per access, so store.model is store.model was false).",
    "A token whose 'exp' cannot be a JS Date (not a number, or out of range) exports a "
    "cookie expiring at the epoch; the reference raised 'option expires is invalid'.",
    "The on_change() remover removes one registration (searched from the end, as the "
    "reference) and a second call does nothing (the reference removed an earlier duplicate).",
    "The token never appears in repr(), str() or log records.",
    "is_superuser is also true for an admin of a 0.7-0.22 server (the JS SDK 0.28.1 only "
    "recognises 0.23+ tokens, whose payload 'type' is 'auth').",
)

logger = logging.getLogger("pocketbase")

AuthKind = Literal["admin", "user"]
OnChangeCallback = Callable[[str, User | Admin | None], object]

#: id of the ``_superusers`` collection on every 0.23+ server
SUPERUSERS_COLLECTION_ID = "pbc_3142635823"
SUPERUSERS_COLLECTION_NAME = "_superusers"
#: id of the default ``users`` collection on 0.8+ servers
USERS_COLLECTION_ID = "_pb_users_auth_"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_COOKIE_SIZE_LIMIT = 4096
_MAX_FILE_BYTES = 16 * 1024 * 1024
# What the JS SDK 0.28.1 keeps of an oversized record, after ``id`` and ``email``.
_RECORD_COOKIE_EXTRAS = ("collectionId", "collectionName", "verified")

_M = TypeVar("_M", bound=pydantic.BaseModel)


class AuthSnapshot(NamedTuple):
    """A consistent view of a store, read under its lock."""

    token: str
    model: User | Admin | None
    kind: AuthKind | None


class _State(NamedTuple):
    """Everything a store holds; replaced as a whole under the lock."""

    token: str
    model: User | Admin | None  # the seed model, or the stored record presented as one
    record: Record | None  # the stored record, or the seed model presented as one
    kind: AuthKind | None
    holds_record: bool  # a Record was stored: cookies and files use the 0.28.1 shape
    # The record's key order when it was read from a cookie or a file (else: sorted).
    record_keys: tuple[str, ...] = ()


_EMPTY = _State("", None, None, None, False)


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


def record_kind(token: str, record: Record) -> AuthKind:
    """The kind of a stored record: its collection name (the JS SDK 0.28.1's ``isSuperuser``
    rule), else the token, else its collection id; any other record is a user."""
    if record.collection_name:
        return "admin" if record.collection_name == SUPERUSERS_COLLECTION_NAME else "user"
    kind = _kind_from_token(token)
    if kind is not None:
        return kind
    return "admin" if record.collection_id == SUPERUSERS_COLLECTION_ID else "user"


def _model_from_dict(kind: AuthKind, data: Mapping[str, Any]) -> User | Admin:
    if kind == "admin":
        return Admin.model_validate(dict(data))
    return User.model_validate(dict(data))


def _checked_model(kind: AuthKind, data: Mapping[str, Any]) -> User | Admin:
    """Validate untrusted model data; also make sure the result can be exported again."""
    model = _model_from_dict(kind, data)
    js_json_stringify(_model_file_dict(model))
    return model


def _checked_record(data: Mapping[str, Any]) -> Record:
    """Validate untrusted record data; also make sure the result can be exported again."""
    record = Record.model_validate(dict(data))
    js_json_stringify(record_wire_dict(record))
    return record


def _model_export(model: User | Admin) -> dict[str, Any]:
    return dict(model.export())


def _model_file_dict(model: User | Admin) -> dict[str, Any]:
    """``export()`` plus every other key the model was given (declared attributes that the
    seed's ``export()`` leaves out, and the extra keys a newer server sent), so that a
    reload or a conversion to a ``Record`` loses nothing."""
    out = _model_export(model)
    given = model.model_fields_set
    for name, key, is_date in _wire_fields(type(model)):
        if name in given and key not in out:
            value = getattr(model, name)
            out[key] = format_date(value) if is_date else _wire_value(value)
    for key, value in (model.model_extra or {}).items():
        out.setdefault(key, value)
    return out


# -- records in the 0.23+ wire shape --------------------------------------------------------


def record_wire_dict(record: Record, key_order: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record as a 0.23+ server sends it, for the JS SDK 0.28.1 cookie and the store file.

    Exactly the fields the record was given (declared ones under their 0.8+ keys such as
    ``collectionId``, and every extra field), nothing added; dates in the server's text
    form; expanded relations in the same shape. Keys come in ``key_order`` (the order of
    the JSON the record was read from, when the caller knows it), the others sorted, as the
    server writes them: a record read from a server reply gives the text the JS SDK writes
    for that reply.
    """
    out: dict[str, Any] = {}
    given = record.model_fields_set
    for name, key, is_date in _wire_fields(type(record)):
        if name in given:
            value = getattr(record, name)
            out[key] = format_date(value) if is_date else _wire_value(value)
    for key, value in (record.model_extra or {}).items():
        out.setdefault(key, _wire_value(value))
    ordered = {key: out[key] for key in key_order if key in out}
    for key in sorted(out):
        ordered.setdefault(key, out[key])
    return ordered


def _wire_value(value: Any) -> Any:
    if isinstance(value, Record):
        return record_wire_dict(value)
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, list):
        return [_wire_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _wire_value(item) for key, item in value.items()}
    if isinstance(value, pydantic.BaseModel):
        export = getattr(value, "export", None)
        return export() if callable(export) else value.model_dump(mode="json", by_alias=True)
    return value


def _lenient(cls: type[_M], data: Mapping[str, Any]) -> _M:
    """``cls`` validated from ``data``, leaving out the keys whose values it cannot take.

    Used to present a stored record as a ``User``/``Admin`` and a seed model as a
    ``Record``: a 0.23+ field may share a name with a seed attribute and hold something
    else (a relation id in ``profile``); the original object keeps the value.
    """
    payload = dict(data)
    while True:  # each round drops at least one key, or gives up
        try:
            return cls.model_validate(payload)
        except pydantic.ValidationError as exc:
            bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
        if not bad & payload.keys():
            return cls.model_validate({})
        payload = {key: value for key, value in payload.items() if key not in bad}


def _record_state(
    token: str,
    record: Record | None,
    kind: AuthKind | None = None,
    record_keys: tuple[str, ...] = (),
) -> _State:
    if record is None:
        return _State(token, None, None, kind or _kind_from_token(token), True)
    kind = record_kind(token, record)
    seed_class: type[User | Admin] = Admin if kind == "admin" else User
    model = _lenient(seed_class, record_wire_dict(record))
    return _State(token, model, record, kind, True, record_keys)


def _read_record_state(token: str, data: Mapping[str, Any], kind: AuthKind | None = None) -> _State:
    """The state for untrusted record data (a cookie, a file), keeping its key order."""
    return _record_state(token, _checked_record(data), kind, tuple(data))


def _seed_state(token: str, model: User | Admin | None, kind: AuthKind | None) -> _State:
    record = _lenient(Record, _model_file_dict(model)) if model is not None else None
    return _State(token, model, record, kind, False)


class BaseAuthStore:
    """In-memory auth store: token, model (or record) and explicit admin/user kind."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._state = _EMPTY
        self._callbacks: list[OnChangeCallback] = []

    # -- state -------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The stored token, ``""`` when there is none."""
        with self._lock:
            return self._state.token

    @property
    def model(self) -> User | Admin | None:
        """The authenticated ``User`` or ``Admin``, or ``None``.

        A stored ``Record`` is presented as an ``Admin`` when it is a ``_superusers``
        record and as a ``User`` otherwise, its other fields kept as extras.
        """
        with self._lock:
            return self._state.model

    @property
    def record(self) -> Record | None:
        """The authenticated record, or ``None``.

        The stored ``Record`` itself, or a seed ``User``/``Admin`` presented as a
        ``Record`` (its keys as the record's fields).
        """
        with self._lock:
            return self._state.record

    @property
    def kind(self) -> AuthKind | None:
        """``"admin"``, ``"user"`` or ``None`` (nothing stored, or a token of unknown kind)."""
        with self._lock:
            return self._state.kind

    @property
    def is_admin(self) -> bool:
        """True when the stored auth belongs to an admin (a 0.23+ superuser)."""
        return self.kind == "admin"

    @property
    def is_superuser(self) -> bool:
        """True for a 0.23+ ``_superusers`` record and for an admin of a 0.7-0.22 server."""
        return self.kind == "admin"

    @property
    def is_user(self) -> bool:
        """True when the stored auth belongs to a user (an auth record on 0.8+)."""
        return self.kind == "user"

    @property
    def holds_record(self) -> bool:
        """True when the store holds a 0.23+ ``Record`` (saved by the modern auth calls or
        ``save(token, record)``), False for a seed ``User``/``Admin``; cookies follow it."""
        with self._lock:
            return self._state.holds_record

    @property
    def is_valid(self) -> bool:
        """True when the token has a JWT payload whose ``exp`` is in the future or absent."""
        try:
            return not is_token_expired(self.token)
        except Exception:  # never raise, even from an overridden ``token``
            return False

    def snapshot(self) -> AuthSnapshot:
        """Token, model and kind read together, so another thread's save() cannot interleave.

        Returns:
            The snapshot: ``token``, ``model`` and ``kind``.
        """
        with self._lock:
            return AuthSnapshot(self.token, self.model, self.kind)

    # -- changes -----------------------------------------------------------------------

    def save(self, token: str, model: User | Admin | Record | Mapping[str, Any] | None) -> None:
        """Store ``token`` and ``model``, then call the change callbacks.

        ``model`` may be a ``User``, an ``Admin``, a ``Record`` (stored as a record: the
        cookie then follows the JS SDK 0.28.1), ``None``, or a plain dict (its kind is then
        inferred, see the module docstring). With ``None`` the kind comes from the token's
        payload when it tells, else it is ``None``, and the store keeps its cookie format.

        Args:
            token: the auth token (``None`` is taken as ``""``).
            model: the logged-in account: a ``User``, ``Admin``, ``Record``, plain dict or ``None``.

        Raises:
            TypeError: a token that is not a string, or a model of another type.
        """
        if token is None:
            token = ""
        if not isinstance(token, str):
            raise TypeError(f"token must be a str, not {type(token).__name__}")
        self._update(self._state_for(token, model))

    def _state_for(
        self, token: str, model: User | Admin | Record | Mapping[str, Any] | None
    ) -> _State:
        if isinstance(model, Record):
            return _record_state(token, model)
        if isinstance(model, Admin):
            return _seed_state(token, model, "admin")
        if isinstance(model, User):
            return _seed_state(token, model, "user")
        if model is None:
            with self._lock:
                holds_record = self._state.holds_record
            if holds_record:
                return _record_state(token, None)
            return _seed_state(token, None, _kind_from_token(token))
        if isinstance(model, Mapping):
            kind = infer_kind(token, model)
            return _seed_state(token, _model_from_dict(kind, model), kind)
        if callable(getattr(model, "export", None)):
            data = model.export()
            if not isinstance(data, Mapping):
                raise TypeError("model.export() must return a dict")
            kind = infer_kind(token, data)
            return _seed_state(token, _model_from_dict(kind, data), kind)
        raise TypeError(
            f"model must be a User, an Admin, a Record, a dict or None, not {type(model).__name__}"
        )

    def save_if_token(
        self, expected_token: str, token: str, model: User | Admin | Record | None
    ) -> bool:
        """``save(token, model)`` only while the stored token is still ``expected_token``;
        returns whether it saved. An automatic refresh saves this way, so a store cleared or
        replaced by hand while the refresh was in flight keeps what was put there.

        Args:
            expected_token: the token the store must still hold.
            token: the new token.
            model: the new model, as in ``save()``.

        Returns:
            True when it saved.

        Raises:
            TypeError: as ``save()`` raises it.
        """
        with self._lock:
            if self.token != expected_token:
                return False
            self.save(token, model)
            return True

    def clear(self) -> None:
        """Forget the token and the model, then call the change callbacks.

        The store keeps its cookie format: a store that held a ``Record`` exports the
        JS SDK 0.28.1's empty cookie.
        """
        with self._lock:
            holds_record = self._state.holds_record
        self._update(_EMPTY._replace(holds_record=holds_record))

    def _update(self, state: _State, expected: _State | None = None) -> None:
        """Replace the state (only while it is still ``expected``, when given), then call the
        change callbacks outside the lock."""
        with self._lock:
            if expected is not None and self._state is not expected:
                return
            self._set_state(state)
            self._persist(state)
            callbacks = list(self._callbacks)
            current_token, current_model = self.token, self.model
        for callback in callbacks:
            callback(current_token, current_model)

    def _set_state(self, state: _State) -> None:
        self._state = state

    def _persist(self, state: _State) -> None:
        """Hook for persistent stores; called under the lock after every change."""

    def on_change(
        self, callback: OnChangeCallback, fire_immediately: bool = False
    ) -> Callable[[], None]:
        """Register ``callback(token, model)``; return a function that unregisters it.

        Callbacks run in registration order after every ``save``/``clear``. The remover
        removes one registration of ``callback`` (the last one, as the reference does);
        calling it again does nothing.

        Args:
            callback: called with ``(token, model)`` after every change.
            fire_immediately: also call it once now, with the current state.

        Returns:
            The function that unregisters this callback.
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
        """Load the store from a ``Cookie`` header value exported by this SDK or a JS SDK.

        Reads both formats as the JS SDK 0.28.1 does (``record`` preferred over
        ``model``): a ``record`` is stored as a ``Record`` with every field it carries, a
        ``model`` (JS SDK 0.7.4) as a ``User``/``Admin``. Never raises for hostile input: a
        cookie without a token or with an unusable model or record clears the store; a
        token with a missing model gives an empty model of the inferred kind, with
        ``"record": null`` no record.

        Args:
            cookie: the ``Cookie`` header value (other cookies in it are ignored).
            key: the cookie's name.
        """
        raw = cookie_parse(cookie).get(key, "") if isinstance(key, str) else ""
        try:
            data = json_parse(raw)
        except Exception:  # garbage, recursion, bad UTF-16: the reference falls back to {}
            data = {}
        if not isinstance(data, dict):
            data = {}
        try:
            state = _cookie_state(data)
        except Exception:
            logger.debug("auth cookie holds an unusable model; clearing the store")
            state = None
        if state is None:
            self.clear()
        else:
            self._update(state)

    def export_to_cookie(
        self, options: CookieOptions | Mapping[str, Any] | None = None, key: str = "pb_auth"
    ) -> str:
        """Export the store as a ``Set-Cookie`` value, byte-for-byte like the JS SDK.

        A store holding a seed ``User``/``Admin`` exports what the JS SDK 0.7.4 exports,
        ``{"token", "model"}``; over 4096 UTF-8 bytes the model is reduced once to ``id``,
        ``email`` (and ``verified`` for users). A store holding a ``Record`` exports what the
        JS SDK 0.28.1 exports, ``{"token", "record"}`` with the record's own fields; over
        4096 bytes the record is reduced once to ``id``, ``email``, ``collectionId``,
        ``collectionName`` and ``verified`` (those it has).

        Defaults: ``Path=/; Expires=<token exp or the epoch>; HttpOnly; Secure;
        SameSite=Strict``. ``options`` (snake_case or the reference's camelCase keys) are
        merged over them; a key set to ``None`` or ``False`` removes a default.

        Args:
            options: cookie attributes merged over the defaults (``path``, ``expires``,
                ``http_only``/``httpOnly``, ``secure``, ``same_site``/``sameSite``, ``domain``,
                ``max_age``/``maxAge``, ...).
            key: the cookie's name.

        Returns:
            The ``Set-Cookie`` header value.

        Raises:
            ValueError: an invalid cookie name or option value, as the reference's ``cookie`` module
                refuses them (a ``CookieError``, also a ``TypeError``).
        """
        with self._lock:
            state = self._state
        expires: datetime | JsDate = _EPOCH
        exp = get_token_payload(state.token).get("exp")
        if js_truthy(exp):
            candidate = JsDate(js_to_number(exp) * 1000)
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
        if state.holds_record:
            payload_key, full, reduced = (
                "record",
                *_record_cookie_payloads(state.record, state.record_keys),
            )
        else:
            payload_key, full, reduced = "model", *_seed_cookie_payloads(state.model)
        result = cookie_serialize(
            key, js_json_stringify({"token": state.token, payload_key: full}), merged
        )
        if reduced is not None and len(result.encode("utf-8")) > _COOKIE_SIZE_LIMIT:
            result = cookie_serialize(
                key, js_json_stringify({"token": state.token, payload_key: reduced}), merged
            )
        return result

    # -- misc --------------------------------------------------------------------------

    def _repr_fields(self) -> list[str]:
        with self._lock:
            state = self._state
        model_id = getattr(state.model, "id", None) if state.model is not None else None
        return [
            f"token={'<set>' if state.token else '<empty>'}",
            f"kind={state.kind!r}",
            f"model_id={model_id!r}",
        ]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self._repr_fields())})"


def _cookie_state(data: Mapping[str, Any]) -> _State | None:
    """The state a parsed cookie value gives (``None``: clear the store); may raise."""
    token = data.get("token")
    record = data.get("record")
    model = data.get("model")
    if not isinstance(token, str) or not token:
        return None
    if js_truthy(record) or ("record" in data and not js_truthy(model)):
        if not js_truthy(record):
            return _record_state(token, None)
        if not isinstance(record, dict):
            return None
        return _read_record_state(token, record)
    if not js_truthy(model):
        model = {}
    if not isinstance(model, dict):
        return None
    kind = infer_kind(token, model)
    return _seed_state(token, _checked_model(kind, model), kind)


def _seed_cookie_payloads(
    model: User | Admin | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The JS SDK 0.7.4's cookie model, and its reduced form for an oversized cookie."""
    if model is None:
        return None, None
    exported = _model_export(model)
    reduced: dict[str, Any] = {name: exported[name] for name in ("id", "email") if name in exported}
    if isinstance(model, User):
        reduced["verified"] = getattr(model, "verified", exported.get("verified"))
    return exported, reduced


def _record_cookie_payloads(
    record: Record | None, key_order: tuple[str, ...]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The JS SDK 0.28.1's cookie record, and its reduced form for an oversized cookie:
    ``id`` and ``email`` (left out when missing), then ``collectionId``, ``collectionName``
    and ``verified`` in the record's key order, as the JS SDK builds it."""
    if record is None:
        return None, None
    wire = record_wire_dict(record, key_order)
    reduced: dict[str, Any] = {name: wire[name] for name in ("id", "email") if name in wire}
    for name, value in wire.items():
        if name in _RECORD_COOKIE_EXTRAS:
            reduced[name] = value
    return wire, reduced


class LocalAuthStore(BaseAuthStore):
    """An auth store kept in memory, or persisted to a JSON file when ``path`` is given.

    The file holds ``{"token", "model", "kind"}`` for a seed model and
    ``{"token", "record", "kind"}`` for a record (so the cookie format survives a reload;
    files written before records existed load as seed models). It is written atomically (a
    private temporary file in the same directory, fsync, rename) with mode 0600, read once
    when the store is created, and never followed when it is a symlink. A file that does
    not exist yet (the first run) gives an empty store; a corrupt or unreadable one gives an
    empty store and one warning on the ``pocketbase`` logger; a failed write keeps the
    in-memory state and logs a warning instead of raising.

    Args:
        path: the JSON file to persist the store to; ``None``, memory only.
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
            logger.debug(
                "auth store file %r does not exist yet; starting with an empty store", path
            )
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
            state = self._decode_file(text)
        except Exception as exc:
            logger.warning(
                "auth store file %r is corrupt or unreadable (%s); starting with an empty store",
                path,
                type(exc).__name__,
            )
            return
        with self._lock:
            self._set_state(state)

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
    def _decode_file(text: str) -> _State:
        data = json_parse(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        token = data.get("token", "")
        holds_record = "record" in data
        model = data.get("record" if holds_record else "model")
        kind = data.get("kind")
        if not isinstance(token, str):
            raise ValueError("bad token")
        if model is not None and not isinstance(model, dict):
            raise ValueError("bad model")
        if kind not in ("admin", "user", None):
            raise ValueError("bad kind")
        if not token:
            return _EMPTY._replace(holds_record=holds_record)
        if holds_record:
            if model is None:
                return _record_state(token, None, kind)
            return _read_record_state(token, model, kind)
        if model is None:
            return _seed_state(token, None, kind or _kind_from_token(token))
        resolved: AuthKind = kind if kind is not None else infer_kind(token, model)
        return _seed_state(token, _checked_model(resolved, model), resolved)

    def _persist(self, state: _State) -> None:
        if self._path is None:
            return
        document: dict[str, Any] = {"token": state.token}
        if state.holds_record:
            record = state.record
            document["record"] = (
                record_wire_dict(record, state.record_keys) if record is not None else None
            )
        else:
            model = state.model
            document["model"] = _model_file_dict(model) if model is not None else None
        document["kind"] = state.kind
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


# -- store sync on the modern record service's writes ----------------------------------------


def _holds(state: _State, collection: str, record_id: str) -> bool:
    """Whether the stored record is ``record_id`` of ``collection`` (its id or its name)."""
    stored = state.record
    return (
        stored is not None
        and bool(record_id)
        and stored.id == record_id
        and collection in (stored.collection_id, stored.collection_name)
    )


def _merged_wire(old: Mapping[str, Any], fresh: Mapping[str, Any]) -> dict[str, Any]:
    """``{**old, **fresh}`` with the top-level ``expand`` keys of both (as the JS SDK 0.28.1)."""
    merged = {**old, **fresh}
    old_expand, new_expand = old.get("expand"), fresh.get("expand")
    if isinstance(old_expand, Mapping) and isinstance(new_expand, Mapping):
        merged["expand"] = {**old_expand, **new_expand}
    return merged


def _merged_state(state: _State, fresh: Mapping[str, Any]) -> _State:
    """``state`` with ``fresh`` merged into its stored object, which keeps its type."""
    if state.holds_record and state.record is not None:
        old = state.record
        merged = _lenient(type(old), _merged_wire(record_wire_dict(old), fresh))
        return _record_state(state.token, merged, None, state.record_keys)
    model = state.model
    assert model is not None  # _holds() found a stored record, hence a model
    updated = _lenient(type(model), _merged_wire(_model_file_dict(model), fresh))
    return _seed_state(state.token, updated, state.kind)


def sync_updated_record(store: BaseAuthStore, collection: str, record: Record) -> None:
    """After ``collection(collection).update()``: when ``record`` is the stored auth record,
    merge the fields the reply carried into the stored object (same token, same type)."""
    with store._lock:
        state = store._state
        if not _holds(state, collection, record.id):
            return
        new_state = _merged_state(state, record_wire_dict(record))
    store._update(new_state, expected=state)


def sync_deleted_record(store: BaseAuthStore, collection: str, record_id: str) -> None:
    """After ``collection(collection).delete(record_id)``: clear the store when it held that
    record."""
    with store._lock:
        state = store._state
        if not _holds(state, collection, record_id):
            return
    store._update(_EMPTY._replace(holds_record=state.holds_record), expected=state)
