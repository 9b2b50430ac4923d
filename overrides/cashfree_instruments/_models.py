"""The generated models as this package returns them: tolerant parsing, token expiry, and no card data in repr."""

from __future__ import annotations

import typing
from datetime import UTC, datetime
from typing import Any, TypeVar

from cashfree_instruments_generated import models
from cashfree_instruments_generated.models import (
    CryptogramEntity,
    ErrorEntity,
    InstrumentEntity,
    InstrumentStatus,
)
from cashfree_instruments_generated.types import Unset

from ._token_expiry import parse_timestamp, token_expiry

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
        moment = at or datetime.now(UTC)
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


class ShapeError(Exception):
    """A JSON value that cannot be read as the model it should be (internal; the client re-raises it typed)."""


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
            cleaned[key] = value
        elif kind is _STRING:
            if isinstance(value, str):
                cleaned[key] = value
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cleaned[key] = str(value)
        elif isinstance(value, dict):
            cleaned[key] = _clean(value, kind)
    return cleaned


def parse_model(data: Any, model: type[ModelT]) -> ModelT:
    cleaned = _clean(data, model)
    try:
        return model.from_dict(cleaned)  # type: ignore[attr-defined,no-any-return]
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
