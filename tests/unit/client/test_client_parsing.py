"""Reading what Cashfree sends: tolerant of new and odd values, strict about nothing a checkout does not need."""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashfree_instruments import (
    CASHFREE_LOCAL_TIME,
    CardNetwork,
    CardType,
    Cryptogram,
    Instrument,
    InstrumentStatus,
    InstrumentType,
    InvalidArgumentError,
    parse_timestamp,
    token_expiry,
    usable_instruments,
)
from cashfree_instruments_generated.types import Unset
from tests.helpers.client import (
    CARD_NUMBER,
    CLIENT_CLASSES,
    CRYPTOGRAM,
    CRYPTOGRAM_VALUE,
    INSTRUMENT,
    INSTRUMENT_LIST,
    Server,
    call,
    make_client,
    record_sleeps,
    run,
)


@pytest.fixture(autouse=True)
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def instrument(
    instrument_id: str = "inst_1",
    *,
    status: Any = "ACTIVE",
    month: Any = "05",
    year: Any = "2028",
    **fields: Any,
) -> dict[str, Any]:
    body = copy.deepcopy(INSTRUMENT)
    body["instrument_id"] = instrument_id
    body["instrument_status"] = status
    body["instrument_meta"]["card_token_details"].update(expiry_month=month, expiry_year=year)
    body.update(fields)
    return body


def _list_of(client_class: type[Any], items: list[Any], **kwargs: Any) -> list[Instrument]:
    server = Server(httpx.Response(200, json=items))
    return call(make_client(client_class, server), "list", "cust_1", **kwargs)  # type: ignore[no-any-return]


# --- the spec's examples --------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_the_spec_list_example_parses(client_class: type[Any]) -> None:
    instruments = _list_of(client_class, INSTRUMENT_LIST)
    assert [i.instrument_id for i in instruments] == [item["instrument_id"] for item in INSTRUMENT_LIST]
    first = instruments[0]
    assert isinstance(first, Instrument)
    assert first.instrument_status is InstrumentStatus.ACTIVE
    assert first.instrument_type is InstrumentType.CARD
    assert first.instrument_meta.card_network is CardNetwork.VISA
    assert first.instrument_meta.card_type is CardType.CREDIT_CARD
    assert first.instrument_meta.card_token_details.expiry_year == "2028"


@CLIENT_CLASSES
@pytest.mark.parametrize("name", ["get", "delete"])
def test_the_spec_instrument_example_parses(client_class: type[Any], name: str) -> None:
    got = call(make_client(client_class), name, "siddhesh_desai", INSTRUMENT["instrument_id"])
    assert isinstance(got, Instrument)
    assert got.instrument_id == INSTRUMENT["instrument_id"]
    assert got.afa_reference == INSTRUMENT["afa_reference"]


@CLIENT_CLASSES
def test_the_spec_cryptogram_example_parses_and_card_data_is_readable(client_class: type[Any]) -> None:
    got = call(make_client(client_class), "cryptogram", "c", CRYPTOGRAM["instrument_id"])
    assert isinstance(got, Cryptogram)
    assert got.card_number == CARD_NUMBER
    assert got.cryptogram == CRYPTOGRAM_VALUE
    assert got.card_display == CRYPTOGRAM["card_display"]
    assert got.card_expiry_yy == CRYPTOGRAM["card_expiry_yy"]


# --- tolerance ------------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
def test_unknown_enum_values_stay_plain_strings(client_class: type[Any]) -> None:
    body = instrument(status="SUSPENDED", instrument_type="upi")
    body["instrument_meta"].update(card_network="discover", card_type="PREPAID_CARD")
    server = Server(httpx.Response(200, json=body))
    got = call(make_client(client_class, server), "get", "c", "i")
    assert got.instrument_status == "SUSPENDED"
    assert not isinstance(got.instrument_status, InstrumentStatus)
    assert got.instrument_type == "upi"
    assert got.instrument_meta.card_network == "discover"
    assert got.instrument_meta.card_type == "PREPAID_CARD"


