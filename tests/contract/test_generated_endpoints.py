"""Each generated endpoint function sends the method, path, query and headers the spec declares."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

from cashfree_instruments_generated import Client
from cashfree_instruments_generated.api.token_vault import (
    pg_customer_delete_instrument,
    pg_customer_fetch_instrument,
    pg_customer_fetch_instruments,
    pg_customer_instruments_fetch_cryptogram,
)
from cashfree_instruments_generated.models import (
    CryptogramEntity,
    ErrorEntity,
    InstrumentEntity,
    InstrumentType,
)
from tests.helpers.spec import SPEC, Operation, operations, resolve

MODULES: dict[str, ModuleType] = {
    "PGCustomerFetchInstruments": pg_customer_fetch_instruments,
    "PGCustomerFetchInstrument": pg_customer_fetch_instrument,
    "PGCustomerDeleteInstrument": pg_customer_delete_instrument,
    "PGCustomerInstrumentsFetchCryptogram": pg_customer_instruments_fetch_cryptogram,
}
OPERATIONS = operations()
BASE_URL = "https://sandbox.cashfree.com/pg"
PATH_VALUES = {"customer_id": "cust_1", "instrument_id": "inst_1"}


def _call_arguments(op: Operation) -> dict[str, Any]:
    names = {p["name"] for p in op.parameters if p["in"] == "path"}
    arguments: dict[str, Any] = {name: PATH_VALUES[name] for name in names}
    if any(p["name"] == "instrument_type" for p in op.parameters):
        arguments["instrument_type"] = InstrumentType.CARD
    return arguments


def _success_body(op: Operation) -> Any:
    example = next(iter(op.responses["200"]["content"]["application/json"]["examples"].values()))
    return resolve(example)["value"]


def _recording_client(op: Operation, requests: list[httpx.Request], status: int = 200) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        body = _success_body(op) if status == 200 else {"message": "no", "type": "invalid_request_error"}
        return httpx.Response(status, json=body)

    transport = httpx.MockTransport(handler)
    client = Client(base_url=BASE_URL)
    client.set_httpx_client(httpx.Client(base_url=BASE_URL, transport=transport))
    client.set_async_httpx_client(httpx.AsyncClient(base_url=BASE_URL, transport=transport))
    return client


def _assert_request_matches_spec(op: Operation, request: httpx.Request) -> None:
    assert request.method == op.method
    expected_path = op.path.format(**PATH_VALUES)
    assert request.url.path == "/pg" + expected_path
    query = [p for p in op.parameters if p["in"] == "query"]
    assert dict(request.url.params) == {p["name"]: "card" for p in query}
    assert request.headers["x-api-version"] == SPEC["info"]["version"]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_sync_call_sends_the_declared_request(op: Operation) -> None:
    requests: list[httpx.Request] = []
    client = _recording_client(op, requests)
    parsed = MODULES[op.operation_id].sync(client=client, **_call_arguments(op))
    assert len(requests) == 1
    _assert_request_matches_spec(op, requests[0])
    assert "x-request-id" not in requests[0].headers
    expected = _success_body(op)
    dumped = [item.to_dict() for item in parsed] if isinstance(parsed, list) else parsed.to_dict()
    assert dumped == expected


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
async def test_async_call_sends_the_declared_request_with_optional_headers(op: Operation) -> None:
    requests: list[httpx.Request] = []
    client = _recording_client(op, requests)
    key = uuid.uuid4()
    parsed = await MODULES[op.operation_id].asyncio(
        client=client,
        x_request_id="req-42",
        x_idempotency_key=str(key),
        x_api_version="2022-09-01",
        **_call_arguments(op),
    )
    assert len(requests) == 1
    request = requests[0]
    assert request.headers["x-request-id"] == "req-42"
    assert request.headers["x-idempotency-key"] == str(key)
    assert request.headers["x-api-version"] == "2022-09-01"
    assert request.method == op.method
    assert isinstance(parsed, list | InstrumentEntity | CryptogramEntity)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_declared_error_status_parses_to_the_error_model(op: Operation) -> None:
    requests: list[httpx.Request] = []
    client = _recording_client(op, requests, status=404)
    parsed = MODULES[op.operation_id].sync(client=client, **_call_arguments(op))
    assert isinstance(parsed, ErrorEntity)
    assert parsed.message == "no"


def test_path_ids_are_percent_encoded_as_one_segment() -> None:
    op = next(o for o in OPERATIONS if o.operation_id == "PGCustomerFetchInstrument")
    requests: list[httpx.Request] = []
    client = _recording_client(op, requests)
    pg_customer_fetch_instrument.sync_detailed("a/b?c#d", "é", client=client)
    assert requests[0].url.raw_path == b"/pg/customers/a%2Fb%3Fc%23d/instruments/%C3%A9"


def test_every_spec_operation_has_a_generated_module() -> None:
    assert {op.operation_id for op in OPERATIONS} == set(MODULES)
    for module in MODULES.values():
        functions: list[Callable[..., Any]] = [
            module.sync,
            module.sync_detailed,
            module.asyncio,
            module.asyncio_detailed,
        ]
        assert all(callable(f) for f in functions)


def test_response_body_with_unknown_fields_keeps_them() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps({"instrument_id": "i", "new": 1}).encode())

    client = Client(base_url=BASE_URL)
    client.set_httpx_client(httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(handler)))
    parsed = pg_customer_instruments_fetch_cryptogram.sync("c", "i", client=client)
    assert isinstance(parsed, CryptogramEntity)
    assert parsed.additional_properties == {"new": 1}
