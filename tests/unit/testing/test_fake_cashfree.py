"""The fake Cashfree answers as the spec says, through its httpx transport (raw httpx, no client).

Every response here is checked against the spec by the contract fixtures; requests too where they are meant
to be valid (`contract_fake`).
"""

from __future__ import annotations

import base64
import re
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from cashfree_instruments.testing import FakeCashfree
from tests.helpers.contract import ContractFake
from tests.helpers.spec import SPEC

BASE_URL = "https://sandbox.cashfree.com/pg"
VERSION = {"x-api-version": SPEC["info"]["version"]}
CLIENT_AUTH = {"x-client-id": "fake_client_id", "x-client-secret": "fake_client_secret"}
SIDDHESH_CARD = "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"
AKSHITA_TWICE = "0d6b0245-f417-41a0-8151-0b03790de1f9"
CARD = {"instrument_type": "card"}


def _client(fake: FakeCashfree, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=BASE_URL, transport=fake.transport, headers={**CLIENT_AUTH, **VERSION, **headers})


@pytest.fixture
def client(contract_fake: ContractFake) -> Iterator[httpx.Client]:
    """Valid requests only: every request and response is checked against the spec."""
    with _client(contract_fake) as client:
        yield client


@pytest.fixture
def loose_client(response_contract_fake: ContractFake) -> Iterator[httpx.Client]:
    """For requests that break the spec on purpose: responses are still checked."""
    with _client(response_contract_fake) as client:
        yield client


def _error(response: httpx.Response, status: int, type_: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"message", "code", "type"}
    assert body["type"] == type_
    assert body["message"]
    assert body["code"]
    return dict(body)


# -- the four operations -----------------------------------------------------------------------------------------


def test_list_returns_the_customers_instruments_in_order(client: httpx.Client, contract_fake: ContractFake) -> None:
    response = client.get("/customers/akshita2106/instruments", params=CARD)
    assert response.status_code == 200
    assert response.json() == contract_fake.instruments("akshita2106")
    assert [i["afa_reference"] for i in response.json()] == ["2223295743", "2372080606", "3128531647"]


def test_fetch_returns_the_first_instrument_with_a_repeated_id(client: httpx.Client) -> None:
    response = client.get(f"/customers/akshita2106/instruments/{AKSHITA_TWICE}")
    assert response.status_code == 200
    assert response.json()["afa_reference"] == "2223295743"


def test_delete_removes_the_instrument_and_returns_it_inactive(
    client: httpx.Client, contract_fake: ContractFake
) -> None:
    before = contract_fake.instruments("siddhesh_desai")[0]
    assert before["instrument_status"] == "ACTIVE"
    deleted = client.delete(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}")
    assert deleted.status_code == 200
    assert deleted.json() == {**before, "instrument_status": "INACTIVE"}
    assert contract_fake.instruments("siddhesh_desai") == []
    assert client.get("/customers/siddhesh_desai/instruments", params=CARD).json() == []
    again = client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}")
    _error(again, 404, "invalid_request_error")
    _error(
        client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}/cryptogram"), 404, "invalid_request_error"
    )


def test_delete_of_a_repeated_id_removes_the_first_only(client: httpx.Client) -> None:
    first = client.delete(f"/customers/akshita2106/instruments/{AKSHITA_TWICE}")
    assert first.json()["afa_reference"] == "2223295743"
    left = client.get("/customers/akshita2106/instruments", params=CARD).json()
    assert [i["afa_reference"] for i in left] == ["2372080606", "3128531647"]
    assert client.get(f"/customers/akshita2106/instruments/{AKSHITA_TWICE}").json()["afa_reference"] == "3128531647"


def test_cryptogram_of_the_seeded_card_is_the_spec_example(client: httpx.Client) -> None:
    response = client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}/cryptogram")
    assert response.status_code == 200
    assert response.json()["cryptogram"] == "AQBBBBBBZatIlaIAmWKSghwBBBB="
    assert response.json()["instrument_id"] == SIDDHESH_CARD


