"""Every exception this package raises, in one tree.

    CashfreeError
    ├── ConfigurationError (also ValueError)      bad client configuration, raised at construction
    ├── InvalidArgumentError (also ValueError)    bad call arguments or a request outside the spec, before any I/O
    ├── UsageError (also RuntimeError)            the client is closed, or in use by another open event loop;
    │                                             nothing was sent
    ├── APIConnectionError                        the request did not get a response
    │   └── APITimeoutError                       a timeout, or the call's deadline passed
    ├── UnexpectedError                           an exception that is no network failure while sending (a bug
    │                                             here, in httpx or in a custom transport): the request may have
    │                                             reached the server; the original is __cause__
    ├── APIResponseValidationError                a success response the client cannot understand
    │   └── ResponseTooLargeError                 a body (of any status) over max_response_bytes once decoded
    └── APIStatusError                            Cashfree (or a proxy) answered with an error status
        ├── BadRequestError          400
        ├── AuthenticationError      401
        ├── NotFoundError            404
        ├── ConflictError            409
        ├── IdempotencyError         422
        ├── RateLimitError           429  (.retry_after)
        └── APIError                 5xx, also non-standard ones such as 520

Messages name what went wrong and the request id; they never hold credentials or card data. Errors of a call
with an idempotency key (delete) carry it as `idempotency_key`: retrying with it cannot act twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._server_text import request_id_text, server_text

if TYPE_CHECKING:
    from ._metadata import ResponseMetadata


class CashfreeError(Exception):
    """Root of every exception this package raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (Celery, process pools) would call type(self)(*self.args), which misses the keyword-only
        # arguments: rebuild without __init__ from args and attributes instead, as they were.
        return _rebuild, (type(self), self.args), self.__dict__


def _rebuild(cls: type[CashfreeError], args: tuple[Any, ...]) -> CashfreeError:
    error = cls.__new__(cls)
    error.args = args
    return error


class ConfigurationError(CashfreeError, ValueError):
    """The client's configuration is unusable (credentials, base URL, options)."""


class InvalidArgumentError(CashfreeError, ValueError):
    """A call argument is unusable, or a request would leave for a path outside the spec. Nothing was sent."""


class UsageError(CashfreeError, RuntimeError):
    """The client cannot take the call: it is closed, or (AsyncCashfree) in use by another event loop that is
    still open. Raised before anything is sent."""


class _SendFailure(CashfreeError):
    """A call that ended without a response to read: what both kinds of such failure carry."""

    def __init__(
        self,
        message: str,
        *,
        request_id: str | None = None,
        attempts: int = 1,
        idempotency_key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.attempts = attempts
        self.idempotency_key = idempotency_key


class APIConnectionError(_SendFailure):
    """The request did not get a response: connection refused or reset, DNS, TLS, protocol errors."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool), or the call's deadline passed."""


class UnexpectedError(_SendFailure):
    """An exception that is no network failure while sending: a bug here, in httpx or in a custom transport.
    Whether the request reached the server is unknown. The original is `__cause__`, without its traceback (the
    frames of a send hold the request and its headers)."""


class APIResponseValidationError(CashfreeError):
    """A success response whose body the client cannot understand (not JSON, or not the spec's shape)."""

    def __init__(self, message: str, *, metadata: ResponseMetadata) -> None:
        message = server_text(message)
        request_id = request_id_text(metadata.request_id)
        super().__init__(f"{message} (HTTP {metadata.status_code}, request id {request_id})")
        self.message = message
        self.metadata = metadata
        self.status_code = metadata.status_code
        self.request_id = metadata.request_id

    @property
    def idempotency_key(self) -> str | None:
        return self.metadata.idempotency_key


class ResponseTooLargeError(APIResponseValidationError):
    """The response body (of any status) is larger than the client's max_response_bytes once decoded; it was not
    read further."""


class APIStatusError(CashfreeError):
    """An error status. `code`, `type` and `message` are Cashfree's, when the body carried them: like all server-sent
    text in messages, bounded, with control characters escaped and card-number-like digit runs masked."""

    def __init__(
        self,
        message: str,
        *,
        metadata: ResponseMetadata,
        code: str | None = None,
        type: str | None = None,
        help: str | None = None,
    ) -> None:
        message = server_text(message)
        code, type, help = (None if v is None else server_text(v) for v in (code, type, help))
        details = ", ".join(f"{k} {v}" for k, v in (("type", type), ("code", code)) if v)
        text = f"HTTP {metadata.status_code}: {message}"
        if details:
            text += f" ({details})"
        super().__init__(f"{text} [request id {request_id_text(metadata.request_id)}]")
        self.message = message
        self.metadata = metadata
        self.status_code = metadata.status_code
        self.request_id = metadata.request_id
        self.code = code
        self.type = type
        self.help = help

    @property
    def idempotency_key(self) -> str | None:
        return self.metadata.idempotency_key


class BadRequestError(APIStatusError):
    """400: the request was invalid."""


class AuthenticationError(APIStatusError):
    """401: the credentials were missing or wrong."""


class NotFoundError(APIStatusError):
    """404: no such customer or instrument."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class IdempotencyError(APIStatusError):
    """422: the idempotency key was already used with a different request."""


class RateLimitError(APIStatusError):
    """429: rate limited. `retry_after` is the wait Cashfree asked for, in seconds, when it said."""

    @property
    def retry_after(self) -> float | None:
        return self.metadata.rate_limit.retry_after


class APIError(APIStatusError):
    """5xx: a server error at Cashfree or between (also non-standard statuses such as 520)."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    422: IdempotencyError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return APIError
    return STATUS_ERRORS.get(status_code, APIStatusError)


class ShapeError(Exception):
    """Internal, never raised to users: a JSON value that cannot be read as the model it should be (the client
    re-raises it as APIResponseValidationError). Here rather than in _models, so the client can catch it without
    loading the generated models at import."""
