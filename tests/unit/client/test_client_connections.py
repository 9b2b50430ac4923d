"""The clients' own connection pool (_async_network.py's _AsyncConnections and its sync twin): keep-alive reuse,
connections the server closed or that outlived keepalive_expiry left unused, the idle cap, the bound on
connections in use with its pool timeout, and closing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from cashfree_instruments import APITimeoutError, AsyncCashfree, Cashfree
from tests.helpers.client import CLIENT_CLASSES, INSTRUMENT, run
from tests.helpers.fault_server import Behaviour, CloseAfter, FaultServer, Stall, json_response

OK = json_response(200, INSTRUMENT)
# A keep-alive response, after which the server closes the connection without saying so.
OK_THEN_CLOSED = CloseAfter(OK, after=len(OK.encode()))


def _batches(client_class: type[Any], server: FaultServer, batches: list[int], **options: Any) -> list[int]:
    """Each call's attempts, for calls in batches on one client: a batch's calls at once, one batch after another."""
    options = {"base_url": server.base_url, "max_retries": 0, **options}
    if client_class is Cashfree:
        attempts = []
        with Cashfree("id", "secret", **options) as cf, ThreadPoolExecutor(max_workers=max(batches)) as pool:
            for size in batches:
                calls = pool.map(lambda _: cf.instruments.with_raw_response.get("c", "i"), range(size), timeout=60)
                attempts += [response.metadata.attempts for response in calls]
        return attempts

    async def main() -> list[int]:
        attempts = []
        async with AsyncCashfree("id", "secret", **options) as acf:
            for size in batches:
                calls = [acf.instruments.with_raw_response.get("c", "i") for _ in range(size)]
                attempts += [response.metadata.attempts for response in await asyncio.gather(*calls)]
        return attempts

    result: list[int] = run(main())
    return result


def _wait_for(condition: Callable[[], bool]) -> None:
    """Until `condition` holds (polled; a safety stop after 10 s, which is not what the test measures)."""
    stop = time.monotonic() + 10
    while not condition() and time.monotonic() < stop:
        time.sleep(0.01)
    assert condition()


@CLIENT_CLASSES
def test_calls_one_after_another_share_one_connection(client_class: type[Any]) -> None:
    with FaultServer([OK]) as server:
        assert _batches(client_class, server, [1, 1, 1]) == [1, 1, 1]
        assert server.connections == 1


@CLIENT_CLASSES
def test_a_connection_the_server_closed_while_idle_is_not_used(client_class: type[Any]) -> None:
    script: list[Behaviour] = [OK_THEN_CLOSED, OK]
    with FaultServer(script) as server:
        options = {"base_url": server.base_url, "max_retries": 0}
        if client_class is Cashfree:
            with Cashfree("id", "secret", **options) as cf:
                cf.instruments.get("c", "i")
                _wait_for(lambda: server.closed_connections == 1)
                second = cf.instruments.with_raw_response.get("c", "i")
        else:

            async def main() -> Any:
                async with AsyncCashfree("id", "secret", **options) as acf:
                    await acf.instruments.get("c", "i")
                    await asyncio.to_thread(_wait_for, lambda: server.closed_connections == 1)
                    return await acf.instruments.with_raw_response.get("c", "i")

            second = run(main())
        assert second.metadata.attempts == 1  # not sent on the closed connection: no retry was needed
        assert [r.connection for r in server.requests] == [1, 2]


@CLIENT_CLASSES
def test_a_connection_past_its_keepalive_expiry_is_not_used(client_class: type[Any]) -> None:
    with FaultServer([OK]) as server:
        limits = httpx.Limits(keepalive_expiry=0.0)
        assert _batches(client_class, server, [1, 1], limits=limits) == [1, 1]
        assert [r.connection for r in server.requests] == [1, 2]


@CLIENT_CLASSES
def test_no_more_than_max_keepalive_connections_stay_open_between_calls(client_class: type[Any]) -> None:
    with FaultServer([Stall(0.3, OK)]) as server:
        limits = httpx.Limits(max_connections=3, max_keepalive_connections=1)
        assert _batches(client_class, server, [3, 3], limits=limits) == [1] * 6
        # Three connections for the first three calls, of which one was kept: the next three open two more.
        assert server.connections == 5


def test_a_sync_call_waits_for_a_connection_at_most_the_pool_timeout() -> None:
    """As AsyncCashfree does (tests/reliability/test_load.py): with its one connection busy, a call fails with
    APITimeoutError (PoolTimeout) after the pool timeout, unsent. No upper bound on the time."""
    slow = Stall(0.8, OK)
    with FaultServer([slow]) as server:
        timeout = httpx.Timeout(5.0, pool=0.2)
        limits = httpx.Limits(max_connections=1)
        with (
            Cashfree("id", "secret", base_url=server.base_url, max_retries=0, timeout=timeout, limits=limits) as cf,
            ThreadPoolExecutor(max_workers=1) as pool,
        ):
            busy = pool.submit(cf.instruments.get, "c", "i")
            _wait_for(lambda: len(server.requests) == 1)
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="PoolTimeout") as caught:
                cf.instruments.get("c", "i", request_id="the-second")
            waited = time.monotonic() - started
            assert busy.result(timeout=60).instrument_id == INSTRUMENT["instrument_id"]
    assert caught.value.attempts == 1
    assert waited >= 0.2
    assert "the-second" not in {r.headers["x-request-id"] for r in server.requests}


@CLIENT_CLASSES
def test_closing_the_client_closes_its_idle_connections(client_class: type[Any]) -> None:
    with FaultServer([OK]) as server:
        assert _batches(client_class, server, [2]) == [1, 1]  # the client is closed when this returns
        _wait_for(lambda: server.closed_connections == server.connections)
        assert server.connections == 2
