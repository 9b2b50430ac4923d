"""A client library for accessing Cashfree Token Vault — saved card instruments"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
