"""cashfree-instruments: a safe, typed client for Cashfree's Token Vault saved card instruments."""

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

__all__ = [
    "API_VERSION",
    "CardNetwork",
    "CardTokenDetails",
    "CardType",
    "CryptogramEntity",
    "ErrorEntity",
    "ErrorType",
    "InstrumentEntity",
    "InstrumentMeta",
    "InstrumentStatus",
    "InstrumentType",
]
