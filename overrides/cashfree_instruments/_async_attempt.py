"""One attempt of an AsyncCashfree call: send the request, read its body as it arrives (decoded, within the cap:
see _exchange.py), and close. The sync client's, _attempt.py, is written from this file by
`python -m scripts.unasync`.
"""

from __future__ import annotations

import time
from datetime import timedelta

import httpx

from ._exchange import Body, keep, sent


async def _async_send(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """http.send(request, stream=True), straight to the client's transport when the client adds nothing to it (no
    auth flow; no redirects followed, no cookies kept: the client's httpx clients never do either): httpx.Client's
    layers cost about as much as the rest of a call."""
    if http.auth is not None or http.is_closed:  # a closed client raises as httpx's does
        return await http.send(request, stream=True)
    response = await http._transport_for_url(request.url).handle_async_request(request)
    sent(request, response)
    return response


async def async_exchange(http: httpx.AsyncClient, request: httpx.Request, limit: int) -> httpx.Response:
    """The response to `request`, its body read (at most `limit` bytes decoded) and its connection released."""
    started = time.perf_counter()
    response = await _async_send(http, request)
    try:
        if response.is_stream_consumed:  # a transport that read the body itself (httpx.MockTransport)
            keep(response, response.content, limit)
        else:
            body = Body(response, limit)
            async for raw in response.aiter_raw():
                body.add(raw)
            keep(response, body.content(), limit)
    except BaseException:
        await response.aclose()
        raise
    response.elapsed = timedelta(seconds=time.perf_counter() - started)
    return response
