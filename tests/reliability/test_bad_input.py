"""Issue #6, bad input: hostile call arguments and garbage responses, drawn by hypothesis.

Arguments: customer_id, instrument_id, request_id and idempotency_key from arbitrary unicode (control
characters, CR/LF, lone surrogates, very long strings, '.', '..', empty, '/', '\\', look-alike dots and slashes)
and non-strings. Each call either raises InvalidArgumentError (a ValueError) with nothing sent, or sends exactly one
well-formed request: one of the spec's four paths, each id exactly one percent-encoded segment that decodes back to
the input, and no header holding CR/LF or a header the caller smuggled in. Never anything else. An id that a front
end could read as another path (issue #11: a '/' or '\\', or one once NFKC applies, or '.' / '..' then) is
always refused.

Responses: JSON of wrong shapes and arbitrary bytes, as 2xx/3xx/4xx/5xx bodies with garbage rate-limit headers,
yield a parsed result or a CashfreeError subclass: never another exception.

A recording httpx.MockTransport stands in for the network: nothing leaves the process.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from cashfree_instruments import (
    API_VERSION,
    MAX_RATE_LIMIT_WAIT,
    APIResponse,
    APIResponseValidationError,
    APIStatusError,
    AsyncCashfree,
    Cashfree,
    CashfreeError,
    InvalidArgumentError,
)
from tests.helpers.client import patch_clock
from tests.helpers.fault_server import FaultServer, Respond, json_response

BASE_URL = "http://127.0.0.1:9/pg"  # never reached: the MockTransport answers
CLIENT_ID = "bad_input_client"
CLIENT_SECRET = "bad_input_SECRET_0a7c"
OPS = ("list", "get", "delete", "cryptogram")
METHODS = {"list": "GET", "get": "GET", "delete": "DELETE", "cryptogram": "GET"}
SUFFIX = {"list": "", "get": "/{i}", "delete": "/{i}", "cryptogram": "/{i}/cryptogram"}
INSTRUMENT = {"instrument_id": "iid", "customer_id": "cid", "instrument_type": "card", "instrument_status": "ACTIVE"}
SUCCESS_BODY: dict[str, Any] = {
    "list": [INSTRUMENT],
    "get": INSTRUMENT,
    "delete": INSTRUMENT,
    "cryptogram": {"instrument_id": "iid", "card_number": "4111110000001111", "cryptogram": "AAAA"},
}
# Headers the client may send, and no other: a smuggled "X-Injected: 1" would show as a name outside this set.
ALLOWED_HEADERS = {
    "host",
    "accept",
    "accept-encoding",
    "connection",
    "user-agent",
    "x-client-id",
    "x-client-secret",
    "x-api-version",
    "x-request-id",
    "x-idempotency-key",
}
SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+")  # RFC 3986 unreserved or percent-encoded
HOSTILE = [
    "",
    ".",
    "..",
    "%2e%2e",
    "%2E",
    "/",
    "a/b",
    "../../admin",
    "?x=1",
    "#frag",
    "a b",
    "\r\n",
    "id\r\nX-Injected: 1",
    "id\nX-Injected: 1",
    "id\x00",
    "\ud800",
    "é",
    "\u2028",
    "\ufeff",
    "x" * 512,
    "x" * 513,
    "%",
    "%zz",
    "card\tnumber",
    "\\",
    "a\\b",
    "..\\..\\bob",
    "\u2024\u2024",
    "\u2025",
    "\uff0e",
    "\uff0e\uff0e\uff0fbob",
    "a\uff0fb",
    "\uff3c",
    "\u2026",
]

# Arbitrary unicode including control characters and lone surrogates (hypothesis leaves out Cs by default).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
LONG_TEXT = st.text(st.characters(exclude_categories=()), min_size=500, max_size=2000)
# Unicode a caller may legitimately use in an id: everything but control characters and surrogates.
USABLE_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
    lambda s: s not in (".", "..")
)
ID = st.one_of(
    USABLE_TEXT,
    ANY_TEXT,
    st.sampled_from(HOSTILE),
    LONG_TEXT,
    st.text(st.characters(codec="ascii"), min_size=1, max_size=20),
    st.from_regex(r"[A-Za-z0-9_-]{1,30}", fullmatch=True),  # plausible ids, so that many calls go out
    st.integers(),
    st.none(),
)
HOSTILE_REQUEST_ID = st.one_of(ID, st.uuids().map(lambda u: f"{u}\r\nX-Injected: 1"))
HOSTILE_KEY = st.one_of(
    ID,
    st.uuids().map(lambda u: f"{u}\r\nX-Injected: 1"),
    st.uuids().map(lambda u: f"{u}\x00"),
    st.text(st.characters(codec="ascii", min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=300),
)
# What a careful caller passes: most calls built from these go out, so the encoding gets checked as often.
USABLE_ID = st.one_of(USABLE_TEXT, st.from_regex(r"[A-Za-z0-9_-]{1,30}", fullmatch=True))
USABLE_REQUEST_ID = st.one_of(
    st.none(),
    st.uuids().map(str),
    st.text(st.characters(codec="ascii", min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=256),
)
USABLE_KEY = st.one_of(
    st.none(),
    st.uuids(),
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u).upper()),
    st.uuids().map(lambda u: "{" + str(u) + "}"),
    st.uuids().map(lambda u: f"urn:uuid:{u}"),
)
ARGUMENTS = ("customer_id", "instrument_id", "request_id", "idempotency_key")


@st.composite
def call_arguments(draw: st.DrawFn) -> dict[str, Any]:
    """Values for the four arguments: those named in a drawn set are hostile, the others usable."""
    hostile = draw(st.sets(st.sampled_from(ARGUMENTS)))
    strategies = {
        "customer_id": (USABLE_ID, ID),
        "instrument_id": (USABLE_ID, ID),
        "request_id": (USABLE_REQUEST_ID, HOSTILE_REQUEST_ID),
        "idempotency_key": (USABLE_KEY, HOSTILE_KEY),
    }
    return {name: draw(strategies[name][name in hostile]) for name in ARGUMENTS}


class Recorder:
    """The network: answers `reply(request)` and records what reached it."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.reply: Callable[[httpx.Request], httpx.Response] = lambda r: httpx.Response(500)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.reply(request)


