"""The per-call options' types, and what the resources call through (a client, without naming its class)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

import httpx

if TYPE_CHECKING:
    import uuid

    from ._metadata import APIResponse
    from ._operations import Operation

T = TypeVar("T")
Timeout = float | httpx.Timeout | None  # None: the client's timeout
Deadline = float | None  # None: the client's deadline


class Caller(Protocol):
    def _call(
        self,
        operation: Operation[T],
        path: Mapping[str, str],
        *,
        request_id: str | None,
        timeout: Timeout,
        deadline: Deadline = None,
        idempotency_key: str | uuid.UUID | None = None,
    ) -> APIResponse[T]: ...


class AsyncCaller(Protocol):
    async def _call(
        self,
        operation: Operation[T],
        path: Mapping[str, str],
        *,
        request_id: str | None,
        timeout: Timeout,
        deadline: Deadline = None,
        idempotency_key: str | uuid.UUID | None = None,
    ) -> APIResponse[T]: ...