@CLIENT_CLASSES
def test_upper_case_spellings_are_kept(client_class: type[Any]) -> None:
    # The Go SDK example spells card_network "VISA" and card_type "DEBIT_CARD".
    got = call(make_client(client_class), "get", "c", "i")
    assert got.instrument_meta.card_network == "VISA"
    assert got.instrument_meta.card_type == "DEBIT_CARD"


@CLIENT_CLASSES
def test_new_fields_are_kept_as_additional_properties(client_class: type[Any]) -> None:
    body = instrument(loyalty_tier="gold", flags={"a": [1, 2]})
    body["instrument_meta"]["card_issuer_country_code"] = "356"
    server = Server(httpx.Response(200, json=body))
    got = call(make_client(client_class, server), "get", "c", "i")
    assert got.additional_properties == {"loyalty_tier": "gold", "flags": {"a": [1, 2]}}
    assert got.instrument_meta.additional_properties == {"card_issuer_country_code": "356"}
    assert got.instrument_status is InstrumentStatus.ACTIVE


@CLIENT_CLASSES
def test_missing_optional_fields_are_unset(client_class: type[Any]) -> None:
    server = Server(httpx.Response(200, json={"instrument_id": "only_id"}))
    got = call(make_client(client_class, server), "get", "c", "i")
    assert got.instrument_id == "only_id"
    for name in ("customer_id", "instrument_status", "instrument_meta", "created_at", "instrument_display"):
        assert isinstance(getattr(got, name), Unset), name
    assert got.token_expires_at is None
    assert got.created_at_datetime is None
    assert got.is_usable() is False


@CLIENT_CLASSES
def test_nulls_are_treated_as_missing(client_class: type[Any]) -> None:
    body = {
        "instrument_id": "i",
        "customer_id": None,
        "instrument_status": None,
        "created_at": None,
        "instrument_meta": {"card_network": None, "card_token_details": None},
    }
    server = Server(httpx.Response(200, json=body))
    got = call(make_client(client_class, server), "get", "c", "i")
    assert isinstance(got.customer_id, Unset)
    assert isinstance(got.instrument_status, Unset)
    assert isinstance(got.instrument_meta.card_network, Unset)
    assert isinstance(got.instrument_meta.card_token_details, Unset)
    assert got.token_expires_at is None


@CLIENT_CLASSES
def test_numbers_where_strings_belong_are_read_as_text(client_class: type[Any]) -> None:
    body = instrument(afa_reference=740324562, month=5, year=2028)
    server = Server(httpx.Response(200, json=body))
    got = call(make_client(client_class, server), "get", "c", "i")
    assert got.afa_reference == "740324562"
    assert got.token_expires_at == datetime(2028, 6, 1, tzinfo=UTC)


@CLIENT_CLASSES
def test_a_wrong_typed_value_in_one_item_never_fails_the_list(client_class: type[Any]) -> None:
    items = [
        instrument("good"),
        instrument("meta_is_text", instrument_meta="oops"),
        instrument("status_is_list", status=["ACTIVE"]),
        instrument("details_are_list", instrument_meta={"card_token_details": [1, 2]}),
        instrument("expiry_is_object", month={"m": 5}),
        instrument("created_is_bool", created_at=True),
    ]
    got = _list_of(client_class, items)
    assert [i.instrument_id for i in got] == [item["instrument_id"] for item in items]
    by_id = {i.instrument_id: i for i in got}
    assert isinstance(by_id["meta_is_text"].instrument_meta, Unset)
    assert isinstance(by_id["status_is_list"].instrument_status, Unset)
    assert by_id["expiry_is_object"].token_expires_at is None
    assert isinstance(by_id["created_is_bool"].created_at, Unset)
    assert by_id["good"].is_usable(datetime(2028, 1, 1, tzinfo=UTC))


