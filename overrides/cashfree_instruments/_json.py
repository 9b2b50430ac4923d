"""Decoding response bodies: msgspec where it reads a body as json.loads does, json.loads for the rest.

Why msgspec: a list of 1000 instruments (600 kB) decodes in about 0.6 of json.loads' time, and it reads integers of
any size exactly, as json.loads does (orjson, used before, read those beyond 64 bits as floats, so every body had to
be scanned for them first: a tenth of a long list's time). Why json.loads behind it: msgspec is stricter (it refuses
NaN and Infinity, a BOM, UTF-16 and UTF-32, lone surrogates, nesting deeper than the recursion limit...), and every
body it refuses goes to json.loads, so no body json.loads reads is refused.

msgspec is imported with the first body decoded, not by `import cashfree_instruments`: about 14 ms, as much as the
rest of the package's own modules (docs/benchmarks.md, round 6).

A body nested deeper than the recursion limit lets msgspec and json.loads read (about 990 levels) goes to orjson,
which reads 1024 levels: a junk field nested ~1000 deep is then dropped by the readers, and the rest of the response
kept (issue 11). orjson reads integers beyond 64 bits as floats, so such a body is read only if it has none.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

try:
    import orjson
except ImportError:  # a dependency on CPython only, as msgspec is
    HAS_ORJSON = False
else:
    HAS_ORJSON = True

NOT_JSON: Any = object()
_DECODER_REFUSALS = (ValueError, RecursionError)  # msgspec.DecodeError is a ValueError; so is UnicodeDecodeError

_decode: Callable[[bytes], Any] | None = None  # msgspec's decoder; json.loads where msgspec is not installed


def load_json(content: bytes) -> Any:
    """The JSON value of a body, or NOT_JSON: never raises, so the body (card data) rides no exception context.

    UnicodeDecodeError (a ValueError) would hold the whole body; RecursionError comes of a body nested too deep.
    """
    decode = _decode or _fast_decoder()
    try:
        return decode(content)
    except RecursionError:
        if HAS_ORJSON and not _has_long_number(content):
            with contextlib.suppress(orjson.JSONDecodeError):
                return orjson.loads(content)
    except ValueError:
        pass  # json.loads decides
    try:
        return json.loads(content)
    except _DECODER_REFUSALS:
        return NOT_JSON


def _fast_decoder() -> Callable[[bytes], Any]:
    global _decode
    try:
        from msgspec.json import Decoder
    except ImportError:  # msgspec is a dependency on CPython only: elsewhere json.loads decodes alone
        _decode = json.loads
    else:
        _decode = Decoder().decode
    return _decode


# Each byte's class: a digit "0", a byte that may end a number ("|": , ] } or JSON whitespace), any other "x".
_CLASSES = bytes(
    ord("0") if byte in b"0123456789" else ord("|") if byte in b",]} \t\n\r" else ord("x") for byte in range(256)
)
_LONG_NUMBER = b"0" * 19  # an integer beyond 64 bits has 19 digits at least (-2**63 - 1)


def _has_long_number(content: bytes) -> bool:
    """Whether 19 digits or more end a number (digits in a string end with a quote: not counted)."""
    classes = content.translate(_CLASSES)
    return _LONG_NUMBER + b"|" in classes or classes.endswith(_LONG_NUMBER)
