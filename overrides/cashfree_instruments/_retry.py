"""The one retry policy: what is retried, how long to wait, and when to give up instead."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from ._errors import ConfigurationError
from ._metadata import retry_after_seconds

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5  # seconds, before the first retry
MAX_RETRY_DELAY = 8.0  # cap of the exponential backoff
JITTER = 0.25  # a delay is shortened by up to this fraction, so clients do not retry in step
MAX_RATE_LIMIT_WAIT = 30.0  # a 429 asking for a longer wait raises RateLimitError instead of sleeping
RETRYABLE_STATUS_CODES = frozenset({429, 500, 502, 503, 504})
RETRYABLE_EXCEPTIONS = (httpx.TransportError,)  # connection errors, resets, protocol errors and timeouts


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = DEFAULT_MAX_RETRIES
    max_rate_limit_wait: float = MAX_RATE_LIMIT_WAIT

    def __post_init__(self) -> None:
        # Checked here so every client and with_options() share the rule.
        if not isinstance(self.max_retries, int) or isinstance(self.max_retries, bool) or self.max_retries < 0:
            raise ConfigurationError(f"max_retries must be a whole number >= 0, got {self.max_retries!r}")

    def delay_after_response(self, request: httpx.Request, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying after `response` to attempt number `attempt` (1-based); None: don't."""
        if response.status_code not in RETRYABLE_STATUS_CODES or not self._may_retry(request, attempt):
            return None
        if response.status_code == 429:
            wait = retry_after_seconds(response.headers)
            if wait is not None:
                return wait if wait <= self.max_rate_limit_wait else None
        return backoff(attempt)

    def delay_after_exception(self, request: httpx.Request, exc: Exception, attempt: int) -> float | None:
        if not isinstance(exc, RETRYABLE_EXCEPTIONS) or not self._may_retry(request, attempt):
            return None
        return backoff(attempt)

    def _may_retry(self, request: httpx.Request, attempt: int) -> bool:
        # Only what is safe to repeat: reads, and writes that carry their idempotency key.
        safe = request.method == "GET" or "x-idempotency-key" in request.headers
        return safe and attempt <= self.max_retries


def backoff(attempt: int) -> float:
    # The exponent is bounded: 2.0 ** 1024 overflows, and any exponent past the cap gives the cap anyway.
    delay = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0 ** min(attempt - 1, 64))
    return delay * (1 - JITTER * random.random())  # noqa: S311 - jitter, not security
