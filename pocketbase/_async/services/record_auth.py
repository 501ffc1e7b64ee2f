from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from httpx_sse import aconnect_sse
from pydantic import TypeAdapter
from typing_extensions import Unpack

from ..._auth import (
    DEFAULT_OAUTH2_TIMEOUT,
    OAUTH2_REDIRECT_PATH,
    OAUTH2_TOPIC,
    AuthOptions,
    Secret,
    as_guest,
    auth_options,
    email_change_clears,
    find_provider,
    oauth2_auth_url,
    oauth2_code,
    open_in_browser,
    verified_record,
)
from ..._auth_store import BaseAuthStore
from ..._auto_refresh import SKIP_AUTO_REFRESH, Registration, identity_of
from ..._compat import AsyncEvent, AsyncTaskHandle, aresolve, aspawn, current_time
from ..._errors import (
    ClientResponseError,
    OAuth2Error,
    cancelled_error,
    error_for_status,
    invalid_request_error,
    oauth2_timeout_error,
    realtime_interrupted_error,
    transport_error,
)
from ..._generations import Generation, Req
from ..._realtime import CONNECT_EVENT, REALTIME_PATH, connect_client_id, shutdown_response
from ..._services import item_adapter, plain_list_adapter, request_config
from ...models import (
    AuthMethods,
    ExternalAuth,
    OAuth2ProviderInfo,
    OTPResponse,
    Record,
    RecordAuthResponse,
)
from .base import AsyncBaseService

if TYPE_CHECKING:
    from ..client import AsyncPocketBase

__all__ = ["AsyncRecordAuthMixin", "AsyncUrlCallback"]

M = TypeVar("M", bound=Record, covariant=True)

#: what ``auth_with_oauth2`` calls with the provider's URL (may return an awaitable)
AsyncUrlCallback = Callable[[str], "Awaitable[object] | object"]

#: longest wait for a stopped OAuth2 listener to finish
_STOP_WAIT = 2.0
_LISTENER_NAME = "pocketbase-oauth2"

_NOT_FOUND = {"code": 404, "message": "The requested resource wasn't found.", "data": {}}


if TYPE_CHECKING:
    _MixinBase = AsyncBaseService
else:

    class _MixinBase:  # a plain mixin at run time: any order of the bases works
        __slots__ = ()


