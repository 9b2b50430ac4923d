"""Path and header safety: ids are single path segments, and nothing leaves for a path outside the spec or another
origin than the configured one; only what may leave gets the credentials."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

import httpx

from ._errors import InvalidArgumentError

if TYPE_CHECKING:
    import uuid

    from cashfree_instruments_generated.api import OperationDescriptor

    from ._credentials import Credentials

MAX_ID_LENGTH = 512
MAX_HEADER_VALUE_LENGTH = 256
_BAD_ID_CATEGORIES = frozenset({"Cc", "Cs"})  # control characters, lone surrogates (not encodable)


def path_segment(name: str, value: str) -> str:
    """Check that `value` can travel as one path segment; the generated code percent-encodes it."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name} must be a string, not {type(value).__name__}")
    if value in ("", ".", ".."):
        raise InvalidArgumentError(f"{name} must be a non-empty id other than '.' and '..', got {value!r}")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidArgumentError(f"{name} is longer than {MAX_ID_LENGTH} characters")
    # isprintable() is False for every Cc and Cs character: a printable id (the usual case) needs no per-character look.
    if not value.isprintable() and any(unicodedata.category(ch) in _BAD_ID_CATEGORIES for ch in value):
        raise InvalidArgumentError(f"{name} holds control characters")
    if _reads_as_another_path(value):
        raise InvalidArgumentError(
            f"{name} must not hold '/' or '\\', nor what reads as them or as '.' / '..' once normalized (NFKC)"
        )
    return value


def _reads_as_another_path(segment: str) -> bool:
    """Whether a front end could read this segment as another path: it holds a '/' or '\\' (sent as %2F or %5C,
    which some front ends decode), or it does, or is '.' or '..', once NFKC applies (which some front ends do:
    U+2024 ONE DOT LEADER, U+FF0E FULLWIDTH FULL STOP, U+FF0F FULLWIDTH SOLIDUS...)."""
    if "/" in segment or "\\" in segment:
        return True
    if segment.isascii():
        return False
    folded = unicodedata.normalize("NFKC", segment)
    return folded in (".", "..") or "/" in folded or "\\" in folded


def header_value(name: str, value: str) -> str:
    """Check a caller-supplied header value: printable ASCII only, so no header injection."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name} must be a string, not {type(value).__name__}")
    if not value or len(value) > MAX_HEADER_VALUE_LENGTH:
        raise InvalidArgumentError(f"{name} must be 1 to {MAX_HEADER_VALUE_LENGTH} characters")
    if any(not (0x20 <= ord(ch) <= 0x7E) for ch in value):
        raise InvalidArgumentError(f"{name} must be printable ASCII (no control characters, CR or LF)")
    if value[0] == " " or value[-1] == " ":  # HTTP/1.1 drops such spaces, and h11 refuses to send them
        raise InvalidArgumentError(f"{name} must not start or end with a space")
    return value


_VARIANT = dict(zip("0123456789abcdef", "89ab" * 4, strict=True))  # a hex digit with the RFC 4122 variant's bits


def uuid4_text(random: bytes | None = None) -> str:
    """str(uuid.uuid4()) (or of uuid.UUID(bytes=random, version=4)) without the uuid module: a third of the time,
    and `import uuid` imports platform (~6 ms). Request ids and new idempotency keys are these."""
    h = (os.urandom(16) if random is None else random).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


def idempotency_key(value: str | uuid.UUID | None) -> str:
    """The caller's idempotency key as Cashfree expects it (a UUID), or a new uuid4."""
    if value is None:
        return uuid4_text()
    import uuid  # only for a key of the caller's

    if isinstance(value, uuid.UUID):
        return str(value)
    header_value("idempotency_key", value)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidArgumentError("idempotency_key must be a UUID") from None


_PARAMETER = re.compile(r"\{([^}]*)\}")


def path_pattern(template: str) -> re.Pattern[str]:
    """What the raw paths of a path template match: each parameter one non-empty segment, a group by its name."""
    parts = _PARAMETER.split(template)  # literal text, parameter name, literal text, ...
    return re.compile("".join(f"(?P<{part}>[^/]+)" if n % 2 else re.escape(part) for n, part in enumerate(parts)))


def routes_of(descriptors: Iterable[OperationDescriptor]) -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    """For each path template of `descriptors`: its methods, and a pattern its paths (one segment an id) match."""
    methods: dict[str, set[str]] = {}
    for descriptor in descriptors:
        methods.setdefault(descriptor.path_template, set()).add(descriptor.method)
    return tuple((frozenset(names), path_pattern(template)) for template, names in methods.items())


