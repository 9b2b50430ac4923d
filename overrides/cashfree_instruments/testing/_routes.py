"""Which operation a request path names. Ids are single percent-encoded segments, decoded one by one."""

from __future__ import annotations

from urllib.parse import quote, unquote

from attrs import frozen


@frozen
class Route:
    """The operations a path offers, by method, and the path's ids."""

    operations: dict[str, str]
    customer_id: str
    instrument_id: str | None = None


# Every printable ASCII character but space stays as sent, so existing %-escapes keep their meaning.
_KEEP = "".join(chr(c) for c in range(0x21, 0x7F))


def quote_target(target: str) -> str:
    """A request target as the server read it (latin-1 text), with other characters percent-encoded."""
    return quote(target.encode("latin-1", "replace"), safe=_KEEP)


def raw_path(target: bytes) -> str:
    """The path of a raw request target, still percent-encoded."""
    return target.split(b"?", 1)[0].decode("ascii", "replace")


def route(path: str) -> Route | None:
    """The route of a raw (percent-encoded) path under /pg, or None when the path names no operation."""
    # Split before decoding: an id may hold an encoded '/'.
    segments = [unquote(s, errors="replace") for s in path.split("/")]
    match segments:
        case ["", "pg", "customers", customer_id, "instruments"] if customer_id:
            return Route({"GET": "PGCustomerFetchInstruments"}, customer_id)
        case ["", "pg", "customers", customer_id, "instruments", instrument_id] if customer_id and instrument_id:
            return Route(
                {"GET": "PGCustomerFetchInstrument", "DELETE": "PGCustomerDeleteInstrument"},
                customer_id,
                instrument_id,
            )
        case ["", "pg", "customers", customer_id, "instruments", instrument_id, "cryptogram"] if (
            customer_id and instrument_id
        ):
            return Route({"GET": "PGCustomerInstrumentsFetchCryptogram"}, customer_id, instrument_id)
    return None
