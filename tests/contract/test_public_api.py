"""The public API is pinned: a name added or removed is a deliberate change to this list, not an accident."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import cashfree_instruments

ROOT = Path(__file__).resolve().parents[2]

PUBLIC_NAMES = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "API_VERSION",
    "AsyncCashfree",
    "AuthenticationError",
    "BadRequestError",
    "CASHFREE_LOCAL_TIME",
    "CardNetwork",
    "CardSubType",
    "CardTokenDetails",
    "CardType",
    "Cashfree",
    "CashfreeError",
    "ConfigurationError",
    "ConflictError",
    "Cryptogram",
    "CryptogramEntity",
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Environment",
    "ErrorEntity",
    "ErrorType",
    "IdempotencyError",
    "Instrument",
    "InstrumentEntity",
    "InstrumentMeta",
    "InstrumentStatus",
    "InstrumentType",
    "InvalidArgumentError",
    "MAX_RATE_LIMIT_WAIT",
    "MAX_RETRY_DELAY",
    "NotFoundError",
    "PublicKeySigner",
    "RateLimit",
    "RateLimitError",
    "ResponseMetadata",
    "ResponseTooLargeError",
    "UNSET",
    "UnexpectedError",
    "Unset",
    "UsageError",
    "__version__",
    "parse_timestamp",
    "token_expiry",
    "usable_instruments",
]


def test_the_pinned_list_is_sorted_and_unique() -> None:
    assert sorted(set(PUBLIC_NAMES)) == PUBLIC_NAMES


def test_all_is_exactly_the_pinned_names() -> None:
    assert sorted(cashfree_instruments.__all__) == PUBLIC_NAMES
    assert len(cashfree_instruments.__all__) == len(set(cashfree_instruments.__all__))


def test_every_public_name_is_importable() -> None:
    module = importlib.import_module("cashfree_instruments")
    for name in PUBLIC_NAMES:
        assert getattr(module, name, None) is not None, name
    namespace: dict[str, object] = {}
    exec("from cashfree_instruments import *", namespace)  # noqa: S102 - the star import is what is tested
    assert set(PUBLIC_NAMES) <= namespace.keys()


def test_version_is_pyprojects() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert cashfree_instruments.__version__ == pyproject["project"]["version"]


def _fresh_interpreter(code: str) -> str:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout


def test_import_defers_the_generated_package_until_a_client_is_made() -> None:
    # `import cashfree_instruments` stays light (docs/benchmarks.md): the generated package and attrs load when a
    # client is made or a model name is first used, and every public name is there either way.
    out = _fresh_interpreter(
        "import sys, cashfree_instruments as c\n"
        "def loaded(): return sorted({'attrs', 'cashfree_instruments_generated'} & sys.modules.keys())\n"
        "print(loaded())\n"
        "client = c.Cashfree('id', 'secret')\n"
        "print(loaded(), client.api_version == c.API_VERSION, type(client.instruments).__name__)\n"
        "print(sorted(set(c.__all__) - set(dir(c))))\n"
    )
    assert out.splitlines() == [
        "[]",
        "['attrs', 'cashfree_instruments_generated'] True Instruments",
        "[]",
    ]


def test_a_model_name_loads_the_generated_models() -> None:
    out = _fresh_interpreter(
        "import sys\nfrom cashfree_instruments import InstrumentStatus, Instrument\n"
        "print(InstrumentStatus.ACTIVE.value, Instrument.__mro__[1].__module__)"
    )
    assert out.split() == ["ACTIVE", "cashfree_instruments_generated.models.instrument_entity"]


def test_unset_is_the_generated_models_marker_of_an_absent_field() -> None:
    from cashfree_instruments import UNSET, Instrument, Unset
    from cashfree_instruments_generated import types

    assert UNSET is types.UNSET
    assert Unset is types.Unset
    card = Instrument.from_dict({"instrument_id": "i1", "customer_id": "c1"})
    assert card.afa_reference is UNSET
    assert isinstance(card.instrument_meta, Unset)
    assert not card.created_at
    assert card.customer_id == "c1"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        cashfree_instruments.Nope  # noqa: B018 - the attribute access is what is tested
