"""FakeServer: a FakeCashfree over real HTTP/1.1 (keep-alive) on a loopback address, in a daemon thread."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import httpx

from ._app import FakeCashfree
from ._routes import quote_target


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle keep-alive connection is dropped after this many seconds
    # Headers and body go out in two send() calls: with Nagle's algorithm on, a small body would wait for the
    # client's delayed ACK (~40 ms).
    disable_nagle_algorithm = True
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing: request lines hold customer ids."""

    def _dispatch(self) -> None:
        try:
            self._answer()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    def _answer(self) -> None:
        # Framing is http.server's: a body is read by its Content-Length. The spec's operations send none, so a
        # chunked one (whose end only parsing finds) is refused, and the connection closed, rather than parsed here.
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            self.close_connection = True
            self._write(411, {"content-type": "text/plain"}, b"a request body needs a content-length")
            return
        try:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
        except ValueError:
            self.close_connection = True
            self._write(400, {"content-type": "text/plain"}, b"bad content-length")
            return
        if not self.path.startswith("/"):
            self.close_connection = True
            self._write(400, {"content-type": "text/plain"}, b"request target must be a path")
            return
        url = self.server.origin + quote_target(self.path)
        response = self.server.fake.handle(httpx.Request(self.command, url, headers=self.headers.items(), content=body))
        self._write(response.status_code, response.headers, response.content)

    def _write(self, status: int, headers: httpx.Headers | dict[str, str], content: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 overflows when tens of clients connect at once

    def __init__(self, fake: FakeCashfree, host: str, port: int) -> None:
        self.fake = fake
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.connections_accepted = 0
        self.open_connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which may query DNS: bind without it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host.decode() if isinstance(host, bytes) else str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self.connections_accepted += 1
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)

    @property
    def origin(self) -> str:
        host = f"[{self.server_name}]" if ":" in self.server_name else self.server_name
        return f"http://{host}:{self.server_port}"

    def connections_open(self) -> int:
        with self._connections_lock:
            return len(self.open_connections)

    def drop_connections(self) -> None:
        with self._connections_lock:
            connections = list(self.open_connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that went away; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


def _loopback(host: str) -> str:
    if host == "localhost":
        return "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the fake server listens on a loopback address only (127.0.0.1, ::1), not {host!r}")
    return host


class FakeServer:
    """Serve `fake` (a new seeded FakeCashfree by default) over HTTP on a loopback address until closed.

    Serving starts at once; use it as a context manager or call close(). `port=0` picks a free port.
    """

    def __init__(self, fake: FakeCashfree | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.fake = fake if fake is not None else FakeCashfree()
        self._server = _HTTPServer(self.fake, _loopback(host), port)
        self._closed = threading.Event()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-cashfree", daemon=True
        )
        self._thread.start()

    @property
    def host(self) -> str:
        return self._server.server_name

    @property
    def port(self) -> int:
        return self._server.server_port

    @property
    def base_url(self) -> str:
        """The API root to give a client, e.g. http://127.0.0.1:8080/pg."""
        return self._server.origin + "/pg"

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted so far: with keep-alive, fewer than requests."""
        return self._server.connections_accepted

    @property
    def connections_open(self) -> int:
        """TCP connections open right now (a connection is closed once its client is done or gone)."""
        return self._server.connections_open()

    def close(self) -> None:
        """Stop serving and drop open connections. Idempotent."""
        if self._closed.is_set():
            return
        self._server.shutdown()
        self._server.server_close()
        self._server.drop_connections()
        self._thread.join()
        self._closed.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the server is closed (or `timeout` passes); whether it is closed."""
        return self._closed.wait(timeout)

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
