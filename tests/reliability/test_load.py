"""Issue #6, load: two tenants hammer one FakeServer (real HTTP on 127.0.0.1) at once, from threads and tasks.

Each tenant is a merchant with its own credentials and its own customer. The server routes a request to the
tenant's FakeCashfree by x-client-id, so every request is recorded by the tenant it claims to come from; the
tests assert 0 errors, every answer for the right customer, and 0 requests carrying the other tenant's
credentials or customer. Every call gets its own x-request-id, and no call needed a retry.

    sync:  2 tenants x 8 threads x 500 calls = 8000 calls, one Cashfree per tenant shared by its threads
    async: 2 tenants x 500 concurrent tasks (asyncio.gather), a call each = 1000 calls, one AsyncCashfree per tenant
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from attrs import frozen

from cashfree_instruments import APIResponse, APITimeoutError, AsyncCashfree, Cashfree
from cashfree_instruments.testing import FakeCashfree, FakeServer, ReceivedRequest
from tests.helpers.fault_server import FaultServer, Stall, json_response

THREADS_PER_TENANT = 8
CALLS_PER_THREAD = 500
TASKS_PER_TENANT = 500
CALLS_PER_TASK = 1
OPERATIONS = ("list", "get", "cryptogram")


@frozen
class Tenant:
    name: str
    client_id: str
    client_secret: str
    customer_id: str

    def credentials(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret}


TENANTS = (
    Tenant("a", "tenant_a_client_id", "tenant_a_SECRET_9c1f", "customer_of_tenant_a"),
    Tenant("b", "tenant_b_client_id", "tenant_b_SECRET_44e2", "customer_of_tenant_b"),
)


class TwoTenantFake(FakeCashfree):
    """One server for both tenants: a request goes to the FakeCashfree of the x-client-id it carries.

    A request with any other x-client-id is answered (401) by this fake, whose own credentials no one has.
    """

    def __init__(self, tenants: tuple[Tenant, ...]) -> None:
        super().__init__("nobody", "nobody_secret", seed=False)
        self.tenants: dict[str, FakeCashfree] = {}
        self.instrument_ids: dict[str, str] = {}
        for tenant in tenants:
            fake = FakeCashfree(tenant.client_id, tenant.client_secret, seed=False, rate_limit=10**9)
            self.instrument_ids[tenant.name] = fake.add_instrument(tenant.customer_id)["instrument_id"]
            self.tenants[tenant.client_id] = fake

    def handle(self, request: httpx.Request) -> httpx.Response:
        fake = self.tenants.get(request.headers.get("x-client-id", ""), None)
        return (fake or super()).handle(request)

    def received_by(self, tenant: Tenant) -> list[ReceivedRequest]:
        return self.tenants[tenant.client_id].received


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(TwoTenantFake(TENANTS)) as served:
        yield served


def fake_of(server: FakeServer) -> TwoTenantFake:
    fake = server.fake
    assert isinstance(fake, TwoTenantFake)
    return fake


def args_of(op: str, tenant: Tenant, instrument_id: str) -> tuple[str, ...]:
    return (tenant.customer_id,) if op == "list" else (tenant.customer_id, instrument_id)


def check_answer(op: str, response: APIResponse[Any], tenant: Tenant, instrument_id: str) -> None:
    """The answer is the tenant's own data, got at the first attempt."""
    assert response.metadata.status_code == 200
    assert response.metadata.attempts == 1
    if op == "list":
        assert [i.customer_id for i in response.data] == [tenant.customer_id]
    else:
        assert response.data.instrument_id == instrument_id
        if op == "get":
            assert response.data.customer_id == tenant.customer_id


def check_isolation(fake: TwoTenantFake, expected_per_tenant: int, request_ids: set[str]) -> None:
    """Every request reached its own tenant with its own credentials and customer; none carried the other's."""
    all_ids: list[str] = []
    for tenant in TENANTS:
        other = next(t for t in TENANTS if t is not tenant)
        received = fake.received_by(tenant)
        assert len(received) == expected_per_tenant
        foreign = [
            r
            for r in received
            if r.headers.get("x-client-secret") != tenant.client_secret
            or other.client_secret in r.headers.values()
            or other.client_id in r.headers.values()
            or other.customer_id in r.path
            or f"/customers/{tenant.customer_id}/" not in r.path
        ]
        assert foreign == [], f"{len(foreign)} of tenant {tenant.name}'s requests carry the other's data"
        all_ids += [r.headers["x-request-id"] for r in received]
    assert fake.received == [], "a request reached the server without either tenant's client id"
    assert len(set(all_ids)) == len(all_ids), "every call has its own x-request-id"
    assert set(all_ids) == request_ids