def clients(recorder: Recorder, max_retries: int = 0) -> tuple[Cashfree, AsyncCashfree]:
    transport = httpx.MockTransport(recorder)
    options: dict[str, Any] = {"base_url": BASE_URL, "max_retries": max_retries, "transport": transport}
    return Cashfree(CLIENT_ID, CLIENT_SECRET, **options), AsyncCashfree(CLIENT_ID, CLIENT_SECRET, **options)


def invoke(cf: Cashfree, acf: AsyncCashfree, mode: str, op: str, args: tuple[Any, ...], **kwargs: Any) -> Any:
    if mode == "sync":
        return getattr(cf.instruments.with_raw_response, op)(*args, **kwargs)
    return asyncio.run(getattr(acf.instruments.with_raw_response, op)(*args, **kwargs))


def expected_path(op: str) -> re.Pattern[str]:
    template = "/pg/customers/(?P<c>[^/]+)/instruments" + SUFFIX[op].replace("{i}", "(?P<i>[^/]+)")
    return re.compile(template)


def assert_well_formed(
    request: httpx.Request,
    op: str,
    customer_id: str,
    instrument_id: str | None,
    request_id: str | None,
    idempotency_key: Any,
) -> None:
    assert request.method == METHODS[op]
    raw = request.url.raw_path.decode("ascii")
    path, _, query = raw.partition("?")
    match = expected_path(op).fullmatch(path)
    assert match is not None, f"{path!r} is not the {op} path"
    ids = {"c": customer_id} if op == "list" else {"c": customer_id, "i": instrument_id}
    for group, value in ids.items():
        segment = match.group(group)
        assert SEGMENT.fullmatch(segment), f"segment {segment!r} is not percent-encoded"
        assert unquote(segment, errors="strict") == value
    assert query == ("instrument_type=card" if op == "list" else "")

    names = [name.decode("latin-1").lower() for name, _ in request.headers.raw]
    assert set(names) <= ALLOWED_HEADERS, f"unexpected headers {set(names) - ALLOWED_HEADERS}"
    assert len(names) == len(set(names)), "a header sent twice"
    for name, value in request.headers.raw:
        assert b"\r" not in name + value
        assert b"\n" not in name + value
        assert all(0x20 <= byte <= 0x7E for byte in value), f"non-printable bytes in {name!r}"
    headers = request.headers
    assert headers["x-client-id"] == CLIENT_ID
    assert headers["x-client-secret"] == CLIENT_SECRET
    assert headers["x-api-version"] == API_VERSION
    if request_id is None:
        assert str(uuid.UUID(headers["x-request-id"])) == headers["x-request-id"]
    else:
        assert headers["x-request-id"] == request_id
    if op == "delete":
        key = headers["x-idempotency-key"]
        if idempotency_key is None:
            assert str(uuid.UUID(key)) == key
        else:
            assert key == str(uuid.UUID(str(idempotency_key)))
    else:
        assert "x-idempotency-key" not in headers


