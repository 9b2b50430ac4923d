"""Public Python API changes of one package between two source trees, found by griffe's static analysis.

Nothing is imported: griffe reads the sources, so BASE's code never runs and the installed (editable)
packages never stand in for the trees compared. griffe's breakages are breaking; public names added are not.

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
    changes = []
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
