"""Opt-in faults: the next N matching calls get an error status, a delay, or both."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from cashfree_instruments_generated.api import OPERATIONS

# An operation by its generated name (pg_customer_fetch_instrument) or its spec operationId
# (PGCustomerFetchInstrument): the generator derives the first from the second by snake-casing it.
_OPERATION_IDS = {operation.operation_id.replace("_", ""): operation.operation_id for operation in OPERATIONS}


def operation_id(name: str) -> str:
    """The generated operation id `name` spells; ValueError when it names no operation."""
    found = _OPERATION_IDS.get(name.replace("_", "").lower())
    if found is None:
        raise ValueError(f"unknown operation {name!r}; one of {', '.join(_OPERATION_IDS.values())}")
    return found


@frozen
class Fault:
    """What one faulted call gets. `status=None` means a delay only, then the normal answer."""

    status: int | None
    operation: str | None = None  # a generated operation id
    retry_after: int = 1
    delay: float = 0.0
    body: Any = None
    headers: Mapping[str, str] = field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError(f"status must be an error status (400-599) or None, got {self.status}")
        if self.delay < 0 or self.retry_after < 0:
            raise ValueError("delay and retry_after must not be negative")


class Faults:
    """Injected faults, first injected first served; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[list[Any]] = []  # [fault, calls left]

    def add(self, fault: Fault, times: int) -> None:
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        with self._lock:
            self._pending.append([fault, times])

    def take(self, operation: str) -> Fault | None:
        """The fault for this call of `operation`, if one is pending (using up one of its calls)."""
        with self._lock:
            for index, entry in enumerate(self._pending):
                fault: Fault = entry[0]
                if fault.operation in (None, operation):
                    entry[1] -= 1
                    if entry[1] == 0:
                        del self._pending[index]
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