def _luhn_valid(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(d * 2 - 9 if d > 4 else d * 2 for d in digits[1::2])
    return total % 10 == 0


def test_generated_cryptogram_is_plainly_fake_and_deterministic(client: httpx.Client) -> None:
    path = "/customers/akshita2106/instruments/36e3b8ab-27e5-4a33-baf6-31a2d412a530/cryptogram"
    cryptogram = client.get(path).json()
    assert client.get(path).json() == cryptogram
    assert FakeCashfree().cryptogram("akshita2106", "36e3b8ab-27e5-4a33-baf6-31a2d412a530") == cryptogram
    assert re.fullmatch(r"0000\d{12}", cryptogram["card_number"])
    assert _luhn_valid(cryptogram["card_number"])
    assert len(base64.b64decode(cryptogram["cryptogram"], validate=True)) == 20
    assert (cryptogram["card_expiry_mm"], cryptogram["card_expiry_yy"]) == ("09", "2028")
    assert cryptogram["card_display"] == "7293"
    assert cryptogram["instrument_id"] == "36e3b8ab-27e5-4a33-baf6-31a2d412a530"


def test_set_cryptogram_is_what_the_endpoint_returns(client: httpx.Client, contract_fake: ContractFake) -> None:
    added = contract_fake.add_instrument("cust_1")
    contract_fake.set_cryptogram("cust_1", added["instrument_id"], {"cryptogram": "Zm9vYmFy", "card_display": "0042"})
    response = client.get(f"/customers/cust_1/instruments/{added['instrument_id']}/cryptogram").json()
    assert response["cryptogram"] == "Zm9vYmFy"
    assert response["card_display"] == "0042"
    assert response["card_number"].startswith("0000")
    with pytest.raises(KeyError):
        contract_fake.set_cryptogram("cust_1", "no-such-instrument", {})


def test_add_instrument_fills_a_fresh_active_card(client: httpx.Client, contract_fake: ContractFake) -> None:
    added = contract_fake.add_instrument("cust_1")
    assert uuid.UUID(added["instrument_id"]).version == 4
    assert added["customer_id"] == "cust_1"
    assert added["instrument_status"] == "ACTIVE"
    assert added["instrument_type"] == "card"
    assert int(added["instrument_meta"]["card_token_details"]["expiry_year"]) > time.gmtime().tm_year
    assert client.get(f"/customers/cust_1/instruments/{added['instrument_id']}").json() == added
    assert contract_fake.add_instrument("cust_1")["instrument_id"] != added["instrument_id"]


def test_add_instrument_overrides_merge_and_none_leaves_out(contract_fake: ContractFake) -> None:
    added = contract_fake.add_instrument(
        "cust_1",
        {"instrument_id": "fixed", "instrument_meta": {"card_network": "rupay", "card_sub_type": None}},
        instrument_status="INACTIVE",
        afa_reference=None,
    )
    assert added["instrument_id"] == "fixed"
    assert added["instrument_status"] == "INACTIVE"
    assert "afa_reference" not in added
    assert added["instrument_meta"]["card_network"] == "rupay"
    assert "card_sub_type" not in added["instrument_meta"]
    assert added["instrument_meta"]["card_bank_name"]  # defaults kept around the override
    assert contract_fake.instruments("cust_1") == [added]


def test_instruments_returns_copies(contract_fake: ContractFake) -> None:
    contract_fake.instruments("akshita2106")[0]["instrument_status"] = "INACTIVE"
    assert contract_fake.instruments("akshita2106")[0]["instrument_status"] == "ACTIVE"
    assert contract_fake.instruments("nobody") == []


def test_a_customer_without_cards_lists_empty(client: httpx.Client, contract_fake: ContractFake) -> None:
    contract_fake.add_customer("new_customer")
    response = client.get("/customers/new_customer/instruments", params=CARD)
    assert (response.status_code, response.json()) == (200, [])


# -- authentication ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "credentials",
    [
        CLIENT_AUTH,
        {"x-client-id": "fake_client_id", "x-partner-apikey": "fake_partner_apikey"},
        {"x-partner-merchantid": "fake_partner_merchantid", "x-partner-apikey": "fake_partner_apikey"},
    ],
    ids=["client-secret", "client-partner-key", "partner"],
)
def test_every_credential_set_of_the_spec_is_accepted(contract_fake: ContractFake, credentials: dict[str, str]) -> None:
    with httpx.Client(base_url=BASE_URL, transport=contract_fake.transport, headers={**credentials, **VERSION}) as c:
        response = c.get("/customers/akshita2106/instruments", params=CARD)
    assert response.status_code == 200
    assert contract_fake.received[-1].headers.items() >= credentials.items()


