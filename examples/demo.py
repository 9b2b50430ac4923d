"""`make demo` (`python examples/demo.py`): the main job — list a customer's saved cards, fetch one, a
cryptogram, delete, list again.

Runs against the embedded fake Cashfree unless CASHFREE_CLIENT_ID, CASHFREE_CLIENT_SECRET and
CASHFREE_ENVIRONMENT are set; against a real environment it deletes only with CASHFREE_DEMO_ALLOW_DELETE=1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from cashfree_instruments import APIResponse, Cashfree, Cryptogram, Instrument
from cashfree_instruments.testing import FakeCashfree
from cashfree_instruments_generated.types import Unset

DEMO_CUSTOMER = "akshita2106"  # a customer of the seed data (the API reference page's example)
ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_ENVIRONMENT = (
    "CASHFREE_CLIENT_ID",
    "CASHFREE_CLIENT_SECRET",
    "CASHFREE_ENVIRONMENT",
)
ENV_DEMO_CUSTOMER = "CASHFREE_DEMO_CUSTOMER_ID"
ENV_DEMO_ALLOW_DELETE = "CASHFREE_DEMO_ALLOW_DELETE"


def _text(value: object) -> str:
    if value is None or isinstance(value, Unset):
        return "-"
    return str(getattr(value, "value", value))


def mask(secret: object, keep: int = 4) -> str:
    """Card data as a demo may show it: all but the last `keep` characters hidden."""
    text = _text(secret)
    if text == "-":
        return text
    shown = text[len(text) - keep :] if 0 < keep < len(text) else ""
    return "•" * (len(text) - len(shown)) + shown


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        out.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + "\n")
        if n == 0:
            out.write("  " + "  ".join("-" * width for width in widths) + "\n")


def _instrument_rows(instruments: Sequence[Instrument], at: datetime) -> list[list[str]]:
    rows = [["instrument_id", "card", "network", "type", "bank", "status", "token valid through", "usable"]]
    for i in instruments:
        meta = i.instrument_meta
        expires = i.token_expires_at
        rows.append(
            [
                i.instrument_id[:8] + "…",
                _text(i.instrument_display),
                _text(getattr(meta, "card_network", None)),
                _text(getattr(meta, "card_type", None)),
                _text(getattr(meta, "card_bank_name", None)),
                _text(i.instrument_status),
                f"{expires - timedelta(seconds=1):%Y-%m}" if expires else "unknown",
                "yes" if i.is_usable(at) else "no",
            ]
        )
    return rows


class _Log:
    """The metadata of every call the demo made, for the closing table."""

    def __init__(self) -> None:
        self.rows = [["call", "status", "request id", "rate limit", "remaining", "attempts", "replayed"]]

    def record(self, call: str, response: APIResponse[Any]) -> None:
        m = response.metadata
        self.rows.append(
            [
                call,
                str(m.status_code),
                m.request_id or "-",
                _text(m.rate_limit.limit),
                _text(m.rate_limit.remaining),
                str(m.attempts),
                "yes" if m.idempotency_replayed else "no",
            ]
        )


def _seed_demo_cards(fake: FakeCashfree) -> None:
    fake.add_instrument(
        DEMO_CUSTOMER,
        instrument_display="XXXXXXXXXXXX4242",
        instrument_meta={
            "card_bank_name": "DEMO BANK",
            "card_token_details": {"expiry_month": "01", "expiry_year": "24"},
        },
    )
    fake.add_instrument(
        DEMO_CUSTOMER,
        instrument_display="XXXXXXXXXXXX0005",
        instrument_status="INACTIVE",
        instrument_meta={"card_network": "rupay", "card_bank_name": "DEMO BANK"},
    )


def run(cf: Cashfree, customer_id: str, *, allow_delete: bool, out: TextIO) -> int:
    now = datetime.now(UTC)
    log = _Log()
    raw = cf.instruments.with_raw_response

    listed = raw.list(customer_id)
    log.record("list", listed)
    out.write(f"\nSaved cards of {customer_id} ({len(listed.data)}), usable = ACTIVE with an unexpired token:\n")
    _table(_instrument_rows(listed.data, now), out)

    usable = [i for i in listed.data if i.is_usable(now)]
    if not usable:
        out.write("\nNo usable card: nothing to fetch, pay with or delete.\n")
        return 0
    chosen = usable[0]

    fetched = raw.get(customer_id, chosen.instrument_id)
    log.record("get", fetched)
    out.write(f"\nFetched {fetched.data.instrument_id}: {_text(fetched.data.instrument_display)}, ")
    out.write(f"saved {_text(fetched.data.created_at_datetime)}\n")

    cryptogram: APIResponse[Cryptogram] = raw.cryptogram(customer_id, chosen.instrument_id)
    log.record("cryptogram", cryptogram)
    c = cryptogram.data
    out.write(
        f"\nCryptogram for {c.instrument_id} (card data, shown masked):\n"
        f"  token card number {mask(c.card_number)}  expiry {_text(c.card_expiry_mm)}/{_text(c.card_expiry_yy)}"
        f"  cryptogram {mask(c.cryptogram, keep=0)} ({len(_text(c.cryptogram))} characters)\n"
    )

    if allow_delete:
        deleted = raw.delete(customer_id, chosen.instrument_id)
        log.record("delete", deleted)
        out.write(f"\nDeleted {deleted.data.instrument_id} ({_text(deleted.data.instrument_display)}).\n")
        again = raw.list(customer_id)
        log.record("list", again)
        out.write(f"\nSaved cards of {customer_id} after the delete ({len(again.data)}):\n")
        _table(_instrument_rows(again.data, now), out)
    else:
        out.write(f"\nDelete skipped: set {ENV_DEMO_ALLOW_DELETE}=1 to delete a card in a real environment.\n")

    out.write("\nWhat each call reported:\n")
    _table(log.rows, out)
    return 0


def main(environ: Mapping[str, str] | None = None, out: TextIO = sys.stdout) -> int:
    env = os.environ if environ is None else environ
    if all(env.get(name) for name in (ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_ENVIRONMENT)):
        customer_id = env.get(ENV_DEMO_CUSTOMER)
        if not customer_id:
            out.write(f"Set {ENV_DEMO_CUSTOMER} to the customer whose saved cards the demo should list.\n")
            return 2
        with Cashfree.from_env(env) as cf:
            out.write(f"Running against Cashfree ({cf.base_url}) with client id {env[ENV_CLIENT_ID]}.\n")
            return run(cf, customer_id, allow_delete=env.get(ENV_DEMO_ALLOW_DELETE) == "1", out=out)

    fake = FakeCashfree()
    _seed_demo_cards(fake)
    out.write(
        "Running against the embedded fake Cashfree (in-process, no network). Set CASHFREE_CLIENT_ID, "
        "CASHFREE_CLIENT_SECRET and CASHFREE_ENVIRONMENT to run against Cashfree.\n"
    )
    with Cashfree(fake.client_id, fake.client_secret, transport=fake.transport) as cf:
        return run(cf, DEMO_CUSTOMER, allow_delete=True, out=out)


if __name__ == "__main__":
    sys.exit(main())
