"""The fake's seed: the instruments and cryptograms of the spec's response examples, as generation holds them.

Every distinct instrument of the examples of reads (GET: their examples show stored state, a DELETE's shows what
deleting did) answering InstrumentEntity, grouped by customer in the
examples' order (an instrument_id may repeat, as in the API reference's example); every cryptogram example, for
the customer holding its instrument.
"""

from __future__ import annotations

import copy
from typing import Any

from cashfree_instruments_generated.api import EXAMPLES, OPERATIONS
from cashfree_instruments_generated.models import CryptogramEntity, InstrumentEntity


def _bodies(model: type[Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for operation in OPERATIONS:
        if operation.method == "GET" and operation.response_model is model:
            for _, value in EXAMPLES[operation.operation_id]:
                found.extend(copy.deepcopy(value) if operation.response_is_list else [copy.deepcopy(value)])
    return found


def _instruments() -> dict[str, list[dict[str, Any]]]:
    by_customer: dict[str, list[dict[str, Any]]] = {}
    for instrument in _bodies(InstrumentEntity):
        listed = by_customer.setdefault(instrument["customer_id"], [])
        if instrument not in listed:
            listed.append(instrument)
    return by_customer


# customer_id -> instruments, in the server's order.
SEED_INSTRUMENTS: dict[str, list[dict[str, Any]]] = _instruments()

_OWNERS = {item["instrument_id"]: customer for customer, items in SEED_INSTRUMENTS.items() for item in items}

# (customer_id, instrument_id) -> cryptogram. Sample card data from Cashfree's docs, not a real card.
SEED_CRYPTOGRAMS: dict[tuple[str, str], dict[str, Any]] = {
    (_OWNERS[cryptogram["instrument_id"]], cryptogram["instrument_id"]): cryptogram
    for cryptogram in _bodies(CryptogramEntity)
    if cryptogram["instrument_id"] in _OWNERS
}
