"""What a call tells besides its data: with_raw_response metadata, errors' metadata, and the library's log lines."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cashfree_instruments import (
    API_VERSION,
    APIResponse,
    APIStatusError,
    Cryptogram,
    IdempotencyError,
    Instrument,
    RateLimit,
    ResponseMetadata,
)
from cashfree_instruments._metadata import _header_values
from tests.helpers.client import (
    CLIENT_CLASSES,
    OPERATION_IDS,
    OPERATIONS,
    Server,
    call,
    error_response,
    example_body,
    make_client,
    record_sleeps,
)

ALL_OPERATIONS = pytest.mark.parametrize(("name", "args"), OPERATIONS, ids=OPERATION_IDS)
RATE_LIMIT_HEADERS = {
    "x-ratelimit-limit": "200",
    "x-ratelimit-remaining": "187",
    "x-ratelimit-retry": "0",
    "x-ratelimit-type": "app_id",
}


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def _ok(headers: dict[str, str]) -> Any:
    return lambda request: httpx.Response(200, headers=headers, json=example_body(request))


# --- with_raw_response ----------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_raw_response_has_the_data_and_its_metadata(client_class: type[Any], name: str, args: tuple[str]) -> None:
    headers = {**RATE_LIMIT_HEADERS, "x-api-version": API_VERSION}
    server = Server(_ok(headers))
    response = call(make_client(client_class, server), name, *args, raw=True)
    assert isinstance(response, APIResponse)
    expected_type = {"list": list, "get": Instrument, "delete": Instrument, "cryptogram": Cryptogram}[name]
    assert isinstance(response.data, expected_type)
    metadata = response.metadata
    assert isinstance(metadata, ResponseMetadata)
    assert metadata.status_code == 200
    assert metadata.request_id == server.last.headers["x-request-id"]
    assert metadata.api_version == API_VERSION
    assert metadata.rate_limit == RateLimit(limit=200, remaining=187, retry_after=0.0, type="app_id")
    assert metadata.attempts == 1
    assert metadata.elapsed >= 0
    assert isinstance(response.http_response, httpx.Response)
    assert response.http_response.status_code == 200


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_raw_response_data_equals_the_plain_call(client_class: type[Any], name: str, args: tuple[str]) -> None:
    cf = make_client(client_class)
    assert call(cf, name, *args, raw=True).data == call(cf, name, *args)


@CLIENT_CLASSES
def test_the_request_id_is_cashfrees_when_it_sends_one(client_class: type[Any]) -> None:
    server = Server(_ok({"x-request-id": "cf-assigned-77"}))
    response = call(make_client(client_class, server), "get", "c", "i", raw=True, request_id="mine")
    assert server.last.headers["x-request-id"] == "mine"
    assert response.metadata.request_id == "cf-assigned-77"


@CLIENT_CLASSES
def test_the_request_id_is_ours_otherwise(client_class: type[Any]) -> None:
    response = call(make_client(client_class), "get", "c", "i", raw=True, request_id="mine-2")
    assert response.metadata.request_id == "mine-2"


@CLIENT_CLASSES
def test_rate_limit_values_are_ints_and_absent_ones_none(client_class: type[Any]) -> None:
    response = call(make_client(client_class), "list", "c", raw=True)
    assert response.metadata.rate_limit == RateLimit(limit=None, remaining=None, retry_after=None, type=None)
    server = Server(_ok({"x-ratelimit-limit": "10", "x-ratelimit-remaining": "lots", "x-ratelimit-retry": "1"}))
    response = call(make_client(client_class, server), "list", "c", raw=True)
    assert response.metadata.rate_limit.limit == 10
    assert isinstance(response.metadata.rate_limit.limit, int)
    assert response.metadata.rate_limit.remaining is None  # unreadable
    assert response.metadata.rate_limit.retry_after == 1.0


@CLIENT_CLASSES
@pytest.mark.parametrize(("header", "replayed"), [("true", True), ("True", True), ("false", False), (None, False)])
def test_idempotency_replayed(client_class: type[Any], header: str | None, replayed: bool) -> None:
    key = str(uuid.uuid4())
    headers = {"x-idempotency-key": key} | ({"x-idempotency-replayed": header} if header else {})
    server = Server(_ok(headers))
    response = call(make_client(client_class, server), "delete", "c", "i", raw=True, idempotency_key=key)
    assert response.metadata.idempotency_replayed is replayed
    assert response.metadata.idempotency_key == key


@CLIENT_CLASSES
def test_attempts_count_the_retries(client_class: type[Any], delays: list[float]) -> None:
    server = Server(error_response(503), httpx.ConnectError("reset"), _ok({"x-ratelimit-remaining": "5"}))
    response = call(make_client(client_class, server), "cryptogram", "c", "i", raw=True)
    assert response.metadata.attempts == 3
    assert response.metadata.rate_limit.remaining == 5  # of the last attempt's response
    assert len(delays) == 2


@CLIENT_CLASSES
def test_raw_response_repr_leaves_out_the_http_response(client_class: type[Any]) -> None:
    response = call(make_client(client_class), "get", "c", "i", raw=True)
    assert "http_response" not in repr(response)
    assert "metadata=ResponseMetadata(" in repr(response)


# --- errors carry metadata ------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_errors_carry_metadata(client_class: type[Any]) -> None:
    key = str(uuid.uuid4())
    headers = {
        **RATE_LIMIT_HEADERS,
        "x-request-id": "cf-err-1",
        "x-api-version": API_VERSION,
        "x-idempotency-key": key,
        "x-idempotency-replayed": "true",
    }
    server = Server(error_response(422, type="idempotency_error", headers=headers))
    with pytest.raises(IdempotencyError) as caught:
        call(make_client(client_class, server), "delete", "c", "i", idempotency_key=key)
    metadata = caught.value.metadata
    assert metadata.status_code == 422
    assert metadata.request_id == "cf-err-1"
    assert metadata.api_version == API_VERSION
    assert metadata.rate_limit.limit == 200
    assert metadata.rate_limit.remaining == 187
    assert metadata.idempotency_key == key
    assert metadata.idempotency_replayed is True
    assert metadata.attempts == 1


@CLIENT_CLASSES
def test_error_metadata_counts_attempts(client_class: type[Any]) -> None:
    server = Server(error_response(500))
    with pytest.raises(APIStatusError) as caught:
        call(make_client(client_class, server, max_retries=1), "list", "c")
    assert caught.value.metadata.attempts == 2


# --- the library's log lines ----------------------------------------------------------------------------------------

LOG_LINE = re.compile(
    r"^(?P<method>GET|DELETE) (?P<path>\S+) -> (?P<outcome>\S+) request_id=(?P<request_id>\S+) "
    r"attempt=(?P<attempt>\d+) elapsed=(?P<elapsed>\d+\.\d+)s$"
)


@CLIENT_CLASSES
def test_each_attempt_is_logged_with_template_status_request_id_attempt_elapsed(
    client_class: type[Any], caplog: pytest.LogCaptureFixture
) -> None:
    server = Server(error_response(502), httpx.ReadTimeout("slow"), _ok({}))
    with caplog.at_level(logging.DEBUG, logger="cashfree_instruments"):
        call(make_client(client_class, server), "delete", "secret_customer", "secret_instrument", request_id="rid-1")
    lines = [r.getMessage() for r in caplog.records if r.name == "cashfree_instruments" and r.levelno == logging.DEBUG]
    matches = [LOG_LINE.match(line) for line in lines]
    assert all(matches), lines
    found = [m.groupdict() for m in matches if m]
    assert [(f["method"], f["outcome"], f["attempt"], f["request_id"]) for f in found] == [
        ("DELETE", "502", "1", "rid-1"),
        ("DELETE", "ReadTimeout", "2", "rid-1"),
        ("DELETE", "200", "3", "rid-1"),
    ]
    assert {f["path"] for f in found} == {"/customers/{customer_id}/instruments/{instrument_id}"}
    # The ids themselves stay out of the logs: the path template names them.
    assert not any("secret_customer" in r.getMessage() or "secret_instrument" in r.getMessage() for r in caplog.records)


@CLIENT_CLASSES
def test_retries_are_logged_at_info(client_class: type[Any], caplog: pytest.LogCaptureFixture) -> None:
    server = Server(error_response(429, headers={"x-ratelimit-retry": "3"}), _ok({}))
    with caplog.at_level(logging.INFO, logger="cashfree_instruments"):
        call(make_client(client_class, server), "list", "c")
    infos = [r.getMessage() for r in caplog.records if r.name == "cashfree_instruments" and r.levelno == logging.INFO]
    assert infos == ["retrying GET /customers/{customer_id}/instruments in 3.00s (attempt 2 of 3)"]


@CLIENT_CLASSES
def test_the_library_logger_is_silent_at_warning_on_success(
    client_class: type[Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        call(make_client(client_class), "list", "c")
    assert [r for r in caplog.records if r.name.startswith("cashfree_instruments")] == []


header_bytes = st.binary(min_size=1, max_size=12).filter(lambda b: b"\r" not in b and b"\n" not in b)


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(st.tuples(st.sampled_from([b"X-Request-Id", b"x-request-id", b"Retry-After", b"X-a"]), header_bytes))
)
def test_the_headers_are_read_as_httpx_headers_get_reads_them(items: list[tuple[bytes, bytes]]) -> None:
    # One pass over the raw headers, decoded as httpx decodes them (ASCII, else UTF-8, else ISO-8859-1).
    headers = httpx.Headers(items)
    assert _header_values(headers) == {name: headers[name] for name in headers}
