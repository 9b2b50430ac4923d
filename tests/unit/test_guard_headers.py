"""The guard's authenticated copy of a request holds what httpx.Headers makes of the request's headers without
the caller's credential headers, then the client's credentials: built from httpx's own header items
(_paths._Guard.authenticated, docs/benchmarks.md round 4) instead of normalising each header again."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cashfree_instruments import _paths
from cashfree_instruments._credentials import Credentials
from cashfree_instruments._paths import _Guard, check_route

# Headers the spec refuses (newlines, bytes beyond ASCII) are the point here: the guard's route check runs as in
# production, without the suite's check that every request meets the spec (tests/conftest.py).
UNWATCHED_CHECK_ROUTE = check_route

BASE_URL = "http://127.0.0.1:8080/pg"
URL = f"{BASE_URL}/customers/c1/instruments/i1"


@dataclass(frozen=True)
class Destination:
    base_url: str
    base_path: str
    credentials: Credentials


credential_text = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=12)
credentials = st.one_of(
    st.builds(Credentials, client_id=credential_text, client_secret=credential_text),
    st.builds(Credentials, client_id=credential_text, partner_api_key=credential_text),
    st.builds(Credentials, partner_merchant_id=credential_text, partner_api_key=credential_text),
)
names = st.one_of(
    st.sampled_from(["x-client-id", "X-Client-Secret", "X-PARTNER-APIKEY", "x-partner-merchantid", "X-Request-Id"]),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=":"), min_size=1, max_size=10),
)
values = st.one_of(st.text(st.characters(max_codepoint=0x7F), max_size=10).map(str.encode), st.binary(max_size=10))


def _plain(request: httpx.Request, credentials: Credentials) -> httpx.Request:
    """The copy as the guard made it before: the request's raw headers, filtered, and the credentials, normalised."""
    own = {name.encode() for name in credentials.headers()}
    kept = [(name, value) for name, value in request.headers.raw if name.lower() not in own]
    added = [(name.encode(), value.encode()) for name, value in credentials.headers().items()]
    return httpx.Request(
        request.method, request.url, headers=kept + added, stream=request.stream, extensions=request.extensions
    )


@settings(max_examples=300, deadline=None)
@given(
    credentials=credentials,
    headers=st.lists(st.tuples(names.map(str.encode), values), max_size=6),
)
def test_the_authenticated_copy_holds_what_httpx_makes_of_its_headers(
    credentials: Credentials, headers: list[tuple[bytes, bytes]]
) -> None:
    request = httpx.Request("GET", URL, headers=headers, extensions={"timeout": {"read": 1.0}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_paths, "check_route", UNWATCHED_CHECK_ROUTE)
        sent = _Guard(Destination(BASE_URL, "/pg", credentials)).authenticated(request)
    expected = _plain(request, credentials)
    assert sent.headers._list == expected.headers._list
    assert sent.headers.raw == expected.headers.raw
    assert sent.headers.encoding == expected.headers.encoding
    assert sent.headers.multi_items() == expected.headers.multi_items()
    assert (sent.method, sent.url, sent.stream, sent.extensions) == (
        expected.method,
        expected.url,
        expected.stream,
        expected.extensions,
    )
    assert sent is not request
    assert request.headers.raw == httpx.Request("GET", URL, headers=headers).headers.raw  # the caller's untouched
