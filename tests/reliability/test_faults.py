"""Issue #6, faults: the client against a real, misbehaving HTTP server on 127.0.0.1 (tests/helpers/fault_server.py).

Every scenario runs with Cashfree and with AsyncCashfree and asserts: the outcome (success after retries, or the
right CashfreeError subclass), the attempts (as the server counted them and as the error or metadata says),
the retry sleeps the client took (and that the call took at least the timeouts it hit plus those sleeps), one
x-request-id on every attempt of a call, one idempotency key on every attempt of a DELETE, and no secret or card
data in any log record or exception text. No test asserts an upper bound on time: on a loaded machine that is
a flaky test; durations are for `make bench`. docs/reliability.md tabulates the scenarios.

Backoff is shortened (INITIAL_RETRY_DELAY, read by _retry.backoff at call time) so retries cost milliseconds;
test_default_backoff_timing keeps the shipped delays and checks the real waits. Rate-limit waits are real.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import cashfree_instruments
from cashfree_instruments import (
    APIConnectionError,
    APIError,
    APIResponse,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncCashfree,
    Cashfree,
    CashfreeError,
    RateLimitError,
    ResponseTooLargeError,
    _retry,
)
from tests.helpers.client import patch_clock
from tests.helpers.fault_server import (
    Behaviour,
    Close,
    CloseAfter,
    Dribble,
    FaultServer,
    RecordedRequest,
    RefusingPort,
    Reset,
    Respond,
    Stall,
    cashfree_error,
    gzip_response,
    json_response,
)

CLIENT_ID = "cf_reliability_client"
CLIENT_SECRET = "cfsk_ma_test_S3CR3T_do_not_log_4b1d"
CARD_NUMBER = "4111110000001111"
CRYPTOGRAM = "AgAAAAAAAIR8CQrXSohbQAAAAAA="
PAR = "V0010014623048595023916090696"
SECRETS = (CLIENT_SECRET, CARD_NUMBER, CRYPTOGRAM, PAR)

CUSTOMER_ID = "cust_reliability"
INSTRUMENT_ID = "7b3b1d8e-6f4f-4d3e-9b2e-1f9f0c2b6a11"
INSTRUMENT: dict[str, Any] = {
    "customer_id": CUSTOMER_ID,
    "afa_reference": "740324562",
    "instrument_id": INSTRUMENT_ID,
    "instrument_type": "card",
    "instrument_uid": "0d8f70838cc5af8b1cd2bc0fe71278551fd3f1101e40020d89ad22ceba4f933c",
    "instrument_display": "XXXXXXXXXXXX1111",
    "instrument_status": "ACTIVE",
    "created_at": "2024-01-04T09:16:37.000+00:00",
    "instrument_meta": {
        "card_network": "visa",
        "card_bank_name": "HDFC Bank Limited",
        "card_country": "IN",
        "card_type": "credit_card",
        "card_token_details": {"par": PAR, "expiry_month": "12", "expiry_year": "2099"},
    },
}
CRYPTOGRAM_BODY: dict[str, Any] = {
    "instrument_id": INSTRUMENT_ID,
    "token_requestor_id": "22457512314",
    "card_number": CARD_NUMBER,
    "card_expiry_mm": "12",
    "card_expiry_yy": "2099",
    "cryptogram": CRYPTOGRAM,
    "card_display": "1111",
}
SUCCESS_BODY: dict[str, Any] = {
    "list": [INSTRUMENT],
    "get": INSTRUMENT,
    "delete": INSTRUMENT,
    "cryptogram": CRYPTOGRAM_BODY,
}
ROUTES = {
    "list": ("GET", f"/pg/customers/{CUSTOMER_ID}/instruments?instrument_type=card"),
    "get": ("GET", f"/pg/customers/{CUSTOMER_ID}/instruments/{INSTRUMENT_ID}"),
    "delete": ("DELETE", f"/pg/customers/{CUSTOMER_ID}/instruments/{INSTRUMENT_ID}"),
    "cryptogram": ("GET", f"/pg/customers/{CUSTOMER_ID}/instruments/{INSTRUMENT_ID}/cryptogram"),
}

FAST_INITIAL_DELAY = 0.02  # seconds: the shortened first backoff (shipped: _retry.INITIAL_RETRY_DELAY = 0.5)

HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
    b"</center>\r\n<hr><center>nginx</center>\r\n<!-- upstream said card " + CARD_NUMBER.encode() + b" -->\r\n"
    b"</body>\r\n</html>\r\n"
)


def ok(op: str) -> Respond:
    return json_response(200, SUCCESS_BODY[op])


def server_error(status: int) -> Respond:
    return cashfree_error(status, "internal server error", "api_error", "api_error")


RATE_LIMITED_1S = cashfree_error(
    429, "too many requests", "rate_limit_exceeded", "rate_limit_error", ("x-ratelimit-retry", "1")
)
RATE_LIMITED_ABOVE_CAP = cashfree_error(
    429,
    "too many requests",
    "rate_limit_exceeded",
    "rate_limit_error",
    ("x-ratelimit-retry", str(int(cashfree_instruments.MAX_RATE_LIMIT_WAIT) + 1)),
)


@dataclass(frozen=True)
class Scenario:
    """One misbehaviour. `script(op)` is what the server does, request by request."""

    id: str
    op: str
    script: Callable[[str], list[Behaviour]]
    error: type[CashfreeError] | None  # None: the call succeeds
    attempts: int
    max_retries: int = 2
    timeout: float = 1.0
    timeouts_hit: int = 0  # attempts that end by the client's read timeout
    rate_limit_waits: list[float] = field(default_factory=list)  # the sleeps a 429 asks for, in order
    refused: bool = False  # no server: the port refuses connections
    check: Callable[[Any], None] | None = None  # more assertions on the result or the error
    client_options: dict[str, Any] = field(default_factory=dict)  # more options of the client


def _check_rate_limit_above_cap(exc: RateLimitError) -> None:
    assert exc.retry_after == cashfree_instruments.MAX_RATE_LIMIT_WAIT + 1
    assert exc.status_code == 429


def _check_html_502(exc: APIError) -> None:
    assert exc.status_code == 502
    assert "text/html" in str(exc)
    assert "<html" not in str(exc)
    assert "nginx" not in str(exc)


def _check_520(exc: APIError) -> None:
    assert exc.status_code == 520
    assert exc.code == "api_error"


def _check_big(result: APIResponse[Any]) -> None:
    assert result.data.instrument_id == INSTRUMENT_ID
    assert len(result.data.additional_properties["padding"]) == 10 * 1024 * 1024


def _check_cryptogram(result: APIResponse[Any]) -> None:
    assert result.data.card_number == CARD_NUMBER
    assert result.data.cryptogram == CRYPTOGRAM


def _big_body(op: str) -> list[Behaviour]:
    body = {**INSTRUMENT, "padding": "x" * (10 * 1024 * 1024)}
    return [json_response(200, body)]


SCENARIOS = [
    Scenario("connection-refused", "list", lambda op: [], APIConnectionError, attempts=3, refused=True),
    Scenario(
        "reset-mid-response-then-ok",
        "delete",
        lambda op: [Reset(ok(op), after=len(ok(op).encode()) // 2), ok(op)],
        None,
        attempts=2,
    ),
    Scenario(
        "reset-mid-response-persistent",
        "get",
        lambda op: [Reset(ok(op), after=60)],
        APIConnectionError,
        attempts=2,
        max_retries=1,
    ),
    Scenario(
        "closed-mid-body-then-ok",
        "cryptogram",
        lambda op: [CloseAfter(ok(op), after=len(ok(op).encode()) - 10), ok(op)],
        None,
        attempts=2,
    ),
    Scenario("closed-without-response-then-ok", "list", lambda op: [Close(), ok(op)], None, attempts=2),
    Scenario(
        "stall-past-read-timeout-then-ok",
        "get",
        lambda op: [Stall(5.0, ok(op)), ok(op)],
        None,
        attempts=2,
        timeout=0.5,
        timeouts_hit=1,
    ),
    Scenario(
        "stall-past-read-timeout-persistent",
        "delete",
        lambda op: [Stall(5.0)],
        APITimeoutError,
        attempts=2,
        max_retries=1,
        timeout=0.5,
        timeouts_hit=2,
    ),
    Scenario(
        "429-retry-1s-then-ok",
        "list",
        lambda op: [RATE_LIMITED_1S, ok(op)],
        None,
        attempts=2,
        rate_limit_waits=[1.0],
    ),
    Scenario(
        "429-wait-above-cap",
        "get",
        lambda op: [RATE_LIMITED_ABOVE_CAP, ok(op)],
        RateLimitError,
        attempts=1,
        check=_check_rate_limit_above_cap,
    ),
    Scenario("500-then-ok", "delete", lambda op: [server_error(500), ok(op)], None, attempts=2),
    Scenario("502-then-ok", "get", lambda op: [server_error(502), ok(op)], None, attempts=2),
    Scenario("503-then-ok", "list", lambda op: [server_error(503), ok(op)], None, attempts=2),
    Scenario("504-then-ok", "cryptogram", lambda op: [server_error(504), ok(op)], None, attempts=2),
    Scenario("503-persistent", "delete", lambda op: [server_error(503)], APIError, attempts=3),
    Scenario(
        "html-502-from-proxy",
        "get",
        lambda op: [Respond(502, HTML_502, (("content-type", "text/html"),))],
        APIError,
        attempts=2,
        max_retries=1,
        check=_check_html_502,
    ),
    Scenario(
        "truncated-json-200",
        "get",
        lambda op: [Respond(200, ok(op).body[: len(ok(op).body) // 2])],
        APIResponseValidationError,
        attempts=1,
    ),
    Scenario(
        "non-json-200",
        "list",
        lambda op: [Respond(200, b"OK card " + CARD_NUMBER.encode(), (("content-type", "text/html"),))],
        APIResponseValidationError,
        attempts=1,
    ),
    Scenario(
        "json-as-text-plain",
        "cryptogram",
        lambda op: [json_response(200, SUCCESS_BODY[op], content_type="text/plain")],
        None,
        attempts=1,
        check=_check_cryptogram,
    ),
    Scenario(
        "10mb-body",
        "get",
        _big_body,
        None,
        attempts=1,
        check=_check_big,
        client_options={"max_response_bytes": 16 * 1024 * 1024},
    ),
    Scenario("10mb-body-over-the-default-limit", "get", _big_body, ResponseTooLargeError, attempts=1),
    Scenario("status-520", "delete", lambda op: [server_error(520), ok(op)], APIError, attempts=1, check=_check_520),
    Scenario(
        "gzip-body",
        "list",
        lambda op: [gzip_response(200, SUCCESS_BODY[op])],
        None,
        attempts=1,
    ),
    Scenario(
        "dribble-within-timeout",
        "cryptogram",
        lambda op: [Dribble(ok(op), delay=0.001)],
        None,
        attempts=1,
        timeout=0.5,
        check=_check_cryptogram,
    ),
]


# -- fixtures -------------------------------------------------------------------------------------------------


class Sleeps:
    """The retry waits the client asked for (sync and async), still slept for real."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def sync(self, seconds: float) -> None:
        self.delays.append(seconds)
        time.sleep(seconds)

    async def async_(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(seconds)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    recorder = Sleeps()
    patch_clock(monkeypatch, time.monotonic, recorder.sync, recorder.async_)
    return recorder


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "INITIAL_RETRY_DELAY", FAST_INITIAL_DELAY)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)  # the root logger: every logger (ours, httpx, httpcore) propagates to it
    yield caplog
    assert_no_secrets_logged(caplog)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# -- helpers --------------------------------------------------------------------------------------------------


