"""Contains all the data models used in inputs/outputs, and a tolerant reader of each model"""

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

import datetime
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    import uuid  # imported by _uuid, the reader of a UUID field, only: uuid imports platform (~6 ms)

# The readers take the JSON a server sent and build a model as its constructor would, tolerantly: null is missing,
# a number where a string belongs is its text, any other wrong-typed value is dropped, an enum value the spec does
# not know stays a string where the field allows strings (`anyOf [<enum>, string]`, else it is dropped), unknown
# fields are kept in additional_properties (a value nested deeper than MAX_UNKNOWN_DEPTH is dropped), and a required
# field that is missing or unreadable raises MissingFieldError. Each reader takes the class to build, so it builds subclasses too.

_E = TypeVar("_E", bound=Enum)
_M = TypeVar("_M")
_V = TypeVar("_V")


class MissingFieldError(ValueError):
    """A required field is missing, null or unreadable."""

    def __init__(self, model: type[Any], field: str) -> None:
        super().__init__(f"{model.__name__} lacks required field {field!r}")
        self.field = field


def _text(value: object) -> str | Unset:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return UNSET


def _integer(value: object) -> int | Unset:
    return value if isinstance(value, int) and not isinstance(value, bool) else UNSET


def _number(value: object) -> float | Unset:
    return (
        float(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else UNSET
    )


def _boolean(value: object) -> bool | Unset:
    return value if isinstance(value, bool) else UNSET


def _anything(value: object) -> Any:
    return UNSET if value is None else value


def _datetime(value: object) -> datetime.datetime | Unset:
    try:
        return isoparse(value) if isinstance(value, str) else UNSET
    except ValueError:
        return UNSET


def _date(value: object) -> datetime.date | Unset:
    moment = _datetime(value)
    return UNSET if isinstance(moment, Unset) else moment.date()


def _uuid(value: object) -> "uuid.UUID | Unset":
    import uuid

    try:
        return uuid.UUID(value) if isinstance(value, str) else UNSET
    except ValueError:
        return UNSET


def _members(enum: type[_E]) -> dict[Any, _E]:
    return {member.value: member for member in enum}


def _member(value: object, members: Mapping[Any, _E]) -> _E | Unset:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return members.get(value, UNSET)
    return UNSET


def _open_member(value: object, members: Mapping[str, _E]) -> _E | str | Unset:
    text = _text(value)
    return text if isinstance(text, Unset) else members.get(text, text)


def _model(
    value: object, read: Callable[[type[_M], Mapping[str, Any]], _M], model: type[_M]
) -> _M | Unset:
    return read(model, value) if isinstance(value, dict) else UNSET


def _items(value: object, read: Callable[[object], _V | Unset]) -> list[_V] | Unset:
    if not isinstance(value, list):
        return UNSET
    items = [read(item) for item in value]
    return [item for item in items if not isinstance(item, Unset)]


def _first(value: object, *reads: Callable[[object], object]) -> Any:
    for read in reads:
        result = read(value)
        if not isinstance(result, Unset):
            return result
    return UNSET


MAX_UNKNOWN_DEPTH = 32  # arrays and objects nested in one unknown field's value; deeper ones are dropped


def _within_depth(value: object) -> bool:
    """Whether `value` (decoded JSON) nests at most MAX_UNKNOWN_DEPTH arrays and objects deep.

    A deeper one (a decoder reads up to ~1000 levels) would parse, then make repr() and json.dumps() of the model
    raise RecursionError wherever the caller logs it. Level by level, no recursion, stops at the limit.
    """
    level: list[Any] = [value] if isinstance(value, dict | list) else []
    for _ in range(MAX_UNKNOWN_DEPTH):
        if not level:
            return True
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
    return not level


def _unknown(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {
        key: value
        for key, value in data.items()
        if value is not None and key not in known and _within_depth(value)
    }


_new = object.__new__
_PLAIN: set[type[Any]] = (
    set()
)  # the classes _builds_plainly found plain: one set lookup per object read
# What it found not plain, by its arguments: such a class is not inspected again for every object it reads.
_BUILT_BY_CONSTRUCTOR: set[tuple[type[Any], type[Any], tuple[str, ...]]] = set()


def _builds_plainly(cls: type[Any], model: type[Any], names: tuple[str, ...]) -> bool:
    """Whether `cls(**fields)` would only set each of `names` in turn, as the reader does on object.__new__(cls).

    attrs' __init__ of a generated model does exactly that when no field has a validator, converter or setattr
    hook and there is no __attrs_pre_init__/__attrs_post_init__; `cls` (the model or a subclass) must also keep the
    model's __init__, object's __new__ and object's __setattr__. Building an object without the keyword call to
    __init__ is about a third of a reader's time saved. Anything else goes through the constructor.
    """
    if (cls, model, names) in _BUILT_BY_CONSTRUCTOR:
        return False
    fields = attrs.fields(model)
    hooks: tuple[object, ...] = (cls.__init__, cls.__new__, cls.__setattr__)
    plain = (
        hooks == (model.__init__, object.__new__, object.__setattr__)
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and {field.name for field in fields} == set(names)
        and all(
            field.validator is None
            and field.converter is None
            and field.on_setattr is None
            for field in fields
        )
    )
    if plain:
        _PLAIN.add(cls)
    else:
        _BUILT_BY_CONSTRUCTOR.add((cls, model, names))
    return plain


_INSTRUMENT_TYPE_MEMBERS = _members(InstrumentType)
_INSTRUMENT_STATUS_MEMBERS = _members(InstrumentStatus)
_CARD_NETWORK_MEMBERS = _members(CardNetwork)
_CARD_TYPE_MEMBERS = _members(CardType)
_CARD_SUB_TYPE_MEMBERS = _members(CardSubType)
_ERROR_TYPE_MEMBERS = _members(ErrorType)


_INSTRUMENT_ENTITY_FIELDS = frozenset(
    (
        "instrument_id",
        "customer_id",
        "afa_reference",
        "instrument_type",
        "instrument_uid",
        "instrument_display",
        "instrument_status",
        "created_at",
        "instrument_meta",
    )
)
_InstrumentEntityT = TypeVar("_InstrumentEntityT", bound=InstrumentEntity)


def read_instrument_entity(
    cls: type[_InstrumentEntityT], data: Mapping[str, Any]
) -> _InstrumentEntityT:
    v = data.get("instrument_id")
    f_instrument_id = v if type(v) is str else _text(v)
    if isinstance(f_instrument_id, Unset):
        raise MissingFieldError(cls, "instrument_id")
    v = data.get("customer_id")
    f_customer_id = v if type(v) is str else _text(v)
    v = data.get("afa_reference")
    f_afa_reference = v if type(v) is str else _text(v)
    v = data.get("instrument_type")
    f_instrument_type = (
        _INSTRUMENT_TYPE_MEMBERS.get(v, v)
        if type(v) is str
        else _open_member(v, _INSTRUMENT_TYPE_MEMBERS)
    )
    v = data.get("instrument_uid")
    f_instrument_uid = v if type(v) is str else _text(v)
    v = data.get("instrument_display")
    f_instrument_display = v if type(v) is str else _text(v)
    v = data.get("instrument_status")
    f_instrument_status = (
        _INSTRUMENT_STATUS_MEMBERS.get(v, v)
        if type(v) is str
        else _open_member(v, _INSTRUMENT_STATUS_MEMBERS)
    )
    v = data.get("created_at")
    f_created_at = v if type(v) is str else _text(v)
    v = data.get("instrument_meta")
    f_instrument_meta = (
        read_instrument_meta(InstrumentMeta, v) if isinstance(v, dict) else UNSET
    )
    if cls in _PLAIN or _builds_plainly(
        cls,
        InstrumentEntity,
        (
            "instrument_id",
            "customer_id",
            "afa_reference",
            "instrument_type",
            "instrument_uid",
            "instrument_display",
            "instrument_status",
            "created_at",
            "instrument_meta",
            "additional_properties",
        ),
    ):
        instance = _new(cls)
        instance.instrument_id = f_instrument_id
        instance.customer_id = f_customer_id
        instance.afa_reference = f_afa_reference
        instance.instrument_type = f_instrument_type
        instance.instrument_uid = f_instrument_uid
        instance.instrument_display = f_instrument_display
        instance.instrument_status = f_instrument_status
        instance.created_at = f_created_at
        instance.instrument_meta = f_instrument_meta
    else:
        instance = cls(
            instrument_id=f_instrument_id,
            customer_id=f_customer_id,
            afa_reference=f_afa_reference,
            instrument_type=f_instrument_type,
            instrument_uid=f_instrument_uid,
            instrument_display=f_instrument_display,
            instrument_status=f_instrument_status,
            created_at=f_created_at,
            instrument_meta=f_instrument_meta,
        )
    instance.additional_properties = (
        {}
        if _INSTRUMENT_ENTITY_FIELDS.issuperset(data)
        else _unknown(data, _INSTRUMENT_ENTITY_FIELDS)
    )
    return instance


_INSTRUMENT_META_FIELDS = frozenset(
    (
        "card_network",
        "card_bank_name",
        "card_country",
        "card_type",
        "card_sub_type",
        "card_token_details",
    )
)
_InstrumentMetaT = TypeVar("_InstrumentMetaT", bound=InstrumentMeta)


def read_instrument_meta(
    cls: type[_InstrumentMetaT], data: Mapping[str, Any]
) -> _InstrumentMetaT:
    v = data.get("card_network")
    f_card_network = (
        _CARD_NETWORK_MEMBERS.get(v, v)
        if type(v) is str
        else _open_member(v, _CARD_NETWORK_MEMBERS)
    )
    v = data.get("card_bank_name")
    f_card_bank_name = v if type(v) is str else _text(v)
    v = data.get("card_country")
    f_card_country = v if type(v) is str else _text(v)
    v = data.get("card_type")
    f_card_type = (
        _CARD_TYPE_MEMBERS.get(v, v)
        if type(v) is str
        else _open_member(v, _CARD_TYPE_MEMBERS)
    )
    v = data.get("card_sub_type")
    f_card_sub_type = (
        _CARD_SUB_TYPE_MEMBERS.get(v, v)
        if type(v) is str
        else _open_member(v, _CARD_SUB_TYPE_MEMBERS)
    )
    v = data.get("card_token_details")
    f_card_token_details = (
        read_card_token_details(CardTokenDetails, v) if isinstance(v, dict) else UNSET
    )
    if cls in _PLAIN or _builds_plainly(
        cls,
        InstrumentMeta,
        (
            "card_network",
            "card_bank_name",
            "card_country",
            "card_type",
            "card_sub_type",
            "card_token_details",
            "additional_properties",
        ),
    ):
        instance = _new(cls)
        instance.card_network = f_card_network
        instance.card_bank_name = f_card_bank_name
        instance.card_country = f_card_country
        instance.card_type = f_card_type
        instance.card_sub_type = f_card_sub_type
        instance.card_token_details = f_card_token_details
    else:
        instance = cls(
            card_network=f_card_network,
            card_bank_name=f_card_bank_name,
            card_country=f_card_country,
            card_type=f_card_type,
            card_sub_type=f_card_sub_type,
            card_token_details=f_card_token_details,
        )
    instance.additional_properties = (
        {}
        if _INSTRUMENT_META_FIELDS.issuperset(data)
        else _unknown(data, _INSTRUMENT_META_FIELDS)
    )
    return instance


_CARD_TOKEN_DETAILS_FIELDS = frozenset(
    (
        "par",
        "expiry_month",
        "expiry_year",
    )
)
_CardTokenDetailsT = TypeVar("_CardTokenDetailsT", bound=CardTokenDetails)


def read_card_token_details(
    cls: type[_CardTokenDetailsT], data: Mapping[str, Any]
) -> _CardTokenDetailsT:
    v = data.get("par")
    f_par = v if type(v) is str else _text(v)
    v = data.get("expiry_month")
    f_expiry_month = v if type(v) is str else _text(v)
    v = data.get("expiry_year")
    f_expiry_year = v if type(v) is str else _text(v)
    if cls in _PLAIN or _builds_plainly(
        cls,
        CardTokenDetails,
        (
            "par",
            "expiry_month",
            "expiry_year",
            "additional_properties",
        ),
    ):
        instance = _new(cls)
        instance.par = f_par
        instance.expiry_month = f_expiry_month
        instance.expiry_year = f_expiry_year
    else:
        instance = cls(
            par=f_par,
            expiry_month=f_expiry_month,
            expiry_year=f_expiry_year,
        )
    instance.additional_properties = (
        {}
        if _CARD_TOKEN_DETAILS_FIELDS.issuperset(data)
        else _unknown(data, _CARD_TOKEN_DETAILS_FIELDS)
    )
    return instance


_CRYPTOGRAM_ENTITY_FIELDS = frozenset(
    (
        "instrument_id",
        "token_requestor_id",
        "card_number",
        "card_expiry_mm",
        "card_expiry_yy",
        "cryptogram",
        "card_display",
    )
)
_CryptogramEntityT = TypeVar("_CryptogramEntityT", bound=CryptogramEntity)


def read_cryptogram_entity(
    cls: type[_CryptogramEntityT], data: Mapping[str, Any]
) -> _CryptogramEntityT:
    v = data.get("instrument_id")
    f_instrument_id = v if type(v) is str else _text(v)
    if isinstance(f_instrument_id, Unset):
        raise MissingFieldError(cls, "instrument_id")
    v = data.get("token_requestor_id")
    f_token_requestor_id = v if type(v) is str else _text(v)
    v = data.get("card_number")
    f_card_number = v if type(v) is str else _text(v)
    v = data.get("card_expiry_mm")
    f_card_expiry_mm = v if type(v) is str else _text(v)
    v = data.get("card_expiry_yy")
    f_card_expiry_yy = v if type(v) is str else _text(v)
    v = data.get("cryptogram")
    f_cryptogram = v if type(v) is str else _text(v)
    v = data.get("card_display")
    f_card_display = v if type(v) is str else _text(v)
    if cls in _PLAIN or _builds_plainly(
        cls,
        CryptogramEntity,
        (
            "instrument_id",
            "token_requestor_id",
            "card_number",
            "card_expiry_mm",
            "card_expiry_yy",
            "cryptogram",
            "card_display",
            "additional_properties",
        ),
    ):
        instance = _new(cls)
        instance.instrument_id = f_instrument_id
        instance.token_requestor_id = f_token_requestor_id
        instance.card_number = f_card_number
        instance.card_expiry_mm = f_card_expiry_mm
        instance.card_expiry_yy = f_card_expiry_yy
        instance.cryptogram = f_cryptogram
        instance.card_display = f_card_display
    else:
        instance = cls(
            instrument_id=f_instrument_id,
            token_requestor_id=f_token_requestor_id,
            card_number=f_card_number,
            card_expiry_mm=f_card_expiry_mm,
            card_expiry_yy=f_card_expiry_yy,
            cryptogram=f_cryptogram,
            card_display=f_card_display,
        )
    instance.additional_properties = (
        {}
        if _CRYPTOGRAM_ENTITY_FIELDS.issuperset(data)
        else _unknown(data, _CRYPTOGRAM_ENTITY_FIELDS)
    )
    return instance


_ERROR_ENTITY_FIELDS = frozenset(
    (
        "message",
        "code",
        "type",
        "help",
    )
)
_ErrorEntityT = TypeVar("_ErrorEntityT", bound=ErrorEntity)


def read_error_entity(
    cls: type[_ErrorEntityT], data: Mapping[str, Any]
) -> _ErrorEntityT:
    v = data.get("message")
    f_message = v if type(v) is str else _text(v)
    v = data.get("code")
    f_code = v if type(v) is str else _text(v)
    v = data.get("type")
    f_type_ = (
        _ERROR_TYPE_MEMBERS.get(v, v)
        if type(v) is str
        else _open_member(v, _ERROR_TYPE_MEMBERS)
    )
    v = data.get("help")
    f_help_ = v if type(v) is str else _text(v)
    if cls in _PLAIN or _builds_plainly(
        cls,
        ErrorEntity,
        (
            "message",
            "code",
            "type_",
            "help_",
            "additional_properties",
        ),
    ):
        instance = _new(cls)
        instance.message = f_message
        instance.code = f_code
        instance.type_ = f_type_
        instance.help_ = f_help_
    else:
        instance = cls(
            message=f_message,
            code=f_code,
            type_=f_type_,
            help_=f_help_,
        )
    instance.additional_properties = (
        {}
        if _ERROR_ENTITY_FIELDS.issuperset(data)
        else _unknown(data, _ERROR_ENTITY_FIELDS)
    )
    return instance


READERS: dict[type[Any], Callable[[Any, Mapping[str, Any]], Any]] = {
    InstrumentEntity: read_instrument_entity,
    InstrumentMeta: read_instrument_meta,
    CardTokenDetails: read_card_token_details,
    CryptogramEntity: read_cryptogram_entity,
    ErrorEntity: read_error_entity,
}

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
    "MissingFieldError",
    "READERS",
    "read_card_token_details",
    "read_cryptogram_entity",
    "read_error_entity",
    "read_instrument_entity",
    "read_instrument_meta",
)
