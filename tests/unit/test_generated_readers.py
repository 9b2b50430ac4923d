"""The generated readers (generated/.../models/__init__.py), through parse_model: their tolerance rules, for any JSON.

`expected` states the rules field by field from the model's type hints: null is missing, a number in a string
field is its text, an enum value the spec does not know stays text, a nested object is read by its own model,
anything else wrong-typed is dropped, unknown non-null fields are kept, a required field missing → ShapeError.
"""

from __future__ import annotations

import enum
import json
import typing
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
    ErrorType,
    Instrument,
    InstrumentEntity,
    InstrumentMeta,
    InstrumentStatus,
    InstrumentType,
)
from cashfree_instruments._errors import ShapeError
from cashfree_instruments._models import parse_instrument_list, parse_model
from cashfree_instruments_generated import models
from cashfree_instruments_generated.types import UNSET, Unset

MODELS = (Instrument, InstrumentEntity, InstrumentMeta, CardTokenDetails, Cryptogram, CryptogramEntity, ErrorEntity)
ENUMS = (CardNetwork, CardType, InstrumentStatus, InstrumentType, ErrorType)
ENUM_TEXTS = [m.value for e in ENUMS for m in e]
ENUM_TEXTS += [text.upper() for text in ENUM_TEXTS] + [text.lower() for text in ENUM_TEXTS]


def json_key(field: attrs.Attribute[Any]) -> str:
    return field.name.rstrip("_")  # ErrorEntity's `type_` and `help_` are "type" and "help" in JSON


def fields(model: type[Any]) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(model) if f.name != "additional_properties"]


def expected(data: Any, model: type[Any]) -> Any:
    """What the rules make of `data` for `model`: a comparable picture, or ("ShapeError", message)."""
    if not isinstance(data, dict):
        return ("ShapeError", f"expected a JSON object for {model.__name__}, got {type(data).__name__}")
    hints = typing.get_type_hints(model, localns=vars(models))
    picture = []
    for field in fields(model):
        options = [o for o in typing.get_args(hints[field.name]) if o is not Unset]
        value = _expected_value(data.get(json_key(field)), options)
        if isinstance(value, tuple) and value[0] == "ShapeError":
            return value
        if value is UNSET and field.default is attrs.NOTHING:
            return ("ShapeError", f"{model.__name__} lacks required field {json_key(field)!r}")
        picture.append((field.name, value))
    known = {json_key(f) for f in fields(model)}
    unknown = {k: v for k, v in data.items() if k not in known and v is not None}
    return (model, picture, (dict, [(k, shape(v)) for k, v in unknown.items()]))


def _expected_value(value: Any, options: list[Any]) -> Any:
    nested = [o for o in options if attrs.has(o)]
    if nested:
        return expected(value, nested[0]) if isinstance(value, dict) else UNSET
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return UNSET
    text = str(value)
    enums = [o for o in options if isinstance(o, type) and issubclass(o, enum.Enum)]
    members = {m.value: m for m in enums[0]} if enums else {}
    return shape(members.get(text, text))


def outcome(data: Any, model: type[Any]) -> Any:
    try:
        return shape(parse_model(data, model))
    except ShapeError as exc:
        return ("ShapeError", str(exc))


