"""The ways to call Cashfree's Token Vault that the benchmark compares, pointed at one loopback server.

- ours: cashfree_instruments' Cashfree / AsyncCashfree, as a user writes it;
- official: Cashfree's own SDK (cashfree-pg), redirected from its hard-coded hosts to the loopback server (left
  out when it is not installed);
- raw: hand-rolled httpx with json.loads, the least a caller of httpx could do (no parsing into models, no checks);
- floor: a raw socket (asyncio streams for async) writing pre-built request bytes and orjson: no HTTP library,
  the limit no client gets under; and raw aiohttp where it is installed.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import socket
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from cashfree_instruments import API_VERSION, AsyncCashfree, Cashfree
from scripts.bench.server import CLIENT_ID, CLIENT_SECRET, HOST, customer_of

SyncCall = Callable[[], object]
AsyncCall = Callable[[], Awaitable[object]]


def assert_loopback(url: str) -> None:
    """Refuse to benchmark against anything but 127.0.0.1."""
    host = urlsplit(url).hostname
    if host != HOST:
        raise SystemExit(f"benchmark refused: {url!r} is not on {HOST}")


def _headers() -> dict[str, str]:
    return {"x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET, "x-api-version": API_VERSION}


def _checked(response: httpx.Response) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"raw httpx: HTTP {response.status_code}: {response.text[:200]}")
    return json.loads(response.content)


class Ours:
    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        self.client = Cashfree(CLIENT_ID, CLIENT_SECRET, base_url=base_url)

    def fetch(self, instrument_id: str) -> SyncCall:
        customer = customer_of(1)
        return lambda: self.client.instruments.get(customer, instrument_id)

    def list(self, size: int) -> SyncCall:
        customer = customer_of(size)
        return lambda: self.client.instruments.list(customer)

    def close(self) -> None:
        self.client.close()


class OursAsync:
    """Create inside the event loop that uses it."""

    def __init__(self, base_url: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        assert_loopback(base_url)
        self.client = AsyncCashfree(CLIENT_ID, CLIENT_SECRET, base_url=base_url, transport=transport)

    def fetch(self, instrument_id: str) -> AsyncCall:
        customer = customer_of(1)

        async def call() -> object:
            return await self.client.instruments.get(customer, instrument_id)

        return call

    async def close(self) -> None:
        await self.client.close()


class OursAiohttpAsync(OursAsync):
    """AsyncCashfree over httpx-aiohttp's transport (where installed), the optional high-throughput route: the same
    guard, retries and errors over aiohttp's connections. Create inside the event loop that uses it."""

    def __init__(self, base_url: str) -> None:
        transport: Any = importlib.import_module("httpx_aiohttp").AiohttpTransport
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)  # as ours and raw aiohttp's
        super().__init__(base_url, transport(limits=limits))


class Raw:
    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        self.client = httpx.Client(base_url=base_url, headers=_headers(), trust_env=False)

    def fetch(self, instrument_id: str) -> SyncCall:
        url = f"/customers/{customer_of(1)}/instruments/{instrument_id}"
        return lambda: _checked(self.client.get(url))

    def list(self, size: int) -> SyncCall:
        url = f"/customers/{customer_of(size)}/instruments"
        return lambda: _checked(self.client.get(url, params={"instrument_type": "card"}))

    def close(self) -> None:
        self.client.close()


class RawAsync:
    """Create inside the event loop that uses it."""

    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        # The connection limits of ours (httpx keeps 20 idle connections by default: at 100 in flight it would
        # open and close connections all the time, and the comparison would be of configurations).
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        self.client = httpx.AsyncClient(base_url=base_url, headers=_headers(), trust_env=False, limits=limits)

    def fetch(self, instrument_id: str) -> AsyncCall:
        url = f"/customers/{customer_of(1)}/instruments/{instrument_id}"

        async def call() -> object:
            return _checked(await self.client.get(url))

        return call

    async def close(self) -> None:
        await self.client.aclose()


