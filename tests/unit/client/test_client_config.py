"""Building a client: credentials, environments and base URLs, from_env, repr, TLS, timeouts, with_options."""

from __future__ import annotations

import inspect
import ssl
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest

from cashfree_instruments import (
    API_VERSION,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    APIStatusError,
    AsyncCashfree,
    Cashfree,
    ConfigurationError,
    Environment,
)
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
    record_sleeps,
    run,
)


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def _ssl_context_of(cf: Any) -> ssl.SSLContext:
    """The SSL context of the real transport a client built (httpx internals: the only way to see it)."""
    inner = cf._http._transport._inner
    return inner._pool._ssl_context  # type: ignore[no-any-return]


# --- credentials ----------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        {"client_id": CLIENT_ID, "partner_api_key": PARTNER_API_KEY},
        {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY},
    ],
    ids=["id+secret", "id+partner-key", "partner-merchant+partner-key"],
)
def test_each_accepted_credential_set_builds_a_client(client_class: type[Any], credentials: dict[str, str]) -> None:
    server = Server()
    cf = client_class(transport=server.transport, **credentials)
    assert cf.base_url == BASE_URL
    assert server.requests == []  # construction sends nothing


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "credentials",
    [
        {},
        {"client_id": CLIENT_ID},
        {"client_secret": CLIENT_SECRET},
        {"partner_api_key": PARTNER_API_KEY},
        {"partner_merchant_id": PARTNER_MERCHANT_ID},
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "partner_api_key": PARTNER_API_KEY},
        {"partner_merchant_id": PARTNER_MERCHANT_ID, "client_secret": CLIENT_SECRET},
        {"client_id": CLIENT_ID, "partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY},
    ],
    ids=repr,
)
def test_missing_or_mixed_credentials_fail_at_construction(
    client_class: type[Any], credentials: dict[str, str]
) -> None:
    server = Server()
    with pytest.raises(ConfigurationError, match="credentials must be exactly one of"):
        client_class(transport=server.transport, **credentials)
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize("field", ["client_id", "client_secret"])
@pytest.mark.parametrize(
    "bad",
    ["", "   ", "abc\ndef", "abc\r\nx-evil: 1", "abc\x00", "abc\x7f", "tab\there", "sp ace", "caf\u00e9", 42],
    ids=repr,
)
def test_empty_or_control_character_credentials_fail_at_construction(
    client_class: type[Any], field: str, bad: Any
) -> None:
    server = Server()
    credentials: dict[str, Any] = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, field: bad}
    with pytest.raises(ConfigurationError) as caught:
        client_class(transport=server.transport, **credentials)
    assert isinstance(caught.value, ValueError)
    assert field in str(caught.value)
    assert server.requests == []


@CLIENT_CLASSES
@pytest.mark.parametrize("field", ["partner_api_key", "partner_merchant_id"])
def test_bad_partner_credentials_fail_at_construction(client_class: type[Any], field: str) -> None:
    credentials = {"partner_merchant_id": PARTNER_MERCHANT_ID, "partner_api_key": PARTNER_API_KEY, field: "a\nb"}
    with pytest.raises(ConfigurationError, match=field):
        client_class(transport=Server().transport, **credentials)


def test_configuration_error_is_a_value_error() -> None:
    assert issubclass(ConfigurationError, ValueError)


# --- environments and base URLs -------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ("sandbox", "https://sandbox.cashfree.com/pg"),
        ("production", "https://api.cashfree.com/pg"),
        (Environment.PRODUCTION, "https://api.cashfree.com/pg"),
    ],
)
def test_environment_selects_the_base_url(client_class: type[Any], environment: Any, expected: str) -> None:
    server = Server()
    cf = make_client(client_class, server, environment=environment)
    assert cf.base_url == expected
    call(cf, "list", "cust_1")
    assert str(server.last.url).startswith(expected + "/customers/cust_1/instruments")


@CLIENT_CLASSES
def test_sandbox_is_the_default_environment(client_class: type[Any]) -> None:
    assert make_client(client_class).base_url == Environment.SANDBOX.base_url


