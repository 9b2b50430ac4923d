"""Issue #12, errors tell the truth and connections are managed: use after close(), exceptions that are not network
failures, the idempotency key on errors, keep-alive for the concurrency allowed (`limits=`), one SSL context per
`verify` value, and a dropped client that frees its sockets (and warns) without waiting for the cyclic GC.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import ssl
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncCashfree,
    Cashfree,
    CashfreeError,
    ConfigurationError,
    UnexpectedError,
    UsageError,
)
from cashfree_instruments.testing import FakeCashfree, FakeServer
from tests.helpers.client import (
    CLIENT_CLASSES,
    CLIENT_SECRET,
    INSTRUMENT,
    Server,
    call,
    error_response,
    make_client,
    record_sleeps,
    run,
    texts_of_exception,
)
from tests.helpers.fault_server import FaultServer, Stall, json_response


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def wait_until(condition: Any, seconds: float = 10.0) -> bool:
    """Polls `condition` (bounded): whether it became true."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


# -- use after close() ---------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_a_call_after_close_is_a_usage_error_and_sends_nothing(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    call(cf, "list", "c")
    run(cf.close())
    for client in (cf, cf.with_options(max_retries=0)):
        with pytest.raises(UsageError, match="closed") as caught:
            call(client, "delete", "c", "i")
        assert not isinstance(caught.value, APIConnectionError)
        assert isinstance(caught.value, RuntimeError)
    assert len(server.requests) == 1
    run(cf.close())  # closing twice is fine


