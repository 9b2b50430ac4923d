"""Token expiry and timestamps: which saved cards a checkout may show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol, TypeVar

from ._errors import InvalidArgumentError

# Cashfree sends some timestamps without an offset ("2021-11-11 16:57:57"); they are India Standard Time.
CASHFREE_LOCAL_TIME = timezone(timedelta(hours=5, minutes=30), "IST")


class _Usable(Protocol):  # an Instrument, or a subclass of it
    def is_usable(self, at: datetime | None = None) -> bool: ...


InstrumentT = TypeVar("InstrumentT", bound=_Usable)


def token_expiry(expiry_month: object, expiry_year: object) -> datetime | None:
    """The instant a card token stops being valid: the end of its expiry month (UTC), or None if unreadable.

    `expiry_year` may have two digits ("23" is 2023) or four ("2028").
    """
    if not isinstance(expiry_month, str) or not isinstance(expiry_year, str):
        return None
    # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
    if not (_is_number(expiry_month) and _is_number(expiry_year) and len(expiry_year) in (2, 4)):
        return None
    month, year = int(expiry_month), int(expiry_year)
    if len(expiry_year) == 2:
        year += 2000
    if not 1 <= month <= 12:
        return None
    try:
        from dateutil.relativedelta import relativedelta  # on first use, like isoparse

        return datetime(year, month, 1, tzinfo=UTC) + relativedelta(months=1)
    except (ValueError, OverflowError):  # year 0000, or December 9999: outside what datetime holds
        return None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def parse_timestamp(value: object, default_tz: timezone = CASHFREE_LOCAL_TIME) -> datetime | None:
    """A timezone-aware datetime from either format Cashfree sends, or None if unreadable.

    "2023-11-01T04:55:07.000+00:00" keeps its offset; "2021-11-11 16:57:57" gets `default_tz`.
    """
    if not isinstance(value, str):
        return None
    # Imported on first use: dateutil.parser adds ~6 ms to `import cashfree_instruments`.
    from dateutil.parser import isoparse

    try:
        parsed = isoparse(value)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=default_tz)


def usable_instruments(instruments: Iterable[InstrumentT], at: datetime | None = None) -> list[InstrumentT]:
    """The instruments a checkout may show at `at` (default: now): ACTIVE, with a token not yet expired."""
    moment = moment_or_now(at)
    return [instrument for instrument in instruments if instrument.is_usable(moment)]


def moment_or_now(at: datetime | None) -> datetime:
    """`at`, which must be timezone-aware (token expiries are instants), or now."""
    if at is None:
        return datetime.now(UTC)
    if at.utcoffset() is None:
        raise InvalidArgumentError("at must be a timezone-aware datetime, e.g. datetime.now(UTC)")
    return at
