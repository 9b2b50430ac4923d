"""Token expiry and timestamps: which saved cards a checkout may show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, TypeVar

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from ._models import Instrument

# Cashfree sends some timestamps without an offset ("2021-11-11 16:57:57"); they are India Standard Time.
CASHFREE_LOCAL_TIME = timezone(timedelta(hours=5, minutes=30), "IST")

InstrumentT = TypeVar("InstrumentT", bound="Instrument")


def token_expiry(expiry_month: object, expiry_year: object) -> datetime | None:
    """The instant a card token stops being valid: the end of its expiry month (UTC), or None if unreadable.

    `expiry_year` may have two digits ("23" is 2023) or four ("2028").
    """
    if not isinstance(expiry_month, str) or not isinstance(expiry_year, str):
        return None
    if not (expiry_month.isdigit() and expiry_year.isdigit() and len(expiry_year) in (2, 4)):
        return None
    month, year = int(expiry_month), int(expiry_year)
    if len(expiry_year) == 2:
        year += 2000
    if not 1 <= month <= 12:
        return None
    return datetime(year, month, 1, tzinfo=UTC) + relativedelta(months=1)


def parse_timestamp(value: object, default_tz: timezone = CASHFREE_LOCAL_TIME) -> datetime | None:
    """A timezone-aware datetime from either format Cashfree sends, or None if unreadable.

    "2023-11-01T04:55:07.000+00:00" keeps its offset; "2021-11-11 16:57:57" gets `default_tz`.
    """
    if not isinstance(value, str):
        return None
    try:
        parsed = isoparse(value)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=default_tz)


def usable_instruments(instruments: Iterable[InstrumentT], at: datetime | None = None) -> list[InstrumentT]:
    """The instruments a checkout may show at `at` (default: now): ACTIVE, with a token not yet expired."""
    moment = at or datetime.now(UTC)
    return [instrument for instrument in instruments if instrument.is_usable(moment)]
