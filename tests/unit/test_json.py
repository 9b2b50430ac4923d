"""load_json reads every body as json.loads does: the same value, or NOT_JSON where json.loads refuses it.

Both paths are checked: msgspec's (where installed) and the standard library's alone (msgspec absent, e.g. PyPy).
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from types import ModuleType
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cashfree_instruments import _json


def _without_msgspec() -> ModuleType:
    """A fresh copy of _json that found neither msgspec nor orjson installed (PyPy, say)."""
    spec = importlib.util.spec_from_file_location("_json_without_msgspec", _json.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # None in sys.modules: importing it raises ImportError. msgspec is imported with the first body decoded.
    with mock.patch.dict(sys.modules, {"msgspec": None, "msgspec.json": None, "orjson": None}):
        spec.loader.exec_module(module)
        module.load_json(b"[]")
    return module


NO_MSGSPEC = _without_msgspec()
DECODERS = [_json, NO_MSGSPEC]


def _ids(module: ModuleType) -> str:
    return "json-only" if module is NO_MSGSPEC else "msgspec"


def json_outcome(body: bytes, module: ModuleType) -> Any:
    """What json.loads makes of the body, with the module's sentinel for a refusal."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return module.NOT_JSON


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types: NaN equals NaN, -0.0 is not 0.0, 1 is neither 1.0 nor True; keys in order.

    Iterative: values nest up to a thousand levels deep here.
    """
    pairs = [(a, b)]
    while pairs:
        x, y = pairs.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, float):
            if not ((math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1.0, x) == math.copysign(1.0, y))):
                return False
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            pairs.extend(zip(x, y, strict=True))
        elif isinstance(x, dict):
            if list(x) != list(y):
                return False
            pairs.extend((x[key], y[key]) for key in x)
        elif x is not y and x != y:  # the sentinel object equals only itself
            return False
    return True


def check(body: bytes, module: ModuleType) -> None:
    # load_json never raises: an exception here fails the test.
    assert same(module.load_json(body), json_outcome(body, module)), body[:200]


def check_both(body: bytes) -> None:
    for module in DECODERS:
        check(body, module)


# -- strategies ------------------------------------------------------------------------------------------------------

BIG_INTS = st.sampled_from([2**53, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**64 + 1, 10**19, 10**20, 10**308]).flatmap(
    lambda n: st.sampled_from([n, -n, n - 1, -n - 1, n + 1, -n + 1])
)
TEXT = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"]), st.sampled_from('\x00\x1f\x7f"\\/[]{},')))


def scalars(allow_nan: bool) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        BIG_INTS,
        st.floats(allow_nan=allow_nan, allow_infinity=allow_nan),
        st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1.7976931348623157e308, 2.0**63, -(2.0**63), 2.0**64, 1e16]),
        TEXT,
    )


def json_values(allow_nan: bool) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars(allow_nan),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
        max_leaves=12,
    )


@st.composite
def serialized(draw: st.DrawFn) -> bytes:
    """A JSON value as json.dumps writes it with various options, maybe padded, in an encoding json.loads detects."""
    allow_nan = draw(st.booleans())
    text = json.dumps(
        draw(json_values(allow_nan)),
        ensure_ascii=draw(st.booleans()),
        allow_nan=allow_nan,
        separators=draw(st.sampled_from([None, (",", ":"), (", ", ": "), (" , ", " : "), ("\n,\t", "\r:")])),
        indent=draw(st.sampled_from([None, 0, 2, "\t", "\r\n"])),
        sort_keys=draw(st.booleans()),
    )
    pad = st.text(st.sampled_from(" \t\r\n" if draw(st.integers(0, 9)) else " \t\r\n\x0b\x0c\xa0\x00"), max_size=3)
    text = draw(pad) + text + draw(pad)
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
    return text.encode(encoding, "surrogatepass")


NUMBERS = st.from_regex(r"\A-?(0|[1-9][0-9]{0,45})(\.[0-9]{1,45})?([eE][+-]?[0-9]{1,4})?\Z").map(str.encode)


@st.composite
def numbers_in_place(draw: st.DrawFn) -> bytes:
    """A number literal at top level, in an array or as an object's value: big ints and floats to round."""
    number = draw(NUMBERS)
    return draw(st.sampled_from([b"%s", b" %s\n", b"[%s]", b"[1, %s ,2]", b'{"a": %s}', b'{"a":{"b":[%s]}}'])) % number


