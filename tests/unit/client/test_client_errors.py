"""Every failure is a typed CashfreeError with what Cashfree said; nothing else ever escapes a call."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cashfree_instruments import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncCashfree,
    AuthenticationError,
    BadRequestError,
    Cashfree,
    CashfreeError,
    ConfigurationError,
    ConflictError,
    IdempotencyError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitError,
)
from tests.helpers.client import (
    CARD_NUMBER,
    CLIENT_CLASSES,
    CRYPTOGRAM,
    OPERATIONS,
    Server,
    call,
    error_response,
    make_client,
    record_sleeps,
)

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (404, NotFoundError),
    (409, ConflictError),
    (422, IdempotencyError),
    (429, RateLimitError),
    (500, APIError),
    (502, APIError),
    (503, APIError),
    (504, APIError),
    (520, APIError),
    (599, APIError),
    (403, APIStatusError),
    (405, APIStatusError),
    (418, APIStatusError),
]

RATE_LIMIT_HEADERS = {
    "x-ratelimit-limit": "100",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-retry": "45",
    "x-ratelimit-type": "app_id",
}


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


# --- the tree -------------------------------------------------------------------------------------------------------


def test_the_exception_tree() -> None:
    for cls in (ConfigurationError, InvalidArgumentError, APIConnectionError, APIResponseValidationError):
        assert issubclass(cls, CashfreeError)
    assert issubclass(ConfigurationError, ValueError)
    assert issubclass(InvalidArgumentError, ValueError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIStatusError, CashfreeError)
    for _, cls in STATUS_CLASSES:
        assert issubclass(cls, APIStatusError)
    assert not issubclass(APIStatusError, ValueError)


# --- statuses -------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(("status", "error_class"), STATUS_CLASSES)
def test_each_status_raises_its_class_with_what_cashfree_said(
    client_class: type[Any], status: int, error_class: type[APIStatusError]
) -> None:
    headers = {**RATE_LIMIT_HEADERS, "x-request-id": "cf-req-123"}
    body = {"message": "customer not found", "code": "customer_not_found", "type": "invalid_request_error"}
    server = Server(httpx.Response(status, headers=headers, json=body))
    with pytest.raises(APIStatusError) as caught:
        call(make_client(client_class, server, max_retries=0), "get", "cust_1", "inst_1", request_id="mine-1")
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.message == "customer not found"
    assert error.code == "customer_not_found"
    assert error.type == "invalid_request_error"
    assert error.request_id == "cf-req-123"  # Cashfree's, when it answers with one
    assert error.metadata.status_code == status
    assert error.metadata.attempts == 1
    assert error.metadata.rate_limit.limit == 100
    assert error.metadata.rate_limit.remaining == 0
    assert error.metadata.rate_limit.retry_after == 45.0
    assert error.metadata.rate_limit.type == "app_id"
    text = str(error)
    assert str(status) in text
    assert "customer not found" in text
    assert "cf-req-123" in text


@CLIENT_CLASSES
def test_the_request_id_is_ours_when_cashfree_sends_none(client_class: type[Any]) -> None:
    server = Server(error_response(404, headers={}))
    with pytest.raises(NotFoundError) as caught:
        call(make_client(client_class, server), "get", "c", "i", request_id="mine-42")
    assert caught.value.request_id == "mine-42"
    assert caught.value.metadata.request_id == "mine-42"
    assert "mine-42" in str(caught.value)


@CLIENT_CLASSES
def test_a_generated_request_id_is_reported(client_class: type[Any]) -> None:
    server = Server(error_response(401, type="authentication_error", headers={}))
    with pytest.raises(AuthenticationError) as caught:
        call(make_client(client_class, server), "list", "c")
    assert caught.value.request_id == server.last.headers["x-request-id"]
    assert caught.value.type == "authentication_error"


@CLIENT_CLASSES
def test_rate_limit_error_says_how_long_to_wait(client_class: type[Any]) -> None:
    server = Server(error_response(429, type="rate_limit_error", headers={"x-ratelimit-retry": "120"}))
    with pytest.raises(RateLimitError) as caught:
        call(make_client(client_class, server), "list", "c")
    assert caught.value.retry_after == 120.0
    assert caught.value.metadata.rate_limit.retry_after == 120.0


@CLIENT_CLASSES
def test_rate_limit_error_without_a_wait(client_class: type[Any]) -> None:
    server = Server(error_response(429))
    with pytest.raises(RateLimitError) as caught:
        call(make_client(client_class, server, max_retries=0), "list", "c")
    assert caught.value.retry_after is None


@CLIENT_CLASSES
def test_an_unknown_error_type_is_kept_as_text(client_class: type[Any]) -> None:
    server = Server(error_response(400, type="brand_new_error", code="x_9"))
    with pytest.raises(BadRequestError) as caught:
        call(make_client(client_class, server), "get", "c", "i")
    assert caught.value.type == "brand_new_error"
    assert caught.value.code == "x_9"


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "body",
    [{}, {"message": None}, {"message": 42, "code": ["x"], "type": {"a": 1}}, {"unexpected": "shape"}],
    ids=repr,
)
def test_error_bodies_of_odd_shapes_still_give_the_status_error(client_class: type[Any], body: Any) -> None:
    server = Server(httpx.Response(409, json=body))
    with pytest.raises(ConflictError) as caught:
        call(make_client(client_class, server), "delete", "c", "i")
    assert caught.value.status_code == 409
    assert caught.value.message  # something readable, never empty


@CLIENT_CLASSES
def test_an_html_502_from_a_proxy_is_an_api_error(client_class: type[Any]) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    server = Server(httpx.Response(502, headers={"content-type": "text/html"}, content=page))
    with pytest.raises(APIError) as caught:
        call(make_client(client_class, server, max_retries=0), "list", "c")
    error = caught.value
    assert error.status_code == 502
    assert (error.code, error.type) == (None, None)
    assert "text/html" in error.message
    assert "<html" not in str(error)


@CLIENT_CLASSES
@pytest.mark.parametrize("status", [400, 500, 520])
@pytest.mark.parametrize(
    "content", [b"", b"upstream timed out", b'{"message": "trunc', b"\xff\xfe\x00", b"[" * 100_000], ids=repr
)
def test_error_statuses_with_unreadable_bodies_are_still_typed(
    client_class: type[Any], status: int, content: bytes
) -> None:
    server = Server(httpx.Response(status, content=content))
    with pytest.raises(APIStatusError) as caught:
        call(make_client(client_class, server, max_retries=0), "list", "c")
    assert caught.value.status_code == status


# --- success statuses with bodies the client cannot read ------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"<html>ok</html>",
        json.dumps(CRYPTOGRAM).encode()[:40],  # truncated
        b'{"instrument_id": "i",}',
        b"\xff\xfe\xfd",
        b'{"instrument_id": "i", "x": "\xff"}',
        b"[" * 100_000,  # nesting deeper than the JSON parser's recursion
        b"{" * 100_000,
    ],
    ids=[
        "empty",
        "text",
        "html",
        "truncated",
        "trailing-comma",
        "bad-utf8",
        "bad-utf8-inside",
        "deep-list",
        "deep-obj",
    ],
)
@pytest.mark.parametrize(("name", "args"), OPERATIONS, ids=[name for name, _ in OPERATIONS])
def test_a_2xx_body_that_is_not_json_is_a_validation_error(
    client_class: type[Any], content: bytes, name: str, args: tuple[str, ...]
) -> None:
    server = Server(httpx.Response(200, headers={"x-request-id": "cf-req-9"}, content=content))
    with pytest.raises(APIResponseValidationError) as caught:
        call(make_client(client_class, server), name, *args)
    assert caught.value.status_code == 200
    assert caught.value.request_id == "cf-req-9"
    assert "cf-req-9" in str(caught.value)
    assert len(server.requests) == 1  # a 200 is not retried


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("name", "args", "body"),
    [
        ("list", ("c",), {"instrument_id": "i"}),
        ("list", ("c",), "instruments"),
        ("list", ("c",), {"items": []}),
        ("list", ("c",), 7),
        ("get", ("c", "i"), []),
        ("get", ("c", "i"), [{"instrument_id": "i"}]),
        ("get", ("c", "i"), {"customer_id": "c"}),  # no instrument_id
        ("get", ("c", "i"), {"instrument_id": None}),
        ("get", ("c", "i"), {"instrument_id": {"nested": 1}}),
        ("delete", ("c", "i"), "deleted"),
        ("delete", ("c", "i"), True),
        ("get", ("c", "i"), None),
        ("cryptogram", ("c", "i"), {"card_number": CARD_NUMBER}),  # no instrument_id
        ("cryptogram", ("c", "i"), [CRYPTOGRAM]),
    ],
    ids=repr,
)
def test_json_of_the_wrong_shape_is_a_validation_error(
    client_class: type[Any], name: str, args: tuple[str, ...], body: Any
) -> None:
    server = Server(httpx.Response(200, content=json.dumps(body).encode()))
    with pytest.raises(APIResponseValidationError) as caught:
        call(make_client(client_class, server), name, *args)
    assert "does not match the spec" in caught.value.message
    assert caught.value.request_id == server.last.headers["x-request-id"]


@CLIENT_CLASSES
def test_validation_errors_carry_metadata(client_class: type[Any]) -> None:
    server = Server(httpx.Response(200, headers=RATE_LIMIT_HEADERS, content=b"nope"))
    with pytest.raises(APIResponseValidationError) as caught:
        call(make_client(client_class, server), "list", "c")
    assert caught.value.metadata.rate_limit.limit == 100
    assert caught.value.metadata.attempts == 1


# --- nothing but CashfreeError, whatever the server says ------------------------------------------------------------

_json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
)
_known_keys = st.sampled_from(
    [
        "instrument_id",
        "customer_id",
        "instrument_status",
        "instrument_type",
        "created_at",
        "instrument_meta",
        "card_network",
        "card_type",
        "card_token_details",
        "expiry_month",
        "expiry_year",
        "card_number",
        "cryptogram",
        "message",
        "code",
        "type",
        "help",
    ]
)
json_values = st.recursive(
    _json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_known_keys | st.text(max_size=8), children),
    max_leaves=25,
)
header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
response_headers = st.dictionaries(
    st.sampled_from(
        [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-retry",
            "retry-after",
            "x-ratelimit-type",
            "x-request-id",
            "x-idempotency-replayed",
            "content-type",
        ]
    ),
    header_text,
)
statuses = st.sampled_from([200, 201, 204, 301, 400, 401, 404, 409, 422, 429, 500, 502, 503, 520]) | st.integers(
    200, 599
)
bodies = json_values.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=64)


def _check_outcome(client_class: type[Any], operation: tuple[str, tuple[str, ...]], response: httpx.Response) -> None:
    server = Server(response)
    name, args = operation
    cf = make_client(client_class, server, max_retries=0)
    try:
        result = call(cf, name, *args, raw=True)
    except CashfreeError:
        return
    assert 200 <= result.metadata.status_code < 300
    assert result.metadata.attempts == 1


FUZZ_SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@FUZZ_SETTINGS
@given(
    operation=st.sampled_from(OPERATIONS), status=statuses, headers=response_headers, content=bodies, bust=st.booleans()
)
def test_any_response_gives_data_or_a_cashfree_error(
    operation: tuple[str, tuple[str, ...]], status: int, headers: dict[str, str], content: bytes, bust: bool
) -> None:
    # `bust` truncates the body: a connection that dropped mid-response.
    body = content[: len(content) // 2] if bust else content
    _check_outcome(Cashfree, operation, httpx.Response(status, headers=headers, content=body))


@settings(FUZZ_SETTINGS, max_examples=60)
@given(operation=st.sampled_from(OPERATIONS), status=statuses, headers=response_headers, content=bodies)
def test_any_response_gives_data_or_a_cashfree_error_async(
    operation: tuple[str, tuple[str, ...]], status: int, headers: dict[str, str], content: bytes
) -> None:
    _check_outcome(AsyncCashfree, operation, httpx.Response(status, headers=headers, content=content))


@settings(FUZZ_SETTINGS, max_examples=100)
@given(items=st.lists(json_values, max_size=4), status=st.just(200))
def test_any_list_of_items_gives_instruments_or_a_cashfree_error(items: list[Any], status: int) -> None:
    _check_outcome(Cashfree, ("list", ("c",)), httpx.Response(status, json=items))


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError("x"), httpx.ReadTimeout("x"), httpx.DecodingError("bad gzip"), httpx.UnsupportedProtocol("x")],
    ids=lambda e: type(e).__name__,
)
def test_transport_failures_are_connection_errors(client_class: type[Any], error: Exception) -> None:
    server = Server(error)
    with pytest.raises(APIConnectionError):
        call(make_client(client_class, server, max_retries=0), "list", "c")
