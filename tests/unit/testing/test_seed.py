"""The fake's embedded seed is exactly the spec's examples, and a seeded fake serves them."""

from __future__ import annotations

import httpx

from cashfree_instruments.testing._seed import SEED_CRYPTOGRAMS, SEED_INSTRUMENTS
from tests.helpers.contract import ContractFake
from tests.helpers.spec import SPEC, resolve

EXAMPLES = SPEC["components"]["examples"]


def _example(name: str) -> object:
    return resolve(EXAMPLES[name])["value"]


def test_seed_instruments_are_the_spec_examples() -> None:
    assert {
        "siddhesh_desai": [_example("GoSdkInstrument")],
        "akshita2106": _example("ApiReferenceInstrumentList"),
    } == SEED_INSTRUMENTS


def test_seed_cryptogram_is_the_spec_example() -> None:
    cryptogram = _example("GoSdkCryptogram")
    assert isinstance(cryptogram, dict)
    assert {("siddhesh_desai", cryptogram["instrument_id"]): cryptogram} == SEED_CRYPTOGRAMS


def test_seeded_fake_serves_the_examples(contract_fake: ContractFake) -> None:
    version = SPEC["info"]["version"]
    headers = {"x-client-id": "fake_client_id", "x-client-secret": "fake_client_secret", "x-api-version": version}
    with httpx.Client(
        base_url="https://sandbox.cashfree.com/pg", transport=contract_fake.transport, headers=headers
    ) as client:
        listed = client.get("/customers/akshita2106/instruments", params={"instrument_type": "card"})
        fetched = client.get("/customers/siddhesh_desai/instruments/54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
        cryptogram = client.get("/customers/siddhesh_desai/instruments/54deabb4-ba45-4a60-9e6a-9c016fe7ab10/cryptogram")
    assert listed.json() == _example("ApiReferenceInstrumentList")
    assert [i["instrument_id"] for i in listed.json()].count("0d6b0245-f417-41a0-8151-0b03790de1f9") == 2
    assert fetched.json() == _example("GoSdkInstrument")
    assert cryptogram.json() == _example("GoSdkCryptogram")
    assert contract_fake.customers() == ["siddhesh_desai", "akshita2106"]


def test_seed_is_not_shared_between_fakes() -> None:
    first, second = ContractFake(), ContractFake()
    first.add_instrument("akshita2106")
    assert len(first.instruments("akshita2106")) == 4
    assert second.instruments("akshita2106") == _example("ApiReferenceInstrumentList")
    assert SEED_INSTRUMENTS["akshita2106"] == _example("ApiReferenceInstrumentList")
    assert ContractFake(seed=False).customers() == []
