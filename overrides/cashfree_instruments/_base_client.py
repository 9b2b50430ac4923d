"""What Cashfree and AsyncCashfree share: configuration, building requests, retry decisions, reading responses
into data or typed errors. Each client's call loop is in _async_client.py (the sync one is written from it)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from enum import Enum
from http.cookiejar import CookieJar
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from ._config import (
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    ProxyOption,
    Verify,
    checked_api_version,
    network_proxy,
    pinned_api_version,
    resolve_base_url,
    settings_from_env,
    ssl_context,
    to_deadline,
    to_limits,
    to_max_response_bytes,
    to_timeout,
    to_trust_env,
)
from ._connections import AsyncPool, Pool
from ._credentials import Credentials, Signature
from ._environment import Environment
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    CashfreeError,
    ResponseTooLargeError,
    ShapeError,
    UnexpectedError,
    UsageError,
    status_error_class,
)
from ._exchange import ACCEPT_ENCODING, BodyTooLarge
from ._json import NOT_JSON, load_json
from ._metadata import APIResponse, ResponseMetadata
from ._paths import header_value, idempotency_key, path_segment, uuid4_text
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._server_text import request_id_text
from ._signature import SignatureAuth
from ._tracebacks import credentials_out_of_tracebacks
from ._types import Timeout
from ._version import __version__

# The generated package (and attrs, which its models are built with) is loaded when the first client is made, not
# by `import cashfree_instruments`: it is most of the import's cost (see docs/benchmarks.md).
if TYPE_CHECKING:
    import uuid

    from ._operations import Operation

logger = logging.getLogger("cashfree_instruments")

T = TypeVar("T")
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)


class _NoCookies(CookieJar):
    """Keeps no cookies, so sends none. Cashfree authenticates by headers; a cookie one response sets (a proxy's,
    say) has no business on the next call, possibly for another customer. Like the official SDK. It also spares
    httpx re-reading every response's headers into an email.message.Message for cookies (~7 µs a call)."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


