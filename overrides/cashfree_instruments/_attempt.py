"""One attempt of a Cashfree call: send the request, read its body, close.

Written by `python -m scripts.unasync` from _async_attempt.py: edit that file, then run the script
(tests/scripts/test_unasync.py fails while this one is stale).
"""

from __future__ import annotations

import time
from datetime import timedelta

import httpx

from ._exchange import Body, keep, sent


def _send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """http.send(request, stream=True), straight to the client's transport when the client adds nothing to it (no
    auth flow; no redirects followed, no cookies kept: the client's httpx clients never do either): httpx.Client's
    layers cost about as much as the rest of a call."""
    if http.auth is not None or http.is_closed:  # a closed client raises as httpx's does
        return http.send(request, stream=True)
    response = http._transport_for_url(request.url).handle_request(request)
    sent(request, response)
    return response


def exchange(http: httpx.Client, request: httpx.Request, limit: int) -> httpx.Response:
    """The response to `request`, its body read (at most `limit` bytes decoded) and its connection released."""
    started = time.perf_counter()
    response = _send(http, request)
    try:
        if response.is_stream_consumed:  # a transport that read the body itself (httpx.MockTransport)
            keep(response, response.content, limit)
        else:
            body = Body(response, limit)
            for raw in response.iter_raw():
                body.add(raw)
            keep(response, body.content(), limit)
    except BaseException:
        response.close()
        raise
    response.elapsed = timedelta(seconds=time.perf_counter() - started)
    return response