@CLIENT_CLASSES
def test_unknown_environment_is_refused(client_class: type[Any]) -> None:
    with pytest.raises(ConfigurationError, match="environment must be one of"):
        make_client(client_class, environment="staging")


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8080/pg", "http://localhost:9000", "http://[::1]:8000/pg", "https://proxy.example.com/pg"],
)
def test_https_and_loopback_http_base_urls_are_accepted(client_class: type[Any], base_url: str) -> None:
    server = Server()
    cf = make_client(client_class, server, base_url=base_url)
    call(cf, "get", "c", "i")
    assert str(server.last.url) == base_url.rstrip("/") + "/customers/c/instruments/i"


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "base_url", ["http://example.com/pg", "http://10.0.0.7/pg", "http://localhost.example.com", "http://127.0.0.1.evil"]
)
def test_plain_http_to_a_non_loopback_host_is_refused(client_class: type[Any], base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http"):
        make_client(client_class, base_url=base_url)


@CLIENT_CLASSES
def test_allow_insecure_http_permits_plain_http(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server, base_url="http://cashfree.internal/pg", allow_insecure_http=True)
    call(cf, "list", "cust_1")
    assert server.last.url.scheme == "http"
    assert server.last.url.host == "cashfree.internal"


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "base_url", ["ftp://example.com/pg", "https://", "not a url", "https://api.cashfree.com/pg?x=1", "https://h/p#f"]
)
def test_unusable_base_urls_are_refused(client_class: type[Any], base_url: str) -> None:
    with pytest.raises(ConfigurationError):
        make_client(client_class, base_url=base_url)


# --- from_env -------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_from_env_reads_the_cashfree_variables(client_class: type[Any]) -> None:
    server = Server()
    environ = {
        "CASHFREE_CLIENT_ID": CLIENT_ID,
        "CASHFREE_CLIENT_SECRET": CLIENT_SECRET,
        "CASHFREE_ENVIRONMENT": "production",
        "CASHFREE_API_VERSION": "2023-08-01",
    }
    cf = client_class.from_env(environ=environ, transport=server.transport)
    assert cf.base_url == Environment.PRODUCTION.base_url
    call(cf, "list", "cust_1")
    assert server.last.headers["x-client-id"] == CLIENT_ID
    assert server.last.headers["x-client-secret"] == CLIENT_SECRET
    assert server.last.headers["x-api-version"] == "2023-08-01"
    assert server.last.url.host == "api.cashfree.com"


@CLIENT_CLASSES
def test_from_env_reads_the_base_url(client_class: type[Any]) -> None:
    environ = {
        "CASHFREE_CLIENT_ID": CLIENT_ID,
        "CASHFREE_CLIENT_SECRET": CLIENT_SECRET,
        "CASHFREE_BASE_URL": "http://127.0.0.1:8765/pg",
    }
    cf = client_class.from_env(environ=environ, transport=Server().transport)
    assert cf.base_url == "http://127.0.0.1:8765/pg"
    assert cf.api_version == API_VERSION


@CLIENT_CLASSES
def test_from_env_reads_partner_credentials(client_class: type[Any]) -> None:
    server = Server()
    environ = {"CASHFREE_PARTNER_APIKEY": PARTNER_API_KEY, "CASHFREE_PARTNER_MERCHANTID": PARTNER_MERCHANT_ID}
    cf = client_class.from_env(environ=environ, transport=server.transport)
    call(cf, "get", "c", "i")
    assert server.last.headers["x-partner-apikey"] == PARTNER_API_KEY
    assert server.last.headers["x-partner-merchantid"] == PARTNER_MERCHANT_ID
    assert "x-client-secret" not in server.last.headers


