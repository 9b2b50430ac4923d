"""Idempotency keys: a key replays its first answer for the same request, and is refused for another one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from ._replies import Reply


class Conflict(Exception):
    """The key was first used with a different request."""


class IdempotencyKeys:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._first: dict[tuple[str, str], tuple[Hashable, Reply]] = {}

    def run(self, scope: str, key: str, request: Hashable, answer: Callable[[], Reply]) -> tuple[Reply, bool]:
        """The reply for `request` sent with `key` by `scope` (a client id), and whether it is a replay.

        Raises Conflict when `scope` used `key` for a different request. The lock is held while answering, so
        two concurrent calls with one key give one answer, not two.
        """
        with self._lock:
            first = self._first.get((scope, key))
            if first is not None:
                if first[0] != request:
                    raise Conflict
                return first[1], True
            reply = answer()
            self._first[(scope, key)] = (request, reply)
            return reply, False
