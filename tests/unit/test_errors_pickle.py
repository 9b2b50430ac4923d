"""Issue #11: every exception of the package survives a pickle round trip, attributes included.

Celery and process pools pickle an exception raised in a worker to re-raise it in the caller.
"""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import httpx
import pytest

import cashfree_instruments
from cashfree_instruments import (
    API_VERSION,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    CashfreeError,
    RateLimitError,
    _errors,
)
from cashfree_instruments._metadata import RateLimit, ResponseMetadata
from tests.helpers.client import CLIENT_CLASSES, Server, call, error_response, make_client, record_sleeps

METADATA = ResponseMetadata(
    status_code=429,
    request_id="req-1",
    api_version=API_VERSION,
    rate_limit=RateLimit(limit=10, remaining=0, retry_after=3.0, type="app"),
    idempotency_key="5f0c2b4e-8a0e-4d49-9c33-3c2f8f1d1e10",
    idempotency_replayed=True,
    attempts=3,
    elapsed=1.5,
)
ERROR_CLASSES = sorted(
    {
        cls
        for module in (_errors, cashfree_instruments)
        for cls in vars(module).values()
        if inspect.isclass(cls) and issubclass(cls, CashfreeError)
    },
    key=lambda cls: cls.__name__,
)


def _example(cls: type[CashfreeError]) -> CashfreeError:
    """An instance of `cls` with every attribute its constructor takes set to something other than its default."""
    if issubclass(cls, APIStatusError):
        return cls("card declined", metadata=METADATA, code="card_declined", type="invalid_request_error", help="docs")
    if issubclass(cls, APIResponseValidationError):
        return cls("not the spec's shape", metadata=METADATA)
    if issubclass(cls, APIConnectionError):
        return cls("ConnectError: refused", request_id="req-2", attempts=3)
    return cls("bad argument")


def _round_trip(error: BaseException) -> Any:
    return pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes


def test_every_error_class_is_covered() -> None:
    assert {cls.__name__ for cls in ERROR_CLASSES} >= {
        "CashfreeError",
        "ConfigurationError",
        "InvalidArgumentError",
        "APIConnectionError",
        "APITimeoutError",
        "APIResponseValidationError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "NotFoundError",
        "ConflictError",
        "IdempotencyError",
        "RateLimitError",
        "APIError",
    }


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_errors_survive_pickle(cls: type[CashfreeError]) -> None:
    error = _example(cls)
    copy = _round_trip(error)
    assert type(copy) is cls
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)


def test_a_rate_limit_error_keeps_its_retry_after() -> None:
    copy = _round_trip(_example(RateLimitError))
    assert copy.retry_after == 3.0
    assert copy.metadata == METADATA
    assert copy.status_code == 429
    assert copy.request_id == "req-1"


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "reply",
    [
        error_response(404, message="no such instrument", code="instrument_not_found"),
        error_response(429, headers={"x-ratelimit-retry": "99", "x-request-id": "srv-1"}),
        httpx.Response(502, content=b"<html>bad gateway</html>"),
        httpx.Response(200, json=[1, 2]),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
    ],
    ids=["404", "429", "502-html", "wrong-shape", "connect", "timeout"],
)
def test_errors_the_client_raises_survive_pickle(
    client_class: type[Any], reply: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    cf = make_client(client_class, Server(reply), max_retries=1)
    with pytest.raises(CashfreeError) as caught:
        call(cf, "cryptogram", "c", "i")
    copy = _round_trip(caught.value)
    assert type(copy) is type(caught.value)
    assert str(copy) == str(caught.value)
    assert vars(copy) == vars(caught.value)
