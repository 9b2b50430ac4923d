from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ._errors import ConfigurationError

# A signature for x-client-signature: a value, or a zero-argument callable asked for a fresh one on every attempt.
Signature = str | Callable[[], str]


def value_problem(name: str, value: object) -> str | None:
    """What makes `value` unusable as the credential `name` (never quoting it), or None when it is usable."""
    if not isinstance(value, str):
        return f"{name} must be a string, not {type(value).__name__}"
    if not value.strip():
        return f"{name} is empty"
    if any(not (0x21 <= ord(ch) <= 0x7E) for ch in value):
        return f"{name} holds whitespace, control or non-ASCII characters"
    return None


def _check_value(name: str, value: object) -> None:
    if value is None or (name == "client_signature" and callable(value)):
        return
    problem = value_problem(name, value)
    if name == "client_signature" and not isinstance(value, str):
        problem = f"client_signature must be a string or a zero-argument callable, not {type(value).__name__}"
    if problem is not None:
        raise ConfigurationError(problem)


@dataclass(frozen=True, slots=True)
class Credentials:
    """One of the credential sets Cashfree accepts. Secrets stay out of repr()."""

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    partner_api_key: str | None = field(default=None, repr=False)
    partner_merchant_id: str | None = None
    client_signature: Signature | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for name in _FIELDS:
            _check_value(name, getattr(self, name))
        given = tuple(getattr(self, name) is not None for name in _FIELDS)
        if given not in _ACCEPTED:
            raise ConfigurationError(
                "credentials must be exactly one of: client_id + client_secret; client_id + partner_api_key; "
                "partner_merchant_id + partner_api_key; client_id + client_signature"
            )

    def headers(self) -> dict[str, str]:
        """The fixed credential headers (x-client-signature, which may change per attempt, is the auth's)."""
        pairs = {
            "x-client-id": self.client_id,
            "x-client-secret": self.client_secret,
            "x-partner-apikey": self.partner_api_key,
            "x-partner-merchantid": self.partner_merchant_id,
        }
        return {name: value for name, value in pairs.items() if value is not None}


_FIELDS = ("client_id", "client_secret", "partner_api_key", "partner_merchant_id", "client_signature")
# Which of _FIELDS are present.
_ACCEPTED = {
    (True, True, False, False, False),
    (True, False, True, False, False),
    (False, False, True, True, False),
    (True, False, False, False, True),
}
