"""Issue #12, event loops: an AsyncCashfree belongs to the event loop of its first call until that loop closes.

A second asyncio.run() (the first loop closed) gets fresh connections and works; a call from another loop while
the first one is still open is refused with UsageError before anything is sent. A delivered request is never
reported as "no response".
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from cashfree_instruments import APIConnectionError, AsyncCashfree, UsageError
from cashfree_instruments.testing import FakeCashfree, FakeServer


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(FakeCashfree(rate_limit=10**9)) as served:
        yield served


def test_a_second_asyncio_run_works(server: FakeServer) -> None:
    fake = server.fake
    cards = [fake.add_instrument("cust_loops")["instrument_id"] for _ in range(3)]
    acf = AsyncCashfree(fake.client_id, fake.client_secret, base_url=server.base_url)
    try:
        for card in cards:  # each in its own loop, closed afterwards
            deleted = asyncio.run(acf.instruments.delete("cust_loops", card))
            assert deleted.instrument_id == card
    finally:
        asyncio.run(acf.close())
    assert fake.instruments("cust_loops") == []
    deletes = [r for r in fake.received if r.method == "DELETE"]
    assert len(deletes) == 3  # one request per delete: none retried, none failed after reaching the server


def test_a_call_from_another_open_loop_is_refused_before_any_io(server: FakeServer) -> None:
    fake = server.fake
    card = fake.add_instrument("cust_loops")["instrument_id"]
    acf = AsyncCashfree(fake.client_id, fake.client_secret, base_url=server.base_url, timeout=5.0)
    first_loop = asyncio.new_event_loop()
    ready, stop = threading.Event(), threading.Event()
    first_result: list[object] = []

    def serve_first_loop() -> None:
        async def main() -> None:
            first_result.append(await acf.instruments.get("cust_loops", card))
            ready.set()
            while not stop.is_set():  # the loop stays open and running
                await asyncio.sleep(0.01)

        first_loop.run_until_complete(main())

    thread = threading.Thread(target=serve_first_loop, daemon=True)
    thread.start()
    try:
        assert ready.wait(timeout=30)
        received = len(fake.received)
        with pytest.raises(UsageError, match="event loop") as caught:
            asyncio.run(acf.instruments.delete("cust_loops", card))
        assert not isinstance(caught.value, APIConnectionError)
        assert len(fake.received) == received  # nothing was sent
        assert len(fake.instruments("cust_loops")) == 1
    finally:
        stop.set()
        thread.join(timeout=30)
    first_loop.run_until_complete(acf.close())  # its own loop, now idle: the pool closes there
    first_loop.close()
    assert not thread.is_alive()
    assert first_result


def test_close_from_a_new_loop_after_the_first_closed(server: FakeServer) -> None:
    fake = server.fake
    card = fake.add_instrument("cust_loops")["instrument_id"]
    acf = AsyncCashfree(fake.client_id, fake.client_secret, base_url=server.base_url)
    asyncio.run(acf.instruments.get("cust_loops", card))
    asyncio.run(acf.close())
    with pytest.raises(UsageError, match="closed"):
        asyncio.run(acf.instruments.get("cust_loops", card))
