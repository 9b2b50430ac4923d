"""The fake's data: customers, their instruments and cryptograms, behind one lock."""

from __future__ import annotations

import copy
import threading
from typing import Any

from ._cards import fake_cryptogram, merged, new_instrument
from ._seed import SEED_CRYPTOGRAMS, SEED_INSTRUMENTS


class Vault:
    """Customers -> instruments (InstrumentEntity dicts, in order) and explicit cryptograms.

    Every read returns copies, so callers can't change the vault behind the lock's back.
    """

    def __init__(self, *, seed: bool) -> None:
        self._lock = threading.Lock()
        self._instruments: dict[str, list[dict[str, Any]]] = {}
        self._cryptograms: dict[tuple[str, str], dict[str, Any]] = {}
        if seed:
            self._instruments = copy.deepcopy(SEED_INSTRUMENTS)
            self._cryptograms = copy.deepcopy(SEED_CRYPTOGRAMS)

    def add_customer(self, customer_id: str) -> None:
        with self._lock:
            self._instruments.setdefault(customer_id, [])

    def add_instrument(self, customer_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        instrument = new_instrument(customer_id, fields)
        if not isinstance(instrument.get("instrument_id"), str):
            raise ValueError("instrument_id must be a string")
        with self._lock:
            self._instruments.setdefault(customer_id, []).append(instrument)
        return copy.deepcopy(instrument)

    def customers(self) -> list[str]:
        with self._lock:
            return list(self._instruments)

    def instruments(self, customer_id: str) -> list[dict[str, Any]] | None:
        """The customer's instruments, or None for an unknown customer."""
        with self._lock:
            found = self._instruments.get(customer_id)
            return None if found is None else copy.deepcopy(found)

    def instrument(self, customer_id: str, instrument_id: str) -> dict[str, Any] | None:
        """The first instrument with that id (ids can repeat, as on the real server), or None."""
        with self._lock:
            found = self._find(customer_id, instrument_id)
            return None if found is None else copy.deepcopy(found)

    def delete(self, customer_id: str, instrument_id: str) -> dict[str, Any] | None:
        """Remove the first instrument with that id and return it, INACTIVE (as the spec's DELETE does since
        API version 2026-01-01), or None when there is none."""
        with self._lock:
            found = self._find(customer_id, instrument_id)
            if found is None:
                return None
            remaining = self._instruments[customer_id]
            del remaining[next(n for n, i in enumerate(remaining) if i is found)]
            if self._find(customer_id, instrument_id) is None:
                self._cryptograms.pop((customer_id, instrument_id), None)
            return {**found, "instrument_status": "INACTIVE"}

    def set_cryptogram(self, customer_id: str, instrument_id: str, cryptogram: dict[str, Any]) -> None:
        with self._lock:
            found = self._find(customer_id, instrument_id)
            if found is None:
                raise KeyError(f"customer {customer_id!r} has no instrument {instrument_id!r}")
            self._cryptograms[(customer_id, instrument_id)] = merged(fake_cryptogram(customer_id, found), cryptogram)

    def cryptogram(self, customer_id: str, instrument_id: str) -> dict[str, Any] | None:
        """The cryptogram set for the instrument, else a generated one; None when there is no such instrument."""
        with self._lock:
            found = self._find(customer_id, instrument_id)
            if found is None:
                return None
            explicit = self._cryptograms.get((customer_id, instrument_id))
            return copy.deepcopy(explicit) if explicit is not None else fake_cryptogram(customer_id, found)

    def _find(self, customer_id: str, instrument_id: str) -> dict[str, Any] | None:
        for instrument in self._instruments.get(customer_id, ()):
            if instrument.get("instrument_id") == instrument_id:
                return instrument
        return None
