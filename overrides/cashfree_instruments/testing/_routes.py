"""Which operation a request path names: the generated descriptors' path templates, under the API's /pg.

Ids are single percent-encoded segments, decoded one by one.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from attrs import frozen

from cashfree_instruments_generated.api import OPERATIONS, OperationDescriptor

from .._paths import path_pattern

BASE_PATH = "/pg"


@frozen
class Route:
    """The operations a path offers, by method, and the path's parameters (decoded), by name."""

    operations: dict[str, OperationDescriptor]
    ids: dict[str, str]


def _by_template() -> dict[str, dict[str, OperationDescriptor]]:
    found: dict[str, dict[str, OperationDescriptor]] = {}
    for operation in OPERATIONS:
        found.setdefault(operation.path_template, {})[operation.method] = operation
    return found


_ROUTES = tuple((path_pattern(template), operations) for template, operations in _by_template().items())

# Every printable ASCII character but space stays as sent, so existing %-escapes keep their meaning.
_KEEP = "".join(chr(c) for c in range(0x21, 0x7F))


def quote_target(target: str) -> str:
    """A request target as the server read it (latin-1 text), with other characters percent-encoded."""
    return quote(target.encode("latin-1", "replace"), safe=_KEEP)


def raw_path(target: bytes) -> str:
    """The path of a raw request target, still percent-encoded."""
    return target.split(b"?", 1)[0].decode("ascii", "replace")


def route(path: str) -> Route | None:
    """The route of a raw (percent-encoded) path under /pg, or None when the path names no operation."""
    if not path.startswith(BASE_PATH + "/"):
        return None
    for pattern, operations in _ROUTES:
        # Match before decoding: an id may hold an encoded '/'.
        if found := pattern.fullmatch(path, len(BASE_PATH)):
            return Route(operations, {name: unquote(v, errors="replace") for name, v in found.groupdict().items()})
    return None