@st.composite
def duplicate_keys(draw: st.DrawFn) -> bytes:
    """An object whose members repeat keys: json.loads keeps the last value, in the first key's place."""
    members = draw(st.lists(st.tuples(st.sampled_from(["a", "b", "\u00e9", "a\\u0000"]), scalars(False)), max_size=6))
    return ("{" + ",".join(f'"{key}":{json.dumps(value)}' for key, value in members) + "}").encode()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """Valid JSON with a byte inserted, replaced or removed: mostly bodies both libraries refuse."""
    body = bytearray(draw(serialized()))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(body)))
        action = draw(st.sampled_from(["insert", "replace", "delete"]))
        byte = draw(st.one_of(st.integers(0, 255), st.sampled_from(b'"\\[]{},:-.0123456789eE ')))
        if action == "insert":
            body.insert(at, byte)
        elif at < len(body):
            if action == "replace":
                body[at] = byte
            else:
                del body[at]
    return bytes(body)


# -- properties ------------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(body=serialized())
def test_serialized_values_read_as_json_loads_reads_them(body: bytes) -> None:
    check_both(body)


@settings(max_examples=300, deadline=None)
@given(body=st.one_of(numbers_in_place(), duplicate_keys()))
def test_numbers_and_duplicate_keys_read_as_json_loads_reads_them(body: bytes) -> None:
    check_both(body)


@settings(max_examples=300, deadline=None)
@given(body=st.one_of(st.binary(max_size=40), mutated()))
def test_any_bytes_read_as_json_loads_reads_them(body: bytes) -> None:
    check_both(body)


# -- examples --------------------------------------------------------------------------------------------------------


def nested(depth: int, kind: str) -> bytes:
    opens = [b'{"k":' if kind == "object" or (kind == "mixed" and level % 2) else b"[" for level in range(depth)]
    closes = [b"}" if opening.startswith(b"{") else b"]" for opening in reversed(opens)]
    return b"".join(opens) + b"1" + b"".join(closes)


EDGE_CASES = [
    b"",
    b" ",
    b"\t\r\n",
    b"null",
    b"true",
    b"false",
    b"0",
    b"-0",
    b"-0.0",
    b"0e0",
    b"-0e0",
    b"1E2",
    b"1e+2",
    b"1e-400",
    b"-1e-400",
    b"1e400",
    b"-1e400",
    b"1.7976931348623157e308",
    b"1.7976931348623158e308",
    b"1.7976931348623157e309",
    b"4.9e-324",
    b"2.4703282292062327e-324",
    b"2.4703282292062328e-324",
    b"9007199254740993",
    b"9007199254740993.0",
    b"1e99999999999999999999",
    b"9223372036854775807",
    b"9223372036854775808",
    b"-9223372036854775808",
    b"-9223372036854775809",
    b"18446744073709551615",
    b"18446744073709551616",
    b"-18446744073709551616",
    b"[18446744073709551616]",
    b'{"a":18446744073709551616}',
    b"[1,18446744073709551616 ,2]",
    b"123456789012345678901234567890",
    b"1" + b"0" * 308,
    b"1" + b"0" * 4300,
    b"1" + b"0" * 4301,
    b"1234567890123456789.5",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"[NaN, Infinity, -Infinity]",
    b"nan",
    b"01",
    b"1.",
    b".5",
    b"+1",
    b"-",
    b"1e",
    b"1 2",
    b"1,",
    b"[1,]",
    b'{"a":1,}',
    b'{"a":1}x',
    b'{"a":1} ',
    b"\x0c1",
    b"1\x0c",
    b"\x0b1",
    b"\xc2\xa01",
    b"\x001",
    b"1\x00",
    b"12\x00\x00",
    b"\xef\xbb\xbf[1]",
    b"\xef\xbb\xbf",
    "[1]".encode("utf-16"),
    "[1]".encode("utf-16-le"),
    "[1]".encode("utf-32"),
    b'{"a":1,"b":2,"a":3}',
    b'{"a":1,"a":{"b":2}}',
    b'{"\\u0061":1,"a":2}',
    b'"\\u0000"',
    b'"a\x00b"',
    b'"a\x1fb"',
    b'"a\x7fb"',
    b'"\\ud83d\\ude00"',
    b'"\\uD834\\uDD1E"',
    b'"\\ud83d"',
    b'"\\ude00"',
    b'"\\udd1e\\ud834"',
    b'"\xed\xa0\x80"',
    b'"\xed\xbf\xbf"',
    b'"\xc0\x80"',
    b'"\xe0\x80\x80"',
    b'"\xf4\x90\x80\x80"',
    b'"\xff"',
    b'"\xef\xbf\xbe"',
    b'"\xf4\x8f\xbf\xbf"',
    b'"\\/"',
    b'"\\x"',
    b'"\\u12"',
    b'"12345678901234567890"',
    b'["12345678901234567890", "x"]',
    b"[]",
    b"{}",
    b'"x"',
    b"tru",
    b"[" * 100_000,
]


