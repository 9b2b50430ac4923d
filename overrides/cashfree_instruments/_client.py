"""Cashfree and AsyncCashfree: configuration, the request pipeline with retries, and typed errors."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from enum import Enum
from http.cookiejar import CookieJar
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from ._config import (
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_TIMEOUT,
    ClientConfig,
    Verify,
    build_config,
    settings_from_env,
    ssl_context,
    to_timeout,
)
from ._credentials import Signature
from ._environment import Environment
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    CashfreeError,
    ShapeError,
    status_error_class,
)
from ._json import NOT_JSON, load_json
from ._metadata import APIResponse, ResponseMetadata
from ._paths import AsyncGuardedTransport, GuardedTransport, header_value, idempotency_key, path_segment
from ._retry import DEFAULT_MAX_RETRIES
from ._server_text import request_id_text
from ._signature import SignatureAuth
from ._tracebacks import credentials_out_of_tracebacks
from ._version import __version__

# The generated package (and attrs, which its models are built with) is loaded when the first client is made, not
# by `import cashfree_instruments`: it is most of the import's cost (see docs/benchmarks.md).
if TYPE_CHECKING:
    from cashfree_instruments_generated import Client as GeneratedClient

    from ._operations import Operation
    from ._resources import AsyncInstruments, Instruments

logger = logging.getLogger("cashfree_instruments")

T = TypeVar("T")
Timeout = float | httpx.Timeout | None  # None: the client's timeout


class _LazyAsyncio:
    """asyncio.sleep for the retry loop, imported on first use (like asyncio in _AsyncGate): `import asyncio` adds
    ~15 ms to `import cashfree_instruments`, which synchronous users would pay for nothing."""

    @staticmethod
    async def sleep(delay: float) -> None:
        import asyncio

        await asyncio.sleep(delay)


asyncio = _LazyAsyncio()  # the module's `asyncio.sleep` (tests replace it like the real module's)


class _AsyncGate:
    """Lets at most `size` requests into the connection pool at once; the others wait here, first come first in.

    httpcore's pool (1.0.x) rescans every request queued in it against every connection whenever a connection
    frees up, so hundreds of concurrent calls on one client (500 tasks in tests/test_reliability_load.py) burn
    the CPU in that scan and end in PoolTimeouts. Waiting here is cheap; the pool timeout still bounds it.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._loop: object = None
        self._semaphore: Any = None

    async def send(self, http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        import asyncio as aio

        loop = aio.get_running_loop()
        if self._loop is not loop:  # a semaphore belongs to one event loop
            self._loop, self._semaphore = loop, aio.Semaphore(self._size)
        semaphore = self._semaphore
        if semaphore.locked():
            try:
                await aio.wait_for(semaphore.acquire(), request.extensions.get("timeout", {}).get("pool"))
            except TimeoutError:
                raise httpx.PoolTimeout("no free connection within the pool timeout", request=request) from None
        else:
            await semaphore.acquire()
        try:
            return await http.send(request)
        finally:
            semaphore.release()


class _NoCookies(CookieJar):
    """Keeps no cookies, so sends none. Cashfree authenticates by headers; a cookie one response sets (a proxy's,
    say) has no business on the next call, possibly for another customer. Like the official SDK. It also spares
    httpx re-reading every response's headers into an email.message.Message for cookies (~7 µs a call)."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


class _BaseClient:
    """What Cashfree and AsyncCashfree share: configuration, building requests, reading responses."""

    _config: ClientConfig
    _owns_http: bool  # False for with_options() clients: they share their parent's pool
    instruments: Any  # each subclass declares its resource class

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
        verify: Verify = True,
        allow_insecure_http: bool = False,
    ) -> None:
        self._config = build_config(
            client_id=client_id,
            client_secret=client_secret,
            partner_api_key=partner_api_key,
            partner_merchant_id=partner_merchant_id,
            client_signature=client_signature,
            environment=environment,
            base_url=base_url,
            api_version=api_version,
            max_retries=max_retries,
            timeout=timeout,
            allow_insecure_http=allow_insecure_http,
        )
        self._verify = ssl_context(verify)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def api_version(self) -> str:
        return self._config.api_version

    @property
    def max_retries(self) -> int:
        return self._config.retry.max_retries

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
    ) -> Self:
        """A client with these options changed that shares this one's connection pool."""
        derived = object.__new__(type(self))
        derived.__dict__.update(self.__dict__)
        derived._config = self._config.with_changes(max_retries=max_retries, timeout=timeout, api_version=api_version)
        derived._owns_http = False
        derived.instruments = type(self.instruments)(derived)
        return derived

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
            "headers": {"user-agent": f"cashfree-instruments/{__version__}"},  # the credentials: see GuardedTransport
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
        request_id = str(uuid.uuid4()) if request_id is None else header_value("request_id", request_id)
        arguments: dict[str, Any] = {name: path_segment(name, value) for name, value in path.items()}
        if operation.idempotency_argument is not None:
            arguments[operation.idempotency_argument] = idempotency_key(idempotency)
        kwargs = operation.build(
            **arguments, **operation.extra, x_api_version=self._config.api_version, x_request_id=request_id
        )
        request = http.build_request(**kwargs, timeout=self._config.timeout if timeout is None else to_timeout(timeout))
        return request, request_id

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
    ) -> float | None:
        retry = self._config.retry
        if isinstance(outcome, httpx.Response):
            delay = retry.delay_after_response(request, outcome, attempt)
        else:
            delay = retry.delay_after_exception(request, outcome, attempt)
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

    @staticmethod
    def _connection_error(exc: Exception, request_id: str, attempts: int) -> CashfreeError:
        if not isinstance(exc, httpx.HTTPError):
            return (
                exc
                if isinstance(exc, CashfreeError)
                else APIConnectionError(
                    f"request failed: {type(exc).__name__}", request_id=request_id, attempts=attempts
                )
            )
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        return kind(
            f"{type(exc).__name__}: {exc} [request id {request_id}, {attempts} attempt(s)]",
            request_id=request_id,
            attempts=attempts,
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
        # httpcore's stream of a real connection keeps the request as sent, credentials included (GuardedTransport):
        # the response handed out keeps its body alone.
        response.stream = httpx.ByteStream(response.content)
        return APIResponse(data=data, metadata=metadata, http_response=response)


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


class Cashfree(_BaseClient):
    """A client of Cashfree's saved card instruments. Thread-safe; keeps its connections alive between calls.

    Credentials are one of: client_id + client_secret; client_id + partner_api_key;
    partner_merchant_id + partner_api_key; client_id + client_signature (a value, or a callable asked for a
    fresh signature on every attempt, such as PublicKeySigner). `api_version` defaults to API_VERSION, the
    version this package was generated for. `transport` replaces the network (e.g. the embedded fake's).
    """

    instruments: Instruments

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
        verify: Verify = True,
        allow_insecure_http: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            client_id,
            client_secret,
            partner_api_key=partner_api_key,
            partner_merchant_id=partner_merchant_id,
            client_signature=client_signature,
            environment=environment,
            base_url=base_url,
            api_version=api_version,
            max_retries=max_retries,
            timeout=timeout,
            verify=verify,
            allow_insecure_http=allow_insecure_http,
        )
        inner = transport or httpx.HTTPTransport(verify=self._verify, limits=DEFAULT_CONNECTION_LIMITS)
        self._http = httpx.Client(**self._http_options(), transport=GuardedTransport(inner, self._config))
        self._owns_http = True
        from ._resources import Instruments

        self.instruments = Instruments(self)

    def generated_client(self) -> GeneratedClient:
        """A client for the generated functions that sends through this client's (guarded, authenticated) pool.

        Its with_headers(), with_cookies() and with_timeout() raise ConfigurationError: they would change this pool.
        """
        from ._shared_pool import SharedPoolClient

        return SharedPoolClient(base_url=self.base_url).set_httpx_client(self._http)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Cashfree:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(
        self,
        operation: Operation[T],
        path: Mapping[str, str],
        *,
        request_id: str | None,
        timeout: Timeout,
        idempotency_key: str | uuid.UUID | None = None,
    ) -> APIResponse[T]:
        request, request_id = self._build_request(self._http, operation, path, request_id, idempotency_key, timeout)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            outcome: httpx.Response | Exception
            try:
                outcome = self._http.send(request)
            except Exception as exc:
                outcome = exc
            self._log_attempt(operation, request_id, attempt, started, _describe(outcome))
            delay = self._retry_delay_after(operation, request, outcome, attempt)
            if delay is None:
                if isinstance(outcome, Exception):
                    raise self._connection_error(outcome, request_id, attempt) from None
                return self._read(operation, outcome, request_id, attempt, started)
            if isinstance(outcome, httpx.Response):
                outcome.close()
            time.sleep(delay)


