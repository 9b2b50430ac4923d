"""Issue #11: a response whose unknown field nests ~1000 deep must not make repr() / json.dumps() of the parsed
model raise RecursionError later, in the caller's logging. Unknown fields nested deeper than MAX_UNKNOWN_DEPTH are
dropped at parse time (like any other unreadable field); the rest of the object is kept.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

from cashfree_instruments import NotFoundError
from cashfree_instruments_generated.models import MAX_UNKNOWN_DEPTH
from tests.helpers.client import CLIENT_CLASSES, CRYPTOGRAM, INSTRUMENT, Server, call, make_client


def _nested(depth: int, kind: str) -> str:
    """JSON text of arrays or objects nested `depth` deep around 1."""
    if kind == "list":
        return "[" * depth + "1" + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _with_field(body: dict[str, Any], field_json: str, where: tuple[str, ...] = ()) -> bytes:
    """`body` as JSON with an unknown field "deep" (given as JSON text) added to the object at path `where`."""
    marker = "__DEEP__"
    target = copy.deepcopy(body)
    node = target
    for key in where:
        node = node[key]
    node["deep"] = marker
    return json.dumps(target).replace(json.dumps(marker), field_json).encode()


def _exercise(model: Any) -> None:
    """What a caller's logging does with a parsed model."""
    repr(model)
    str(model)
    json.dumps(model.to_dict())
    copy.deepcopy(model)


PLACES = {
    "instrument": ("get", INSTRUMENT, ()),
    "instrument-meta": ("get", INSTRUMENT, ("instrument_meta",)),
    "card-token-details": ("get", INSTRUMENT, ("instrument_meta", "card_token_details")),
    "cryptogram": ("cryptogram", CRYPTOGRAM, ()),
}


@CLIENT_CLASSES
@pytest.mark.parametrize("kind", ["list", "object"])
@pytest.mark.parametrize("place", list(PLACES))
def test_an_unknown_field_nested_1000_deep_is_dropped(client_class: type[Any], kind: str, place: str) -> None:
    operation, body, where = PLACES[place]
    reply = httpx.Response(200, content=_with_field(body, _nested(1000, kind), where))
    model = call(make_client(client_class, Server(reply)), operation, "c", "i")
    _exercise(model)
    holder = model
    for key in where:
        holder = getattr(holder, key)
    assert "deep" not in holder.additional_properties
    assert model.instrument_id == body["instrument_id"]  # the rest is kept


@CLIENT_CLASSES
def test_in_a_list_every_item_keeps_its_readable_fields(client_class: type[Any]) -> None:
    item = _with_field(INSTRUMENT, _nested(1000, "list")).decode()
    reply = httpx.Response(200, content=f"[{item}, {item}]".encode())
    instruments = call(make_client(client_class, Server(reply)), "list", "c")
    assert len(instruments) == 2
    for instrument in instruments:
        _exercise(instrument)
        assert "deep" not in instrument.additional_properties


@CLIENT_CLASSES
@pytest.mark.parametrize("kind", ["list", "object"])
def test_unknown_fields_up_to_the_limit_are_kept(client_class: type[Any], kind: str) -> None:
    for depth, kept in ((1, True), (MAX_UNKNOWN_DEPTH, True), (MAX_UNKNOWN_DEPTH + 1, False)):
        field_json = _nested(depth, kind)
        reply = httpx.Response(200, content=_with_field(INSTRUMENT, field_json, ("instrument_meta",)))
        instrument = call(make_client(client_class, Server(reply)), "get", "c", "i")
        meta = instrument.instrument_meta.additional_properties
        assert ("deep" in meta) is kept, depth
        if kept:
            assert meta["deep"] == json.loads(field_json)


@CLIENT_CLASSES
def test_a_deep_unknown_field_of_an_error_body_does_no_harm(client_class: type[Any]) -> None:
    body = _with_field({"message": "no such instrument", "code": "x", "type": "y"}, _nested(1000, "object"))
    cf = make_client(client_class, Server(httpx.Response(404, content=body)))
    with pytest.raises(NotFoundError) as caught:
        call(cf, "get", "c", "i")
    assert caught.value.message == "no such instrument"
    repr(caught.value)