def shape(value: Any) -> Any:
    """A comparable picture of a parsed value: types included (a StrEnum member equals its text)."""
    if attrs.has(type(value)):
        picture = [(f.name, shape(getattr(value, f.name))) for f in fields(type(value))]
        return (type(value), picture, shape(value.additional_properties))
    if isinstance(value, dict):
        return (dict, [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (list, [shape(v) for v in value])
    if value is UNSET:
        return UNSET
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
    hints = typing.get_type_hints(model, localns=vars(models))
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in fields(model):
        nested = [o for o in typing.get_args(hints[field.name]) if attrs.has(o)]
        inner = objects(nested[0], depth + 1) if nested and depth < 2 else st.nothing()
        values = st.one_of(scalars, inner, json_values)
        (required if field.default is attrs.NOTHING else optional)[json_key(field)] = values
    known = st.fixed_dictionaries(required, optional=optional)
    unknown = st.dictionaries(st.sampled_from(["card_extra", "new_field", "type_", "help_"]), json_values, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_readers_follow_the_rules(model: type[Any], data: st.DataObject) -> None:
    body = data.draw(st.one_of(objects(model), json_values))
    assert outcome(body, model) == expected(body, model)


def test_every_model_of_the_spec_has_a_reader_that_builds_subclasses() -> None:
    generated = [getattr(models, name) for name in models.__all__]
    assert {m for m in generated if isinstance(m, type) and attrs.has(m)} == set(models.READERS)
    assert type(parse_model({"instrument_id": "x"}, Instrument)) is Instrument
    assert type(parse_model({"instrument_id": "x"}, Cryptogram)) is Cryptogram


def test_a_fake_instrument_reads_as_the_rules_say() -> None:
    from cashfree_instruments.testing import FakeCashfree

    fake = FakeCashfree()
    for customer in fake.customers():
        for item in json.loads(json.dumps(fake.instruments(customer))):
            assert outcome(item, Instrument) == expected(item, Instrument)


def test_error_entity_reads_its_reserved_word_fields_from_their_json_names() -> None:
    error = parse_model({"message": "m", "code": 7, "type": "rate_limit_error", "help": "h", "x": 1}, ErrorEntity)
    assert (error.message, error.code, error.type_, error.help_) == ("m", "7", ErrorType.RATE_LIMIT_ERROR, "h")
    assert error.additional_properties == {"x": 1}


def test_the_tolerant_rules_hold() -> None:
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
    assert instrument.customer_id is UNSET
    assert instrument.afa_reference is UNSET
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


def _via_constructor(model: type[Any]) -> type[Any]:
    """A subclass of `model` whose own __init__ (attrs' __init__ of `model`, called by keyword) makes the reader
    build through the constructor."""

    def __init__(self: Any, **fields: Any) -> None:
        model.__init__(self, **fields)

    return type(f"{model.__name__}ViaInit", (model,), {"__slots__": (), "__init__": __init__})


def _read_or_missing(model: type[Any], cls: type[Any], body: dict[str, Any]) -> Any:
    """What the reader of `model` builds of `body` as a `cls`, or the name of the required field it lacks."""
    try:
        return models.READERS[model](cls, body)
    except models.MissingFieldError as exc:
        return exc.field


GENERATED_MODELS = tuple(models.READERS)
VIA_CONSTRUCTOR = {model: _via_constructor(model) for model in GENERATED_MODELS}


@pytest.mark.parametrize("model", GENERATED_MODELS, ids=lambda m: m.__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_build_equals_the_constructors(model: type[Any], data: st.DataObject) -> None:
    """The readers set a plain model's fields on object.__new__(cls) instead of calling cls(**fields): the same
    object as the constructor's (every field, its type and identity, additional_properties), or the same error."""
    body = data.draw(objects(model))
    via = VIA_CONSTRUCTOR[model]
    fast, slow = _read_or_missing(model, model, body), _read_or_missing(model, via, body)
    if isinstance(fast, str):
        assert slow == fast  # the missing required field
        return
    assert model in models._PLAIN
    assert via not in models._PLAIN
    assert type(fast) is model
    assert type(slow) is via
    for field in attrs.fields(model):
        assert getattr(fast, field.name) is getattr(slow, field.name) or (
            shape(getattr(fast, field.name)) == shape(getattr(slow, field.name))
        ), field.name
    assert shape(fast)[1:] == shape(slow)[1:]
    rebuilt = model(**{f.name: getattr(fast, f.name) for f in attrs.fields(model) if f.init})
    rebuilt.additional_properties = fast.additional_properties
    assert rebuilt == fast


def test_only_a_plain_class_is_built_without_its_constructor() -> None:
    names = tuple(f.name for f in attrs.fields(CardTokenDetails))
    assert models._builds_plainly(CardTokenDetails, CardTokenDetails, names)

    calls: list[object] = []

    class Counted(CardTokenDetails):
        __slots__ = ()

        def __init__(self, **fields: Any) -> None:
            calls.append(fields)
            super().__init__(**fields)

    class Hooked(CardTokenDetails):
        __slots__ = ()

        def __setattr__(self, name: str, value: Any) -> None:
            calls.append(name)
            super().__setattr__(name, value)

    class PostInit(CardTokenDetails):
        __slots__ = ()

        def __attrs_post_init__(self) -> None:  # pragma: no cover - attrs' __init__ of the base never calls it
            pass

    @attrs.define
    class Validated:
        par: str = attrs.field(validator=attrs.validators.instance_of(str))
        additional_properties: dict[str, Any] = attrs.field(init=False, factory=dict)

    assert not models._builds_plainly(Counted, CardTokenDetails, names)
    assert not models._builds_plainly(Hooked, CardTokenDetails, names)
    assert not models._builds_plainly(PostInit, CardTokenDetails, names)
    assert not models._builds_plainly(CardTokenDetails, CardTokenDetails, names[1:])  # a field it would not set
    assert not models._builds_plainly(Validated, Validated, ("par", "additional_properties"))
    assert type(models.read_card_token_details(Counted, {"par": "p", "x": 1})) is Counted
    assert calls == [{"par": "p", "expiry_month": UNSET, "expiry_year": UNSET}]
    assert type(models.read_card_token_details(Counted, {"par": "q"})) is Counted  # the verdict is remembered
    assert calls[1:] == [{"par": "q", "expiry_month": UNSET, "expiry_year": UNSET}]
    del calls[1:]
    models.read_card_token_details(Hooked, {"par": "p"})
    assert calls[1:] == ["par", "expiry_month", "expiry_year", "additional_properties", "additional_properties"]


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.one_of(objects(Instrument), json_values), max_size=5))
def test_a_list_reads_as_its_items_one_by_one(items: list[Any]) -> None:
    """parse_instrument_list calls the reader itself: the items parse_model reads, in order, the others skipped."""
    parsed, skipped = parse_instrument_list(items)
    one_by_one = [outcome(item, Instrument) for item in items]
    read = [picture for picture in one_by_one if picture[0] != "ShapeError"]
    assert [shape(instrument) for instrument in parsed] == read
    assert skipped == len(items) - len(read)
    assert all(type(instrument) is Instrument for instrument in parsed)