def test_two_tenants_threads(server: FakeServer, record_property: Any) -> None:
    fake = fake_of(server)
    clients = {t.name: Cashfree(**t.credentials(), base_url=server.base_url) for t in TENANTS}
    errors: list[BaseException] = []
    request_ids: set[str] = set()
    lock = threading.Lock()

    def work(tenant: Tenant, thread: int) -> None:
        raw = clients[tenant.name].instruments.with_raw_response
        instrument_id = fake.instrument_ids[tenant.name]
        ids = []
        for n in range(CALLS_PER_THREAD):
            op = OPERATIONS[(n + thread) % len(OPERATIONS)]
            try:
                response = getattr(raw, op)(*args_of(op, tenant, instrument_id))
                check_answer(op, response, tenant, instrument_id)
                ids.append(response.metadata.request_id)
            except BaseException as exc:  # every failure counts, an assertion too
                with lock:
                    errors.append(exc)
        with lock:
            request_ids.update(ids)

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=THREADS_PER_TENANT * len(TENANTS)) as pool:
            futures = [pool.submit(work, t, n) for t in TENANTS for n in range(THREADS_PER_TENANT)]
            for future in futures:
                future.result(timeout=120)
    finally:
        for client in clients.values():
            client.close()
    elapsed = time.monotonic() - started

    calls = len(TENANTS) * THREADS_PER_TENANT * CALLS_PER_THREAD
    record_property("calls", calls)
    record_property("seconds", round(elapsed, 2))
    print(f"\n{calls} calls from {THREADS_PER_TENANT * len(TENANTS)} threads in {elapsed:.2f}s")
    assert errors == [], f"{len(errors)} errors, the first: {errors[0]!r}"
    check_isolation(fake, THREADS_PER_TENANT * CALLS_PER_THREAD, request_ids)


async def test_two_tenants_concurrent_tasks(server: FakeServer, record_property: Any) -> None:
    fake = fake_of(server)
    clients = {t.name: AsyncCashfree(**t.credentials(), base_url=server.base_url) for t in TENANTS}
    request_ids: list[str] = []
    running = 0
    peak = 0

    async def task(tenant: Tenant, number: int) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        try:
            raw = clients[tenant.name].instruments.with_raw_response
            instrument_id = fake.instrument_ids[tenant.name]
            for n in range(CALLS_PER_TASK):
                op = OPERATIONS[(n + number) % len(OPERATIONS)]
                response = await getattr(raw, op)(*args_of(op, tenant, instrument_id))
                check_answer(op, response, tenant, instrument_id)
                request_ids.append(response.metadata.request_id)
        finally:
            running -= 1

    started = time.monotonic()
    try:
        results = await asyncio.wait_for(
            asyncio.gather(
                *(task(t, n) for t in TENANTS for n in range(TASKS_PER_TENANT)),
                return_exceptions=True,
            ),
            timeout=120,
        )
    finally:
        for client in clients.values():
            await client.close()
    elapsed = time.monotonic() - started

    calls = len(TENANTS) * TASKS_PER_TENANT * CALLS_PER_TASK
    record_property("calls", calls)
    record_property("seconds", round(elapsed, 2))
    print(f"\n{calls} calls from {len(TENANTS) * TASKS_PER_TENANT} tasks in {elapsed:.2f}s (peak {peak} running)")
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == [], f"{len(errors)} errors, the first: {errors[0]!r}"
    assert peak == len(TENANTS) * TASKS_PER_TENANT, "all tasks were in flight at once"
    check_isolation(fake, TASKS_PER_TENANT * CALLS_PER_TASK, set(request_ids))
    assert len(request_ids) == calls


async def test_waiting_for_a_connection_is_bounded_by_the_pool_timeout() -> None:
    """More concurrent calls than connections: the extra call waits for one at most the pool timeout.

    AsyncCashfree lets at most max_connections (100) requests into httpx's pool at once (the others wait their
    turn in the client: httpcore's pool slows to a crawl with hundreds queued in it). The 101st call here finds
    all 100 connections busy with a slow server and fails with APITimeoutError (PoolTimeout) once it has waited
    the 0.2 s pool timeout, without being sent. No upper bound on the time: that would measure the machine.
    """
    slow = Stall(0.8, json_response(200, [{"instrument_id": "i", "customer_id": "c"}]))
    with FaultServer([slow]) as server:
        timeout = httpx.Timeout(5.0, pool=0.2)
        async with AsyncCashfree("id", "secret", base_url=server.base_url, max_retries=0, timeout=timeout) as acf:
            started = time.monotonic()
            busy = [asyncio.ensure_future(acf.instruments.list("c")) for _ in range(100)]
            await asyncio.sleep(0.05)  # the 100 are in flight
            with pytest.raises(APITimeoutError, match="PoolTimeout") as caught:
                await acf.instruments.list("c", request_id="the-101st")
            waited = time.monotonic() - started
            results = await asyncio.wait_for(asyncio.gather(*busy), timeout=60)
    assert caught.value.attempts == 1
    assert waited >= 0.2
    assert all(len(r) == 1 for r in results)
    assert len(server.requests) == 100
    assert "the-101st" not in {r.headers["x-request-id"] for r in server.requests}