def test_credentials_are_configurable() -> None:
    fake = ContractFake("my_id", "my_secret", partner_apikey="pk", partner_merchant_id="pm")
    with httpx.Client(base_url=BASE_URL, transport=fake.transport, headers=VERSION) as c:
        ok = c.get(
            "/customers/akshita2106/instruments",
            params=CARD,
            headers={"x-client-id": "my_id", "x-client-secret": "my_secret"},
        )
        partner = c.get(
            "/customers/akshita2106/instruments",
            params=CARD,
            headers={"x-partner-merchantid": "pm", "x-partner-apikey": "pk"},
        )
        default = c.get("/customers/akshita2106/instruments", params=CARD, headers=CLIENT_AUTH)
    assert (ok.status_code, partner.status_code, default.status_code) == (200, 200, 401)
    assert not fake.violations


@pytest.mark.parametrize(
    "credentials",
    [
        {},
        {"x-client-id": "fake_client_id"},
        {"x-client-secret": "fake_client_secret"},
        {"x-client-id": "fake_client_id", "x-client-secret": "wrong"},
        {"x-client-id": "other", "x-client-secret": "fake_client_secret"},
        {"x-client-id": "fake_client_id", "x-partner-apikey": "wrong"},
        {"x-partner-merchantid": "fake_partner_merchantid", "x-partner-apikey": "wrong"},
        {"x-partner-merchantid": "other", "x-partner-apikey": "fake_partner_apikey"},
        {"x-partner-apikey": "fake_partner_apikey"},
    ],
)
def test_missing_or_wrong_credentials_are_401(
    response_contract_fake: ContractFake, credentials: dict[str, str]
) -> None:
    with httpx.Client(
        base_url=BASE_URL, transport=response_contract_fake.transport, headers={**credentials, **VERSION}
    ) as c:
        for path in ("/customers/akshita2106/instruments", f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}"):
            body = _error(c.get(path, params=CARD), 401, "authentication_error")
            assert body["code"] == "request_failed"
        _error(c.delete(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}"), 401, "authentication_error")
    assert response_contract_fake.instruments("siddhesh_desai") != []


# -- bad requests and unknown resources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/customers/akshita2106/instruments?instrument_type=card",
        f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}",
        f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}/cryptogram",
    ],
)
def test_missing_api_version_is_400(response_contract_fake: ContractFake, path: str) -> None:
    with httpx.Client(base_url=BASE_URL, transport=response_contract_fake.transport, headers=CLIENT_AUTH) as c:
        body = _error(c.get(path), 400, "invalid_request_error")
    assert "x-api-version" in body["message"]


