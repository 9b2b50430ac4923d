"""The embedded fake Cashfree: the Token Vault endpoints in memory, for tests, demos and local development.

    fake = FakeCashfree()                      # seeded with the spec's examples
    client = httpx.Client(base_url="https://sandbox.cashfree.com/pg", transport=fake.transport)
    with FakeServer(fake) as server:           # or over real HTTP on 127.0.0.1
        ...server.base_url...

Only stdlib, httpx and attrs: it ships with the package. pytest fixtures for it: `pytest_plugin`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cashfree_instruments_generated.api import OperationId

    from ._app import FakeCashfree, ReceivedRequest
    from ._server import FakeServer

# Imported on first use (PEP 562): pytest imports this package's plugin in every session of a project that has
# cashfree-instruments installed, and only the tests that use the fake need its modules.
_LAZY = {
    "FakeCashfree": "._app",
    "ReceivedRequest": "._app",
    "OperationId": "cashfree_instruments_generated.api",
    "FakeServer": "._server",
}

__all__ = ["FakeCashfree", "FakeServer", "OperationId", "ReceivedRequest"]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
