"""The compiled readers of _models (the fast path) read exactly what the generic route reads.

The generic route is `_clean` then the generated `from_dict`; every model it compiles a reader for must give the
same object (same types, enum members where the generic route makes them, same additional_properties) or the
same error, for any JSON value.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cashfree_instruments import (
    CardNetwork,
    CardTokenDetails,
    CardType,
    Cryptogram,
    CryptogramEntity,
    ErrorEntity,
    Instrument,
    InstrumentEntity,
    InstrumentMeta,
    InstrumentStatus,
    InstrumentType,
    _models,
)
from cashfree_instruments._errors import ShapeError
from cashfree_instruments._models import parse_model

FAST_MODELS = (Instrument, InstrumentEntity, InstrumentMeta, CardTokenDetails, Cryptogram, CryptogramEntity)
ENUM_TEXTS = [m.value for e in (CardNetwork, CardType, InstrumentStatus, InstrumentType) for m in e]
ENUM_TEXTS += [text.upper() for text in ENUM_TEXTS] + [text.lower() for text in ENUM_TEXTS]


def generic(data: Any, model: type[Any]) -> Any:
    """What parse_model returned before the fast path: _clean, then the generated from_dict."""
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object for {model.__name__}, got {type(data).__name__}")
    try:
        return model.from_dict(_models._clean(data, model))
    except KeyError as exc:
        raise ShapeError(f"{model.__name__} lacks required field {exc}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise ShapeError(f"{model.__name__} could not be read: {type(exc).__name__}") from None


def outcome(read: Any, data: Any, model: type[Any]) -> Any:
    try:
        return shape(read(data, model))
    except ShapeError as exc:
        return ("ShapeError", str(exc))


def shape(value: Any) -> Any:
    """A comparable picture of a parsed value: types included (a StrEnum member equals its text)."""
    if attrs.has(type(value)):
        return (type(value), [(f.name, shape(getattr(value, f.name))) for f in attrs.fields(type(value))])
    if isinstance(value, dict):
        return (dict, [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (list, [shape(v) for v in value])
    return (type(value), value)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(ENUM_TEXTS),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def objects(model: type[Any], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects with the model's fields (nested objects for its nested models) and unknown ones.

    A required field is always there (its value may still be null or of the wrong type); the others may be.
    """
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(model):
        if field.name == "additional_properties":
            continue
        nested = [m for m in (InstrumentMeta, CardTokenDetails) if field.name == _nested_name(m)]
        inner = objects(nested[0], depth + 1) if nested and depth < 2 else st.nothing()
        values = st.one_of(scalars, inner, json_values)
        (required if field.default is attrs.NOTHING else optional)[field.name] = values
    known = st.fixed_dictionaries(required, optional=optional)
    unknown = st.dictionaries(st.sampled_from(["card_extra", "new_field", "type", "help"]), json_values, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


def _nested_name(model: type[Any]) -> str:
    return {InstrumentMeta: "instrument_meta", CardTokenDetails: "card_token_details"}[model]


@pytest.mark.parametrize("model", FAST_MODELS, ids=lambda m: m.__name__)
def test_the_response_models_get_a_compiled_reader(model: type[Any]) -> None:
    parse_model({"instrument_id": "x"}, model)
    assert _models._READERS[model] is not None


def test_error_entity_keeps_the_generic_route() -> None:
    # Its fields `type_` and `help_` are read from "type" and "help", which _clean does not know as fields.
    assert _models._compile_reader(ErrorEntity) is None
    body = {"message": "m", "code": 7, "type": 5, "help": None, "extra": 1}
    assert shape(parse_model(body, ErrorEntity)) == shape(generic(body, ErrorEntity))


@pytest.mark.parametrize("model", FAST_MODELS, ids=lambda m: m.__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_path_reads_what_the_generic_route_reads(model: type[Any], data: st.DataObject) -> None:
    body = data.draw(st.one_of(objects(model), json_values))
    assert outcome(parse_model, body, model) == outcome(generic, body, model)


def test_a_fake_instrument_reads_the_same_both_ways() -> None:
    from cashfree_instruments.testing import FakeCashfree

    fake = FakeCashfree()
    for customer in fake.customers():
        for item in json.loads(json.dumps(fake.instruments(customer))):
            assert shape(parse_model(item, Instrument)) == shape(generic(item, Instrument))


def test_the_tolerant_rules_hold_on_the_fast_path() -> None:
    body = {
        "instrument_id": 12,  # a number in a string field: its text
        "customer_id": None,  # null: missing
        "afa_reference": ["x"],  # wrong type: dropped
        "instrument_status": "SUSPENDED",  # an enum value Cashfree adds later: kept as text
        "instrument_type": "card",
        "instrument_meta": {"card_network": "VISA", "card_token_details": {"expiry_year": 2030}, "tier": "gold"},
        "brand_new": {"a": 1},  # unknown: kept
        "ignored_null": None,
    }
    instrument = parse_model(body, Instrument)
    assert instrument.instrument_id == "12"
    assert instrument.customer_id is _models.UNSET
    assert instrument.afa_reference is _models.UNSET
    assert type(instrument.instrument_status) is str
    assert instrument.instrument_status == "SUSPENDED"
    assert instrument.instrument_type is InstrumentType.CARD
    meta = instrument.instrument_meta
    assert isinstance(meta, InstrumentMeta)
    assert meta.card_network == "VISA"
    assert type(meta.card_network) is str
    assert meta.additional_properties == {"tier": "gold"}
    assert isinstance(meta.card_token_details, CardTokenDetails)
    assert meta.card_token_details.expiry_year == "2030"
    assert instrument.additional_properties == {"brand_new": {"a": 1}}
    with pytest.raises(ShapeError, match="lacks required field 'instrument_id'"):
        parse_model({"instrument_id": True}, Instrument)
