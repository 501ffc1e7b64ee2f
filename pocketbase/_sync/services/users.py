# Generated from pocketbase/_async/services/users.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._errors import ClientResponseError
from ..._generations import Generation, Normalizer
from ..._services import item_adapter, plain_list_adapter
from ...models import AuthMethodsList, ExternalAuth, User, UserAuthResponse
from .base import AuthCrudService

__all__ = ["UserService"]


class UserService(AuthCrudService[User, UserAuthResponse]):
    """User accounts (the ``users`` auth collection on servers 0.8+)."""

    __slots__ = ()

    model = User
    auth_model = UserAuthResponse
    auth_key = "user"

    def _base_path(self, gen: Generation) -> str:
        return gen.users_base()

    def _normalizer(self, gen: Generation) -> Normalizer | None:
        return gen.normalize_user

    def _auth_normalizer(self, gen: Generation) -> Normalizer:
        return gen.normalize_user_auth

    def list_auth_methods(self, query_params: Mapping[str, Any] | None = None) -> AuthMethodsList:
        """The enabled auth methods and OAuth2 providers."""
        gen = self._client._generation()
        req = gen.user_auth_methods()
        return self._client._call(
            req.path,
            item_adapter(AuthMethodsList),
            gen.normalize_auth_methods,
            method=req.method,
            params=query_params or {},
        )

    def auth_via_email(
        self,
        email: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Log in a user with email and password; saves the auth store."""
        gen = self._client._generation()
        return self._auth(
            gen.user_auth_with_password(email, password, body_params), query_params, guest=True
        )

    def auth_via_oauth2(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Log in (or sign up) a user with an OAuth2 code; saves the auth store."""
        gen = self._client._generation()
        req = gen.user_auth_with_oauth2(provider, code, code_verifier, redirect_url, body_params)
        return self._auth(req, query_params, guest=True)

    def refresh(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Refresh the stored user token; saves the auth store."""
        gen = self._client._generation()
        return self._auth(gen.user_refresh(body_params), query_params)

    def request_password_reset(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a password reset email; returns True (also for unknown emails)."""
        gen = self._client._generation()
        return self._ok(gen.user_request_password_reset(email, body_params), query_params)

    def confirm_password_reset(
        self,
        token: str,
        password: str,
        password_confirm: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Set a new password with a reset token (servers 0.8+ reply 204: ``token == ""``)."""
        gen = self._client._generation()
        req = gen.user_confirm_password_reset(token, password, password_confirm, body_params)
        return self._auth(req, query_params)

    def request_verification(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a verification email; returns True (also for unknown emails)."""
        gen = self._client._generation()
        return self._ok(gen.user_request_verification(email, body_params), query_params)

    def confirm_verification(
        self,
        token: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Mark the user verified with the emailed token (servers 0.8+ reply 204: ``token == ""``)."""
        gen = self._client._generation()
        return self._auth(gen.user_confirm_verification(token, body_params), query_params)

    def request_email_change(
        self,
        new_email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a confirmation email to ``new_email`` (needs a logged-in user); returns True."""
        gen = self._client._generation()
        return self._ok(gen.user_request_email_change(new_email, body_params), query_params)

    def confirm_email_change(
        self,
        token: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Change the email with the emailed token and the password (servers 0.8+ reply 204)."""
        gen = self._client._generation()
        return self._auth(gen.user_confirm_email_change(token, password, body_params), query_params)

    def list_external_auths(
        self, user_id: str, query_params: Mapping[str, Any] | None = None
    ) -> list[ExternalAuth]:
        """The OAuth2 providers linked to a user."""
        gen = self._client._generation()
        req = gen.list_external_auths(user_id)
        params = dict(req.params or {})
        params.update(query_params or {})
        return self._client._call(
            req.path,
            plain_list_adapter(ExternalAuth),
            gen.normalize_external_auths,
            method=req.method,
            params=params,
        )

    def unlink_external_auth(
        self, user_id: str, provider: str, query_params: Mapping[str, Any] | None = None
    ) -> bool:
        """Unlink one OAuth2 provider from a user; returns True."""
        gen = self._client._generation()
        req = gen.unlink_external_auth(user_id, provider)
        if req is None:
            for link in self.list_external_auths(user_id):
                if link.provider == provider:
                    req = gen.unlink_external_auth_by_id(link.id)
                    break
            else:
                raise ClientResponseError(
                    status=404, message=f"No {provider!r} link found for that user."
                )
        return self._ok(req, query_params)