@CLIENT_CLASSES
def test_unreadable_items_are_skipped_and_logged(client_class: type[Any], caplog: pytest.LogCaptureFixture) -> None:
    items = [instrument("good"), 42, "text", None, [instrument("nested")], {"customer_id": "no instrument id"}]
    server = Server(httpx.Response(200, headers={"x-request-id": "cf-req-skip"}, json=items))
    with caplog.at_level(logging.WARNING, logger="cashfree_instruments"):
        got = call(make_client(client_class, server), "list", "cust_1")
    assert [i.instrument_id for i in got] == ["good"]
    warnings = [r for r in caplog.records if r.name == "cashfree_instruments" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "skipped 5 unreadable item(s)" in message
    assert "cf-req-skip" in message
    assert "/customers/{customer_id}/instruments" in message


@CLIENT_CLASSES
def test_a_clean_list_logs_no_warning(client_class: type[Any], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="cashfree_instruments"):
        _list_of(client_class, INSTRUMENT_LIST)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@CLIENT_CLASSES
def test_an_empty_list_is_an_empty_list(client_class: type[Any]) -> None:
    assert _list_of(client_class, []) == []


# --- token expiry ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "year", "expected"),
    [
        ("12", "23", datetime(2024, 1, 1, tzinfo=UTC)),
        ("05", "2028", datetime(2028, 6, 1, tzinfo=UTC)),
        ("5", "28", datetime(2028, 6, 1, tzinfo=UTC)),
        ("01", "2030", datetime(2030, 2, 1, tzinfo=UTC)),
        ("02", "24", datetime(2024, 3, 1, tzinfo=UTC)),
        ("12", "2099", datetime(2100, 1, 1, tzinfo=UTC)),
    ],
)
def test_a_token_expires_at_the_end_of_its_month_utc(month: str, year: str, expected: datetime) -> None:
    expires = token_expiry(month, year)
    assert expires == expected
    assert expires is not None
    assert expires.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("month", "year"),
    [
        ("13", "2028"),
        ("00", "2028"),
        ("", "2028"),
        ("05", ""),
        ("05", "202"),
        ("05", "20288"),
        ("1a", "28"),
        ("-1", "28"),
        (" 5", "28"),
        ("\u00b2", "28"),  # superscript two: isdigit() but not a number
        ("05", "\u0662\u0668"),  # Arabic-Indic digits
        ("12", "0000"),
        ("12", "9999"),
        (5, "2028"),
        (None, None),
    ],
    ids=repr,
)
def test_an_unreadable_token_expiry_is_none(month: Any, year: Any) -> None:
    assert token_expiry(month, year) is None


@given(month=st.text(max_size=5) | st.none() | st.integers(), year=st.text(max_size=5) | st.none() | st.integers())
def test_token_expiry_never_raises(month: Any, year: Any) -> None:
    expires = token_expiry(month, year)
    assert expires is None or (expires.tzinfo is not None and expires.day == 1)


@CLIENT_CLASSES
@pytest.mark.parametrize(("month", "year"), [("12", "0000"), ("12", "9999"), ("\u00b2", "23")], ids=repr)
def test_an_impossible_expiry_makes_a_card_unusable_not_the_call_fail(
    client_class: type[Any], month: str, year: str
) -> None:
    server = Server(httpx.Response(200, json=[instrument("odd", month=month, year=year), instrument("ok")]))
    cf = make_client(client_class, server)
    usable = run(cf.instruments.list_usable("c", at=datetime(2027, 1, 1, tzinfo=UTC)))
    assert [i.instrument_id for i in usable] == ["ok"]


def _usable_ids(client_class: type[Any], items: list[Any], at: datetime) -> list[str]:
    server = Server(httpx.Response(200, json=items))
    usable = run(make_client(client_class, server).instruments.list_usable("cust_1", at=at))
    assert all(isinstance(i, Instrument) for i in usable)
    return [i.instrument_id for i in usable]


@CLIENT_CLASSES
def test_list_usable_keeps_active_unexpired_cards_only(client_class: type[Any]) -> None:
    items = [
        instrument("active_2028"),
        instrument("active_expired", month="12", year="23"),
        instrument("inactive", status="INACTIVE"),
        instrument("unknown_status", status="SUSPENDED"),
        instrument("lower_case_status", status="active"),
        instrument("no_expiry", instrument_meta={"card_network": "visa"}),
        instrument("bad_expiry", month="13"),
        instrument("two_digit_2030", month="01", year="30"),
    ]
    at = datetime(2025, 6, 15, tzinfo=UTC)
    assert _usable_ids(client_class, items, at) == ["active_2028", "two_digit_2030"]


