"""Issue #11: text a server sends is data. What lands in an error's str() (Cashfree's message, code, type and help, a
proxy's reason phrase and content-type, the x-request-id header) is bounded, has its control characters escaped and
its card-number-like digit runs masked; so are err.message, .code, .type and .help. The metadata keeps the headers
as received.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    APIResponseValidationError,
    APIStatusError,
)
from cashfree_instruments._server_text import MAX_SERVER_TEXT, server_text
from tests.helpers.client import CLIENT_CLASSES, Server, call, make_client, record_sleeps

CARD = "4111111111111111"
HOSTILE = {
    "huge": "x" * 1_000_000,
    "forged-log-line": "declined\n2024-06-30 00:00:00 INFO payment captured order=42\r\nanother",
    "ansi": "\x1b[2J\x1b[31mdeclined\x1b[0m\x07",
    "card-number": f"card {CARD} declined",
    "spaced-card-number": "card 4111 1111 1111 1111 declined",
    "dashed-card-number": "card 4111-1111-1111-1111 declined",
    "card-number-at-the-cut": "y" * (MAX_SERVER_TEXT - 6) + CARD * 10,
    "bidi-and-separators": "ok\u202egnp.exe\u2028next\u2029para\x00nul\ud800",
}


def _assert_safe(text: str) -> None:
    assert len(text) <= 2 * MAX_SERVER_TEXT + 200
    assert all(ch.isprintable() for ch in text), repr(text[:200])
    assert CARD not in text
    assert "4111 1111 1111 1111" not in text
    assert "4111-1111-1111-1111" not in text
    assert "41111111" not in text  # not even a part long enough to matter


@pytest.fixture(autouse=True)
def no_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


@CLIENT_CLASSES
@pytest.mark.parametrize("status", [400, 404, 422, 429, 500])
@pytest.mark.parametrize("field", ["message", "code", "type", "help"])
@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_cashfree_error_fields_are_bounded_escaped_and_masked(
    client_class: type[Any], status: int, field: str, hostile: str
) -> None:
    body = {"message": "declined", "code": "card_declined", "type": "invalid_request_error", field: HOSTILE[hostile]}
    content = json.dumps(body).encode()  # a lone surrogate travels as the JSON escape \ud800
    cf = make_client(client_class, Server(httpx.Response(status, content=content)), max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        call(cf, "get", "c", "i")
    error = caught.value
    _assert_safe(str(error))
    _assert_safe(repr(error))
    for attribute in ("message", "code", "type", "help"):
        _assert_safe(getattr(error, attribute) or "")
    assert getattr(error, field) == server_text(HOSTILE[hostile])  # the attribute is the text as shown


@CLIENT_CLASSES
@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_a_server_sent_request_id_is_shown_safely(client_class: type[Any], hostile: str) -> None:
    raw = HOSTILE[hostile][:60_000].encode("utf-8", errors="replace")  # a header line: h11 reads up to 64 kB
    request_id = httpx.Headers({"x-request-id": raw})["x-request-id"]
    server = Server(
        httpx.Response(404, headers={"x-request-id": raw}, json={"message": "no"}),
        httpx.Response(200, headers={"x-request-id": raw}, content=b"not json"),
    )
    cf = make_client(client_class, server, max_retries=0)
    for error_class in (APIStatusError, APIResponseValidationError):
        with pytest.raises(error_class) as caught:
            call(cf, "get", "c", "i")
        _assert_safe(str(caught.value))
        assert caught.value.request_id == request_id  # the header as received, for whoever needs it
        assert caught.value.metadata.request_id == request_id


@CLIENT_CLASSES
def test_a_server_sent_request_id_is_logged_safely(client_class: type[Any], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cashfree_instruments")
    request_id = HOSTILE["forged-log-line"] + CARD
    reply = httpx.Response(200, headers={"x-request-id": request_id}, json=[{"no": "id"}])
    assert call(make_client(client_class, Server(reply)), "list", "c") == []  # the item skipped, with a warning
    assert any("skipped" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        _assert_safe(record.getMessage())


@CLIENT_CLASSES
def test_a_proxys_reason_phrase_and_content_type_are_shown_safely(client_class: type[Any]) -> None:
    reply = httpx.Response(
        502,
        headers={"content-type": "text/html; " + HOSTILE["ansi"] + CARD + "z" * 5000},
        content=b"<html>bad</html>",
        extensions={"reason_phrase": ("Bad " + CARD + "\x1b[31m Gateway").encode()},
    )
    cf = make_client(client_class, Server(reply), max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        call(cf, "get", "c", "i")
    _assert_safe(str(caught.value))
    assert caught.value.status_code == 502


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("card declined", "card declined"),
        ("order 12345678901 failed", "order 12345678901 failed"),  # 11 digits: not masked
        ("order 123456789012 failed", "order <redacted> failed"),  # 12
        ("pan 4111 1111 1111 1111.", "pan <redacted>."),
        ("pan 4111-1111-1111-1111", "pan <redacted>"),
        ("2024-06-30 12:00:00", "2024-06-30 12:00:00"),  # a timestamp is not a card number
        ("\u0664\u0661\u0661\u0661" * 4, "<redacted>"),  # Arabic-Indic digits are digits too
        ("line\nbreak\ttab", "line\\nbreak\\ttab"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("rtl\u202eoverride", "rtl\\u202eoverride"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        ("caf\u00e9 \u0928\u092e\u0938\u094d\u0924\u0947", "caf\u00e9 \u0928\u092e\u0938\u094d\u0924\u0947"),
    ],
)
def test_server_text(text: str, shown: str) -> None:
    assert server_text(text) == shown


def test_server_text_is_bounded() -> None:
    shown = server_text("a" * 10_000)
    assert shown.startswith("a" * MAX_SERVER_TEXT)
    assert len(shown) < MAX_SERVER_TEXT + 50
    assert "10000 characters" in shown
    assert server_text("a" * MAX_SERVER_TEXT) == "a" * MAX_SERVER_TEXT
    # A digit run cut by the bound is masked as a whole, never shown in part.
    for offset in range(-20, 20):
        shown = server_text("a" * (MAX_SERVER_TEXT + offset) + CARD * 3)
        assert "1111" not in shown, offset
