"""The fourth credential pair: x-client-id + x-client-signature, a value or a callable evaluated for every attempt."""

from __future__ import annotations

import base64
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from cashfree_instruments import AuthenticationError, ConfigurationError, PublicKeySigner
from cashfree_instruments.testing import FakeCashfree
from tests.helpers.client import (
    CLIENT_CLASSES,
    CLIENT_ID,
    CLIENT_SECRET,
    CLIENT_SIGNATURE,
    Server,
    call,
    make_client,
    record_sleeps,
    run,
    texts_of_exception,
)

NOW = 1_767_225_600  # a fixed Unix time for the signer's clock
TESTS = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def public_pem(private_key: rsa.RSAPrivateKey) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _decrypt(private_key: rsa.RSAPrivateKey, signature: str, hash_: hashes.HashAlgorithm | None = None) -> str:
    """What Cashfree does with a signature: base64-decode, then RSA-OAEP-decrypt with the private key."""
    algorithm = hash_ or hashes.SHA1()  # noqa: S303 - OAEP with SHA-1, as Cashfree's examples encrypt
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=algorithm), algorithm=algorithm, label=None)
    return private_key.decrypt(base64.b64decode(signature, validate=True), oaep).decode("ascii")


def _fake(**options: Any) -> FakeCashfree:
    return FakeCashfree(client_id=CLIENT_ID, **options)


def _client(client_class: type[Any], fake: FakeCashfree, **options: Any) -> Any:
    return client_class(CLIENT_ID, transport=fake.transport, **options)


# -- the fourth pair, against the fake -----------------------------------------------------------------------------


@CLIENT_CLASSES
def test_a_signature_value_authenticates_every_operation(client_class: type[Any]) -> None:
    fake = _fake(client_signature=CLIENT_SIGNATURE)
    card = fake.add_instrument("customer_1")
    cf = _client(client_class, fake, client_signature=CLIENT_SIGNATURE)
    assert [i.instrument_id for i in call(cf, "list", "customer_1")] == [card["instrument_id"]]
    call(cf, "get", "customer_1", card["instrument_id"])
    call(cf, "cryptogram", "customer_1", card["instrument_id"])
    call(cf, "delete", "customer_1", card["instrument_id"])
    assert len(fake.received) == 4
    for request in fake.received:
        assert request.headers["x-client-id"] == CLIENT_ID
        assert request.headers["x-client-signature"] == CLIENT_SIGNATURE
        assert "x-client-secret" not in request.headers


@CLIENT_CLASSES
def test_a_wrong_signature_is_refused_with_401(client_class: type[Any]) -> None:
    fake = _fake(client_signature=CLIENT_SIGNATURE)
    cf = _client(client_class, fake, client_signature="not-the-signature")
    with pytest.raises(AuthenticationError) as caught:
        call(cf, "list", "akshita2106")
    assert caught.value.status_code == 401
    assert caught.value.metadata.attempts == 1


def test_the_fake_wants_the_signature_with_its_own_client_id() -> None:
    fake = _fake(client_signature=CLIENT_SIGNATURE)
    path = "https://sandbox.cashfree.com/pg/customers/akshita2106/instruments?instrument_type=card"
    with httpx.Client(transport=fake.transport) as http:
        headers = {"x-api-version": "2000-01-01", "x-client-signature": CLIENT_SIGNATURE}
        assert http.get(path, headers={**headers, "x-client-id": CLIENT_ID}).status_code == 200
        assert http.get(path, headers={**headers, "x-client-id": "another_id"}).status_code == 401
        assert http.get(path, headers=headers).status_code == 401
    assert FakeCashfree().client_signature  # a default value, like the fake's other credentials


@CLIENT_CLASSES
def test_a_callable_is_evaluated_for_every_attempt(client_class: type[Any], delays: list[float]) -> None:
    made: list[str] = []

    def signature() -> str:
        made.append(f"signature-{len(made) + 1}")
        return made[-1]

    fake = _fake(client_signature=lambda received: received.startswith("signature-"))
    fake.inject(503, times=2)
    cf = _client(client_class, fake, client_signature=signature)
    response = run(cf.instruments.with_raw_response.list("akshita2106"))
    assert response.metadata.attempts == 3
    assert made == ["signature-1", "signature-2", "signature-3"]
    assert [r.headers["x-client-signature"] for r in fake.received] == made
    assert len(delays) == 2


