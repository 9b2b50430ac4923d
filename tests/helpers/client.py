"""Shared by the test_client_* files: clients over httpx.MockTransport, spec bodies, and sleeps recorded, not slept.

Sync and async tests read alike: `run(cf.instruments.get(...))` returns the sync call's value as is and runs the
async call's coroutine to completion (a fresh event loop each time: httpx.MockTransport holds no loop state).
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import time
import traceback
import types
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import httpx
import pytest

import cashfree_instruments._async_client as async_client_module
import cashfree_instruments._base_client as base_client_module
import cashfree_instruments._client as client_module
from cashfree_instruments import AsyncCashfree, Cashfree
from tests.helpers.spec import SPEC

BASE_URL = "https://sandbox.cashfree.com/pg"

# Distinctive values, so that a leak scan cannot miss them and no other text contains them by chance.
CLIENT_ID = "TEST_client_id_3f9a"
CLIENT_SECRET = "cfsk_ma_test_SECRET_d41d8cd98f00b204"
PARTNER_API_KEY = "partner_APIKEY_e3b0c44298fc1c14"
PARTNER_MERCHANT_ID = "partner_merchant_77aa"
CLIENT_SIGNATURE = "U2lnbmF0dXJlX1RFU1Rfb2Y1YWI3Yw=="

EXAMPLES: dict[str, Any] = SPEC["components"]["examples"]
INSTRUMENT: dict[str, Any] = EXAMPLES["GoSdkInstrument"]["value"]
INSTRUMENT_LIST: list[dict[str, Any]] = EXAMPLES["ApiReferenceInstrumentList"]["value"]
CRYPTOGRAM: dict[str, Any] = EXAMPLES["GoSdkCryptogram"]["value"]
CARD_NUMBER: str = CRYPTOGRAM["card_number"]
CRYPTOGRAM_VALUE: str = CRYPTOGRAM["cryptogram"]

CLIENT_CLASSES = pytest.mark.parametrize("client_class", [Cashfree, AsyncCashfree], ids=["sync", "async"])

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def run(result: Any) -> Any:
    """The value of a sync call, or of an async call's coroutine run to completion."""
    return asyncio.run(result) if inspect.iscoroutine(result) else result


class Server:
    """A MockTransport handler: answers with `replies` in turn (the last one repeats) and records every request.

    A reply is an httpx.Response, an exception to raise (a connection error, a timeout), or a callable of the
    request. With no replies it answers each operation with its spec example.
    """

    def __init__(self, *replies: Reply) -> None:
        self.replies: list[Reply] = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.replies:
            return httpx.Response(200, json=example_body(request))
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            # A fresh copy each time: a Response's body can be read once per client.
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)
        return reply(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "the server saw no request"
        return self.requests[-1]


def example_body(request: httpx.Request) -> Any:
    """The spec's example success body for the operation `request` is."""
    path = request.url.path
    if path.endswith("/cryptogram"):
        return copy.deepcopy(CRYPTOGRAM)
    if path.endswith("/instruments"):
        return copy.deepcopy(INSTRUMENT_LIST)
    return copy.deepcopy(INSTRUMENT)


def make_client(client_class: type[Any], server: Server | None = None, **options: Any) -> Any:
    """A Cashfree or AsyncCashfree with test credentials (unless given) that talks to `server`."""
    if not (
        {"client_id", "partner_merchant_id", "client_secret", "partner_api_key", "client_signature"} & options.keys()
    ):
        options.update(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    return client_class(transport=(server or Server()).transport, **options)


def error_response(
    status: int,
    *,
    message: str = "something went wrong",
    code: str = "request_failed",
    type: str = "invalid_request_error",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return httpx.Response(status, headers=headers, json={"message": message, "code": code, "type": type})


# Each operation called with valid arguments: (name, positional arguments).
OPERATIONS: Sequence[tuple[str, tuple[str, ...]]] = (
    ("list", ("cust_1",)),
    ("get", ("cust_1", "inst_1")),
    ("delete", ("cust_1", "inst_1")),
    ("cryptogram", ("cust_1", "inst_1")),
)
OPERATION_IDS = [name for name, _ in OPERATIONS]


def call(cf: Any, name: str, *args: str, raw: bool = False, **kwargs: Any) -> Any:
    """Calls operation `name` of `cf.instruments` (or of its with_raw_response) and returns what it gives."""
    resource = cf.instruments.with_raw_response if raw else cf.instruments
    return run(getattr(resource, name)(*args, **kwargs))


def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Makes the client's time.sleep and asyncio.sleep record their delay instead of sleeping; returns the record.

    Only the client module's view of `time` and `asyncio` is replaced, so nothing else stops sleeping.
    """
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)

    async def async_sleep(seconds: float) -> None:
        delays.append(seconds)

    patch_clock(monkeypatch, time.monotonic, sleep, async_sleep)
    return delays


def patch_clock(
    monkeypatch: pytest.MonkeyPatch,
    monotonic: Callable[[], float],
    sleep: Callable[[float], None],
    async_sleep: Callable[[float], Awaitable[None]],
) -> None:
    """Replaces the clients' view of time.monotonic, time.sleep and asyncio.sleep (nothing else's)."""
    clock = types.SimpleNamespace(monotonic=monotonic, sleep=sleep)
    for module in (base_client_module, client_module, async_client_module):
        monkeypatch.setattr(module, "time", clock)
    monkeypatch.setattr(async_client_module, "asyncio", types.SimpleNamespace(sleep=async_sleep))


def texts_of_exception(exc: BaseException) -> Iterable[str]:
    """str, repr and attribute reprs of `exc` and every exception in its cause/context chain, and its traceback."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield repr(vars(current))
        yield repr(current.args)
        if current.__cause__ is not None and id(current.__cause__) not in seen:
            yield from texts_of_exception(current.__cause__)
        current = current.__context__
    yield "".join(traceback.format_exception(exc))
