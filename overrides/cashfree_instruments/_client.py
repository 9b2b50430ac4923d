"""Cashfree: the sync client and its call loop.

Written by `python -m scripts.unasync` from _async_client.py: edit that file, then run the script
(tests/scripts/test_unasync.py fails while this one is stale).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

import httpx

from ._base_client import BaseClient, deadline_error, describe, timeouts_within
from ._config import to_deadline
from ._connections import Pool
from ._exchange import BodyTooLarge, call_deadline
from ._paths import GuardedTransport

if TYPE_CHECKING:
    import uuid

    from cashfree_instruments_generated import Client as GeneratedClient

    from ._metadata import APIResponse
    from ._operations import Operation
    from ._resources import Instruments
    from ._types import Deadline, Timeout

T = TypeVar("T")


class Cashfree(BaseClient[httpx.BaseTransport]):
    """A client of Cashfree's saved card instruments. Thread-safe; keeps its connections alive between calls.

    Credentials are one of: client_id + client_secret; client_id + partner_api_key;
    partner_merchant_id + partner_api_key; client_id + client_signature (a value, or a callable asked for a
    fresh signature on every attempt, such as PublicKeySigner). `api_version` defaults to API_VERSION, the
    version this package was generated for. `transport` replaces the network (e.g. the embedded fake's).
    """

    instruments: Instruments
    _pool: Pool

    def _open(self, transport: httpx.BaseTransport | None) -> None:
        options, config, verify, limits, proxy = (
            self._http_options(),
            self._config,
            self._verify,
            self._limits,
            self._proxy,
        )

        def build() -> httpx.Client:  # once, again in a forked child (or new event loop); holds no client
            from ._network import network_transport

            inner = transport or network_transport(verify, limits, proxy)
            return httpx.Client(**options, transport=GuardedTransport(inner, config))

        self._pool = Pool(build, type(self).__name__, warn_unclosed=transport is None)
        from ._resources import Instruments

        self.instruments = Instruments(self._without_resources())

    @property
    def _http(self) -> httpx.Client:
        return self._pool.http()

    def generated_client(self) -> GeneratedClient:
        """A client for the generated functions that sends through this client's (guarded, authenticated) pool.

        Its with_headers(), with_cookies() and with_timeout() raise ConfigurationError: they would change this pool.
        """
        from ._shared_pool import SharedPoolClient

        return SharedPoolClient(base_url=self.base_url).set_httpx_client(self._http)

    def close(self) -> None:
        if self._owns_http:
            self._pool.close()

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
        deadline: Deadline = None,
        idempotency_key: str | uuid.UUID | None = None,
    ) -> APIResponse[T]:
        pool = self._pool
        http = pool.for_call()
        request, request_id = self._build_request(http, operation, path, request_id, idempotency_key, timeout)
        budget = self._config.deadline if deadline is None else to_deadline(deadline)
        limit = self._config.max_response_bytes
        timeouts = request.extensions["timeout"]
        started = time.monotonic()
        deadline_at = started + budget
        token = call_deadline.set(deadline_at)  # read by the network transport's sockets
        try:
            attempt = 0
            while True:
                left = deadline_at - time.monotonic()
                if left <= 0:  # the last wait overslept
                    raise deadline_error(budget, request, request_id, attempt)
                request.extensions["timeout"] = timeouts_within(timeouts, left)
                attempt += 1
                outcome: httpx.Response | Exception
                try:
                    outcome = pool.exchange(http, request, limit)
                except BodyTooLarge as exc:
                    raise self._too_large(exc, request_id, attempt, started) from None
                except Exception as exc:
                    outcome = exc
                self._log_attempt(operation, request_id, attempt, started, describe(outcome))
                delay = self._retry_delay_after(operation, request, outcome, attempt, deadline_at)
                if delay is None:
                    if isinstance(outcome, Exception):
                        left = deadline_at - time.monotonic()
                        error = self._connection_error(outcome, request, request_id, attempt, budget, left)
                        raise error from error.__cause__
                    return self._read(operation, outcome, request_id, attempt, started)
                time.sleep(delay)
                http = pool.for_call()
        finally:
            call_deadline.reset(token)
