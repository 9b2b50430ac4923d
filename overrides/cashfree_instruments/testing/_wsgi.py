"""The fake as a WSGI application, for WSGI test tools (schemathesis, werkzeug's test client)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import httpx

from ._routes import quote_target

__all__ = ["WSGIApplication", "wsgi_app"]


def _target(environ: WSGIEnvironment) -> str:
    # PATH_INFO is already percent-decoded, which would turn an id's %2F into a path separator: prefer the raw
    # path that servers and werkzeug's test client pass along (some with the query string, some without).
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = quote_target(raw.split("?", 1)[0])
    else:
        path = quote((environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1"))
    query = environ.get("QUERY_STRING", "")
    return path + (f"?{query}" if query else "")


def wsgi_app(handle: Callable[[httpx.Request], httpx.Response]) -> WSGIApplication:
    """A WSGI application answering every request with `handle`."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        headers = [(k[5:].replace("_", "-").lower(), v) for k, v in environ.items() if k.startswith("HTTP_")]
        for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(name):
                headers.append((name.replace("_", "-").lower(), environ[name]))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        origin = f"{environ['wsgi.url_scheme']}://{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        request = httpx.Request(environ["REQUEST_METHOD"], origin + _target(environ), headers=headers, content=body)
        response = handle(request)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.headers.multi_items()))
        return [response.content]

    return app
