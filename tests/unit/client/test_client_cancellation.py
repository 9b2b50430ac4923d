"""Issue #12, cancellation must not disable AsyncCashfree.

httpcore 1.0.9's pool loses a connection slot for good when a request is cancelled after the pool handed it a
new connection but before it used it (encode/httpcore#830, #1093; the fixes are unmerged), and the client's own
gate must not lose a place either. Here 10,000 calls are cancelled at random points (asyncio.wait_for with tiny
timeouts, task.cancel() after a random number of loop turns) by many tasks at once, more than the pool has
connections; afterwards a plain call succeeds at its first attempt, every connection slot is usable again (as
many calls at once as `max_connections`, all in flight together), and closing the client closes every socket.

The server is an asyncio server in the test's own loop on 127.0.0.1 (no threads): it answers every request with
an instrument after a random short pause; requests whose x-request-id starts with HELD it answers only once
`hold` of them wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random

import httpx

from cashfree_instruments import AsyncCashfree

CANCELLATIONS = 10_000
MAX_ITERATIONS = 60_000  # bounds the storm's loop whatever happens
TASKS = 12
CONNECTIONS = 10  # max_connections: fewer than TASKS, so calls also wait for a connection and get cancelled there
HELD = b"x-request-id: held-"

INSTRUMENT = {"customer_id": "cust_1", "instrument_id": "inst_1", "instrument_type": "card"}
BODY = json.dumps(INSTRUMENT).encode()
RESPONSE = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(BODY), BODY)


class LoopbackServer:
    def __init__(self) -> None:
        self.open = 0
        self.accepted = 0
        self.hold = 0  # held requests are answered once this many wait (or after 10 s)
        self.held = 0  # held requests waiting now
        self.peak_held = 0
        self._rng = random.Random(7)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/pg"

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):  # ends each connection's handler (its read sees the end)
            writer.close()
        for _ in range(500):  # at most 5 s
            if self.open == 0:
                break
            await asyncio.sleep(0.01)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open += 1
        self.accepted += 1
        self._writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                await (self._hold() if HELD in head.lower() else self._pause())
                writer.write(RESPONSE)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open -= 1
            self._writers.discard(writer)
            writer.close()

    async def _hold(self) -> None:
        self.held += 1
        self.peak_held = max(self.peak_held, self.held)
        try:
            for _ in range(1000):  # at most 10 s
                if self.peak_held >= self.hold:
                    return
                await asyncio.sleep(0.01)
        finally:
            self.held -= 1

    async def _pause(self) -> None:
        pause = self._rng.choice((0, 0, 0, 0.0005, 0.002))
        if pause:
            await asyncio.sleep(pause)


async def storm(acf: AsyncCashfree) -> tuple[int, int, list[BaseException]]:
    """Calls cancelled at random points until CANCELLATIONS: (cancelled, completed, unexpected errors)."""
    cancelled = completed = iterations = 0
    unexpected: list[BaseException] = []

    async def worker(seed: int) -> None:
        nonlocal cancelled, completed, iterations
        rng = random.Random(seed)
        while cancelled < CANCELLATIONS and iterations < MAX_ITERATIONS:
            iterations += 1
            try:
                if rng.random() < 0.5:
                    await asyncio.wait_for(acf.instruments.get("cust_1", "inst_1"), timeout=rng.uniform(0, 0.004))
                else:
                    task = asyncio.ensure_future(acf.instruments.get("cust_1", "inst_1"))
                    for _ in range(rng.randrange(12)):
                        await asyncio.sleep(0)
                    task.cancel()
                    await task
                completed += 1
            except (TimeoutError, asyncio.CancelledError):
                cancelled += 1
            except Exception as exc:
                unexpected.append(exc)

    await asyncio.gather(*(worker(seed) for seed in range(TASKS)))
    return cancelled, completed, unexpected


async def test_cancellations_do_not_disable_the_client() -> None:
    server = LoopbackServer()
    base_url = await server.start()
    try:
        acf = AsyncCashfree(
            "id",
            "secret",
            base_url=base_url,
            max_retries=0,
            timeout=httpx.Timeout(5.0, pool=2.0),
            limits=httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS),
        )
        cancelled, completed, unexpected = await asyncio.wait_for(storm(acf), timeout=600)
        assert cancelled >= CANCELLATIONS, f"only {cancelled} cancellations in {MAX_ITERATIONS} calls"
        assert unexpected == [], f"{len(unexpected)} calls failed otherwise, the first: {unexpected[0]!r}"

        # A plain call succeeds at once: its first attempt, no pool timeout.
        response = await acf.instruments.with_raw_response.get("cust_1", "inst_1")
        assert response.metadata.attempts == 1
        assert response.data.instrument_id == "inst_1"
        assert server.open <= CONNECTIONS

        # Every connection slot is usable: CONNECTIONS calls in flight at once (the server answers none of them
        # until all have arrived). Exchanges of cancelled calls may still be finishing: they are not held.
        server.hold = CONNECTIONS
        calls = (acf.instruments.get("cust_1", "inst_1", request_id=f"held-{n}") for n in range(CONNECTIONS))
        together = await asyncio.wait_for(asyncio.gather(*calls), timeout=30)
        assert [i.instrument_id for i in together] == ["inst_1"] * CONNECTIONS
        assert server.peak_held == CONNECTIONS

        # No socket is left behind: closing the client closes every connection the server still has.
        await acf.close()
        for _ in range(500):  # at most 5 s
            if server.open == 0:
                break
            await asyncio.sleep(0.01)
        assert server.open == 0
        print(f"\n{cancelled} cancelled, {completed} completed, {server.accepted} connections accepted")
    finally:
        await server.stop()


async def test_a_cancelled_wait_for_a_connection_hands_its_turn_on() -> None:
    """The client's gate: a waiter cancelled just as it is given a place passes the place on instead of losing it."""
    server = LoopbackServer()
    base_url = await server.start()
    try:
        limits = httpx.Limits(max_connections=1)
        async with AsyncCashfree("id", "secret", base_url=base_url, max_retries=0, limits=limits) as acf:
            for _ in range(200):
                first = asyncio.ensure_future(acf.instruments.get("cust_1", "inst_1"))
                second = asyncio.ensure_future(acf.instruments.get("cust_1", "inst_1"))
                await asyncio.sleep(0)  # both started: the first holds the place, the second waits for it
                await first  # the place is handed to the second...
                second.cancel()  # ...which is cancelled before it runs again
                with contextlib.suppress(asyncio.CancelledError):
                    await second
            assert (await acf.instruments.get("cust_1", "inst_1")).instrument_id == "inst_1"
    finally:
        await server.stop()
