"""The generated models as this package returns them: tolerant parsing, token expiry, and no card data in repr."""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import attrs

from cashfree_instruments_generated import models
from cashfree_instruments_generated.models import (
    CryptogramEntity,
    ErrorEntity,
    InstrumentEntity,
    InstrumentStatus,
)
from cashfree_instruments_generated.types import UNSET, Unset

from ._errors import ShapeError
from ._token_expiry import moment_or_now, parse_timestamp, token_expiry

ModelT = TypeVar("ModelT")


class Instrument(InstrumentEntity):
    """A saved card instrument: the generated InstrumentEntity with its token expiry and creation time."""

    __slots__ = ()

    @property
    def token_expires_at(self) -> datetime | None:
        """End of the token's expiry month (UTC); None when Cashfree sent no readable expiry."""
        meta = self.instrument_meta
        details = None if isinstance(meta, Unset) else meta.card_token_details
        if details is None or isinstance(details, Unset):
            return None
        return token_expiry(details.expiry_month, details.expiry_year)

    @property
    def created_at_datetime(self) -> datetime | None:
        """`created_at` as a timezone-aware datetime (see parse_timestamp)."""
        return parse_timestamp(self.created_at)

    def is_usable(self, at: datetime | None = None) -> bool:
        """ACTIVE and the token not expired at `at` (default: now). Unknown expiry is not usable."""
        expires = self.token_expires_at
        moment = moment_or_now(at)
        return self.instrument_status == InstrumentStatus.ACTIVE and expires is not None and moment < expires


class Cryptogram(CryptogramEntity):
    """A cryptogram. `card_number` and `cryptogram` are card data: readable as attributes, never in repr()."""

    __slots__ = ()

    def __repr__(self) -> str:
        return (
            f"Cryptogram(instrument_id={self.instrument_id!r}, card_display={self.card_display!r}, "
            "card_number=<redacted>, cryptogram=<redacted>)"
        )

    __str__ = __repr__


MAX_UNKNOWN_DEPTH = 32  # arrays and objects nested in one unknown field's value; deeper ones are dropped


def _within_depth(value: Any) -> bool:
    """Whether `value` (decoded JSON) nests at most MAX_UNKNOWN_DEPTH arrays and objects deep.

    A deeper one (a decoder reads up to ~1000 levels) would parse, then make repr() and json.dumps() of the model
    raise RecursionError wherever the caller logs it. Level by level, no recursion, stops at the limit.
    """
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(MAX_UNKNOWN_DEPTH):
        if not level:
            return True
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
    return not level


# Field kinds: a nested model, or a string (enum-valued fields too: the spec makes them `anyOf [enum, string]`).
_STRING = object()


_FIELD_KINDS: dict[type[Any], dict[str, Any]] = {}


def _field_kinds(model: type[Any]) -> dict[str, Any]:
    if model in _FIELD_KINDS:
        return _FIELD_KINDS[model]
    hints = typing.get_type_hints(model, localns=vars(models))
    kinds: dict[str, Any] = {}
    for name, hint in hints.items():
        if name == "additional_properties":
            continue
        options = typing.get_args(hint) or (hint,)
        nested = [o for o in options if isinstance(o, type) and hasattr(o, "from_dict")]
        kinds[name] = nested[0] if nested else _STRING
    _FIELD_KINDS[model] = kinds
    return kinds


def _clean(data: Any, model: type[Any]) -> dict[str, Any]:
    """`data` with what the generated from_dict would choke on or mistype removed.

    null is treated as missing, a number where a string belongs becomes its text, and any other
    wrong-typed value is dropped, so one odd field never loses the rest of the object.
    """
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object for {model.__name__}, got {type(data).__name__}")
    kinds = _field_kinds(model)
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        kind = kinds.get(key)
        if value is None:
            continue
        if kind is None:  # a field the spec does not know yet: kept in additional_properties
            if _within_depth(value):
                cleaned[key] = value
        elif kind is _STRING:
            if isinstance(value, str):
                cleaned[key] = value
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cleaned[key] = str(value)
        elif isinstance(value, dict):
            cleaned[key] = _clean(value, kind)
    return cleaned


# -- The fast path -----------------------------------------------------------------------------------------------------
# Every response goes through parse_model, a list once per instrument. The generic route above (_clean, then the
# generated from_dict) costs more than json.loads itself. So for each model whose fields are all strings, open enums
# (`Enum | str`) and nested models of the same kind, and whose JSON keys are its field names, a reader is compiled
# once that applies the same rules in one pass over the object and fills the generated class's slots directly, as its
# __init__ would (that model has no validators, converters or post-init hook: checked). Same result, same errors;
# other models (ErrorEntity: `type_` and `help_` are read from "type" and "help") keep the generic route.

_Reader = Callable[[dict[str, Any]], Any]
_READERS: dict[type[Any], _Reader | None] = {}
_NOT_COMPILED: Any = object()


def _as_text(value: Any) -> Any:
    """A string field's value, as _clean has it: text kept, a number as its text, anything else missing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return UNSET


def _as_member(value: Any, members: dict[str, Any]) -> Any:
    """An open enum field's value: its member (as EnumClass(text) finds it), else the text, else missing."""
    text = _as_text(value)
    return UNSET if text is UNSET else members.get(text, text)


def _as_nested(value: Any, read: _Reader) -> Any:
    return read(value) if isinstance(value, dict) else UNSET


