"""What the client's network transports (_async_network.py, and _network.py written from it) share: the socket
timeouts that keep a call's deadline, the bound on connections in use, and the options of httpcore's proxy pool."""

from __future__ import annotations

import queue
import ssl
import time
from typing import TYPE_CHECKING, Any

import httpcore
import httpx

from ._exchange import call_deadline

if TYPE_CHECKING:
    import asyncio

_NO_SLOT = "no free connection within the pool timeout"


def within_deadline(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """`timeout`, shortened to the time left before the current call's deadline; `error` if there is none left."""
    deadline = call_deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the call's deadline has passed")
    return left if timeout is None or timeout > left else timeout


def proxy_pool_options(verify: ssl.SSLContext, limits: httpx.Limits, proxy: httpx.Proxy) -> dict[str, Any]:
    """The arguments of httpcore's HTTPProxy pool for `proxy`, as httpx passes them."""
    url = proxy.url
    options: dict[str, Any] = {
        "ssl_context": verify,
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
        "proxy_url": httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
        "proxy_auth": proxy.raw_auth,
        "proxy_headers": proxy.headers.raw,
    }
    if url.scheme == "https":  # a TLS proxy is verified as Cashfree is, unless its httpx.Proxy says otherwise
        options["proxy_ssl_context"] = proxy.ssl_context or verify
    return options


class Slots:
    """At most `size` connections in use at once (None: no bound); a call waits for one at most its pool timeout.

    A free connection is a token in a SimpleQueue: taking and giving one back are C calls, a Semaphore's are Python.
    """

    def __init__(self, size: int | None) -> None:
        self._free: queue.SimpleQueue[None] | None = None
        if size is not None:
            self._free = queue.SimpleQueue()
            for _ in range(size):
                self._free.put(None)

    def acquire(self, timeout: float | None) -> None:
        if self._free is not None:
            try:
                self._free.get(timeout=None if timeout is None else max(timeout, 0.0))
            except queue.Empty:
                raise httpcore.PoolTimeout(_NO_SLOT) from None

    def release(self) -> None:
        if self._free is not None:
            self._free.put(None)


class AsyncSlots:
    """The asyncio twin of Slots."""

    def __init__(self, size: int | None) -> None:
        import asyncio

        self._free: asyncio.BoundedSemaphore | None = None if size is None else asyncio.BoundedSemaphore(size)

    async def acquire(self, timeout: float | None) -> None:
        import asyncio

        if self._free is None:
            return
        if not self._free.locked():  # taken at once, no timer to set
            await self._free.acquire()
            return
        try:
            async with asyncio.timeout(timeout):
                await self._free.acquire()
        except TimeoutError:
            raise httpcore.PoolTimeout(_NO_SLOT) from None

    def release(self) -> None:
        if self._free is not None:
            self._free.release()
