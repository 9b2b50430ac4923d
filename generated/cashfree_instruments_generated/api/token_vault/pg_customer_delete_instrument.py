from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error_entity import ErrorEntity
from ...models.instrument_entity import InstrumentEntity
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    customer_id: str,
    instrument_id: str,
    *,
    x_api_version: str = "2026-01-01",
    x_request_id: str | Unset = UNSET,
    x_idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["x-api-version"] = x_api_version

    if not isinstance(x_request_id, Unset):
        headers["x-request-id"] = x_request_id

    if not isinstance(x_idempotency_key, Unset):
        headers["x-idempotency-key"] = x_idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/customers/{customer_id}/instruments/{instrument_id}".format(
            customer_id=quote(str(customer_id), safe=""),
            instrument_id=quote(str(instrument_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEntity | InstrumentEntity | None:
    if response.status_code == 200:
        response_200 = InstrumentEntity.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEntity.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEntity.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorEntity.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorEntity.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ErrorEntity.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorEntity.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorEntity.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorEntity.from_dict(response.json())

        return response_502

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEntity | InstrumentEntity]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer_id: str,
    instrument_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: str = "2026-01-01",
    x_request_id: str | Unset = UNSET,
    x_idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEntity | InstrumentEntity]:
    """Delete Saved Card Instrument

     Deletes a saved card instrument of the customer and returns it, now INACTIVE.

    Args:
        customer_id (str):
        instrument_id (str):
        x_api_version (str):  Default: '2026-01-01'.
        x_request_id (str | Unset):
        x_idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEntity | InstrumentEntity]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        instrument_id=instrument_id,
        x_api_version=x_api_version,
        x_request_id=x_request_id,
        x_idempotency_key=x_idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    instrument_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: str = "2026-01-01",
    x_request_id: str | Unset = UNSET,
    x_idempotency_key: str | Unset = UNSET,
) -> ErrorEntity | InstrumentEntity | None:
    """Delete Saved Card Instrument

     Deletes a saved card instrument of the customer and returns it, now INACTIVE.

    Args:
        customer_id (str):
        instrument_id (str):
        x_api_version (str):  Default: '2026-01-01'.
        x_request_id (str | Unset):
        x_idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEntity | InstrumentEntity
    """

    return sync_detailed(
        customer_id=customer_id,
        instrument_id=instrument_id,
        client=client,
        x_api_version=x_api_version,
        x_request_id=x_request_id,
        x_idempotency_key=x_idempotency_key,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    instrument_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: str = "2026-01-01",
    x_request_id: str | Unset = UNSET,
    x_idempotency_key: str | Unset = UNSET,
) -> Response[ErrorEntity | InstrumentEntity]:
    """Delete Saved Card Instrument

     Deletes a saved card instrument of the customer and returns it, now INACTIVE.

    Args:
        customer_id (str):
        instrument_id (str):
        x_api_version (str):  Default: '2026-01-01'.
        x_request_id (str | Unset):
        x_idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEntity | InstrumentEntity]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        instrument_id=instrument_id,
        x_api_version=x_api_version,
        x_request_id=x_request_id,
        x_idempotency_key=x_idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    instrument_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_api_version: str = "2026-01-01",
    x_request_id: str | Unset = UNSET,
    x_idempotency_key: str | Unset = UNSET,
) -> ErrorEntity | InstrumentEntity | None:
    """Delete Saved Card Instrument

     Deletes a saved card instrument of the customer and returns it, now INACTIVE.

    Args:
        customer_id (str):
        instrument_id (str):
        x_api_version (str):  Default: '2026-01-01'.
        x_request_id (str | Unset):
        x_idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEntity | InstrumentEntity
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            instrument_id=instrument_id,
            client=client,
            x_api_version=x_api_version,
            x_request_id=x_request_id,
            x_idempotency_key=x_idempotency_key,
        )
    ).parsed
