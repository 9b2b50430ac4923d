from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.card_network import CardNetwork
from ..models.card_sub_type import CardSubType
from ..models.card_type import CardType
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.card_token_details import CardTokenDetails


T = TypeVar("T", bound="InstrumentMeta")


@_attrs_define
class InstrumentMeta:
    """Card instrument meta information.

    Attributes:
        card_network (CardNetwork | str | Unset): Card network. Seen upper case ("VISA") and lower case ("visa");
            unknown values kept as strings.
        card_bank_name (str | Unset): Issuing bank of the card.
        card_country (str | Unset): Issuing country of the card, ISO 3166-1 alpha-2.
        card_type (CardType | str | Unset): Card type. Seen upper case ("DEBIT_CARD") and lower case ("credit_card");
            unknown values kept as strings.
        card_sub_type (CardSubType | str | Unset): Card sub type; missing in older responses, unknown values kept as
            strings.
        card_token_details (CardTokenDetails | Unset): The network token of the saved card.
    """

    card_network: CardNetwork | str | Unset = UNSET
    card_bank_name: str | Unset = UNSET
    card_country: str | Unset = UNSET
    card_type: CardType | str | Unset = UNSET
    card_sub_type: CardSubType | str | Unset = UNSET
    card_token_details: CardTokenDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_token_details import CardTokenDetails  # noqa: PLC0415

        card_network: str | Unset
        if isinstance(self.card_network, Unset):
            card_network = UNSET
        elif isinstance(self.card_network, CardNetwork):
            card_network = self.card_network.value
        else:
            card_network = self.card_network

        card_bank_name = self.card_bank_name

        card_country = self.card_country

        card_type: str | Unset
        if isinstance(self.card_type, Unset):
            card_type = UNSET
        elif isinstance(self.card_type, CardType):
            card_type = self.card_type.value
        else:
            card_type = self.card_type

        card_sub_type: str | Unset
        if isinstance(self.card_sub_type, Unset):
            card_sub_type = UNSET
        elif isinstance(self.card_sub_type, CardSubType):
            card_sub_type = self.card_sub_type.value
        else:
            card_sub_type = self.card_sub_type

        card_token_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.card_token_details, Unset):
            card_token_details = self.card_token_details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if card_network is not UNSET:
            field_dict["card_network"] = card_network
        if card_bank_name is not UNSET:
            field_dict["card_bank_name"] = card_bank_name
        if card_country is not UNSET:
            field_dict["card_country"] = card_country
        if card_type is not UNSET:
            field_dict["card_type"] = card_type
        if card_sub_type is not UNSET:
            field_dict["card_sub_type"] = card_sub_type
        if card_token_details is not UNSET:
            field_dict["card_token_details"] = card_token_details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_token_details import CardTokenDetails  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_card_network(data: object) -> CardNetwork | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                card_network_type_0 = CardNetwork(data)

                return card_network_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardNetwork | str | Unset, data)

        card_network = _parse_card_network(d.pop("card_network", UNSET))

        card_bank_name = d.pop("card_bank_name", UNSET)

        card_country = d.pop("card_country", UNSET)

        def _parse_card_type(data: object) -> CardType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                card_type_type_0 = CardType(data)

                return card_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardType | str | Unset, data)

        card_type = _parse_card_type(d.pop("card_type", UNSET))

        def _parse_card_sub_type(data: object) -> CardSubType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                card_sub_type_type_0 = CardSubType(data)

                return card_sub_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardSubType | str | Unset, data)

        card_sub_type = _parse_card_sub_type(d.pop("card_sub_type", UNSET))

        _card_token_details = d.pop("card_token_details", UNSET)
        card_token_details: CardTokenDetails | Unset
        if isinstance(_card_token_details, Unset):
            card_token_details = UNSET
        else:
            card_token_details = CardTokenDetails.from_dict(_card_token_details)

        instrument_meta = cls(
            card_network=card_network,
            card_bank_name=card_bank_name,
            card_country=card_country,
            card_type=card_type,
            card_sub_type=card_sub_type,
            card_token_details=card_token_details,
        )

        instrument_meta.additional_properties = d
        return instrument_meta

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
