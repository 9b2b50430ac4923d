"""Text a server sent, made safe to print: bounded, control characters escaped, card-number-like digits masked.

Cashfree's error message, code, type and help, a proxy's reason phrase and content-type, the x-request-id header:
any of them can be megabytes long, forge log lines with a newline, drive a terminal with ANSI escapes or echo a
card number. What the package shows of them (exception messages and attributes, log records) goes through here.
"""

from __future__ import annotations

import re

MAX_SERVER_TEXT = 300  # characters shown of one server-sent value
MASK = "<redacted>"

# 12 or more digits, maybe grouped by single spaces or hyphens ("4111 1111 1111 1111"): long enough to be a card
# number. \d is any Unicode digit.
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){11,}")
_TRAILING_DIGITS = re.compile(r"[\d -]+$")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_LOOKAHEAD = 64  # characters read past the bound, so that a digit run the bound cuts is still masked whole


def server_text(text: str, limit: int = MAX_SERVER_TEXT) -> str:
    """`text` as safe to show: digit runs of 12+ masked, control characters escaped as repr() does, at most
    `limit` characters (then a note of the full length)."""
    head = text[: limit + _LOOKAHEAD]
    if len(head) < len(text):
        head = _TRAILING_DIGITS.sub("", head)  # a digit run cut here might be shorter than 12 digits: dropped
    shown = "".join(_escaped(ch) for ch in _DIGIT_RUN.sub(MASK, head))
    if len(shown) <= limit and len(head) == len(text):
        return shown
    return f"{shown[:limit]}... ({len(text)} characters, cut)"


def request_id_text(request_id: str | None) -> str | None:
    """A request id as safe to show: a UUID (what the client sends unless told otherwise) as it is."""
    if request_id is None or _UUID.fullmatch(request_id):
        return request_id
    return server_text(request_id)


def _escaped(ch: str) -> str:
    """A printable character as it is; any other (newlines, ESC, bidirectional overrides, surrogates) as \\x1b."""
    return ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
