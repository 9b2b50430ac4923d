"""Decoding response bodies: msgspec where it reads a body as json.loads does, json.loads for the rest.

Why msgspec: a list of 1000 instruments (600 kB) decodes in about 0.6 of json.loads' time, and it reads integers of
any size exactly, as json.loads does (orjson, used before, read those beyond 64 bits as floats, so every body had to
be scanned for them first: a tenth of a long list's time). Why json.loads behind it: msgspec is stricter (it refuses
NaN and Infinity, a BOM, UTF-16 and UTF-32, lone surrogates, nesting deeper than the recursion limit...), and every
body it refuses goes to json.loads, so no body json.loads reads is refused.

msgspec is imported with the first body decoded, not by `import cashfree_instruments`: about 14 ms, as much as the
rest of the package's own modules (docs/benchmarks.md, round 6).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

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
    except _DECODER_REFUSALS:
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
