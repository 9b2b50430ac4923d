"""Issue #11: no secret or card data in the frame locals an error tracker uploads with an exception.

Sentry (by default), rich and structlog tracebacks with locals send the local variables of every frame of a raised
exception, and of its __cause__ / __context__ chain. For each failure below, sync and async, construction included,
no frame of this package holds the client secret, the partner API key, a card number, a cryptogram or a PAR
(tests/helpers/leak_scan.py says how the locals are scanned).
"""

from __future__ import annotations

import json
import os
from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    API_VERSION,
    APIResponseValidationError,
    APIStatusError,
    AsyncCashfree,
    CashfreeError,
    ConfigurationError,
    InvalidArgumentError,
)
from tests.helpers.client import (
    CARD_NUMBER,
    CLIENT_CLASSES,
    CLIENT_ID,
    CLIENT_SECRET,
    CRYPTOGRAM,
    CRYPTOGRAM_VALUE,
    INSTRUMENT,
    PARTNER_API_KEY,
    PARTNER_MERCHANT_ID,
    Server,
    call,
    make_client,
    record_sleeps,
    run,
)
from tests.helpers.leak_scan import frame_leaks, package_frames

PAR = INSTRUMENT["instrument_meta"]["card_token_details"]["par"]
NEEDLES = {
    "client secret": CLIENT_SECRET,
    "partner api key": PARTNER_API_KEY,
    "card number": CARD_NUMBER,
    "cryptogram": CRYPTOGRAM_VALUE,
    "PAR": PAR,
}
CREDENTIALS = pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY},
    ],
    ids=["secret", "partner-key"],
)
WITHOUT_ID = {k: v for k, v in CRYPTOGRAM.items() if k != "instrument_id"}
CRYPTOGRAM_BYTES = json.dumps(CRYPTOGRAM).encode()


@pytest.fixture(autouse=True)
def no_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


# (reply, operation, the error raised)
FAILURES: dict[str, tuple[httpx.Response, str, type[CashfreeError]]] = {
    "cryptogram-without-instrument-id": (_json(200, WITHOUT_ID), "cryptogram", APIResponseValidationError),
    "cryptogram-with-null-instrument-id": (
        _json(200, {**CRYPTOGRAM, "instrument_id": None}),
        "cryptogram",
        APIResponseValidationError,
    ),
    "cryptogram-as-list": (_json(200, [CRYPTOGRAM]), "cryptogram", APIResponseValidationError),
    "cryptogram-as-string": (_json(200, json.dumps(CRYPTOGRAM)), "cryptogram", APIResponseValidationError),
    "instrument-as-list": (_json(200, [INSTRUMENT]), "get", APIResponseValidationError),
    "instrument-list-as-object": (_json(200, INSTRUMENT), "list", APIResponseValidationError),
    "truncated-cryptogram": (
        httpx.Response(200, content=CRYPTOGRAM_BYTES[:-3]),
        "cryptogram",
        APIResponseValidationError,
    ),
    "cryptogram-with-bad-utf8": (
        httpx.Response(200, content=CRYPTOGRAM_BYTES[:-1] + b', "x": "\xff"}'),
        "cryptogram",
        APIResponseValidationError,
    ),
    "card-data-in-a-404": (_json(404, {**CRYPTOGRAM, "message": CARD_NUMBER}), "cryptogram", APIStatusError),
    "card-data-in-a-500": (_json(500, {**CRYPTOGRAM, "code": 7}), "get", APIStatusError),
    "card-data-in-an-html-502": (
        httpx.Response(502, headers={"content-type": "text/html"}, content=CRYPTOGRAM_BYTES),
        "list",
        APIStatusError,
    ),
}


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("failure", list(FAILURES))
def test_response_failures_leave_no_card_data_or_secret_in_frame_locals(
    client_class: type[Any], credentials: dict[str, str], failure: str
) -> None:
    reply, operation, error = FAILURES[failure]
    cf = make_client(client_class, Server(reply), max_retries=1, **credentials)
    args = ("cust_1",) if operation == "list" else ("cust_1", "inst_1")
    with pytest.raises(error) as caught:
        call(cf, operation, *args)
    assert any(True for _ in package_frames(caught.value)), "the scan saw no frame of the package"
    assert frame_leaks(caught.value, NEEDLES) == []


