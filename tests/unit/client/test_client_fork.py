"""Issue #12, fork (gunicorn, Celery prefork, multiprocessing): after os.fork() parent and child never share a
connection, so neither can read the other's responses.

A client makes one call (a keep-alive connection stays in its pool), then the process forks and parent and child
both call at once through that client, each for its own customer's cryptogram, against one FakeServer on
127.0.0.1 served by the parent's threads. Every answer must be the caller's own card. The child reports through a
pipe and leaves with os._exit; the parent waits for it a bounded time and kills it past that.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cashfree_instruments import AsyncCashfree, Cashfree
from cashfree_instruments.testing import FakeCashfree, FakeServer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

CALLS = 150
CHILD_TIMEOUT = 90.0  # seconds: a bound on the child, not an expected duration


@pytest.fixture
def served() -> Iterator[tuple[FakeServer, dict[str, str]]]:
    """The server and each side's instrument id (parent: customer_parent, child: customer_child)."""
    fake = FakeCashfree(rate_limit=10**9)
    ids = {side: fake.add_instrument(f"customer_{side}")["instrument_id"] for side in ("parent", "child")}
    with FakeServer(fake) as server:
        yield server, ids


def expected_card(server: FakeServer, side: str, ids: dict[str, str]) -> str:
    return str(server.fake.cryptogram(f"customer_{side}", ids[side])["card_number"])


Tally = dict[str, Any]


def tally(outcomes: list[tuple[str | None, str | None]], own_card: str) -> Tally:
    """outcomes: (card number got, error type name) per call."""
    return {
        "own": sum(card == own_card for card, _ in outcomes),
        "foreign": sum(card is not None and card != own_card for card, _ in outcomes),
        "errors": sorted({error for _, error in outcomes if error is not None}),
    }


def sync_calls(cf: Cashfree, customer: str, instrument_id: str, own_card: str) -> Tally:
    outcomes: list[tuple[str | None, str | None]] = []
    for _ in range(CALLS):
        try:
            outcomes.append((cf.instruments.cryptogram(customer, instrument_id).card_number, None))
        except Exception as exc:
            outcomes.append((None, type(exc).__name__))
    return tally(outcomes, own_card)


async def async_calls(acf: AsyncCashfree, customer: str, instrument_id: str, own_card: str) -> Tally:
    async def one() -> tuple[str | None, str | None]:
        try:
            return (await acf.instruments.cryptogram(customer, instrument_id)).card_number, None
        except Exception as exc:
            return None, type(exc).__name__

    outcomes = []
    for _ in range(CALLS // 5):  # five at a time
        outcomes += await asyncio.gather(*(one() for _ in range(5)))
    return tally(outcomes, own_card)


def fork(child_work: Callable[[], Tally]) -> tuple[int, int]:
    """Forks; the child runs child_work, writes its tally as JSON to a pipe and exits. Returns (pid, read end)."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # 3.12+ warns of fork() in a threaded process: the fake server's threads are the test's, not the client's,
        # and the child touches none of them.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            try:
                result: Tally = child_work()
            except BaseException as exc:
                result = {"crash": repr(exc)}
            os.write(write_end, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def child_result(pid: int, read_end: int) -> Tally:
    """The child's tally, waiting at most CHILD_TIMEOUT; the child is killed and reaped in any case."""
    data = b""
    deadline = time.monotonic() + CHILD_TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([read_end], [], [], 0.1)
            if ready:
                chunk = os.read(read_end, 65536)
                if not chunk:
                    break
                data += chunk
    finally:
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert data, "the child reported nothing within the time allowed"
    result: Tally = json.loads(data)
    return result


def test_sync_parent_and_child_never_get_each_others_data(served: tuple[FakeServer, dict[str, str]]) -> None:
    server, ids = served
    fake = server.fake
    cards = {side: expected_card(server, side, ids) for side in ids}
    with Cashfree(fake.client_id, fake.client_secret, base_url=server.base_url, max_retries=0) as cf:
        cf.instruments.cryptogram("customer_parent", ids["parent"])  # a connection now waits in the pool
        pid, read_end = fork(lambda: sync_calls(cf, "customer_child", ids["child"], cards["child"]))
        parent = sync_calls(cf, "customer_parent", ids["parent"], cards["parent"])
        child = child_result(pid, read_end)
    assert child == {"own": CALLS, "foreign": 0, "errors": []}
    assert parent == {"own": CALLS, "foreign": 0, "errors": []}
    assert server.connections_accepted >= 2  # the child opened its own


def test_async_parent_and_child_never_get_each_others_data(served: tuple[FakeServer, dict[str, str]]) -> None:
    server, ids = served
    fake = server.fake
    cards = {side: expected_card(server, side, ids) for side in ids}
    acf = AsyncCashfree(fake.client_id, fake.client_secret, base_url=server.base_url, max_retries=0)
    loop = asyncio.new_event_loop()  # the parent's loop, kept across the fork
    try:
        loop.run_until_complete(acf.instruments.cryptogram("customer_parent", ids["parent"]))

        def in_child() -> Tally:
            async def main() -> Tally:  # a new loop: the parent's loop (and its epoll) stay the parent's
                return await asyncio.wait_for(
                    async_calls(acf, "customer_child", ids["child"], cards["child"]), CHILD_TIMEOUT / 2
                )

            return asyncio.run(main())

        pid, read_end = fork(in_child)
        parent = loop.run_until_complete(async_calls(acf, "customer_parent", ids["parent"], cards["parent"]))
        child = child_result(pid, read_end)
        loop.run_until_complete(acf.close())
    finally:
        loop.close()
    assert child == {"own": CALLS, "foreign": 0, "errors": []}
    assert parent == {"own": CALLS, "foreign": 0, "errors": []}
    assert server.connections_accepted >= 2
