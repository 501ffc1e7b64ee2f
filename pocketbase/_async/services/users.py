from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._errors import NotFoundError
from ..._generations import Generation, Normalizer
from ..._services import item_adapter, plain_list_adapter
from ...models import AuthMethodsList, ExternalAuth, User, UserAuthResponse
from .base import AsyncAuthCrudService

__all__ = ["AsyncUserService"]


class AsyncUserService(AsyncAuthCrudService[User, UserAuthResponse]):
    """User accounts (the ``users`` auth collection on servers 0.8+)."""

    __slots__ = ()

    model = User
    auth_model = UserAuthResponse
    auth_key = "user"

    def _base_path(self, gen: Generation) -> str:
        return gen.users.base

    def _normalizer(self, gen: Generation) -> Normalizer | None:
        return gen.users.normalize_item

    async def list_auth_methods(
        self, query_params: Mapping[str, Any] | None = None
    ) -> AuthMethodsList:
        """The enabled auth methods and OAuth2 providers.

        Args:
            query_params: extra query parameters.

        Returns:
            Whether email/password login is on and the OAuth2 providers with their auth URLs.

        Raises:
            ClientResponseError: the request failed: an HTTP error status, ``TransportError`` (no
                response) or ``RequestCancelledError`` (cancelled).
        """
        return await self._call(
            lambda gen: gen.users.auth_methods(), item_adapter(AuthMethodsList), query_params
        )

    async def auth_via_email(
        self,
        email: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Log in a user with email and password; saves the auth store.

        Args:
            email: the user's email.
            password: the user's password.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The token and the user.

        Raises:
            BadRequestError: wrong email or password (the server answers 400 for a failed login).
            UnauthorizedError: servers 0.23+ with MFA on: a second factor is needed
                (``err.mfa_id``).
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._auth(
            lambda gen: gen.users.auth_with_password(email, password, body_params),
            query_params,
            guest=True,
        )

    async def auth_via_oauth2(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Log in (or sign up) a user with an OAuth2 code; saves the auth store.

        Args:
            provider: the provider's name, e.g. ``"google"``.
            code: the code the provider redirected with.
            code_verifier: the PKCE verifier of the provider's auth URL.
            redirect_url: the redirect URL the auth URL was built with.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The token and the user (with ``meta``: the provider's data about the user).

        Raises:
            BadRequestError: the provider refused the code or is not enabled.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._auth(
            lambda gen: gen.users.auth_with_oauth2(
                provider, code, code_verifier, redirect_url, body_params
            ),
            query_params,
            guest=True,
        )

    async def refresh(
        self,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Refresh the stored user token; saves the auth store.

        Args:
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            A new token and the user.

        Raises:
            UnauthorizedError: the stored token is missing, expired or not a user's.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._auth(
            lambda gen: gen.users.refresh(body_params),
            query_params,
        )

    async def request_password_reset(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a password reset email; returns True (also for unknown emails).

        Args:
            email: the user's email.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            BadRequestError: the email is invalid.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return await self._ok(
            lambda gen: gen.users.request_password_reset(email, body_params), query_params
        )

    async def confirm_password_reset(
        self,
        token: str,
        password: str,
        password_confirm: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Set a new password with a reset token (servers 0.8+ reply 204: ``token == ""``).

        Args:
            token: the token from the reset email.
            password: the new password.
            password_confirm: the new password again.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The auth reply (a token and the user on 0.7; empty, ``token == ""``, on 0.8+).

        Raises:
            BadRequestError: an invalid or expired token, or passwords that do not match.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._auth(
            lambda gen: gen.users.confirm_password_reset(
                token, password, password_confirm, body_params
            ),
            query_params,
        )

    async def request_verification(
        self,
        email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a verification email; returns True (also for unknown emails).

        Args:
            email: the user's email.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            BadRequestError: the email is invalid.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return await self._ok(
            lambda gen: gen.users.request_verification(email, body_params), query_params
        )

    async def confirm_verification(
        self,
        token: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Mark the user verified with the emailed token (servers 0.8+ reply 204: ``token == ""``).

        Args:
            token: the token from the verification email.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The auth reply (a token and the user on 0.7; empty, ``token == ""``, on 0.8+).

        Raises:
            BadRequestError: an invalid or expired token.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._auth(
            lambda gen: gen.users.confirm_verification(token, body_params),
            query_params,
        )

    async def request_email_change(
        self,
        new_email: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> bool:
        """Send a confirmation email to ``new_email`` (needs a logged-in user); returns True.

        Args:
            new_email: the new email address.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            UnauthorizedError: no user is logged in.
            BadRequestError: the new email is invalid or taken.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        return await self._ok(
            lambda gen: gen.users.request_email_change(new_email, body_params), query_params
        )

    async def confirm_email_change(
        self,
        token: str,
        password: str,
        body_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> UserAuthResponse:
        """Change the email with the emailed token and the password (servers 0.8+ reply 204).

        Args:
            token: the token from the confirmation email.
            password: the user's password.
            body_params: extra body fields, sent beside the call's own.
            query_params: extra query parameters.

        Returns:
            The auth reply (a token and the user on 0.7; empty, ``token == ""``, on 0.8+).

        Raises:
            BadRequestError: an invalid or expired token, or a wrong password.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._auth(
            lambda gen: gen.users.confirm_email_change(token, password, body_params),
            query_params,
        )

    async def list_external_auths(
        self, user_id: str, query_params: Mapping[str, Any] | None = None
    ) -> list[ExternalAuth]:
        """The OAuth2 providers linked to a user.

        Args:
            user_id: the user's id.
            query_params: extra query parameters.

        Returns:
            One entry per linked provider.

        Raises:
            NotFoundError: no user has that id.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        return await self._call(
            lambda gen: gen.users.list_external_auths(user_id),
            plain_list_adapter(ExternalAuth),
            query_params,
        )

    async def unlink_external_auth(
        self, user_id: str, provider: str, query_params: Mapping[str, Any] | None = None
    ) -> bool:
        """Unlink one OAuth2 provider from a user; returns True.

        Args:
            user_id: the user's id.
            provider: the provider's name, e.g. ``"google"``.
            query_params: extra query parameters.

        Returns:
            True.

        Raises:
            NotFoundError: no such user, or (servers 0.23+, where the link is found first) no link
                to ``provider``.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        gen = await self._generation()
        req = gen.users.unlink_external_auth(user_id, provider)
        if req is None:
            for link in await self.list_external_auths(user_id):
                if link.provider == provider:
                    req = gen.users.unlink_external_auth_by_id(link.id)
                    break
            else:
                raise NotFoundError(
                    status=404, message=f"No {provider!r} link found for that user."
                )
        return await self._ok(req, query_params)
