"""pytest fixtures for services that use cashfree_instruments: the embedded fake Cashfree and clients wired to it.

pytest loads this plugin wherever the package is installed (the `pytest11` entry point). It defines fixtures
only, no hooks or options, and imports the fake when a test first asks for one of them:

    def test_checkout_lists_the_saved_cards(cashfree_fake, cashfree_client):
        card = cashfree_fake.add_instrument("customer_1")
        assert [c.instrument_id for c in cashfree_client.instruments.list("customer_1")] == [card["instrument_id"]]

Override `cashfree_fake` in a conftest.py to change the fake (e.g. `FakeCashfree(seed=False)`): the clients use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from cashfree_instruments import AsyncCashfree, Cashfree
    from cashfree_instruments.testing import FakeCashfree


@pytest.fixture
def cashfree_fake() -> FakeCashfree:
    """A fresh in-memory fake Cashfree for this test, seeded with the documentation's examples."""
    from cashfree_instruments.testing import FakeCashfree

    return FakeCashfree()


@pytest.fixture
def cashfree_client(cashfree_fake: FakeCashfree) -> Iterator[Cashfree]:
    """A `Cashfree` client of `cashfree_fake`, in process (no sockets); closed after the test."""
    from cashfree_instruments import Cashfree

    with Cashfree(cashfree_fake.client_id, cashfree_fake.client_secret, transport=cashfree_fake.transport) as client:
        yield client


@pytest.fixture
def async_cashfree_client(cashfree_fake: FakeCashfree) -> Iterator[AsyncCashfree]:
    """An `AsyncCashfree` client of `cashfree_fake`, in process; closed after the test.

    A plain fixture, so it works with any asyncio test plugin (pytest-asyncio, anyio); the test awaits its calls.
    """
    import asyncio

    from cashfree_instruments import AsyncCashfree

    client = AsyncCashfree(cashfree_fake.client_id, cashfree_fake.client_secret, transport=cashfree_fake.transport)
    yield client
    asyncio.run(client.close())  # the fake's transport holds no connections: closing needs no particular loop
