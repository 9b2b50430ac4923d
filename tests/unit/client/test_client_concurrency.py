"""Clients share nothing mutable: many threads and tasks never mix credentials; pools are reused and closed."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from cashfree_instruments import AsyncCashfree, Cashfree, UsageError
from tests.helpers.client import CLIENT_CLASSES, INSTRUMENT, Server, call, make_client, record_sleeps, run

THREADS = 8
CALLS_PER_THREAD = 25
TASKS = 200

# Two tenants with different credential sets; each calls for its own customers only.
TENANTS: dict[str, dict[str, str]] = {
    "alpha": {"client_id": "alpha_id", "client_secret": "alpha_SECRET"},
    "beta": {"partner_merchant_id": "beta_merchant", "partner_api_key": "beta_PARTNER_KEY"},
}
EXPECTED_HEADERS = {
    "alpha": {"x-client-id": "alpha_id", "x-client-secret": "alpha_SECRET"},
    "beta": {"x-partner-merchantid": "beta_merchant", "x-partner-apikey": "beta_PARTNER_KEY"},
}
AUTH_HEADERS = ("x-client-id", "x-client-secret", "x-partner-apikey", "x-partner-merchantid")


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


class TenantRecorder:
    """Records, per request, the tenant its customer id names and the credentials it carried."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()

    def record(self, request: httpx.Request) -> httpx.Response:
        customer_id = request.url.path.split("/")[3]  # /pg/customers/{customer_id}/...
        tenant = customer_id.split("_")[0]
        credentials = {name: request.headers[name] for name in AUTH_HEADERS if name in request.headers}
        with self._lock:
            self.seen.append((tenant, credentials))
        return httpx.Response(200, json={**INSTRUMENT, "customer_id": customer_id})

    def handler(self, request: httpx.Request) -> httpx.Response:
        return self.record(request)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # let other tasks in between receiving and answering
        return self.record(request)

    def assert_never_mixed(self, expected_calls: int) -> None:
        assert len(self.seen) == expected_calls
        mixed = [(tenant, credentials) for tenant, credentials in self.seen if credentials != EXPECTED_HEADERS[tenant]]
        assert mixed == []
        assert {tenant for tenant, _ in self.seen} == set(TENANTS)


def test_threads_never_mix_credentials() -> None:
    recorder = TenantRecorder()
    transport = httpx.MockTransport(recorder.handler)
    clients = {tenant: Cashfree(transport=transport, **credentials) for tenant, credentials in TENANTS.items()}
    start = threading.Barrier(THREADS)

    def work(worker: int) -> list[str]:
        start.wait()
        customers = []
        for n in range(CALLS_PER_THREAD):
            tenant = "alpha" if (worker + n) % 2 else "beta"
            cf = clients[tenant] if n % 3 else clients[tenant].with_options(max_retries=0)
            got = cf.instruments.get(f"{tenant}_{worker}_{n}", "inst_1")
            customers.append(got.customer_id)
        return customers

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    # Every caller got the answer to its own request.
    for worker, customers in enumerate(results):
        assert customers == [f"{'alpha' if (worker + n) % 2 else 'beta'}_{worker}_{n}" for n in range(CALLS_PER_THREAD)]
    recorder.assert_never_mixed(THREADS * CALLS_PER_THREAD)
    for cf in clients.values():
        cf.close()


async def test_asyncio_tasks_never_mix_credentials() -> None:
    recorder = TenantRecorder()
    transport = httpx.MockTransport(recorder.async_handler)
    clients = {tenant: AsyncCashfree(transport=transport, **credentials) for tenant, credentials in TENANTS.items()}

    async def one(n: int) -> tuple[str, str]:
        tenant = "alpha" if n % 2 else "beta"
        cf = clients[tenant] if n % 3 else clients[tenant].with_options(api_version="2023-08-01")
        customer_id = f"{tenant}_{n}"
        got = await cf.instruments.get(customer_id, "inst_1")
        return customer_id, got.customer_id

    results = await asyncio.gather(*(one(n) for n in range(TASKS)))
    assert all(asked == answered for asked, answered in results)
    recorder.assert_never_mixed(TASKS)
    for cf in clients.values():
        await cf.close()