def test_any_api_version_is_accepted_and_echoed(client: httpx.Client) -> None:
    other = "2000-01-01"  # a past date: a later one would be some future bump's version
    response = client.get("/customers/akshita2106/instruments", params=CARD, headers={"x-api-version": other})
    assert response.status_code == 200
    assert response.headers["x-api-version"] == other


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?instrument_type=upi",
        "?instrument_type=CARD",
        "?instrument_type=card&instrument_type=upi",
        "?instrument_type=",
    ],
)
def test_list_needs_instrument_type_card(loose_client: httpx.Client, query: str) -> None:
    body = _error(loose_client.get(f"/customers/akshita2106/instruments{query}"), 400, "invalid_request_error")
    assert "instrument_type" in body["message"]


def test_a_repeated_instrument_type_card_is_accepted(client: httpx.Client, contract_fake: ContractFake) -> None:
    # Cashfree's official Python SDK sends the query twice.
    response = client.get("/customers/akshita2106/instruments?instrument_type=card&instrument_type=card")
    assert response.status_code == 200
    assert len(response.json()) == 3
    assert contract_fake.received[-1].query == {"instrument_type": ["card", "card"]}


def test_the_official_sdks_doubled_query_string_is_answered(
    loose_client: httpx.Client, response_contract_fake: ContractFake
) -> None:
    # cashfree-pg 6.0.1 appends its query string twice, the second time with '?'.
    response = loose_client.get("/customers/akshita2106/instruments?instrument_type=card?instrument_type=card")
    assert response.status_code == 200
    assert len(response.json()) == 3
    assert response_contract_fake.received[-1].query == {"instrument_type": ["card?instrument_type=card"]}
    other = loose_client.get("/customers/akshita2106/instruments?instrument_type=card?instrument_type=upi")
    _error(other, 400, "invalid_request_error")


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/customers/nobody/instruments?instrument_type=card", "nobody"),
        ("/customers/nobody/instruments/x", "nobody"),
        ("/customers/siddhesh_desai/instruments/no-such-card", "no-such-card"),
        ("/customers/siddhesh_desai/instruments/no-such-card/cryptogram", "no-such-card"),
    ],
)
def test_unknown_customer_or_instrument_is_404(client: httpx.Client, path: str, named: str) -> None:
    body = _error(client.get(path), 404, "invalid_request_error")
    assert named in body["message"]


def test_delete_of_an_unknown_instrument_is_404(client: httpx.Client, contract_fake: ContractFake) -> None:
    _error(client.delete("/customers/siddhesh_desai/instruments/no-such-card"), 404, "invalid_request_error")
    assert len(contract_fake.instruments("siddhesh_desai")) == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://sandbox.cashfree.com/customers/akshita2106/instruments?instrument_type=card",  # no /pg
        "https://sandbox.cashfree.com/pg/orders",
        "https://sandbox.cashfree.com/pg/customers/akshita2106/instruments/",
        "https://sandbox.cashfree.com/pg/customers//instruments",
        "https://sandbox.cashfree.com/v2/pg/customers/akshita2106/instruments",
    ],
)
def test_paths_outside_the_api_are_404(response_contract_fake: ContractFake, url: str) -> None:
    with _client(response_contract_fake) as c:
        _error(c.get(url), 404, "invalid_request_error")
    assert response_contract_fake.received[-1].operation is None


def test_an_undocumented_method_is_405_with_allow(loose_client: httpx.Client) -> None:
    response = loose_client.post("/customers/akshita2106/instruments", json={})
    _error(response, 405, "invalid_request_error")
    assert response.headers["allow"] == "GET"
    put = loose_client.put(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}")
    assert put.headers["allow"] == "DELETE, GET"