def _unknown_fields(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {
        key: value for key, value in data.items() if value is not None and key not in known and _within_depth(value)
    }


class _NestedProbe:
    def __init__(self, name: str) -> None:
        self.name = name

    def to_dict(self) -> str:
        return self.name


def _keys_are_field_names(model: type[Any], fields: dict[str, Any]) -> bool:
    """Whether the generated to_dict writes each field under its own name (so from_dict reads it from there)."""
    probe = object.__new__(model)
    for name, nested in fields.items():
        setattr(probe, name, _NestedProbe(name) if nested else name)
    probe.additional_properties = {}
    try:
        written = probe.to_dict()
    except Exception:
        return False
    return bool(written == {name: name for name in fields})


def _compiled_reader(model: type[Any]) -> _Reader | None:
    _READERS[model] = None  # while compiling, and for good if the model does not qualify
    try:
        reader = _compile_reader(model)
    except Exception:
        reader = None
    _READERS[model] = reader
    return reader


def _compile_reader(model: type[Any]) -> _Reader | None:
    if not attrs.has(model) or model.__setattr__ is not object.__setattr__ or hasattr(model, "__attrs_post_init__"):
        return None
    fields = [field for field in attrs.fields(model) if field.name != "additional_properties"]
    if any(field.validator or field.converter or not field.init for field in fields):
        return None
    hints = typing.get_type_hints(model, localns=vars(models))
    namespace: dict[str, Any] = {
        "UNSET": UNSET,
        "new": object.__new__,
        "model": model,
        "as_text": _as_text,
        "as_member": _as_member,
        "as_nested": _as_nested,
        "unknown_fields": _unknown_fields,
        "known": frozenset(field.name for field in fields),
    }
    reads: list[str] = []
    stores: list[str] = []
    nested_fields: dict[str, bool] = {}  # field name -> whether it holds a nested model
    for number, field in enumerate(fields):
        name, value = field.name, f"v{number}"
        options = [o for o in typing.get_args(hints[name]) or (hints[name],) if o is not Unset]
        enums = [o for o in options if isinstance(o, type) and issubclass(o, enum.Enum)]
        reads.append(f"    {value} = data.get({name!r})")
        nested_fields[name] = False
        if options == [str]:
            reads.append(f"    if {value}.__class__ is not str: {value} = as_text({value})")
        elif len(options) == 2 and str in options and len(enums) == 1 and _plain_lookup(enums[0]):
            members = namespace[f"m{number}"] = dict(enums[0]._value2member_map_)
            if not all(isinstance(key, str) for key in members):
                return None
            fast = f"m{number}.get({value}, {value})"
            reads.append(f"    {value} = {fast} if {value}.__class__ is str else as_member({value}, m{number})")
        elif len(options) == 1 and isinstance(options[0], type) and hasattr(options[0], "from_dict"):
            nested = _READERS.get(options[0], _NOT_COMPILED)
            namespace[f"r{number}"] = _compiled_reader(options[0]) if nested is _NOT_COMPILED else nested
            if namespace[f"r{number}"] is None:
                return None
            nested_fields[name] = True
            fast = f"r{number}({value})"
            reads.append(f"    {value} = {fast} if {value}.__class__ is dict else as_nested({value}, r{number})")
        else:
            return None
        if field.default is attrs.NOTHING:
            reads.append(f"    if {value} is UNSET: raise KeyError({name!r})")
        stores.append(f"    instance.{name} = {value}")
    if not _keys_are_field_names(model, nested_fields):
        return None
    source = "\n".join(
        [
            "def read(data):",
            *reads,
            "    instance = new(model)",
            *stores,
            "    instance.additional_properties = {} if data.keys() <= known else unknown_fields(data, known)",
            "    return instance",
        ]
    )
    exec(compile(source, f"<cashfree_instruments reader of {model.__name__}>", "exec"), namespace)  # noqa: S102
    reader: _Reader = namespace["read"]
    return reader


def _plain_lookup(enum_class: type[enum.Enum]) -> bool:
    """Whether EnumClass(text) is a plain lookup of the members' values (no _missing_ hook)."""
    missing = getattr(enum_class._missing_, "__func__", None)
    return missing is getattr(enum.Enum._missing_, "__func__", None)


def parse_model(data: Any, model: type[ModelT]) -> ModelT:
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object for {model.__name__}, got {type(data).__name__}")
    read = _READERS.get(model, _NOT_COMPILED)
    if read is _NOT_COMPILED:
        read = _compiled_reader(model)
    try:
        if read is not None:
            return read(data)  # type: ignore[no-any-return]
        return model.from_dict(_clean(data, model))  # type: ignore[attr-defined,no-any-return]
    except KeyError as exc:
        raise ShapeError(f"{model.__name__} lacks required field {exc}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise ShapeError(f"{model.__name__} could not be read: {type(exc).__name__}") from None


def parse_instrument_list(data: Any) -> tuple[list[Instrument], int]:
    """The readable instruments of a list response, and how many items were skipped as unreadable."""
    if not isinstance(data, list):
        raise ShapeError(f"expected a JSON array of instruments, got {type(data).__name__}")
    instruments = []
    for item in data:
        try:
            instruments.append(parse_model(item, Instrument))
        except ShapeError:
            continue
    return instruments, len(data) - len(instruments)


def parse_error(data: Any) -> ErrorEntity | None:
    try:
        return parse_model(data, ErrorEntity)
    except ShapeError:
        return None