def is_id(value: Any) -> bool:
    return isinstance(value, str)


def reads_as_another_path(value: Any) -> bool:
    """The README's rule: a '/' or '\\' in the id, or in its NFKC form, or an NFKC form of '.' or '..'."""
    if not isinstance(value, str):
        return False
    folded = unicodedata.normalize("NFKC", value)
    return any("/" in text or "\\" in text for text in (value, folded)) or folded in (".", "..")


def _args(customer_id: Any, instrument_id: Any = "i", request_id: Any = None, key: Any = None) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "instrument_id": instrument_id,
        "request_id": request_id,
        "idempotency_key": key,
    }


@settings(max_examples=300, deadline=None)
@given(mode=st.sampled_from(["sync", "async"]), op=st.sampled_from(OPS), arguments=call_arguments())
@example(mode="sync", op="get", arguments=_args("c", "id\r\nX-Injected: 1"))
@example(mode="sync", op="list", arguments=_args("c", request_id="r\r\nX-Injected: 1"))
@example(mode="async", op="delete", arguments=_args("c", key="k\nX-A: 1"))
@example(mode="sync", op="delete", arguments=_args(".."))
@example(mode="sync", op="cryptogram", arguments=_args("c/../..", "%2e%2e"))
@example(mode="async", op="delete", arguments=_args("alice", "\uff0e\uff0e\uff0fbob"))
@example(mode="sync", op="get", arguments=_args("a\u2024\u2024b", "\u2026"))
@example(mode="async", op="get", arguments=_args("\u0000", "\ud800"))
def test_hostile_arguments(mode: str, op: str, arguments: dict[str, Any]) -> None:
    customer_id, instrument_id, request_id, idempotency_key = (arguments[name] for name in ARGUMENTS)
    recorder = Recorder()
    recorder.reply = lambda request: httpx.Response(200, json=SUCCESS_BODY[op])
    cf, acf = clients(recorder)
    args = (customer_id,) if op == "list" else (customer_id, instrument_id)
    kwargs: dict[str, Any] = {"request_id": request_id}
    if op == "delete":
        kwargs["idempotency_key"] = idempotency_key
    try:
        result = invoke(cf, acf, mode, op, args, **kwargs)
    except InvalidArgumentError as exc:
        event("refused before any I/O")
        if any(reads_as_another_path(value) for value in args):
            event("refused: an id reads as another path")
        assert recorder.requests == [], "refused, yet something was sent"
        message = str(exc)
        names = ("customer_id", "instrument_id", "request_id", "idempotency_key", "refused to send")
        assert any(name in message for name in names), f"unclear error: {message!r}"
        assert CLIENT_SECRET not in message
        return
    finally:
        cf.close()
        asyncio.run(acf.close())
    event(f"sent {op}")
    assert isinstance(result, APIResponse)
    assert len(recorder.requests) == 1
    assert is_id(customer_id)
    assert op == "list" or is_id(instrument_id)
    assert not any(reads_as_another_path(value) for value in args), "an id that reads as another path was sent"
    assert_well_formed(recorder.requests[0], op, customer_id, instrument_id, request_id, idempotency_key)


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[FaultServer, Cashfree]]:
    """One real server on 127.0.0.1 for the whole module, answering every request with an instrument, and a
    client of it (one client: building one per example would cost more than the calls)."""
    with (
        FaultServer([json_response(200, INSTRUMENT)]) as server,
        Cashfree(CLIENT_ID, CLIENT_SECRET, base_url=server.base_url, max_retries=0, timeout=2.0) as cf,
    ):
        yield server, cf


