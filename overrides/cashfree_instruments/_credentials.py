from __future__ import annotations

from dataclasses import dataclass, field

from ._errors import ConfigurationError


def _check_value(name: str, value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a string, not {type(value).__name__}")
    if not value.strip():
        raise ConfigurationError(f"{name} is empty")
    if any(not (0x21 <= ord(ch) <= 0x7E) for ch in value):
        raise ConfigurationError(f"{name} holds whitespace, control or non-ASCII characters")


@dataclass(frozen=True, slots=True)
class Credentials:
    """One of the credential sets Cashfree accepts. Secrets stay out of repr()."""

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    partner_api_key: str | None = field(default=None, repr=False)
    partner_merchant_id: str | None = None

    def __post_init__(self) -> None:
        for name in _FIELDS:
            _check_value(name, getattr(self, name))
        given = tuple(getattr(self, name) is not None for name in _FIELDS)
        if given not in _ACCEPTED:
            raise ConfigurationError(
                "credentials must be exactly one of: client_id + client_secret; client_id + partner_api_key; "
                "partner_merchant_id + partner_api_key"
            )

    def headers(self) -> dict[str, str]:
        pairs = {
            "x-client-id": self.client_id,
            "x-client-secret": self.client_secret,
            "x-partner-apikey": self.partner_api_key,
            "x-partner-merchantid": self.partner_merchant_id,
        }
        return {name: value for name, value in pairs.items() if value is not None}


_FIELDS = ("client_id", "client_secret", "partner_api_key", "partner_merchant_id")
# Which of _FIELDS are present.
_ACCEPTED = {
    (True, True, False, False),
    (True, False, True, False),
    (False, False, True, True),
}
