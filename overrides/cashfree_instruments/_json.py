"""Decoding response bodies: orjson where it reads a body as json.loads does, json.loads for the rest.

Why orjson: a list of 1000 instruments (600 kB) decodes in about 0.6 of json.loads' time, long-number check
included. Why json.loads behind it: orjson is stricter (it refuses NaN and Infinity, a BOM, UTF-16 and UTF-32, lone
surrogates...), and every body it refuses goes to json.loads, so no body json.loads reads is refused. Bodies with an
integer beyond 64 bits go to json.loads too: orjson would read them as floats (2**64 as 1.8446744073709552e19), and a
number in a string field becomes its text, so an id sent as a number would lose digits.

One difference is kept: orjson reads nesting up to 1024 levels, json.loads until Python's recursion limit stops it
(about 990 levels); a body nested in between is read, not refused.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # orjson is a dependency on CPython only: elsewhere json.loads decodes alone
    HAS_ORJSON = False
else:
    HAS_ORJSON = True

NOT_JSON: Any = object()

# Each byte's class: a digit "0", a byte that may end a number ("|": , ] } or JSON whitespace), any other "x".
_CLASSES = bytes(
    ord("0") if byte in b"0123456789" else ord("|") if byte in b",]} \t\n\r" else ord("x") for byte in range(256)
)
_LONG_NUMBER = b"0" * 19  # an integer beyond 64 bits has 19 digits at least (-2**63 - 1)


def load_json(content: bytes) -> Any:
    """The JSON value of a body, or NOT_JSON: never raises, so the body (card data) rides no exception context.

    UnicodeDecodeError (a ValueError) would hold the whole body; RecursionError comes of a body nested too deep.
    """
    if HAS_ORJSON and not _has_long_number(content):
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            pass  # json.loads decides
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return NOT_JSON


def _has_long_number(content: bytes) -> bool:
    """Whether 19 digits or more end a number (digits in a string end with a quote: not counted)."""
    classes = content.translate(_CLASSES)
    return _LONG_NUMBER + b"|" in classes or classes.endswith(_LONG_NUMBER)
