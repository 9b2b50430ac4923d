"""A scriptable, misbehaving HTTP/1.1 server on 127.0.0.1 for the reliability tests (stdlib only).

Each request the server reads takes the next behaviour of its script (the last one repeats once the script is
used up): answer normally, reset the connection after N bytes, close it cleanly after N bytes, stall, dribble
the answer a byte at a time, send interim `102 Processing` responses, or close without answering. Every
request is recorded (method, target, headers) before its behaviour runs.

    with FaultServer([Stall(5), Respond(200, body=b"[]")]) as server:
        Cashfree(..., base_url=server.base_url, timeout=0.5).instruments.list("c")

Robust by construction: every socket has a short timeout, every wait watches the stop event and is bounded,
and stop() (also on leaving the `with`) closes the listening socket and every connection, then joins the
threads, so a misbehaving client or test can never hang the suite.
"""

from __future__ import annotations

import contextlib
import gzip
import http
import json
import selectors
import socket
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_POLL = 0.05  # seconds: how often blocked loops look at the stop event
_MAX_IDLE = 10.0  # seconds a connection may stay idle (waiting for a request) before the server drops it
_MAX_HEAD = 64 * 1024  # bytes of request line + headers


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    target: str  # as sent: percent-encoded path and query
    headers: dict[str, str]  # names lower case; a repeated header keeps its last value
    raw_headers: tuple[tuple[str, str], ...]  # every header line, as sent (names as sent)
    body: bytes
    connection: int  # 1-based number of the connection it came on
    at: float  # time.monotonic() when it was read

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


