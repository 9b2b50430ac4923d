"""Issue #14, proxies: `proxy=`, the environment's HTTPS_PROXY / NO_PROXY and SSL_CERT_FILE (`trust_env=`).

Everything runs on 127.0.0.1. "Cashfree" is the fake (FakeServer, plain HTTP) behind `Relay(tls=...)`, a TLS edge
that decrypts and records what reaches it; the proxy is `Relay()`, a CONNECT proxy that records every byte its
clients send it. The certificates come from a throwaway CA made here (cryptography, a dev dependency).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import ipaddress
import select
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    API_VERSION,
    APIConnectionError,
    APITimeoutError,
    AsyncCashfree,
    Cashfree,
    ConfigurationError,
    InvalidArgumentError,
    _config,
)
from cashfree_instruments.testing import FakeCashfree, FakeServer
from tests.helpers.client import CLIENT_CLASSES, CLIENT_SECRET
from tests.helpers.leak_scan import frame_leaks

_POLL = 0.05  # seconds: how often the relays' loops look at their stop event
_IO_TIMEOUT = 5.0  # seconds a relay's socket operation may block
_MAX_HEAD = 16 * 1024

PROXY_USER = "proxy_user"
PROXY_PASSWORD = "proxy_PASSWORD_5e884898da28"
PROXY_ENV = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")


class Relay:
    """A relay on 127.0.0.1 (port 0), a thread per connection, recording every byte its clients send it.

    With `upstream`, it joins each connection to that address (Cashfree's TLS edge, with `tls`). Without, it is a
    CONNECT proxy: it reads the CONNECT head, connects to the loopback target it names and answers 200, or with
    `dribble` answers a head that never ends, a byte every 0.02 s (for 20 s at most).
    """

    def __init__(
        self, *, upstream: tuple[str, int] | None = None, tls: ssl.SSLContext | None = None, dribble: bool = False
    ) -> None:
        self._upstream = upstream
        self._tls = tls
        self._dribble = dribble
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._received = bytearray()
        self._heads: list[bytes] = []
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(_POLL)
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    @property
    def received(self) -> bytes:
        with self._lock:
            return bytes(self._received)

    @property
    def heads(self) -> list[bytes]:
        """The CONNECT heads received, one per tunnel."""
        with self._lock:
            return list(self._heads)

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _record(self, data: bytes) -> None:
        with self._lock:
            self._received += data

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.ExitStack() as stack:
            stack.callback(conn.close)
            conn.settimeout(_IO_TIMEOUT)
            try:
                if self._tls is not None:
                    conn = self._tls.wrap_socket(conn, server_side=True)
                    stack.callback(conn.close)
                upstream = self._upstream or self._tunnel(conn)
                if upstream is None:
                    return
                outbound = socket.create_connection(upstream, timeout=_IO_TIMEOUT)
                stack.callback(outbound.close)
                if self._upstream is None:
                    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self._pump(conn, outbound)
            except (OSError, ValueError):  # a client that gave up, a handshake it refused
                return

    def _tunnel(self, conn: socket.socket) -> tuple[str, int] | None:
        head = b""
        while b"\r\n\r\n" not in head and len(head) < _MAX_HEAD and not self._stop.is_set():
            data = conn.recv(4096)
            if not data:
                return None
            head += data
            self._record(data)
        with self._lock:
            self._heads.append(head)
        if self._dribble:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\nx-slow: ")
            for _ in range(1000):
                if self._stop.wait(0.02):
                    break
                conn.sendall(b"a")
            return None
        method, target, _ = head.split(b"\r\n", 1)[0].split(b" ", 2)
        host, _, port = target.decode("ascii").rpartition(":")
        if method != b"CONNECT" or host != "127.0.0.1":  # never anywhere else
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
            return None
        return host, int(port)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        while not self._stop.is_set():
            ready = [s for s in (client, upstream) if isinstance(s, ssl.SSLSocket) and s.pending()]
            if not ready:
                ready, _, _ = select.select([client, upstream], [], [], _POLL)
            for source in ready:
                data = source.recv(65536)
                if not data:
                    return
                if source is client:
                    self._record(data)
                    upstream.sendall(data)
                else:
                    client.sendall(data)


# -- certificates ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ssl.SSLContext]:
    """A throwaway CA's bundle, and a server context with that CA's certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory = tmp_path_factory.mktemp("tls")
    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cashfree-instruments proxy test CA")])

    def builder(subject: x509.Name, public_key: ec.EllipticCurvePublicKey) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    usage = dict.fromkeys(
        ["content_commitment", "key_encipherment", "data_encipherment", "key_agreement", "encipher_only"], False
    )
    ca = (
        builder(ca_name, ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, decipher_only=False, **usage),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        builder(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]), key.public_key())
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    bundle, chain = directory / "ca.pem", directory / "server.pem"
    bundle.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain.write_bytes(
        leaf.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(chain)
    return bundle, server


# -- Cashfree, the proxy, the calls ---------------------------------------------------------------------------


class Cashfree_:
    """The fake behind a TLS edge: `base_url` is https://127.0.0.1:<edge port>/pg."""

    def __init__(self, fake: FakeCashfree, server: FakeServer, edge: Relay) -> None:
        self.fake = fake
        self.edge = edge
        self.plain_base_url = server.base_url
        self.base_url = f"https://127.0.0.1:{edge.port}/pg"
        self.instrument_id: str = fake.add_instrument("customer_1")["instrument_id"]


@pytest.fixture
def cashfree(tls: tuple[Path, ssl.SSLContext]) -> Iterator[Cashfree_]:
    fake = FakeCashfree()
    with FakeServer(fake) as server, Relay(upstream=(server.host, server.port), tls=tls[1]) as edge:
        yield Cashfree_(fake, server, edge)


@pytest.fixture
def proxy() -> Iterator[Relay]:
    with Relay() as relay:
        yield relay


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No proxy variables; SSL_CERT_FILE / SSL_CERT_DIR unset; the shared SSL contexts built afresh."""
    for name in (*PROXY_ENV, "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    _config._shared_ssl_context.cache_clear()
    yield monkeypatch
    _config._shared_ssl_context.cache_clear()


def list_cards(client_class: type[Any], calls: int = 1, **options: Any) -> list[Any]:
    """`calls` list("customer_1") calls on one new client (closed after): each call's instrument ids, or its error."""

    def ids(result: Any) -> list[str]:
        return [instrument.instrument_id for instrument in result]

    if client_class is Cashfree:
        outcomes: list[Any] = []
        with Cashfree(**options) as cf:
            for _ in range(calls):
                try:
                    outcomes.append(ids(cf.instruments.list("customer_1")))
                except Exception as exc:
                    outcomes.append(exc)
        return outcomes

    async def in_a_loop() -> list[Any]:
        outcomes: list[Any] = []
        async with AsyncCashfree(**options) as acf:
            for _ in range(calls):
                try:
                    outcomes.append(ids(await acf.instruments.list("customer_1")))
                except Exception as exc:
                    outcomes.append(exc)
        return outcomes

    return asyncio.run(in_a_loop())


def credentials(cashfree: Cashfree_, **options: Any) -> dict[str, Any]:
    fake = cashfree.fake
    return {"client_id": fake.client_id, "client_secret": fake.client_secret, "max_retries": 0, **options}


def head_fields(data: bytes) -> dict[bytes, bytes]:
    """The header fields of the first HTTP head in `data`, names in lower case."""
    lines = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]
    return {name.strip().lower(): value.strip() for name, _, value in (line.partition(b":") for line in lines)}


