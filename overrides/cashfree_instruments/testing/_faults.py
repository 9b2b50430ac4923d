"""Opt-in faults: the next N matching calls get an error status, a delay, or both."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Literal, get_args

from attrs import field, frozen

OperationId = Literal[
    "PGCustomerFetchInstruments",
    "PGCustomerFetchInstrument",
    "PGCustomerDeleteInstrument",
    "PGCustomerInstrumentsFetchCryptogram",
]
OPERATION_IDS: tuple[str, ...] = get_args(OperationId)


@frozen
class Fault:
    """What one faulted call gets. `status=None` means a delay only, then the normal answer."""

    status: int | None
    operation: str | None = None
    retry_after: int = 1
    delay: float = 0.0
    body: Any = None
    headers: Mapping[str, str] = field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError(f"status must be an error status (400-599) or None, got {self.status}")
        if self.operation is not None and self.operation not in OPERATION_IDS:
            raise ValueError(f"unknown operation {self.operation!r}; one of {', '.join(OPERATION_IDS)}")
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
