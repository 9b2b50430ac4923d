"""`client.instruments`: the four operations, plain or `.with_raw_response` (data with metadata)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from ._metadata import APIResponse
from ._models import Cryptogram, Instrument
from ._operations import DELETE_INSTRUMENT, FETCH_CRYPTOGRAM, FETCH_INSTRUMENT, LIST_INSTRUMENTS
from ._token_expiry import moment_or_now, usable_instruments

if TYPE_CHECKING:
    from ._client import AsyncCashfree, Cashfree, Deadline, Timeout

InstrumentList = list[Instrument]  # `list` is a method name in the classes below


class InstrumentsWithRawResponse:
    """Each call returns an APIResponse: `.data`, `.metadata` (request id, rate limit, idempotency)."""

    def __init__(self, client: Cashfree) -> None:
        self._client = client

    def list(
        self, customer_id: str, *, request_id: str | None = None, timeout: Timeout = None, deadline: Deadline = None
    ) -> APIResponse[InstrumentList]:
        path = {"customer_id": customer_id}
        return self._client._call(LIST_INSTRUMENTS, path, request_id=request_id, timeout=timeout, deadline=deadline)

    def get(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> APIResponse[Instrument]:
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return self._client._call(FETCH_INSTRUMENT, path, request_id=request_id, timeout=timeout, deadline=deadline)

    def delete(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        idempotency_key: str | uuid.UUID | None = None,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> APIResponse[Instrument]:
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return self._client._call(
            DELETE_INSTRUMENT,
            path,
            request_id=request_id,
            timeout=timeout,
            deadline=deadline,
            idempotency_key=idempotency_key,
        )

    def cryptogram(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> APIResponse[Cryptogram]:
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return self._client._call(FETCH_CRYPTOGRAM, path, request_id=request_id, timeout=timeout, deadline=deadline)


class Instruments:
    """A customer's saved card instruments."""

    def __init__(self, client: Cashfree) -> None:
        self.with_raw_response = InstrumentsWithRawResponse(client)

    def list(
        self, customer_id: str, *, request_id: str | None = None, timeout: Timeout = None, deadline: Deadline = None
    ) -> InstrumentList:
        """The customer's saved cards, usable or not (see list_usable)."""
        return self.with_raw_response.list(customer_id, request_id=request_id, timeout=timeout, deadline=deadline).data

    def list_usable(
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
        return usable_instruments(
            self.list(customer_id, request_id=request_id, timeout=timeout, deadline=deadline), moment
        )

    def get(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> Instrument:
        return self.with_raw_response.get(
            customer_id, instrument_id, request_id=request_id, timeout=timeout, deadline=deadline
        ).data

    def delete(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        idempotency_key: str | uuid.UUID | None = None,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> Instrument:
        """Deletes the instrument; returns it as it was. Retries reuse one idempotency key (yours or a new one)."""
        return self.with_raw_response.delete(
            customer_id,
            instrument_id,
            idempotency_key=idempotency_key,
            request_id=request_id,
            timeout=timeout,
            deadline=deadline,
        ).data

    def cryptogram(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> Cryptogram:
        """A cryptogram to pay with the saved card. Card data: never log it."""
        return self.with_raw_response.cryptogram(
            customer_id, instrument_id, request_id=request_id, timeout=timeout, deadline=deadline
        ).data


class AsyncInstrumentsWithRawResponse:
    """Each call returns an APIResponse: `.data`, `.metadata` (request id, rate limit, idempotency)."""

    def __init__(self, client: AsyncCashfree) -> None:
        self._client = client

    async def list(
        self, customer_id: str, *, request_id: str | None = None, timeout: Timeout = None, deadline: Deadline = None
    ) -> APIResponse[InstrumentList]:
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
        path = {"customer_id": customer_id, "instrument_id": instrument_id}
        return await self._client._call(
            FETCH_CRYPTOGRAM, path, request_id=request_id, timeout=timeout, deadline=deadline
        )


class AsyncInstruments:
    """A customer's saved card instruments, for asyncio."""

    def __init__(self, client: AsyncCashfree) -> None:
        self.with_raw_response = AsyncInstrumentsWithRawResponse(client)

    async def list(
        self, customer_id: str, *, request_id: str | None = None, timeout: Timeout = None, deadline: Deadline = None
    ) -> InstrumentList:
        """The customer's saved cards, usable or not (see list_usable)."""
        return (
            await self.with_raw_response.list(customer_id, request_id=request_id, timeout=timeout, deadline=deadline)
        ).data

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
        return usable_instruments(
            await self.list(customer_id, request_id=request_id, timeout=timeout, deadline=deadline), moment
        )

    async def get(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> Instrument:
        response = await self.with_raw_response.get(
            customer_id, instrument_id, request_id=request_id, timeout=timeout, deadline=deadline
        )
        return response.data

    async def delete(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        idempotency_key: str | uuid.UUID | None = None,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> Instrument:
        """Deletes the instrument; returns it as it was. Retries reuse one idempotency key (yours or a new one)."""
        response = await self.with_raw_response.delete(
            customer_id,
            instrument_id,
            idempotency_key=idempotency_key,
            request_id=request_id,
            timeout=timeout,
            deadline=deadline,
        )
        return response.data

    async def cryptogram(
        self,
        customer_id: str,
        instrument_id: str,
        *,
        request_id: str | None = None,
        timeout: Timeout = None,
        deadline: Deadline = None,
    ) -> Cryptogram:
        """A cryptogram to pay with the saved card. Card data: never log it."""
        response = await self.with_raw_response.cryptogram(
            customer_id, instrument_id, request_id=request_id, timeout=timeout, deadline=deadline
        )
        return response.data
