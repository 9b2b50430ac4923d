from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.instrument_status import InstrumentStatus
from ..models.instrument_type import InstrumentType
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.instrument_meta import InstrumentMeta


T = TypeVar("T", bound="InstrumentEntity")


@_attrs_define
class InstrumentEntity:
    """A card instrument saved for a customer.

    Attributes:
        instrument_id (str): Identifier for the card saved at Cashfree. It is used for cryptogram generation and in
            order pay request for saved cards.
        customer_id (str | Unset): Customer ID that merchant sends during Create Order API, against which the cards are
            saved.
        afa_reference (str | Unset): cf_payment_id of the successful transaction done while saving instrument.
        instrument_type (InstrumentType | str | Unset): Type of the saved instrument; `card` today, other values kept as
            strings.
        instrument_uid (str | Unset): Unique identifier for the saved card, used to identify a specific card.
        instrument_display (str | Unset): Masked card number, to be displayed to the customer for card identification.
        instrument_status (InstrumentStatus | str | Unset): Status of the saved instrument; values Cashfree adds later
            are kept as strings.
        created_at (str | Unset): Timestamp at which instrument was saved. Seen as "2021-11-11 16:57:57" and as
            "2023-11-01T04:55:07.000+00:00".
        instrument_meta (InstrumentMeta | Unset): Card instrument meta information.
    """

    instrument_id: str
    customer_id: str | Unset = UNSET
    afa_reference: str | Unset = UNSET
    instrument_type: InstrumentType | str | Unset = UNSET
    instrument_uid: str | Unset = UNSET
    instrument_display: str | Unset = UNSET
    instrument_status: InstrumentStatus | str | Unset = UNSET
    created_at: str | Unset = UNSET
    instrument_meta: InstrumentMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.instrument_meta import InstrumentMeta  # noqa: PLC0415

        instrument_id = self.instrument_id

        customer_id = self.customer_id

        afa_reference = self.afa_reference

        instrument_type: str | Unset
        if isinstance(self.instrument_type, Unset):
            instrument_type = UNSET
        elif isinstance(self.instrument_type, InstrumentType):
            instrument_type = self.instrument_type.value
        else:
            instrument_type = self.instrument_type

        instrument_uid = self.instrument_uid

        instrument_display = self.instrument_display

        instrument_status: str | Unset
        if isinstance(self.instrument_status, Unset):
            instrument_status = UNSET
        elif isinstance(self.instrument_status, InstrumentStatus):
            instrument_status = self.instrument_status.value
        else:
            instrument_status = self.instrument_status

        created_at = self.created_at

        instrument_meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.instrument_meta, Unset):
            instrument_meta = self.instrument_meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "instrument_id": instrument_id,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if afa_reference is not UNSET:
            field_dict["afa_reference"] = afa_reference
        if instrument_type is not UNSET:
            field_dict["instrument_type"] = instrument_type
        if instrument_uid is not UNSET:
            field_dict["instrument_uid"] = instrument_uid
        if instrument_display is not UNSET:
            field_dict["instrument_display"] = instrument_display
        if instrument_status is not UNSET:
            field_dict["instrument_status"] = instrument_status
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if instrument_meta is not UNSET:
            field_dict["instrument_meta"] = instrument_meta

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instrument_meta import InstrumentMeta  # noqa: PLC0415

        d = dict(src_dict)
        instrument_id = d.pop("instrument_id")

        customer_id = d.pop("customer_id", UNSET)

        afa_reference = d.pop("afa_reference", UNSET)

        def _parse_instrument_type(data: object) -> InstrumentType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                instrument_type_type_0 = InstrumentType(data)

                return instrument_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InstrumentType | str | Unset, data)

        instrument_type = _parse_instrument_type(d.pop("instrument_type", UNSET))

        instrument_uid = d.pop("instrument_uid", UNSET)

        instrument_display = d.pop("instrument_display", UNSET)

        def _parse_instrument_status(data: object) -> InstrumentStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                instrument_status_type_0 = InstrumentStatus(data)

                return instrument_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InstrumentStatus | str | Unset, data)

        instrument_status = _parse_instrument_status(d.pop("instrument_status", UNSET))

        created_at = d.pop("created_at", UNSET)

        _instrument_meta = d.pop("instrument_meta", UNSET)
        instrument_meta: InstrumentMeta | Unset
        if isinstance(_instrument_meta, Unset):
            instrument_meta = UNSET
        else:
            instrument_meta = InstrumentMeta.from_dict(_instrument_meta)

        instrument_entity = cls(
            instrument_id=instrument_id,
            customer_id=customer_id,
            afa_reference=afa_reference,
            instrument_type=instrument_type,
            instrument_uid=instrument_uid,
            instrument_display=instrument_display,
            instrument_status=instrument_status,
            created_at=created_at,
            instrument_meta=instrument_meta,
        )

        instrument_entity.additional_properties = d
        return instrument_entity

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
