"""cashfree-instruments: a safe, typed client for Cashfree's Token Vault saved card instruments.

from cashfree_instruments import Cashfree
with Cashfree(client_id=..., client_secret=..., environment="sandbox") as cf:
    cards = cf.instruments.list_usable("customer_1")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ._client import Cashfree
from ._config import DEFAULT_CONNECTION_LIMITS, DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT
from ._environment import Environment
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CashfreeError,
    ConfigurationError,
    ConflictError,
    IdempotencyError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitError,
    ResponseTooLargeError,
    UnexpectedError,
    UsageError,
)
from ._metadata import APIResponse, RateLimit, ResponseMetadata
from ._retry import DEFAULT_MAX_RETRIES, MAX_RATE_LIMIT_WAIT, MAX_RETRY_DELAY
from ._signature import PublicKeySigner
from ._token_expiry import CASHFREE_LOCAL_TIME, parse_timestamp, token_expiry, usable_instruments
from ._version import __version__

if TYPE_CHECKING:
    from cashfree_instruments_generated.models import (
        CardNetwork,
        CardSubType,
        CardTokenDetails,
        CardType,
        CryptogramEntity,
        ErrorEntity,
        ErrorType,
        InstrumentEntity,
        InstrumentMeta,
        InstrumentStatus,
        InstrumentType,
    )
    from cashfree_instruments_generated.types import UNSET, Unset

    from ._api_version import API_VERSION
    from ._async_client import AsyncCashfree
    from ._models import Cryptogram, Instrument

# Names whose modules load the generated package (and attrs), or asyncio, are imported on first access (PEP 562),
# or when the first client is made: most of what `import cashfree_instruments` would cost otherwise (see
# docs/benchmarks.md).
_GENERATED_MODELS = "cashfree_instruments_generated.models"
_LAZY = {
    "API_VERSION": "._api_version",
    "AsyncCashfree": "._async_client",  # and asyncio with it, which synchronous code has no use for
    "Cryptogram": "._models",
    "Instrument": "._models",
    **dict.fromkeys(
        (
            "CardNetwork",
            "CardSubType",
            "CardTokenDetails",
            "CardType",
            "CryptogramEntity",
            "ErrorEntity",
            "ErrorType",
            "InstrumentEntity",
            "InstrumentMeta",
            "InstrumentStatus",
            "InstrumentType",
        ),
        _GENERATED_MODELS,
    ),
    # The marker of an optional field the response did not have: fields are typed `X | Unset`.
    "UNSET": "cashfree_instruments_generated.types",
    "Unset": "cashfree_instruments_generated.types",
}

__all__ = [
    "API_VERSION",
    "CASHFREE_LOCAL_TIME",
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_RATE_LIMIT_WAIT",
    "MAX_RETRY_DELAY",
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCashfree",
    "AuthenticationError",
    "BadRequestError",
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
    "NotFoundError",
    "PublicKeySigner",
    "RateLimit",
    "RateLimitError",
    "ResponseMetadata",
    "ResponseTooLargeError",
    "UnexpectedError",
    "Unset",
    "UsageError",
    "__version__",
    "parse_timestamp",
    "token_expiry",
    "usable_instruments",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
