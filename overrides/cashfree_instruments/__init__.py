"""cashfree-instruments: a safe, typed client for Cashfree's Token Vault saved card instruments.

from cashfree_instruments import Cashfree
with Cashfree(client_id=..., client_secret=..., environment="sandbox") as cf:
    cards = cf.instruments.list_usable("customer_1")
"""

from cashfree_instruments_generated.models import (
    CardNetwork,
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

from ._api_version import API_VERSION
from ._client import AsyncCashfree, Cashfree
from ._config import DEFAULT_TIMEOUT
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
)
from ._metadata import APIResponse, RateLimit, ResponseMetadata
from ._models import Cryptogram, Instrument
from ._retry import DEFAULT_MAX_RETRIES, MAX_RATE_LIMIT_WAIT, MAX_RETRY_DELAY
from ._token_expiry import CASHFREE_LOCAL_TIME, parse_timestamp, token_expiry, usable_instruments
from ._version import __version__

__all__ = [
    "API_VERSION",
    "CASHFREE_LOCAL_TIME",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_RATE_LIMIT_WAIT",
    "MAX_RETRY_DELAY",
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
    "RateLimit",
    "RateLimitError",
    "ResponseMetadata",
    "__version__",
    "parse_timestamp",
    "token_expiry",
    "usable_instruments",
]