@pytest.mark.parametrize("module", DECODERS, ids=_ids)
@pytest.mark.parametrize("body", EDGE_CASES, ids=lambda body: repr(body[:40]))
def test_edge_cases_read_as_json_loads_reads_them(module: ModuleType, body: bytes) -> None:
    check(body, module)


@pytest.mark.parametrize("module", DECODERS, ids=_ids)
@pytest.mark.parametrize("kind", ["array", "object", "mixed"])
@pytest.mark.parametrize("depth", [1, 3, 254, 255, 500, 900, 1025, 5000])
def test_deep_nesting_reads_as_json_loads_reads_it(module: ModuleType, kind: str, depth: int) -> None:
    check(nested(depth, kind), module)


@pytest.mark.parametrize("depth", [1000, 1024])
def test_orjson_reads_nesting_the_recursion_limit_stops_the_others_at(depth: int) -> None:
    # Issue 11: a junk field nested ~1000 deep is dropped by the readers, and the rest of the response kept.
    pytest.importorskip("orjson")
    body = nested(depth, "array")
    assert NO_MSGSPEC.load_json(body) is NO_MSGSPEC.NOT_JSON or sys.version_info >= (3, 12)
    expected: Any = 1
    for _ in range(depth):
        expected = [expected]
    assert same(_json.load_json(body), expected)
    # orjson would read a 20-digit integer as a float: such a body is refused, as json.loads refuses it.
    assert _json.load_json(body.replace(b"1", b"18446744073709551616", 1)) is _json.NOT_JSON or sys.version_info >= (
        3,
        12,
    )


def test_msgspec_decodes_the_list_of_instruments() -> None:
    from cashfree_instruments.testing import FakeCashfree

    fake = FakeCashfree(seed=False)
    fake.add_customer("c1")
    for _ in range(50):
        fake.add_instrument("c1")
    body = json.dumps(fake.instruments("c1")).encode()
    expected = json.loads(body)
    with mock.patch.object(json, "loads", side_effect=AssertionError("json.loads used")):
        assert same(_json.load_json(body), expected)


def test_msgspec_reads_big_integers_exactly() -> None:
    # Why msgspec and no scan of the body: orjson read these as floats (2**64 as 1.8446744073709552e19).
    pytest.importorskip("msgspec")
    with mock.patch.object(json, "loads", side_effect=AssertionError("json.loads used")):
        assert _json.load_json(b"18446744073709551616") == 2**64
        big = _json.load_json(b"[-9223372036854775809, 123456789012345678901234567890]")
    assert big == [-(2**63) - 1, 123456789012345678901234567890]
    assert all(type(number) is int for number in big)


def test_msgspec_is_imported_with_the_first_body_not_with_the_package() -> None:
    code = (
        "import sys, cashfree_instruments; from cashfree_instruments import _json; "
        "assert 'msgspec' not in sys.modules; _json.load_json(b'[]'); print('msgspec' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == str(importlib.util.find_spec("msgspec") is not None)


def test_without_msgspec_json_loads_decodes_alone() -> None:
    assert NO_MSGSPEC._decode is json.loads
    assert same(NO_MSGSPEC.load_json(b'{"a": [1, 2.5, null]}'), {"a": [1, 2.5, None]})


@pytest.mark.parametrize("module", DECODERS, ids=_ids)
@pytest.mark.parametrize("body", [b"", b'{"card": "4111111111111111"', b'"\xff4111111111111111"', b"[" * 100_000])
def test_a_refused_body_leaves_no_exception_behind(module: ModuleType, body: bytes) -> None:
    assert module.load_json(body) is module.NOT_JSON
    assert sys.exc_info() == (None, None, None)
