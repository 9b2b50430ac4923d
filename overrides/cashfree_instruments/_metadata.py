"""What every call tells besides its data: request id, rate limit and idempotency, success or error."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import httpx

T = TypeVar("T")


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _header_values(headers: httpx.Headers) -> dict[str, str]:
    """Every header's value by lower-case name, repeated ones joined as httpx.Headers.get joins them.

    One pass over the headers: each httpx.Headers.get scans them all, and a response's metadata reads nine.
    """
    values: dict[str, str] = {}
    encoding = headers.encoding  # httpx's choice for these headers: multi_items() looks it up twice a header
    for raw_name, raw_value in headers.raw:
        name, value = raw_name.lower().decode(encoding), raw_value.decode(encoding)
        values[name] = f"{values[name]}, {value}" if name in values else value
    return values


def _request_header(response: httpx.Response, name: str) -> str | None:
    """A header of the request `response` answers (None for a response built without one)."""
    try:
        value: str | None = response.request.headers.get(name)
    except RuntimeError:
        return None
    return value


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Cashfree's rate-limit headers as numbers (None when absent or unreadable)."""

    limit: int | None
    remaining: int | None
    retry_after: float | None
    type: str | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit:
        return cls(
            limit=_int_header(headers, "x-ratelimit-limit"),
            remaining=_int_header(headers, "x-ratelimit-remaining"),
            retry_after=retry_after_seconds(headers),
            type=headers.get("x-ratelimit-type"),
        )


@dataclass(frozen=True, slots=True)
class ResponseMetadata:
    """Metadata of one call: of its last attempt's response, with the attempts it took."""

    status_code: int
    request_id: str | None
    api_version: str | None
    rate_limit: RateLimit
    idempotency_key: str | None  # Cashfree's echo of it, else the one the call sent
    idempotency_replayed: bool
    attempts: int
    elapsed: float  # seconds, all attempts and waits included

    @classmethod
    def from_response(
        cls, response: httpx.Response, *, request_id: str, attempts: int, elapsed: float
    ) -> ResponseMetadata:
        headers = _header_values(response.headers)
        return cls(
            status_code=response.status_code,
            request_id=headers.get("x-request-id", request_id),
            api_version=headers.get("x-api-version"),
            rate_limit=RateLimit.from_headers(headers),
            idempotency_key=headers.get("x-idempotency-key") or _request_header(response, "x-idempotency-key"),
            idempotency_replayed=headers.get("x-idempotency-replayed", "").lower() == "true",
            attempts=attempts,
            elapsed=elapsed,
        )


@dataclass(frozen=True, slots=True)
class APIResponse(Generic[T]):
    """A call's parsed data with its metadata, from `client.instruments.with_raw_response`."""

    data: T
    metadata: ResponseMetadata
    http_response: httpx.Response = field(repr=False)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Cashfree's x-ratelimit-retry, else a standard Retry-After (seconds or an HTTP date); None if neither."""
    for name in ("x-ratelimit-retry", "retry-after"):
        value = headers.get(name)
        seconds = None if value is None else _seconds(value, allow_date=name == "retry-after")
        if seconds is not None:
            return seconds
    return None


def _seconds(value: str, *, allow_date: bool) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        if not allow_date:
            return None
        try:
            seconds = max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (ValueError, TypeError):
            return None
    return seconds if seconds >= 0 else None  # also rejects NaN
