"""What every attempt of a call (_async_attempt.py, and _attempt.py written from it) shares: the call's deadline,
httpx's part of a send, and the body read as it arrives, decoded and capped.

The cap (`max_response_bytes`) is on the decoded body and holds while decompressing: gzip and deflate are
inflated here, at most one byte past the cap per piece of network data, so a small body that would decode to
gigabytes fails after decoding about the cap. httpx's own decoders inflate each network read whole (up to ~1000
times its 64 kB). The client asks only for what it decodes (`accept-encoding: gzip, deflate`); a body in any
other coding, or in several, is kept as it came, as httpx keeps codings it does not know.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from contextvars import ContextVar

import httpx

ACCEPT_ENCODING = "gzip, deflate"

# When the call running in this thread or task must end (time.monotonic()); set by the client around each call
# and read by the sockets of its network transport (_network.py).
call_deadline: ContextVar[float | None] = ContextVar("cashfree_instruments_call_deadline", default=None)


class BodyTooLarge(Exception):
    """Internal: the body passed the cap; the client raises ResponseTooLargeError with the response's metadata."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        super().__init__(limit)
        self.response = response
        self.limit = limit


_httpx_logger = logging.getLogger("httpx")


def sent(request: httpx.Request, response: httpx.Response) -> None:
    """What httpx.Client.send does to a response besides sending (its cookie jar keeps nothing: see _NoCookies)."""
    response.request = request
    if not _httpx_logger.isEnabledFor(logging.INFO):  # its arguments cost more than the check (several properties)
        return
    _httpx_logger.info(
        'HTTP Request: %s %s "%s %d %s"',
        request.method,
        request.url,
        response.http_version,
        response.status_code,
        response.reason_phrase,
    )


class Body:
    """A body decoded piece by piece, refusing to grow past the cap."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self._response = response
        self._limit = limit
        self._decode = _decoder(response)
        self._pieces: list[bytes] = []
        self._size = 0

    def add(self, raw: bytes) -> None:
        piece = self._decode(raw, self._limit - self._size)
        self._size += len(piece)
        if self._size > self._limit:
            raise BodyTooLarge(self._response, self._limit)
        self._pieces.append(piece)

    def content(self) -> bytes:
        return b"".join(self._pieces)


def keep(response: httpx.Response, body: bytes, limit: int) -> None:
    if len(body) > limit:
        raise BodyTooLarge(response, limit)
    # What httpx's own read() sets. A new stream over the body also drops the response's reference to the
    # connection pool (and its stream's back-reference to the response), so nothing keeps the pool alive, and
    # httpcore's stream, which keeps the request as sent (credentials included: GuardedTransport), is not handed out.
    response._content = body
    response.stream = httpx.ByteStream(body)


Decode = Callable[[bytes, int], bytes]  # (raw piece, bytes of room left) -> at most room + 1 decoded bytes


def _decoder(response: httpx.Response) -> Decode:
    if "content-encoding" not in response.headers:  # the usual case, in one scan of the headers
        return _as_is
    codings = [
        coding
        for coding in (value.strip().lower() for value in response.headers.get_list("content-encoding", True))
        if coding not in ("", "identity")
    ]
    if codings in (["gzip"], ["x-gzip"]):
        return _Inflater(zlib.MAX_WBITS | 16).decode
    if codings == ["deflate"]:
        return _Inflater(zlib.MAX_WBITS, raw_fallback=True).decode
    return _as_is


def _as_is(data: bytes, room: int) -> bytes:
    return data


class _Inflater:
    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback  # "deflate" may come without its zlib wrapper: try raw once, as httpx does

    def decode(self, data: bytes, room: int) -> bytes:
        first, self._raw_fallback = self._raw_fallback, False
        try:
            # At most room + 1 bytes: one more than fits tells that the body is too large. Less than that means
            # every input byte was used (zlib stops early only when the output is full).
            return self._inflate.decompress(data, room + 1)
        except zlib.error as exc:
            if first:
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(data, room)
            raise httpx.DecodingError(f"cannot decode the response body: {exc}") from None
