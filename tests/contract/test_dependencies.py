"""What the package asks of its users' environments, and what the dev environment holds.

Runtime dependencies: a floor past known advisories and an upper bound at the next major of each. The dev
environment (this interpreter's, locked by constraints.txt) leaves out Cashfree's official SDK, whose urllib3<2.1
cap would pin a urllib3 with published advisories: `make bench` installs it in .venv-bench.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]
FIRST_SAFE_URLLIB3 = Version("2.5")  # CVE-2024-37891 (fixed in 2.2.2), CVE-2025-50181 (2.5.0)


def _locked() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = Version(version)
    return pins


@pytest.mark.parametrize("requirement", RUNTIME, ids=lambda r: r.name)
def test_each_runtime_dependency_has_a_floor_and_an_upper_bound_at_its_next_major(requirement: Requirement) -> None:
    floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    ceilings = [Version(s.version) for s in requirement.specifier if s.operator == "<"]
    assert len(floors) == len(ceilings) == 1, requirement
    locked = _locked()[requirement.name]
    assert locked in requirement.specifier, f"the dev environment's {requirement.name} {locked} is outside it"
    next_major = locked.major + 1
    assert ceilings[0] == Version(str(next_major)), f"{requirement}: the next major of {locked} is {next_major}"


def _specifier(name: str) -> Requirement:
    (requirement,) = (r for r in RUNTIME if r.name == name)
    return requirement


def test_httpx_and_h11_exclude_the_releases_before_the_request_smuggling_fix() -> None:
    # h11 < 0.16 parses chunked bodies leniently (CVE-2025-43859); httpx 0.27 allowed such an h11 through httpcore.
    h11, httpx = _specifier("h11").specifier, _specifier("httpx").specifier
    assert not h11.contains("0.14.0")
    assert not h11.contains("0.15.0")
    assert h11.contains("0.16.0")
    assert not httpx.contains("0.27.2")
    assert httpx.contains("0.28.1")


def test_the_dev_environment_has_neither_cashfree_pg_nor_an_old_urllib3() -> None:
    installed = {
        d.metadata["Name"].lower().replace("_", "-"): Version(d.version) for d in importlib.metadata.distributions()
    }
    locked = _locked()
    for environment in (installed, locked):
        assert "cashfree-pg" not in environment
        assert environment.get("urllib3", FIRST_SAFE_URLLIB3) >= FIRST_SAFE_URLLIB3
    assert not [
        line for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines() if "cashfree" in line
    ]


def test_dev_tools_are_not_in_the_published_metadata() -> None:
    # One extra, for a feature (PublicKeySigner); the dev tools are requirements-dev.txt's.
    assert PYPROJECT["project"]["optional-dependencies"] == {"signature": ["cryptography>=42,<51"]}
    assert sorted(r.name for r in RUNTIME) == [
        "attrs",
        "h11",
        "httpx",
        "msgspec",
        "orjson",
        "python-dateutil",
        "sniffio",
    ]