def args_of(op: str) -> tuple[str, ...]:
    return (CUSTOMER_ID,) if op == "list" else (CUSTOMER_ID, INSTRUMENT_ID)


async def call(
    mode: str,
    base_url: str,
    op: str,
    *,
    max_retries: int,
    timeout: float,
    client_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> APIResponse[Any] | CashfreeError:
    """One call through a new client: its APIResponse, or the CashfreeError it raised."""
    options: dict[str, Any] = {
        "base_url": base_url,
        "max_retries": max_retries,
        "timeout": timeout,
        **(client_options or {}),
    }
    try:
        if mode == "sync":
            with Cashfree(CLIENT_ID, CLIENT_SECRET, **options) as cf:
                result: APIResponse[Any] = getattr(cf.instruments.with_raw_response, op)(*args_of(op), **kwargs)
                return result
        async with AsyncCashfree(CLIENT_ID, CLIENT_SECRET, **options) as acf:
            return await getattr(acf.instruments.with_raw_response, op)(*args_of(op), **kwargs)  # type: ignore[no-any-return]
    except CashfreeError as exc:
        return exc


def attempts_of(outcome: APIResponse[Any] | CashfreeError) -> int:
    if isinstance(outcome, APIResponse):
        return outcome.metadata.attempts
    if isinstance(outcome, APIConnectionError):
        return outcome.attempts
    assert isinstance(outcome, APIStatusError | APIResponseValidationError), repr(outcome)
    return outcome.metadata.attempts


def request_id_of(outcome: APIResponse[Any] | CashfreeError) -> str | None:
    if isinstance(outcome, APIResponse):
        return outcome.metadata.request_id
    return getattr(outcome, "request_id", None)


def worst_case_backoff(retries: int, initial: float) -> float:
    return sum(min(_retry.MAX_RETRY_DELAY, initial * 2.0**n) for n in range(retries))


def assert_attempts_consistent(requests: list[RecordedRequest], op: str, request_id: str | None) -> None:
    """Every attempt of one call: the same route, credentials, x-request-id and (DELETE) idempotency key."""
    method, target = ROUTES[op]
    for request in requests:
        assert (request.method, request.target) == (method, target)
        assert request.headers["x-client-id"] == CLIENT_ID
        assert request.headers["x-client-secret"] == CLIENT_SECRET
        assert request.headers["x-api-version"] == cashfree_instruments.API_VERSION
    request_ids = {r.headers.get("x-request-id") for r in requests}
    assert request_ids == {request_id}, "one x-request-id on every attempt of a call"
    keys = {r.headers.get("x-idempotency-key") for r in requests}
    if op == "delete":
        assert len(keys) == 1, "one idempotency key on every attempt of a DELETE"
        (key,) = keys
        assert key is not None
        assert str(uuid.UUID(key)) == key
    else:
        assert keys == {None}


def exception_text(exc: BaseException) -> str:
    """Everything an exception can show: str, repr, the formatted traceback with its chain, the context."""
    parts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    if exc.__context__ is not None:
        parts.append("".join(traceback.format_exception(exc.__context__)))
    return "\n".join(parts)


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def assert_no_secrets_logged(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += exception_text(record.exc_info[1])
        assert_no_secrets(text)


# -- the battery ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
async def test_fault(
    scenario: Scenario, mode: str, sleeps: Sleeps, fast_backoff: None, logs: pytest.LogCaptureFixture
) -> None:
    request_id = f"req-{scenario.id}-{mode}"
    if scenario.refused:
        with RefusingPort() as port:
            started = time.monotonic()
            outcome = await call(
                mode,
                port.base_url,
                scenario.op,
                max_retries=scenario.max_retries,
                timeout=scenario.timeout,
                request_id=request_id,
            )
            elapsed = time.monotonic() - started
        requests: list[RecordedRequest] | None = None
    else:
        with FaultServer(scenario.script(scenario.op)) as server:
            started = time.monotonic()
            outcome = await call(
                mode,
                server.base_url,
                scenario.op,
                max_retries=scenario.max_retries,
                timeout=scenario.timeout,
                client_options=scenario.client_options,
                request_id=request_id,
            )
            elapsed = time.monotonic() - started
            requests = server.requests

    # The outcome.
    if scenario.error is None:
        assert isinstance(outcome, APIResponse), f"expected success, got {outcome!r}"
        assert outcome.metadata.status_code == 200
    else:
        assert type(outcome) is scenario.error, f"expected {scenario.error.__name__}, got {outcome!r}"
        assert_no_secrets(exception_text(outcome))
        assert request_id in str(outcome)
    if scenario.check is not None:
        scenario.check(outcome)

    # The attempts, as the server counted them and as the client reports them.
    assert attempts_of(outcome) == scenario.attempts
    assert request_id_of(outcome) == request_id
    if requests is not None:
        assert len(requests) == scenario.attempts
        assert_attempts_consistent(requests, scenario.op, request_id)

    # The waits: one per retry; a 429's own wait where it asked for one, else the (shortened) backoff.
    retries = scenario.attempts - 1
    assert len(sleeps.delays) == retries
    assert sleeps.delays[: len(scenario.rate_limit_waits)] == scenario.rate_limit_waits
    for n, delay in enumerate(sleeps.delays[len(scenario.rate_limit_waits) :], start=len(scenario.rate_limit_waits)):
        cap = FAST_INITIAL_DELAY * 2.0**n
        assert cap * (1 - _retry.JITTER) <= delay <= cap

    # The time: at least the read timeouts hit and the waits taken (an upper bound would only measure the machine).
    assert elapsed >= scenario.timeouts_hit * scenario.timeout + sum(sleeps.delays) - 0.05


async def test_rate_limit_above_cap_raises_without_sleeping(mode: str, sleeps: Sleeps) -> None:
    """A 429 asking for more than MAX_RATE_LIMIT_WAIT raises at once: no sleep, even with retries left."""
    with FaultServer([RATE_LIMITED_ABOVE_CAP]) as server:
        outcome = await call(mode, server.base_url, "list", max_retries=5, timeout=30.0)
    assert isinstance(outcome, RateLimitError)
    assert outcome.retry_after == cashfree_instruments.MAX_RATE_LIMIT_WAIT + 1
    assert sleeps.delays == []
    assert len(server.requests) == 1


async def test_default_backoff_timing(mode: str, sleeps: Sleeps, logs: pytest.LogCaptureFixture) -> None:
    """The shipped backoff, for real: persistent 503 with max_retries=1 waits ~0.5 s once, then APIError.

    (The fast-backoff scenarios above check the doubling from one retry to the next.)
    """
    with FaultServer([server_error(503)]) as server:
        started = time.monotonic()
        outcome = await call(mode, server.base_url, "delete", max_retries=1, timeout=30.0)
        elapsed = time.monotonic() - started
    assert isinstance(outcome, APIError)
    assert outcome.metadata.attempts == 2
    assert len(server.requests) == 2
    assert_attempts_consistent(server.requests, "delete", outcome.request_id)
    initial, jitter = _retry.INITIAL_RETRY_DELAY, _retry.JITTER
    assert len(sleeps.delays) == 1
    assert initial * (1 - jitter) <= sleeps.delays[0] <= initial
    assert elapsed >= worst_case_backoff(1, initial) * (1 - jitter) - 0.05


async def test_request_id_fresh_per_call_same_across_retries(
    mode: str, sleeps: Sleeps, fast_backoff: None, logs: pytest.LogCaptureFixture
) -> None:
    """Two logical calls on one client, each retried once: ids repeat within a call and differ between calls.

    No request_id or idempotency_key is passed: the client makes them, once per call.
    """
    script: list[Behaviour] = [server_error(503), ok("delete"), server_error(502), ok("delete")]
    with FaultServer(script) as server:
        options: dict[str, Any] = {"base_url": server.base_url, "max_retries": 2, "timeout": 30.0}
        if mode == "sync":
            with Cashfree(CLIENT_ID, CLIENT_SECRET, **options) as cf:
                first = cf.instruments.with_raw_response.delete(CUSTOMER_ID, INSTRUMENT_ID)
                second = cf.instruments.with_raw_response.delete(CUSTOMER_ID, INSTRUMENT_ID)
        else:
            async with AsyncCashfree(CLIENT_ID, CLIENT_SECRET, **options) as acf:
                first = await acf.instruments.with_raw_response.delete(CUSTOMER_ID, INSTRUMENT_ID)
                second = await acf.instruments.with_raw_response.delete(CUSTOMER_ID, INSTRUMENT_ID)
        requests = server.requests
    assert [first.metadata.attempts, second.metadata.attempts] == [2, 2]
    assert len(requests) == 4
    assert_attempts_consistent(requests[:2], "delete", first.metadata.request_id)
    assert_attempts_consistent(requests[2:], "delete", second.metadata.request_id)
    assert first.metadata.request_id != second.metadata.request_id
    assert requests[0].headers["x-idempotency-key"] != requests[2].headers["x-idempotency-key"]


async def test_callers_idempotency_key_on_every_attempt(
    mode: str, sleeps: Sleeps, fast_backoff: None, logs: pytest.LogCaptureFixture
) -> None:
    key = uuid.uuid4()
    with FaultServer([Reset(ok("delete"), after=40), server_error(500), ok("delete")]) as server:
        outcome = await call(mode, server.base_url, "delete", max_retries=2, timeout=30.0, idempotency_key=key)
    assert isinstance(outcome, APIResponse)
    assert outcome.metadata.attempts == 3
    assert [r.headers["x-idempotency-key"] for r in server.requests] == [str(key)] * 3


async def test_fault_server_stops_while_a_client_waits() -> None:
    """The helper itself: stop() ends a stall at once and closes the connection, so no test can hang on it."""
    server = FaultServer([Stall(30.0)])
    try:
        with Cashfree(CLIENT_ID, CLIENT_SECRET, base_url=server.base_url, max_retries=0, timeout=5.0) as cf:
            loop = asyncio.get_running_loop()
            pending = loop.run_in_executor(None, cf.instruments.list, CUSTOMER_ID)
            for _ in range(100):  # bounded: until the server has read the request
                if server.requests:
                    break
                await asyncio.sleep(0.02)
            server.stop()
            with pytest.raises(APIConnectionError):  # at once, not after the 30 s stall: the wait is bounded by 5 s
                await asyncio.wait_for(pending, timeout=5.0)
    finally:
        server.stop()