class AsyncRecordAuthMixin(_MixinBase, Generic[M]):
    """The auth calls of an auth collection (``users``, ``_superusers`` or one of yours),
    on ``pb.collection(name)``.

    Logins (``auth_with_password``, ``auth_with_oauth2_code``, ``auth_with_oauth2``,
    ``auth_with_otp``) and ``request_otp`` go out without the stored token; every other call
    sends it. A reply with a token and a record is saved in ``pb.auth_store`` (as a
    ``Record``) and the realtime subscriptions move to the new identity. Every call takes
    the keyword options of :class:`~pocketbase._auth.AuthOptions` (``expand``, ``fields``,
    ``query``, ``headers``, ``request_key``).

    On 0.8-0.22 servers every auth collection works (``_superusers`` maps to the admin
    routes for password login, refresh and password reset); on 0.7 ``users`` and
    ``_superusers``. OTP, MFA and impersonation need 0.23+. What a server lacks raises
    :class:`~pocketbase.UnsupportedFeatureError` before anything is sent.

    A mixin for a service class that also derives from ``AsyncBaseService`` and sets
    ``collection_name`` and ``model`` (the record service of ``collection(name)``).
    """

    __slots__ = ()

    collection_name: str
    model: type[M]

    # -- helpers -----------------------------------------------------------------------------

    def _auth_adapter(self) -> TypeAdapter[RecordAuthResponse[M]]:
        return item_adapter(RecordAuthResponse[self.model])  # type: ignore[name-defined]

    async def _login(
        self,
        build: Callable[[Generation], Req],
        opts: Mapping[str, Any],
        *,
        login: bool = True,
        expect_token: str | None = None,
    ) -> RecordAuthResponse[M]:
        query, config = auth_options(opts)
        if expect_token is not None:
            config[SKIP_AUTO_REFRESH] = True
        return await self._authenticate(
            build,
            self._auth_adapter(),
            query,
            guest=True,
            login=login,
            expect_token=expect_token,
            **config,
        )

    async def _true(self, build: Callable[[Generation], Req], opts: Mapping[str, Any]) -> bool:
        query, config = auth_options(opts)
        return await self._ok(build, query, **config)

    # -- logins ------------------------------------------------------------------------------

    async def list_auth_methods(self, **opts: Unpack[AuthOptions]) -> AuthMethods:
        """The collection's auth methods (password, OAuth2 providers, MFA, OTP), in the
        0.23+ shape on every server (0.8-0.22 flags mapped into it; MFA and OTP off there).

        Args:
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The auth methods: ``password``, ``oauth2`` (with each provider's auth URL and PKCE
                data), ``mfa`` and ``otp``.

        Raises:
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server, or ``_superusers`` before 0.23 (nothing is sent).
            NotFoundError: no such collection (or not an auth collection).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        query, config = auth_options(opts)
        name = self.collection_name
        return await self._call(
            lambda gen: gen.auth.auth_methods(name), item_adapter(AuthMethods), query, **config
        )

    async def auth_with_password(
        self,
        identity: str,
        password: str,
        *,
        mfa_id: str | None = None,
        auto_refresh_threshold: float | None = None,
        **opts: Unpack[AuthOptions],
    ) -> RecordAuthResponse[M]:
        """Log in with an identity (e-mail, or another identity field) and a password.

        With MFA on (0.23+), the first factor raises :class:`~pocketbase.UnauthorizedError`
        whose ``mfa_id`` you pass as ``mfa_id=`` to a second, different method (e.g.
        ``auth_with_otp``). A wrong password raises :class:`~pocketbase.BadRequestError`.

        ``auto_refresh_threshold`` (seconds): before each later request of this client, a
        token that expires within it is renewed first (``auth_refresh``; for a superuser, a
        password re-login when the refresh fails or the token has expired, the password then
        being kept in memory, never in a repr, log or pickle). One renewal runs at a time,
        however many requests wait for it. It stops when the store is cleared or changed by
        hand, or another login replaces it. A failed renewal is not retried for the same
        token: requests go out with the old token while it is valid, and raise the
        renewal's error once it has expired (never as a guest).

        Args:
            identity: the e-mail (or another identity field's value on 0.23+).
            password: the password.
            mfa_id: the ``mfa_id`` of a first factor's ``UnauthorizedError`` (MFA, 0.23+).
            auto_refresh_threshold: seconds before expiry at which the token is renewed
                automatically; ``None``, no automatic renewal.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The token and the record (also saved in ``pb.auth_store``).

        Raises:
            BadRequestError: wrong identity or password.
            UnauthorizedError: MFA is on and this was the first factor: ``err.mfa_id`` goes to the
                second login.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server, or ``mfa_id`` before 0.23 (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: a threshold that is not a positive number (before sending), or any
                other failure: another HTTP error status, ``TransportError`` (no response),
                ``RequestCancelledError`` (cancelled) or a reply that does not fit the model.
        """
        threshold = _checked_threshold(auto_refresh_threshold)
        name = self.collection_name
        result = await self._login(
            lambda gen: gen.auth.auth_with_password(name, identity, password, mfa_id), opts
        )
        if threshold is not None and result.token:
            self._register(result, threshold, identity, password)
        return result

    def _register(
        self, result: RecordAuthResponse[M], threshold: float, identity: str, password: str
    ) -> None:
        store = self._auth_store()
        if store.token != result.token:
            return  # the store was changed meanwhile: nothing to keep fresh
        credentials = (identity, Secret(password)) if store.is_superuser else None
        registration = Registration(
            collection=self.collection_name,
            threshold=threshold,
            identity=identity_of(result.record),
            token=result.token,
            credentials=credentials,
        )
        self._register_auto_refresh(registration, self)

    async def _auto_refresh(self, old_token: str) -> None:
        name = self.collection_name
        query, config = auth_options({"request_key": None})
        config[SKIP_AUTO_REFRESH] = True
        await self._authenticate(
            lambda gen: gen.auth.auth_refresh(name),
            self._auth_adapter(),
            query,
            expect_token=old_token,
            **config,
        )

    async def _auto_relogin(self, identity: str, password: Secret, old_token: str) -> None:
        name = self.collection_name
        await self._login(
            lambda gen: gen.auth.auth_with_password(name, identity, password.reveal(), None),
            {"request_key": None},
            login=False,
            expect_token=old_token,
        )

    async def auth_with_oauth2_code(
        self,
        provider: str,
        code: str,
        code_verifier: str,
        redirect_url: str,
        create_data: Mapping[str, Any] | None = None,
        *,
        mfa_id: str | None = None,
        **opts: Unpack[AuthOptions],
    ) -> RecordAuthResponse[M]:
        """Log in (or sign up, with ``create_data`` for the new record) with the code an
        OAuth2 provider sent to ``redirect_url``; ``code_verifier`` is the provider's from
        :meth:`list_auth_methods`. The reply's ``meta`` holds the provider's data.

        Args:
            provider: the provider's name, e.g. ``"google"``.
            code: the code the provider redirected with.
            code_verifier: the PKCE verifier of the provider (from ``list_auth_methods()``).
            redirect_url: the redirect URL the provider's auth URL was built with.
            create_data: the fields of the record created on a first login.
            mfa_id: the ``mfa_id`` of a first factor's ``UnauthorizedError`` (MFA, 0.23+).
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The token, the record and ``meta`` (the provider's data); saved in ``pb.auth_store``.

        Raises:
            BadRequestError: the provider refused the code, or the provider is not enabled.
            UnauthorizedError: MFA is on and this was the first factor: ``err.mfa_id`` goes to the
                second login.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server, ``_superusers`` before 0.23, or ``mfa_id`` before 0.23 (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        name = self.collection_name
        return await self._login(
            lambda gen: gen.auth.auth_with_oauth2_code(
                name, provider, code, code_verifier, redirect_url, create_data, mfa_id
            ),
            opts,
        )

    async def auth_with_oauth2(
        self,
        provider: str,
        *,
        url_callback: AsyncUrlCallback | None = None,
        scopes: Sequence[str] | None = None,
        create_data: Mapping[str, Any] | None = None,
        timeout: float = DEFAULT_OAUTH2_TIMEOUT,
        mfa_id: str | None = None,
        **opts: Unpack[AuthOptions],
    ) -> RecordAuthResponse[M]:
        """The all-in-one OAuth2 login (servers 0.15+): no redirect page of your own needed.

        The SDK opens a one-off realtime connection subscribed to the ``@oauth2`` topic,
        calls ``url_callback(url)`` with the provider's login URL (default: open it in the
        system browser; the async client also takes an async callback), waits for the
        server to forward the provider's redirect (``/api/oauth2-redirect``), then exchanges
        the code (:meth:`auth_with_oauth2_code`, with ``create_data``, ``mfa_id`` and
        ``opts``). The realtime connection is closed in every case.

        On 0.23+ servers the browser's redirect must reach the server from the same IP
        address as the SDK's realtime connection (the server checks it): the user's browser
        and this program must share a public address, or run on one machine.

        Args:
            provider: the provider's name, e.g. ``"google"``.
            url_callback: called with the provider's login URL; default, open it in the system
                browser.
            scopes: extra OAuth2 scopes to ask for.
            create_data: the fields of the record created on a first login.
            timeout: the longest wait for the redirect, in seconds (default 180).
            mfa_id: the ``mfa_id`` of a first factor's ``UnauthorizedError`` (MFA, 0.23+).
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The token, the record and ``meta`` (the provider's data); saved in ``pb.auth_store``.

        Raises:
            OAuth2Error: an unknown provider, a redirect whose state does not match, a provider that
                refused, no code, or a browser that could not be opened.
            RequestTimeoutError: no redirect arrived within ``timeout``.
            RequestCancelledError: ``cancel_request(request_key)`` stopped the wait.
            TransportError: the realtime connection could not be opened or dropped.
            UnauthorizedError: MFA is on and this was the first factor: ``err.mfa_id`` goes to the
                second login.
            UnsupportedFeatureError: a server older than 0.15, a collection other than ``users`` and
                ``_superusers`` on a 0.7 server, or ``_superusers`` before 0.23 (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        auth_options(opts)  # reject unknown options before anything is sent
        name = self.collection_name
        gen = await self._generation()
        gen.auth.check_oauth2_all_in_one(name)
        key_opts: AuthOptions = {}
        if "request_key" in opts:
            key_opts["request_key"] = opts["request_key"]
        info = find_provider(await self.list_auth_methods(**key_opts), provider)
        redirect_url = self._client.build_url(OAUTH2_REDIRECT_PATH)
        code = await self._oauth2_redirect(
            info,
            redirect_url,
            url_callback or open_in_browser,
            scopes,
            timeout,
            opts.get("request_key"),
        )
        return await self.auth_with_oauth2_code(
            provider, code, info.code_verifier, redirect_url, create_data, mfa_id=mfa_id, **opts
        )

    async def _oauth2_redirect(
        self,
        info: OAuth2ProviderInfo,
        redirect_url: str,
        url_callback: AsyncUrlCallback,
        scopes: Sequence[str] | None,
        timeout: float,
        request_key: str | None,
    ) -> str:
        listener = _AsyncOAuth2Listener(
            self._http_client(), self._client.build_url(REALTIME_PATH), timeout
        )
        untrack = self._track_cancel(request_key, listener)
        deadline = current_time() + timeout
        listener.start()
        try:
            client_id = await listener.connected(_remaining(deadline))
            body = {"clientId": client_id, "subscriptions": [OAUTH2_TOPIC]}
            await self._ok(Req("POST", REALTIME_PATH, body), **request_config(request_key=None))
            url = oauth2_auth_url(info.auth_url, redirect_url, client_id, scopes)
            await _call_back(url_callback, url)
            data = await listener.redirect(_remaining(deadline))
        finally:
            untrack()
            await listener.aclose()
        return oauth2_code(data, client_id)

    async def request_otp(self, email: str, **opts: Unpack[AuthOptions]) -> OTPResponse:
        """E-mail a one-time password (0.23+, OTP enabled on the collection); returns the
        ``otp_id`` to pass to :meth:`auth_with_otp` (also for unknown addresses).

        Args:
            email: the address to send the code to.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The reply with the ``otp_id``.

        Raises:
            UnsupportedFeatureError: the server is older than 0.23 (nothing is sent).
            BadRequestError: an invalid address, or OTP is not enabled on the collection.
            TooManyRequestsError: too many codes asked for.
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        query, config = auth_options(opts)
        config = as_guest(config)
        name = self.collection_name
        return await self._call(
            lambda gen: gen.auth.request_otp(name, email),
            item_adapter(OTPResponse),
            query,
            **config,
        )

    async def auth_with_otp(
        self,
        otp_id: str,
        password: str,
        *,
        mfa_id: str | None = None,
        **opts: Unpack[AuthOptions],
    ) -> RecordAuthResponse[M]:
        """Log in with the e-mailed one-time ``password`` of ``otp_id`` (0.23+).

        A wrong, reused or expired code raises :class:`~pocketbase.BadRequestError`
        ("Invalid or expired OTP."). Side effect on the server (0.23+): an unverified record
        whose e-mail received the code becomes verified and, when MFA is off, gets a new
        random password, which invalidates its old password and every token issued before.

        Args:
            otp_id: the ``otp_id`` of ``request_otp()``.
            password: the e-mailed code.
            mfa_id: the ``mfa_id`` of a first factor's ``UnauthorizedError`` (MFA, 0.23+).
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The token and the record (also saved in ``pb.auth_store``).

        Raises:
            BadRequestError: a wrong, reused or expired code.
            UnauthorizedError: MFA is on and this was the first factor: ``err.mfa_id`` goes to the
                second login.
            UnsupportedFeatureError: the server is older than 0.23 (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        name = self.collection_name
        return await self._login(
            lambda gen: gen.auth.auth_with_otp(name, otp_id, password, mfa_id), opts
        )

    async def auth_refresh(self, **opts: Unpack[AuthOptions]) -> RecordAuthResponse[M]:
        """A new token (and fresh record data) for the stored one; saves the store.
        Non-refreshable tokens (impersonation) come back unchanged (0.29+).

        Args:
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The new token and the record (also saved in ``pb.auth_store``).

        Raises:
            UnauthorizedError: no valid token is stored.
            ForbiddenError: the stored token is not one of this collection's records.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        query, config = auth_options(opts)
        config[SKIP_AUTO_REFRESH] = True  # a refresh itself: no automatic one before it
        name = self.collection_name
        return await self._authenticate(
            lambda gen: gen.auth.auth_refresh(name), self._auth_adapter(), query, **config
        )

    # -- e-mail flows ------------------------------------------------------------------------

    async def request_password_reset(self, email: str, **opts: Unpack[AuthOptions]) -> bool:
        """E-mail a password reset link; True (also for unknown addresses).

        Args:
            email: the record's e-mail.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            BadRequestError: an invalid address.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        name = self.collection_name
        return await self._true(lambda gen: gen.auth.request_password_reset(name, email), opts)

    async def confirm_password_reset(
        self, token: str, password: str, password_confirm: str, **opts: Unpack[AuthOptions]
    ) -> bool:
        """Set a new password with the e-mailed token; True. The store is not changed.

        Args:
            token: the token from the reset e-mail.
            password: the new password.
            password_confirm: the new password again.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            BadRequestError: an invalid or expired token, or passwords that do not match.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        name = self.collection_name
        return await self._true(
            lambda gen: gen.auth.confirm_password_reset(name, token, password, password_confirm),
            opts,
        )

    async def request_verification(self, email: str, **opts: Unpack[AuthOptions]) -> bool:
        """E-mail a verification link; True (also for unknown addresses).

        Args:
            email: the record's e-mail.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            BadRequestError: an invalid address.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        name = self.collection_name
        return await self._true(lambda gen: gen.auth.request_verification(name, email), opts)

    async def confirm_verification(self, token: str, **opts: Unpack[AuthOptions]) -> bool:
        """Verify with the e-mailed token; True. When the store holds that record, it is
        marked verified there too.

        Args:
            token: the token from the verification e-mail.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            BadRequestError: an invalid or expired token.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        name = self.collection_name
        await self._true(lambda gen: gen.auth.confirm_verification(name, token), opts)
        store = self._auth_store()
        current = store.token
        record = verified_record(token, store.record)
        if record is not None:
            store.save_if_token(current, current, record)
        return True

    async def request_email_change(self, new_email: str, **opts: Unpack[AuthOptions]) -> bool:
        """E-mail a confirmation link to ``new_email`` (needs the record's own token); True.

        Args:
            new_email: the new address.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            UnauthorizedError: no record of this collection is logged in.
            BadRequestError: the new address is invalid or taken.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        name = self.collection_name
        return await self._true(lambda gen: gen.auth.request_email_change(name, new_email), opts)

    async def confirm_email_change(
        self, token: str, password: str, **opts: Unpack[AuthOptions]
    ) -> bool:
        """Change the e-mail with the e-mailed token and the password; True. The server
        invalidates the record's tokens, so a store holding that record is cleared.

        Args:
            token: the token from the confirmation e-mail.
            password: the record's password.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            BadRequestError: an invalid or expired token, or a wrong password.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        name = self.collection_name
        await self._true(lambda gen: gen.auth.confirm_email_change(name, token, password), opts)
        store = self._auth_store()
        if email_change_clears(token, store.record):
            store.clear()
        return True

    # -- external auths ----------------------------------------------------------------------

    async def list_external_auths(
        self, record_id: str, **opts: Unpack[AuthOptions]
    ) -> list[ExternalAuth]:
        """The OAuth2 provider accounts linked to the record (``_externalAuths`` on 0.23+).

        Args:
            record_id: the record's id.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            One entry per linked provider account.

        Raises:
            NotFoundError: no such record (servers before 0.23).
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        query, config = auth_options(opts)
        name = self.collection_name
        return await self._call(
            lambda gen: gen.auth.list_external_auths(name, record_id),
            plain_list_adapter(ExternalAuth),
            query,
            **config,
        )

    async def unlink_external_auth(
        self, record_id: str, provider: str, **opts: Unpack[AuthOptions]
    ) -> bool:
        """Unlink one OAuth2 provider from the record; True. A link that does not exist
        raises :class:`~pocketbase.NotFoundError`.

        Args:
            record_id: the record's id.
            provider: the provider's name, e.g. ``"google"``.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            True.

        Raises:
            NotFoundError: no such record, or no link to ``provider``.
            UnsupportedFeatureError: a collection other than ``users`` and ``_superusers`` on a 0.7
                server (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response) or ``RequestCancelledError`` (cancelled).
        """
        query, config = auth_options(opts)
        gen = await self._generation()
        req = gen.auth.unlink_external_auth(self.collection_name, record_id, provider)
        if req is None:
            found = await self._call(
                gen.auth.find_external_auth(record_id, provider),
                plain_list_adapter(ExternalAuth),
                **request_config(),
            )
            if not found:
                raise error_for_status("", 404, dict(_NOT_FOUND))
            req = gen.auth.delete_external_auth(found[0].id)
        return await self._ok(req, query, **config)

    # -- impersonation -----------------------------------------------------------------------

    async def impersonate(
        self, record_id: str, duration: float = 0, **opts: Unpack[AuthOptions]
    ) -> AsyncPocketBase:
        """A new client that acts as the record (0.23+, superusers only): a client of the
        same kind with its own in-memory store holding a non-refreshable token of
        ``duration`` seconds (0: the collection's auth token duration).

        The new client shares this one's base URL, language, detected server generation,
        timeout and auto-cancellation setting, and nothing else: not the auth store (this
        one's is untouched), hooks, realtime or HTTP connections. The caller closes it when
        done, as any client (use it as a context manager). A non-superuser raises
        :class:`~pocketbase.ForbiddenError`.

        Args:
            record_id: the id of the record to act as.
            duration: the token's lifetime in seconds; 0, the collection's auth token duration.
            **opts: the keyword options of ``AuthOptions``: ``expand``, ``fields``, ``query``,
                ``headers``, ``request_key``.

        Returns:
            The new client, logged in as the record.

        Raises:
            ForbiddenError: the stored token is not a superuser's.
            NotFoundError: no such record.
            UnsupportedFeatureError: the server is older than 0.23 (nothing is sent).
            TypeError: an unknown keyword option.
            ClientResponseError: any other failure: another HTTP error status, ``TransportError``
                (no response), ``RequestCancelledError`` (cancelled) or a reply that does not fit
                the model.
        """
        query, config = auth_options(opts)
        gen = await self._generation()
        route = gen.auth.impersonate(self.collection_name, record_id, duration)
        await self._settle_auth()
        headers = dict(config.get("headers") or {})
        headers["Authorization"] = gen.auth_header(self._auth_store().token, True)
        config["headers"] = headers
        child = self._derived_client(BaseAuthStore())
        try:
            result = await AsyncBaseService(child)._call(
                route, self._auth_adapter(), query, **config
            )
        except BaseException:
            await child.aclose()
            raise
        if result.token:
            child.auth_store.save(result.token, result.record)
        return child


def _checked_threshold(value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise invalid_request_error(
            ValueError(f"expected a number of seconds above 0, got {value!r}"),
            what="Invalid auto_refresh_threshold",
        )
    return float(value)


def _remaining(deadline: float) -> float:
    return max(0.0, deadline - current_time())


async def _call_back(url_callback: AsyncUrlCallback, url: str) -> None:
    try:
        await aresolve(url_callback(url))
    except ClientResponseError:
        raise
    except Exception as exc:
        # not str(exc): it may quote the URL, whose state is this login's secret
        raise OAuth2Error(
            original_error=exc, message=f"url_callback raised {type(exc).__name__}"
        ) from None


class _AsyncOAuth2Listener:
    """The one-off realtime connection of one all-in-one OAuth2 login: connects, reports
    its client id, and waits for the ``@oauth2`` event. ``cancel()`` (from
    ``cancel_request``) ends the waits."""

    __slots__ = (
        "_cancelled",
        "_connected",
        "_data",
        "_done",
        "_error",
        "_handle",
        "_http",
        "_response",
        "_stop",
        "_timeout",
        "_url",
        "client_id",
    )

    def __init__(self, http: httpx.AsyncClient, url: str, timeout: float) -> None:
        self._http = http
        self._url = url
        self._timeout = timeout
        self._connected = AsyncEvent()
        self._done = AsyncEvent()
        self._data: str | None = None
        self._error: ClientResponseError | None = None
        self._cancelled = False
        self._stop = False
        self._response: httpx.Response | None = None
        self._handle: AsyncTaskHandle | None = None
        self.client_id = ""

    def start(self) -> None:
        self._handle = aspawn(self._run, _LISTENER_NAME)

    def cancel(self) -> None:
        self._cancelled = True
        self._connected.set()
        self._done.set()

    def _check(self) -> None:
        if self._cancelled:
            raise cancelled_error("GET", self._url, None)
        if self._error is not None:
            raise self._error

    async def connected(self, timeout: float) -> str:
        """The realtime client id, once the server sent it."""
        if not await self._connected.wait(timeout):
            raise oauth2_timeout_error(self._timeout)
        self._check()
        return self.client_id

    async def redirect(self, timeout: float) -> str:
        """The ``data`` of the ``@oauth2`` event."""
        if not await self._done.wait(timeout):
            raise oauth2_timeout_error(self._timeout)
        self._check()
        if self._data is None:
            raise realtime_interrupted_error(self._url)
        return self._data

    async def _run(self) -> None:
        try:
            await self._listen()
            if not self._stop and self._data is None:
                self._error = realtime_interrupted_error(self._url)
        except Exception as exc:
            if not self._stop:
                self._error = transport_error(exc, self._url, "GET")
        finally:
            self._response = None
            self._connected.set()
            self._done.set()

    async def _listen(self) -> None:
        base = self._http.timeout
        timeout = httpx.Timeout(connect=base.connect, read=None, write=base.write, pool=base.pool)
        async with aconnect_sse(self._http, "GET", self._url, timeout=timeout) as source:
            self._response = source.response
            status = source.response.status_code
            if status != 200:
                failed = status >= 400
                self._error = (
                    error_for_status(self._url, status, {})
                    if failed
                    else realtime_interrupted_error(self._url)
                )
                return
            async for sse in source.aiter_sse():
                if self._stop:
                    return
                if sse.event == CONNECT_EVENT:
                    self.client_id = connect_client_id(sse.id, sse.data)
                    if not self.client_id:
                        self._error = realtime_interrupted_error(self._url)
                        return
                    self._connected.set()
                elif sse.event == OAUTH2_TOPIC:
                    self._data = sse.data
                    return

    async def aclose(self) -> None:
        self._stop = True
        handle, response = self._handle, self._response
        if handle is None:
            return
        handle.interrupt(functools.partial(shutdown_response, response) if response else None)
        await handle.join(_STOP_WAIT)