class BaseClient(Generic[TransportT]):
    """What Cashfree and AsyncCashfree share: configuration, building requests, reading responses."""

    _config: ClientConfig
    _pool: Pool | AsyncPool  # shared with with_options() clients
    _owns_http: bool  # False for with_options() clients: they share their parent's pool
    instruments: Any  # each subclass declares its resource class

    @credentials_out_of_tracebacks
    def __init__(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        *,
        partner_api_key: str | None = None,
        partner_merchant_id: str | None = None,
        client_signature: Signature | None = None,
        environment: Environment | str = Environment.SANDBOX,
        base_url: str | None = None,
        api_version: str | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        limits: httpx.Limits = DEFAULT_CONNECTION_LIMITS,
        verify: Verify = True,
        proxy: ProxyOption | None = None,
        trust_env: bool = True,
        allow_insecure_http: bool = False,
        transport: TransportT | None = None,
    ) -> None:
        self._config = ClientConfig(
            credentials=Credentials(client_id, client_secret, partner_api_key, partner_merchant_id, client_signature),
            base_url=resolve_base_url(environment, base_url, allow_insecure_http),
            api_version=checked_api_version(pinned_api_version() if api_version is None else api_version),
            retry=RetryPolicy(max_retries=max_retries),
            timeout=to_timeout(timeout),
            deadline=to_deadline(deadline),
            max_response_bytes=to_max_response_bytes(max_response_bytes),
        )
        self._limits = to_limits(limits)
        trust_env = to_trust_env(trust_env)
        self._verify = ssl_context(verify, trust_env)
        self._proxy = network_proxy(proxy, self._config.base_url, trust_env, transport)
        self._open(transport)
        self._owns_http = True

    def _open(self, transport: TransportT | None) -> None:
        """Make the connection pool (through `transport` if given) and the resources."""
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def api_version(self) -> str:
        return self._config.api_version

    @property
    def max_retries(self) -> int:
        return self._config.retry.max_retries

    @property
    def deadline(self) -> float:
        """Seconds a call may take in all: attempts, waits between them and reading the body."""
        return self._config.deadline

    @property
    def max_response_bytes(self) -> int:
        """The most bytes a response body may have, once decoded."""
        return self._config.max_response_bytes

    @classmethod
    @credentials_out_of_tracebacks
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """A client configured from the CASHFREE_* environment variables (see README), then `overrides`."""
        return cls(**{**settings_from_env(environ), **overrides})

    def with_options(
        self,
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        api_version: str | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> Self:
        """A client with these options changed that shares this one's connection pool."""
        derived = object.__new__(type(self))
        derived.__dict__.update(self.__dict__)
        derived._config = self._config.with_changes(
            max_retries=max_retries,
            timeout=timeout,
            api_version=api_version,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
        )
        derived._owns_http = False
        derived.instruments = type(self.instruments)(derived._without_resources())
        return derived

    def _without_resources(self) -> Self:
        """This client without its `instruments`, for them to call through: holding the client itself would make
        a reference cycle, and a dropped client would keep its sockets open until the cyclic GC ran."""
        engine = object.__new__(type(self))
        engine.__dict__.update(self.__dict__)
        engine.__dict__.pop("instruments", None)
        return engine

    def __repr__(self) -> str:
        credentials = self._config.credentials
        who = credentials.client_id or credentials.partner_merchant_id
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, client_id={who!r}, "
            f"api_version={self.api_version!r}, max_retries={self.max_retries})"
        )

    def _http_options(self) -> dict[str, Any]:
        signature = self._config.credentials.client_signature
        return {
            "auth": None if signature is None else SignatureAuth(signature),
            "base_url": self._config.base_url,
            "headers": {  # the credentials: see GuardedTransport
                "user-agent": f"cashfree-instruments/{__version__}",
                "accept-encoding": ACCEPT_ENCODING,  # what the client decodes within max_response_bytes
            },
            "timeout": self._config.timeout,
            "follow_redirects": False,
            "cookies": _NoCookies(),
        }

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation[Any],
        path: Mapping[str, str],
        request_id: str | None,
        idempotency: str | uuid.UUID | None,
        timeout: Timeout,
    ) -> tuple[httpx.Request, str]:
        request_id = uuid4_text() if request_id is None else header_value("request_id", request_id)
        arguments: dict[str, Any] = {name: path_segment(name, value) for name, value in path.items()}
        if operation.idempotency_argument is not None:
            arguments[operation.idempotency_argument] = idempotency_key(idempotency)
        kwargs = operation.build(
            **arguments, **operation.extra, x_api_version=self._config.api_version, x_request_id=request_id
        )
        return new_request(http, kwargs, self._config.timeout if timeout is None else to_timeout(timeout)), request_id

    def _log_attempt(
        self, operation: Operation[Any], request_id: str, attempt: int, started: float, outcome: str
    ) -> None:
        logger.debug(
            "%s %s -> %s request_id=%s attempt=%d elapsed=%.3fs",
            operation.method,
            operation.path_template,
            outcome,
            request_id,
            attempt,
            time.monotonic() - started,
        )

    def _retry_delay_after(
        self,
        operation: Operation[Any],
        request: httpx.Request,
        outcome: httpx.Response | Exception,
        attempt: int,
        deadline_at: float,
    ) -> float | None:
        retry = self._config.retry
        if isinstance(outcome, httpx.Response):
            delay = retry.delay_after_response(request, outcome, attempt)
        else:
            delay = retry.delay_after_exception(request, outcome, attempt)
        if delay is not None and time.monotonic() + delay >= deadline_at:
            logger.info(
                "not retrying %s %s: waiting %.2fs would pass the call's deadline",
                operation.method,
                operation.path_template,
                delay,
            )
            return None
        if delay is not None:
            logger.info(
                "retrying %s %s in %.2fs (attempt %d of %d)",
                operation.method,
                operation.path_template,
                delay,
                attempt + 1,
                retry.max_retries + 1,
            )
        return delay

    def _connection_error(
        self, exc: Exception, request: httpx.Request, request_id: str, attempts: int, deadline: float, left: float
    ) -> CashfreeError:
        """The error to raise for a call whose last attempt raised `exc`, `left` seconds before its deadline.

        Raise it `from` its __cause__: that of an UnexpectedError is the original exception."""
        if isinstance(exc, CashfreeError):
            return exc
        where = f"[request id {request_id}, {attempts} attempt(s)]"
        key = request.headers.get("x-idempotency-key")
        if not isinstance(exc, httpx.HTTPError):
            if self._pool.closed:
                return UsageError(f"the client was closed during the call {where}")
            error = UnexpectedError(
                f"unexpected {type(exc).__name__} while sending the request; it may have reached the server {where}",
                request_id=request_id,
                attempts=attempts,
                idempotency_key=key,
            )
            error.__cause__ = exc.with_traceback(None)
            return error
        if isinstance(exc, httpx.TimeoutException) and left < _DEADLINE_TOLERANCE:
            return deadline_error(deadline, request, request_id, attempts)
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        return kind(
            f"{type(exc).__name__}: {exc} {where}", request_id=request_id, attempts=attempts, idempotency_key=key
        )

    def _too_large(self, exc: BodyTooLarge, request_id: str, attempts: int, started: float) -> ResponseTooLargeError:
        metadata = ResponseMetadata.from_response(
            exc.response, request_id=request_id, attempts=attempts, elapsed=time.monotonic() - started
        )
        return ResponseTooLargeError(
            f"the response body is larger than max_response_bytes ({exc.limit} bytes) once decoded",
            metadata=metadata,
        )

    def _read(
        self,
        operation: Operation[T],
        response: httpx.Response,
        request_id: str,
        attempts: int,
        started: float,
    ) -> APIResponse[T]:
        metadata = ResponseMetadata.from_response(
            response, request_id=request_id, attempts=attempts, elapsed=time.monotonic() - started
        )
        if not response.is_success:
            raise _status_error(response, metadata)
        parsed = _parse_body(operation, response)
        if isinstance(parsed, str):
            raise APIResponseValidationError(parsed, metadata=metadata)
        data, skipped = parsed
        if skipped:
            logger.warning(
                "%s %s: skipped %d unreadable item(s) request_id=%s",
                operation.method,
                operation.path_template,
                skipped,
                request_id_text(metadata.request_id),
            )
        return APIResponse(data=data, metadata=metadata, http_response=response)


