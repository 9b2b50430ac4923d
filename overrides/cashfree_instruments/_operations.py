"""The spec's four operations: how to build each request (the generated code) and read its success body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cashfree_instruments_generated.api.token_vault import (
    pg_customer_delete_instrument,
    pg_customer_fetch_instrument,
    pg_customer_fetch_instruments,
    pg_customer_instruments_fetch_cryptogram,
)
from cashfree_instruments_generated.models import InstrumentType

from ._models import Cryptogram, Instrument, parse_instrument_list, parse_model

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    operation_id: str
    method: str
    path_template: str  # what logs show: never the ids themselves
    build: Callable[..., dict[str, Any]]  # the generated request builder
    parse: Callable[[Any], tuple[T, int]]  # body -> (data, items skipped as unreadable)
    extra: dict[str, Any]  # fixed arguments of the builder
    idempotent_by_key: bool = False  # sends an x-idempotency-key (the caller's or a new one) on every attempt


def _single(model: type[T]) -> Callable[[Any], tuple[T, int]]:
    return lambda body: (parse_model(body, model), 0)


_INSTRUMENTS = "/customers/{customer_id}/instruments"

LIST_INSTRUMENTS: Operation[list[Instrument]] = Operation(
    "PGCustomerFetchInstruments",
    "GET",
    _INSTRUMENTS,
    pg_customer_fetch_instruments._get_kwargs,
    parse_instrument_list,
    {"instrument_type": InstrumentType.CARD},
)
FETCH_INSTRUMENT: Operation[Instrument] = Operation(
    "PGCustomerFetchInstrument",
    "GET",
    _INSTRUMENTS + "/{instrument_id}",
    pg_customer_fetch_instrument._get_kwargs,
    _single(Instrument),
    {},
)
DELETE_INSTRUMENT: Operation[Instrument] = Operation(
    "PGCustomerDeleteInstrument",
    "DELETE",
    _INSTRUMENTS + "/{instrument_id}",
    pg_customer_delete_instrument._get_kwargs,
    _single(Instrument),
    {},
    idempotent_by_key=True,
)
FETCH_CRYPTOGRAM: Operation[Cryptogram] = Operation(
    "PGCustomerInstrumentsFetchCryptogram",
    "GET",
    _INSTRUMENTS + "/{instrument_id}/cryptogram",
    pg_customer_instruments_fetch_cryptogram._get_kwargs,
    _single(Cryptogram),
    {},
)
