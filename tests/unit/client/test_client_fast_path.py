"""The client's fast path equals httpx's plain one: requests built without httpx.Client.build_request, and sent
straight to the client's transport instead of through httpx.Client.send (docs/benchmarks.md, round 3)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import httpcore
import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cashfree_instruments import AsyncCashfree, Cashfree, InvalidArgumentError
from cashfree_instruments._async_attempt import _async_send
from cashfree_instruments._async_network import _AsyncHTTPTransport
from cashfree_instruments._attempt import _send
from cashfree_instruments._base_client import _NoCookies, new_request
from cashfree_instruments._network import _HTTPTransport
from cashfree_instruments._paths import path_segment, uuid4_text
from cashfree_instruments.testing import FakeCashfree
from cashfree_instruments_generated.api import OPERATIONS
from cashfree_instruments_generated.models import (
    InstrumentEntity,
    InstrumentType,
    MissingFieldError,
    read_instrument_entity,
)

ids = st.one_of(st.text(min_size=1, max_size=40), st.sampled_from([".", "..", "%2e", "a/b", "ü", "a?b#c", "~x"]))
header_text = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)
base_urls = st.sampled_from(
    [
        "https://sandbox.cashfree.com/pg",
        "https://sandbox.cashfree.com/pg/",
        "https://api.cashfree.com",
        "http://127.0.0.1:8080/pg",
        "http://localhost:1/a/b%20c/",
    ]
)
timeouts = st.one_of(
    st.floats(min_value=0.01, max_value=100),
    st.builds(httpx.Timeout, st.floats(min_value=0.01, max_value=100), connect=st.floats(min_value=0.01, max_value=5)),
)


_clients: dict[tuple[type[Any], str], Any] = {}


@pytest.fixture(scope="module", autouse=True)
def _close_clients() -> Any:
    yield
    for cf in _clients.values():
        result = cf.close()
        if asyncio.iscoroutine(result):
            asyncio.run(result)


def _http(client_class: type[Any], base_url: str) -> Any:
    """The httpx client of a client made once per class and base URL (making one builds an SSL context)."""
    key = (client_class, base_url)
    if key not in _clients:
        _clients[key] = client_class("client_id", "client_secret", base_url=base_url, allow_insecure_http=True)
    return _clients[key]._http


def _kwargs(descriptor: Any, data: st.DataObject) -> dict[str, Any]:
    arguments: dict[str, Any] = {p.python_name: data.draw(ids) for p in descriptor.path_parameters}
    for name, value in arguments.items():  # what the client lets through to the builder
        try:
            path_segment(name, value)
        except InvalidArgumentError:
            assume(False)
    if descriptor.query_parameters:
        arguments["instrument_type"] = InstrumentType.CARD
    if descriptor.idempotency_key is not None:
        arguments[descriptor.idempotency_key.python_name] = data.draw(header_text)
    return dict(
        descriptor.build(**arguments, x_api_version=data.draw(header_text), x_request_id=data.draw(header_text))
    )


def _same_request(fast: httpx.Request, plain: httpx.Request) -> None:
    assert fast.method == plain.method
    assert str(fast.url) == str(plain.url)
    assert fast.url.raw_path == plain.url.raw_path
    assert fast.headers.raw == plain.headers.raw
    assert fast.extensions == plain.extensions
    assert fast.read() == plain.read()


@pytest.mark.parametrize("client_class", [Cashfree, AsyncCashfree], ids=["sync", "async"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(descriptor=st.sampled_from(OPERATIONS), base_url=base_urls, timeout=timeouts, data=st.data())
def test_a_request_is_built_as_httpx_builds_it(
    client_class: type[Any], descriptor: Any, base_url: str, timeout: float | httpx.Timeout, data: st.DataObject
) -> None:
    http = _http(client_class, base_url)
    kwargs = _kwargs(descriptor, data)
    plain = http.build_request(**kwargs, timeout=timeout)
    _same_request(new_request(http, kwargs, httpx.Timeout(timeout)), plain)


@pytest.mark.parametrize("body", [{"json": {"a": 1}}, {"content": b"x"}, {"data": {"k": "v"}}])
def test_a_request_with_a_body_is_built_by_httpx(body: dict[str, Any]) -> None:
    # None of the spec's operations has a body: should one come, its request is httpx's to build, body included.
    http = _http(Cashfree, "https://sandbox.cashfree.com/pg")
    kwargs = {"method": "post", "url": "/customers/c/instruments", "headers": {"x-api-version": "v"}, **body}
    plain = http.build_request(**kwargs, timeout=httpx.Timeout(5.0))
    _same_request(new_request(http, kwargs, httpx.Timeout(5.0)), plain)
    assert plain.read()


# A Location is a URL: httpx.Client.send (the reference) reads it on a redirect status to offer next_request, and
# raises InvalidURL for one that is not; the fast path never reads it.
locations = st.sampled_from(["/pg/customers/c/instruments", "https://sandbox.cashfree.com/pg/elsewhere", "?page=2"])
replies = st.builds(
    lambda status, headers, location, body: httpx.Response(
        status, headers={**headers, **({} if location is None else {"location": location})}, content=body
    ),
    st.sampled_from([200, 201, 204, 301, 400, 404, 429, 500, 503]),
    st.dictionaries(st.sampled_from(["x-request-id", "content-type", "set-cookie", "retry-after"]), header_text),
    st.none() | locations,
    st.binary(max_size=200),
)


def _same_response(fast: httpx.Response, plain: httpx.Response, request: httpx.Request) -> None:
    assert fast.request is request
    assert plain.request is request
    assert (fast.status_code, fast.headers.raw, fast.read()) == (plain.status_code, plain.headers.raw, plain.read())
    assert fast.http_version == plain.http_version


@settings(max_examples=100, deadline=None)
@given(reply=replies)
def test_a_request_is_sent_as_httpx_sends_it(reply: httpx.Response) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    # The client's cookie jar, as Cashfree's httpx clients have it: the fast path skips the jar.
    transport = httpx.MockTransport(handle)
    with httpx.Client(transport=transport, base_url="https://sandbox.cashfree.com/pg", cookies=_NoCookies()) as http:
        request = http.build_request("GET", "/customers/c/instruments", headers={"x-request-id": "r"})
        fast, plain = _send(http, request), http.send(request, stream=True)
        _same_response(fast, plain, request)
    assert seen == [request, request]


@settings(max_examples=100, deadline=None)
@given(reply=replies)
def test_an_async_request_is_sent_as_httpx_sends_it(reply: httpx.Response) -> None:
    seen: list[httpx.Request] = []

    async def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    async def both() -> None:
        base_url = "https://sandbox.cashfree.com/pg"
        http = httpx.AsyncClient(transport=httpx.MockTransport(handle), base_url=base_url, cookies=_NoCookies())
        async with http:
            request = http.build_request("GET", "/customers/c/instruments", headers={"x-request-id": "r"})
            fast, plain = await _async_send(http, request), await http.send(request, stream=True)
            await fast.aread()
            await plain.aread()
            _same_response(fast, plain, request)

    asyncio.run(both())
    assert len(seen) == 2


@pytest.mark.parametrize("level", [logging.INFO, logging.WARNING])
@pytest.mark.parametrize("status", [200, 404, 503])
def test_the_fast_path_logs_as_httpx_does(status: int, level: int, caplog: pytest.LogCaptureFixture) -> None:
    """httpx's INFO line, when its logger takes INFO (the fast path checks first: its arguments are properties)."""
    transport = httpx.MockTransport(lambda request: httpx.Response(status))

    def lines(send: Any) -> list[tuple[str, int, str]]:
        caplog.clear()
        with httpx.Client(
            transport=transport, base_url="https://sandbox.cashfree.com/pg", cookies=_NoCookies()
        ) as http:
            send(http, http.build_request("GET", "/customers/c/instruments"))
        return [(r.name, r.levelno, r.getMessage()) for r in caplog.records]

    async def async_lines() -> list[tuple[str, int, str]]:
        caplog.clear()
        base_url = "https://sandbox.cashfree.com/pg"
        async with httpx.AsyncClient(transport=transport, base_url=base_url, cookies=_NoCookies()) as http:
            await _async_send(http, http.build_request("GET", "/customers/c/instruments"))
        return [(r.name, r.levelno, r.getMessage()) for r in caplog.records]

    with caplog.at_level(level, logger="httpx"):
        plain = lines(lambda http, request: http.send(request, stream=True))
        assert lines(_send) == plain
        assert asyncio.run(async_lines()) == plain
    assert len(plain) == (1 if level == logging.INFO else 0)


