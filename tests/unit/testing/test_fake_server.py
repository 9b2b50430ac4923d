"""FakeServer: the fake over real HTTP/1.1 on 127.0.0.1 (keep-alive, quiet, loopback only), and its CLI."""

from __future__ import annotations

import io
import queue
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import IO
from urllib.parse import quote

import httpx
import pytest

from cashfree_instruments._cli import main
from cashfree_instruments.testing import FakeCashfree, FakeServer
from tests.helpers.contract import ContractFake
from tests.helpers.spec import SPEC

VERSION = SPEC["info"]["version"]
HEADERS = {"x-client-id": "fake_client_id", "x-client-secret": "fake_client_secret", "x-api-version": VERSION}
LIST = "/customers/akshita2106/instruments?instrument_type=card"


@pytest.fixture
def server(response_contract_fake: ContractFake) -> Iterator[FakeServer]:
    """Serves `response_contract_fake`: some tests send requests outside the spec; every response is checked."""
    with FakeServer(response_contract_fake) as server:
        yield server


def _client(server: FakeServer) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, headers=HEADERS, trust_env=False, timeout=10)


def _eventually(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_requests_on_one_client_share_one_connection(server: FakeServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/pg", server.base_url)
    with _client(server) as client:
        first = client.get(LIST)
        second = client.get("/customers/siddhesh_desai/instruments/54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.http_version == "HTTP/1.1"
    assert len(first.json()) == 3
    assert int(first.headers["content-length"]) == len(first.content)
    assert server.connections_accepted == 1


def test_the_server_and_the_transport_answer_alike(server: FakeServer, response_contract_fake: ContractFake) -> None:
    contract_fake = response_contract_fake
    with _client(server) as client:
        over_http = client.get(LIST)
    with httpx.Client(
        base_url="https://sandbox.cashfree.com/pg", transport=contract_fake.transport, headers=HEADERS
    ) as c:
        in_memory = c.get(LIST)
    assert over_http.json() == in_memory.json()
    assert over_http.headers["x-ratelimit-type"] == in_memory.headers["x-ratelimit-type"]
    assert contract_fake.received[0].path == "/pg/customers/akshita2106/instruments"
    assert contract_fake.received[0].headers["x-client-id"] == "fake_client_id"


def test_percent_encoded_ids_travel_as_one_segment(server: FakeServer, response_contract_fake: ContractFake) -> None:
    contract_fake = response_contract_fake
    customer_id, instrument_id = "a/b?c#d%e é", "x/y?ü"
    contract_fake.add_instrument(customer_id, instrument_id=instrument_id)
    with _client(server) as client:
        response = client.delete(
            f"/customers/{quote(customer_id, safe='')}/instruments/{quote(instrument_id, safe='')}"
        )
    assert response.status_code == 200
    assert (response.json()["customer_id"], response.json()["instrument_id"]) == (customer_id, instrument_id)
    assert contract_fake.instruments(customer_id) == []


def test_a_chunked_request_body_is_refused_and_the_connection_closed(server: FakeServer) -> None:
    auth = "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
    request = (
        f"DELETE /pg/customers/akshita2106/instruments/36e3b8ab-27e5-4a33-baf6-31a2d412a530 HTTP/1.1\r\n"
        f"Host: x\r\n{auth}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    )
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(request.encode())
        stream = sock.makefile("rb")
        status, headers, _ = _read_response(stream)
        assert stream.read() == b""
    assert (status, headers["connection"]) == (411, "close")
    assert [card["instrument_id"] for card in server.fake.instruments("akshita2106")].count(
        "36e3b8ab-27e5-4a33-baf6-31a2d412a530"
    ) == 1  # not deleted


def _read_response(stream: io.BufferedReader, *, head: bool = False) -> tuple[int, dict[str, str], bytes]:
    status = int(stream.readline().split()[1])
    headers = {}
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b"" if head else stream.read(int(headers["content-length"]))
    return status, headers, body


def test_keep_alive_survives_bodies_head_and_pipelining(server: FakeServer) -> None:
    auth = "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
    requests = (
        f"DELETE /pg/customers/akshita2106/instruments/36e3b8ab-27e5-4a33-baf6-31a2d412a530 HTTP/1.1\r\n"
        f"Host: x\r\n{auth}Content-Length: 5\r\n\r\nhello"
        f"HEAD /pg/customers/akshita2106/instruments HTTP/1.1\r\nHost: x\r\n{auth}\r\n"
        f"POST /pg/customers/akshita2106/instruments HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: 2\r\n\r\n{{}}"
        f"GET {'/pg' + LIST} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n"
    )
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(requests.encode())
        stream = sock.makefile("rb")
        deleted = _read_response(stream)
        head = _read_response(stream, head=True)
        post = _read_response(stream)
        listed = _read_response(stream)
        assert stream.read() == b""  # closed, as asked
    assert deleted[0] == 200
    assert b"36e3b8ab-27e5-4a33-baf6-31a2d412a530" in deleted[2]
    assert (head[0], head[1]["allow"]) == (405, "GET")
    assert (post[0], post[1]["allow"]) == (405, "GET")
    assert listed[0] == 200
    assert listed[1]["connection"] == "close"
    assert listed[2].count(b"instrument_id") == 2
    assert server.connections_accepted == 1


def test_clients_that_go_away_leave_no_trace(server: FakeServer, capfd: pytest.CaptureFixture[str]) -> None:
    with socket.create_connection((server.host, server.port), timeout=10) as sock:  # half a request, then EOF
        sock.sendall(b"GET /pg/customers/akshita2106/instruments HTTP/1.1\r\nHost: x\r\n")
    with socket.create_connection((server.host, server.port), timeout=10) as sock:  # reset mid-request
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(b"GET /pg/customers/akshita2106/instru")
    with socket.create_connection((server.host, server.port), timeout=10) as sock:  # gone before the answer
        sock.sendall(f"GET /pg{LIST} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    with _client(server) as client:
        assert client.get(LIST).status_code == 200
    assert _eventually(lambda: server.connections_open == 0)
    assert server.connections_accepted == 4
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_nothing_is_logged(server: FakeServer, capfd: pytest.CaptureFixture[str]) -> None:
    with _client(server) as client:
        client.get(LIST, headers={"x-request-id": "visible?"})
        client.get("/nowhere")
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_close_drops_idle_connections_and_is_idempotent(contract_fake: ContractFake) -> None:
    server = FakeServer(contract_fake)
    client = _client(server)
    assert client.get(LIST).status_code == 200  # leaves an idle keep-alive connection
    started = time.monotonic()
    server.close()
    server.close()
    assert time.monotonic() - started < 5
    assert server.wait(timeout=0)
    with pytest.raises(httpx.TransportError):
        client.get(LIST)
    client.close()


def test_wait_blocks_until_closed() -> None:
    with FakeServer() as server:
        assert not server.wait(timeout=0.01)
        assert server.fake.customers() == ["siddhesh_desai", "akshita2106"]
    assert server.wait(timeout=0)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "", "::"])  # noqa: S104
def test_only_loopback_hosts_are_served(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeServer(FakeCashfree(), host=host)


def test_localhost_means_127_0_0_1() -> None:
    with FakeServer(host="localhost") as server, _client(server) as client:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert client.get(LIST).status_code == 200


def test_ipv6_loopback() -> None:
    try:
        server = FakeServer(host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with server, _client(server) as client:
        assert server.base_url == f"http://[::1]:{server.port}/pg"
        assert client.get(LIST).status_code == 200


# -- the CLI -----------------------------------------------------------------------------------------------------


def _pump(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def test_cli_serves_until_ctrl_c() -> None:
    command = [sys.executable, "-m", "cashfree_instruments", "fake-server", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
    try:
        assert process.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
        reader.start()
        banner = ""
        while "Press Ctrl-C" not in banner:
            banner += lines.get(timeout=20)
        base_url = re.search(r"http://127\.0\.0\.1:\d+/pg", banner)
        client_id = re.search(r"x-client-id: (\S+)", banner)
        client_secret = re.search(r"x-client-secret: (\S+)", banner)
        assert base_url
        assert client_id
        assert client_secret
        assert "siddhesh_desai, akshita2106" in banner
        credentials = {"x-client-id": client_id[1], "x-client-secret": client_secret[1], "x-api-version": VERSION}
        with httpx.Client(base_url=base_url[0], headers=credentials, trust_env=False, timeout=10) as client:
            assert len(client.get(LIST).json()) == 3
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        reader.join(timeout=20)
        assert "stopped" in "".join(lines.queue)
        err = process.stderr.read() if process.stderr else ""
        assert err == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_cli_refuses_a_non_loopback_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake-server", "--host", "0.0.0.0", "--port", "0"]) == 2  # noqa: S104
    assert "loopback" in capsys.readouterr().err


def test_cli_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["--help"]) == 0
    assert "fake-server" in capsys.readouterr().out