@CLIENT_CLASSES
def test_list_usable_expiry_boundary_is_the_end_of_the_month_utc(client_class: type[Any]) -> None:
    items = [instrument("may_2028", month="05", year="2028")]
    end_of_may = datetime(2028, 6, 1, tzinfo=UTC)
    assert _usable_ids(client_class, items, end_of_may - timedelta(microseconds=1)) == ["may_2028"]
    assert _usable_ids(client_class, items, end_of_may) == []
    # The same instants in India Standard Time.
    assert _usable_ids(client_class, items, datetime(2028, 6, 1, 5, 29, tzinfo=CASHFREE_LOCAL_TIME)) == ["may_2028"]
    assert _usable_ids(client_class, items, datetime(2028, 6, 1, 5, 30, tzinfo=CASHFREE_LOCAL_TIME)) == []


@CLIENT_CLASSES
def test_list_usable_defaults_to_now(client_class: type[Any]) -> None:
    next_year = str(datetime.now(UTC).year + 1)
    items = [instrument("future", month="01", year=next_year), instrument("past", month="01", year="2001")]
    server = Server(httpx.Response(200, json=items))
    usable = run(make_client(client_class, server).instruments.list_usable("c"))
    assert [i.instrument_id for i in usable] == ["future"]


@CLIENT_CLASSES
def test_list_usable_refuses_a_naive_moment(client_class: type[Any]) -> None:
    server = Server(httpx.Response(200, json=[instrument("a")]))
    with pytest.raises(InvalidArgumentError, match="timezone-aware"):
        run(make_client(client_class, server).instruments.list_usable("c", at=datetime(2025, 1, 1)))
    assert server.requests == []


def test_usable_instruments_works_on_any_instruments() -> None:
    from cashfree_instruments._models import parse_instrument_list

    parsed, skipped = parse_instrument_list([instrument("a"), instrument("b", status="INACTIVE")])
    assert skipped == 0
    assert [i.instrument_id for i in usable_instruments(parsed, datetime(2026, 1, 1, tzinfo=UTC))] == ["a"]
    assert usable_instruments([], datetime(2026, 1, 1, tzinfo=UTC)) == []


# --- created_at -----------------------------------------------------------------------------------------------------


@CLIENT_CLASSES
@pytest.mark.parametrize(
    ("created_at", "expected_utc"),
    [
        ("2021-11-11 16:57:57", datetime(2021, 11, 11, 11, 27, 57, tzinfo=UTC)),  # IST, no offset
        ("2023-11-01T04:55:07.000+00:00", datetime(2023, 11, 1, 4, 55, 7, tzinfo=UTC)),
        ("2024-01-04T09:16:37.000+05:30", datetime(2024, 1, 4, 3, 46, 37, tzinfo=UTC)),
        ("2024-01-04T09:16:37Z", datetime(2024, 1, 4, 9, 16, 37, tzinfo=UTC)),
    ],
)
def test_created_at_in_either_format_is_timezone_aware(
    client_class: type[Any], created_at: str, expected_utc: datetime
) -> None:
    server = Server(httpx.Response(200, json=instrument(created_at=created_at)))
    got = call(make_client(client_class, server), "get", "c", "i")
    assert got.created_at == created_at  # the raw text stays as sent
    moment = got.created_at_datetime
    assert moment is not None
    assert moment.utcoffset() is not None
    assert moment == expected_utc


def test_a_naive_timestamp_is_india_standard_time() -> None:
    parsed = parse_timestamp("2021-11-11 16:57:57")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=5, minutes=30)
    assert parsed.replace(tzinfo=None) == datetime(2021, 11, 11, 16, 57, 57)


@pytest.mark.parametrize("value", ["", "yesterday", "2021-13-45 99:99:99", "2021-11-11T", 1636630077, None], ids=repr)
def test_an_unreadable_created_at_is_none(value: Any) -> None:
    assert parse_timestamp(value) is None


@given(
    st.text(max_size=40) | st.from_regex(r"\A\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)?\Z")
)
def test_parse_timestamp_never_raises_and_is_always_aware(value: str) -> None:
    parsed = parse_timestamp(value)
    assert parsed is None or parsed.utcoffset() is not None