@CLIENT_CLASSES
@CREDENTIALS
def test_connection_failures_leave_no_secret_in_frame_locals(
    client_class: type[Any], credentials: dict[str, str]
) -> None:
    cf = make_client(client_class, Server(httpx.ConnectError("refused")), max_retries=1, **credentials)
    with pytest.raises(CashfreeError) as caught:
        call(cf, "cryptogram", "cust_1", "inst_1")
    assert frame_leaks(caught.value, NEEDLES) == []


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize(
    "url",
    ["https://evil.example/pg/customers/c/instruments/i", "/customers/c/orders", "/customers/a%2Fb/instruments/i"],
    ids=["other-origin", "other-path", "slash-in-id"],
)
def test_refused_requests_through_the_pool_leave_no_secret_in_frame_locals(
    client_class: type[Any], credentials: dict[str, str], url: str
) -> None:
    server = Server()
    generated = make_client(client_class, server, **credentials).generated_client()
    pool = generated.get_async_httpx_client() if client_class is AsyncCashfree else generated.get_httpx_client()
    with pytest.raises(InvalidArgumentError) as caught:
        run(pool.get(url))
    assert server.requests == []
    assert any(True for _ in package_frames(caught.value))
    assert frame_leaks(caught.value, NEEDLES) == []


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("bad_id", ["a/b", "..", "\uff0e\uff0e", "id\n"], ids=ascii)
def test_refused_ids_leave_no_secret_in_frame_locals(
    client_class: type[Any], credentials: dict[str, str], bad_id: str
) -> None:
    cf = make_client(client_class, **credentials)
    with pytest.raises(InvalidArgumentError) as caught:
        call(cf, "delete", "cust_1", bad_id)
    assert any(True for _ in package_frames(caught.value))
    assert frame_leaks(caught.value, NEEDLES) == []


# -- construction ---------------------------------------------------------------------------------------------------

GOOD = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
PARTNER = {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY}
CONSTRUCTION_FAILURES: dict[str, tuple[dict[str, Any], type[Exception]]] = {
    "unknown-environment": ({**GOOD, "environment": "prod"}, ConfigurationError),
    "unknown-environment-partner": ({**PARTNER, "environment": "prod"}, ConfigurationError),
    "secret-with-newline": ({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET + "\n"}, ConfigurationError),
    "key-with-nul": ({**PARTNER, "partner_api_key": PARTNER_API_KEY + "\x00"}, ConfigurationError),
    "secret-and-key": ({**GOOD, "partner_api_key": PARTNER_API_KEY}, ConfigurationError),
    "bad-base-url": ({**GOOD, "base_url": "ftp://example.invalid"}, ConfigurationError),
    "insecure-base-url": ({**PARTNER, "base_url": "http://example.invalid/pg"}, ConfigurationError),
    "bad-timeout": ({**GOOD, "timeout": -1}, ConfigurationError),
    "bad-api-version": ({**GOOD, "api_version": API_VERSION + "\r\n"}, ConfigurationError),
    "bad-verify": ({**GOOD, "verify": 42}, ConfigurationError),
    "missing-ca-bundle": ({**PARTNER, "verify": os.path.join(os.sep, "nonexistent", "ca.pem")}, ConfigurationError),
    "unknown-argument": ({**GOOD, "colour": "blue"}, TypeError),
}


