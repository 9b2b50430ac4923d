"""The Cashfree API version lives in the spec alone, and the package version in pyproject.toml alone.

`make generate` carries the spec's info.version into the generated x-api-version default, from which
cashfree_instruments.API_VERSION is read: no other source file may set the version, or a version bump would
leave it behind. The scan looks where a version is set (see version_settings), not for the date anywhere: a date
in test data, a comment or a report is not a version, and must not fail the next bump.
"""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import cashfree_instruments
from tests.helpers.spec import SPEC

ROOT = Path(__file__).resolve().parents[2]
API_VERSION = SPEC["info"]["version"]

# Where the current API version is expected: the spec (its source), the generated code (written from the
# spec) and the changelog (history: it maps each release to the API version it speaks).
OWNERS = ("openapi/", "generated/", "CHANGELOG.md")
RUNTIME_PACKAGE = "overrides/"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VERSION_NAME = re.compile(r"api[ _-]?version", re.IGNORECASE)


def version_settings(name: str, text: str) -> list[tuple[int, str]]:
    """(line, date) of each API version that the file `name` with this `text` sets.

    In Python: a date string assigned to, passed as, defaulting or keyed by a name like `api_version` /
    `x-api-version`, and in the runtime package any date string at all. In other files: a date on a line that
    names an API version (`x-api-version: ...`, `API_VERSION ?= ...`).
    """
    if not name.endswith(".py"):
        return [
            (number, date)
            for number, line in enumerate(text.splitlines(), 1)
            if _VERSION_NAME.search(line)
            for date in _DATE.findall(line)
        ]
    runtime = name.startswith(RUNTIME_PACKAGE)
    found = []
    for node in ast.walk(ast.parse(text, name)):
        for value in _values_set(node, runtime):
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and _DATE.fullmatch(value.value):
                found.append((value.lineno, value.value))
    return sorted(found)


def _values_set(node: ast.AST, runtime: bool) -> Iterator[ast.expr | None]:
    """The expressions `node` gives to something named like an API version (every constant, in `runtime`)."""
    if runtime and isinstance(node, ast.Constant):
        yield node
    elif isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(_names_a_version(target) for target in targets):
            yield node.value
    elif isinstance(node, ast.keyword) and _VERSION_NAME.search(node.arg or ""):
        yield node.value
    elif isinstance(node, ast.Dict):
        yield from (value for key, value in zip(node.keys, node.values, strict=True) if _names_a_version(key))
    elif isinstance(node, ast.arguments):
        positional = [*node.posonlyargs, *node.args]
        pairs = [
            *zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True),
            *zip(node.kwonlyargs, node.kw_defaults, strict=True),
        ]
        yield from (default for argument, default in pairs if _VERSION_NAME.search(argument.arg))


def _names_a_version(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Subscript):
        node = node.slice
    if isinstance(node, ast.Name):
        return bool(_VERSION_NAME.search(node.id))
    if isinstance(node, ast.Attribute):
        return bool(_VERSION_NAME.search(node.attr))
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_VERSION_NAME.search(node.value))


def _source_files() -> list[str]:
    """Every file git tracks or would track (not ignored), relative to the repository root."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(name for name in listed.split("\0") if name and (ROOT / name).is_file())


def _settings_outside_the_owners() -> Iterator[tuple[str, int, str]]:
    for name in _source_files():
        if name.startswith(OWNERS):
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not a source file
        for number, date in version_settings(name, text):
            yield name, number, date


def test_the_scan_sees_the_source_files() -> None:
    files = _source_files()
    assert {"Makefile", "pyproject.toml", "README.md", "tests/contract/test_generated_endpoints.py"} <= set(files)
    assert any(name.startswith("overrides/cashfree_instruments/") for name in files)


def test_api_version_is_set_nowhere_but_the_spec() -> None:
    found = [f"{name}:{number}" for name, number, date in _settings_outside_the_owners() if date == API_VERSION]
    assert not found, (
        f"the API version {API_VERSION} is set outside the spec; read it from the spec (tests) or "
        "cashfree_instruments.API_VERSION instead:\n" + "\n".join(found)
    )


def test_no_file_sets_a_later_api_version() -> None:
    """So the next bump, to whatever date, meets no file holding it already (tests pin past versions)."""
    found = [f"{name}:{number}: {date}" for name, number, date in _settings_outside_the_owners() if date > API_VERSION]
    assert not found, f"these set an API version later than the spec's {API_VERSION}:\n" + "\n".join(found)


def test_package_api_version_is_the_spec_version() -> None:
    assert cashfree_instruments.API_VERSION == API_VERSION


def test_generated_package_version_is_the_package_version() -> None:
    package_version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    config = yaml.safe_load((ROOT / "generator-config.yaml").read_text(encoding="utf-8"))
    assert config["package_version_override"] == package_version
    assert cashfree_instruments.__version__ == package_version


# -- the scanner itself: it finds versions being set, not dates that happen to match -----------------------------

NEXT = "2999-12-31"  # a date no Cashfree version will be, standing for "the next version" below


def _found(name: str, text: str) -> set[str]:
    return {value for _, value in version_settings(name, text.replace("NEXT", NEXT))}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("tests/test_x.py", 'instrument = {"created_at": "NEXT 10:00:00"}\n'),
        ("tests/test_x.py", 'at = datetime.fromisoformat("NEXTT00:00:00+00:00")\n'),
        ("tests/test_x.py", 'expires = {"expiry": "NEXT"}  # x-api-version NEXT\n'),
        ("tests/test_x.py", 'def test_a() -> None:\n    """Cashfree released API version NEXT."""\n'),
        ("scripts/bench/server.py", 'SDK_RELEASED_ON = "NEXT"\n'),
        ("docs/benchmarks.md", "Measured on NEXT with cashfree-pg 6.0.1.\n"),
        ("README.md", 'Quote every date-like YAML scalar (`"NEXT"`).\n'),
    ],
)
def test_a_date_that_sets_no_api_version_is_not_reported(name: str, text: str) -> None:
    assert _found(name, text) == set()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("scripts/bench/server.py", 'OFFICIAL_API_VERSION = "NEXT"\n'),
        ("tests/test_x.py", 'client.get("/", headers={"x-api-version": "NEXT"})\n'),
        ("tests/test_x.py", 'request.headers["x-api-version"] = "NEXT"\n'),
        ("tests/test_x.py", 'Cashfree("id", "secret", api_version="NEXT")\n'),
        ("tests/test_x.py", 'env = {"CASHFREE_API_VERSION": "NEXT"}\n'),
        ("tests/test_x.py", 'def build(x_api_version: str = "NEXT") -> None: ...\n'),
        ("tests/test_x.py", 'def build(*, api_version: str = "NEXT") -> None: ...\n'),
        ("overrides/cashfree_instruments/_x.py", 'DEFAULT = "NEXT"\n'),
        ("README.md", "Every call sends `x-api-version: NEXT`.\n"),
        ("Makefile", "API_VERSION ?= NEXT\n"),
    ],
)
def test_a_date_set_as_the_api_version_is_reported(name: str, text: str) -> None:
    assert _found(name, text) == {NEXT}