def test_a_closed_client_refuses_as_httpx_does() -> None:
    http = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200)))
    http.close()
    with pytest.raises(RuntimeError, match="client has been closed"):
        _send(http, httpx.Request("GET", "https://sandbox.cashfree.com/pg/customers/c/instruments"))


def test_a_client_with_an_auth_flow_sends_through_it() -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(200)),
        auth=httpx.BasicAuth("user", "pass"),
    )
    with http:
        _send(http, http.build_request("GET", "https://sandbox.cashfree.com/pg/customers/c/instruments"))
    assert seen[0].headers["authorization"].startswith("Basic ")


class _Text(str):
    pass


class _Object(dict[str, Any]):
    pass


def _disguised(value: Any) -> Any:
    """The same JSON value with every string and object a subclass: the readers' inline checks (`type(v) is str`)
    miss them, and the helper functions behind them must read them alike."""
    if isinstance(value, str):
        return _Text(value)
    if isinstance(value, dict):
        return _Object({key: _disguised(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_disguised(item) for item in value]
    return value


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_the_readers_inline_checks_read_as_their_helpers(data: st.DataObject) -> None:
    instrument = FakeCashfree("id", "secret", seed=False).add_instrument("customer")
    for key in data.draw(st.lists(st.sampled_from(sorted(instrument)), max_size=3)):
        instrument[key] = data.draw(json_values)
    meta = instrument.get("instrument_meta")
    if isinstance(meta, dict):
        for key in data.draw(st.lists(st.sampled_from(sorted(meta) or ["card_type"]), max_size=3)):
            meta[key] = data.draw(json_values)

    def read(value: dict[str, Any]) -> Any:
        try:
            return read_instrument_entity(InstrumentEntity, value)
        except MissingFieldError as exc:
            return exc.field

    plain, disguised = read(instrument), read(_disguised(instrument))
    assert plain == disguised
    assert type(plain) is type(disguised)


class _Pool:
    """An httpcore pool that keeps the requests it is handed and answers each with `reply`, or raises `error`."""

    def __init__(self, reply: httpx.Response, error: Exception | None = None) -> None:
        self.reply, self.error, self.sent = reply, error, list[httpcore.Request]()

    def _answer(self, request: httpcore.Request) -> httpcore.Response:
        self.sent.append(request)
        if self.error is not None:
            raise self.error
        return httpcore.Response(self.reply.status_code, headers=self.reply.headers.raw, content=self.reply.content)

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        return self._answer(request)

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        return self._answer(request)


# The client's network transports and httpx's, each made once: making one builds an SSL context.
TRANSPORT_PAIRS = [(_HTTPTransport(), httpx.HTTPTransport()), (_AsyncHTTPTransport(), httpx.AsyncHTTPTransport())]


def _through(transport: Any, pool: _Pool, request: httpx.Request) -> httpx.Response | Exception:
    """What `transport` (over `pool`, which replaces its own) returns for `request`, its body read, or raises."""
    transport._pool = pool

    async def send() -> httpx.Response:
        response: httpx.Response = await transport.handle_async_request(request)
        await response.aread()
        return response

    try:
        if isinstance(transport, httpx.AsyncBaseTransport):
            return asyncio.run(send())
        response: httpx.Response = transport.handle_request(request)
        response.read()
    except Exception as exc:
        return exc
    return response


def _sent(request: httpcore.Request) -> tuple[Any, ...]:
    return request.method, request.url, request.headers, request.stream, request.extensions


@pytest.mark.parametrize(("fast", "plain"), TRANSPORT_PAIRS)
@settings(max_examples=100, deadline=None)
@given(descriptor=st.sampled_from(OPERATIONS), base_url=base_urls, reply=replies, data=st.data())
def test_the_network_transport_sends_and_answers_as_httpxs_does(
    fast: Any, plain: Any, descriptor: Any, base_url: str, reply: httpx.Response, data: st.DataObject
) -> None:
    http = _http(AsyncCashfree if isinstance(fast, httpx.AsyncBaseTransport) else Cashfree, base_url)
    request = new_request(http, _kwargs(descriptor, data), httpx.Timeout(5.0))
    fast_pool, plain_pool = _Pool(reply), _Pool(reply)
    fast_answer, plain_answer = _through(fast, fast_pool, request), _through(plain, plain_pool, request)
    assert _sent(fast_pool.sent[0]) == _sent(plain_pool.sent[0])
    assert isinstance(fast_answer, httpx.Response)
    assert isinstance(plain_answer, httpx.Response)
    assert fast_answer.status_code == plain_answer.status_code
    assert fast_answer.headers.raw == plain_answer.headers.raw
    assert fast_answer.content == plain_answer.content
    assert fast_answer.extensions == plain_answer.extensions


@pytest.mark.parametrize(("fast", "plain"), TRANSPORT_PAIRS)
@pytest.mark.parametrize(
    "error",
    [httpcore.ReadTimeout("slow"), httpcore.ConnectError("refused"), httpcore.RemoteProtocolError("bad"), OSError("x")],
    ids=repr,
)
def test_the_network_transport_raises_httpcores_errors_as_httpxs_does(fast: Any, plain: Any, error: Exception) -> None:
    request = httpx.Request("GET", "https://sandbox.cashfree.com/pg/customers/c/instruments")
    fast_error, plain_error = (_through(kind, _Pool(httpx.Response(200), error), request) for kind in (fast, plain))
    assert isinstance(plain_error, Exception)
    assert (type(fast_error), str(fast_error), fast_error.__cause__) == (
        type(plain_error),
        str(plain_error),
        plain_error.__cause__,
    )


@settings(max_examples=500, deadline=None)
@given(random=st.binary(min_size=16, max_size=16))
def test_a_new_id_is_the_text_of_the_uuid4_the_uuid_module_makes_of_the_same_bytes(random: bytes) -> None:
    assert uuid4_text(random) == str(uuid.UUID(bytes=random, version=4))


def test_new_ids_are_random_uuid4s() -> None:
    ids = [uuid4_text() for _ in range(100)]
    assert len(set(ids)) == 100
    assert all(uuid.UUID(text).version == 4 and uuid.UUID(text).variant == uuid.RFC_4122 for text in ids)
