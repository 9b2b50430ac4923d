"""Issue #11: credentials only ever reach the configured origin (scheme, host and port of base_url).

The network is an httpx.MockTransport that records what reaches it: "another host" is a URL the mock would have
answered, never a real connection.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cashfree_instruments import (
    API_VERSION,
    AsyncCashfree,
    CashfreeError,
    ConfigurationError,
    InvalidArgumentError,
)
from cashfree_instruments_generated.api.token_vault import pg_customer_fetch_instrument
from tests.helpers.client import (
    BASE_URL,
    CLIENT_CLASSES,
    CLIENT_ID,
    CLIENT_SECRET,
    PARTNER_API_KEY,
    PARTNER_MERCHANT_ID,
    Server,
    call,
    make_client,
    run,
)
from tests.helpers.fault_server import FaultServer, json_response
from tests.helpers.leak_scan import object_leaks

SECRETS = {"client secret": CLIENT_SECRET, "partner api key": PARTNER_API_KEY}
CREDENTIALS = pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY},
    ],
    ids=["secret", "partner-key"],
)
SPEC_PATH = "/customers/c/instruments/i"  # a path of one of the four operations (fetch an instrument)
OTHER_ORIGINS = [
    "https://evil.example",  # another host
    "http://evil.example",  # plain http to another host
    "http://sandbox.cashfree.com",  # the same host over plain http
    "https://sandbox.cashfree.com:8443",  # another port
    "https://sandbox.cashfree.com.evil.example",  # a host that merely starts like it
    "https://api.cashfree.com",  # production, from a sandbox client
]


def _pool(cf: Any) -> httpx.Client | httpx.AsyncClient:
    generated = cf.generated_client()
    return generated.get_async_httpx_client() if isinstance(cf, AsyncCashfree) else generated.get_httpx_client()


def _generated_get(cf: Any) -> Any:
    """Fetches an instrument with the generated function of the client's kind, through its pool."""
    if isinstance(cf, AsyncCashfree):
        return run(pg_customer_fetch_instrument.asyncio_detailed("c", "i", client=cf.generated_client()))
    return pg_customer_fetch_instrument.sync_detailed("c", "i", client=cf.generated_client())


def _spec_headers() -> dict[str, str]:
    return {"x-api-version": API_VERSION, "x-request-id": "r-1"}


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("origin", OTHER_ORIGINS)
def test_the_pool_refuses_absolute_urls_to_another_origin(
    client_class: type[Any], credentials: dict[str, str], origin: str
) -> None:
    server = Server()
    cf = make_client(client_class, server, **credentials)
    with pytest.raises(InvalidArgumentError, match="refused to send") as caught:
        run(_pool(cf).get(origin + "/pg" + SPEC_PATH, headers=_spec_headers()))
    assert server.requests == []
    assert CLIENT_SECRET not in str(caught.value)


