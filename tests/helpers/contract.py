"""Contract checks: httpx requests and responses validated against the spec with openapi-core.

`validate_request(request)` and `validate_response(request, response)` raise on a violation. Any base URL
works: the request is checked as if it went to the spec's sandbox server (same /pg path).
"""

from __future__ import annotations

from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import PathError
from werkzeug.datastructures import Headers, ImmutableMultiDict

from cashfree_instruments.testing import FakeCashfree
from tests.helpers.spec import SPEC, SPEC_PATH

OPENAPI = OpenAPI.from_file_path(str(SPEC_PATH))
SANDBOX = httpx.URL(SPEC["servers"][0]["url"])  # https://sandbox.cashfree.com/pg
SANDBOX_HOST_URL = f"{SANDBOX.scheme}://{SANDBOX.host}"


class ContractViolation(AssertionError):
    """A request or response of the fake that the spec does not allow."""


class _Request:
    """openapi_core.protocols.Request over an httpx.Request."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.url.params.multi_items()),
            header=Headers(request.headers.multi_items()),
        )

    @property
    def host_url(self) -> str:
        return SANDBOX_HOST_URL

    @property
    def path(self) -> str:
        # The raw path: an id's %2F must not become a separator.
        return self._request.url.raw_path.split(b"?", 1)[0].decode("ascii")

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return self._request.headers.get("content-type", "").lower()


class _Response:
    """openapi_core.protocols.Response over an httpx.Response."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return self._response.headers.get("content-type", "").lower()

    @property
    def headers(self) -> Headers:
        return Headers(self._response.headers.multi_items())

    @property
    def data(self) -> bytes | None:
        return self._response.content or None


def _describe(exc: Exception) -> str:
    causes = [repr(exc)]
    for attribute in ("schema_errors", "__cause__"):
        value: Any = getattr(exc, attribute, None)
        if value:
            causes.append(repr(value))
    return "; ".join(causes)


def in_spec(request: httpx.Request) -> bool:
    """Whether the request's method and path name an operation of the spec."""
    try:
        OPENAPI.validate_request(_Request(request))
    except PathError:  # no such path, or no such method on it
        return False
    except OpenAPIError:  # invalid in another way: the operation exists
        return True
    return True


def validate_request(request: httpx.Request) -> None:
    try:
        OPENAPI.validate_request(_Request(request))
    except Exception as exc:
        raise ContractViolation(f"{request.method} {request.url}: {_describe(exc)}") from exc


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    try:
        OPENAPI.validate_response(_Request(request), _Response(response))
    except Exception as exc:
        message = f"{request.method} {request.url} -> {response.status_code}: {_describe(exc)}"
        raise ContractViolation(message) from exc


class ContractFake(FakeCashfree):
    """A FakeCashfree that checks every request and response against the spec.

    Responses to requests outside the spec (unknown path or method) are not checked: the spec says nothing
    about them. With `check_requests=False`, requests are not checked either (for tests that send bad ones).
    Violations are raised from `handle` and also kept in `violations`.
    """

    def __init__(self, *args: Any, check_requests: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check_requests = check_requests
        self.violations: list[ContractViolation] = []
        self.checked = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        try:
            if self.check_requests:
                validate_request(request)
            response = super().handle(request)
            if in_spec(request):
                validate_response(request, response)
                self.checked += 1
        except ContractViolation as violation:
            self.violations.append(violation)
            raise
        return response