@functools.cache
def _routes() -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    from cashfree_instruments_generated.api import OPERATIONS  # the first request loads it, not the import

    return routes_of(OPERATIONS)


def check_origin(request: httpx.Request, origin: httpx.URL) -> None:
    """Refuse a request to another scheme, host or port than `origin`'s (a redirect's, an absolute URL's)."""
    url = request.url
    if (url.scheme, url.raw_host, url.port) != (origin.scheme, origin.raw_host, origin.port):
        raise InvalidArgumentError(
            f"refused to send {request.method} to {_origin_text(url)}: the client sends only to {_origin_text(origin)}"
        )


def _origin_text(url: httpx.URL) -> str:
    port = "" if url.port is None else f":{url.port}"
    return f"{url.scheme}://{url.host}{port}"  # never the userinfo


def check_route(request: httpx.Request, base_path: str) -> None:
    """Refuse a request that is not one of the spec's four operations under `base_path`."""
    raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
    relative = raw_path[len(base_path) :] if raw_path.startswith(base_path + "/") else None
    # A dot segment, also percent-encoded ("%2e%2e"), or an id that reads as another path (see path_segment):
    # servers and proxies may resolve it to another path.
    if relative is not None and not any(_dot_or_path(seg) for seg in relative.split("/")):
        for methods, pattern in _routes():
            if pattern.fullmatch(relative) and request.method in methods:
                return
    raise InvalidArgumentError(
        f"refused to send {request.method} {raw_path}: not one of the Cashfree instrument operations"
    )


def _dot_or_path(segment: str) -> bool:
    if "%" in segment:
        segment = unquote(segment)
    return segment in (".", "..") or _reads_as_another_path(segment)


class Destination(Protocol):
    """Where a client sends, and with what: a ClientConfig is one."""

    @property
    def base_url(self) -> str: ...

    @property
    def base_path(self) -> str: ...

    @property
    def credentials(self) -> Credentials: ...


class _Guard:
    """What both guarded transports do to each request before it leaves: check its origin, give it the credentials
    (on a copy: the caller's request, which httpx hands back as `response.request`, never holds them), check its
    route. The credentials go on no request but those, whatever the pool is asked to send and wherever a redirect
    the caller chose to follow points."""

    __slots__ = ("_base_path", "_credential_names", "_credentials", "_origin")

    def __init__(self, config: Destination) -> None:
        self._origin = httpx.URL(config.base_url)
        self._base_path = config.base_path
        # As httpx.Headers holds each header: (name, lower-case name, value).
        credentials = config.credentials.headers().items()
        self._credentials = [(name.encode(), name.encode().lower(), value.encode()) for name, value in credentials]
        self._credential_names = frozenset(lower for _, lower, _ in self._credentials)  # the caller's own are replaced

    def __repr__(self) -> str:
        return f"_Guard(origin={_origin_text(self._origin)!r}, base_path={self._base_path!r})"

    def authenticated(self, request: httpx.Request) -> httpx.Request:
        check_origin(request, self._origin)
        kept = [item for item in request.headers._list if item[1] not in self._credential_names]
        # The request as it is (its body stream, and the body if read: a transport may send .content without
        # reading), with other headers and extensions of its own, as httpx.Request(..., extensions=) copies them.
        sent = object.__new__(httpx.Request)
        sent.__dict__.update(request.__dict__)
        sent.headers = _headers_of(kept + self._credentials)  # in no list or mapping local to this frame
        sent.extensions = dict(request.extensions)
        check_route(sent, self._base_path)
        return sent


def _headers_of(items: list[tuple[bytes, bytes, bytes]]) -> httpx.Headers:
    """What httpx.Headers makes of headers it holds as `items` (name, lower-case name, value), without normalising
    each again: about a fifth of the guard's time."""
    headers = httpx.Headers()
    headers._list = items
    return headers


class GuardedTransport(httpx.BaseTransport):
    """Wraps a transport so that only the spec's operations, at the configured origin, are sent: with the client's
    credentials, which the client's own requests do not hold."""

    def __init__(self, inner: httpx.BaseTransport, config: Destination) -> None:
        self._inner = inner
        self._guard = _Guard(config)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(self._guard.authenticated(request))

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of GuardedTransport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, config: Destination) -> None:
        self._inner = inner
        self._guard = _Guard(config)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(self._guard.authenticated(request))

    async def aclose(self) -> None:
        await self._inner.aclose()
