"""The operations the client calls: each a generated descriptor (what the spec says) and how to read its body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from cashfree_instruments_generated.api import (
    PG_CUSTOMER_DELETE_INSTRUMENT,
    PG_CUSTOMER_FETCH_INSTRUMENT,
    PG_CUSTOMER_FETCH_INSTRUMENTS,
    PG_CUSTOMER_INSTRUMENTS_FETCH_CRYPTOGRAM,
    OperationDescriptor,
)
from cashfree_instruments_generated.models import InstrumentType

from ._models import Cryptogram, Instrument, parse_instrument_list, parse_model

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    descriptor: OperationDescriptor
    parse: Callable[[Any], tuple[T, int]]  # body -> (data, items skipped as unreadable)
    extra: dict[str, Any] = field(default_factory=dict)  # fixed arguments of the request builder

    @property
    def method(self) -> str:
        return self.descriptor.method

    @property
    def path_template(self) -> str:  # what logs show: never the ids themselves
        return self.descriptor.path_template

    @property
    def build(self) -> Callable[..., dict[str, Any]]:
        return self.descriptor.build

    @property
    def idempotency_argument(self) -> str | None:
        """The request builder's argument for the x-idempotency-key sent on every attempt, if the call takes one."""
        key = self.descriptor.idempotency_key
        return None if key is None else key.python_name


def _single(model: type[T]) -> Callable[[Any], tuple[T, int]]:
    return lambda body: (parse_model(body, model), 0)


LIST_INSTRUMENTS: Operation[list[Instrument]] = Operation(
    PG_CUSTOMER_FETCH_INSTRUMENTS, parse_instrument_list, {"instrument_type": InstrumentType.CARD}
)
FETCH_INSTRUMENT: Operation[Instrument] = Operation(PG_CUSTOMER_FETCH_INSTRUMENT, _single(Instrument))
DELETE_INSTRUMENT: Operation[Instrument] = Operation(PG_CUSTOMER_DELETE_INSTRUMENT, _single(Instrument))
FETCH_CRYPTOGRAM: Operation[Cryptogram] = Operation(PG_CUSTOMER_INSTRUMENTS_FETCH_CRYPTOGRAM, _single(Cryptogram))
