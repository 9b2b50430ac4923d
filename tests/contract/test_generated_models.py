"""Every example in the spec parses through the generated models to its exact values."""

from __future__ import annotations

from typing import Any

import pytest

from cashfree_instruments_generated import models
from cashfree_instruments_generated.models import (
    CardNetwork,
    CardSubType,
    CardType,
    CryptogramEntity,
    ErrorEntity,
    ErrorType,
    InstrumentEntity,
    InstrumentStatus,
    InstrumentType,
)
from tests.helpers.spec import Example, model_name, resolve, response_examples

EXAMPLES = list(response_examples())


def _model_for(schema: dict[str, Any]) -> type[Any]:
    return getattr(models, model_name(schema["$ref"]))


def _parse(example: Example) -> Any:
    schema = example.schema
    if schema.get("type") == "array":
        model = _model_for(schema["items"])
        return [model.from_dict(item) for item in example.value]
    return _model_for(schema).from_dict(example.value)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_example_round_trips_through_the_generated_model(example: Example) -> None:
    parsed = _parse(example)
    dumped = [item.to_dict() for item in parsed] if isinstance(parsed, list) else parsed.to_dict()
    assert dumped == example.value


def test_go_sdk_instrument_parses_to_its_values() -> None:
    value = resolve({"$ref": "#/components/examples/GoSdkInstrument"})["value"]
    instrument = InstrumentEntity.from_dict(value)
    assert instrument.instrument_id == "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"
    assert instrument.customer_id == "siddhesh_desai"
    assert instrument.instrument_type is InstrumentType.CARD
    assert instrument.instrument_status is InstrumentStatus.ACTIVE
    assert instrument.created_at == "2021-11-11 16:57:57"
    meta = instrument.instrument_meta
    # Upper-case spellings are not the enum's: they stay the exact strings the server sent.
    assert meta.card_network == "VISA"
    assert not isinstance(meta.card_network, CardNetwork)
    assert meta.card_type == "DEBIT_CARD"
    assert meta.card_token_details.expiry_month == "12"
    assert meta.card_token_details.expiry_year == "23"


def test_api_reference_list_parses_to_typed_known_values() -> None:
    value = resolve({"$ref": "#/components/examples/ApiReferenceInstrumentList"})["value"]
    instruments = [InstrumentEntity.from_dict(item) for item in value]
    assert [i.instrument_meta.card_network for i in instruments] == [
        CardNetwork.VISA,
        CardNetwork.MASTERCARD,
        CardNetwork.MASTERCARD,
    ]
    assert [i.instrument_meta.card_type for i in instruments] == [
        CardType.CREDIT_CARD,
        CardType.DEBIT_CARD,
        CardType.CREDIT_CARD,
    ]
    assert [i.instrument_meta.card_sub_type for i in instruments] == [CardSubType.P, CardSubType.R, CardSubType.P]
    assert all(isinstance(i.instrument_meta.card_sub_type, CardSubType) for i in instruments)
    assert instruments[0].created_at == "2023-11-01T04:55:07.000+00:00"
    assert instruments[0].instrument_meta.card_token_details.par == "V0010013823048595023916090696"


def test_cryptogram_parses_to_its_values() -> None:
    value = resolve({"$ref": "#/components/examples/GoSdkCryptogram"})["value"]
    cryptogram = CryptogramEntity.from_dict(value)
    assert cryptogram.card_number == "4491365621601472"
    assert cryptogram.cryptogram == "AQBBBBBBZatIlaIAmWKSghwBBBB="
    assert (cryptogram.card_expiry_mm, cryptogram.card_expiry_yy) == ("06", "2025")


def test_values_cashfree_adds_later_parse_as_strings() -> None:
    instrument = InstrumentEntity.from_dict(
        {
            "instrument_id": "i-1",
            "instrument_type": "upi",
            "instrument_status": "SUSPENDED",
            "instrument_meta": {"card_network": "unionpay", "card_type": "charge_card", "card_sub_type": "X"},
            "a_field_from_the_future": {"x": 1},
        }
    )
    assert instrument.instrument_type == "upi"
    assert instrument.instrument_status == "SUSPENDED"
    assert instrument.instrument_meta.card_network == "unionpay"
    assert instrument.instrument_meta.card_type == "charge_card"
    assert instrument.instrument_meta.card_sub_type == "X"
    assert not isinstance(instrument.instrument_meta.card_sub_type, CardSubType)
    assert instrument.additional_properties == {"a_field_from_the_future": {"x": 1}}

    error = ErrorEntity.from_dict({"message": "m", "type": "a_new_error"})
    assert error.type_ == "a_new_error"
    assert ErrorEntity.from_dict({"type": "rate_limit_error"}).type_ is ErrorType.RATE_LIMIT_ERROR
