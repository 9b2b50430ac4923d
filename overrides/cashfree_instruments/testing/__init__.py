"""The embedded fake Cashfree: the Token Vault endpoints in memory, for tests, demos and local development.

    fake = FakeCashfree()                      # seeded with the spec's examples
    client = httpx.Client(base_url="https://sandbox.cashfree.com/pg", transport=fake.transport)
    with FakeServer(fake) as server:           # or over real HTTP on 127.0.0.1
        ...server.base_url...

Only stdlib, httpx and attrs: it ships with the package.
"""

from cashfree_instruments_generated.api import OperationId

from ._app import FakeCashfree, ReceivedRequest
from ._server import FakeServer

__all__ = ["FakeCashfree", "FakeServer", "OperationId", "ReceivedRequest"]
