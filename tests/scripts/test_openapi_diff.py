"""`make api-diff`'s OpenAPI part classifies each change of the spec from a client's point of view."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from scripts.api_diff.openapi_diff import diff
from tests.helpers.spec import SPEC

# What generator-config.yaml's class_overrides make of the spec's schema names.
CLASS_NAMES = {"SavedInstrumentMeta": "InstrumentMeta", "SavedInstrumentMetaCardTokenDetails": "CardTokenDetails"}

LIST = "GET /customers/{customer_id}/instruments"
FETCH = "GET /customers/{customer_id}/instruments/{instrument_id}"


def _changes(mutate: Callable[[dict[str, Any]], object], old: dict[str, Any] = SPEC) -> dict[str, bool]:
    """Change -> breaking, from `old` to a copy of it that `mutate` edits."""
    new = copy.deepcopy(old)
    mutate(new)
    return {str(change): change.breaking for change in diff(old, new)}


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def test_the_spec_against_itself_has_no_change() -> None:
    assert diff(SPEC, copy.deepcopy(SPEC)) == []


def test_an_api_version_bump_alone_is_noted_not_breaking() -> None:
    def bump(spec: dict[str, Any]) -> None:
        spec["info"]["version"] = "the-next-version"

    changes = _changes(bump)
    assert list(changes.values()) == [False]
    assert f"API version {SPEC['info']['version']} -> the-next-version" in next(iter(changes))


def test_a_removed_response_property_is_breaking() -> None:
    assert _changes(lambda s: _schema(s, "InstrumentEntity")["properties"].pop("afa_reference")) == {
        "schema InstrumentEntity: property afa_reference removed": True
    }


def test_an_added_optional_response_property_is_not_breaking() -> None:
    def add(spec: dict[str, Any]) -> None:
        _schema(spec, "SavedInstrumentMeta")["properties"]["card_issuer_code"] = {"type": "string"}

    assert _changes(add) == {"schema SavedInstrumentMeta: optional property card_issuer_code added": False}


def test_a_response_property_no_longer_required_is_breaking_and_newly_required_is_not() -> None:
    assert _changes(lambda s: _schema(s, "CryptogramEntity").pop("required")) == {
        "schema CryptogramEntity: property instrument_id no longer required": True
    }
    assert _changes(lambda s: _schema(s, "CryptogramEntity")["required"].append("cryptogram")) == {
        "schema CryptogramEntity: property cryptogram now required": False
    }


def test_enum_values_removed_are_breaking_and_added_are_not() -> None:
    assert _changes(lambda s: _schema(s, "InstrumentStatus")["enum"].remove("INACTIVE")) == {
        "schema InstrumentStatus: enum value 'INACTIVE' removed": True
    }
    assert _changes(lambda s: _schema(s, "CardNetwork")["enum"].append("discover")) == {
        "schema CardNetwork: enum value 'discover' added": False
    }


def test_a_property_type_change_is_breaking() -> None:
    def to_datetime(spec: dict[str, Any]) -> None:
        _schema(spec, "InstrumentEntity")["properties"]["created_at"]["format"] = "date-time"

    assert _changes(to_datetime) == {
        "schema InstrumentEntity.created_at: type changed: string -> string (date-time)": True
    }


def test_closing_an_open_enum_is_a_breaking_type_change() -> None:
    def close(spec: dict[str, Any]) -> None:
        _schema(spec, "InstrumentEntity")["properties"]["instrument_status"]["anyOf"].pop()

    assert _changes(close) == {
        "schema InstrumentEntity.instrument_status: type changed: InstrumentStatus | string -> InstrumentStatus": True
    }


def test_schemas_added_are_not_breaking_and_removed_are() -> None:
    def add(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["Upi"] = {"type": "object"}

    assert _changes(add) == {"schema Upi: schema added": False}
    added = copy.deepcopy(SPEC)
    add(added)
    assert _changes(lambda s: s["components"]["schemas"].pop("Upi"), old=added) == {
        "schema Upi: schema removed (with its model)": True
    }


def test_required_request_parameters_added_are_breaking_optional_ones_are_not() -> None:
    def add(required: bool) -> Callable[[dict[str, Any]], None]:
        def mutate(spec: dict[str, Any]) -> None:
            parameter = {"name": "limit", "in": "query", "required": required, "schema": {"type": "integer"}}
            spec["paths"]["/customers/{customer_id}/instruments"]["get"]["parameters"].append(parameter)

        return mutate

    assert _changes(add(required=True)) == {f"{LIST}: required query parameter limit added": True}
    assert _changes(add(required=False)) == {f"{LIST}: optional query parameter limit added": False}


def test_parameters_removed_or_made_required_are_breaking_made_optional_is_not() -> None:
    def remove_request_id(spec: dict[str, Any]) -> None:
        parameters = spec["paths"]["/customers/{customer_id}/instruments/{instrument_id}"]["get"]["parameters"]
        parameters.remove({"$ref": "#/components/parameters/XRequestId"})

    assert _changes(remove_request_id) == {f"{FETCH}: header parameter x-request-id removed": True}
    changes = _changes(lambda s: s["components"]["parameters"]["XRequestId"].update(required=True))
    assert len(changes) == 4  # the shared parameter, in each of the four operations
    assert all(breaking and "header parameter x-request-id now required" in c for c, breaking in changes.items())
    changes = _changes(lambda s: s["components"]["parameters"]["InstrumentTypeQuery"].update(required=False))
    assert changes == {f"{LIST}: query parameter instrument_type now optional": False}


def test_response_statuses_removed_are_breaking_added_are_not() -> None:
    responses = ("paths", "/customers/{customer_id}/instruments", "get", "responses")

    def at(spec: dict[str, Any]) -> dict[str, Any]:
        node: dict[str, Any] = spec
        for key in responses:
            node = node[key]
        return node

    assert _changes(lambda s: at(s).pop("409")) == {f"{LIST}: response 409 removed": True}
    assert _changes(lambda s: at(s).update({"403": {"$ref": "#/components/responses/Unauthorized"}})) == {
        f"{LIST}: response 403 added": False
    }


def test_operations_removed_are_breaking_added_are_not() -> None:
    def remove_delete(spec: dict[str, Any]) -> None:
        del spec["paths"]["/customers/{customer_id}/instruments/{instrument_id}"]["delete"]

    delete = "DELETE /customers/{customer_id}/instruments/{instrument_id}"
    assert _changes(remove_delete) == {f"{delete}: operation removed (PGCustomerDeleteInstrument)": True}
    without_delete = copy.deepcopy(SPEC)
    remove_delete(without_delete)
    assert _changes(lambda s: s.update(paths=SPEC["paths"]), old=without_delete) == {
        f"{delete}: operation added (PGCustomerDeleteInstrument)": False
    }


def test_servers_and_security_removed_are_breaking_added_are_not() -> None:
    production = "https://api.cashfree.com/pg"
    assert _changes(lambda s: s["servers"].pop()) == {f"servers: server {production} removed": True}
    assert _changes(lambda s: s["servers"].append({"url": "https://eu.cashfree.com/pg"})) == {
        "servers: server https://eu.cashfree.com/pg added": False
    }
    assert _changes(lambda s: s["security"].pop()) == {
        "security: security alternative XClientID + XClientSignatureHeader removed": True
    }
    assert _changes(lambda s: s["security"].append({"XClientID": []})) == {
        "security: security alternative XClientID added": False
    }
    renamed = _changes(lambda s: s["components"]["securitySchemes"]["XClientID"].update(name="x-app-id"))
    assert renamed == {"security: security scheme XClientID changed": True}


REQUEST_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/things": {
            "post": {
                "operationId": "CreateThing",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                },
                "responses": {"204": {"description": "created"}},
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "note": {"type": "string"}},
            }
        }
    },
}


def test_request_schemas_breaking_the_other_way_round() -> None:
    def thing(spec: dict[str, Any]) -> dict[str, Any]:
        return _schema(spec, "Thing")

    def add_required(spec: dict[str, Any]) -> None:
        thing(spec)["properties"]["colour"] = {"type": "string"}
        thing(spec)["required"].append("colour")

    assert _changes(add_required, old=REQUEST_SPEC) == {"schema Thing: required property colour added": True}
    assert _changes(lambda s: thing(s)["required"].append("note"), old=REQUEST_SPEC) == {
        "schema Thing: property note now required": True
    }
    assert _changes(lambda s: thing(s).pop("required"), old=REQUEST_SPEC) == {
        "schema Thing: property name no longer required": False
    }
    assert _changes(lambda s: s["paths"]["/things"]["post"].pop("requestBody"), old=REQUEST_SPEC) == {
        "POST /things: request body removed": True
    }


def _renamed(spec: dict[str, Any], old: str, new: str) -> None:
    """Rename the schema `old` to `new`, and every reference to it."""
    schemas = spec["components"]["schemas"]
    schemas[new] = schemas.pop(old)
    pending: list[Any] = [spec]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if node.get("$ref") == f"#/components/schemas/{old}":
                node["$ref"] = f"#/components/schemas/{new}"
            pending += node.values()
        elif isinstance(node, list):
            pending += node


def test_a_schema_renamed_with_its_class_name_pinned_keeps_its_model() -> None:
    old = copy.deepcopy(SPEC)
    for schema, class_name in CLASS_NAMES.items():
        _renamed(old, schema, class_name)
    pinned = {str(c): c.breaking for c in diff(old, SPEC, new_class_names=CLASS_NAMES)}
    assert pinned == {
        "schema InstrumentMeta: named SavedInstrumentMeta in the spec, was InstrumentMeta "
        "(the model keeps its name)": False,
        "schema CardTokenDetails: named SavedInstrumentMetaCardTokenDetails in the spec, was CardTokenDetails "
        "(the model keeps its name)": False,
    }
    unpinned = {str(c): c.breaking for c in diff(old, SPEC)}
    assert unpinned["schema InstrumentMeta: schema removed (with its model)"] is True


def test_a_schema_that_is_all_of_one_other_is_the_same_model() -> None:
    def another_name_for_the_list_items(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["SavedCard"] = {
            "description": "a saved card",
            "allOf": [{"$ref": "#/components/schemas/InstrumentEntity"}],
        }
        spec["components"]["responses"]["InstrumentList"]["content"]["application/json"]["schema"]["items"] = {
            "$ref": "#/components/schemas/SavedCard"
        }

    assert _changes(another_name_for_the_list_items) == {
        "schema InstrumentEntity: also named SavedCard in the spec (the generator reuses the model)": False
    }


def test_a_string_becoming_an_open_enum_is_not_breaking_and_back_is() -> None:
    def open_enum(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["Country"] = {"type": "string", "enum": ["IN"]}
        _schema(spec, "SavedInstrumentMeta")["properties"]["card_country"] = {
            "anyOf": [{"$ref": "#/components/schemas/Country"}, {"type": "string"}]
        }

    changes = _changes(open_enum)
    assert changes.pop("schema Country: schema added") is False
    assert changes == {
        "schema SavedInstrumentMeta.card_country: now an open enum, Country | string: known values arrive as "
        "Country members (strings equal to their text), others as strings": False
    }
    opened = copy.deepcopy(SPEC)
    open_enum(opened)
    assert _changes(lambda s: s.update(copy.deepcopy(dict(SPEC))), old=opened) == {
        "schema SavedInstrumentMeta.card_country: type changed: Country | string -> string": True,
        "schema Country: schema removed (with its model)": True,
    }