@CLIENT_CLASSES
def test_from_env_keyword_overrides_win(client_class: type[Any]) -> None:
    environ = {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": CLIENT_SECRET}
    cf = client_class.from_env(environ=environ, environment="production", max_retries=5, transport=Server().transport)
    assert cf.base_url == Environment.PRODUCTION.base_url
    assert cf.max_retries == 5


@CLIENT_CLASSES
def test_from_env_reads_os_environ_by_default(client_class: type[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASHFREE_CLIENT_ID", "from_os_environ")
    monkeypatch.setenv("CASHFREE_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.delenv("CASHFREE_PARTNER_APIKEY", raising=False)
    monkeypatch.delenv("CASHFREE_PARTNER_MERCHANTID", raising=False)
    monkeypatch.delenv("CASHFREE_BASE_URL", raising=False)
    monkeypatch.delenv("CASHFREE_ENVIRONMENT", raising=False)
    monkeypatch.delenv("CASHFREE_API_VERSION", raising=False)
    server = Server()
    cf = client_class.from_env(transport=server.transport)
    call(cf, "list", "c")
    assert server.last.headers["x-client-id"] == "from_os_environ"


@CLIENT_CLASSES
@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"CASHFREE_CLIENT_ID": CLIENT_ID},
        {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": ""},
        {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": CLIENT_SECRET, "CASHFREE_ENVIRONMENT": "prod"},
        {"CASHFREE_CLIENT_ID": CLIENT_ID, "CASHFREE_CLIENT_SECRET": "x\ny"},
    ],
    ids=["empty", "no-secret", "empty-secret", "bad-environment", "control-character"],
)
def test_from_env_with_unusable_variables_fails_at_construction(
    client_class: type[Any], environ: dict[str, str]
) -> None:
    server = Server()
    with pytest.raises(ConfigurationError):
        client_class.from_env(environ=environ, transport=server.transport)
    assert server.requests == []


# --- repr -----------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_repr_names_the_client_but_not_its_secrets(client_class: type[Any]) -> None:
    cf = make_client(client_class)
    text = repr(cf)
    assert text.startswith(client_class.__name__ + "(")
    assert CLIENT_ID in text
    assert BASE_URL in text
    assert API_VERSION in text
    assert CLIENT_SECRET not in text
    assert CLIENT_SECRET not in str(cf)


@CLIENT_CLASSES
def test_repr_hides_the_partner_api_key(client_class: type[Any]) -> None:
    cf = make_client(client_class, partner_merchant_id=PARTNER_MERCHANT_ID, partner_api_key=PARTNER_API_KEY)
    assert PARTNER_MERCHANT_ID in repr(cf)
    assert PARTNER_API_KEY not in repr(cf)
    assert PARTNER_API_KEY not in repr(cf._config)


# --- transport security ---------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_tls_verification_is_on_by_default(client_class: type[Any]) -> None:
    cf = client_class(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    context = _ssl_context_of(cf)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    run(cf.close())


@CLIENT_CLASSES
def test_a_ca_bundle_path_is_accepted(client_class: type[Any]) -> None:
    cf = client_class(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, verify=certifi.where())
    context = _ssl_context_of(cf)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.cert_store_stats()["x509_ca"] > 0
    run(cf.close())


@CLIENT_CLASSES
def test_a_missing_ca_bundle_is_a_configuration_error(client_class: type[Any], tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="CA bundle"):
        client_class(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, verify=str(tmp_path / "missing.pem"))


@CLIENT_CLASSES
def test_a_ca_bundle_that_is_not_certificates_is_a_configuration_error(client_class: type[Any], tmp_path: Path) -> None:
    bundle = tmp_path / "junk.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    with pytest.raises(ConfigurationError, match="CA bundle"):
        client_class(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, verify=str(bundle))


@CLIENT_CLASSES
def test_an_ssl_context_is_used_as_given(client_class: type[Any]) -> None:
    context = ssl.create_default_context()
    cf = client_class(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, verify=context)
    assert _ssl_context_of(cf) is context
    run(cf.close())


@CLIENT_CLASSES
def test_verify_of_another_type_is_refused(client_class: type[Any]) -> None:
    with pytest.raises(ConfigurationError, match="verify"):
        client_class(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, verify=3)


@CLIENT_CLASSES
def test_redirects_are_not_followed(client_class: type[Any]) -> None:
    server = Server(httpx.Response(302, headers={"location": "https://evil.example.com/customers/c/instruments"}))
    cf = make_client(client_class, server, max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        call(cf, "list", "c")
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 302
    assert len(server.requests) == 1


# --- timeouts -------------------------------------------------------------------------------------------------------


def _timeout_of(request: httpx.Request) -> dict[str, float | None]:
    return dict(request.extensions["timeout"])


@CLIENT_CLASSES
def test_default_timeouts_reach_the_request(client_class: type[Any]) -> None:
    server = Server()
    call(make_client(client_class, server), "list", "c")
    assert _timeout_of(server.last) == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert DEFAULT_TIMEOUT.read == 30.0


@CLIENT_CLASSES
def test_a_client_timeout_in_seconds_reaches_the_request(client_class: type[Any]) -> None:
    server = Server()
    call(make_client(client_class, server, timeout=12.0), "get", "c", "i")
    assert _timeout_of(server.last) == {"connect": 5.0, "read": 12.0, "write": 12.0, "pool": 12.0}


@CLIENT_CLASSES
def test_a_short_client_timeout_shortens_connect_too(client_class: type[Any]) -> None:
    server = Server()
    call(make_client(client_class, server, timeout=2), "get", "c", "i")
    assert _timeout_of(server.last) == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}


@CLIENT_CLASSES
def test_an_httpx_timeout_is_used_as_given(client_class: type[Any]) -> None:
    server = Server()
    timeout = httpx.Timeout(7.0, connect=1.0, read=20.0)
    call(make_client(client_class, server, timeout=timeout), "cryptogram", "c", "i")
    assert _timeout_of(server.last) == {"connect": 1.0, "read": 20.0, "write": 7.0, "pool": 7.0}


@CLIENT_CLASSES
@pytest.mark.parametrize("name", ["list", "get", "delete", "cryptogram"])
def test_a_per_call_timeout_reaches_the_request_and_only_that_one(client_class: type[Any], name: str) -> None:
    server = Server()
    cf = make_client(client_class, server)
    args = ("c",) if name == "list" else ("c", "i")
    call(cf, name, *args, timeout=httpx.Timeout(3.0))
    assert _timeout_of(server.last) == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    call(cf, name, *args, timeout=1.5)
    assert _timeout_of(server.last)["read"] == 1.5
    call(cf, name, *args)
    assert _timeout_of(server.last)["read"] == 30.0


@CLIENT_CLASSES
@pytest.mark.parametrize("timeout", [0, -1, "5", True, float("nan")], ids=repr)
def test_unusable_timeouts_are_refused(client_class: type[Any], timeout: Any) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        make_client(client_class, timeout=timeout)


@CLIENT_CLASSES
@pytest.mark.parametrize("max_retries", [-1, 1.5, True, "2"], ids=repr)
def test_unusable_max_retries_are_refused(client_class: type[Any], max_retries: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        make_client(client_class, max_retries=max_retries)


@CLIENT_CLASSES
def test_defaults(client_class: type[Any]) -> None:
    cf = make_client(client_class)
    assert cf.max_retries == DEFAULT_MAX_RETRIES == 2
    assert cf.api_version == API_VERSION


# --- with_options ---------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_with_options_changes_the_copy_only(client_class: type[Any]) -> None:
    server = Server()
    cf = make_client(client_class, server)
    derived = cf.with_options(max_retries=0, timeout=4.0, api_version="2022-09-01")
    assert isinstance(derived, client_class)
    assert (derived.max_retries, derived.api_version) == (0, "2022-09-01")
    assert (cf.max_retries, cf.api_version) == (DEFAULT_MAX_RETRIES, API_VERSION)

    call(derived, "list", "c")
    assert server.last.headers["x-api-version"] == "2022-09-01"
    assert _timeout_of(server.last)["read"] == 4.0
    call(cf, "list", "c")
    assert server.last.headers["x-api-version"] == API_VERSION
    assert _timeout_of(server.last)["read"] == 30.0


@CLIENT_CLASSES
def test_with_options_keeps_what_it_is_not_given(client_class: type[Any]) -> None:
    cf = make_client(client_class, max_retries=4, api_version="2022-09-01")
    derived = cf.with_options()
    assert (derived.max_retries, derived.api_version, derived.base_url) == (4, "2022-09-01", cf.base_url)


@CLIENT_CLASSES
def test_with_options_checks_what_it_is_given(client_class: type[Any]) -> None:
    cf = make_client(client_class)
    with pytest.raises(ConfigurationError):
        cf.with_options(max_retries=-1)
    with pytest.raises(ConfigurationError):
        cf.with_options(timeout=0)
    with pytest.raises(ValueError, match="api_version"):
        cf.with_options(api_version="2022-09-01\r\nx-evil: 1")


@CLIENT_CLASSES
@pytest.mark.parametrize("api_version", ["", "2022-09-01\r\nx-evil: 1", "v\x00"], ids=repr)
def test_an_unusable_api_version_fails_at_construction(client_class: type[Any], api_version: str) -> None:
    with pytest.raises(ConfigurationError, match="api_version"):
        make_client(client_class, api_version=api_version)


def test_sync_and_async_clients_take_the_same_arguments() -> None:
    sync_parameters = inspect.signature(Cashfree.__init__).parameters
    async_parameters = inspect.signature(AsyncCashfree.__init__).parameters
    assert list(sync_parameters) == list(async_parameters)
    sync_options = inspect.signature(Cashfree.with_options).parameters
    assert list(sync_options) == list(inspect.signature(AsyncCashfree.with_options).parameters)