def test_ids_with_reserved_and_non_ascii_characters_round_trip(
    client: httpx.Client, contract_fake: ContractFake
) -> None:
    customer_id, instrument_id = "a/b?c#d%e é", "x/y?z#%ü 1"
    contract_fake.add_instrument(customer_id, instrument_id=instrument_id)
    path = f"/customers/{quote(customer_id, safe='')}/instruments/{quote(instrument_id, safe='')}"
    fetched = client.get(path)
    assert fetched.status_code == 200
    assert (fetched.json()["customer_id"], fetched.json()["instrument_id"]) == (customer_id, instrument_id)
    assert contract_fake.received[-1].path == "/pg" + path
    listed = client.get(f"/customers/{quote(customer_id, safe='')}/instruments", params=CARD)
    assert [i["instrument_id"] for i in listed.json()] == [instrument_id]
    assert client.get(path + "/cryptogram").json()["instrument_id"] == instrument_id
    # Unencoded, the '/' splits the id: not the same instrument (and a path the spec does not have).
    contract_fake.check_requests = False
    assert client.get(f"/customers/{quote(customer_id, safe='/')}/instruments", params=CARD).status_code == 404


# -- response headers --------------------------------------------------------------------------------------------


def test_request_id_is_echoed_or_generated(client: httpx.Client) -> None:
    echoed = client.get("/customers/akshita2106/instruments", params=CARD, headers={"x-request-id": "req-123"})
    assert echoed.headers["x-request-id"] == "req-123"
    generated = client.get("/customers/akshita2106/instruments", params=CARD)
    assert uuid.UUID(generated.headers["x-request-id"]).version == 4


def test_every_response_carries_the_rate_limit_and_idempotency_headers(loose_client: httpx.Client) -> None:
    responses = [
        loose_client.get("/customers/akshita2106/instruments", params=CARD),
        loose_client.get("/customers/nobody/instruments/x"),
        loose_client.get("/customers/akshita2106/instruments"),
        loose_client.get("/customers/akshita2106/instruments", params=CARD, headers={"x-client-secret": "wrong"}),
    ]
    remaining = []
    for response in responses:
        assert response.headers["content-type"] == "application/json"
        assert int(response.headers["x-ratelimit-limit"]) >= int(response.headers["x-ratelimit-remaining"]) >= 0
        assert int(response.headers["x-ratelimit-retry"]) == 0
        assert response.headers["x-ratelimit-type"] == "app_id"
        assert response.headers["x-idempotency-replayed"] == "false"
        assert "x-idempotency-key" not in response.headers
        assert response.headers["x-api-version"] == VERSION["x-api-version"]
        assert int(response.headers["content-length"]) == len(response.content)
        remaining.append(int(response.headers["x-ratelimit-remaining"]))
    assert remaining == sorted(remaining, reverse=True)
    assert remaining[0] > remaining[-1]


# -- idempotency -------------------------------------------------------------------------------------------------


def test_an_idempotency_key_replays_the_first_answer(client: httpx.Client, contract_fake: ContractFake) -> None:
    key = {"x-idempotency-key": str(uuid.uuid4())}
    path = f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}"
    first = client.delete(path, headers=key)
    replay = client.delete(path, headers=key)
    assert (first.status_code, replay.status_code) == (200, 200)
    assert replay.content == first.content
    assert first.headers["x-idempotency-replayed"] == "false"
    assert replay.headers["x-idempotency-replayed"] == "true"
    assert replay.headers["x-idempotency-key"] == key["x-idempotency-key"]
    # Without the key, the instrument is simply gone.
    _error(client.delete(path), 404, "invalid_request_error")
    assert contract_fake.instruments("siddhesh_desai") == []


def test_an_idempotency_key_reused_for_another_request_is_422(client: httpx.Client) -> None:
    key = {"x-idempotency-key": str(uuid.uuid4())}
    assert client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}", headers=key).status_code == 200
    other_method = client.delete(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}", headers=key)
    _error(other_method, 422, "idempotency_error")
    assert other_method.headers["x-idempotency-replayed"] == "false"
    _error(client.get("/customers/akshita2106/instruments", params=CARD, headers=key), 422, "idempotency_error")
    assert client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}").status_code == 200


