from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset


T = TypeVar("T", bound="CryptogramEntity")


@_attrs_define
class CryptogramEntity:
    """Cryptogram for a saved card. card_number (the token card number) and cryptogram are card data: never log or print
    them.

        Attributes:
            instrument_id (str): The instrument_id of the saved card.
            token_requestor_id (str | Unset): Token requestor id of the card network token.
            card_number (str | Unset): Token card number (token PAN). Card data.
            card_expiry_mm (str | Unset): Token expiry month, "01" to "12".
            card_expiry_yy (str | Unset): Token expiry year.
            cryptogram (str | Unset): Cryptogram to pay with the token. Card data.
            card_display (str | Unset): Last digits of the card, to show the customer.
    """

    instrument_id: str
    token_requestor_id: str | Unset = UNSET
    card_number: str | Unset = UNSET
    card_expiry_mm: str | Unset = UNSET
    card_expiry_yy: str | Unset = UNSET
    cryptogram: str | Unset = UNSET
    card_display: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instrument_id = self.instrument_id

        token_requestor_id = self.token_requestor_id

        card_number = self.card_number

        card_expiry_mm = self.card_expiry_mm

        card_expiry_yy = self.card_expiry_yy

        cryptogram = self.cryptogram

        card_display = self.card_display

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "instrument_id": instrument_id,
            }
        )
        if token_requestor_id is not UNSET:
            field_dict["token_requestor_id"] = token_requestor_id
        if card_number is not UNSET:
            field_dict["card_number"] = card_number
        if card_expiry_mm is not UNSET:
            field_dict["card_expiry_mm"] = card_expiry_mm
        if card_expiry_yy is not UNSET:
            field_dict["card_expiry_yy"] = card_expiry_yy
        if cryptogram is not UNSET:
            field_dict["cryptogram"] = cryptogram
        if card_display is not UNSET:
            field_dict["card_display"] = card_display

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instrument_id = d.pop("instrument_id")

        token_requestor_id = d.pop("token_requestor_id", UNSET)

        card_number = d.pop("card_number", UNSET)

        card_expiry_mm = d.pop("card_expiry_mm", UNSET)

        card_expiry_yy = d.pop("card_expiry_yy", UNSET)

        cryptogram = d.pop("cryptogram", UNSET)

        card_display = d.pop("card_display", UNSET)

        cryptogram_entity = cls(
            instrument_id=instrument_id,
            token_requestor_id=token_requestor_id,
            card_number=card_number,
            card_expiry_mm=card_expiry_mm,
            card_expiry_yy=card_expiry_yy,
            cryptogram=cryptogram,
            card_display=card_display,
        )

        cryptogram_entity.additional_properties = d
        return cryptogram_entity

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