@CLIENT_CLASSES
def test_a_callable_is_evaluated_per_call_not_at_construction(client_class: type[Any]) -> None:
    calls: list[int] = []

    def signature() -> str:
        calls.append(1)
        return CLIENT_SIGNATURE

    fake = _fake(client_signature=CLIENT_SIGNATURE)
    cf = _client(client_class, fake, client_signature=signature)
    assert calls == []
    call(cf, "list", "akshita2106")
    call(cf.with_options(max_retries=0), "list", "akshita2106")
    assert len(calls) == 2


# -- validation ----------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "credentials",
    [
        {"client_signature": CLIENT_SIGNATURE},
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "client_signature": CLIENT_SIGNATURE},
        {"client_id": CLIENT_ID, "partner_api_key": "k", "client_signature": CLIENT_SIGNATURE},
        {"client_id": CLIENT_ID, "client_signature": ""},
        {"client_id": CLIENT_ID, "client_signature": CLIENT_SIGNATURE + "\n"},
        {"client_id": CLIENT_ID, "client_signature": "a b"},
        {"client_id": CLIENT_ID, "client_signature": 42},
    ],
    ids=["no-client-id", "with-secret", "with-partner-key", "empty", "newline", "space", "not-a-string"],
)
def test_bad_signature_credentials_fail_at_construction(client_class: type[Any], credentials: dict[str, Any]) -> None:
    server = Server()
    with pytest.raises(ConfigurationError) as caught:
        client_class(transport=server.transport, **credentials)
    assert server.requests == []
    assert not [text for text in texts_of_exception(caught.value) if CLIENT_SIGNATURE in text]


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("result", "message"),
    [
        (CLIENT_SIGNATURE + "\r\nx-evil: 1", "holds whitespace, control or non-ASCII characters"),
        ("", "is empty"),
        (b"bytes", "must be a string, not bytes"),
        (None, "must be a string, not NoneType"),
    ],
    ids=["header-injection", "empty", "bytes", "none"],
)
def test_a_callable_returning_an_unusable_signature_fails_that_call_unsent(
    client_class: type[Any], result: Any, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = Server()
    made: list[int] = []

    def signature() -> Any:
        made.append(1)
        return result

    cf = make_client(client_class, server, client_id=CLIENT_ID, client_signature=signature)
    with pytest.raises(ConfigurationError, match=message) as caught:
        call(cf, "get", "customer_1", "instrument_1")
    assert "client_signature" in str(caught.value)
    assert server.requests == []
    assert made == [1]  # not retried
    leaks = [text for text in _texts_of(caught.value, caplog) if CLIENT_SIGNATURE in text]
    assert leaks == []


@CLIENT_CLASSES
def test_a_callable_that_raises_fails_that_call_with_a_configuration_error(client_class: type[Any]) -> None:
    server = Server()

    def signature() -> str:
        raise FileNotFoundError("no key file")

    cf = make_client(client_class, server, client_id=CLIENT_ID, client_signature=signature)
    with pytest.raises(ConfigurationError, match="client_signature raised FileNotFoundError") as caught:
        call(cf, "list", "customer_1")
    assert "no key file" not in str(caught.value)  # the callable's own message is not quoted
    assert server.requests == []


@CLIENT_CLASSES
def test_the_signature_shows_in_no_repr(client_class: type[Any]) -> None:
    for signature in (CLIENT_SIGNATURE, lambda: CLIENT_SIGNATURE):
        cf = make_client(client_class, client_id=CLIENT_ID, client_signature=signature)
        texts = [repr(cf), str(cf), repr(cf._config), repr(cf.with_options(max_retries=1)), repr(cf._http.auth)]
        assert not [text for text in texts if CLIENT_SIGNATURE in text]
        assert CLIENT_ID in repr(cf)


def _texts_of(exc: BaseException, caplog: pytest.LogCaptureFixture) -> Iterator[str]:
    """Every text of the exception, the log, and the locals of the frames (but the tests') its traceback holds."""
    yield from texts_of_exception(exc)
    yield caplog.text
    current: BaseException | None = exc
    while current is not None:
        tb = current.__traceback__
        while tb is not None:
            if not Path(tb.tb_frame.f_code.co_filename).is_relative_to(TESTS):
                yield repr(tb.tb_frame.f_locals)
            tb = tb.tb_next
        current = current.__cause__ or current.__context__


# -- from_env --------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_from_env_signs_with_the_public_key_file(
    client_class: type[Any], tmp_path: Path, private_key: rsa.RSAPrivateKey, public_pem: bytes
) -> None:
    key_file = tmp_path / "cashfree_public_key.pem"
    key_file.write_bytes(public_pem)

    def verify(received: str) -> bool:
        client_id, _, timestamp = _decrypt(private_key, received).rpartition(".")
        return client_id == CLIENT_ID and timestamp.isdigit()

    fake = _fake(client_signature=verify)
    environ = {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_PUBLIC_KEY_PATH": str(key_file)}
    cf = client_class.from_env(environ, transport=fake.transport)
    assert isinstance(cf._config.credentials.client_signature, PublicKeySigner)
    assert call(cf, "list", "akshita2106")
    assert "x-client-secret" not in fake.received[-1].headers


@CLIENT_CLASSES
def test_from_env_with_a_public_key_but_no_client_id_fails_at_construction(client_class: type[Any]) -> None:
    with pytest.raises(ConfigurationError, match="CASHFREE_PUBLIC_KEY_PATH is set without CASHFREE_CLIENT_ID"):
        client_class.from_env({"CASHFREE_PUBLIC_KEY_PATH": "cashfree_public_key.pem"})


@CLIENT_CLASSES
def test_from_env_with_an_unreadable_public_key_file_fails_at_construction(
    client_class: type[Any], tmp_path: Path
) -> None:
    environ = {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_PUBLIC_KEY_PATH": str(tmp_path / "missing.pem")}
    with pytest.raises(ConfigurationError, match="cannot read the public key"):
        client_class.from_env(environ)


# -- PublicKeySigner: Cashfree's 2FA signature -------------------------------------------------------------------------


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_signature_is_the_client_id_and_the_unix_time_rsa_oaep_encrypted(
    private_key: rsa.RSAPrivateKey, public_pem: bytes
) -> None:
    clock = Clock(NOW + 0.75)
    signer = PublicKeySigner(CLIENT_ID, public_pem, clock=clock)
    first = signer()
    assert _decrypt(private_key, first) == f"{CLIENT_ID}.{NOW}"
    clock.now += 61
    second = signer()
    assert _decrypt(private_key, second) == f"{CLIENT_ID}.{NOW + 61}"
    assert len(base64.b64decode(first)) == 256  # one RSA block of the 2048-bit key
    assert signer() != signer()  # OAEP is randomised: no two signatures alike, even in one second
    with pytest.raises(ValueError, match="Decryption failed"):
        _decrypt(private_key, first, hashes.SHA256())  # SHA-1 OAEP, not SHA-256


@pytest.mark.parametrize("form", ["str", "bytes", "path", "pkcs1"])
def test_the_public_key_is_pem_text_bytes_or_a_file(
    form: str, tmp_path: Path, private_key: rsa.RSAPrivateKey, public_pem: bytes
) -> None:
    key: str | bytes | Path = {"str": public_pem.decode(), "bytes": public_pem}.get(form, public_pem)
    if form == "path":
        key = tmp_path / "key.pem"
        key.write_bytes(public_pem)
    if form == "pkcs1":  # -----BEGIN RSA PUBLIC KEY-----
        key = private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
    signer = PublicKeySigner(CLIENT_ID, key, clock=Clock(NOW))
    assert _decrypt(private_key, signer()) == f"{CLIENT_ID}.{NOW}"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (b"-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n", "not a PEM public key"),
        (b"", "not a PEM public key"),
        (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
            "not an RSA public key",
        ),
    ],
    ids=["garbled", "empty", "ec-key"],
)
def test_an_unusable_public_key_is_a_configuration_error(key: bytes, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        PublicKeySigner(CLIENT_ID, key)


def test_a_bad_client_id_is_a_configuration_error(public_pem: bytes) -> None:
    with pytest.raises(ConfigurationError, match="client_id"):
        PublicKeySigner("id with spaces", public_pem)


def test_without_cryptography_the_signer_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, public_pem: bytes
) -> None:
    for name in [name for name in sys.modules if name == "cryptography" or name.startswith("cryptography.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(ConfigurationError, match=r"pip install 'cashfree-instruments\[signature\]'"):
        PublicKeySigner(CLIENT_ID, public_pem)


def test_the_signer_shows_its_client_id_only(public_pem: bytes) -> None:
    assert repr(PublicKeySigner(CLIENT_ID, public_pem)) == f"PublicKeySigner(client_id={CLIENT_ID!r})"
