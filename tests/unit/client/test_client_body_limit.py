"""Issue #11 (bounded resources): a response body is capped at `max_response_bytes` once decoded, while it arrives.

A gzip bomb (a small compressed body that decodes to far more) must fail with ResponseTooLargeError, naming the
limit and not the content, after decoding no more than about the limit: memory is measured with tracemalloc
(allocations, not time). Bodies at the limit still succeed; gzip and deflate still decode.
"""

from __future__ import annotations

import gzip
import json
import struct
import tracemalloc
import zlib
from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    DEFAULT_MAX_RESPONSE_BYTES,
    APIResponseValidationError,
    AsyncCashfree,
    Cashfree,
    ConfigurationError,
    ResponseTooLargeError,
)
from tests.helpers.client import CARD_NUMBER, CLIENT_CLASSES, CRYPTOGRAM, Server, call, make_client, run
from tests.helpers.fault_server import FaultServer, Respond

MiB = 1024 * 1024


def gzip_bomb(decoded: int) -> bytes:
    """A valid gzip body of `decoded` zero bytes (a multiple of 1 MiB), about decoded / 1000 bytes long.

    After a full flush the compressor starts afresh, so every further MiB of zeros compresses to the same bytes:
    the body is built without compressing all of it.
    """
    zeros = bytes(MiB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    more = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(decoded // MiB):
        crc = zlib.crc32(zeros, crc)
    final_empty_block = b"\x03\x00"
    return first + more * (decoded // MiB - 1) + final_empty_block + struct.pack("<II", crc, decoded % 2**32)


def test_the_bomb_is_a_valid_gzip_body() -> None:
    bomb = gzip_bomb(3 * MiB)
    assert gzip.decompress(bomb) == bytes(3 * MiB)
    assert len(gzip_bomb(64 * MiB)) < 80 * 1024


def over_http(client_class: type[Any], base_url: str, **options: Any) -> Any:
    """The cryptogram call's result or the exception it raised, through a real socket."""
    try:
        if client_class is Cashfree:
            with Cashfree("id", "secret", base_url=base_url, max_retries=1, **options) as cf:
                return cf.instruments.cryptogram("cust_1", "inst_1")

        async def main() -> Any:
            async with AsyncCashfree("id", "secret", base_url=base_url, max_retries=1, **options) as acf:
                return await acf.instruments.cryptogram("cust_1", "inst_1")

        return run(main())
    except Exception as exc:
        return exc


@CLIENT_CLASSES
def test_a_gzip_bomb_fails_after_decoding_about_the_limit(client_class: type[Any]) -> None:
    bomb = Respond(200, gzip_bomb(64 * MiB), (("content-type", "application/json"), ("content-encoding", "gzip")))
    with FaultServer([bomb]) as server:
        tracemalloc.start()
        try:
            outcome = over_http(client_class, server.base_url, max_response_bytes=MiB)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        requests = server.requests
    assert type(outcome) is ResponseTooLargeError, repr(outcome)
    assert isinstance(outcome, APIResponseValidationError)
    assert f"max_response_bytes ({MiB} bytes)" in str(outcome)
    assert outcome.status_code == 200
    assert outcome.metadata.attempts == 1  # not retried
    assert len(requests) == 1
    assert peak < 16 * MiB, f"{peak / MiB:.1f} MiB allocated while reading a body capped at 1 MiB"


@CLIENT_CLASSES
def test_the_default_limit_holds_against_a_big_bomb(client_class: type[Any]) -> None:
    """The issue's case, scaled to a shared machine: 256 KiB of gzip that decode to 256 MiB, default limit."""
    bomb = Respond(200, gzip_bomb(256 * MiB), (("content-type", "application/json"), ("content-encoding", "gzip")))
    with FaultServer([bomb]) as server:
        tracemalloc.start()
        try:
            outcome = over_http(client_class, server.base_url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert type(outcome) is ResponseTooLargeError, repr(outcome)
    assert f"({DEFAULT_MAX_RESPONSE_BYTES} bytes)" in str(outcome)
    assert peak < 4 * DEFAULT_MAX_RESPONSE_BYTES


def padded_cryptogram(size: int) -> bytes:
    """A cryptogram body of exactly `size` bytes."""
    base = json.dumps({**CRYPTOGRAM, "padding": ""}).encode()
    body = json.dumps({**CRYPTOGRAM, "padding": "x" * (size - len(base))}).encode()
    assert len(body) == size
    return body


@CLIENT_CLASSES
@pytest.mark.parametrize("encoding", [None, "gzip", "deflate", "raw-deflate"])
def test_a_body_at_the_limit_is_read_one_byte_more_is_not(client_class: type[Any], encoding: str | None) -> None:
    limit = 64 * 1024

    def respond(body: bytes) -> Respond:
        headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
        if encoding == "gzip":
            body = gzip.compress(body)
        elif encoding == "deflate":
            body = zlib.compress(body)
        elif encoding == "raw-deflate":  # deflate without its zlib wrapper, as some servers send it
            compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            body = compressor.compress(body) + compressor.flush()
        if encoding is not None:
            headers += (("content-encoding", encoding.removeprefix("raw-")),)
        return Respond(200, body, headers)

    with FaultServer([respond(padded_cryptogram(limit)), respond(padded_cryptogram(limit + 1))]) as server:
        at_limit = over_http(client_class, server.base_url, max_response_bytes=limit)
        over_limit = over_http(client_class, server.base_url, max_response_bytes=limit)
    assert at_limit.card_number == CARD_NUMBER
    assert type(over_limit) is ResponseTooLargeError
    assert f"({limit} bytes)" in str(over_limit)


@CLIENT_CLASSES
def test_an_error_body_over_the_limit(client_class: type[Any]) -> None:
    page = Respond(500, b"<html>" + CARD_NUMBER.encode() + b" " * (2 * MiB), (("content-type", "text/html"),))
    with FaultServer([page]) as server:
        outcome = over_http(client_class, server.base_url, max_response_bytes=MiB)
        requests = server.requests
    assert type(outcome) is ResponseTooLargeError
    assert outcome.status_code == 500
    assert len(requests) == 1  # a body too large is not retried, whatever the status
    assert CARD_NUMBER not in str(outcome)
    assert "<html" not in str(outcome)


@CLIENT_CLASSES
def test_limit_on_a_transport_that_reads_bodies_itself(client_class: type[Any]) -> None:
    """httpx.MockTransport hands over bodies already read: the limit still applies."""
    server = Server(httpx.Response(200, content=padded_cryptogram(2048)))
    assert call(make_client(client_class, server, max_response_bytes=2048), "cryptogram", "c", "i").card_number
    with pytest.raises(ResponseTooLargeError, match=r"\(2047 bytes\)"):
        call(make_client(client_class, server, max_response_bytes=2047), "cryptogram", "c", "i")


@CLIENT_CLASSES
def test_limit_in_with_options(client_class: type[Any]) -> None:
    server = Server(httpx.Response(200, content=padded_cryptogram(2048)))
    cf = make_client(client_class, server, max_response_bytes=1024)
    assert cf.max_response_bytes == 1024
    assert make_client(client_class).max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
    assert call(cf.with_options(max_response_bytes=4096), "cryptogram", "c", "i").card_number == CARD_NUMBER
    with pytest.raises(ResponseTooLargeError):
        call(cf, "cryptogram", "c", "i")


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "1024", None])
def test_a_bad_limit_is_refused(client_class: type[Any], bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        make_client(client_class, max_response_bytes=bad)
    if bad is not None:
        with pytest.raises(ConfigurationError, match="max_response_bytes"):
            make_client(client_class).with_options(max_response_bytes=bad)


@CLIENT_CLASSES
def test_only_decodable_encodings_are_asked_for(client_class: type[Any]) -> None:
    server = Server()
    call(make_client(client_class, server), "get", "c", "i")
    assert server.last.headers["accept-encoding"] == "gzip, deflate"
