"""What goes on the wire: auth headers, API version, request id, idempotency key, and safe paths only."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from cashfree_instruments import API_VERSION, AsyncCashfree, Cashfree, InvalidArgumentError, NotFoundError
from cashfree_instruments_generated.api.token_vault import (
    pg_customer_delete_instrument,
    pg_customer_fetch_instrument,
    pg_customer_fetch_instruments,
    pg_customer_instruments_fetch_cryptogram,
)
from cashfree_instruments_generated.models import InstrumentType
from tests.helpers.client import (
    BASE_URL,
    CLIENT_CLASSES,
    CLIENT_ID,
    CLIENT_SECRET,
    OPERATION_IDS,
    OPERATIONS,
    PARTNER_API_KEY,
    PARTNER_MERCHANT_ID,
    Server,
    call,
    error_response,
    example_body,
    make_client,
    record_sleeps,
    run,
)
from tests.helpers.spec import SPEC

ALL_OPERATIONS = pytest.mark.parametrize(("name", "args"), OPERATIONS, ids=OPERATION_IDS)
AUTH_HEADERS = ("x-client-id", "x-client-secret", "x-partner-apikey", "x-partner-merchantid")


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def _auth(request: httpx.Request) -> dict[str, str]:
    return {name: request.headers[name] for name in AUTH_HEADERS if name in request.headers}


# --- the request itself ---------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("name", "args", "method", "path"),
    [
        ("list", ("cust_1",), "GET", "/pg/customers/cust_1/instruments"),
        ("get", ("cust_1", "inst_1"), "GET", "/pg/customers/cust_1/instruments/inst_1"),
        ("delete", ("cust_1", "inst_1"), "DELETE", "/pg/customers/cust_1/instruments/inst_1"),
        ("cryptogram", ("cust_1", "inst_1"), "GET", "/pg/customers/cust_1/instruments/inst_1/cryptogram"),
    ],
    ids=OPERATION_IDS,
)
def test_each_operation_sends_its_method_and_path(
    client_class: type[Any], name: str, args: tuple[str, ...], method: str, path: str
) -> None:
    server = Server()
    call(make_client(client_class, server), name, *args)
    assert len(server.requests) == 1
    assert server.last.method == method
    assert server.last.url.path == path
    assert server.last.url.host == "sandbox.cashfree.com"
    assert server.last.url.scheme == "https"


class _ContentRecorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport that sends `request.content` without reading the stream first, as httpx-aiohttp's does: an
    unread body would go out as a stream (chunked: Transfer-Encoding on a GET, which some front ends refuse)."""

    def __init__(self) -> None:
        self.contents: list[bytes | None] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            self.contents.append(request.content)
        except httpx.RequestNotRead:
            self.contents.append(None)
        return httpx.Response(200, json=example_body(request), request=request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_a_custom_transport_sees_a_bodiless_request_as_read(
    client_class: type[Any], name: str, args: tuple[str]
) -> None:
    transport = _ContentRecorder()
    cf = client_class(CLIENT_ID, CLIENT_SECRET, base_url=BASE_URL, transport=transport)
    call(cf, name, *args)
    run(cf.close())
    assert transport.contents == [b""]


@CLIENT_CLASSES
def test_list_asks_for_card_instruments(client_class: type[Any]) -> None:
    server = Server()
    call(make_client(client_class, server), "list", "cust_1")
    assert dict(server.last.url.params) == {"instrument_type": "card"}


@CLIENT_CLASSES
def test_user_agent_names_the_package(client_class: type[Any]) -> None:
    import cashfree_instruments

    server = Server()
    call(make_client(client_class, server), "list", "cust_1")
    assert server.last.headers["user-agent"] == f"cashfree-instruments/{cashfree_instruments.__version__}"


# --- authentication -------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@ALL_OPERATIONS
@pytest.mark.parametrize(
    ("credentials", "expected"),
    [
        (
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
            {"x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET},
        ),
        (
            {"client_id": CLIENT_ID, "partner_api_key": PARTNER_API_KEY},
            {"x-client-id": CLIENT_ID, "x-partner-apikey": PARTNER_API_KEY},
        ),
        (
            {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY},
            {"x-partner-merchantid": PARTNER_MERCHANT_ID, "x-partner-apikey": PARTNER_API_KEY},
        ),
    ],
    ids=["id+secret", "id+partner-key", "partner-merchant+partner-key"],
)
def test_every_request_carries_exactly_its_credential_headers(
    client_class: type[Any], name: str, args: tuple[str, ...], credentials: dict[str, str], expected: dict[str, str]
) -> None:
    server = Server()
    cf = make_client(client_class, server, **credentials)
    call(cf, name, *args)
    call(cf, name, *args)
    assert len(server.requests) == 2
    for request in server.requests:
        assert _auth(request) == expected


@CLIENT_CLASSES
def test_retries_carry_the_credentials_too(client_class: type[Any]) -> None:
    server = Server(error_response(503), error_response(500), httpx.Response(200, json=[]))
    call(make_client(client_class, server), "list", "cust_1")
    assert len(server.requests) == 3
    assert all(_auth(r) == {"x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET} for r in server.requests)


# --- API version ----------------------------------------------------------------------------------------------------


def test_api_version_is_the_spec_version() -> None:
    assert SPEC["info"]["version"] == API_VERSION


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_the_spec_api_version_is_on_the_wire_by_default(client_class: type[Any], name: str, args: tuple[str]) -> None:
    server = Server()
    call(make_client(client_class, server), name, *args)
    assert server.last.headers["x-api-version"] == API_VERSION


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_a_client_api_version_is_on_the_wire(client_class: type[Any], name: str, args: tuple[str]) -> None:
    server = Server()
    call(make_client(client_class, server, api_version="2023-08-01"), name, *args)
    assert server.last.headers["x-api-version"] == "2023-08-01"


@CLIENT_CLASSES
def test_with_options_api_version_is_on_the_wire(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    call(cf.with_options(api_version="2022-01-01"), "get", "c", "i")
    assert server.last.headers["x-api-version"] == "2022-01-01"
    call(cf, "get", "c", "i")
    assert server.last.headers["x-api-version"] == API_VERSION


# --- request id -----------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_each_call_gets_a_new_uuid4_request_id(client_class: type[Any], name: str, args: tuple[str]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    call(cf, name, *args)
    call(cf, name, *args)
    ids = [request.headers["x-request-id"] for request in server.requests]
    assert all(uuid.UUID(value).version == 4 for value in ids)
    assert len(set(ids)) == 2


@CLIENT_CLASSES
@ALL_OPERATIONS
def test_the_callers_request_id_is_sent(client_class: type[Any], name: str, args: tuple[str]) -> None:
    server = Server()
    call(make_client(client_class, server), name, *args, request_id="checkout-42/retry#1")
    assert server.last.headers["x-request-id"] == "checkout-42/retry#1"


@CLIENT_CLASSES
def test_the_request_id_is_the_same_on_every_retry(client_class: type[Any]) -> None:
    server = Server(error_response(502), httpx.ConnectError("reset"), httpx.Response(200, json=[]))
    call(make_client(client_class, server), "list", "c")
    assert len(server.requests) == 3
    assert len({request.headers["x-request-id"] for request in server.requests}) == 1


@CLIENT_CLASSES
@pytest.mark.parametrize("request_id", ["", "a\r\nx-evil: 1", "nul\x00", "caf\u00e9", "x" * 257], ids=repr)
def test_an_unusable_request_id_is_refused_before_sending(client_class: type[Any], request_id: str) -> None:
    server = Server()
    with pytest.raises(InvalidArgumentError, match="request_id"):
        call(make_client(client_class, server), "get", "c", "i", request_id=request_id)
    assert server.requests == []


# --- idempotency ----------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_delete_carries_a_new_uuid4_idempotency_key(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    call(cf, "delete", "c", "i")
    call(cf, "delete", "c", "i")
    keys = [request.headers["x-idempotency-key"] for request in server.requests]
    assert all(uuid.UUID(key).version == 4 for key in keys)
    assert keys[0] != keys[1]


@CLIENT_CLASSES
@pytest.mark.parametrize(("name", "args"), [op for op in OPERATIONS if op[0] != "delete"], ids=lambda v: str(v))
def test_reads_carry_no_idempotency_key(client_class: type[Any], name: str, args: tuple[str]) -> None:
    server = Server()
    call(make_client(client_class, server), name, *args)
    assert "x-idempotency-key" not in server.last.headers


@CLIENT_CLASSES
def test_delete_sends_the_callers_idempotency_key(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    key = uuid.uuid4()
    call(cf, "delete", "c", "i", idempotency_key=str(key))
    assert server.last.headers["x-idempotency-key"] == str(key)
    call(cf, "delete", "c", "i", idempotency_key=key)
    assert server.last.headers["x-idempotency-key"] == str(key)
    call(cf, "delete", "c", "i", idempotency_key=str(key).upper())
    assert server.last.headers["x-idempotency-key"] == str(key)


@CLIENT_CLASSES
@pytest.mark.parametrize("key", ["order-42", "", "1234", "a\r\nb", str(uuid.uuid4()) + "x"], ids=repr)
def test_a_non_uuid_idempotency_key_is_refused_before_sending(client_class: type[Any], key: str) -> None:
    server = Server()
    with pytest.raises(InvalidArgumentError, match="idempotency_key"):
        call(make_client(client_class, server), "delete", "c", "i", idempotency_key=key)
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize("given", [None, "f47ac10b-58cc-4372-a567-0e02b2c3d479"])
def test_the_idempotency_key_is_unchanged_on_every_retry(client_class: type[Any], given: str | None) -> None:
    server = Server(
        error_response(500),
        httpx.ReadTimeout("slow"),
        error_response(429),
        httpx.Response(200, json={"instrument_id": "i"}),
    )
    call(make_client(client_class, server, max_retries=3), "delete", "c", "i", idempotency_key=given)
    keys = {request.headers["x-idempotency-key"] for request in server.requests}
    assert len(server.requests) == 4
    assert len(keys) == 1
    if given is not None:
        assert keys == {given}


# --- path safety ----------------------------------------------------------------------------------------------------

BAD_IDS = ["", ".", "..", "a\x00b", "line\nbreak", "cr\rlf", "tab\t", "del\x7f", "\x85next-line", "x" * 513]
# Ids a front end could turn into another path: decoding %2F or %5C, or applying NFKC (look-alike dots and slashes).
PATH_LIKE_IDS = [
    "a/b",
    "/",
    "../../bob/instruments/x",
    "a\\b",
    "..\\..",
    "\u2024",  # ONE DOT LEADER: "." under NFKC
    "\u2024\u2024",
    "\u2025",  # TWO DOT LEADER: ".."
    "\uff0e\uff0e",  # FULLWIDTH FULL STOP
    ".\ufe52",  # SMALL FULL STOP
    "a\uff0fb",  # FULLWIDTH SOLIDUS: "/"
    "a\uff3cb",  # FULLWIDTH REVERSE SOLIDUS: "\\"
    "\uff0e\uff0e\uff0fbob",
]


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
@pytest.mark.parametrize(
    ("name", "which"),
    [("list", "customer_id")]
    + [(name, which) for name in ("get", "delete", "cryptogram") for which in ("customer_id", "instrument_id")],
)
def test_unsafe_ids_are_refused_before_any_request(client_class: type[Any], bad: str, name: str, which: str) -> None:
    server = Server()
    args = {"customer_id": "cust_1", "instrument_id": "inst_1", which: bad}
    positional = (args["customer_id"],) if name == "list" else (args["customer_id"], args["instrument_id"])
    with pytest.raises(InvalidArgumentError) as caught:
        call(make_client(client_class, server), name, *positional)
    assert isinstance(caught.value, ValueError)
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", PATH_LIKE_IDS, ids=ascii)
@pytest.mark.parametrize(
    ("name", "which"), [("list", "customer_id"), ("delete", "customer_id"), ("delete", "instrument_id")]
)
def test_ids_that_could_become_another_path_are_refused_before_any_request(
    client_class: type[Any], bad: str, name: str, which: str
) -> None:
    server = Server()
    args = {"customer_id": "cust_1", "instrument_id": "inst_1", which: bad}
    positional = (args["customer_id"],) if name == "list" else (args["customer_id"], args["instrument_id"])
    with pytest.raises(InvalidArgumentError, match=which):
        call(make_client(client_class, server), name, *positional)
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize("good", ["\u2026", "a\u2024b", "\u2024\u2024\u2024", "\u2215", "caf\u00e9"], ids=ascii)
def test_ids_that_only_look_like_dots_or_slashes_are_sent(client_class: type[Any], good: str) -> None:
    server = Server()
    call(make_client(client_class, server), "get", good, "inst_1")
    assert len(server.requests) == 1


@CLIENT_CLASSES
@pytest.mark.parametrize("bad", [None, 42, b"bytes"], ids=repr)
def test_non_string_ids_are_refused(client_class: type[Any], bad: Any) -> None:
    server = Server()
    with pytest.raises(InvalidArgumentError, match="must be a string"):
        call(make_client(client_class, server), "get", bad, "inst_1")
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("customer_id", "instrument_id", "raw_path"),
    [
        ("a?b", "c?d", b"/pg/customers/a%3Fb/instruments/c%3Fd"),
        ("a#b", "100%", b"/pg/customers/a%23b/instruments/100%25"),
        (".x.", "x..", b"/pg/customers/.x./instruments/x.."),
        ("%2e%2e", "%2F", b"/pg/customers/%252e%252e/instruments/%252F"),
        ("caf\u00e9", "\u0928\u092e", b"/pg/customers/caf%C3%A9/instruments/%E0%A4%A8%E0%A4%AE"),
        ("a b+c", "x;y=z&w", b"/pg/customers/a%20b%2Bc/instruments/x%3By%3Dz%26w"),
        ("...", "a..b", b"/pg/customers/.../instruments/a..b"),
    ],
)
def test_ids_travel_as_one_percent_encoded_segment(
    client_class: type[Any], customer_id: str, instrument_id: str, raw_path: bytes
) -> None:
    server = Server()
    call(make_client(client_class, server), "get", customer_id, instrument_id)
    assert server.last.url.raw_path == raw_path
    assert server.last.url.query == b""


@CLIENT_CLASSES
def test_ids_are_segments_of_the_cryptogram_path_too(client_class: type[Any]) -> None:
    server = Server()
    call(make_client(client_class, server), "cryptogram", "a?b", "c#cryptogram")
    assert server.last.url.raw_path == b"/pg/customers/a%3Fb/instruments/c%23cryptogram/cryptogram"


# --- generated functions through the client's pool ------------------------------------------------------------------

GENERATED_ESCAPES = [
    (pg_customer_delete_instrument, ("..", "..")),
    (pg_customer_delete_instrument, ("cust", "..")),
    (pg_customer_delete_instrument, ("..", "inst")),
    (pg_customer_delete_instrument, (".", "inst")),
    (pg_customer_fetch_instrument, ("..", "..")),
    (pg_customer_fetch_instrument, (".", "inst")),
    (pg_customer_instruments_fetch_cryptogram, ("..", "..")),
    (pg_customer_instruments_fetch_cryptogram, ("c", "..")),
    (pg_customer_delete_instrument, ("a/b", "inst")),
    (pg_customer_delete_instrument, ("cust", "a\\b")),
    (pg_customer_fetch_instrument, ("\uff0e\uff0e", "inst")),
    (pg_customer_instruments_fetch_cryptogram, ("c", "x\uff0fy")),
]


def _generated_id(value: Any) -> str:
    return value.__name__.rsplit(".", 1)[-1] if hasattr(value, "__name__") else repr(value)


@pytest.mark.parametrize(("module", "args"), GENERATED_ESCAPES, ids=_generated_id)
def test_generated_sync_functions_cannot_leave_the_four_operations(module: Any, args: tuple[str, str]) -> None:
    server = Server()
    cf = make_client(Cashfree, server)
    with pytest.raises(InvalidArgumentError, match="refused to send"):
        module.sync_detailed(*args, client=cf.generated_client())
    assert server.requests == []


@pytest.mark.parametrize(("module", "args"), GENERATED_ESCAPES, ids=_generated_id)
async def test_generated_async_functions_cannot_leave_the_four_operations(module: Any, args: tuple[str, str]) -> None:
    server = Server()
    cf = make_client(AsyncCashfree, server)
    with pytest.raises(InvalidArgumentError, match="refused to send"):
        await module.asyncio_detailed(*args, client=cf.generated_client())
    assert server.requests == []


@pytest.mark.parametrize("customer_id", ["..", "."])
def test_generated_list_cannot_leave_the_four_operations(customer_id: str) -> None:
    server = Server()
    cf = make_client(Cashfree, server)
    with pytest.raises(InvalidArgumentError):
        pg_customer_fetch_instruments.sync_detailed(
            customer_id, client=cf.generated_client(), instrument_type=InstrumentType.CARD
        )
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/orders"),
        ("GET", "/customers/c"),
        ("GET", "/customers/c/instruments/i/cryptogram/extra"),
        ("POST", "/customers/c/instruments"),
        ("PUT", "/customers/c/instruments/i"),
        ("DELETE", "/customers/c/instruments"),
        ("DELETE", "/customers/c/instruments/i/cryptogram"),
        ("GET", "/customers//instruments"),
        ("GET", "/customers/c/instruments/%2e%2e/cryptogram"),
        ("GET", "/customers/c/instruments/%2E./cryptogram"),
        ("DELETE", "/customers/%2e/instruments/i"),
        ("GET", BASE_URL.removesuffix("/pg") + "/customers/c/instruments"),
    ],
)
def test_the_pool_refuses_anything_but_the_four_operations(client_class: type[Any], method: str, url: str) -> None:
    server = Server()
    cf = make_client(client_class, server)
    generated = cf.generated_client()
    http = generated.get_httpx_client() if client_class is not AsyncCashfree else generated.get_async_httpx_client()
    with pytest.raises(InvalidArgumentError, match="refused to send"):
        run(http.request(method, url))
    assert server.requests == []


def test_a_generated_function_through_the_client_sends_authenticated_requests() -> None:
    server = Server()
    cf = make_client(Cashfree, server)
    response = pg_customer_fetch_instrument.sync_detailed("cust_1", "inst_1", client=cf.generated_client())
    assert response.status_code == 200
    assert server.last.url.path == "/pg/customers/cust_1/instruments/inst_1"
    assert _auth(server.last) == {"x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET}


async def test_a_generated_async_function_through_the_client_sends_authenticated_requests() -> None:
    server = Server()
    cf = make_client(AsyncCashfree, server)
    response = await pg_customer_instruments_fetch_cryptogram.asyncio_detailed(
        "cust_1", "inst_1", client=cf.generated_client()
    )
    assert response.status_code == 200
    assert server.last.url.path == "/pg/customers/cust_1/instruments/inst_1/cryptogram"
    assert _auth(server.last) == {"x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET}


# --- against the embedded fake, every request and response checked against the spec ---------------------------------

SEEDED_CUSTOMER = "siddhesh_desai"
SEEDED_INSTRUMENT = "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"


@CLIENT_CLASSES
@pytest.mark.parametrize("credential_set", ["secret", "partner-key", "partner-merchant"])
def test_every_operation_is_a_spec_request(client_class: type[Any], credential_set: str, contract_fake: Any) -> None:
    credentials = {
        "secret": {"client_id": contract_fake.client_id, "client_secret": contract_fake.client_secret},
        "partner-key": {"client_id": contract_fake.client_id, "partner_api_key": contract_fake.partner_apikey},
        "partner-merchant": {
            "partner_merchant_id": contract_fake.partner_merchant_id,
            "partner_api_key": contract_fake.partner_apikey,
        },
    }[credential_set]
    cf = client_class(transport=contract_fake.transport, **credentials)
    assert [i.instrument_id for i in run(cf.instruments.list(SEEDED_CUSTOMER))] == [SEEDED_INSTRUMENT]
    assert run(cf.instruments.get(SEEDED_CUSTOMER, SEEDED_INSTRUMENT)).instrument_id == SEEDED_INSTRUMENT
    assert run(cf.instruments.cryptogram(SEEDED_CUSTOMER, SEEDED_INSTRUMENT)).card_number
    assert run(cf.instruments.delete(SEEDED_CUSTOMER, SEEDED_INSTRUMENT)).instrument_id == SEEDED_INSTRUMENT
    with pytest.raises(NotFoundError):
        run(cf.instruments.get(SEEDED_CUSTOMER, SEEDED_INSTRUMENT))
    assert contract_fake.checked == 5


@CLIENT_CLASSES
def test_cookies_a_response_sets_are_not_sent_on_later_calls(client_class: type[Any]) -> None:
    # Cashfree authenticates by headers: a cookie (a proxy's, say) must not ride along to the next call.
    server = Server(
        lambda request: httpx.Response(
            200, headers={"set-cookie": "session=abc; Path=/; Domain=sandbox.cashfree.com"}, json=example_body(request)
        )
    )
    cf = make_client(client_class, server)
    call(cf, "get", "cust_1", "inst_1")
    call(cf, "list", "cust_1")
    call(cf.with_options(max_retries=0), "get", "cust_1", "inst_1")
    assert [request.headers.get("cookie") for request in server.requests] == [None, None, None]
    assert not cf._http.cookies