def test_idempotency_ignores_a_repeated_query_pair(client: httpx.Client) -> None:
    key = {"x-idempotency-key": str(uuid.uuid4())}
    first = client.get("/customers/akshita2106/instruments?instrument_type=card", headers=key)
    again = client.get("/customers/akshita2106/instruments?instrument_type=card&instrument_type=card", headers=key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.headers["x-idempotency-replayed"] == "true"


def test_idempotency_keys_belong_to_one_client(contract_fake: ContractFake) -> None:
    key = {"x-idempotency-key": str(uuid.uuid4())}
    partner = {"x-partner-merchantid": "fake_partner_merchantid", "x-partner-apikey": "fake_partner_apikey"}
    with _client(contract_fake) as merchant_client:
        first = merchant_client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}", headers=key)
    with httpx.Client(base_url=BASE_URL, transport=contract_fake.transport, headers={**partner, **VERSION}) as c:
        other = c.get("/customers/akshita2106/instruments", params=CARD, headers=key)
    assert (first.status_code, other.status_code) == (200, 200)
    assert other.headers["x-idempotency-replayed"] == "false"


def test_a_malformed_idempotency_key_is_400(loose_client: httpx.Client) -> None:
    response = loose_client.get("/customers/akshita2106/instruments", params=CARD, headers={"x-idempotency-key": "k1"})
    assert "x-idempotency-key" in _error(response, 400, "invalid_request_error")["message"]


# -- faults ------------------------------------------------------------------------------------------------------


def test_injected_429_carries_retry_then_calls_succeed(client: httpx.Client, contract_fake: ContractFake) -> None:
    contract_fake.inject(429, times=2, retry_after=7)
    for _ in range(2):
        limited = client.get("/customers/akshita2106/instruments", params=CARD)
        _error(limited, 429, "rate_limit_error")
        assert limited.headers["x-ratelimit-retry"] == "7"
        assert limited.headers["x-ratelimit-remaining"] == "0"
    assert client.get("/customers/akshita2106/instruments", params=CARD).status_code == 200


@pytest.mark.parametrize("status", [500, 502])
def test_injected_server_errors_have_the_api_error_shape(
    client: httpx.Client, contract_fake: ContractFake, status: int
) -> None:
    contract_fake.inject(status)
    _error(client.get("/customers/akshita2106/instruments", params=CARD), status, "api_error")
    assert client.get("/customers/akshita2106/instruments", params=CARD).status_code == 200


@pytest.mark.parametrize("operation", ["PGCustomerDeleteInstrument", "pg_customer_delete_instrument"])
def test_a_fault_for_one_operation_leaves_the_others_alone(
    client: httpx.Client, contract_fake: ContractFake, operation: str
) -> None:
    """The operation by its spec operationId or its generated name."""
    contract_fake.inject(500, operation=operation)
    assert client.get("/customers/akshita2106/instruments", params=CARD).status_code == 200
    assert client.get(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}").status_code == 200
    _error(client.delete(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}"), 500, "api_error")
    assert len(contract_fake.instruments("siddhesh_desai")) == 1
    assert client.delete(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}").status_code == 200


def test_faults_apply_in_order_and_clear(client: httpx.Client, contract_fake: ContractFake) -> None:
    contract_fake.inject(502)
    contract_fake.inject(429, times=3)
    statuses = [client.get("/customers/akshita2106/instruments", params=CARD).status_code for _ in range(3)]
    assert statuses == [502, 429, 429]
    contract_fake.clear_faults()
    assert client.get("/customers/akshita2106/instruments", params=CARD).status_code == 200


def test_a_faulted_call_is_not_remembered_by_its_idempotency_key(
    client: httpx.Client, contract_fake: ContractFake
) -> None:
    key = {"x-idempotency-key": str(uuid.uuid4())}
    contract_fake.inject(500)
    path = f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}"
    assert client.delete(path, headers=key).status_code == 500
    retried = client.delete(path, headers=key)
    assert retried.status_code == 200
    assert retried.headers["x-idempotency-replayed"] == "false"