@settings(max_examples=150, deadline=None)
@given(op=st.sampled_from(OPS), arguments=call_arguments())
@example(op="list", arguments=_args("c", request_id=" leading space"))
@example(op="list", arguments=_args("c", request_id="trailing space "))
def test_hostile_arguments_over_real_http(
    http_server: tuple[FaultServer, Cashfree], op: str, arguments: dict[str, Any]
) -> None:
    """The same arguments through a real socket (h11 serializes the request): what the server reads is what was
    meant, and a call that is not refused up front never fails on the way out (e.g. h11 refusing a header)."""
    server, cf = http_server
    customer_id, instrument_id, request_id, idempotency_key = (arguments[name] for name in ARGUMENTS)
    before = len(server.requests)
    args = (customer_id,) if op == "list" else (customer_id, instrument_id)
    kwargs: dict[str, Any] = {"request_id": request_id}
    if op == "delete":
        kwargs["idempotency_key"] = idempotency_key
    try:
        getattr(cf.instruments.with_raw_response, op)(*args, **kwargs)
    except InvalidArgumentError:
        assert len(server.requests) == before
        return
    except APIResponseValidationError:
        assert op == "list"  # the server's one answer is an instrument, not a list
    assert not any(reads_as_another_path(value) for value in args), "an id that reads as another path was sent"
    received = server.requests[before:]
    assert len(received) == 1
    (request,) = received
    assert request.method == METHODS[op]
    path, _, query = request.target.partition("?")
    match = expected_path(op).fullmatch(path)
    assert match is not None, f"{path!r} is not the {op} path"
    assert unquote(match.group("c"), errors="strict") == customer_id
    if op != "list":
        assert unquote(match.group("i"), errors="strict") == instrument_id
    assert query == ("instrument_type=card" if op == "list" else "")
    names = [name.lower() for name, _ in request.raw_headers]
    assert set(names) <= ALLOWED_HEADERS
    assert len(names) == len(set(names))
    if request_id is not None:
        assert request.headers["x-request-id"] == request_id
    if op == "delete" and idempotency_key is not None:
        assert request.headers["x-idempotency-key"] == str(uuid.UUID(str(idempotency_key)))


def test_hostile_examples_are_refused() -> None:
    """The obvious attacks, spelled out: each is refused before any I/O, as a ValueError."""
    assert issubclass(InvalidArgumentError, ValueError)
    recorder = Recorder()
    cf, _ = clients(recorder)
    with cf:
        for bad in ("", ".", "..", "id\r\nX-Injected: 1", "id\x00", "\ud800", "x" * 513, "a/b", "a\\b", "\uff0e\uff0e"):
            with pytest.raises(InvalidArgumentError):
                cf.instruments.get("customer", bad)
            with pytest.raises(InvalidArgumentError):
                cf.instruments.list(bad)
        for bad in ("r\r\nX-Injected: 1", "", "é", "x" * 257, " r", "r "):
            with pytest.raises(InvalidArgumentError):
                cf.instruments.list("customer", request_id=bad)
        for bad in ("not-a-uuid", f"{uuid.uuid4()}\r\nX-Injected: 1", ""):
            with pytest.raises(InvalidArgumentError):
                cf.instruments.delete("customer", "instrument", idempotency_key=bad)
    assert recorder.requests == []


def test_percent_signs_are_data() -> None:
    """An id that looks percent-encoded is sent as the literal text it is: '%2e%2e' travels as %252e%252e."""
    recorder = Recorder()
    recorder.reply = lambda request: httpx.Response(200, json=SUCCESS_BODY["get"])
    cf, _ = clients(recorder)
    with cf:
        cf.instruments.get("%2e%2e", "%2F")
    (request,) = recorder.requests
    assert request.url.raw_path == b"/pg/customers/%252e%252e/instruments/%252F"


