"""The sync client's network transport, whose sockets keep the call's deadline.

Written by `python -m scripts.unasync` from _async_network.py: edit that file, then run the script
(tests/scripts/test_unasync.py fails while this one is stale).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
from httpcore._utils import is_socket_readable

from ._network_base import pool_options, within_deadline


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


def network_transport(verify: ssl.SSLContext, limits: httpx.Limits, proxy: httpx.Proxy | None) -> httpx.HTTPTransport:
    """httpx's transport over a connection pool whose sockets keep the call's deadline, through `proxy` if any
    (an https:// origin through a CONNECT tunnel: the proxy's connection and the TLS inside keep it too)."""
    transport = httpx.HTTPTransport(verify=verify, limits=limits)
    # httpx takes no network backend: its pool (built the same way, no I/O yet) is replaced by one that has ours.
    pool = httpcore.ConnectionPool if proxy is None else httpcore.HTTPProxy
    transport._pool = pool(**pool_options(verify, limits, proxy), network_backend=_Backend())
    return transport