@CLIENT_CLASSES
def test_close_of_a_with_options_client_leaves_the_pool_open(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    run(cf.with_options(max_retries=0).close())
    call(cf, "list", "c")
    assert len(server.requests) == 1


# -- exceptions that are not network failures ------------------------------------------------------------------------


class Bug(Exception):
    pass


@CLIENT_CLASSES
@pytest.mark.parametrize("exception", [RuntimeError("event loop trouble"), Bug("a transport's bug"), KeyError("k")])
def test_a_non_network_exception_while_sending_is_not_a_connection_error(
    client_class: type[Any], exception: Exception
) -> None:
    server = Server(exception)
    with pytest.raises(UnexpectedError) as caught:
        call(make_client(client_class, server, max_retries=2), "delete", "c", "i")
    error = caught.value
    assert not isinstance(error, APIConnectionError)
    assert type(exception).__name__ in str(error)
    assert "may have reached the server" in str(error)
    assert error.__cause__ is exception
    assert error.__cause__.__traceback__ is None  # frames while sending hold the request and its headers
    assert error.attempts == 1  # not retried: nothing says it is safe to
    assert len(server.requests) == 1
    assert error.request_id == server.last.headers["x-request-id"]
    assert error.idempotency_key == server.last.headers["x-idempotency-key"]
    assert all(CLIENT_SECRET not in text for text in texts_of_exception(error))


@CLIENT_CLASSES
def test_package_errors_from_the_transport_pass_through(client_class: type[Any]) -> None:
    server = Server(ConfigurationError("raised by a transport"))
    with pytest.raises(ConfigurationError):
        call(make_client(client_class, server), "list", "c")


# -- the idempotency key on errors of keyed calls -------------------------------------------------------------------


@CLIENT_CLASSES
def test_a_delete_that_timed_out_every_time_reports_its_key(client_class: type[Any]) -> None:
    server = Server(httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError) as caught:
        call(make_client(client_class, server, max_retries=2), "delete", "c", "i")
    keys = {request.headers["x-idempotency-key"] for request in server.requests}
    assert len(server.requests) == 3
    assert keys == {caught.value.idempotency_key}


@CLIENT_CLASSES
def test_the_callers_key_is_reported_on_status_errors(client_class: type[Any]) -> None:
    key = uuid.uuid4()
    server = Server(error_response(503))
    with pytest.raises(APIError) as caught:
        call(make_client(client_class, server, max_retries=1), "delete", "c", "i", idempotency_key=key)
    assert caught.value.idempotency_key == str(key)
    assert caught.value.metadata.idempotency_key == str(key)


@CLIENT_CLASSES
def test_reads_have_no_key_on_their_errors(client_class: type[Any]) -> None:
    with pytest.raises(APIConnectionError) as caught:
        call(make_client(client_class, Server(httpx.ConnectError("refused")), max_retries=0), "get", "c", "i")
    assert caught.value.idempotency_key is None
    with pytest.raises(APIError) as status_error:
        call(make_client(client_class, Server(error_response(500)), max_retries=0), "get", "c", "i")
    assert status_error.value.idempotency_key is None


# -- connections: keep-alive, limits, SSL contexts ------------------------------------------------------------------


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    fake = FakeCashfree(rate_limit=10**9)
    with FakeServer(fake) as server:
        yield server


def test_threads_reuse_their_connections(fake_server: FakeServer) -> None:
    """32 threads on one client: each connection opened is kept alive and reused (the pool keeps up to 100)."""
    fake = fake_server.fake
    card = fake.add_instrument("cust_keepalive")
    threads, calls = 32, 20
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work(cf: Cashfree) -> None:
        start.wait(timeout=30)
        for _ in range(calls):
            try:
                cf.instruments.get("cust_keepalive", card["instrument_id"])
            except BaseException as exc:
                errors.append(exc)

    with Cashfree(fake.client_id, fake.client_secret, base_url=fake_server.base_url) as cf:
        workers = [threading.Thread(target=work, args=(cf,)) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
    assert errors == []
    assert len(fake.received) == threads * calls
    assert fake_server.connections_accepted <= threads  # never one opened again after an idle one was dropped


@CLIENT_CLASSES
def test_limits_bound_the_connections(client_class: type[Any]) -> None:
    slow = Stall(0.3, json_response(200, INSTRUMENT))
    with FaultServer([slow]) as server:
        options: dict[str, Any] = {"base_url": server.base_url, "limits": httpx.Limits(max_connections=2)}
        if client_class is Cashfree:
            with Cashfree("id", "secret", **options) as cf, ThreadPoolExecutor(max_workers=6) as pool:
                results = list(pool.map(lambda _: cf.instruments.get("c", "i"), range(6), timeout=60))
        else:

            async def main() -> list[Any]:
                async with AsyncCashfree("id", "secret", **options) as acf:
                    return await asyncio.gather(*(acf.instruments.get("c", "i") for _ in range(6)))

            results = run(main())
        connections = server.connections
    assert [r.instrument_id for r in results] == [INSTRUMENT["instrument_id"]] * 6
    assert connections == 2


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", [100, {"max_connections": 5}, "many"])
def test_limits_must_be_httpx_limits(client_class: type[Any], bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="limits"):
        client_class("id", "secret", limits=bad)


def _ssl_context_of(cf: Any) -> ssl.SSLContext:
    """The SSL context of the real transport a client built (httpx internals: the only way to see it)."""
    return cf._http._transport._inner._pool._ssl_context  # type: ignore[no-any-return]


@CLIENT_CLASSES
def test_one_ssl_context_per_verify_value(client_class: type[Any], tmp_path: Any) -> None:
    import certifi

    bundle = tmp_path / "ca.pem"
    shutil.copyfile(certifi.where(), bundle)
    first, second = client_class("id", "secret"), client_class("id", "secret")
    assert _ssl_context_of(first) is _ssl_context_of(second)
    assert _ssl_context_of(first).verify_mode == ssl.CERT_REQUIRED
    unverified = _ssl_context_of(client_class("id", "secret", verify=False))
    assert unverified is _ssl_context_of(client_class("id", "secret", verify=False))
    assert unverified.verify_mode == ssl.CERT_NONE
    from_path = _ssl_context_of(client_class("id", "secret", verify=str(bundle)))
    assert from_path is _ssl_context_of(client_class("id", "secret", verify=str(bundle)))
    assert from_path is not _ssl_context_of(first)
    own = ssl.create_default_context()
    assert _ssl_context_of(client_class("id", "secret", verify=own)) is own


# -- a dropped client ------------------------------------------------------------------------------------------------


@pytest.fixture
def no_cyclic_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_dropped_client_closes_its_sockets_and_warns(fake_server: FakeServer, no_cyclic_gc: None) -> None:
    fake = fake_server.fake
    card = fake.add_instrument("cust_drop")
    cf = Cashfree(fake.client_id, fake.client_secret, base_url=fake_server.base_url)
    cf.instruments.get("cust_drop", card["instrument_id"])
    cf.with_options(max_retries=0).instruments.list("cust_drop")
    assert fake_server.connections_open == 1
    with pytest.warns(ResourceWarning, match="unclosed Cashfree"):
        del cf
    assert wait_until(lambda: fake_server.connections_open == 0)


def test_resources_keep_their_client_alive(fake_server: FakeServer, no_cyclic_gc: None) -> None:
    fake = fake_server.fake
    card = fake.add_instrument("cust_keep")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        instruments = Cashfree(fake.client_id, fake.client_secret, base_url=fake_server.base_url).instruments
        assert instruments.get("cust_keep", card["instrument_id"]).instrument_id == card["instrument_id"]
    with pytest.warns(ResourceWarning):
        del instruments


@CLIENT_CLASSES
def test_closed_and_fake_transport_clients_do_not_warn(client_class: type[Any], no_cyclic_gc: None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        closed = client_class("id", "secret")
        run(closed.close())
        del closed
        in_memory = make_client(client_class)  # a transport of the caller's: its to close
        call(in_memory, "list", "c")
        del in_memory


async def test_a_dropped_async_client_warns(no_cyclic_gc: None) -> None:
    acf = AsyncCashfree("id", "secret")
    with pytest.warns(ResourceWarning, match="unclosed AsyncCashfree"):
        del acf


def test_errors_are_cashfree_errors() -> None:
    for cls in (UsageError, UnexpectedError):
        assert issubclass(cls, CashfreeError)
        assert not issubclass(cls, APIConnectionError)
    assert issubclass(UsageError, RuntimeError)
