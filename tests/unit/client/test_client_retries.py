"""The retry policy: what is retried, how long the client waits, and when it gives up. No test sleeps for real."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import pytest

import cashfree_instruments._retry as retry_module
from cashfree_instruments import (
    MAX_RATE_LIMIT_WAIT,
    MAX_RETRY_DELAY,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
)
from cashfree_instruments._retry import INITIAL_RETRY_DELAY, JITTER, backoff
from tests.helpers.client import CLIENT_CLASSES, Server, call, error_response, make_client, record_sleeps

OK_LIST = httpx.Response(200, json=[])


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def _backoff_bounds(attempt: int) -> tuple[float, float]:
    """The range backoff(attempt) falls in: the capped exponential delay, shortened by up to JITTER."""
    full = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2 ** (attempt - 1))
    return full * (1 - JITTER), full


def _assert_backoff(delays: list[float]) -> None:
    for attempt, delay in enumerate(delays, start=1):
        low, high = _backoff_bounds(attempt)
        assert low <= delay <= high, (attempt, delay)


# --- 429 ------------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-ratelimit-retry": "3"}, 3.0),
        ({"x-ratelimit-retry": "2.5"}, 2.5),
        ({"retry-after": "4"}, 4.0),
        ({"x-ratelimit-retry": "7", "retry-after": "1"}, 7.0),  # Cashfree's own header wins
        ({"x-ratelimit-retry": "soon", "retry-after": "6"}, 6.0),  # unreadable: the standard one is used
        ({"x-ratelimit-retry": str(int(MAX_RATE_LIMIT_WAIT))}, MAX_RATE_LIMIT_WAIT),  # at the cap: still waits
    ],
)
def test_429_waits_as_long_as_asked_then_retries(
    client_class: type[Any], delays: list[float], headers: dict[str, str], expected: float
) -> None:
    server = Server(error_response(429, type="rate_limit_error", headers=headers), OK_LIST)
    assert call(make_client(client_class, server), "list", "c") == []
    assert len(server.requests) == 2
    assert delays == [expected]


@CLIENT_CLASSES
def test_429_with_an_http_date_retry_after_waits_until_then(client_class: type[Any], delays: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    server = Server(error_response(429, headers={"retry-after": when}), OK_LIST)
    call(make_client(client_class, server), "list", "c")
    assert len(delays) == 1
    assert 8.0 <= delays[0] <= 10.0


@CLIENT_CLASSES
@pytest.mark.parametrize("headers", [{}, {"x-ratelimit-retry": "-5"}, {"retry-after": "nan"}, {"retry-after": "x"}])
def test_429_without_a_usable_wait_backs_off(
    client_class: type[Any], delays: list[float], headers: dict[str, str]
) -> None:
    server = Server(error_response(429, headers=headers), OK_LIST)
    call(make_client(client_class, server), "list", "c")
    assert len(delays) == 1
    _assert_backoff(delays)


@CLIENT_CLASSES
@pytest.mark.parametrize("header", ["x-ratelimit-retry", "retry-after"])
@pytest.mark.parametrize("wait", [MAX_RATE_LIMIT_WAIT + 1, 3600, float("inf")])
def test_429_asking_for_more_than_the_cap_raises_without_sleeping(
    client_class: type[Any], delays: list[float], header: str, wait: float
) -> None:
    server = Server(error_response(429, type="rate_limit_error", headers={header: str(wait)}), OK_LIST)
    with pytest.raises(RateLimitError) as caught:
        call(make_client(client_class, server), "list", "c")
    assert delays == []
    assert len(server.requests) == 1
    assert caught.value.retry_after == wait
    assert caught.value.metadata.attempts == 1


@CLIENT_CLASSES
def test_429_when_retries_run_out_raises_rate_limit_error(client_class: type[Any], delays: list[float]) -> None:
    server = Server(error_response(429, headers={"x-ratelimit-retry": "2"}))
    with pytest.raises(RateLimitError) as caught:
        call(make_client(client_class, server), "get", "c", "i")
    assert len(server.requests) == 3
    assert delays == [2.0, 2.0]
    assert caught.value.retry_after == 2.0
    assert caught.value.metadata.attempts == 3


# --- 5xx ------------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize(("name", "args"), [("list", ("c",)), ("get", ("c", "i")), ("cryptogram", ("c", "i"))])
def test_retryable_statuses_are_retried_then_succeed(
    client_class: type[Any], delays: list[float], status: int, name: str, args: tuple[str, ...]
) -> None:
    server = Server(error_response(status, type="api_error"), error_response(status, type="api_error"))
    server.replies.append(lambda request: httpx.Response(200, json=[] if name == "list" else {"instrument_id": "i"}))
    response = call(make_client(client_class, server), name, *args, raw=True)
    assert len(server.requests) == 3
    assert response.metadata.attempts == 3
    assert len(delays) == 2
    _assert_backoff(delays)


@CLIENT_CLASSES
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_retryable_statuses_raise_api_error_when_retries_run_out(
    client_class: type[Any], delays: list[float], status: int
) -> None:
    server = Server(error_response(status, type="api_error"))
    with pytest.raises(APIError) as caught:
        call(make_client(client_class, server), "get", "c", "i")
    assert len(server.requests) == 3
    assert len(delays) == 2
    assert caught.value.status_code == status
    assert caught.value.metadata.attempts == 3


@CLIENT_CLASSES
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501, 505, 520])
def test_other_statuses_are_not_retried(client_class: type[Any], delays: list[float], status: int) -> None:
    server = Server(error_response(status), OK_LIST)
    with pytest.raises(APIStatusError) as caught:
        call(make_client(client_class, server), "list", "c")
    assert caught.value.status_code == status
    assert len(server.requests) == 1
    assert delays == []


# --- connection errors and timeouts ---------------------------------------------------------------------------------

CONNECTION_ERRORS = [
    httpx.ConnectError("connection refused"),
    httpx.ReadError("connection reset by peer"),
    httpx.WriteError("broken pipe"),
    httpx.RemoteProtocolError("server disconnected without sending a response"),
]
TIMEOUTS = [
    httpx.ConnectTimeout("connect timed out"),
    httpx.ReadTimeout("read timed out"),
    httpx.WriteTimeout("write timed out"),
    httpx.PoolTimeout("no connection free"),
]


@CLIENT_CLASSES
@pytest.mark.parametrize("error", CONNECTION_ERRORS + TIMEOUTS, ids=lambda e: type(e).__name__)
def test_connection_errors_and_timeouts_are_retried_then_succeed(
    client_class: type[Any], delays: list[float], error: Exception
) -> None:
    server = Server(error, OK_LIST)
    response = call(make_client(client_class, server), "list", "c", raw=True)
    assert response.data == []
    assert response.metadata.attempts == 2
    assert len(server.requests) == 2
    assert len(delays) == 1
    _assert_backoff(delays)


@CLIENT_CLASSES
@pytest.mark.parametrize("error", CONNECTION_ERRORS, ids=lambda e: type(e).__name__)
def test_connection_errors_raise_api_connection_error_when_retries_run_out(
    client_class: type[Any], delays: list[float], error: Exception
) -> None:
    server = Server(error)
    with pytest.raises(APIConnectionError) as caught:
        call(make_client(client_class, server), "get", "c", "i", request_id="req-conn")
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.attempts == 3
    assert caught.value.request_id == "req-conn"
    assert type(error).__name__ in str(caught.value)
    assert len(server.requests) == 3
    assert len(delays) == 2


@CLIENT_CLASSES
@pytest.mark.parametrize("error", TIMEOUTS, ids=lambda e: type(e).__name__)
def test_timeouts_raise_api_timeout_error_when_retries_run_out(
    client_class: type[Any], delays: list[float], error: Exception
) -> None:
    server = Server(error)
    with pytest.raises(APITimeoutError) as caught:
        call(make_client(client_class, server), "cryptogram", "c", "i")
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.attempts == 3
    assert caught.value.request_id == server.last.headers["x-request-id"]
    assert len(server.requests) == 3
    assert len(delays) == 2


@CLIENT_CLASSES
def test_the_original_transport_error_is_not_chained(client_class: type[Any]) -> None:
    # The httpx exception holds the request, and the request holds the credentials.
    server = Server(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as caught:
        call(make_client(client_class, server, max_retries=0), "list", "c")
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ or caught.value.__context__ is None


# --- how many retries -----------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_max_retries_per_client(client_class: type[Any], delays: list[float], max_retries: int) -> None:
    server = Server(error_response(503))
    with pytest.raises(APIError) as caught:
        call(make_client(client_class, server, max_retries=max_retries), "list", "c")
    assert len(server.requests) == max_retries + 1
    assert len(delays) == max_retries
    assert caught.value.metadata.attempts == max_retries + 1


@CLIENT_CLASSES
def test_max_retries_per_call_via_with_options(client_class: type[Any], delays: list[float]) -> None:
    server = Server(httpx.ReadTimeout("slow"))
    cf = make_client(client_class, server)
    with pytest.raises(APITimeoutError):
        call(cf.with_options(max_retries=0), "list", "c")
    assert len(server.requests) == 1
    with pytest.raises(APITimeoutError):
        call(cf.with_options(max_retries=3), "list", "c")
    assert len(server.requests) == 1 + 4
    with pytest.raises(APITimeoutError):
        call(cf, "list", "c")  # the client itself keeps its default
    assert len(server.requests) == 1 + 4 + 3
    assert len(delays) == 0 + 3 + 2


@CLIENT_CLASSES
def test_delete_is_retried_with_the_same_idempotency_key(client_class: type[Any], delays: list[float]) -> None:
    server = Server(httpx.ReadTimeout("slow"), error_response(502), httpx.Response(200, json={"instrument_id": "i"}))
    deleted = call(make_client(client_class, server), "delete", "c", "i")
    assert deleted.instrument_id == "i"
    assert [r.method for r in server.requests] == ["DELETE"] * 3
    assert len({r.headers["x-idempotency-key"] for r in server.requests}) == 1
    assert len(delays) == 2


# --- backoff --------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_backoff_grows_and_is_capped(client_class: type[Any], delays: list[float]) -> None:
    server = Server(error_response(500))
    with pytest.raises(APIError):
        call(make_client(client_class, server, max_retries=8), "list", "c")
    assert len(delays) == 8
    _assert_backoff(delays)
    assert max(delays) <= MAX_RETRY_DELAY
    assert delays[-1] >= MAX_RETRY_DELAY * (1 - JITTER)  # reached the cap
    assert delays[0] <= INITIAL_RETRY_DELAY


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 6, 10, 100, 1100, 10**6])
def test_backoff_bounds(attempt: int) -> None:
    low, high = _backoff_bounds(attempt) if attempt < 64 else (MAX_RETRY_DELAY * (1 - JITTER), MAX_RETRY_DELAY)
    for _ in range(50):
        assert low <= backoff(attempt) <= high


def test_backoff_extremes_of_the_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry_module.random, "random", lambda: 0.0)
    assert [backoff(n) for n in (1, 2, 3, 4, 5, 6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    monkeypatch.setattr(retry_module.random, "random", lambda: 0.999999)
    assert backoff(5) == pytest.approx(8.0 * (1 - JITTER), rel=1e-5)


def test_backoff_is_jittered() -> None:
    assert len({backoff(3) for _ in range(20)}) > 1


def test_max_retry_delay_is_about_eight_seconds() -> None:
    assert MAX_RETRY_DELAY == 8.0
    assert MAX_RATE_LIMIT_WAIT == 30.0