class AsyncCashfree(_BaseClient):
    """The asyncio twin of Cashfree: the same arguments and calls, awaited."""

    instruments: AsyncInstruments

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
        verify: Verify = True,
        allow_insecure_http: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            client_id,
            client_secret,
            partner_api_key=partner_api_key,
            partner_merchant_id=partner_merchant_id,
            client_signature=client_signature,
            environment=environment,
            base_url=base_url,
            api_version=api_version,
            max_retries=max_retries,
            timeout=timeout,
            verify=verify,
            allow_insecure_http=allow_insecure_http,
        )
        inner = transport or httpx.AsyncHTTPTransport(verify=self._verify, limits=DEFAULT_CONNECTION_LIMITS)
        self._http = httpx.AsyncClient(**self._http_options(), transport=AsyncGuardedTransport(inner, self._config))
        self._gate = _AsyncGate(DEFAULT_CONNECTION_LIMITS.max_connections or 100)  # shared by with_options()
        self._owns_http = True
        from ._resources import AsyncInstruments

        self.instruments = AsyncInstruments(self)

    def generated_client(self) -> GeneratedClient:
        """A client for the generated asyncio functions that sends through this client's pool (see Cashfree's)."""
        from ._shared_pool import SharedPoolClient

        return SharedPoolClient(base_url=self.base_url).set_async_httpx_client(self._http)

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncCashfree:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _call(
        self,
        operation: Operation[T],
        path: Mapping[str, str],
        *,
        request_id: str | None,
        timeout: Timeout,
        idempotency_key: str | uuid.UUID | None = None,
    ) -> APIResponse[T]:
        request, request_id = self._build_request(self._http, operation, path, request_id, idempotency_key, timeout)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            outcome: httpx.Response | Exception
            try:
                outcome = await self._gate.send(self._http, request)
            except Exception as exc:
                outcome = exc
            self._log_attempt(operation, request_id, attempt, started, _describe(outcome))
            delay = self._retry_delay_after(operation, request, outcome, attempt)
            if delay is None:
                if isinstance(outcome, Exception):
                    raise self._connection_error(outcome, request_id, attempt) from None
                return self._read(operation, outcome, request_id, attempt, started)
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()
            await asyncio.sleep(delay)


def _describe(outcome: httpx.Response | Exception) -> str:
    return str(outcome.status_code) if isinstance(outcome, httpx.Response) else type(outcome).__name__
