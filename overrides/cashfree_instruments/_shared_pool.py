"""The generated package's Client over a Cashfree's connection pool: `Cashfree.generated_client()`."""

from __future__ import annotations

from typing import NoReturn

import httpx

from cashfree_instruments_generated import Client

from ._errors import ConfigurationError


class SharedPoolClient(Client):
    """A generated Client that sends through a Cashfree's (or AsyncCashfree's) guarded, authenticated pool.

    The generated with_headers, with_cookies and with_timeout change the httpx client they hold in place: here that
    is the Cashfree's pool, so every later call of it and of its with_options() siblings would carry the other
    headers, cookie or timeout. They are refused.
    """

    __slots__ = ()

    def with_headers(self, headers: dict[str, str]) -> NoReturn:
        raise _refused("with_headers")

    def with_cookies(self, cookies: dict[str, str]) -> NoReturn:
        raise _refused("with_cookies")

    def with_timeout(self, timeout: httpx.Timeout) -> NoReturn:
        raise _refused("with_timeout")


def _refused(helper: str) -> ConfigurationError:
    return ConfigurationError(
        f"{helper}() is refused: this generated client shares the Cashfree client's connection pool, which it "
        "would change for every call; make another Cashfree (or AsyncCashfree) with the other settings"
    )
