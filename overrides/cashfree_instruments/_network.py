"""The sync client's network transport, whose sockets keep the call's deadline.

Written by `python -m scripts.unasync` from _async_network.py: edit that file, then run the script
(tests/scripts/test_unasync.py fails while this one is stale).
"""

from __future__ import annotations

import math
import ssl
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx
from httpcore._utils import is_socket_readable
from httpx._transports.default import ResponseStream, map_httpcore_exceptions

from ._network_base import Slots, proxy_pool_options, within_deadline


class _HTTPTransport(httpx.HTTPTransport):
    """httpx's transport, handing its pool the httpcore.Request httpx's makes without checking each part again (an
    httpx.Request's URL and headers are bytes already: 4% of a fetch), and mapping httpcore's errors to httpx's
    only when one is raised (tests/unit/client/test_client_fast_path.py checks that the two agree)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        target = object.__new__(httpcore.URL)
        target.scheme, target.host, target.port, target.target = url.raw_scheme, url.raw_host, url.port, url.raw_path
        sent = object.__new__(httpcore.Request)
        sent.method, sent.url, sent.headers = request.method.encode("ascii"), target, request.headers.raw
        sent.stream, sent.extensions = request.stream, request.extensions
        try:
            response = self._pool.handle_request(sent)
        except Exception:
            with map_httpcore_exceptions():
                raise
        stream = ResponseStream(response.stream)  # type: ignore[arg-type]  # of the pool's own kind
        return httpx.Response(response.status, headers=response.headers, stream=stream, extensions=response.extensions)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        # httpcore asks every idle connection's stream whether it is readable (closed by the server) each time it
        # assigns a request; anyio (asyncio's backend) answers by building all of the stream's attribute getters
        # anew (~12% of a call at 10 in flight). The socket is looked up once, and asked as httpcore's sync streams
        # ask theirs.
        self._socket = inner.get_extra_info("socket")

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if buffer:  # httpcore writes an empty end of message for every bodiless request: nothing to wait for
            self._inner.write(buffer, within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = within_deadline(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable" and self._socket is not None:
            return is_socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = within_deadline(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = within_deadline(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Connections:
    """The connections to the client's origin, kept alive; a call takes the one freed last, or opens one.

    httpcore's own pool matches every waiting request against every connection whenever one is queued or freed:
    about a quarter of a call's CPU at 10 in flight, growing with both. Here taking and giving back a connection
    costs the same at any count. At most `max_connections` are in use at once (a call waits for one at most the
    pool timeout), at most `max_keepalive_connections` are kept idle, and an idle one the server closed or that
    outlived `keepalive_expiry` is closed, not used. HTTP/1.1 only, as the client asks for; proxies use httpcore's
    pool (network_transport).
    """

    def __init__(self, ssl_context: ssl.SSLContext, limits: httpx.Limits, backend: httpcore.NetworkBackend) -> None:
        self._ssl_context = ssl_context
        self._backend = backend
        self._keepalive_expiry = limits.keepalive_expiry
        keepalive = limits.max_keepalive_connections
        self._max_idle = math.inf if keepalive is None else keepalive
        self._slots = Slots(limits.max_connections)
        self._idle: list[httpcore.HTTP11Connection] = []
        self._closed = False

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        if self._closed:
            raise RuntimeError("the connection pool is closed")
        self._slots.acquire(request.extensions.get("timeout", {}).get("pool"))
        try:
            connection = self._idle_connection(request.url.origin) or self._connect(request)
            try:
                response = connection.handle_request(request)
            except BaseException:
                connection.close()
                raise
        except BaseException:
            self._slots.release()
            raise
        response.stream = _GivenBack(response.stream, self, connection)
        return response

    def _idle_connection(self, origin: httpcore.Origin) -> httpcore.HTTP11Connection | None:
        while True:
            try:
                connection = self._idle.pop()  # not `while self._idle`: another thread may take the last one
            except IndexError:
                return None
            if connection.is_idle() and not connection.has_expired() and connection.can_handle_request(origin):
                return connection
            connection.close()

    def _connect(self, request: httpcore.Request) -> httpcore.HTTP11Connection:
        origin = request.url.origin
        host = origin.host.decode("ascii")
        timeout = request.extensions.get("timeout", {}).get("connect")
        stream = self._backend.connect_tcp(host, origin.port or 443, timeout)
        try:
            if origin.scheme == b"https":
                self._ssl_context.set_alpn_protocols(["http/1.1"])  # as httpcore sets it, on every connection
                server_hostname = request.extensions.get("sni_hostname") or host
                stream = stream.start_tls(self._ssl_context, server_hostname, timeout)
        except BaseException:
            stream.close()
            raise
        return httpcore.HTTP11Connection(origin, stream, self._keepalive_expiry)

    def give_back(self, connection: httpcore.HTTP11Connection) -> None:
        """A connection whose response is closed: kept for the next call if it can take one, else closed."""
        self._slots.release()
        if not self._closed and connection.is_idle() and len(self._idle) < self._max_idle:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


class _GivenBack:
    """A response's body stream, which gives its connection back to the pool when closed."""

    def __init__(self, stream: Any, pool: _Connections, connection: httpcore.HTTP11Connection) -> None:
        self._stream = stream
        self._pool = pool
        self._connection: httpcore.HTTP11Connection | None = connection

    def __iter__(self) -> Iterator[bytes]:
        return self._stream.__iter__()  # type: ignore[no-any-return]

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            self._stream.close()
        finally:
            self._pool.give_back(connection)


def network_transport(verify: ssl.SSLContext, limits: httpx.Limits, proxy: httpx.Proxy | None) -> httpx.HTTPTransport:
    """httpx's transport over a connection pool whose sockets keep the call's deadline, through `proxy` if any
    (an https:// origin through a CONNECT tunnel: the proxy's connection and the TLS inside keep it too)."""
    transport = _HTTPTransport(verify=verify, limits=limits)
    # httpx takes no network backend: its pool (no I/O yet) is replaced by one that has ours.
    if proxy is None:
        transport._pool = _Connections(verify, limits, _Backend())  # type: ignore[assignment]
    else:
        options = proxy_pool_options(verify, limits, proxy)
        transport._pool = httpcore.HTTPProxy(**options, network_backend=_Backend())
    return transport
