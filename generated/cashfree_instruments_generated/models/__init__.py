"""Contains all the data models used in inputs/outputs"""

from .card_network import CardNetwork
from .card_sub_type import CardSubType
from .card_token_details import CardTokenDetails
from .card_type import CardType
from .cryptogram_entity import CryptogramEntity
from .error_entity import ErrorEntity
from .error_type import ErrorType
from .instrument_entity import InstrumentEntity
from .instrument_meta import InstrumentMeta
from .instrument_status import InstrumentStatus
from .instrument_type import InstrumentType

__all__ = (
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
)