# -- garbage responses ----------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
FIELDS = [*list(INSTRUMENT), "instrument_meta", "card_number", "cryptogram", "message", "code", "type", "help"]
NEAR_MISS = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6)  # the right keys, values of any type
META = st.fixed_dictionaries(
    {"instrument_id": st.text(max_size=5)},
    optional={"instrument_meta": st.dictionaries(st.sampled_from(["card_token_details", "card_type"]), JSON)},
)
BODY_JSON = st.one_of(JSON, NEAR_MISS, META, st.lists(NEAR_MISS | META | JSON, max_size=5))
BODY = st.one_of(
    BODY_JSON.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
    st.sampled_from([b"", b"[" * 100_000, b'{"a":' * 50_000, b"\xff\xfe{}", b"null", b'"\xed\xa0\x80"']),
)
STATUS = st.one_of(
    st.just(200),
    st.sampled_from([200, 201, 204, 301, 400, 401, 404, 409, 422, 429, 500, 502, 503, 520]),
    st.integers(200, 599),
)
GARBAGE_HEADER = st.one_of(
    st.text(st.characters(codec="ascii", min_codepoint=0x20, max_codepoint=0x7E), max_size=12),
    st.sampled_from(["nan", "inf", "-1", "1e308", "0", "0.0001", "Wed, 21 Oct 2015 07:28:00 GMT", "31", "30"]),
)
HEADERS = st.dictionaries(
    st.sampled_from(
        [
            "x-ratelimit-retry",
            "retry-after",
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "content-type",
            "x-request-id",
        ]
    ),
    GARBAGE_HEADER,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(mode=st.sampled_from(["sync", "async"]), op=st.sampled_from(OPS), status=STATUS, body=BODY, headers=HEADERS)
def test_garbage_responses(mode: str, op: str, status: int, body: bytes, headers: dict[str, str]) -> None:
    """Any body, status and rate-limit headers: a parsed result or a CashfreeError, with waits within the cap.

    One retry is allowed, so garbage 429/5xx answers go through the retry policy too; sleeps are recorded, not
    slept (the client's `time` and `asyncio` are swapped for the duration).
    """
    recorder = Recorder()
    recorder.reply = lambda request: httpx.Response(status, headers=headers, content=body)
    sleeps: list[float] = []

    async def async_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    with pytest.MonkeyPatch.context() as patch:
        patch_clock(patch, time.monotonic, sleeps.append, async_sleep)
        cf, acf = clients(recorder, max_retries=1)
        args = ("customer",) if op == "list" else ("customer", "instrument")
        try:
            outcome: Any = invoke(cf, acf, mode, op, args)
        except CashfreeError as exc:
            outcome = exc
        finally:
            cf.close()
            asyncio.run(acf.close())

    event("error" if isinstance(outcome, CashfreeError) else "parsed")
    assert all(0 <= s <= MAX_RATE_LIMIT_WAIT for s in sleeps)
    assert len(recorder.requests) == len(sleeps) + 1
    if 200 <= status < 300:
        assert isinstance(outcome, APIResponse | APIResponseValidationError), repr(outcome)
    else:
        assert isinstance(outcome, APIStatusError), repr(outcome)
        assert outcome.status_code == status
    if isinstance(outcome, CashfreeError):
        assert CLIENT_SECRET not in str(outcome)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(min_size=1, max_size=2000))
def test_garbage_bytes_over_real_http(body: bytes) -> None:
    """Arbitrary bytes as a whole HTTP response (status line included), then close: a CashfreeError.

    too_slow is suppressed: each example starts and stops a real server on 127.0.0.1.
    """

    class Raw(Respond):
        def encode(self) -> bytes:
            return body

    with (
        FaultServer([Raw(close=True)]) as server,
        Cashfree(CLIENT_ID, CLIENT_SECRET, base_url=server.base_url, max_retries=0, timeout=0.5) as cf,
    ):
        try:
            result = cf.instruments.with_raw_response.list("customer")
        except CashfreeError:
            return
    assert isinstance(result, APIResponse)  # only if the bytes happen to be a valid response
