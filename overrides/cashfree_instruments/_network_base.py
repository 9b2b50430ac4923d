"""What the client's network transports (_async_network.py, and _network.py written from it) share: the socket
timeouts that keep a call's deadline, and httpcore's pool options."""

from __future__ import annotations

import ssl
import time
from typing import Any

import httpcore
import httpx

from ._exchange import call_deadline


def within_deadline(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """`timeout`, shortened to the time left before the current call's deadline; `error` if there is none left."""
    deadline = call_deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the call's deadline has passed")
    return left if timeout is None or timeout > left else timeout


def pool_options(verify: ssl.SSLContext, limits: httpx.Limits, proxy: httpx.Proxy | None) -> dict[str, Any]:
    """httpcore's connection pool arguments, and with a proxy those of its HTTPProxy pool (as httpx passes them)."""
    options: dict[str, Any] = {
        "ssl_context": verify,
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }
    if proxy is not None:
        url = proxy.url
        options["proxy_url"] = httpcore.URL(
            scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
        )
        options["proxy_auth"] = proxy.raw_auth
        options["proxy_headers"] = proxy.headers.raw
        if url.scheme == "https":  # a TLS proxy is verified as Cashfree is, unless its httpx.Proxy says otherwise
            options["proxy_ssl_context"] = proxy.ssl_context or verify
    return options
