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

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from httpcore._utils import is_socket_readable

from ._network_base import pool_options, within_deadline


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


def async_network_transport(
    verify: ssl.SSLContext, limits: httpx.Limits, proxy: httpx.Proxy | None
) -> httpx.AsyncHTTPTransport:
    """httpx's transport over a connection pool whose sockets keep the call's deadline, through `proxy` if any
    (an https:// origin through a CONNECT tunnel: the proxy's connection and the TLS inside keep it too)."""
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits)
    # httpx takes no network backend: its pool (built the same way, no I/O yet) is replaced by one that has ours.
    pool = httpcore.AsyncConnectionPool if proxy is None else httpcore.AsyncHTTPProxy
    transport._pool = pool(**pool_options(verify, limits, proxy), network_backend=_AsyncBackend())
    return transport
