"""What changed between two OpenAPI 3.0 documents, classified from a client's point of view.

A change is breaking when client code written against the old document may fail against the new one:
something it calls, sends or reads is gone, or it must now send something it did not. The rules:

- operations, parameters, response statuses, schemas, properties, enum values, servers, security schemes or
  security alternatives removed: breaking; added: not breaking, except a required parameter or a required
  property of a request schema (the client does not send it yet), or authentication where there was none;
- a type changed (including `format`, `nullable`, `$ref` target or `anyOf` members): breaking, but for a
  string becoming an open enum (`anyOf: [<string enum>, string]`, the README's rule for enum-valued fields):
  the same values are accepted, known ones as enum members, which are strings equal to their text;
- a property of a response schema no longer required (the client may rely on it): breaking; newly required:
  not breaking. The other way round for request schemas. A schema used on both sides gets the stricter rule;
- `info.version` (the API version) changed: noted, not breaking by itself: what comes with it is listed.

Only local `$ref`s (`#/...`) exist in this project's spec; they are followed where an operation names a
parameter, response or request body, and schemas are compared once, under components, by the model the
generator makes of them: its class name (a schema's name, or what generator-config.yaml's class_overrides pin
it to), and a schema that is `allOf` one other schema and nothing else is that schema's model (the generator
reuses it). So renaming a schema whose class name is pinned, or naming a schema anew as an alias of another,
changes no model; the report notes the new spec names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .changes import Change

Spec = dict[str, Any]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"
REQUEST, RESPONSE = "request", "response"


def diff(
    old: Spec,
    new: Spec,
    old_class_names: Mapping[str, str] | None = None,
    new_class_names: Mapping[str, str] | None = None,
) -> list[Change]:
    """Every change from `old` to `new`, in document order: info, servers, security, operations, schemas.

    `*_class_names` map a schema name to the class name the generator gives it, where it is not the schema's
    own (generator-config.yaml's class_overrides).
    """
    old, old_names = by_model(old, old_class_names or {})
    new, new_names = by_model(new, new_class_names or {})
    return [
        *_info_changes(old, new),
        *_server_changes(old, new),
        *_security_changes(old, new),
        *_operation_changes(old, new),
        *_schema_name_changes(old_names, new_names),
        *_schema_changes(old, new),
    ]


def by_model(spec: Spec, class_names: Mapping[str, str]) -> tuple[Spec, dict[str, list[str]]]:
    """A copy of `spec` whose component schemas are named by their model, and model -> the spec's names for it."""
    schemas = spec.get("components", {}).get("schemas", {})

    def model(name: str) -> str:
        target = _alias_target(schemas.get(name))
        return model(target) if target is not None and target != name else class_names.get(name, name)

    models = {name: model(name) for name in schemas}
    names: dict[str, list[str]] = {}
    for name, of in models.items():
        names.setdefault(of, []).append(name)

    def renamed(node: Any) -> Any:
        if isinstance(node, list):
            return [renamed(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF) and ref.removeprefix(SCHEMA_REF) in models:
            return {**node, "$ref": SCHEMA_REF + models[ref.removeprefix(SCHEMA_REF)]}
        return {key: renamed(value) for key, value in node.items()}

    copied = renamed(spec)
    if schemas:
        copied["components"]["schemas"] = {
            models[name]: renamed(schema) for name, schema in schemas.items() if _alias_target(schema) is None
        }
    return copied, names


def _alias_target(schema: Any) -> str | None:
    """The schema that `schema` only names again (`allOf` one `$ref` and no content of its own), else None."""
    if not isinstance(schema, dict) or set(schema) - {"allOf", "description", "title", "example", "deprecated"}:
        return None
    members = schema.get("allOf")
    if not isinstance(members, list) or len(members) != 1 or not isinstance(members[0], dict):
        return None
    ref = members[0].get("$ref")
    return ref.removeprefix(SCHEMA_REF) if isinstance(ref, str) and ref.startswith(SCHEMA_REF) else None


def resolve(spec: Spec, node: Any) -> Any:
    """Follow a local `$ref` (and the refs it leads to) to the node it names."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def describe(schema: Any) -> str:
    """A schema's type in one line, e.g. `array of InstrumentEntity` or `InstrumentStatus | string`."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for combinator, separator in (("anyOf", " | "), ("oneOf", " | "), ("allOf", " & ")):
        if combinator in schema:
            return separator.join(describe(member) for member in schema[combinator])
    kind = str(schema.get("type", "any"))
    if kind == "array":
        kind = f"array of {describe(schema.get('items'))}"
    if "format" in schema:
        kind += f" ({schema['format']})"
    if schema.get("nullable"):
        kind += " | null"
    return kind


# --- info, servers, security ------------------------------------------------------------------------------


def _info_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before, after = old.get("info", {}).get("version"), new.get("info", {}).get("version")
    if before != after:
        what = f"API version {before} -> {after} (not breaking by itself: what comes with it is listed)"
        yield Change("info.version", what, False)


def _server_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before = [server["url"] for server in old.get("servers", [])]
    after = [server["url"] for server in new.get("servers", [])]
    for url in before:
        if url not in after:
            yield Change("servers", f"server {url} removed", True)
    for url in after:
        if url not in before:
            yield Change("servers", f"server {url} added", False)


def _security_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before = old.get("components", {}).get("securitySchemes", {})
    after = new.get("components", {}).get("securitySchemes", {})
    for name, scheme in before.items():
        if name not in after:
            yield Change("security", f"security scheme {name} removed", True)
        elif _scheme_shape(resolve(old, scheme)) != _scheme_shape(resolve(new, after[name])):
            yield Change("security", f"security scheme {name} changed", True)
    for name in after:
        if name not in before:
            yield Change("security", f"security scheme {name} added", False)
    yield from _requirement_changes("security", old.get("security", []), new.get("security", []))


def _scheme_shape(scheme: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in scheme.items() if key != "description"}


def _requirement_changes(where: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    """Security requirements are alternatives: the client satisfies one of them."""
    before = [frozenset(requirement) for requirement in old]
    after = [frozenset(requirement) for requirement in new]
    if not before and after:
        yield Change(where, "authentication now required", True)
        return
    for alternative in before:
        if alternative not in after:
            yield Change(where, f"security alternative {_names(alternative)} removed", True)
    for alternative in after:
        if alternative not in before:
            yield Change(where, f"security alternative {_names(alternative)} added", False)


def _names(alternative: frozenset[str]) -> str:
    return " + ".join(sorted(alternative)) or "(anonymous)"


# --- operations ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Operation:
    operation_id: str | None
    parameters: dict[tuple[str, str], dict[str, Any]]  # (in, name) -> parameter
    request_body: dict[str, Any] | None
    responses: dict[str, dict[str, Any]]  # status -> response
    security: list[Any] | None  # the operation's own requirements, None when it inherits the document's


def _operations(spec: Spec) -> dict[str, _Operation]:
    found = {}
    for path, item in spec.get("paths", {}).items():
        item = resolve(spec, item)
        shared = [resolve(spec, p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            own = [resolve(spec, p) for p in op.get("parameters", [])]
            parameters = {(p["in"], p["name"]): p for p in shared + own}  # the operation's own win
            body = op.get("requestBody")
            found[f"{method.upper()} {path}"] = _Operation(
                operation_id=op.get("operationId"),
                parameters=parameters,
                request_body=resolve(spec, body) if body is not None else None,
                responses={str(status): resolve(spec, r) for status, r in op.get("responses", {}).items()},
                security=op.get("security"),
            )
    return found


def _operation_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before, after = _operations(old), _operations(new)
    for key, op in before.items():
        if key not in after:
            yield Change(key, f"operation removed ({op.operation_id})", True)
        else:
            yield from _changes_in_operation(key, op, after[key], old, new)
    for key, op in after.items():
        if key not in before:
            yield Change(key, f"operation added ({op.operation_id})", False)


def _changes_in_operation(
    key: str, old: _Operation, new: _Operation, old_spec: Spec, new_spec: Spec
) -> Iterator[Change]:
    if old.operation_id != new.operation_id:
        yield Change(key, f"operationId {old.operation_id} -> {new.operation_id} (renames its function)", True)
    yield from _parameter_changes(key, old.parameters, new.parameters)
    yield from _request_body_changes(key, old.request_body, new.request_body)
    for status, response in old.responses.items():
        if status not in new.responses:
            yield Change(key, f"response {status} removed", True)
            continue
        before, after = _body_type(response), _body_type(new.responses[status])
        if before != after:
            yield Change(key, f"response {status} body type changed: {before} -> {after}", True)
    for status in new.responses:
        if status not in old.responses:
            yield Change(key, f"response {status} added", False)
    if old.security is not None or new.security is not None:
        security_before = old_spec.get("security", []) if old.security is None else old.security
        security_after = new_spec.get("security", []) if new.security is None else new.security
        yield from _requirement_changes(key, security_before, security_after)


def _parameter_changes(
    key: str, old: dict[tuple[str, str], dict[str, Any]], new: dict[tuple[str, str], dict[str, Any]]
) -> Iterator[Change]:
    for (location, name), parameter in old.items():
        label = f"{location} parameter {name}"
        if (location, name) not in new:
            yield Change(key, f"{label} removed", True)
            continue
        changed = new[(location, name)]
        required_before, required_after = bool(parameter.get("required")), bool(changed.get("required"))
        if required_after and not required_before:
            yield Change(key, f"{label} now required", True)
        if required_before and not required_after:
            yield Change(key, f"{label} now optional", False)
        before, after = describe(parameter.get("schema")), describe(changed.get("schema"))
        if before != after:
            yield Change(key, f"{label} type changed: {before} -> {after}", True)
    for (location, name), parameter in new.items():
        if (location, name) not in old:
            required = bool(parameter.get("required"))
            kind = "required" if required else "optional"
            yield Change(key, f"{kind} {location} parameter {name} added", required)


def _request_body_changes(key: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> Iterator[Change]:
    if old is None and new is not None:
        required = bool(new.get("required"))
        yield Change(key, f"{'required' if required else 'optional'} request body added", required)
    elif old is not None and new is None:
        yield Change(key, "request body removed", True)
    elif old is not None and new is not None:
        if new.get("required") and not old.get("required"):
            yield Change(key, "request body now required", True)
        before, after = _body_type(old), _body_type(new)
        if before != after:
            yield Change(key, f"request body type changed: {before} -> {after}", True)


def _body_type(response_or_body: dict[str, Any]) -> dict[str, str]:
    """Media type -> schema type of a response or request body."""
    return {media: describe(content.get("schema")) for media, content in response_or_body.get("content", {}).items()}


# --- schemas ------------------------------------------------------------------------------------------------


def _schema_name_changes(old: dict[str, list[str]], new: dict[str, list[str]]) -> Iterator[Change]:
    """The spec's names of a model that is in both versions, where they changed: no change to the model."""
    for model, names in new.items():
        before = old.get(model)
        if before is None or before == names:
            continue
        added, removed = [n for n in names if n not in before], [n for n in before if n not in names]
        if added and removed:
            what = f"named {', '.join(added)} in the spec, was {', '.join(removed)} (the model keeps its name)"
        elif added:
            what = f"also named {', '.join(added)} in the spec (the generator reuses the model)"
        else:
            what = f"no longer also named {', '.join(removed)} in the spec (the model stays)"
        yield Change(f"schema {model}", what, False)


def _schema_changes(old: Spec, new: Spec) -> Iterator[Change]:
    before = old.get("components", {}).get("schemas", {})
    after = new.get("components", {}).get("schemas", {})
    string_enums = frozenset(name for name, schema in after.items() if _is_string_enum(schema))
    usage = _usage(old)
    for name, sides in _usage(new).items():
        usage.setdefault(name, set()).update(sides)
    for name, schema in before.items():
        if name not in after:
            yield Change(f"schema {name}", "schema removed (with its model)", True)
        else:
            sides = usage.get(name) or {REQUEST, RESPONSE}  # unused: assume the worst of both
            yield from _changes_in_schema(f"schema {name}", schema, after[name], sides, string_enums)
    for name in after:
        if name not in before:
            yield Change(f"schema {name}", "schema added", False)


def _changes_in_schema(
    where: str, old: Any, new: Any, sides: set[str], string_enums: frozenset[str]
) -> Iterator[Change]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    before, after = describe(old), describe(new)
    if before == "string" and _opened_enum(new, string_enums):
        enum = after.split(" | ")[0]
        what = f"now an open enum, {after}: known values arrive as {enum} members (strings equal to their text)"
        yield Change(where, f"{what}, others as strings", False)
        return
    if before != after:
        yield Change(where, f"type changed: {before} -> {after}", True)
        return
    if "$ref" in old:
        return  # the named schema is compared on its own
    yield from _enum_changes(where, old.get("enum"), new.get("enum"))
    yield from _property_changes(where, old, new, sides, string_enums)
    if isinstance(old.get("items"), dict):
        yield from _changes_in_schema(f"{where}[]", old["items"], new.get("items"), sides, string_enums)
    for combinator in ("anyOf", "oneOf", "allOf"):  # same members, as describe() found: compare each
        members = zip(old.get(combinator, []), new.get(combinator, []), strict=True)
        for index, (member_before, member_after) in enumerate(members):
            yield from _changes_in_schema(
                f"{where}.{combinator}[{index}]", member_before, member_after, sides, string_enums
            )


def _is_string_enum(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "string" and "enum" in schema


def _opened_enum(schema: dict[str, Any], string_enums: frozenset[str]) -> bool:
    """Whether `schema` is `anyOf: [<a string enum>, string]`."""
    members = schema.get("anyOf")
    if set(schema) - {"anyOf", "description"} or not isinstance(members, list) or len(members) != 2:
        return False
    enum, text = members
    ref = enum.get("$ref", "") if isinstance(enum, dict) else ""
    return ref.removeprefix(SCHEMA_REF) in string_enums and text == {"type": "string"}


def _enum_changes(where: str, old: list[Any] | None, new: list[Any] | None) -> Iterator[Change]:
    if old is None and new is not None:
        yield Change(where, f"now restricted to the enum {new!r}", True)
    if old is not None and new is None:
        yield Change(where, f"no longer an enum (was {old!r})", True)
    if old is None or new is None:
        return
    for value in old:
        if value not in new:
            yield Change(where, f"enum value {value!r} removed", True)
    for value in new:
        if value not in old:
            yield Change(where, f"enum value {value!r} added", False)


def _property_changes(
    where: str, old: dict[str, Any], new: dict[str, Any], sides: set[str], string_enums: frozenset[str]
) -> Iterator[Change]:
    before, after = old.get("properties", {}), new.get("properties", {})
    required_before, required_after = set(old.get("required", [])), set(new.get("required", []))
    for name, schema in before.items():
        if name not in after:
            yield Change(where, f"property {name} removed", True)
            continue
        if name in required_after and name not in required_before:
            yield Change(where, f"property {name} now required", REQUEST in sides)
        if name in required_before and name not in required_after:
            yield Change(where, f"property {name} no longer required", RESPONSE in sides)
        yield from _changes_in_schema(f"{where}.{name}", schema, after[name], sides, string_enums)
    for name in after:
        if name not in before:
            required = name in required_after
            kind = "required" if required else "optional"
            yield Change(where, f"{kind} property {name} added", required and REQUEST in sides)


def _usage(spec: Spec) -> dict[str, set[str]]:
    """Component schema name -> the sides it is used on (request, response), through nested refs."""
    roots: dict[str, list[Any]] = {REQUEST: [], RESPONSE: []}
    for op in _operations(spec).values():
        roots[REQUEST] += [p.get("schema") for p in op.parameters.values()]
        if op.request_body is not None:
            roots[REQUEST].append(op.request_body)
        roots[RESPONSE] += list(op.responses.values())
    usage: dict[str, set[str]] = {}
    for side, nodes in roots.items():
        for name in _schemas_reached(spec, nodes):
            usage.setdefault(name, set()).add(side)
    return usage


def _schemas_reached(spec: Spec, nodes: list[Any]) -> set[str]:
    followed: set[str] = set()
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending += node
        elif isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if node["$ref"] not in followed:
                followed.add(node["$ref"])
                pending.append(resolve(spec, node))
        elif isinstance(node, dict):
            pending += [value for key, value in node.items() if key not in ("example", "examples")]
    return {ref.removeprefix(SCHEMA_REF) for ref in followed if ref.startswith(SCHEMA_REF)}
