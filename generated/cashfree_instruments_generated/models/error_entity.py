from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.error_type import ErrorType
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="ErrorEntity")


@_attrs_define
class ErrorEntity:
    """Error response of Cashfree.

    Attributes:
        message (str | Unset): What went wrong.
        code (str | Unset): Machine-readable error code.
        type_ (ErrorType | str | Unset): Error type; values Cashfree adds later are kept as strings.
        help_ (str | Unset): A hint or link to fix the error.
    """

    message: str | Unset = UNSET
    code: str | Unset = UNSET
    type_: ErrorType | str | Unset = UNSET
    help_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code = self.code

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ErrorType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        help_ = self.help_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if message is not UNSET:
            field_dict["message"] = message
        if code is not UNSET:
            field_dict["code"] = code
        if type_ is not UNSET:
            field_dict["type"] = type_
        if help_ is not UNSET:
            field_dict["help"] = help_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message", UNSET)

        code = d.pop("code", UNSET)

        def _parse_type_(data: object) -> ErrorType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = ErrorType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        help_ = d.pop("help", UNSET)

        error_entity = cls(
            message=message,
            code=code,
            type_=type_,
            help_=help_,
        )

        error_entity.additional_properties = d
        return error_entity

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