class _NoBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The body of a request without one: no piece at all."""

    def __iter__(self) -> Iterator[bytes]:
        return iter(())

    async def __aiter__(self) -> AsyncIterator[bytes]:
        return
        yield  # an async generator of nothing


_NO_BODY = _NoBody()
_BODILESS = frozenset(("method", "url", "params", "headers"))  # what a bodiless operation's builder returns


def new_request(
    http: httpx.Client | httpx.AsyncClient, kwargs: Mapping[str, Any], timeout: httpx.Timeout
) -> httpx.Request:
    """What `http.build_request(**kwargs, timeout=timeout)` makes of a generated request builder's `kwargs` (its
    path ids checked by path_segment), in a fraction of its time: the client's cookie jar is empty (_NoCookies),
    the builders' headers never name one of the client's, their paths come percent-encoded, and their requests
    have no body, so they need neither httpx's URL parser, which checks each character again, nor its merging,
    nor its body encoding, which looks the headers up again and again (tests/unit/client/test_client_fast_path.py
    checks that the two agree). A request with more (a body, say: none of the spec's has one) is httpx's to build."""
    if kwargs.keys() - _BODILESS:
        return http.build_request(**kwargs, timeout=timeout)
    params = kwargs.get("params")
    base = http.base_url._uri_reference
    url = object.__new__(httpx.URL)
    url._uri_reference = base._replace(
        path=f"{base.path.rstrip('/')}/{kwargs['url'].lstrip('/')}",
        query=str(httpx.QueryParams(params)) if params else None,
        fragment=None,
    )
    request = object.__new__(httpx.Request)
    request.method = kwargs["method"].upper()
    request.url = url
    # As httpx orders them: Host, the client's headers, the request's (ASCII, as httpx encodes them by default).
    own = [(name.encode("ascii"), value.encode("ascii")) for name, value in kwargs.get("headers", {}).items()]
    request.headers = httpx.Headers([(b"Host", url.netloc), *http.headers.raw, *own])
    request.extensions = {"timeout": timeout.as_dict()}
    request.stream = _NO_BODY  # not httpx's ByteStream(b""), which makes httpcore send an empty piece of body
    request._content = b""
    return request


def _parse_body(operation: Operation[T], response: httpx.Response) -> tuple[T, int] | str:
    """The body parsed (data, items skipped), or why it cannot be.

    In a frame of its own that has ended before the client raises: the decoded body (card data, for a cryptogram)
    and the exception that saw it stay out of the raised error's traceback and context, which error trackers upload.
    """
    body = load_json(response.content)
    if body is NOT_JSON:
        return f"the response body is not JSON (content-type {response.headers.get('content-type')!r})"
    try:
        return operation.parse(body)
    except ShapeError as exc:
        return f"the response does not match the spec: {exc}"


def _status_error(response: httpx.Response, metadata: ResponseMetadata) -> APIStatusError:
    error_class = status_error_class(response.status_code)
    body = load_json(response.content)
    from ._models import parse_error  # loaded by now: the client's resources import it

    error = parse_error(body) if isinstance(body, dict) else None
    if error is None:
        content_type = response.headers.get("content-type", "no content-type")
        return error_class(
            f"{response.reason_phrase or 'error'} with a non-Cashfree body ({content_type})",
            metadata=metadata,
        )

    def text(value: object) -> str | None:
        if isinstance(value, Enum):
            value = value.value
        return value if isinstance(value, str) else None

    return error_class(
        text(error.message) or response.reason_phrase or "error",
        metadata=metadata,
        code=text(error.code),
        type=text(error.type_),
        help=text(error.help_),
    )


def describe(outcome: httpx.Response | Exception) -> str:
    return str(outcome.status_code) if isinstance(outcome, httpx.Response) else type(outcome).__name__


# A timeout this close to the deadline is the deadline's: socket timers fire at their time or later, never sooner
# by more than the clock's resolution.
_DEADLINE_TOLERANCE = 0.001


def timeouts_within(timeouts: Mapping[str, float | None], left: float) -> dict[str, float | None]:
    """Each phase's timeout, cut to the time `left` before the call's deadline."""
    return {phase: left if value is None or value > left else value for phase, value in timeouts.items()}


def deadline_error(deadline: float, request: httpx.Request, request_id: str, attempts: int) -> APITimeoutError:
    return APITimeoutError(
        f"the call's deadline of {deadline:g}s has passed [request id {request_id}, {attempts} attempt(s)]",
        request_id=request_id,
        attempts=attempts,
        idempotency_key=request.headers.get("x-idempotency-key"),
    )
