"""The benchmark's server: the embedded fake Cashfree's replies, made once, served as fast as Python can.

Run in its own process (its CPU time is never counted as a client's), pinned to the CPU given:

    python -m scripts.bench.server --cpu 1 1 100 1000   # a customer per list size; prints the base URL and
                                                        # the size-1 customer's instrument id, serves until stdin closes

Every reply comes from FakeCashfree.handle (routing, authentication, the headers Cashfree sends), asked once per
path when the server starts: the data does not change during a run. Then an asyncio protocol answers each
request (HTTP/1.1 keep-alive, GET without a body) with the pre-built bytes of its path, query ignored (the
official SDK doubles its query string), so that the server spends microseconds, not the fake's milliseconds, and
a call's wall time is mostly the client's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading

import httpx

from cashfree_instruments import API_VERSION
from cashfree_instruments.testing import FakeCashfree

CLIENT_ID = "fake_client_id"
CLIENT_SECRET = "fake_client_secret"
HOST = "127.0.0.1"
BASE_PATH = "/pg"
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 9\r\n\r\nnot found"


def customer_of(count: int) -> str:
    """The customer holding `count` instruments."""
    return f"bench_customer_{count}"


def fetch_path(instrument_id: str) -> str:
    return f"{BASE_PATH}/customers/{customer_of(1)}/instruments/{instrument_id}"


def list_path(size: int) -> str:
    return f"{BASE_PATH}/customers/{customer_of(size)}/instruments"


def pin(cpu: int | None) -> str:
    """Pin this process to `cpu` where the platform allows; says what was done."""
    if cpu is None:
        return "not pinned"
    if not hasattr(os, "sched_setaffinity"):
        return f"not pinned ({sys.platform} has no sched_setaffinity)"
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def _wire(response: httpx.Response) -> bytes:
    """The response as HTTP/1.1 bytes, keep-alive."""
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [
        f"{name}: {value}"
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "transfer-encoding", "connection")
    ]
    lines.append(f"content-length: {len(response.content)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + response.content


def build_replies(sizes: list[int]) -> tuple[dict[bytes, bytes], str]:
    """The reply to each benchmarked path; and the id of the size-1 customer's instrument."""
    fake = FakeCashfree(CLIENT_ID, CLIENT_SECRET, seed=False, rate_limit=10**9)
    first = ""
    for size in sizes:
        for _ in range(size):
            added = fake.add_instrument(customer_of(size))
            first = first or added["instrument_id"]
    headers = {"x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET, "x-api-version": API_VERSION}
    paths = [fetch_path(first)] + [list_path(size) + "?instrument_type=card" for size in sizes]
    replies: dict[bytes, bytes] = {}
    for path in paths:
        response = fake.handle(httpx.Request("GET", f"http://{HOST}{path}", headers=headers))
        if response.status_code != 200:
            raise SystemExit(f"the fake answered {path} with {response.status_code}")
        replies[path.split("?", 1)[0].encode()] = _wire(response)
    return replies, first


class _Connection(asyncio.Protocol):
    def __init__(self, replies: dict[bytes, bytes]) -> None:
        self._replies = replies
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data
        out = []
        while (end := buffer.find(b"\r\n\r\n")) >= 0:
            head, buffer = buffer[:end], buffer[end + 4 :]
            target = head.split(b" ", 2)[1].split(b"?", 1)[0]
            out.append(self._replies.get(target, NOT_FOUND))
        self._buffer = buffer
        if out and self._transport is not None:
            self._transport.write(b"".join(out))


async def serve(replies: dict[bytes, bytes], instrument_id: str) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(replies), HOST, 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"http://{HOST}:{port}{BASE_PATH}", instrument_id, flush=True)
    stopped = loop.create_future()
    # Serve until the parent closes our stdin (or dies).
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stopped.set_result, None))).start()
    async with server:
        await stopped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench.server")
    parser.add_argument("--cpu", type=int)
    parser.add_argument("sizes", type=int, nargs="+")
    args = parser.parse_args(argv)
    pin(args.cpu)
    replies, instrument_id = build_replies(sorted(set(args.sizes) | {1}))
    asyncio.run(serve(replies, instrument_id))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
