"""Secrets and card data never show: not in any log record (DEBUG, every logger), repr, str, exception or traceback.

Every scenario runs with DEBUG logging on the root, httpx, httpcore and cashfree_instruments loggers, then every
text a developer could see is scanned for the client secret, the partner API key, the client signature, the card
number and the cryptogram. Card data stays readable as attributes.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from cashfree_instruments import CashfreeError, ConfigurationError, Cryptogram
from tests.helpers.client import (
    CARD_NUMBER,
    CLIENT_CLASSES,
    CLIENT_ID,
    CLIENT_SECRET,
    CLIENT_SIGNATURE,
    CRYPTOGRAM,
    CRYPTOGRAM_VALUE,
    PARTNER_API_KEY,
    PARTNER_MERCHANT_ID,
    Reply,
    Server,
    call,
    error_response,
    make_client,
    record_sleeps,
    run,
    texts_of_exception,
)

SECRETS = {
    "client secret": CLIENT_SECRET,
    "partner api key": PARTNER_API_KEY,
    "client signature": CLIENT_SIGNATURE,
    "card number": CARD_NUMBER,
    "cryptogram": CRYPTOGRAM_VALUE,
}
CREDENTIALS = pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        {"client_id": CLIENT_ID, "partner_api_key": PARTNER_API_KEY},
        {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY},
        {"client_id": CLIENT_ID, "client_signature": CLIENT_SIGNATURE},
        {"client_id": CLIENT_ID, "client_signature": lambda: CLIENT_SIGNATURE},
    ],
    ids=["secret", "partner-key", "partner-merchant", "signature", "signature-callable"],
)
CRYPTOGRAM_BYTES = json.dumps(CRYPTOGRAM).encode()


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "cashfree_instruments", "hpack", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _log_texts(caplog: pytest.LogCaptureFixture) -> Iterator[str]:
    yield caplog.text
    for record in caplog.records:
        yield record.getMessage()
        yield str(record.msg)
        yield repr(record.args)
        if record.exc_text:
            yield record.exc_text


def _leaks(texts: Iterable[str]) -> list[str]:
    return [
        f"{name} in: {text[:300]!r}" for text in texts for name, secret in SECRETS.items() if secret and secret in text
    ]


def _outcome_texts(outcome: Any) -> Iterator[str]:
    if isinstance(outcome, BaseException):
        yield from texts_of_exception(outcome)
        return
    yield repr(outcome)
    yield str(outcome)
    for part in ("data", "metadata"):
        if hasattr(outcome, part):
            yield repr(getattr(outcome, part))
            yield str(getattr(outcome, part))


def _run_scenario(
    client_class: type[Any], credentials: dict[str, str], replies: tuple[Reply, ...], name: str, raw: bool
) -> tuple[Any, list[str]]:
    server = Server(*replies)
    cf = make_client(client_class, server, **credentials)
    texts = [repr(cf), str(cf), repr(cf.with_options(max_retries=1)), repr(cf._config)]
    args = ("cust_1",) if name == "list" else ("cust_1", "inst_1")
    try:
        outcome: Any = call(cf, name, *args, raw=raw)
    except CashfreeError as exc:
        outcome = exc
    texts.extend(_outcome_texts(outcome))
    return outcome, texts


def _garbled(content: bytes) -> httpx.Response:
    return httpx.Response(200, content=content)


SCENARIOS: dict[str, tuple[tuple[Reply, ...], str]] = {
    "cryptogram": ((), "cryptogram"),
    "cryptogram-raw": ((), "cryptogram"),
    "list-raw": ((), "list"),
    "connect-error-then-ok-raw": ((httpx.ConnectError("connection refused"),), "cryptogram"),
    "list": ((), "list"),
    "get": ((), "get"),
    "delete": ((), "delete"),
    **{f"error-{status}": ((error_response(status),), "cryptogram") for status in (400, 401, 404, 409, 422, 520)},
    "rate-limited-then-ok": ((error_response(429, headers={"x-ratelimit-retry": "1"}),), "cryptogram"),
    "rate-limited-too-long": ((error_response(429, headers={"x-ratelimit-retry": "999"}),), "cryptogram"),
    "5xx-then-ok": ((error_response(500), error_response(503)), "cryptogram"),
    "5xx-exhausted": ((error_response(502),), "cryptogram"),
    "html-502": ((httpx.Response(502, headers={"content-type": "text/html"}, content=b"<html>bad</html>"),), "list"),
    "connect-error-then-ok": ((httpx.ConnectError("connection refused"),), "cryptogram"),
    "connect-error-exhausted": ((httpx.ConnectError("connection refused"),) * 3, "cryptogram"),
    "timeout-exhausted": ((httpx.ReadTimeout("read timed out"),) * 3, "delete"),
    "truncated-cryptogram": ((_garbled(CRYPTOGRAM_BYTES[:-5]),), "cryptogram"),
    "cryptogram-with-bad-utf8": ((_garbled(CRYPTOGRAM_BYTES[:-1] + b', "x": "\xff"}'),), "cryptogram"),
    "cryptogram-without-id": (
        (httpx.Response(200, json={k: v for k, v in CRYPTOGRAM.items() if k != "instrument_id"}),),
        "cryptogram",
    ),
    "cryptogram-as-list": ((httpx.Response(200, json=[CRYPTOGRAM]),), "cryptogram"),
    "unreadable-list-items-with-card-data": (
        (httpx.Response(200, json=[{"card_number": CARD_NUMBER, "cryptogram": CRYPTOGRAM_VALUE}, [CARD_NUMBER]]),),
        "list",
    ),
    "card-data-in-error-body": ((httpx.Response(500, json={**CRYPTOGRAM, "code": 7}),), "get"),
}


SUCCEEDING = {
    "cryptogram",
    "cryptogram-raw",
    "list",
    "list-raw",
    "get",
    "delete",
    "unreadable-list-items-with-card-data",
}


def _then_cryptogram(replies: tuple[Reply, ...]) -> tuple[Reply, ...]:
    """The scenario's failures, then a cryptogram (the Server repeats its last reply)."""
    return (*replies, httpx.Response(200, json=CRYPTOGRAM))


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_secret_or_card_data_shows_anywhere(
    client_class: type[Any], credentials: dict[str, str], scenario: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    replies, name = SCENARIOS[scenario]
    succeeds = scenario in SUCCEEDING or "-then-ok" in scenario
    if "-then-ok" in scenario:
        replies = _then_cryptogram(replies)
    outcome, texts = _run_scenario(client_class, credentials, replies, name, raw=scenario.endswith("-raw"))
    assert isinstance(outcome, CashfreeError) is not succeeds, outcome  # the scenario went the way it says
    assert debug_logs.records, "the scan saw no log record: is DEBUG logging on?"
    assert _leaks([*texts, *_log_texts(debug_logs)]) == []


@CLIENT_CLASSES
def test_card_data_stays_readable_as_attributes(client_class: type[Any]) -> None:
    cryptogram = call(make_client(client_class), "cryptogram", "c", "i")
    assert isinstance(cryptogram, Cryptogram)
    assert cryptogram.card_number == CARD_NUMBER
    assert cryptogram.cryptogram == CRYPTOGRAM_VALUE
    assert cryptogram.to_dict()["card_number"] == CARD_NUMBER
    for text in (repr(cryptogram), str(cryptogram), f"{cryptogram}", repr([cryptogram])):
        assert CARD_NUMBER not in text
        assert CRYPTOGRAM_VALUE not in text
        assert "<redacted>" in text
        assert CRYPTOGRAM["instrument_id"] in text  # what is safe to show still shows


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET + "\n"},
        {"client_id": CLIENT_ID, "client_secret": " " + CLIENT_SECRET},
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "partner_api_key": PARTNER_API_KEY},
        {"client_id": CLIENT_ID, "partner_api_key": PARTNER_API_KEY + "\x00"},
        {"client_secret": CLIENT_SECRET},
        {"client_id": CLIENT_ID, "client_signature": CLIENT_SIGNATURE + "\n"},
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "client_signature": CLIENT_SIGNATURE},
        {"client_signature": CLIENT_SIGNATURE},
    ],
    ids=[
        "secret-newline",
        "secret-space",
        "both",
        "key-nul",
        "secret-only",
        "signature-newline",
        "signature-and-secret",
        "signature-only",
    ],
)
def test_configuration_errors_do_not_echo_credentials(
    client_class: type[Any], credentials: dict[str, str], debug_logs: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        make_client(client_class, **credentials)
    assert _leaks([*texts_of_exception(caught.value), *_log_texts(debug_logs)]) == []


@CLIENT_CLASSES
def test_from_env_errors_do_not_echo_credentials(client_class: type[Any]) -> None:
    environ = {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": CLIENT_SECRET, "CASHFREE_ENVIRONMENT": "x"}
    with pytest.raises(ConfigurationError) as caught:
        client_class.from_env(environ=environ)
    assert _leaks(texts_of_exception(caught.value)) == []


def test_the_scan_finds_what_it_looks_for(debug_logs: pytest.LogCaptureFixture) -> None:
    # The scan itself can fail: a leak planted in a log record's args, and in an exception's context, is found.
    logging.getLogger("some.app").debug("paying with %s", CARD_NUMBER)
    assert _leaks(_log_texts(debug_logs))

    def fail() -> None:
        try:
            raise ValueError(CRYPTOGRAM_VALUE)
        except ValueError:
            raise CashfreeError("wrapped") from None

    with pytest.raises(CashfreeError) as caught:
        fail()
    assert _leaks(texts_of_exception(caught.value))


# --- through a real socket on 127.0.0.1, so httpx's and httpcore's own logging runs too -----------------------------


class _CryptogramHandler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        body = CRYPTOGRAM_BYTES if self.path.endswith("/cryptogram") else b'{"message": "no"}'
        self.send_response(200 if self.path.endswith("/cryptogram") else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def loopback_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CryptogramHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pg"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@CLIENT_CLASSES
@CREDENTIALS
def test_no_secret_or_card_data_in_httpx_and_httpcore_debug_logs(
    client_class: type[Any],
    credentials: dict[str, str],
    loopback_url: str,
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    cf = client_class(base_url=loopback_url, max_retries=0, **credentials)
    try:
        cryptogram = call(cf, "cryptogram", "cust_1", "inst_1")
        with pytest.raises(CashfreeError) as caught:
            call(cf, "get", "cust_1", "inst_1")
    finally:
        run(cf.close())
    assert cryptogram.card_number == CARD_NUMBER
    loggers = {record.name.split(".")[0] for record in debug_logs.records}
    assert {"httpx", "httpcore", "cashfree_instruments"} <= loggers  # the scan saw every layer's logging
    texts = [*_log_texts(debug_logs), *_outcome_texts(cryptogram), *texts_of_exception(caught.value), repr(cf)]
    assert _leaks(texts) == []
