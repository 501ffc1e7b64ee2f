"""The seed's ``users`` service on each generation: ``/api/users`` (0.7) and the ``users`` auth
collection (0.8+), with the replies reshaped into the seed's ``User`` shapes.

Users on 0.8+: the seed's user had ``profile`` (its record in the ``profiles`` collection,
holding ``name``, ``avatar`` and any custom field); modern servers store those fields on the
user record itself. :func:`add_profile` keeps the flat fields and also builds ``profile`` from
them, a ``Record`` whose ``id`` and ``collectionId`` are the user's own, so seed code such as
``user.profile["name"]`` and ``records.get_file_url(user.profile, user.profile["avatar"])``
works on every generation. The synthesised profile is read-only in spirit: to change those
fields, update the user (``users.update(user.id, {"name": ...})``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._http import encode_segment
from ._common import EXTERNAL_AUTHS, USERS, USERS_ID, Normalizer, Req, merge, rename
from .auth import AuthRoutes, AuthRoutes08, AuthRoutes23, normalize_external_auths

__all__ = ["UserRoutes", "UserRoutes08", "UserRoutes23", "add_profile"]

#: keys of a 0.8+ users record that are not the seed profile's fields
_AUTH_RECORD_KEYS = frozenset(
    {
        "id",
        "created",
        "updated",
        "collectionId",
        "collectionName",
        "expand",
        "email",
        "emailVisibility",
        "verified",
        "username",
        "profile",
        "lastResetSentAt",
        "lastVerificationSentAt",
        "lastLoginAlertSentAt",
        "tokenKey",
        "password",
        "passwordHash",
    }
)


def add_profile(data: Any) -> Any:
    """Add the seed ``profile`` to a 0.8+ users record: the record's own custom fields
    (``name``, ``avatar``, ...) plus ``userId``, with the user's ``id`` and collection, so file
    URLs built from it point at the user's files. The flat fields stay as they are. No custom
    field means no profile."""
    if not isinstance(data, Mapping) or "profile" in data:
        return data
    custom = {k: v for k, v in data.items() if k not in _AUTH_RECORD_KEYS}
    if not custom:
        return data
    profile: dict[str, Any] = {"id": data.get("id", "")}
    for key in ("created", "updated", "collectionId", "collectionName"):
        if key in data:
            profile[key] = data[key]
    profile["userId"] = data.get("id", "")
    profile.update(custom)
    out = dict(data)
    out["profile"] = profile
    return out


def auth_reply_normalizer(normalize_user: Normalizer) -> Normalizer:
    """A user auth reply as ``{token, user[, meta]}`` (0.8+ sends ``{token, record}``).

    A 204 reply (``{}``) stays ``{}``: the service then returns ``token == ""`` and leaves the
    auth store alone.
    """

    def normalize(data: Any) -> Any:
        data = rename(data, "record", "user")
        if isinstance(data, Mapping) and isinstance(data.get("user"), Mapping):
            data = dict(data)
            data["user"] = normalize_user(data["user"])
        if isinstance(data, Mapping) and isinstance(data.get("meta"), Mapping):
            meta = data["meta"]
            if "avatarURL" in meta and "avatarUrl" not in meta:
                # 0.23+ spells the OAuth2 provider's avatar ``avatarURL``; the seed ``avatarUrl``
                data = {**data, "meta": {**meta, "avatarUrl": meta["avatarURL"]}}
        return data

    return normalize


class UserRoutes:
    """0.7: ``/api/users/*``.

    The auth calls take their routes from ``collection("users")`` (:mod:`.auth`); the seed
    adds its ``body_params`` and reshapes replies into ``{token, user}``.
    """

    base = "/api/users"
    #: the auth calls of ``users`` on this generation
    auth: AuthRoutes = AuthRoutes()
    #: the OAuth2 body key of the redirect URL
    redirect_key = "redirectUrl"

    @property
    def actions(self) -> str:
        return self.auth.actions(USERS)

    def normalize_item(self, data: Any) -> Any:
        """One user of a reply as the seed ``User`` shape (0.7 users already are)."""
        return data

    def _seed(self, req: Req, body: Mapping[str, Any] | None) -> Req:
        """``req`` with the caller's ``body_params`` merged in and the seed reply shape."""
        return Req(req.method, req.path, merge(req.body or {}, body), normalize=self.normalize_auth)

    def normalize_auth(self, data: Any) -> Any:
        return auth_reply_normalizer(self.normalize_item)(data)

    def normalize_auth_methods(self, data: Any) -> Any:
        """The auth methods reply with the seed keys ``emailPassword`` and ``authProviders``."""
        return data

    def auth_methods(self) -> Req:
        return Req("GET", f"{self.actions}/auth-methods", normalize=self.normalize_auth_methods)

    def auth_with_password(self, email: str, password: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.auth_with_password(USERS, email, password, None), body)

    def auth_with_oauth2(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        body: Mapping[str, Any] | None,
    ) -> Req:
        req = self.auth.auth_with_oauth2_code(
            USERS, provider, code, code_verifier, redirect_url, None, None
        )
        payload = {
            "provider": provider,
            "code": code,
            "codeVerifier": code_verifier,
            self.redirect_key: redirect_url,
        }
        return self._seed(Req(req.method, req.path, payload), body)

    def refresh(self, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.auth_refresh(USERS), body)

    def request_password_reset(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.request_password_reset(USERS, email), body)

    def confirm_password_reset(
        self, token: str, password: str, password_confirm: str, body: Mapping[str, Any] | None
    ) -> Req:
        req = self.auth.confirm_password_reset(USERS, token, password, password_confirm)
        return self._seed(req, body)

    def request_verification(self, email: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.request_verification(USERS, email), body)

    def confirm_verification(self, token: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.confirm_verification(USERS, token), body)

    def request_email_change(self, new_email: str, body: Mapping[str, Any] | None) -> Req:
        return self._seed(self.auth.request_email_change(USERS, new_email), body)

    def confirm_email_change(
        self, token: str, password: str, body: Mapping[str, Any] | None
    ) -> Req:
        return self._seed(self.auth.confirm_email_change(USERS, token, password), body)

    def list_external_auths(self, user_id: str) -> Req:
        path = f"{self.base}/{encode_segment(user_id)}/external-auths"
        return Req("GET", path, normalize=normalize_external_auths)

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        """The DELETE for one provider link, or None when the link must be looked up first
        (then :meth:`unlink_external_auth_by_id` gives the DELETE)."""
        user, name = encode_segment(user_id), encode_segment(provider)
        return Req("DELETE", f"{self.base}/{user}/external-auths/{name}")

    def unlink_external_auth_by_id(self, external_auth_id: str) -> Req:
        raise NotImplementedError("this generation unlinks by user id and provider")


class UserRoutes08(UserRoutes):
    """0.8-0.22: the ``users`` auth collection."""

    base = f"/api/collections/{USERS}/records"
    auth = AuthRoutes08()

    def normalize_item(self, data: Any) -> Any:
        return add_profile(data)


class UserRoutes23(UserRoutes08):
    """0.23+: external auths are the ``_externalAuths`` collection; new auth-methods shape."""

    auth = AuthRoutes23()
    redirect_key = "redirectURL"

    def __init__(self, external_auths_filter: Normalizer, max_per_page: int) -> None:
        self._external_auths_filter = external_auths_filter
        self._max_per_page = max_per_page

    def normalize_auth_methods(self, data: Any) -> Any:
        """0.23+ still sends the legacy ``emailPassword``/``authProviders`` copies; they are
        derived from ``password`` and ``oauth2`` when a server leaves them out."""
        if not isinstance(data, Mapping):
            return data
        out = dict(data)
        if "emailPassword" not in out:
            password = out.get("password")
            out["emailPassword"] = bool(
                isinstance(password, Mapping)
                and password.get("enabled")
                and "email" in (password.get("identityFields") or ())
            )
        if "authProviders" not in out:
            oauth2 = out.get("oauth2")
            providers = oauth2.get("providers") if isinstance(oauth2, Mapping) else None
            out["authProviders"] = [
                rename(p, "authURL", "authUrl")
                for p in (providers if isinstance(providers, list) else [])
                if isinstance(p, Mapping)
            ]
        return out

    def list_external_auths(self, user_id: str) -> Req:
        params = {
            "filter": self._external_auths_filter({"user": str(user_id), "users": USERS_ID}),
            "perPage": self._max_per_page,
        }
        path = f"/api/collections/{EXTERNAL_AUTHS}/records"
        return Req("GET", path, params=params, normalize=normalize_external_auths)

    def unlink_external_auth(self, user_id: str, provider: str) -> Req | None:
        return None

    def unlink_external_auth_by_id(self, external_auth_id: str) -> Req:
        path = f"/api/collections/{EXTERNAL_AUTHS}/records/{encode_segment(external_auth_id)}"
        return Req("DELETE", path)