def proxy_url(relay: Relay, scheme: str = "http") -> str:
    return f"{scheme}://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{relay.port}"


# -- credentials go to Cashfree, never to the proxy -----------------------------------------------------------


@CLIENT_CLASSES
def test_calls_go_through_the_proxy_in_a_tunnel_it_cannot_read(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    options = credentials(cashfree, base_url=cashfree.base_url, verify=str(tls[0]), proxy=proxy_url(proxy))
    outcomes = list_cards(client_class, calls=2, **options)

    assert outcomes == [[cashfree.instrument_id]] * 2
    assert len(cashfree.fake.received) == 2
    # One tunnel, kept alive, to the origin of base_url, authenticated to the proxy by the proxy's own credentials.
    [head] = proxy.heads
    assert head.startswith(f"CONNECT 127.0.0.1:{cashfree.edge.port} HTTP/1.1\r\n".encode())
    proxy_auth = base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode())
    assert head_fields(head)[b"proxy-authorization"] == b"Basic " + proxy_auth
    # The proxy saw the CONNECT and TLS records: no credential, header name, path or customer in the clear.
    seen = proxy.received
    secret = cashfree.fake.client_secret.encode()
    for clear_text in (secret, b"x-client-secret", b"x-client-id", b"/pg/customers", b"customer_1"):
        assert clear_text not in seen
    # Cashfree got the credentials, and nothing of the proxy's.
    reached = cashfree.edge.received
    assert head_fields(reached)[b"x-client-secret"] == secret
    assert PROXY_PASSWORD.encode() not in reached
    assert proxy_auth not in reached
    assert b"proxy-authorization" not in reached.lower()