class Official:
    """cashfree-pg 6.0.1. It hard-codes its hosts: each call builds `Configuration(host=<sandbox or production>)`.
    The SDK module's Configuration is replaced by one whose host is always the loopback server, checked here; and
    hosts_connected() tells where its connection pools went."""

    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        sdk: Any = importlib.import_module("cashfree_pg.api_client")
        configuration: Any = importlib.import_module("cashfree_pg.configuration").Configuration

        class LoopbackConfiguration(configuration):  # type: ignore[misc]
            def __init__(self, host: str | None = None, *args: Any, **kwargs: Any) -> None:
                super().__init__(base_url, *args, **kwargs)

        sdk.Configuration = LoopbackConfiguration
        assert_loopback(LoopbackConfiguration(host="https://api.cashfree.com/pg").host)
        self.sdk = sdk
        self.client = sdk.Cashfree(sdk.Cashfree.SANDBOX, XClientId=CLIENT_ID, XClientSecret=CLIENT_SECRET)
        self.api_version: str = self.client.XApiVersion

    def fetch(self, instrument_id: str) -> SyncCall:
        customer = customer_of(1)
        return lambda: self.client.PGCustomerFetchInstrument(customer, instrument_id).data

    def list(self, size: int) -> SyncCall:
        customer = customer_of(size)
        return lambda: self.client.PGCustomerFetchInstruments(customer, "card").data

    def hosts_connected(self) -> set[str]:
        """The hosts the SDK's connection pools were opened to (every one must be the loopback server)."""
        pools = self.sdk.ApiClient.get_default().rest_client.pool_manager.pools
        return {key.key_host for key in pools.keys()}  # noqa: SIM118 - the container refuses plain iteration

    def close(self) -> None:
        self.sdk.ApiClient.get_default().rest_client.pool_manager.clear()


def official_available() -> bool:
    return importlib.util.find_spec("cashfree_pg") is not None


def aiohttp_available() -> bool:
    return importlib.util.find_spec("aiohttp") is not None


def httpx_aiohttp_available() -> bool:
    return aiohttp_available() and importlib.util.find_spec("httpx_aiohttp") is not None


def _request_bytes(base_url: str, path: str) -> tuple[tuple[str, int], bytes]:
    url = urlsplit(base_url)
    assert url.hostname is not None
    assert url.port is not None
    headers = {"host": f"{url.hostname}:{url.port}", **_headers(), "accept": "application/json"}
    head = f"GET {url.path}{path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return (url.hostname, url.port), head.encode("ascii")


def _content_length(head: bytes) -> int:
    status = head[9:12]
    if status != b"200":
        raise RuntimeError(f"floor: HTTP {status.decode()}")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise RuntimeError("floor: no content-length")


class Floor:
    """One keep-alive socket: write the request's bytes, read the head and content-length bytes, orjson."""

    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        self.base_url = base_url
        self.sock: socket.socket | None = None

    def _socket(self, address: tuple[str, int]) -> socket.socket:
        if self.sock is None:
            self.sock = socket.create_connection(address)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.sock

    def _get(self, path: str) -> SyncCall:
        address, request = _request_bytes(self.base_url, path)

        def call() -> object:
            sock = self._socket(address)
            sock.sendall(request)
            data = b""
            while (end := data.find(b"\r\n\r\n")) < 0:
                data += sock.recv(262144)
            length = _content_length(data[:end])
            body = bytearray(data[end + 4 :])
            while len(body) < length:
                body += sock.recv(max(262144, length - len(body)))
            return orjson.loads(body)

        return call

    def fetch(self, instrument_id: str) -> SyncCall:
        return self._get(f"/customers/{customer_of(1)}/instruments/{instrument_id}")

    def list(self, size: int) -> SyncCall:
        return self._get(f"/customers/{customer_of(size)}/instruments?instrument_type=card")

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()


class FloorAsync:
    """asyncio streams, a keep-alive connection per call in flight (kept for the next), orjson."""

    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        self.base_url = base_url
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.opened: list[asyncio.StreamWriter] = []

    def fetch(self, instrument_id: str) -> AsyncCall:
        address, request = _request_bytes(self.base_url, f"/customers/{customer_of(1)}/instruments/{instrument_id}")

        async def call() -> object:
            if self.idle:
                reader, writer = self.idle.pop()
            else:
                reader, writer = await asyncio.open_connection(*address)
                self.opened.append(writer)
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            body = await reader.readexactly(_content_length(head))
            self.idle.append((reader, writer))
            return orjson.loads(body)

        return call

    async def close(self) -> None:
        for writer in self.opened:
            writer.close()


class AiohttpAsync:
    """Raw aiohttp.ClientSession + orjson (where aiohttp is installed): what a high-throughput transport can do."""

    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        aiohttp: Any = importlib.import_module("aiohttp")
        self.base_url = base_url
        self.session = aiohttp.ClientSession(headers=_headers(), connector=aiohttp.TCPConnector(limit=100))

    def fetch(self, instrument_id: str) -> AsyncCall:
        url = f"{self.base_url}/customers/{customer_of(1)}/instruments/{instrument_id}"

        async def call() -> object:
            async with self.session.get(url) as response:
                if response.status != 200:
                    raise RuntimeError(f"aiohttp: HTTP {response.status}")
                return orjson.loads(await response.read())

        return call

    async def close(self) -> None:
        await self.session.close()
