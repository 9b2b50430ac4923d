"""The spec as test data: operations and examples read from openapi/, so tests follow the spec, not a copy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "cashfree-instruments.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
GENERATOR_CONFIG: dict[str, Any] = yaml.safe_load(
    (SPEC_PATH.parent.parent / "generator-config.yaml").read_text(encoding="utf-8")
)


def resolve(node: Any) -> Any:
    """Follow a local `$ref` (and the refs it leads to) to the node it names."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    parameters: tuple[dict[str, Any], ...]
    responses: dict[str, Any]


def operations() -> list[Operation]:
    found = []
    for path, item in SPEC["paths"].items():
        shared = [resolve(p) for p in item.get("parameters", [])]
        for method, op in item.items():
            if method == "parameters":
                continue
            own = [resolve(p) for p in op.get("parameters", [])]
            found.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    parameters=tuple(shared + own),
                    responses={status: resolve(r) for status, r in op["responses"].items()},
                )
            )
    return found


def model_name(ref: str) -> str:
    """The generated class of the schema `ref` ("#/components/schemas/X") names. A schema that is `allOf` one
    other schema and nothing more is that schema's class (the generator reuses it); class_overrides rename."""
    name = ref.rsplit("/", 1)[-1]
    members = SPEC["components"]["schemas"][name].get("allOf", [])
    if len(members) == 1 and set(SPEC["components"]["schemas"][name]) <= {"allOf", "description"}:
        return model_name(members[0]["$ref"])
    return str(GENERATOR_CONFIG["class_overrides"].get(name, {}).get("class_name", name))


@dataclass(frozen=True)
class Example:
    name: str
    schema: dict[str, Any]
    value: Any


def response_examples() -> Iterator[Example]:
    """Every example of every response of the spec, with the schema it illustrates."""
    seen = set()
    for op in operations():
        for status, response in op.responses.items():
            for media in response.get("content", {}).values():
                for name, example in media.get("examples", {}).items():
                    key = (id(response), name)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield Example(
                        name=f"{op.operation_id}-{status}-{name}",
                        schema=media["schema"],
                        value=resolve(example)["value"],
                    )
