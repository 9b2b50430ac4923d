"""Decoding response bodies: msgspec where it reads a body as json.loads does, json.loads for the rest.

msgspec decodes a list of 1000 instruments (600 kB) in about 0.6 of json.loads' time and reads integers of any size
exactly (orjson reads those beyond 64 bits as floats). It is stricter than json.loads (NaN, a BOM, UTF-16, lone
surrogates...): what it refuses goes to json.loads, so no body json.loads reads is refused. Imported with the first
body decoded, not by `import cashfree_instruments` (about 14 ms; docs/benchmarks.md, round 6), and so is orjson.

Both stop at the recursion limit (about 990 levels): a deeper body goes to orjson, which reads 1024 levels, so that a
junk field nested ~1000 deep is dropped by the readers and the rest of the response kept (issue 11); only if no
integer in it is beyond 64 bits.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

NOT_JSON: Any = object()
_DECODER_REFUSALS = (ValueError, RecursionError)  # msgspec.DecodeError is a ValueError; so is UnicodeDecodeError

_decode: Callable[[bytes], Any] | None = None  # msgspec's decoder; json.loads where msgspec is not installed
_decode_deep: Callable[[bytes], Any] | None = None  # orjson's, for a body too deep for _decode; None: not installed


def load_json(content: bytes) -> Any:
    """The JSON value of a body, or NOT_JSON: never raises, so the body (card data) rides no exception context.

    UnicodeDecodeError (a ValueError) would hold the whole body; RecursionError comes of a body nested too deep.
    """
    decode = _decode or _load_decoders()
    try:
        return decode(content)
    except RecursionError:
        if _decode_deep is not None and not _has_long_number(content):
            with contextlib.suppress(ValueError):  # orjson.JSONDecodeError is one
                return _decode_deep(content)
    except ValueError:
        pass  # json.loads decides
    try:
        return json.loads(content)
    except _DECODER_REFUSALS:
        return NOT_JSON


def _load_decoders() -> Callable[[bytes], Any]:
    """Import the decoders (with the first body), set _decode and _decode_deep, and return _decode."""
    global _decode, _decode_deep
    try:
        from msgspec.json import Decoder
    except ImportError:  # msgspec and orjson are dependencies on CPython only: elsewhere json.loads decodes alone
        _decode = json.loads
    else:
        _decode = Decoder().decode
    with contextlib.suppress(ImportError):
        import orjson

        _decode_deep = orjson.loads
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
