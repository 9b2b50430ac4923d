"""Made-up card data: defaults for added instruments and deterministic fake cryptograms. Never real cards."""

from __future__ import annotations

import base64
import copy
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any


def merged(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`defaults` updated by `overrides`, nested dicts merged; a None override leaves the field out."""
    result = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def new_instrument(customer_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An InstrumentEntity for `customer_id`: a fresh ACTIVE card, `fields` set over the defaults."""
    instrument_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    defaults: dict[str, Any] = {
        "customer_id": customer_id,
        "afa_reference": str(uuid.uuid4().int % 10**10),
        "instrument_id": instrument_id,
        "instrument_type": "card",
        "instrument_uid": hashlib.sha256(instrument_id.encode()).hexdigest(),
        "instrument_display": "XXXXXXXXXXXX1111",
        "instrument_status": "ACTIVE",
        "created_at": now.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
        "instrument_meta": {
            "card_network": "visa",
            "card_bank_name": "FAKE BANK",
            "card_country": "IN",
            "card_type": "credit_card",
            "card_sub_type": "P",
            "card_token_details": {
                "par": "FAKE" + hashlib.sha256(instrument_id.encode()).hexdigest()[:25].upper(),
                "expiry_month": "12",
                "expiry_year": str(now.year + 3),
            },
        },
    }
    return merged(defaults, fields)


def _luhn_completed(digits: str) -> str:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: the check digit to be appended shifts every position by one
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return digits + str((10 - total % 10) % 10)


def fake_cryptogram(customer_id: str, instrument: dict[str, Any]) -> dict[str, Any]:
    """A CryptogramEntity derived from the instrument: same input, same output.

    The token card number starts with 0000 (no card network issues those), so it is plainly fake.
    """
    instrument_id = str(instrument["instrument_id"])
    digest = hashlib.sha256(f"{customer_id}\0{instrument_id}".encode()).digest()
    number = str(int.from_bytes(digest[:8], "big")).zfill(20)
    meta = instrument.get("instrument_meta") or {}
    token = meta.get("card_token_details") or {}
    year = str(token.get("expiry_year", "2030"))
    display = str(instrument.get("instrument_display", ""))[-4:]
    return {
        "instrument_id": instrument_id,
        "token_requestor_id": number[-11:],
        "card_number": _luhn_completed("0000" + number[:11]),
        "card_expiry_mm": str(token.get("expiry_month", "12")),
        "card_expiry_yy": "20" + year if len(year) == 2 else year,
        "cryptogram": base64.b64encode(digest[8:28]).decode("ascii"),
        "card_display": display if display.isdigit() else number[-4:],
    }
