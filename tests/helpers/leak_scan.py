"""Looking for secrets and card data where an error tracker or a debugger can reach them.

`frame_leaks(exc, needles)`: the local variables of every frame of this package (and of code it generates at run
time: the compiled model readers, attrs and dataclass __init__s) in the traceback of `exc` and of every exception of
its __cause__ / __context__ chain. Each local is scanned as an error tracker shows it (Sentry, rich or structlog
tracebacks with locals): strings and bytes as they are, dicts, lists, tuples and sets item by item, any other object
by its repr() -- and, further than those trackers go, the attributes (__dict__ and __slots__) of objects that have no
repr of their own, to a depth of six.

`object_leaks(root, needles)`: everything reachable from `root` through containers and every object's attributes,
whatever its repr, to a depth of twelve: what a caller holding a response or an error can get at.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from types import FrameType
from typing import Any

import cashfree_instruments
import cashfree_instruments_generated

PACKAGE_DIRS = tuple(
    os.path.dirname(package.__file__) + os.sep for package in (cashfree_instruments, cashfree_instruments_generated)
)
_LEAVES = (int, float, complex, bool, type(None), type)


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and every exception reachable through __cause__ and __context__, each once."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def is_package_code(filename: str) -> bool:
    if filename.startswith(PACKAGE_DIRS):
        return True
    return filename.startswith("<") and not filename.startswith("<frozen")  # code generated at run time


def package_frames(exc: BaseException) -> Iterator[FrameType]:
    for current in exception_chain(exc):
        tb = current.__traceback__
        while tb is not None:
            if is_package_code(tb.tb_frame.f_code.co_filename):
                yield tb.tb_frame
            tb = tb.tb_next


def frame_leaks(exc: BaseException, needles: Mapping[str, str]) -> list[str]:
    """Where a needle shows in the locals of a frame of this package in `exc`'s tracebacks, as "what in where"."""
    leaks = []
    for frame in package_frames(exc):
        place = f"{frame.f_code.co_name} ({os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno})"
        for name, value in frame.f_locals.items():
            for what in _scan(value, needles, expand_all=False):
                leaks.append(f"{what} in local {name!r} of {place}")
    return leaks


def object_leaks(root: Any, needles: Mapping[str, str]) -> list[str]:
    """Which needles are reachable from `root` through containers and any object's attributes (12 deep: from a
    response to the headers of the request httpcore's pool sent is 9)."""
    return sorted(set(_scan(root, needles, expand_all=True, max_depth=12)))


def _scan(root: Any, needles: Mapping[str, str], *, expand_all: bool, max_depth: int = 6) -> Iterator[str]:
    seen: set[int] = set()
    pending: list[tuple[Any, int]] = [(root, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, _LEAVES) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, str | bytes | bytearray | memoryview):
            yield from _matches(bytes(value) if not isinstance(value, str) else value, needles)
            continue
        if depth >= max_depth:
            continue
        if isinstance(value, Mapping):
            pending.extend((item, depth + 1) for pair in list(value.items()) for item in pair)
            continue
        if isinstance(value, list | tuple | set | frozenset):
            pending.extend((item, depth + 1) for item in list(value))
            continue
        if not expand_all:
            yield from _matches(_safe_repr(value), needles)
        if expand_all or type(value).__repr__ is object.__repr__:
            pending.extend((item, depth + 1) for item in _attributes(value))


def _attributes(value: Any) -> list[Any]:
    attributes = list(getattr(value, "__dict__", {}).values())
    for cls in type(value).__mro__:
        for slot in cls.__dict__.get("__slots__", ()):
            if slot not in ("__dict__", "__weakref__") and hasattr(value, slot):
                attributes.append(getattr(value, slot))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        attributes.extend(getattr(value, field.name, None) for field in dataclasses.fields(value))
    return attributes


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception as exc:  # a broken repr shows nothing but its failure
        return f"<repr failed: {type(exc).__name__}>"


def _matches(text: str | bytes, needles: Mapping[str, str]) -> Iterator[str]:
    for name, needle in needles.items():
        if (needle if isinstance(text, str) else needle.encode()) in text:
            yield name
