"""The generated models as this package returns them: tolerant parsing, token expiry, and no card data in repr."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from cashfree_instruments_generated.models import (
    READERS,
    CryptogramEntity,
    ErrorEntity,
    InstrumentEntity,
    InstrumentStatus,
    MissingFieldError,
)
from cashfree_instruments_generated.types import Unset

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


_READERS: dict[type[Any], Callable[[Any, Mapping[str, Any]], Any]] = {}


def _reader(model: type[Any]) -> Callable[[Any, Mapping[str, Any]], Any]:
    """The generated reader of `model`, or of the generated model it subclasses (Instrument: InstrumentEntity's)."""
    reader = _READERS.get(model)
    if reader is None:
        reader = next((READERS[base] for base in model.__mro__ if base in READERS), None)
        if reader is None:
            raise TypeError(f"{model.__name__} is not a generated model")
        _READERS[model] = reader
    return reader


def parse_model(data: Any, model: type[ModelT]) -> ModelT:
    """`data` read by the generated reader of `model` (its tolerance rules are in generated models/__init__.py)."""
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object for {model.__name__}, got {type(data).__name__}")
    try:
        parsed: ModelT = _reader(model)(model, data)
    except MissingFieldError as exc:
        raise ShapeError(str(exc)) from None
    return parsed


def parse_instrument_list(data: Any) -> tuple[list[Instrument], int]:
    """The readable instruments of a list response, and how many items were skipped as unreadable."""
    if not isinstance(data, list):
        raise ShapeError(f"expected a JSON array of instruments, got {type(data).__name__}")
    # What parse_model(item, Instrument) reads, skipping what it refuses (not an object, a required field missing),
    # without its two calls an item: a few percent of a long list.
    read = _reader(Instrument)
    instruments = []
    for item in data:
        if isinstance(item, dict):
            try:
                instruments.append(read(Instrument, item))
            except MissingFieldError:
                continue
    return instruments, len(data) - len(instruments)


def parse_error(data: Any) -> ErrorEntity | None:
    try:
        return parse_model(data, ErrorEntity)
    except ShapeError:
        return None