@CLIENT_CLASSES
@pytest.mark.parametrize("failure", list(CONSTRUCTION_FAILURES))
def test_construction_failures_leave_no_secret_in_frame_locals(client_class: type[Any], failure: str) -> None:
    options, error = CONSTRUCTION_FAILURES[failure]
    with pytest.raises(error) as caught:
        client_class(**options)
    assert frame_leaks(caught.value, NEEDLES) == []
    assert CLIENT_SECRET not in str(caught.value)
    assert PARTNER_API_KEY not in str(caught.value)


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("environ", "overrides"),
    [
        ({"CASHFREE_ENVIRONMENT": "prod"}, {}),
        ({"CASHFREE_CLIENT_SECRET": CLIENT_SECRET + " "}, {}),
        ({}, {"timeout": 0}),
        ({}, {"partner_api_key": PARTNER_API_KEY}),
    ],
    ids=["environment", "secret-with-space", "override", "override-with-key"],
)
def test_from_env_failures_leave_no_secret_in_frame_locals(
    client_class: type[Any], environ: dict[str, str], overrides: dict[str, Any]
) -> None:
    environ = {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": CLIENT_SECRET, **environ}
    with pytest.raises(ConfigurationError) as caught:
        client_class.from_env(environ, **overrides)
    assert frame_leaks(caught.value, NEEDLES) == []


@CLIENT_CLASSES
def test_from_os_environ_failures_leave_no_secret_in_frame_locals(
    client_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASHFREE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("CASHFREE_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("CASHFREE_ENVIRONMENT", "prod")
    with pytest.raises(ConfigurationError) as caught:
        client_class.from_env()
    assert frame_leaks(caught.value, NEEDLES) == []


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("options", [{"timeout": -1}, {"api_version": "x\n"}, {"max_retries": "many"}], ids=repr)
def test_with_options_failures_leave_no_secret_in_frame_locals(
    client_class: type[Any], credentials: dict[str, str], options: dict[str, Any]
) -> None:
    cf = make_client(client_class, **credentials)
    with pytest.raises(Exception) as caught:  # noqa: PT011 - which error is not the point: where it was raised is
        cf.with_options(**options)
    assert frame_leaks(caught.value, NEEDLES) == []


# -- the scan itself ------------------------------------------------------------------------------------------------


def _raise_in_package_code(source: str, **local_values: Any) -> BaseException:
    """Runs `source` as code of the package (its file name is inside it) and returns what it raised."""
    import cashfree_instruments

    filename = os.path.join(os.path.dirname(cashfree_instruments.__file__), "_planted.py")
    namespace: dict[str, Any] = {**local_values}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - test-only code, made up here
    try:
        namespace["fail"]()
    except BaseException as exc:
        return exc
    raise AssertionError("the planted code did not raise")


PLANTED = {
    "in a string": "def fail():\n    secret = SECRET\n    raise ValueError('x')",
    "in a nested dict": "def fail():\n    body = {'a': [{'b': SECRET}]}\n    raise ValueError('x')",
    "in a plain object": (
        "def fail():\n    holder = Holder()\n    holder.data = {'v': SECRET}\n    raise ValueError('x')"
    ),
    "in a repr": "def fail():\n    shown = Shown()\n    raise ValueError('x')",
    "in bytes": "def fail():\n    raw = SECRET.encode()\n    raise ValueError('x')",
    "in the suppressed context": (
        "def fail():\n    try:\n        inner()\n    except KeyError:\n        raise ValueError('x') from None\n"
        "def inner():\n    card = SECRET\n    raise KeyError('k')"
    ),
}


class _Holder:
    pass


class _Shown:
    def __repr__(self) -> str:
        return f"Shown({CARD_NUMBER})"


@pytest.mark.parametrize("where", list(PLANTED))
def test_the_frame_scan_finds_what_it_looks_for(where: str) -> None:
    exc = _raise_in_package_code(PLANTED[where], SECRET=CARD_NUMBER, Holder=_Holder, Shown=_Shown)
    assert frame_leaks(exc, {"card number": CARD_NUMBER}) != []
    assert frame_leaks(exc, {"other": "not-there-0f3a"}) == []
