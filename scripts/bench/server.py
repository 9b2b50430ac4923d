"""The benchmark's server: FakeServer (the embedded fake Cashfree over HTTP/1.1 keep-alive) on 127.0.0.1.

Run in its own process, so that no client measured shares a GIL with it:

    python -m scripts.bench.server 1 100 1000  # a customer per list size; prints the base URL, serves till stdin closes

The fake copies a customer's instruments (deepcopy) and encodes them anew for every request: for 1000 instruments
that costs the server more than a client spends. The data does not change during a run, so this fake keeps each
read's reply once made; all else (routing, authentication, the official SDK's doubled query string, headers) is
the fake's own.
"""

from __future__ import annotations

import sys
from typing import Any

import httpx

from cashfree_instruments.testing import FakeCashfree, FakeServer
from cashfree_instruments_generated.api import OperationDescriptor

CLIENT_ID = "fake_client_id"
CLIENT_SECRET = "fake_client_secret"
HOST = "127.0.0.1"


def customer_of(count: int) -> str:
    """The customer holding `count` instruments."""
    return f"bench_customer_{count}"


class CachingFake(FakeCashfree):
    """FakeCashfree whose read replies are made once: the vault does not change during a benchmark."""

    def __init__(self) -> None:
        super().__init__(CLIENT_ID, CLIENT_SECRET, seed=False, rate_limit=10**9)
        self._replies: dict[tuple[str, str, str | None], Any] = {}

    def _operate(self, operation: OperationDescriptor, customer_id: str, instrument_id: str | None) -> Any:
        if operation.method == "DELETE":
            return super()._operate(operation, customer_id, instrument_id)
        key = (operation.operation_id, customer_id, instrument_id)
        reply = self._replies.get(key)
        if reply is None:
            reply = self._replies[key] = super()._operate(operation, customer_id, instrument_id)
        return reply

    def handle(self, request: httpx.Request) -> httpx.Response:
        response = super().handle(request)
        self.reset_received()  # a benchmark sends tens of thousands of requests: keep none of them
        return response


def build_fake(sizes: list[int]) -> tuple[CachingFake, str]:
    """A fake with one customer per list size; and the id of the size-1 customer's instrument."""
    fake = CachingFake()
    first = ""
    for size in sizes:
        for _ in range(size):
            added = fake.add_instrument(customer_of(size))
            first = first or added["instrument_id"]
    return fake, first


def main(argv: list[str]) -> int:
    if not callable(getattr(FakeCashfree, "_operate", None)):
        raise SystemExit("FakeCashfree._operate is gone: scripts/bench/server.py's reply cache needs updating")
    sizes = sorted({int(arg) for arg in argv} | {1})
    fake, instrument_id = build_fake(sizes)
    with FakeServer(fake, host=HOST) as server:
        print(server.base_url, instrument_id, flush=True)
        sys.stdin.read()  # serve until the parent closes our stdin (or dies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
