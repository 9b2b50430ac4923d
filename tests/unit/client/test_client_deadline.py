"""Issue #12, a whole-call deadline: attempts, backoff, rate-limit waits and the body read all end by `deadline`.

The retry arithmetic runs on a fake clock (the client module's `time`, `asyncio.sleep` advancing it) with
httpx.MockTransport handlers that "take" time by advancing the clock, so nothing here depends on how fast the
machine is. Two tests use real sockets (tests/helpers/fault_server.py) for what only a socket shows: a 200 dribbled
one byte at a time and a stream of `102 Processing` responses, each of which resets httpx's read timer; there
the only time assertion is a generous upper bound far below what the server would take.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    DEFAULT_DEADLINE,
    APIError,
    APITimeoutError,
    AsyncCashfree,
    Cashfree,
    ConfigurationError,
    RateLimitError,
)
from tests.helpers.client import CLIENT_CLASSES, INSTRUMENT, Server, call, error_response, make_client, patch_clock
from tests.helpers.fault_server import Dribble, FaultServer, Interim, json_response

START = 1000.0


class FakeClock:
    """monotonic() and sleep() for the client module: sleeping advances the clock at once."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    patch_clock(monkeypatch, fake.monotonic, fake.sleep, fake.async_sleep)
    return fake


class SlowServer:
    """Each attempt takes `takes` seconds of the fake clock, unless its read timeout is shorter: then the attempt
    takes the read timeout and ends in httpx.ReadTimeout. Records every attempt's timeouts."""

    def __init__(self, clock: FakeClock, takes: float, reply: httpx.Response) -> None:
        self.clock = clock
        self.takes = takes
        self.reply = reply
        self.timeouts: list[dict[str, float]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions["timeout"]
        self.timeouts.append(dict(timeouts))
        if timeouts["read"] < self.takes:
            self.clock.now += timeouts["read"]
            raise httpx.ReadTimeout("timed out", request=request)
        self.clock.now += self.takes
        return httpx.Response(self.reply.status_code, headers=self.reply.headers, content=self.reply.content)


def raised(action: Callable[[], Any]) -> BaseException:
    try:
        action()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


# -- the retry loop against the deadline (fake clock) ------------------------------------------------------------


@CLIENT_CLASSES
def test_rate_limit_waits_that_would_pass_the_deadline_are_not_started(
    client_class: type[Any], clock: FakeClock
) -> None:
    """A 429 storm asking for 20 s each: two waits fit in 60 s, the third would end at the deadline."""
    limited = error_response(429, code="rate_limit_exceeded", headers={"x-ratelimit-retry": "20"})
    server = Server(limited)
    cf = make_client(client_class, server, max_retries=10, deadline=60)
    error = raised(lambda: call(cf, "list", "cust_1"))
    assert type(error) is RateLimitError
    assert error.metadata.attempts == 3
    assert len(server.requests) == 3
    assert clock.sleeps == [20.0, 20.0]
    assert clock.now - START == 40.0


@CLIENT_CLASSES
def test_attempts_are_cut_to_the_time_left(client_class: type[Any], clock: FakeClock) -> None:
    """Attempts of 25 s against 503s: two fit, the third gets only what is left and times out at the deadline."""
    server = SlowServer(clock, takes=25.0, reply=error_response(503))
    cf = make_client(client_class, transport_handler(server), max_retries=5, timeout=30.0, deadline=60)
    error = raised(lambda: call(cf, "delete", "cust_1", "inst_1"))
    assert type(error) is APITimeoutError
    assert "deadline" in str(error)
    assert error.attempts == 3
    assert len(server.timeouts) == 3
    assert server.timeouts[0]["read"] == 30.0
    assert server.timeouts[1]["read"] == 30.0
    left = 60.0 - (25.0 + clock.sleeps[0] + 25.0 + clock.sleeps[1])
    assert server.timeouts[2] == pytest.approx({"connect": 5.0, "read": left, "write": left, "pool": left})
    assert clock.now == pytest.approx(START + 60.0)
    assert error.idempotency_key is not None


@CLIENT_CLASSES
def test_a_retry_whose_backoff_would_pass_the_deadline_is_not_started(
    client_class: type[Any], clock: FakeClock
) -> None:
    server = SlowServer(clock, takes=59.8, reply=error_response(503))
    cf = make_client(client_class, transport_handler(server), max_retries=5, timeout=60.0, deadline=60)
    error = raised(lambda: call(cf, "get", "cust_1", "inst_1"))
    assert type(error) is APIError  # what the server said, not a timeout: the call ended before its deadline
    assert error.metadata.attempts == 1
    assert clock.sleeps == []


@CLIENT_CLASSES
def test_deadline_per_call_and_in_with_options(client_class: type[Any], clock: FakeClock) -> None:
    server = SlowServer(clock, takes=0.0, reply=httpx.Response(200, json=INSTRUMENT))
    cf = make_client(client_class, transport_handler(server), timeout=30.0)
    assert cf.deadline == DEFAULT_DEADLINE
    call(cf, "get", "cust_1", "inst_1")
    call(cf, "get", "cust_1", "inst_1", deadline=5)
    call(cf.with_options(deadline=7.5), "get", "cust_1", "inst_1")
    call(cf.with_options(deadline=7.5), "get", "cust_1", "inst_1", deadline=2)
    assert [t["read"] for t in server.timeouts] == [30.0, 5.0, 7.5, 2.0]
    assert cf.with_options(deadline=7.5).deadline == 7.5


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", [0, -1, math.nan, "5", True, None])
def test_a_bad_deadline_is_refused(client_class: type[Any], bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="deadline"):
        make_client(client_class, deadline=bad)
    cf = make_client(client_class)
    if bad is not None:  # None means "the client's" in with_options and per call
        with pytest.raises(ConfigurationError, match="deadline"):
            cf.with_options(deadline=bad)
        with pytest.raises(ConfigurationError, match="deadline"):
            call(cf, "list", "cust_1", deadline=bad)


def test_default_deadline_is_sixty_seconds() -> None:
    assert DEFAULT_DEADLINE == 60.0


def transport_handler(handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    """A Server-like object whose transport calls `handler` (make_client wants `.transport`)."""
    return SimpleNamespace(transport=httpx.MockTransport(handler))


# -- real sockets: servers that reset the read timer forever ---------------------------------------------------

CRYPTOGRAM_BODY = {"instrument_id": "inst_1", "card_number": "4111110000001111", "cryptogram": "AgAAAAAAAIR8"}
DEADLINE = 1.5
GENEROUS = 20.0  # seconds: far above DEADLINE, far below what each server below would take to finish


async def call_over_http(client_class: type[Any], base_url: str) -> BaseException:
    options: dict[str, Any] = {"base_url": base_url, "timeout": 1.0, "deadline": DEADLINE, "max_retries": 2}
    try:
        if client_class is Cashfree:
            with Cashfree("id", "secret", **options) as cf:
                await asyncio.to_thread(cf.instruments.cryptogram, "cust_1", "inst_1")
        else:
            async with AsyncCashfree("id", "secret", **options) as acf:
                await acf.instruments.cryptogram("cust_1", "inst_1")
    except Exception as exc:
        return exc
    raise AssertionError("the call succeeded")


@CLIENT_CLASSES
async def test_a_200_dribbled_one_byte_at_a_time_ends_at_the_deadline(client_class: type[Any]) -> None:
    """Each byte comes within the 1 s read timeout; the whole response would take ~60 s."""
    slow = Dribble(json_response(200, {**CRYPTOGRAM_BODY, "padding": "x" * 2000}), delay=0.03)
    with FaultServer([slow]) as server:
        started = time.monotonic()
        error = await call_over_http(client_class, server.base_url)
        elapsed = time.monotonic() - started
        requests = server.requests
    assert type(error) is APITimeoutError, repr(error)
    assert "deadline" in str(error)
    assert error.attempts == 1  # the deadline was spent: no retry
    assert len(requests) == 1
    assert elapsed < GENEROUS


@CLIENT_CLASSES
async def test_a_stream_of_102_processing_ends_at_the_deadline(client_class: type[Any]) -> None:
    """A `102 Processing` every 0.05 s, for ~100 s, then the answer."""
    processing = Interim(count=2000, every=0.05, response=json_response(200, CRYPTOGRAM_BODY))
    with FaultServer([processing]) as server:
        started = time.monotonic()
        error = await call_over_http(client_class, server.base_url)
        elapsed = time.monotonic() - started
        requests = server.requests
    assert type(error) is APITimeoutError, repr(error)
    assert "deadline" in str(error)
    assert error.attempts == 1
    assert len(requests) == 1
    assert elapsed < GENEROUS
