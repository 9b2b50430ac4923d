"""FakeCashfree: Cashfree's Token Vault endpoints, answered in memory as the spec says the real server does."""

from __future__ import annotations

import http
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

import httpx
from attrs import frozen

from cashfree_instruments_generated.api import OperationDescriptor
from cashfree_instruments_generated.models import CryptogramEntity

from .._api_version import API_VERSION
from ._faults import Fault, Faults, operation_id
from ._idempotency import Conflict, IdempotencyKeys
from ._replies import Reply, error, json_reply
from ._routes import Route, raw_path, route
from ._state import Vault
from ._wsgi import WSGIApplication, wsgi_app

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RATE_WINDOW_SECONDS = 60.0
_INVALID = "invalid_request_error"


@frozen
class ReceivedRequest:
    """A request the fake received. `path` is as sent (percent-encoded), header names are lower case."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    operation: str | None  # its generated operation id


class FakeCashfree:
    """An in-memory Cashfree Token Vault for tests and demos; thread-safe.

    Use `transport` with an httpx client (base URL ending in /pg), or serve it over HTTP with FakeServer.
    It accepts the four credential pairs: client_id with client_secret, with partner_apikey or with
    client_signature (the x-client-signature value, or a callable that says whether a received one is valid,
    e.g. by decrypting it), and partner_merchant_id with partner_apikey. Seeded with the spec's examples unless
    `seed=False`. `rate_limit` is the x-ratelimit-limit it reports per
    client and minute; it is never enforced (inject 429s to test rate limiting).
    """

    def __init__(
        self,
        client_id: str = "fake_client_id",
        client_secret: str = "fake_client_secret",  # noqa: S107 - the fake's made-up credentials
        *,
        partner_apikey: str = "fake_partner_apikey",
        partner_merchant_id: str = "fake_partner_merchantid",
        client_signature: str | Callable[[str], bool] = "fake_client_signature",
        seed: bool = True,
        rate_limit: int = 1000,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.partner_apikey = partner_apikey
        self.partner_merchant_id = partner_merchant_id
        self.client_signature = client_signature
        self.rate_limit = rate_limit
        self._vault = Vault(seed=seed)
        self._faults = Faults()
        self._keys = IdempotencyKeys()
        self._lock = threading.Lock()
        self._received: list[ReceivedRequest] = []
        self._windows: dict[str, tuple[float, int]] = {}

    # -- data ---------------------------------------------------------------------------------------------------

    def add_customer(self, customer_id: str) -> None:
        """Make `customer_id` known, with no instruments unless it has some."""
        self._vault.add_customer(customer_id)

    def customers(self) -> list[str]:
        """The ids of the customers the fake knows, in the order they were added."""
        return self._vault.customers()

    def add_instrument(
        self, customer_id: str, instrument: Mapping[str, Any] | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Save a card for the customer and return it: an ACTIVE card with a new uuid4 instrument_id.

        `instrument` and `fields` override the defaults (nested dicts are merged); a field set to None is left
        out, to mimic older response shapes.
        """
        return self._vault.add_instrument(customer_id, {**(instrument or {}), **fields})

    def instruments(self, customer_id: str) -> list[dict[str, Any]]:
        """The customer's instruments, as the list endpoint returns them ([] for an unknown customer)."""
        return self._vault.instruments(customer_id) or []

    def set_cryptogram(self, customer_id: str, instrument_id: str, cryptogram: Mapping[str, Any]) -> None:
        """Set what the cryptogram endpoint returns for the instrument (generated fields fill the gaps)."""
        self._vault.set_cryptogram(customer_id, instrument_id, dict(cryptogram))

    def cryptogram(self, customer_id: str, instrument_id: str) -> dict[str, Any]:
        """What the cryptogram endpoint returns for the instrument; KeyError when there is no such instrument."""
        found = self._vault.cryptogram(customer_id, instrument_id)
        if found is None:
            raise KeyError(f"customer {customer_id!r} has no instrument {instrument_id!r}")
        return found

    # -- recorded requests ----------------------------------------------------------------------------------------

    @property
    def received(self) -> list[ReceivedRequest]:
        """Every request received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._received)

    def reset_received(self) -> None:
        with self._lock:
            self._received.clear()

    # -- faults ---------------------------------------------------------------------------------------------------

    def inject(
        self,
        status: int | None = 429,
        *,
        times: int = 1,
        operation: str | None = None,
        retry_after: int = 1,
        delay: float = 0.0,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Make the next `times` calls (of `operation`, or of any) fail with `status`.

        `operation` is the operation's id in the spec (PGCustomerFetchInstrument) or in the generated package
        (pg_customer_fetch_instrument).

        Each faulted call first sleeps `delay` seconds (blocking: in the async transport too); `status=None`
        then answers normally, so a delay alone simulates a slow server. 429 carries `x-ratelimit-retry:
        retry_after`. `body` (JSON-able, or bytes sent as they are) and `headers` replace the defaults.
        Faults apply before authentication, in the order they were injected.
        """
        operation = None if operation is None else operation_id(operation)
        fault = Fault(status, operation, retry_after, delay, body, dict(headers or {}))
        self._faults.add(fault, times)

    def clear_faults(self) -> None:
        self._faults.clear()

    # -- HTTP -----------------------------------------------------------------------------------------------------

    @property
    def transport(self) -> httpx.MockTransport:
        """An httpx transport (sync and async) answering from this fake, without sockets."""
        return httpx.MockTransport(self.handle)

    @property
    def wsgi_app(self) -> WSGIApplication:
        """This fake as a WSGI application."""
        return wsgi_app(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as Cashfree would."""
        path = raw_path(request.url.raw_path)
        found = route(path)
        operation = found.operations.get(request.method) if found else None
        headers = request.headers
        with self._lock:
            self._received.append(
                ReceivedRequest(
                    method=request.method,
                    path=path,
                    query={k: request.url.params.get_list(k) for k in request.url.params},
                    headers={k.lower(): v for k, v in headers.items()},
                    operation=None if operation is None else operation.operation_id,
                )
            )
        identity = headers.get("x-client-id") or headers.get("x-partner-merchantid") or ""
        remaining = self._count_call(identity)
        replayed = False
        if found is None:
            reply = error(404, _INVALID, "request_url_not_found", f"no Token Vault endpoint at {path}")
        elif operation is None:
            allow = {"allow": ", ".join(sorted(found.operations))}
            reply = error(405, _INVALID, "method_not_allowed", f"{request.method} is not allowed here", allow)
        else:
            fault = self._faults.take(operation.operation_id)
            if fault is not None and fault.delay:
                time.sleep(fault.delay)
            if fault is not None and fault.status is not None:
                reply = _fault_reply(fault)
                remaining = 0 if fault.status == 429 else remaining
            else:
                reply, replayed = self._answer(request, found, operation, identity)
        content_headers = {
            "content-type": "application/json",
            "x-request-id": headers.get("x-request-id") or str(uuid.uuid4()),
            "x-api-version": headers.get("x-api-version") or API_VERSION,
            "x-ratelimit-limit": str(self.rate_limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-retry": "0",
            "x-ratelimit-type": "app_id",
            "x-idempotency-replayed": "true" if replayed else "false",
        }
        if "x-idempotency-key" in headers:
            content_headers["x-idempotency-key"] = headers["x-idempotency-key"]
        content_headers.update(reply.headers)
        return httpx.Response(reply.status, headers=content_headers, content=reply.content, request=request)

    def _answer(
        self, request: httpx.Request, found: Route, operation: OperationDescriptor, identity: str
    ) -> tuple[Reply, bool]:
        headers = request.headers
        if not self._authenticated(headers):
            return error(401, "authentication_error", "request_failed", "authentication Failed"), False
        if "x-api-version" not in headers:
            return error(400, _INVALID, "x_api_version_missing", "x-api-version missing in the header"), False
        key = headers.get("x-idempotency-key")
        if key is not None and not _UUID.fullmatch(key):
            return error(400, _INVALID, "idempotency_key_invalid", "x-idempotency-key should be a UUID"), False
        query = _query(request.url)
        for parameter in operation.query_parameters:
            values = {value for name, value in query if name == parameter.name}
            if parameter.required and not values:
                return error(400, _INVALID, f"{parameter.name}_missing", f"{parameter.name} is missing"), False
            if parameter.values and not values <= set(parameter.values):
                message = f"{parameter.name} should be {' or '.join(parameter.values)}"
                return error(400, _INVALID, f"{parameter.name}_invalid", message), False

        def answer() -> Reply:
            return self._operate(operation, found.ids["customer_id"], found.ids.get("instrument_id"))

        if key is None:
            return answer(), False
        # The same request: operation, path ids and the set of query pairs (a repeated pair counts once).
        same = (operation.operation_id, tuple(found.ids.items()), frozenset(query))
        try:
            return self._keys.run(identity, key, same, answer)
        except Conflict:
            message = "idempotency key was already used with a different request"
            return error(422, "idempotency_error", "idempotency_key_reused", message), False

    def _operate(self, operation: OperationDescriptor, customer_id: str, instrument_id: str | None) -> Reply:
        """What the operation does, as its descriptor says: list, delete, or fetch an instrument or its cryptogram."""
        listed = self._vault.instruments(customer_id)
        if listed is None:
            return error(404, _INVALID, "customer_not_found", f"customer {customer_id} not found")
        if operation.response_is_list or instrument_id is None:
            return json_reply(200, listed)
        if operation.method == "DELETE":
            result = self._vault.delete(customer_id, instrument_id)
        elif operation.response_model is CryptogramEntity:
            result = self._vault.cryptogram(customer_id, instrument_id)
        else:
            result = self._vault.instrument(customer_id, instrument_id)
        if result is None:
            return error(404, _INVALID, "instrument_not_found", f"instrument {instrument_id} not found")
        return json_reply(200, result)

    def _authenticated(self, headers: httpx.Headers) -> bool:
        def sent(name: str, expected: str) -> bool:
            value = headers.get(name)
            return value is not None and secrets.compare_digest(value.encode(), expected.encode())

        apikey = sent("x-partner-apikey", self.partner_apikey)
        if sent("x-client-id", self.client_id):
            return sent("x-client-secret", self.client_secret) or apikey or self._signed(headers)
        return sent("x-partner-merchantid", self.partner_merchant_id) and apikey

    def _signed(self, headers: httpx.Headers) -> bool:
        signature = headers.get("x-client-signature")
        if signature is None:
            return False
        if callable(self.client_signature):
            return self.client_signature(signature)
        return secrets.compare_digest(signature.encode(), self.client_signature.encode())

    def _count_call(self, identity: str) -> int:
        """Count a call in the caller's rate-limit window; the calls left in it (informational, not enforced)."""
        now = time.monotonic()
        with self._lock:
            start, calls = self._windows.get(identity, (now, 0))
            if now - start >= _RATE_WINDOW_SECONDS:
                start, calls = now, 0
            self._windows[identity] = (start, calls + 1)
        return max(self.rate_limit - calls - 1, 0)


def _query(url: httpx.URL) -> list[tuple[str, str]]:
    """The query's pairs, reading a second '?' as '&'.

    Cashfree's official Python SDK (cashfree-pg 6.0.1) sends `?instrument_type=card?instrument_type=card`, and
    Cashfree answers it.
    """
    return parse_qsl(url.query.decode("ascii", "replace").replace("?", "&"), keep_blank_values=True)


def _fault_reply(fault: Fault) -> Reply:
    status = fault.status or 500
    headers = {"x-ratelimit-retry": str(fault.retry_after)} if status == 429 else {}
    headers.update(fault.headers)
    if isinstance(fault.body, bytes):
        return Reply(status, fault.body, headers)
    if fault.body is not None:
        return json_reply(status, fault.body, headers)
    try:
        phrase = http.HTTPStatus(status).phrase.lower()
    except ValueError:
        phrase = "error"
    if status == 429:
        return error(429, "rate_limit_error", "rate_limit_exceeded", "too many requests", headers)
    if status >= 500:
        return error(status, "api_error", "api_error", phrase, headers)
    if status in (401, 403):
        return error(status, "authentication_error", "request_failed", phrase, headers)
    if status == 422:
        return error(status, "idempotency_error", "idempotency_error", phrase, headers)
    return error(status, _INVALID, "request_failed", phrase, headers)
