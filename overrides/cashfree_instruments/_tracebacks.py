"""Raising without the frames that hold credentials, so error trackers do not upload them.

Error trackers (Sentry by default, rich and structlog tracebacks with locals) send the local variables of every frame
in a raised exception's traceback, and in its __cause__ / __context__ chain's. A client's constructor holds the
credentials in its parameters, and so does every function they pass through on the way to their check.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def credentials_out_of_tracebacks(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, raising what it raises from the wrapper's frame alone: the frames of `function` and below, which
    hold its arguments, are cut from the traceback, and the tracebacks of the exception's chain are dropped (their
    types and messages stay). The wrapper's own frame keeps no argument."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except Exception as exc:
            error = exc
        del args, kwargs
        _drop_tracebacks(error)
        raise error  # outside the except block: no __context__ is added

    return wrapper


def _drop_tracebacks(error: BaseException) -> None:
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        pending.extend(linked for linked in (current.__cause__, current.__context__) if linked is not None)