@CLIENT_CLASSES
def test_the_pool_sends_absolute_urls_to_its_own_origin(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    for url in (BASE_URL + SPEC_PATH, "https://SANDBOX.cashfree.com:443/pg" + SPEC_PATH):
        response = run(_pool(cf).get(url, headers=_spec_headers()))
        assert response.status_code == 200
    assert [str(request.url) for request in server.requests] == [BASE_URL + SPEC_PATH] * 2
    assert all(request.headers["x-client-secret"] == CLIENT_SECRET for request in server.requests)


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("origin", OTHER_ORIGINS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_is_not_followed_with_the_credentials(
    client_class: type[Any], credentials: dict[str, str], origin: str, status: int
) -> None:
    # httpx re-sends a redirect through the same transport, dropping only Authorization: the caller's per-request
    # follow_redirects=True must not carry x-client-secret / x-partner-apikey to where the server points.
    def reply(request: httpx.Request) -> httpx.Response:
        if str(request.url) == BASE_URL + SPEC_PATH:
            return httpx.Response(status, headers={"location": origin + "/pg" + SPEC_PATH})
        return httpx.Response(200, json={})

    server = Server(reply)
    cf = make_client(client_class, server, **credentials)
    with pytest.raises(InvalidArgumentError, match="refused to send"):
        run(_pool(cf).get(SPEC_PATH, headers=_spec_headers(), follow_redirects=True))
    assert [str(request.url) for request in server.requests] == [BASE_URL + SPEC_PATH]


@CLIENT_CLASSES
@pytest.mark.parametrize(("location", "followed"), [("/pg/customers/c/instruments/j", True), ("x/cryptogram/x", False)])
def test_a_redirect_within_the_origin_is_followed_only_to_the_four_operations(
    client_class: type[Any], location: str, followed: bool
) -> None:
    server = Server(httpx.Response(307, headers={"location": location}), httpx.Response(200, json={}))
    cf = make_client(client_class, server)
    try:
        response = run(_pool(cf).get(SPEC_PATH, headers=_spec_headers(), follow_redirects=True))
    except InvalidArgumentError:
        response = None
    assert (response is not None) is followed
    if followed:
        assert [request.url.path for request in server.requests] == ["/pg" + SPEC_PATH, location]
        assert server.last.headers["x-client-secret"] == CLIENT_SECRET
    else:
        assert [request.url.path for request in server.requests] == ["/pg" + SPEC_PATH]


@CLIENT_CLASSES
def test_the_clients_own_calls_never_follow_a_redirect(client_class: type[Any]) -> None:
    server = Server(httpx.Response(302, headers={"location": "https://evil.example/pg" + SPEC_PATH}))
    cf = make_client(client_class, server, max_retries=0)
    with pytest.raises(CashfreeError):
        call(cf, "get", "c", "i")
    assert [request.url.host for request in server.requests] == ["sandbox.cashfree.com"]


@CLIENT_CLASSES
def test_the_pool_sends_its_own_credentials_whatever_the_request_says(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    other = {"x-client-id": "other_client", "X-Client-Secret": "other_SECRET", "x-partner-apikey": "other_KEY"}
    run(_pool(cf).get(SPEC_PATH, headers={**_spec_headers(), **other}))
    sent = server.last.headers
    assert sent.get_list("x-client-id") == [CLIENT_ID]
    assert sent.get_list("x-client-secret") == [CLIENT_SECRET]
    assert sent.get_list("x-partner-apikey") == ["other_KEY"]  # not one of this client's credentials: the caller's


# -- the generated client's helpers never change the shared pool ----------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("helper", "argument"),
    [
        ("with_headers", {"x-client-id": "other_client", "x-client-secret": "other_SECRET"}),
        ("with_cookies", {"session": "other-session"}),
        ("with_timeout", httpx.Timeout(0.001)),
    ],
)
def test_the_generated_clients_helpers_never_change_the_client(
    client_class: type[Any], helper: str, argument: Any
) -> None:
    server = Server()
    cf = make_client(client_class, server)
    sibling = cf.with_options(max_retries=0)
    with pytest.raises(ConfigurationError, match="shares"):
        getattr(cf.generated_client(), helper)(argument)
    call(cf, "get", "c", "i")
    call(sibling, "get", "c", "i")
    _generated_get(cf)
    for request in server.requests:
        assert request.headers["x-client-id"] == CLIENT_ID
        assert request.headers["x-client-secret"] == CLIENT_SECRET
        assert "cookie" not in request.headers
        assert request.extensions["timeout"]["read"] != 0.001
    assert len(server.requests) == 3
    assert CLIENT_ID in repr(cf)


# -- base_url with userinfo ------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "base_url",
    [
        "https://user:p4ssw0rd@sandbox.cashfree.com/pg",
        "https://user@sandbox.cashfree.com/pg",
        "https://:p4ssw0rd@sandbox.cashfree.com/pg",
        "http://user:p4ssw0rd@127.0.0.1:8080/pg",
    ],
)
def test_a_base_url_with_userinfo_is_refused_and_not_echoed(client_class: type[Any], base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="user") as caught:
        make_client(client_class, base_url=base_url)
    assert "p4ssw0rd" not in str(caught.value)
    with pytest.raises(ConfigurationError) as caught:
        client_class.from_env(
            {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": CLIENT_SECRET, "CASHFREE_BASE_URL": base_url}
        )
    assert "p4ssw0rd" not in str(caught.value)


# -- what a raw response shows ---------------------------------------------------------------------------------------


@CLIENT_CLASSES
@CREDENTIALS
def test_a_raw_responses_request_does_not_show_the_credentials(
    client_class: type[Any], credentials: dict[str, str]
) -> None:
    server = Server()
    cf = make_client(client_class, server, **credentials)
    response = call(cf, "cryptogram", "c", "i", raw=True)
    request = response.http_response.request
    shown = [repr(request.headers), str(request.headers), repr(dict(request.headers)), repr(request.headers.raw)]
    assert [name for text in shown for name, secret in SECRETS.items() if secret in text] == []
    assert object_leaks(response, SECRETS) == []
    assert object_leaks(response.metadata, SECRETS) == []
    sent = server.last.headers  # what went over the wire carried them
    assert (sent.get("x-client-secret"), sent.get("x-partner-apikey")) == (
        credentials.get("client_secret"),
        credentials.get("partner_api_key"),
    )


@CLIENT_CLASSES
@CREDENTIALS
def test_a_raw_response_over_real_http_holds_no_credentials(
    client_class: type[Any], credentials: dict[str, str]
) -> None:
    # Over a real connection httpcore's response stream keeps the request it sent (credentials included) for as
    # long as the stream lives: the response handed out must not.
    body = {"instrument_id": "i", "card_number": "4111111111111111", "cryptogram": "AAAA"}
    with FaultServer([json_response(200, body)]) as server:
        cf = client_class(base_url=server.base_url, max_retries=0, **credentials)
        if client_class is AsyncCashfree:

            async def fetch() -> Any:
                async with cf:  # one event loop for the call and the close: the connection belongs to it
                    return await cf.instruments.with_raw_response.cryptogram("c", "i")

            response = run(fetch())
        else:
            with cf:
                response = cf.instruments.with_raw_response.cryptogram("c", "i")
        assert server.requests[0].headers.get("x-client-id") == credentials.get("client_id")
    assert response.data.card_number == "4111111111111111"
    assert response.http_response.json() == body  # the body stays readable
    assert object_leaks(response, SECRETS) == []


@CLIENT_CLASSES
@CREDENTIALS
@pytest.mark.parametrize("status", [404, 429, 500])
def test_nothing_reachable_from_an_error_holds_the_credentials(
    client_class: type[Any], credentials: dict[str, str], status: int
) -> None:
    server = Server(httpx.Response(status, json={"message": "no", "code": "x", "type": "y"}))
    cf = make_client(client_class, server, max_retries=0, **credentials)
    with pytest.raises(CashfreeError) as caught:
        call(cf, "get", "c", "i")
    assert object_leaks(caught.value, SECRETS) == []


@CLIENT_CLASSES
@CREDENTIALS
def test_the_generated_pool_does_not_show_the_credentials(client_class: type[Any], credentials: dict[str, str]) -> None:
    server = Server()
    cf = make_client(client_class, server, **credentials)
    pool = _pool(cf)
    assert [name for name, secret in SECRETS.items() if secret in repr(pool.headers)] == []
    assert _generated_get(cf).status_code == 200
    assert server.last.headers.get("x-client-secret") == credentials.get("client_secret")


def test_the_object_scan_finds_what_it_looks_for() -> None:
    request = httpx.Request("GET", BASE_URL, headers={"x-client-secret": CLIENT_SECRET})
    assert object_leaks(httpx.Response(200, request=request), SECRETS) == ["client secret"]
