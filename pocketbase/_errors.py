"""The one error type of the SDK.

Every failure that crosses the public API is a :class:`ClientResponseError`: HTTP errors,
transport failures (``status == 0``), invalid JSON on a success status, model validation
failures, exceptions raised by hooks, and cancelled requests (``is_abort=True``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import ErrorResponse

__all__ = ["DEFAULT_ERROR_MESSAGE", "ClientResponseError"]

DEFAULT_ERROR_MESSAGE = "Something went wrong while processing your request."


class ClientResponseError(Exception):
    """An error response or a failed request.

    Attributes:
        url: the absolute URL of the response (``""`` when there was none).
        status: the HTTP status, ``0`` when no response was received.
        data: the raw JSON error body (``{}`` when there was none or it was not JSON).
        is_abort: the request was cancelled (auto-cancellation or ``cancel_request``).
        original_error: the underlying exception, when there was one.
    """

    url: str
    status: int
    data: dict[str, Any]
    is_abort: bool
    original_error: BaseException | None

    def __init__(
        self,
        *,
        url: str = "",
        status: int = 0,
        data: Any = None,
        is_abort: bool = False,
        original_error: BaseException | None = None,
        message: str | None = None,
    ) -> None:
        self.url = url
        self.status = status
        self.data = data if isinstance(data, dict) else {}
        self.is_abort = is_abort
        self.original_error = original_error
        if message is None:
            raw = self.data.get("message")
            message = raw if isinstance(raw, str) and raw else DEFAULT_ERROR_MESSAGE
        self.message = message
        super().__init__(message)

    @property
    def name(self) -> str:
        """``"ClientResponseError <status>"``, the reference SDK's ``name``."""
        return f"ClientResponseError {self.status}"

    @property
    def response(self) -> ErrorResponse | None:
        """The error body as a typed :class:`~pocketbase.models.ErrorResponse`, if it is one."""
        if not self.data:
            return None
        from pydantic import ValidationError

        from .models import ErrorResponse

        payload = dict(self.data)
        if "code" not in payload and "status" not in payload:
            payload["code"] = self.status
        try:
            return ErrorResponse.model_validate(payload)
        except ValidationError:
            return None

    def to_dict(self) -> dict[str, Any]:
        """The reference SDK's ``toJSON()`` shape."""
        return {
            "url": self.url,
            "status": self.status,
            "data": self.data,
            "isAbort": self.is_abort,
            "originalError": self.original_error,
            "name": self.name,
        }

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        # The URL may carry a query string; it never carries the token (headers are not kept).
        return (
            f"ClientResponseError(status={self.status}, url={self.url!r}, "
            f"message={self.message!r}, is_abort={self.is_abort})"
        )

    def __reduce__(self) -> Any:
        return (_rebuild, (self.url, self.status, self.data, self.is_abort, self.message))


def _rebuild(url: str, status: int, data: Any, is_abort: bool, message: str) -> ClientResponseError:
    return ClientResponseError(
        url=url, status=status, data=data, is_abort=is_abort, message=message
    )