def test_injected_body_and_headers_replace_the_defaults() -> None:
    fake = FakeCashfree()  # not a contract fake: an HTML error page is outside the spec, as a proxy's would be
    fake.inject(502, body=b"<html>bad gateway</html>", headers={"content-type": "text/html"})
    fake.inject(500, body={"message": "boom", "type": "api_error"})
    with _client(fake) as client:
        html = client.get("/customers/akshita2106/instruments", params=CARD)
        custom = client.get("/customers/akshita2106/instruments", params=CARD)
    assert (html.status_code, html.text, html.headers["content-type"]) == (502, "<html>bad gateway</html>", "text/html")
    assert html.headers["x-ratelimit-limit"]  # the usual headers are still there
    assert (custom.status_code, custom.json()) == (500, {"message": "boom", "type": "api_error"})


def test_an_injected_delay_slows_the_call_then_answers(client: httpx.Client, contract_fake: ContractFake) -> None:
    contract_fake.inject(None, delay=0.2)
    started = time.monotonic()
    response = client.get("/customers/akshita2106/instruments", params=CARD)
    assert time.monotonic() - started >= 0.2
    assert response.status_code == 200


@pytest.mark.parametrize(
    "arguments",
    [{"status": 200}, {"operation": "PGCustomerCreateInstrument"}, {"times": 0}, {"delay": -1.0}],
)
def test_inject_refuses_nonsense(contract_fake: ContractFake, arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        contract_fake.inject(**arguments)


# -- recording, async, threads -----------------------------------------------------------------------------------


def test_received_records_each_request(client: httpx.Client, contract_fake: ContractFake) -> None:
    client.get("/customers/akshita2106/instruments", params=CARD, headers={"x-request-id": "r1"})
    client.delete(f"/customers/siddhesh_desai/instruments/{SIDDHESH_CARD}")
    first, second = contract_fake.received
    assert (first.method, first.path, first.query) == (
        "GET",
        "/pg/customers/akshita2106/instruments",
        {"instrument_type": ["card"]},
    )
    assert first.operation == "pg_customer_fetch_instruments"  # the generated descriptor's operation_id
    assert first.headers["x-client-id"] == "fake_client_id"
    assert first.headers["x-request-id"] == "r1"
    assert (second.method, second.operation) == ("DELETE", "pg_customer_delete_instrument")
    contract_fake.reset_received()
    assert contract_fake.received == []


async def test_the_transport_serves_an_async_client(contract_fake: ContractFake) -> None:
    async with httpx.AsyncClient(
        base_url=BASE_URL, transport=contract_fake.transport, headers={**CLIENT_AUTH, **VERSION}
    ) as client:
        response = await client.get("/customers/akshita2106/instruments", params=CARD)
    assert response.status_code == 200
    assert len(response.json()) == 3


def test_concurrent_calls_are_safe(contract_fake: ContractFake) -> None:
    def work(n: int) -> None:
        with _client(contract_fake) as c:
            for i in range(10):
                added = contract_fake.add_instrument("busy", instrument_id=f"{n}-{i}")
                assert c.delete(f"/customers/busy/instruments/{added['instrument_id']}").status_code == 200

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert contract_fake.instruments("busy") == []
    assert len(contract_fake.received) == 80


def test_the_wsgi_app_answers_like_the_transport(contract_fake: ContractFake) -> None:
    from werkzeug.test import Client

    customer_id = "a/b é"
    contract_fake.add_instrument(customer_id, instrument_id="i/1")
    response = Client(contract_fake.wsgi_app).get(
        f"/pg/customers/{quote(customer_id, safe='')}/instruments",
        query_string="instrument_type=card",
        headers={**CLIENT_AUTH, **VERSION},
    )
    assert response.status_code == 200
    assert [i["instrument_id"] for i in response.get_json()] == ["i/1"]
    assert int(response.headers["content-length"]) == len(response.get_data())
