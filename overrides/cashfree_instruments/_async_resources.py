"""`client.instruments`: the four operations, plain or `.with_raw_response` (data with metadata).

The asyncio resources, written by hand; `python -m scripts.unasync` writes _resources.py, the sync ones, from
this file (tests/scripts/test_unasync.py fails when it is stale). A plain method is its raw twin's `.data`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ._metadata import APIResponse
from ._models import Cryptogram, Instrument
from ._operations import DELETE_INSTRUMENT, FETCH_CRYPTOGRAM, FETCH_INSTRUMENT, LIST_INSTRUMENTS
from ._plain import AsyncPlain
from ._token_expiry import moment_or_now, usable_instruments
from ._types import AsyncCaller, Deadline, Timeout

if TYPE_CHECKING:
    import uuid

InstrumentList = list[Instrument]  # `list` is a method name in the classes below


class AsyncInstrumentsWithRawResponse:
    """Each call returns an APIResponse: `.data`, `.metadata` (request id, rate limit, idempotency)."""

    def __init__(self, client: AsyncCaller) -> None:
        self._client = client

    async def list(
        self, customer_id: str, *, request_id: str | None = None, timeout: Timeout = None, deadline: Deadline = None
    ) -> APIResponse[InstrumentList]:
        """The customer's saved cards, usable or not (see list_usable)."""
        path = {"customer_id": customer_id}
        return await self._client._call(
            LIST_INSTRUMENTS, path, request_id=request_id, timeout=timeout, deadline=deadline
        )

    async def get(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> APIResponse[Instrument]:
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return await self._client._call(
            FETCH_INSTRUMENT, path, request_id=request_id, timeout=timeout, deadline=deadline
        )

    async def delete(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        idempotency_key: str | uuid.UUID | None = None,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> APIResponse[Instrument]:
        """Deletes the instrument; returns it as it was. Retries reuse one idempotency key (yours or a new one)."""
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return await self._client._call(
            DELETE_INSTRUMENT,
            path,
            request_id=request_id,
            timeout=timeout,
            deadline=deadline,
            idempotency_key=idempotency_key,
        )

    async def cryptogram(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> APIResponse[Cryptogram]:
        """A cryptogram to pay with the saved card. Card data: never log it."""
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return await self._client._call(
            FETCH_CRYPTOGRAM, path, request_id=request_id, timeout=timeout, deadline=deadline
        )


class AsyncInstruments:
    """A customer's saved card instruments."""

    def __init__(self, client: AsyncCaller) -> None:
        self.with_raw_response = AsyncInstrumentsWithRawResponse(client)

    list = AsyncPlain(AsyncInstrumentsWithRawResponse.list)
    get = AsyncPlain(AsyncInstrumentsWithRawResponse.get)
    delete = AsyncPlain(AsyncInstrumentsWithRawResponse.delete)
    cryptogram = AsyncPlain(AsyncInstrumentsWithRawResponse.cryptogram)

    async def list_usable(
        self,
        customer_id: str,
        *,
        at: datetime | None = None,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> InstrumentList:
        """The saved cards a checkout may show: ACTIVE with a token unexpired at `at` (default: now)."""
        moment = moment_or_now(at)  # checked before the request is sent
        instruments = await self.list(customer_id, request_id=request_id, timeout=timeout, deadline=deadline)
        return usable_instruments(instruments, moment)
