"""A client's configuration: validated once at construction, immutable afterwards."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import os
import ssl
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from ._credentials import Credentials
from ._environment import Environment
from ._errors import ConfigurationError, InvalidArgumentError
from ._paths import header_value
from ._retry import RetryPolicy

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)  # seconds: read, write and pool 30, connect 5
# Every connection the client may open is kept alive: idle ones beyond a lower keep-alive cap would be closed and
# opened again (a TLS handshake each) as soon as as many threads or tasks call at once.
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)
# Seconds a whole call may take, retries and waits included: twice the read timeout, so a retry after one slow
# attempt still fits, and no longer than the 60 s that proxies and load balancers commonly allow a request.
DEFAULT_DEADLINE = 60.0
# Bytes of a response body, once decoded. A list of instruments is about 1 kB an instrument: 4 MiB is thousands of
# saved cards, and 100 connections' worth of bodies stays within 400 MiB.
DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024

ENV_CLIENT_ID = "CASHFREE_CLIENT_ID"
ENV_CLIENT_SECRET = "CASHFREE_CLIENT_SECRET"  # noqa: S105 - a variable's name
ENV_PARTNER_API_KEY = "CASHFREE_PARTNER_APIKEY"
ENV_PARTNER_MERCHANT_ID = "CASHFREE_PARTNER_MERCHANTID"
ENV_ENVIRONMENT = "CASHFREE_ENVIRONMENT"
ENV_BASE_URL = "CASHFREE_BASE_URL"
ENV_API_VERSION = "CASHFREE_API_VERSION"
ENV_PUBLIC_KEY_PATH = "CASHFREE_PUBLIC_KEY_PATH"
ENV_PROXY = "CASHFREE_PROXY"

Verify = bool | str | ssl.SSLContext
ProxyOption = str | httpx.Proxy


@dataclass(frozen=True, slots=True)
class ClientConfig:
    credentials: Credentials
    base_url: str
    api_version: str
    retry: RetryPolicy
    timeout: httpx.Timeout
    deadline: float
    max_response_bytes: int

    @property
    def base_path(self) -> str:
        return httpx.URL(self.base_url).raw_path.decode("ascii").rstrip("/")

    def with_changes(
        self,
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        api_version: str | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> ClientConfig:
        return replace(
            self,
            retry=self.retry if max_retries is None else replace(self.retry, max_retries=max_retries),
            timeout=self.timeout if timeout is None else to_timeout(timeout),
            api_version=self.api_version if api_version is None else checked_api_version(api_version),
            deadline=self.deadline if deadline is None else to_deadline(deadline),
            max_response_bytes=(
                self.max_response_bytes if max_response_bytes is None else to_max_response_bytes(max_response_bytes)
            ),
        )


def checked_api_version(value: str) -> str:
    """The api_version option as a safe header value; a bad one is a ConfigurationError like any other option."""
    try:
        return header_value("api_version", value)
    except InvalidArgumentError as exc:
        raise ConfigurationError(str(exc)) from None


def pinned_api_version() -> str:
    """API_VERSION, the version the generated code was made for (importing it loads the generated package)."""
    from ._api_version import API_VERSION

    return API_VERSION


def to_timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(f"timeout must be a positive number of seconds or an httpx.Timeout, got {value!r}")
    return httpx.Timeout(value, connect=min(float(value), DEFAULT_TIMEOUT.connect or value))


def to_deadline(value: float) -> float:
    """A whole call's deadline in seconds (math.inf: none)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(f"deadline must be a positive number of seconds, got {value!r}")
    return float(value)


def to_max_response_bytes(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"max_response_bytes must be a whole number of bytes >= 1, got {value!r}")
    return value


def to_limits(value: httpx.Limits) -> httpx.Limits:
    if not isinstance(value, httpx.Limits):
        raise ConfigurationError(f"limits must be an httpx.Limits, got {type(value).__name__}")
    return value


def resolve_base_url(environment: Environment | str, base_url: str | None, allow_insecure_http: bool) -> str:
    if base_url is None:
        try:
            return Environment(environment).base_url
        except ValueError:
            names = ", ".join(e.value for e in Environment)
            raise ConfigurationError(f"environment must be one of {names}, got {environment!r}") from None
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError):
        raise ConfigurationError("base_url is not a valid URL") from None
    if url.scheme not in ("http", "https") or not url.host or url.query or url.fragment:
        raise ConfigurationError("base_url must be an http(s) URL with a host and no query or fragment")
    if url.userinfo:  # httpx would send it as Basic auth, and print it in its log and in repr(client)
        raise ConfigurationError("base_url must not hold a user name or password (user:password@ before the host)")
    if url.scheme == "http" and not _is_loopback(url.host) and not allow_insecure_http:
        raise ConfigurationError(
            "refusing to send credentials over plain http:// to a non-loopback host; use https:// "
            "or pass allow_insecure_http=True"
        )
    return str(url).rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def to_trust_env(value: bool) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(f"trust_env must be True or False, got {type(value).__name__}")
    return value