@CLIENT_CLASSES
def test_two_clients_hold_separate_configuration(client_class: type[Any]) -> None:
    a = make_client(client_class, api_version="2023-08-01", max_retries=1)
    b = make_client(client_class, partner_merchant_id="m", partner_api_key="k")
    assert (a.api_version, a.max_retries) != (b.api_version, b.max_retries)
    assert a._http is not b._http
    assert a._config is not b._config


# --- the pool: one per client, reused, closed on exit ---------------------------------------------------------------


def test_sync_client_is_a_context_manager_closing_its_pool() -> None:
    server = Server()
    with make_client(Cashfree, server) as cf:
        http = cf._http
        for _ in range(3):
            cf.instruments.list("c")
        assert cf._http is http  # one httpx client for every call
        assert not http.is_closed
    assert http.is_closed
    assert len(server.requests) == 3


async def test_async_client_is_a_context_manager_closing_its_pool() -> None:
    server = Server()
    async with make_client(AsyncCashfree, server) as cf:
        http = cf._http
        for _ in range(3):
            await cf.instruments.list("c")
        assert cf._http is http
        assert not http.is_closed
    assert http.is_closed
    assert len(server.requests) == 3


@CLIENT_CLASSES
def test_with_options_shares_the_pool_and_does_not_close_it(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    derived = cf.with_options(max_retries=0)
    assert derived._http is cf._http
    run(derived.close())
    assert not cf._http.is_closed
    call(cf, "list", "c")
    call(derived, "list", "c")
    run(cf.close())
    with pytest.raises(UsageError, match="closed"):  # the pool both share is closed
        call(derived, "list", "c")


@CLIENT_CLASSES
def test_no_new_httpx_client_per_call(client_class: type[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    cf = make_client(client_class)
    created: list[Any] = []
    for cls in (httpx.Client, httpx.AsyncClient):
        original = cls.__init__

        def counting(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> None:
            created.append(self)
            __original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", counting)

    async def in_one_loop() -> None:
        for _ in range(5):
            await cf.instruments.get("c", "i")
        await cf.with_options(timeout=3.0).instruments.get("c", "i")

    if client_class is AsyncCashfree:
        asyncio.run(in_one_loop())
        assert created == []
        asyncio.run(in_one_loop())  # a new event loop: the connections of the closed one died with it
        assert len(created) == 1
    else:
        for _ in range(5):
            call(cf, "get", "c", "i")
        call(cf.with_options(timeout=3.0), "get", "c", "i")
        assert created == []


# --- keep-alive through a real socket on 127.0.0.1 ------------------------------------------------------------------


class _KeepAliveHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps the connection open between requests
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    connections: list[int] = []  # noqa: RUF012 - a test probe, reset per test

    def setup(self) -> None:
        super().setup()
        type(self).connections.append(id(self.connection))

    def do_GET(self) -> None:
        body = json.dumps([]).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def keepalive_url() -> Iterator[str]:
    _KeepAliveHandler.connections = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAliveHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pg"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_connections_are_kept_alive_between_calls(keepalive_url: str) -> None:
    with Cashfree(client_id="id", client_secret="secret", base_url=keepalive_url) as cf:
        for _ in range(5):
            assert cf.instruments.list("c") == []
        assert cf.with_options(max_retries=0).instruments.list("c") == []
    assert len(_KeepAliveHandler.connections) == 1


async def test_async_connections_are_kept_alive_between_calls(keepalive_url: str) -> None:
    # One event loop for the whole test: a pool's connections belong to the loop that opened them.
    async with AsyncCashfree(client_id="id", client_secret="secret", base_url=keepalive_url) as cf:
        for _ in range(5):
            assert await cf.instruments.list("c") == []
        assert await cf.with_options(max_retries=0).instruments.list("c") == []
    assert len(_KeepAliveHandler.connections) == 1
