from __future__ import annotations

from enum import StrEnum


class Environment(StrEnum):
    """A Cashfree environment; its value is the environment's name, `base_url` its API root."""

    SANDBOX = "sandbox"
    PRODUCTION = "production"

    @property
    def base_url(self) -> str:
        return _BASE_URLS[self]


_BASE_URLS = {
    Environment.SANDBOX: "https://sandbox.cashfree.com/pg",
    Environment.PRODUCTION: "https://api.cashfree.com/pg",
}
