"""Contains methods for accessing the API, and a descriptor of every operation the spec declares"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .. import models
from .token_vault import pg_customer_fetch_instruments
from .token_vault import pg_customer_fetch_instrument
from .token_vault import pg_customer_delete_instrument
from .token_vault import pg_customer_instruments_fetch_cryptogram


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of an operation: its name on the wire, the request builder's argument for it, and the values
    it may take when its schema is an enum (else empty)."""

    name: str
    python_name: str
    required: bool
    values: tuple[str, ...] = ()


OperationId = Literal[
    "pg_customer_fetch_instruments",
    "pg_customer_fetch_instrument",
    "pg_customer_delete_instrument",
    "pg_customer_instruments_fetch_cryptogram",
]


@dataclass(frozen=True, slots=True)
class OperationDescriptor:
    """What the spec says about one operation.

    `path_template` names the path parameters by their `python_name`. `idempotency_key` is the operation's
    x-idempotency-key header parameter when its method is not safe (GET, HEAD, OPTIONS and TRACE act on
    nothing, so repeating one needs no key), else None. `response_model` is the success response's model (for a
    list, its items' model), None when that is not a model. `build` is the generated request builder: it returns
    the keyword arguments of an httpx request.
    """

    operation_id: OperationId
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
    path_parameters=(
        Parameter(
            "customer_id",
            "customer_id",
            True,
        ),
    ),
    query_parameters=(
        Parameter(
            "instrument_type",
            "instrument_type",
            True,
            ("card",),
        ),
    ),
    header_parameters=(
        Parameter(
            "x-api-version",
            "x_api_version",
            True,
        ),
        Parameter(
            "x-request-id",
            "x_request_id",
            False,
        ),
        Parameter(
            "x-idempotency-key",
            "x_idempotency_key",
            False,
        ),
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
        Parameter(
            "customer_id",
            "customer_id",
            True,
        ),
        Parameter(
            "instrument_id",
            "instrument_id",
            True,
        ),
    ),
    query_parameters=(),
    header_parameters=(
        Parameter(
            "x-api-version",
            "x_api_version",
            True,
        ),
        Parameter(
            "x-request-id",
            "x_request_id",
            False,
        ),
        Parameter(
            "x-idempotency-key",
            "x_idempotency_key",
            False,
        ),
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
        Parameter(
            "customer_id",
            "customer_id",
            True,
        ),
        Parameter(
            "instrument_id",
            "instrument_id",
            True,
        ),
    ),
    query_parameters=(),
    header_parameters=(
        Parameter(
            "x-api-version",
            "x_api_version",
            True,
        ),
        Parameter(
            "x-request-id",
            "x_request_id",
            False,
        ),
        Parameter(
            "x-idempotency-key",
            "x_idempotency_key",
            False,
        ),
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
        Parameter(
            "customer_id",
            "customer_id",
            True,
        ),
        Parameter(
            "instrument_id",
            "instrument_id",
            True,
        ),
    ),
    query_parameters=(),
    header_parameters=(
        Parameter(
            "x-api-version",
            "x_api_version",
            True,
        ),
        Parameter(
            "x-request-id",
            "x_request_id",
            False,
        ),
        Parameter(
            "x-idempotency-key",
            "x_idempotency_key",
            False,
        ),
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

# The success response's examples of each operation, by name: sample data for fakes and tests, kept apart from the
# descriptors so that no descriptor (which the client holds while it works) carries an example's card data.
EXAMPLES: dict[OperationId, tuple[tuple[str, Any], ...]] = {
    "pg_customer_fetch_instruments": (
        (
            "go_sdk",
            [
                {
                    "customer_id": "siddhesh_desai",
                    "afa_reference": "740324562",
                    "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
                    "instrument_type": "card",
                    "instrument_uid": "0d8f70838cc5af8b1cd2bc0fe71278551fd3f1101e40020d89ad22ceba4f933c",
                    "instrument_display": "xxxxxxxxxxxx4375",
                    "instrument_status": "ACTIVE",
                    "created_at": "2021-11-11 16:57:57",
                    "instrument_meta": {
                        "card_network": "VISA",
                        "card_bank_name": "HDFC Bank Limited",
                        "card_country": "IN",
                        "card_type": "DEBIT_CARD",
                        "card_token_details": {
                            "par": "somepar",
                            "expiry_month": "12",
                            "expiry_year": "23",
                        },
                    },
                },
            ],
        ),
        (
            "api_reference",
            [
                {
                    "customer_id": "akshita2106",
                    "afa_reference": "2223295743",
                    "instrument_id": "0d6b0245-f417-41a0-8151-0b03790de1f9",
                    "instrument_type": "card",
                    "instrument_uid": "a89b6054bd18f3f4a2e6663190c23aa7f39573dfde2ea2e5d3dbf1b31705f0da",
                    "instrument_display": "XXXXXXXXXXXX5717",
                    "instrument_status": "ACTIVE",
                    "created_at": "2023-11-01T04:55:07.000+00:00",
                    "instrument_meta": {
                        "card_network": "visa",
                        "card_bank_name": "AXIS BANK",
                        "card_country": "IN",
                        "card_type": "credit_card",
                        "card_sub_type": "P",
                        "card_token_details": {
                            "par": "V0010013823048595023916090696",
                            "expiry_month": "05",
                            "expiry_year": "2028",
                        },
                    },
                },
                {
                    "customer_id": "akshita2106",
                    "afa_reference": "2372080606",
                    "instrument_id": "36e3b8ab-27e5-4a33-baf6-31a2d412a530",
                    "instrument_type": "card",
                    "instrument_uid": "b6f4e24db8ab83e59dc57049b25f0fdfa9b730e329b9730d3d3fe0aba3ccfaa3",
                    "instrument_display": "XXXXXXXXXXXX7293",
                    "instrument_status": "ACTIVE",
                    "created_at": "2024-01-04T09:16:37.000+00:00",
                    "instrument_meta": {
                        "card_network": "mastercard",
                        "card_bank_name": "PUNJAB NATIONAL BANK",
                        "card_country": "IN",
                        "card_type": "debit_card",
                        "card_sub_type": "R",
                        "card_token_details": {
                            "par": "5001D6TQMCHMY7SHM2SFANC3AWFSD",
                            "expiry_month": "09",
                            "expiry_year": "2028",
                        },
                    },
                },
                {
                    "customer_id": "akshita2106",
                    "afa_reference": "3128531647",
                    "instrument_id": "0d6b0245-f417-41a0-8151-0b03790de1f9",
                    "instrument_type": "card",
                    "instrument_uid": "a89b6054bd18f3f4a2e6663190c23aa7f39573dfde2ea2e5d3dbf1b31705f0da",
                    "instrument_display": "XXXXXXXXXXXX1001",
                    "instrument_status": "ACTIVE",
                    "created_at": "2024-10-10T10:16:18.000+00:00",
                    "instrument_meta": {
                        "card_network": "mastercard",
                        "card_bank_name": "ICICI BANK",
                        "card_country": "IN",
                        "card_type": "credit_card",
                        "card_sub_type": "P",
                        "card_token_details": {
                            "par": "5001AJE6CSF757UMKRTKK61PRVYGC",
                            "expiry_month": "11",
                            "expiry_year": "2027",
                        },
                    },
                },
            ],
        ),
    ),
    "pg_customer_fetch_instrument": (
        (
            "go_sdk",
            {
                "customer_id": "siddhesh_desai",
                "afa_reference": "740324562",
                "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
                "instrument_type": "card",
                "instrument_uid": "0d8f70838cc5af8b1cd2bc0fe71278551fd3f1101e40020d89ad22ceba4f933c",
                "instrument_display": "xxxxxxxxxxxx4375",
                "instrument_status": "ACTIVE",
                "created_at": "2021-11-11 16:57:57",
                "instrument_meta": {
                    "card_network": "VISA",
                    "card_bank_name": "HDFC Bank Limited",
                    "card_country": "IN",
                    "card_type": "DEBIT_CARD",
                    "card_token_details": {
                        "par": "somepar",
                        "expiry_month": "12",
                        "expiry_year": "23",
                    },
                },
            },
        ),
    ),
    "pg_customer_delete_instrument": (
        (
            "go_sdk",
            {
                "customer_id": "siddhesh_desai",
                "afa_reference": "740324562",
                "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
                "instrument_type": "card",
                "instrument_uid": "0d8f70838cc5af8b1cd2bc0fe71278551fd3f1101e40020d89ad22ceba4f933c",
                "instrument_display": "xxxxxxxxxxxx4375",
                "instrument_status": "INACTIVE",
                "created_at": "2021-11-11 16:57:57",
                "instrument_meta": {
                    "card_network": "VISA",
                    "card_bank_name": "HDFC Bank Limited",
                    "card_country": "IN",
                    "card_type": "DEBIT_CARD",
                    "card_token_details": {
                        "par": "somepar",
                        "expiry_month": "12",
                        "expiry_year": "23",
                    },
                },
            },
        ),
    ),
    "pg_customer_instruments_fetch_cryptogram": (
        (
            "go_sdk",
            {
                "instrument_id": "54deabb4-ba45-4a60-9e6a-9c016fe7ab10",
                "token_requestor_id": "22457512314",
                "card_number": "4491365621601472",
                "card_expiry_mm": "06",
                "card_expiry_yy": "2025",
                "cryptogram": "AQBBBBBBZatIlaIAmWKSghwBBBB=",
                "card_display": "1234",
            },
        ),
    ),
}
