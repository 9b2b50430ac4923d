"""The hand-maintained spec is a valid OpenAPI document and its examples match its schemas."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import OpenAPIV30SpecValidator, validate

from tests.helpers.spec import SPEC, SPEC_PATH, Example, operations, resolve, response_examples

EXAMPLES = list(response_examples())


def test_spec_is_a_valid_openapi_document() -> None:
    validate(SPEC, base_uri=SPEC_PATH.as_uri(), cls=OpenAPIV30SpecValidator)


def test_spec_has_the_four_token_vault_operations() -> None:
    found = {(op.operation_id, op.method, op.path) for op in operations()}
    assert found == {
        ("PGCustomerFetchInstruments", "GET", "/customers/{customer_id}/instruments"),
        ("PGCustomerFetchInstrument", "GET", "/customers/{customer_id}/instruments/{instrument_id}"),
        ("PGCustomerDeleteInstrument", "DELETE", "/customers/{customer_id}/instruments/{instrument_id}"),
        (
            "PGCustomerInstrumentsFetchCryptogram",
            "GET",
            "/customers/{customer_id}/instruments/{instrument_id}/cryptogram",
        ),
    }


def test_api_version_header_default_is_the_spec_version() -> None:
    version = SPEC["info"]["version"]
    for op in operations():
        header = next(p for p in op.parameters if p["name"] == "x-api-version")
        assert header["required"] is True
        assert header["schema"]["default"] == version


@pytest.mark.parametrize("status", ["200", "400", "401", "404", "409", "422", "429", "500", "502"])
def test_every_operation_declares_the_status_with_the_response_headers(status: str) -> None:
    for op in operations():
        headers = op.responses[status]["headers"]
        assert set(headers) == {
            "x-request-id",
            "x-api-version",
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-retry",
            "x-ratelimit-type",
            "x-idempotency-key",
            "x-idempotency-replayed",
        }


def _with_refs_resolved(schema: Any) -> Any:
    schema = resolve(schema)
    if isinstance(schema, dict):
        return {key: _with_refs_resolved(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_with_refs_resolved(item) for item in schema]
    return schema


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_example_validates_against_its_schema(example: Example) -> None:
    OAS30Validator(_with_refs_resolved(example.schema)).validate(example.value)


def test_examples_hold_every_seed_example() -> None:
    values = [e.value for e in EXAMPLES]
    listed = [item for value in values if isinstance(value, list) for item in value]
    created = {item["created_at"] for item in listed}
    assert {"2021-11-11 16:57:57", "2023-11-01T04:55:07.000+00:00"} <= created
    assert len({item["afa_reference"] for item in listed}) == 4
    assert any(isinstance(v, dict) and v.get("cryptogram") == "AQBBBBBBZatIlaIAmWKSghwBBBB=" for v in values)
