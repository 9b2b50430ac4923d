"""Contains methods for accessing the API, and a descriptor of every operation the spec declares"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import models
from .token_vault import pg_customer_fetch_instruments
from .token_vault import pg_customer_fetch_instrument
from .token_vault import pg_customer_delete_instrument
from .token_vault import pg_customer_instruments_fetch_cryptogram


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of an operation: its name on the wire and the request builder's argument for it."""

    name: str
    python_name: str
    required: bool


@dataclass(frozen=True, slots=True)
class OperationDescriptor:
    """What the spec says about one operation.

    `path_template` names the path parameters by their `python_name`. `idempotency_key` is the operation's
    x-idempotency-key header parameter when its method is not safe (GET, HEAD, OPTIONS and TRACE act on
    nothing, so repeating one needs no key), else None. `response_model` is the success response's model (for a
    list, its items' model), None when that is not a model. `build` is the generated request builder: it returns
    the keyword arguments of an httpx request.
    """

    operation_id: str
    method: str
    path_template: str
    path_parameters: tuple[Parameter, ...]
    query_parameters: tuple[Parameter, ...]
    header_parameters: tuple[Parameter, ...]
    idempotency_key: Parameter | None
    response_model: type[Any] | None
    response_is_list: bool
    error_statuses: tuple[int, ...]
    build: Callable[..., dict[str, Any]]


PG_CUSTOMER_FETCH_INSTRUMENTS = OperationDescriptor(
    operation_id="pg_customer_fetch_instruments",
    method="GET",
    path_template="/customers/{customer_id}/instruments",
    path_parameters=(Parameter("customer_id", "customer_id", True),),
    query_parameters=(Parameter("instrument_type", "instrument_type", True),),
    header_parameters=(
        Parameter("x-api-version", "x_api_version", True),
        Parameter("x-request-id", "x_request_id", False),
        Parameter("x-idempotency-key", "x_idempotency_key", False),
    ),
    idempotency_key=None,
    response_model=models.InstrumentEntity,
    response_is_list=True,
    error_statuses=(
        400,
        401,
        404,
        409,
        422,
        429,
        500,
        502,
    ),
    build=pg_customer_fetch_instruments._get_kwargs,
)

PG_CUSTOMER_FETCH_INSTRUMENT = OperationDescriptor(
    operation_id="pg_customer_fetch_instrument",
    method="GET",
    path_template="/customers/{customer_id}/instruments/{instrument_id}",
    path_parameters=(
        Parameter("customer_id", "customer_id", True),
        Parameter("instrument_id", "instrument_id", True),
    ),
    query_parameters=(),
    header_parameters=(
        Parameter("x-api-version", "x_api_version", True),
        Parameter("x-request-id", "x_request_id", False),
        Parameter("x-idempotency-key", "x_idempotency_key", False),
    ),
    idempotency_key=None,
    response_model=models.InstrumentEntity,
    response_is_list=False,
    error_statuses=(
        400,
        401,
        404,
        409,
        422,
        429,
        500,
        502,
    ),
    build=pg_customer_fetch_instrument._get_kwargs,
)

PG_CUSTOMER_DELETE_INSTRUMENT = OperationDescriptor(
    operation_id="pg_customer_delete_instrument",
    method="DELETE",
    path_template="/customers/{customer_id}/instruments/{instrument_id}",
    path_parameters=(
        Parameter("customer_id", "customer_id", True),
        Parameter("instrument_id", "instrument_id", True),
    ),
    query_parameters=(),
    header_parameters=(
        Parameter("x-api-version", "x_api_version", True),
        Parameter("x-request-id", "x_request_id", False),
        Parameter("x-idempotency-key", "x_idempotency_key", False),
    ),
    idempotency_key=Parameter("x-idempotency-key", "x_idempotency_key", False),
    response_model=models.InstrumentEntity,
    response_is_list=False,
    error_statuses=(
        400,
        401,
        404,
        409,
        422,
        429,
        500,
        502,
    ),
    build=pg_customer_delete_instrument._get_kwargs,
)

PG_CUSTOMER_INSTRUMENTS_FETCH_CRYPTOGRAM = OperationDescriptor(
    operation_id="pg_customer_instruments_fetch_cryptogram",
    method="GET",
    path_template="/customers/{customer_id}/instruments/{instrument_id}/cryptogram",
    path_parameters=(
        Parameter("customer_id", "customer_id", True),
        Parameter("instrument_id", "instrument_id", True),
    ),
    query_parameters=(),
    header_parameters=(
        Parameter("x-api-version", "x_api_version", True),
        Parameter("x-request-id", "x_request_id", False),
        Parameter("x-idempotency-key", "x_idempotency_key", False),
    ),
    idempotency_key=None,
    response_model=models.CryptogramEntity,
    response_is_list=False,
    error_statuses=(
        400,
        401,
        404,
        409,
        422,
        429,
        500,
        502,
    ),
    build=pg_customer_instruments_fetch_cryptogram._get_kwargs,
)

OPERATIONS: tuple[OperationDescriptor, ...] = (
    PG_CUSTOMER_FETCH_INSTRUMENTS,
    PG_CUSTOMER_FETCH_INSTRUMENT,
    PG_CUSTOMER_DELETE_INSTRUMENT,
    PG_CUSTOMER_INSTRUMENTS_FETCH_CRYPTOGRAM,
)
