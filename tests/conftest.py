"""Shared fixtures: the embedded fake Cashfree, checked against the spec on every call."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import settings

from cashfree_instruments import _paths
from tests.helpers.contract import ContractFake, ContractViolation, validate_request

# In CI, Hypothesis draws the same examples on every run (derandomize): what passes `CI=true make test` here passes
# there. Elsewhere it explores anew each run, and a counterexample it finds is printed with how to reproduce it.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_VALIDATED: dict[tuple[object, ...], str | None] = {}


def _violation(request: httpx.Request) -> str | None:
    """The spec violation of a request the client sends, or None; cached by what the spec constrains.

    x-request-id is any string in the spec and x-idempotency-key a UUID, so the cache key keeps only whether
    the key is one: validating with openapi-core costs milliseconds, and the load tests send thousands of calls.
    """
    headers = []
    for name, value in sorted(request.headers.items()):
        if name == "x-request-id":
            continue
        headers.append((name, bool(_UUID.fullmatch(value)) if name == "x-idempotency-key" else value))
    key = (request.method, str(request.url), tuple(headers))
    if key not in _VALIDATED:
        try:
            validate_request(request)
            _VALIDATED[key] = None
        except ContractViolation as exc:
            _VALIDATED[key] = str(exc)
    return _VALIDATED[key]


@pytest.fixture(autouse=True)
def every_client_request_meets_the_spec(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every request any test makes the client send is checked against the spec; a violation fails that test."""
    violations: list[str] = []
    guard = _paths.check_route

    def checked_route(request: httpx.Request, base_path: str) -> None:
        guard(request, base_path)  # refuses requests outside the spec's paths, as in production
        relative = request.url.raw_path[len(base_path) :]  # a test server may serve the API under another root
        as_sent_to_cashfree = httpx.Request(
            request.method,
            request.url.copy_with(scheme="https", host="sandbox.cashfree.com", port=None, raw_path=b"/pg" + relative),
            headers=request.headers,
        )
        violation = _violation(as_sent_to_cashfree)
        if violation is not None:
            violations.append(violation)

    monkeypatch.setattr(_paths, "check_route", checked_route)
    yield
    assert not violations, f"the client sent requests that break the spec: {violations}"


@pytest.fixture
def contract_fake() -> Iterator[ContractFake]:
    """A seeded fake whose `transport` and `handle` check every request and response against the spec."""
    fake = ContractFake()
    yield fake
    assert not fake.violations, fake.violations


@pytest.fixture
def response_contract_fake() -> Iterator[ContractFake]:
    """Like contract_fake, but requests may break the spec (for tests that send bad ones): responses are checked."""
    fake = ContractFake(check_requests=False)
    yield fake
    assert not fake.violations, fake.violations
