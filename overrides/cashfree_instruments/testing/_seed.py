"""The fake's seed: the spec's examples (GoSdkInstrument, ApiReferenceInstrumentList, GoSdkCryptogram).

The spec is not shipped in the package, so its examples are copied here; tests/test_fake_seed.py keeps them equal.
"""

from __future__ import annotations

from typing import Any

# customer_id -> instruments, in the server's order. akshita2106's list holds one instrument_id twice, as the
# API reference's example does.
SEED_INSTRUMENTS: dict[str, list[dict[str, Any]]] = {
    "siddhesh_desai": [
        {
            "customer_id": "siddhesh_desai",
            "afa_reference": "740324562",
            "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
            "instrument_type": "card",
            "instrument_uid": "0d8f70838cc5af8b1cd2bc0fe71278551fd3f1101e40020d89ad22ceba4f933c",
            "instrument_display": "xxxxxxxxxxxx4375",
            "instrument_status": "ACTIVE",
            "created_at": "2021-11-11 16:57:57",
            "instrument_meta": {
                "card_network": "VISA",
                "card_bank_name": "HDFC Bank Limited",
                "card_country": "IN",
                "card_type": "DEBIT_CARD",
                "card_token_details": {"par": "somepar", "expiry_month": "12", "expiry_year": "23"},
            },
        }
    ],
    "akshita2106": [
        {
            "customer_id": "akshita2106",
            "afa_reference": "2223295743",
            "instrument_id": "0d6b0245-f417-41a0-8151-0b03790de1f9",
            "instrument_type": "card",
            "instrument_uid": "a89b6054bd18f3f4a2e6663190c23aa7f39573dfde2ea2e5d3dbf1b31705f0da",
            "instrument_display": "XXXXXXXXXXXX5717",
            "instrument_status": "ACTIVE",
            "created_at": "2023-11-01T04:55:07.000+00:00",
            "instrument_meta": {
                "card_network": "visa",
                "card_bank_name": "AXIS BANK",
                "card_country": "IN",
                "card_type": "credit_card",
                "card_sub_type": "P",
                "card_token_details": {
                    "par": "V0010013823048595023916090696",
                    "expiry_month": "05",
                    "expiry_year": "2028",
                },
            },
        },
        {
            "customer_id": "akshita2106",
            "afa_reference": "2372080606",
            "instrument_id": "36e3b8ab-27e5-4a33-baf6-31a2d412a530",
            "instrument_type": "card",
            "instrument_uid": "b6f4e24db8ab83e59dc57049b25f0fdfa9b730e329b9730d3d3fe0aba3ccfaa3",
            "instrument_display": "XXXXXXXXXXXX7293",
            "instrument_status": "ACTIVE",
            "created_at": "2024-01-04T09:16:37.000+00:00",
            "instrument_meta": {
                "card_network": "mastercard",
                "card_bank_name": "PUNJAB NATIONAL BANK",
                "card_country": "IN",
                "card_type": "debit_card",
                "card_sub_type": "R",
                "card_token_details": {
                    "par": "5001D6TQMCHMY7SHM2SFANC3AWFSD",
                    "expiry_month": "09",
                    "expiry_year": "2028",
                },
            },
        },
        {
            "customer_id": "akshita2106",
            "afa_reference": "3128531647",
            "instrument_id": "0d6b0245-f417-41a0-8151-0b03790de1f9",
            "instrument_type": "card",
            "instrument_uid": "a89b6054bd18f3f4a2e6663190c23aa7f39573dfde2ea2e5d3dbf1b31705f0da",
            "instrument_display": "XXXXXXXXXXXX1001",
            "instrument_status": "ACTIVE",
            "created_at": "2024-10-10T10:16:18.000+00:00",
            "instrument_meta": {
                "card_network": "mastercard",
                "card_bank_name": "ICICI BANK",
                "card_country": "IN",
                "card_type": "credit_card",
                "card_sub_type": "P",
                "card_token_details": {
                    "par": "5001AJE6CSF757UMKRTKK61PRVYGC",
                    "expiry_month": "11",
                    "expiry_year": "2027",
                },
            },
        },
    ],
}

# (customer_id, instrument_id) -> cryptogram. Sample card data from Cashfree's docs, not a real card.
SEED_CRYPTOGRAMS: dict[tuple[str, str], dict[str, Any]] = {
    ("siddhesh_desai", "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"): {
        "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
        "token_requestor_id": "22457512314",
        "card_number": "4491365621601472",
        "card_expiry_mm": "06",
        "card_expiry_yy": "2025",
        "cryptogram": "AQBBBBBBZatIlaIAmWKSghwBBBB=",
        "card_display": "1234",
    }
}
