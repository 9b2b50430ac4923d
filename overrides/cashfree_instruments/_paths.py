"""Path and header safety: ids are single path segments, and nothing leaves for a path outside the spec."""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import unquote

import httpx

from ._errors import InvalidArgumentError

if TYPE_CHECKING:
    from cashfree_instruments_generated.api import OperationDescriptor

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
    return value


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


def idempotency_key(value: str | uuid.UUID | None) -> str:
    """The caller's idempotency key as Cashfree expects it (a UUID), or a new uuid4."""
    if value is None:
        return str(uuid.uuid4())
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


def check_route(request: httpx.Request, base_path: str) -> None:
    """Refuse a request that is not one of the spec's four operations under `base_path`."""
    raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
    relative = raw_path[len(base_path) :] if raw_path.startswith(base_path + "/") else None
    # A dot segment, also percent-encoded ("%2e%2e"): servers and proxies may resolve it to another path.
    if relative is not None and all(unquote(seg) not in (".", "..") for seg in relative.split("/")):
        for methods, pattern in _routes():
            if pattern.fullmatch(relative) and request.method in methods:
                return
    raise InvalidArgumentError(
        f"refused to send {request.method} {raw_path}: not one of the Cashfree instrument operations"
    )


class GuardedTransport(httpx.BaseTransport):
    """Wraps a transport so that only the spec's operations under the base path are sent."""

    def __init__(self, inner: httpx.BaseTransport, base_path: str) -> None:
        self._inner = inner
        self._base_path = base_path

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_route(request, self._base_path)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of GuardedTransport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, base_path: str) -> None:
        self._inner = inner
        self._base_path = base_path

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        check_route(request, self._base_path)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