# -- behaviours -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Respond:
    """Answer with this status, headers and body. A content-length is added unless `headers` has one."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
    reason: str | None = None  # default: the standard phrase ("Unknown" for a non-standard status)
    close: bool = False  # send `connection: close` and close after answering

    def encode(self) -> bytes:
        reason = self.reason
        if reason is None:
            try:
                reason = http.HTTPStatus(self.status).phrase
            except ValueError:
                reason = "Unknown"
        lines = [f"HTTP/1.1 {self.status} {reason}"]
        names = {name.lower() for name, _ in self.headers}
        lines += [f"{name}: {value}" for name, value in self.headers]
        if "content-length" not in names and "transfer-encoding" not in names:
            lines.append(f"content-length: {len(self.body)}")
        if self.close:
            lines.append("connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


@dataclass(frozen=True)
class Reset:
    """Send the first `after` bytes of `response`, then reset the connection (TCP RST)."""

    response: Respond
    after: int


@dataclass(frozen=True)
class CloseAfter:
    """Send the first `after` bytes of `response`, then close the connection cleanly (FIN): a short body."""

    response: Respond
    after: int


@dataclass(frozen=True)
class Stall:
    """Say nothing for `seconds` (or until the server stops), then send `response`, or close if there is none."""

    seconds: float
    response: Respond | None = None


@dataclass(frozen=True)
class Dribble:
    """Send `response` `chunk` bytes at a time, `delay` seconds apart."""

    response: Respond
    delay: float
    chunk: int = 1


@dataclass(frozen=True)
class Close:
    """Close the connection without answering."""


@dataclass(frozen=True)
class Interim:
    """Send `count` interim `102 Processing` responses, `every` seconds apart, then `response` (or close)."""

    count: int
    every: float
    response: Respond | None = None


Behaviour = Respond | Reset | CloseAfter | Stall | Dribble | Close | Interim


# -- response builders ----------------------------------------------------------------------------------------


def json_response(status: int, body: Any, *headers: tuple[str, str], content_type: str = "application/json") -> Respond:
    return Respond(status, json.dumps(body).encode(), (("content-type", content_type), *headers))


def gzip_response(status: int, body: Any) -> Respond:
    content = gzip.compress(json.dumps(body).encode())
    return Respond(status, content, (("content-type", "application/json"), ("content-encoding", "gzip")))


def cashfree_error(status: int, message: str, code: str, type_: str, *headers: tuple[str, str]) -> Respond:
    return json_response(status, {"message": message, "code": code, "type": type_}, *headers)


# -- the server -----------------------------------------------------------------------------------------------


class FaultServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 (port 0) that runs a script of behaviours, one per request."""

    def __init__(self, script: Sequence[Behaviour], *, base_path: str = "/pg") -> None:
        if not script:
            raise ValueError("the script needs at least one behaviour")
        self._script = list(script)
        self._next = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._requests: list[RecordedRequest] = []
        self._connections: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._accepted = 0
        self._closed = 0
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._listener.setblocking(False)
        self._wake_reader, self._wake_writer = socket.socketpair()  # stop() wakes the accept loop through it
        self.port: int = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}{base_path}"
        self._acceptor = threading.Thread(target=self._accept_loop, name=f"fault-server-{self.port}", daemon=True)
        self._acceptor.start()

    # -- what happened ---------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def connections(self) -> int:
        with self._lock:
            return self._accepted

    @property
    def closed_connections(self) -> int:
        """Connections the server has closed (after a behaviour that ends the connection, or at stop())."""
        with self._lock:
            return self._closed

    # -- lifecycle -------------------------------------------------------------------------------------------

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop accepting, close every socket and join every thread (each join bounded)."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"x")
        self._acceptor.join(timeout=5)
        self._listener.close()
        self._wake_reader.close()
        self._wake_writer.close()
        with self._lock:
            connections, threads = list(self._connections), list(self._threads)
        for conn in connections:  # wakes a serving thread; the thread itself closes its socket
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(timeout=5)
        for conn in connections:
            _close(conn)

    # -- internals -------------------------------------------------------------------------------------------

    def _take(self) -> Behaviour:
        with self._lock:
            behaviour = self._script[min(self._next, len(self._script) - 1)]
            self._next += 1
            return behaviour

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self._stop.is_set():
                if not selector.select(timeout=_POLL) or self._stop.is_set():
                    continue
                try:
                    conn, _ = self._listener.accept()
                except (BlockingIOError, OSError):
                    continue
                conn.setblocking(True)
                conn.settimeout(_POLL)
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with self._lock:
                    self._accepted += 1
                    number = self._accepted
                    self._connections.append(conn)
                    thread = threading.Thread(target=self._serve, args=(conn, number), daemon=True)
                    self._threads.append(thread)
                thread.start()

    def _serve(self, conn: socket.socket, number: int) -> None:
        buffer = b""
        try:
            while not self._stop.is_set():
                request, buffer = self._read_request(conn, buffer, number)
                if request is None:
                    return
                with self._lock:
                    self._requests.append(request)
                if not self._run(conn, self._take()):
                    return
        except OSError:
            return
        finally:
            _close(conn)
            with self._lock:
                self._closed += 1

    def _read_request(self, conn: socket.socket, buffer: bytes, number: int) -> tuple[RecordedRequest | None, bytes]:
        deadline = time.monotonic() + _MAX_IDLE
        while b"\r\n\r\n" not in buffer:
            if len(buffer) > _MAX_HEAD or time.monotonic() > deadline:
                return None, b""
            chunk = self._recv(conn)
            if chunk is None:
                continue
            if not chunk:
                return None, b""
            buffer += chunk
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = ([*lines[0].split(" ", 2), "", ""])[:3]
        raw_headers = tuple(
            (name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:])
        )
        headers = {name.lower(): value for name, value in raw_headers}
        length = int(headers.get("content-length", "0") or 0)
        while len(buffer) < length:
            if time.monotonic() > deadline:
                return None, b""
            chunk = self._recv(conn)
            if chunk is None:
                continue
            if not chunk:
                return None, b""
            buffer += chunk
        body, buffer = buffer[:length], buffer[length:]
        request = RecordedRequest(method, target, headers, raw_headers, body, number, time.monotonic())
        return request, buffer

    def _recv(self, conn: socket.socket) -> bytes | None:
        """Some bytes; b"" when the peer closed; None when nothing came within the poll interval."""
        if self._stop.is_set():
            return b""
        try:
            return conn.recv(65536)
        except TimeoutError:
            return None

    def _send(self, conn: socket.socket, data: bytes) -> None:
        conn.settimeout(5.0)
        try:
            conn.sendall(data)
        finally:
            conn.settimeout(_POLL)

    def _run(self, conn: socket.socket, behaviour: Behaviour) -> bool:
        """Carry out `behaviour` for one request; whether the connection stays open for the next."""
        match behaviour:
            case Respond():
                self._send(conn, behaviour.encode())
                return not behaviour.close
            case Reset(response=response, after=after):
                self._send(conn, response.encode()[:after])
                time.sleep(0.01)  # let the partial response leave before the reset
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return False
            case CloseAfter(response=response, after=after):
                self._send(conn, response.encode()[:after])
                conn.shutdown(socket.SHUT_WR)
                return False
            case Stall(seconds=seconds, response=response):
                if self._stop.wait(seconds) or response is None:
                    return False
                self._send(conn, response.encode())
                return not response.close
            case Dribble(response=response, delay=delay, chunk=size):
                data = response.encode()
                for start in range(0, len(data), size):
                    if self._stop.wait(delay):
                        return False
                    self._send(conn, data[start : start + size])
                return not response.close
            case Close():
                return False
            case Interim(count=count, every=every, response=response):
                for _ in range(count):
                    if self._stop.wait(every):
                        return False
                    self._send(conn, b"HTTP/1.1 102 Processing\r\n\r\n")
                if response is None:
                    return False
                self._send(conn, response.encode())
                return not response.close
        raise AssertionError(f"unknown behaviour {behaviour!r}")


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.close()


class RefusingPort:
    """A 127.0.0.1 port that refuses connections: bound but not listening, so no one else can take it meanwhile."""

    def __init__(self, base_path: str = "/pg") -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}{base_path}"

    def __enter__(self) -> RefusingPort:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._socket.close()


__all__ = [
    "Behaviour",
    "Close",
    "CloseAfter",
    "Dribble",
    "FaultServer",
    "Interim",
    "RecordedRequest",
    "RefusingPort",
    "Reset",
    "Respond",
    "Stall",
    "cashfree_error",
    "gzip_response",
    "json_response",
]
