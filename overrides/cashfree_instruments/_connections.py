"""Who may use a client's connection pool: one process (fork), and for AsyncCashfree one event loop at a time.

Imports no asyncio at module level (synchronous users would pay ~15 ms for nothing); the async parts import it
when they run.
"""

from __future__ import annotations

import math
import os
import threading
import warnings
from collections import deque
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._async_attempt import async_exchange
from ._attempt import exchange
from ._errors import UsageError

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
HttpT = TypeVar("HttpT", bound=httpx.Client | httpx.AsyncClient)

_forks = 0  # forks this process descends from: a pool made under an older count is an ancestor's


def _count_fork() -> None:
    global _forks
    _forks += 1


if hasattr(os, "register_at_fork"):  # every platform with os.fork
    os.register_at_fork(after_in_child=_count_fork)


class _SharedPool(Generic[HttpT]):
    """What Pool and AsyncPool share: the client they build (again in a forked child), closing, the warning."""

    def __init__(self, build: Callable[[], HttpT], owner: str, *, warn_unclosed: bool) -> None:
        self.closed = True  # until built: __del__ has nothing to warn about if build() fails
        self._build: Callable[[], HttpT] = build
        self._owner = owner
        self._warn_unclosed = warn_unclosed
        self._http: HttpT = build()
        self._forks = _forks
        self.closed = False

    def _refuse_if_closed(self) -> None:
        if self.closed:
            raise UsageError(f"this {self._owner} client is closed: make a new one (nothing was sent)")

    def __del__(self) -> None:
        if self._warn_unclosed and not self.closed:
            warnings.warn(_UNCLOSED.format(self._owner), ResourceWarning, source=self, stacklevel=2)


_UNCLOSED = "unclosed {} client: close() it, or use it as a context manager (`with` / `async with`)"


class Pool(_SharedPool[httpx.Client]):
    """The httpx.Client that a Cashfree and its with_options() clients share.

    A forked child builds its own at its first call: a socket shared with the parent would hand each process
    the other's responses. The parent's client is left alone in the child, not closed: its locks may be held
    by threads that did not survive the fork, and its sockets are the parent's.
    """

    def http(self) -> httpx.Client:
        """This process's httpx client, closed or not."""
        if self._forks != _forks:
            self._http, self._forks = self._build(), _forks
        return self._http

    def for_call(self) -> httpx.Client:
        self._refuse_if_closed()
        return self.http()

    def exchange(self, http: httpx.Client, request: httpx.Request, limit: int) -> httpx.Response:
        """One attempt: `request` sent by `http` (this pool's), its body read (see _async_attempt)."""
        return exchange(http, request, limit)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self._forks == _forks:
                self._http.close()


class AsyncPool(_SharedPool[httpx.AsyncClient]):
    """The httpx.AsyncClient that an AsyncCashfree and its with_options() clients share, and its gate.

    Its connections belong to the event loop of its first call. Once that loop is closed (a second
    `asyncio.run()`), the next loop to call gets a new client; a call from any other loop while the first is
    still open is refused before anything is sent. A forked child builds its own, as Pool does.
    """

    def __init__(
        self, build: Callable[[], httpx.AsyncClient], owner: str, gate_size: int | None, *, warn_unclosed: bool
    ) -> None:
        super().__init__(build, owner, warn_unclosed=warn_unclosed)
        self._gate_size = gate_size
        self._gate = AsyncGate(gate_size)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._binding = threading.Lock()  # two threads' loops making their first calls at once

    def http(self) -> httpx.AsyncClient:
        """This process's httpx client, closed or not."""
        if self._forks != _forks:
            self._renew(None)
        return self._http

    def for_call(self) -> httpx.AsyncClient:
        """The httpx client for a call from the running event loop."""
        import asyncio

        self._refuse_if_closed()
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._forks != _forks:
            with self._binding:
                self._bind(loop)
        return self._http

    async def exchange(self, http: httpx.AsyncClient, request: httpx.Request, limit: int) -> httpx.Response:
        """One attempt through the gate of `http`, this loop's client from for_call() (see _async_attempt)."""
        pool_timeout = request.extensions["timeout"]["pool"]
        return await self._gate.run(partial(async_exchange, http, request, limit), pool_timeout)

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._forks != _forks:
            self._renew(loop)
        elif self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            if not self._loop.is_closed():
                raise UsageError(
                    f"this {self._owner} client is in use by another event loop, which is still open: "
                    "use one client per event loop (nothing was sent)"
                )
            self._renew(loop)  # the old loop's connections died with it

    def _renew(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self._http, self._gate, self._loop, self._forks = self._build(), AsyncGate(self._gate_size), loop, _forks

    async def aclose(self) -> None:
        import asyncio

        if self.closed:
            return
        self.closed = True
        if self._forks != _forks:
            return
        loop = self._loop
        if loop is None or loop is asyncio.get_running_loop():
            await self._http.aclose()
        elif not loop.is_closed():  # its connections are that loop's: close them there
            asyncio.run_coroutine_threadsafe(self._http.aclose(), loop)


class AsyncGate:
    """Lets at most `size` exchanges into the connection pool at once, first come first in, each in a task of its
    own that a cancellation of its caller does not reach.

    - httpcore 1.0.x's pool, which a proxy's connections still go through, rescans every request queued in it
      against every connection whenever a connection frees up: hundreds of concurrent calls on one client
      (tests/reliability/test_load.py) burn the CPU there and end in PoolTimeouts. Waiting here is cheap, and
      bounded by the pool timeout.
    - httpcore's pool loses a connection for good when a request is cancelled at one of several points of its
      clean-up (encode/httpcore#830 and #1093, fixes unmerged): after a few hundred cancelled calls every call
      waited for a connection that never came. So a cancelled call returns at once, but an exchange already in
      the pool runs on in its task until it ends (within its timeouts and the call's deadline), and the pool
      never sees a cancellation. A call cancelled while it waits here is not sent.
    """

    def __init__(self, size: int | None) -> None:
        self._free: float = math.inf if size is None else size
        self._waiters: deque[asyncio.Future[None]] = deque()  # free > 0 only when none waits

    async def run(self, exchange: Callable[[], Awaitable[T]], pool_timeout: float | None) -> T:
        import asyncio

        await self._acquire(pool_timeout)
        try:
            task = asyncio.ensure_future(self._release_after(exchange()))
        except BaseException:
            self._release()
            raise
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            task.add_done_callback(_forget)
            raise

    async def _acquire(self, timeout: float | None) -> None:
        import asyncio

        if self._free > 0:
            self._free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                try:
                    await waiter
                except BaseException:
                    if waiter.done() and not waiter.cancelled():  # given a place just as it stopped waiting
                        self._release()
                    raise
        except TimeoutError:
            raise httpx.PoolTimeout("no free connection within the pool timeout") from None

    def _release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():  # a cancelled waiter is skipped
                waiter.set_result(None)
                return
        self._free += 1

    async def _release_after(self, exchange: Awaitable[T]) -> T:
        try:
            return await exchange
        finally:
            self._release()


def _forget(task: asyncio.Future[Any]) -> None:
    """The outcome of an exchange whose caller was cancelled: nobody wants it (retrieving it keeps asyncio quiet)."""
    if not task.cancelled():
        task.exception()
