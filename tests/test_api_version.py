"""The Cashfree API version lives in the spec alone, and the package version in pyproject.toml alone.

`make generate` carries the spec's info.version into the generated x-api-version default, from which
cashfree_instruments.API_VERSION is read: no other source file may spell the version out, or a version bump
would leave it behind.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import yaml

import cashfree_instruments
from _spec import SPEC

ROOT = Path(__file__).resolve().parent.parent
API_VERSION = SPEC["info"]["version"]

# Where the current API version is expected: the spec (its source), the generated code (written from the
# spec) and the changelog (history: it maps each release to the API version it speaks).
OWNERS = ("openapi/", "generated/", "CHANGELOG.md")
# Lines elsewhere that hold a date for another reason, each named by a text it must contain.
ALLOWED_LINES = {
    # The README's spec-writing advice quotes a date-like scalar as an example of YAML quoting.
    "README.md": "quote every date-like YAML scalar",
}


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


def test_the_scan_sees_the_source_files() -> None:
    files = _source_files()
    assert {"Makefile", "pyproject.toml", "README.md", "tests/test_generated_endpoints.py"} <= set(files)
    assert any(name.startswith("overrides/cashfree_instruments/") for name in files)


def test_api_version_is_written_nowhere_but_the_spec() -> None:
    found = []
    for name in _source_files():
        if name.startswith(OWNERS):
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not a source file
        for number, line in enumerate(text.splitlines(), start=1):
            allowed = ALLOWED_LINES.get(name)
            if API_VERSION in line and not (allowed and allowed in line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, (
        f"the API version {API_VERSION} is written outside the spec; read it from the spec (tests) or "
        "cashfree_instruments.API_VERSION instead:\n" + "\n".join(found)
    )


def test_package_api_version_is_the_spec_version() -> None:
    assert cashfree_instruments.API_VERSION == API_VERSION


def test_generated_package_version_is_the_package_version() -> None:
    package_version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    config = yaml.safe_load((ROOT / "generator-config.yaml").read_text(encoding="utf-8"))
    assert config["package_version_override"] == package_version
    assert cashfree_instruments.__version__ == package_version