def ssl_context(verify: Verify, trust_env: bool) -> ssl.SSLContext:
    """TLS verification: on by default; a path is a CA bundle; an SSLContext is used as given.

    Loading a CA bundle takes milliseconds, so the context of True, False or a path is built once per process and
    shared by every client with that `verify` and `trust_env` (SSLContext is safe to share between threads).
    """
    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, bool | str):
        return _shared_ssl_context(verify, trust_env)
    raise ConfigurationError("verify must be True, False, a CA bundle path or an ssl.SSLContext")


@functools.cache
def _shared_ssl_context(verify: bool | str, trust_env: bool) -> ssl.SSLContext:
    if isinstance(verify, bool):
        # True: SSL_CERT_FILE or SSL_CERT_DIR if trust_env and set, else certifi's bundle.
        return httpx.create_ssl_context(verify=verify, trust_env=trust_env)
    try:
        return ssl.create_default_context(cafile=verify)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigurationError(f"cannot load the CA bundle {verify!r}: {exc.strerror or exc}") from None


def network_proxy(proxy: ProxyOption | None, base_url: str, trust_env: bool, transport: object) -> httpx.Proxy | None:
    """The proxy the client's connections go through: `proxy`, else (trust_env) the environment's for base_url.

    Only an https:// base_url goes through a proxy, in a CONNECT tunnel: the proxy relays TLS it cannot read. Over
    plain http:// a proxy would read the credentials, so `proxy` is refused and the environment's is not used.
    """
    if proxy is not None and transport is not None:
        raise ConfigurationError("pass proxy= or transport=, not both: a transport replaces the network, proxy too")
    url = httpx.URL(base_url)
    if proxy is not None:
        if url.scheme != "https":
            raise ConfigurationError(
                "proxy= needs an https:// base_url: over plain http:// the proxy would read the credentials"
            )
        return checked_proxy(proxy, "proxy")
    if not trust_env or transport is not None or url.scheme != "https":
        return None
    environment = urllib.request.getproxies_environment()  # the *_proxy variables, lower case before upper
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]  # stdlib, not in typeshed
    if bypass(f"{url.host}:{url.port or 443}", environment):  # NO_PROXY
        return None
    for scheme in ("https", "all"):
        if environment.get(scheme):
            return checked_proxy(environment[scheme], f"the {scheme.upper()}_PROXY environment variable")
    return None


def checked_proxy(value: object, source: str) -> httpx.Proxy:
    """`value` as an httpx.Proxy; never quotes it: a proxy URL may hold a password."""
    proxy: httpx.Proxy | None = None
    if isinstance(value, httpx.Proxy):
        proxy = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError, TypeError, httpx.InvalidURL):  # their messages quote the URL: not raised
            proxy = httpx.Proxy(value)
    else:
        raise ConfigurationError(f"{source} must be a URL string or an httpx.Proxy, got {type(value).__name__}")
    if proxy is None or proxy.url.scheme not in ("http", "https") or not proxy.url.host or not _port_ok(proxy.url):
        raise ConfigurationError(
            f"{source} must be an http:// or https:// URL with a host, like http://user:password@proxy:3128 "
            "(SOCKS proxies are not supported; the value is not shown)"
        )
    return proxy


def _port_ok(url: httpx.URL) -> bool:
    return url.port is None or 0 < url.port < 65536


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The keyword arguments the CASHFREE_* environment variables give, for Cashfree.from_env().

    A signature expires within minutes, so none is read from the environment: CASHFREE_PUBLIC_KEY_PATH (the
    Merchant Dashboard's PEM) makes client_signature a PublicKeySigner of CASHFREE_CLIENT_ID instead.
    """
    env = os.environ if environ is None else environ
    names = {
        "client_id": ENV_CLIENT_ID,
        "client_secret": ENV_CLIENT_SECRET,
        "partner_api_key": ENV_PARTNER_API_KEY,
        "partner_merchant_id": ENV_PARTNER_MERCHANT_ID,
        "environment": ENV_ENVIRONMENT,
        "base_url": ENV_BASE_URL,
        "api_version": ENV_API_VERSION,
    }
    settings: dict[str, Any] = {argument: env[variable] for argument, variable in names.items() if env.get(variable)}
    if env.get(ENV_PUBLIC_KEY_PATH):
        if "client_id" not in settings:
            raise ConfigurationError(f"{ENV_PUBLIC_KEY_PATH} is set without {ENV_CLIENT_ID}, which it signs")
        from ._signature import PublicKeySigner

        settings["client_signature"] = PublicKeySigner(settings["client_id"], Path(env[ENV_PUBLIC_KEY_PATH]))
    if env.get(ENV_PROXY):
        settings["proxy"] = checked_proxy(env[ENV_PROXY], ENV_PROXY)
    return settings
