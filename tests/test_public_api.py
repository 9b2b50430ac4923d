"""The public API is pinned: a name added or removed is a deliberate change to this list, not an accident."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import cashfree_instruments

ROOT = Path(__file__).resolve().parent.parent

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
    "CardTokenDetails",
    "CardType",
    "Cashfree",
    "CashfreeError",
    "ConfigurationError",
    "ConflictError",
    "Cryptogram",
    "CryptogramEntity",
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
    "RateLimit",
    "RateLimitError",
    "ResponseMetadata",
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