@CLIENT_CLASSES
def test_a_tls_proxy_is_verified_with_verify(
    client_class: type[Any], cashfree: Cashfree_, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    with Relay(tls=tls[1]) as tls_proxy:
        options = credentials(
            cashfree, base_url=cashfree.base_url, verify=str(tls[0]), proxy=proxy_url(tls_proxy, "https")
        )
        assert list_cards(client_class, **options) == [[cashfree.instrument_id]]
        # TLS inside TLS: the proxy decrypts its own layer and still sees only the tunnel's records.
        [head] = tls_proxy.heads
        assert head.startswith(f"CONNECT 127.0.0.1:{cashfree.edge.port} ".encode())
        assert cashfree.fake.client_secret.encode() not in tls_proxy.received


@CLIENT_CLASSES
def test_the_deadline_cuts_a_proxy_that_dribbles_its_answer(
    client_class: type[Any], cashfree: Cashfree_, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    """Each byte of the CONNECT answer comes within the read timeout; the whole would take 20 s."""
    with Relay(dribble=True) as slow:
        options = credentials(
            cashfree, base_url=cashfree.base_url, verify=str(tls[0]), proxy=proxy_url(slow), timeout=5.0, deadline=0.5
        )
        [error] = list_cards(client_class, **options)
        assert len(slow.heads) == 1
    assert type(error) is APITimeoutError, repr(error)
    assert "deadline" in str(error)
    assert cashfree.fake.received == []


@CLIENT_CLASSES
def test_the_origin_guard_still_refuses_other_origins_through_a_proxy(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    options = credentials(cashfree, base_url=cashfree.base_url, verify=str(tls[0]), proxy=proxy_url(proxy))
    other = f"https://127.0.0.1:{proxy.port}/pg/customers/customer_1/instruments"  # another port: another origin
    headers = {"x-api-version": API_VERSION, "x-request-id": "r-1"}
    if client_class is Cashfree:
        with Cashfree(**options) as cf, pytest.raises(InvalidArgumentError, match="refused to send"):
            cf.generated_client().get_httpx_client().get(other, headers=headers)
    else:

        async def attempt() -> None:
            async with AsyncCashfree(**options) as acf:
                with pytest.raises(InvalidArgumentError, match="refused to send"):
                    await acf.generated_client().get_async_httpx_client().get(other, headers=headers)

        asyncio.run(attempt())
    assert proxy.heads == []
    assert proxy.received == b""


def test_an_async_client_goes_through_the_proxy_from_each_event_loop(
    cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    acf = AsyncCashfree(**credentials(cashfree, base_url=cashfree.base_url, verify=str(tls[0]), proxy=proxy_url(proxy)))
    for _ in range(2):  # the second loop gets a new pool: built with the proxy too
        instruments = asyncio.run(acf.instruments.list("customer_1"))
        assert [instrument.instrument_id for instrument in instruments] == [cashfree.instrument_id]
    asyncio.run(acf.close())
    assert len(proxy.heads) == 2
    assert cashfree.fake.client_secret.encode() not in proxy.received


# -- the environment: HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE (trust_env) ----------------------------------------


@CLIENT_CLASSES
def test_https_proxy_and_ssl_cert_file_are_honoured_by_default(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    clean_env.setenv("HTTPS_PROXY", proxy_url(proxy))
    clean_env.setenv("SSL_CERT_FILE", str(tls[0]))
    assert list_cards(client_class, **credentials(cashfree, base_url=cashfree.base_url)) == [[cashfree.instrument_id]]
    assert len(proxy.heads) == 1
    assert cashfree.fake.client_secret.encode() not in proxy.received


@CLIENT_CLASSES
def test_trust_env_false_ignores_https_proxy_and_ssl_cert_file(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    clean_env.setenv("HTTPS_PROXY", proxy_url(proxy))
    clean_env.setenv("SSL_CERT_FILE", str(tls[0]))
    [error] = list_cards(client_class, **credentials(cashfree, base_url=cashfree.base_url, trust_env=False))
    # Straight to the edge, whose CA certifi's bundle does not know: the handshake fails, nothing is sent.
    assert type(error) is APIConnectionError, repr(error)
    assert "CERTIFICATE_VERIFY_FAILED" in str(error)
    assert proxy.heads == []
    assert cashfree.fake.received == []


@CLIENT_CLASSES
def test_no_proxy_sends_straight_to_cashfree(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    clean_env.setenv("https_proxy", proxy_url(proxy))
    clean_env.setenv("NO_PROXY", "example.com,127.0.0.1")
    options = credentials(cashfree, base_url=cashfree.base_url, verify=str(tls[0]))
    assert list_cards(client_class, **options) == [[cashfree.instrument_id]]
    assert proxy.heads == []


@CLIENT_CLASSES
def test_proxy_wins_over_the_environment(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    with Relay() as environment_proxy:
        clean_env.setenv("HTTPS_PROXY", proxy_url(environment_proxy))
        options = credentials(cashfree, base_url=cashfree.base_url, verify=str(tls[0]), proxy=proxy_url(proxy))
        assert list_cards(client_class, **options) == [[cashfree.instrument_id]]
        assert environment_proxy.heads == []
    assert len(proxy.heads) == 1


@CLIENT_CLASSES
def test_plain_http_is_never_proxied_from_the_environment(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, clean_env: Any
) -> None:
    """A proxy would read the credentials of a plain http:// request: the fake on loopback is reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        clean_env.setenv(name, proxy_url(proxy))
    assert list_cards(client_class, **credentials(cashfree, base_url=cashfree.plain_base_url)) == [
        [cashfree.instrument_id]
    ]
    assert proxy.received == b""


@CLIENT_CLASSES
def test_from_env_reads_cashfree_proxy(
    client_class: type[Any], cashfree: Cashfree_, proxy: Relay, tls: tuple[Path, ssl.SSLContext], clean_env: Any
) -> None:
    environ = {
        "CASHFREE_CLIENT_ID": cashfree.fake.client_id,
        "CASHFREE_CLIENT_SECRET": cashfree.fake.client_secret,
        "CASHFREE_BASE_URL": cashfree.base_url,
        "CASHFREE_PROXY": proxy_url(proxy),
    }
    client = client_class.from_env(environ, verify=str(tls[0]), max_retries=0)
    if client_class is Cashfree:
        with client as cf:
            instruments = cf.instruments.list("customer_1")
    else:

        async def call() -> Any:
            async with client as acf:
                return await acf.instruments.list("customer_1")

        instruments = asyncio.run(call())
    assert [instrument.instrument_id for instrument in instruments] == [cashfree.instrument_id]
    assert len(proxy.heads) == 1


# -- configuration errors, without the proxy's credentials ----------------------------------------------------

BAD_PROXIES = [
    f"socks5://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:1080",
    f"ftp://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:21",
    f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:99999",
    f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:port",
    f"{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:3128",
    f"http://{PROXY_USER}:{PROXY_PASSWORD}@",
    "",
]


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", BAD_PROXIES)
def test_a_bad_proxy_is_a_configuration_error_that_shows_no_password(
    client_class: type[Any], bad: str, clean_env: Any
) -> None:
    with pytest.raises(ConfigurationError, match="proxy must be an http:// or https:// URL") as caught:
        client_class("id", "secret", proxy=bad)
    assert PROXY_PASSWORD not in str(caught.value)
    assert PROXY_PASSWORD not in repr(caught.value)
    assert frame_leaks(caught.value, {"proxy password": PROXY_PASSWORD}) == []


@CLIENT_CLASSES
def test_a_proxy_of_another_type_is_a_configuration_error(client_class: type[Any], clean_env: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"proxy must be a URL string or an httpx\.Proxy, got int"):
        client_class("id", "secret", proxy=3128)


@CLIENT_CLASSES
@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "ALL_PROXY"])
def test_a_bad_proxy_in_the_environment_is_a_configuration_error_naming_it(
    client_class: type[Any], variable: str, clean_env: Any
) -> None:
    clean_env.setenv(variable, BAD_PROXIES[0])
    with pytest.raises(ConfigurationError, match=f"the {variable} environment variable must be") as caught:
        client_class("id", "secret")
    assert PROXY_PASSWORD not in str(caught.value)
    client_class("id", "secret", trust_env=False)  # not read


@CLIENT_CLASSES
def test_a_bad_cashfree_proxy_is_a_configuration_error_naming_it(client_class: type[Any], clean_env: Any) -> None:
    environ = {"CASHFREE_CLIENT_ID": "id", "CASHFREE_CLIENT_SECRET": "secret", "CASHFREE_PROXY": BAD_PROXIES[0]}
    with pytest.raises(ConfigurationError, match="CASHFREE_PROXY must be") as caught:
        client_class.from_env(environ)
    assert PROXY_PASSWORD not in str(caught.value)


@CLIENT_CLASSES
def test_a_proxy_for_plain_http_is_refused(client_class: type[Any], clean_env: Any) -> None:
    with pytest.raises(ConfigurationError, match="proxy= needs an https:// base_url"):
        client_class("id", "secret", base_url="http://127.0.0.1:8080/pg", proxy="http://127.0.0.1:3128")


@CLIENT_CLASSES
def test_a_proxy_with_a_transport_is_refused(client_class: type[Any], clean_env: Any) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(ConfigurationError, match="proxy= or transport=, not both"):
        client_class("id", "secret", proxy="http://127.0.0.1:3128", transport=transport)


@CLIENT_CLASSES
def test_trust_env_must_be_a_bool(client_class: type[Any], clean_env: Any) -> None:
    with pytest.raises(ConfigurationError, match="trust_env must be True or False, got str"):
        client_class("id", "secret", trust_env="no")


@CLIENT_CLASSES
def test_the_proxy_password_appears_in_no_repr(client_class: type[Any], clean_env: Any) -> None:
    proxy = httpx.Proxy(f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:3128")
    client = client_class("id", CLIENT_SECRET, proxy=proxy)
    try:
        for text in (repr(client), str(client), repr(client._proxy), repr(client._pool.http())):
            assert PROXY_PASSWORD not in text
    finally:
        if client_class is Cashfree:
            client.close()
        else:
            asyncio.run(client.close())
