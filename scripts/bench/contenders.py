"""The three ways to call Cashfree's Token Vault that the benchmark compares, pointed at one loopback server.

- ours: cashfree_instruments' Cashfree / AsyncCashfree, as a user writes it;
- official: Cashfree's own SDK (cashfree-pg), redirected from its hard-coded hosts to the loopback server;
- raw: hand-rolled httpx with json.loads, the least a caller could do (no parsing into models, no checks).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

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

    def __init__(self, base_url: str) -> None:
        assert_loopback(base_url)
        self.client = AsyncCashfree(CLIENT_ID, CLIENT_SECRET, base_url=base_url)

    def fetch(self, instrument_id: str) -> AsyncCall:
        customer = customer_of(1)

        async def call() -> object:
            return await self.client.instruments.get(customer, instrument_id)

        return call

    async def close(self) -> None:
        await self.client.close()


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
        self.client = httpx.AsyncClient(base_url=base_url, headers=_headers(), trust_env=False)

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
