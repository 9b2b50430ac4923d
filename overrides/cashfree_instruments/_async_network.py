"""The asyncio client's network transport: every socket operation of a call ends by the call's deadline.

httpx's timeouts bound each connect, write and read on its own, and a read timeout starts again with every byte:
a server that dribbles a 200 a byte at a time, or sends `102 Processing` now and then, holds a call forever.
Here httpcore's network backend is wrapped so that each connect, TLS handshake, read and write waits at most
until the deadline of the call it works for, then fails as httpx's own timeout would. The client sets that
deadline (`call_deadline`, a context variable: per thread and per asyncio task) around each call; elsewhere,
such as requests sent through `generated_client()`, nothing changes.

Loaded when the first client with a network transport is made: httpcore is as heavy an import as httpx. The sync
client's, _network.py, is written from this file by `python -m scripts.unasync`.
"""

from __future__ import annotations

import math
import ssl
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpcore
import httpx
from httpcore._utils import is_socket_readable
from httpx._transports.default import AsyncResponseStream, map_httpcore_exceptions

from ._network_base import AsyncSlots, proxy_pool_options, within_deadline


class _AsyncHTTPTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, handing its pool the httpcore.Request httpx's makes without checking each part again (an
    httpx.Request's URL and headers are bytes already: 4% of a fetch), and mapping httpcore's errors to httpx's
    only when one is raised (tests/unit/client/test_client_fast_path.py checks that the two agree)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        target = object.__new__(httpcore.URL)
        target.scheme, target.host, target.port, target.target = url.raw_scheme, url.raw_host, url.port, url.raw_path
        sent = object.__new__(httpcore.Request)
        sent.method, sent.url, sent.headers = request.method.encode("ascii"), target, request.headers.raw
        sent.stream, sent.extensions = request.stream, request.extensions
        try:
            response = await self._pool.handle_async_request(sent)
        except Exception:
            with map_httpcore_exceptions():
                raise
        stream = AsyncResponseStream(response.stream)  # type: ignore[arg-type]  # of the pool's own kind
        return httpx.Response(response.status, headers=response.headers, stream=stream, extensions=response.extensions)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        # httpcore asks every idle connection's stream whether it is readable (closed by the server) each time it
        # assigns a request; anyio (asyncio's backend) answers by building all of the stream's attribute getters
        # anew (~12% of a call at 10 in flight). The socket is looked up once, and asked as httpcore's sync streams
        # ask theirs.
        self._socket = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, within_deadline(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if buffer:  # httpcore writes an empty end of message for every bodiless request: nothing to wait for
            await self._inner.write(buffer, within_deadline(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = within_deadline(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable" and self._socket is not None:
            return is_socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        # sync: self._inner = httpcore.SyncBackend()
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = within_deadline(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = within_deadline(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _AsyncConnections:
    """The connections to the client's origin, kept alive; a call takes the one freed last, or opens one.

    httpcore's own pool matches every waiting request against every connection whenever one is queued or freed:
    about a quarter of a call's CPU at 10 in flight, growing with both. Here taking and giving back a connection
    costs the same at any count. At most `max_connections` are in use at once (a call waits for one at most the
    pool timeout), at most `max_keepalive_connections` are kept idle, and an idle one the server closed or that
    outlived `keepalive_expiry` is closed, not used. HTTP/1.1 only, as the client asks for; proxies use httpcore's
    pool (network_transport).
    """

    def __init__(
        self, ssl_context: ssl.SSLContext, limits: httpx.Limits, backend: httpcore.AsyncNetworkBackend
    ) -> None:
        self._ssl_context = ssl_context
        self._backend = backend
        self._keepalive_expiry = limits.keepalive_expiry
        keepalive = limits.max_keepalive_connections
        self._max_idle = math.inf if keepalive is None else keepalive
        self._slots = AsyncSlots(limits.max_connections)
        self._idle: list[httpcore.AsyncHTTP11Connection] = []
        self._closed = False

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        if self._closed:
            raise RuntimeError("the connection pool is closed")
        await self._slots.acquire(request.extensions.get("timeout", {}).get("pool"))
        try:
            connection = await self._idle_connection(request.url.origin) or await self._connect(request)
            try:
                response = await connection.handle_async_request(request)
            except BaseException:
                await connection.aclose()
                raise
        except BaseException:
            self._slots.release()
            raise
        response.stream = _AsyncGivenBack(response.stream, self, connection)
        return response

    async def _idle_connection(self, origin: httpcore.Origin) -> httpcore.AsyncHTTP11Connection | None:
        while True:
            try:
                connection = self._idle.pop()  # not `while self._idle`: another thread may take the last one
            except IndexError:
                return None
            if connection.is_idle() and not connection.has_expired() and connection.can_handle_request(origin):
                return connection
            await connection.aclose()

    async def _connect(self, request: httpcore.Request) -> httpcore.AsyncHTTP11Connection:
        origin = request.url.origin
        host = origin.host.decode("ascii")
        timeout = request.extensions.get("timeout", {}).get("connect")
        stream = await self._backend.connect_tcp(host, origin.port or 443, timeout)
        try:
            if origin.scheme == b"https":
                self._ssl_context.set_alpn_protocols(["http/1.1"])  # as httpcore sets it, on every connection
                server_hostname = request.extensions.get("sni_hostname") or host
                stream = await stream.start_tls(self._ssl_context, server_hostname, timeout)
        except BaseException:
            await stream.aclose()
            raise
        return httpcore.AsyncHTTP11Connection(origin, stream, self._keepalive_expiry)

    async def give_back(self, connection: httpcore.AsyncHTTP11Connection) -> None:
        """A connection whose response is closed: kept for the next call if it can take one, else closed."""
        self._slots.release()
        if not self._closed and connection.is_idle() and len(self._idle) < self._max_idle:
            self._idle.append(connection)
        else:
            await connection.aclose()

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.aclose()


class _AsyncGivenBack:
    """A response's body stream, which gives its connection back to the pool when closed."""

    def __init__(self, stream: Any, pool: _AsyncConnections, connection: httpcore.AsyncHTTP11Connection) -> None:
        self._stream = stream
        self._pool = pool
        self._connection: httpcore.AsyncHTTP11Connection | None = connection

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._stream.__aiter__()  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await self._stream.aclose()
        finally:
            await self._pool.give_back(connection)


def async_network_transport(
    verify: ssl.SSLContext, limits: httpx.Limits, proxy: httpx.Proxy | None
) -> httpx.AsyncHTTPTransport:
    """httpx's transport over a connection pool whose sockets keep the call's deadline, through `proxy` if any
    (an https:// origin through a CONNECT tunnel: the proxy's connection and the TLS inside keep it too)."""
    transport = _AsyncHTTPTransport(verify=verify, limits=limits)
    # httpx takes no network backend: its pool (no I/O yet) is replaced by one that has ours.
    if proxy is None:
        transport._pool = _AsyncConnections(verify, limits, _AsyncBackend())  # type: ignore[assignment]
    else:
        options = proxy_pool_options(verify, limits, proxy)
        transport._pool = httpcore.AsyncHTTPProxy(**options, network_backend=_AsyncBackend())
    return transport
