"""x-client-signature: sent fresh on every attempt, and made the way Cashfree documents its 2FA signature."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import httpx

from ._credentials import Signature, value_problem
from ._errors import CashfreeError, ConfigurationError

SIGNATURE_HEADER = "x-client-signature"


class SignatureAuth(httpx.Auth):
    """Sets x-client-signature on each request httpx sends, so a retry carries a fresh signature.

    A callable's result is checked like a credential; a bad one, or a callable that raises, fails that call with
    ConfigurationError before anything is sent (and is not retried). Its value is never quoted.
    """

    def __init__(self, signature: Signature) -> None:
        self._signature = signature

    def __repr__(self) -> str:
        return "SignatureAuth(<redacted>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[SIGNATURE_HEADER] = self._current()
        yield request

    def _current(self) -> str:
        if isinstance(self._signature, str):
            return self._signature
        try:
            value: Any = self._signature()
        except CashfreeError:
            raise
        except Exception as exc:  # its message is not quoted: it may hold what the callable was making
            raise ConfigurationError(f"client_signature raised {type(exc).__name__}") from None
        problem = value_problem("the signature client_signature returned", value)
        if problem is None:
            return str(value)
        del value  # not left in this frame's locals, which the traceback keeps
        raise ConfigurationError(problem)


class PublicKeySigner:
    """A client_signature that makes Cashfree's 2FA signature afresh on each call.

    Cashfree's docs describe it for the 2FA of its APIs: the client id, a period and the current Unix time in
    seconds, RSA-encrypted with the public key downloaded from the Merchant Dashboard (OAEP padding with SHA-1,
    as Cashfree's examples encrypt: PHP's OPENSSL_PKCS1_OAEP_PADDING, Java's OAEPWithSHA-1AndMGF1Padding), in
    base64. `public_key` is the PEM text (str or bytes) or a path to the PEM file. Needs `cryptography`:
    `pip install 'cashfree-instruments[signature]'`.

        Cashfree(client_id, client_signature=PublicKeySigner(client_id, Path("cashfree_public_key.pem")))
    """

    def __init__(self, client_id: str, public_key: str | bytes | Path, *, clock: Callable[[], float] = time.time):
        problem = value_problem("client_id", client_id)
        if problem is not None:
            raise ConfigurationError(problem)
        self.client_id = client_id
        self._clock = clock
        self._encrypt = _rsa_oaep_encryptor(_pem(public_key))

    def __call__(self) -> str:
        message = f"{self.client_id}.{int(self._clock())}".encode("ascii")
        return base64.b64encode(self._encrypt(message)).decode("ascii")

    def __repr__(self) -> str:
        return f"PublicKeySigner(client_id={self.client_id!r})"


def _pem(public_key: str | bytes | Path) -> bytes:
    if isinstance(public_key, Path):
        try:
            return public_key.read_bytes()
        except OSError as exc:
            raise ConfigurationError(f"cannot read the public key {str(public_key)!r}: {exc.strerror}") from None
    if isinstance(public_key, str):
        return public_key.encode("ascii", "replace")
    if isinstance(public_key, bytes):
        return public_key
    raise ConfigurationError(f"public_key must be PEM text or a Path, not {type(public_key).__name__}")


def _rsa_oaep_encryptor(pem: bytes) -> Callable[[bytes], bytes]:
    try:
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
    except ImportError:
        raise ConfigurationError(
            "the signature helper needs the cryptography package: pip install 'cashfree-instruments[signature]'"
        ) from None
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm):
        raise ConfigurationError("public_key is not a PEM public key") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise ConfigurationError(f"public_key is not an RSA public key ({type(key).__name__})")
    sha1 = hashes.SHA1()  # noqa: S303 - what Cashfree decrypts with (OAEP's hash, not a signature hash)
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=sha1), algorithm=sha1, label=None)
    return lambda message: key.encrypt(message, oaep)
