import inspect

from cashfree_instruments_generated.api.token_vault import pg_customer_fetch_instrument

# Read from the generated code, which `make generate` writes from the spec: the version lives in one place.
API_VERSION: str = inspect.signature(pg_customer_fetch_instrument.sync_detailed).parameters["x_api_version"].default
