"""Public Python API changes of one package between two source trees, found by griffe's static analysis.

Nothing is imported: griffe reads the sources, so BASE's code never runs and the installed (editable)
packages never stand in for the trees compared. griffe's breakages are breaking; public names added are not.

griffe does not see the __init__ that attrs writes for a model class (the generated models are attrs classes):
a field that becomes a required argument of it (a property newly required in the spec, or added as required)
breaks code that builds the model, such as a test's fixture, even where the spec calls it harmless for clients
that only read responses. Such fields are reported as breaking.

One exception: the generated functions' `x_api_version` default is the spec's info.version. When it moves
from the old API version to the new one, that is the version bump itself, reported once and not breaking:
the OpenAPI part of the report lists what comes with the bump.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import griffe

from .changes import Change

API_VERSION_PARAMETER = "x_api_version"
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def load(package: str, search_path: Path) -> griffe.Module | None:
    """The package found in `search_path` (a folder holding `<package>/__init__.py`), None if absent."""
    if not (search_path / package / "__init__.py").is_file():
        return None
    module = griffe.load(package, search_paths=[search_path], allow_inspection=False, try_relative_path=False)
    assert isinstance(module, griffe.Module)
    return module


def diff(old: griffe.Module, new: griffe.Module, api_versions: tuple[str, str] | None = None) -> list[Change]:
    """griffe's breaking changes, then the public names `new` adds; `api_versions` is (old, new) info.version."""
    changes = _required_field_changes(old, new)
    bumped = 0
    for breakage in griffe.find_breaking_changes(old, new):
        if api_versions and _follows_api_version(breakage, *api_versions):
            bumped += 1
        else:
            changes.append(Change(_module_path(breakage), _explain(breakage), True))
    if bumped and api_versions:
        before, after = api_versions
        what = f"{API_VERSION_PARAMETER} default {before} -> {after} in {bumped} functions: the API version bump"
        changes.append(Change(new.path, what, False))
    added = public_paths(new) - public_paths(old)
    for path in sorted(added):
        if path.rsplit(".", 1)[0] not in added:  # a new class's members come with it
            changes.append(Change(path, "public name added", False))
    return changes


def public_paths(obj: griffe.Object, prefix: str | None = None) -> set[str]:
    """Dotted paths of the public modules, classes, functions and attributes under `obj`, as users import them.

    An export of an object defined in a private module (`from ._client import Cashfree`) is followed, so the
    members of `Cashfree` count under its public name; other exports are listed by name only, their
    definitions being public already (or in another package, compared on its own).
    """
    prefix = prefix or obj.path
    found = set()
    for name, member in obj.members.items():
        if not member.is_public:
            continue
        path = f"{prefix}.{name}"
        found.add(path)
        definition = _definition_to_follow(member)
        if definition is not None and (definition.is_module or definition.is_class):
            found |= public_paths(definition, path)
    return found


def _definition_to_follow(member: griffe.Object | griffe.Alias) -> griffe.Object | None:
    if not isinstance(member, griffe.Alias):
        return member
    try:
        target = member.final_target
    except griffe.AliasResolutionError:
        return None
    defined_privately = any(part.startswith("_") for part in target.path.split("."))
    return target if defined_privately else None


_ATTRS_CLASS_DECORATORS = frozenset(
    {"attrs.define", "attrs.frozen", "attrs.mutable", "attr.s", "attr.attrs", "attr.define", "attr.frozen"}
)


def _required_field_changes(old: griffe.Module, new: griffe.Module) -> list[Change]:
    """The fields of each attrs class in `new` that have become required arguments of its __init__."""
    before = {cls.path: _required_fields(cls) for cls in _classes(old)}
    changes = []
    for cls in _classes(new):
        required_before = before.get(cls.path, set())
        for name in sorted(_required_fields(cls) - required_before):
            changes.append(Change(cls.path, f"field {name} now a required argument of {cls.name}(...)", True))
    return changes


def _classes(module: griffe.Module) -> list[griffe.Class]:
    """The classes defined in `module` and its submodules (aliases are not followed: each is found where defined)."""
    found = []
    for member in module.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Module):
            found += _classes(member)
        elif isinstance(member, griffe.Class):
            found.append(member)
    return found


def _required_fields(cls: griffe.Class) -> set[str]:
    """The fields an attrs class's __init__ requires: annotated class attributes without default (empty for
    other classes, whose annotations make no __init__)."""
    if not any(decorator.callable_path in _ATTRS_CLASS_DECORATORS for decorator in cls.decorators):
        return set()
    return {
        name
        for name, member in cls.members.items()
        if isinstance(member, griffe.Attribute)
        and member.annotation is not None
        and "property" not in member.labels
        and not str(member.annotation).startswith("ClassVar")
        and _is_required(member.value)
    }


def _is_required(default: str | griffe.Expr | None) -> bool:
    """Whether an attrs field with this default is a required __init__ argument: no default, or a field(...)
    with neither default nor factory (a field(init=False) is no argument at all)."""
    if default is None:
        return True
    if not isinstance(default, griffe.ExprCall) or not str(default.function).endswith("field"):
        return False
    keywords = {
        argument.name: str(argument.value) for argument in default.arguments if isinstance(argument, griffe.ExprKeyword)
    }
    return keywords.get("init") != "False" and not {"default", "factory"} & keywords.keys()


def _follows_api_version(breakage: griffe.Breakage, before: str, after: str) -> bool:
    if breakage.kind is not griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT:
        return False
    if breakage.old_value.name != API_VERSION_PARAMETER:
        return False
    return _literal(breakage.old_value.default) == before and _literal(breakage.new_value.default) == after


def _literal(source: object) -> object:
    try:
        return ast.literal_eval(str(source))
    except (ValueError, SyntaxError):
        return None


def _module_path(breakage: griffe.Breakage) -> str:
    obj = breakage.obj
    return str(obj.parent.module.path if obj.is_alias else obj.module.path)  # type: ignore[union-attr]


def _explain(breakage: griffe.Breakage) -> str:
    """griffe's one-line explanation without its colours and its file location (which may be BASE's copy)."""
    text = _ANSI_ESCAPE.sub("", breakage.explain(griffe.ExplanationStyle.ONE_LINE))
    return text.split(": ", 1)[-1]
