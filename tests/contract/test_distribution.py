"""The distribution as a new user meets it: the sdist and the wheel built from this tree (the wheel from the sdist,
as an index's builders do), the wheel installed in a fresh virtual environment, and mypy --strict on user code.

Marked `distribution`: one build and one fresh virtual environment for the whole session, its dependencies from
the package index at constraints.txt's pins (pip's cache makes reruns fast). `-m "not distribution"` skips it.
"""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

import cashfree_instruments

pytestmark = pytest.mark.distribution

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Distribution:
    sdist: Path
    wheel: Path
    python: Path  # the fresh virtual environment's interpreter, with the wheel installed

    def wheel_names(self) -> list[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return archive.namelist()

    def wheel_text(self, suffix: str) -> str:
        with zipfile.ZipFile(self.wheel) as archive:
            (name,) = (name for name in archive.namelist() if name.endswith(suffix))
            return archive.read(name).decode("utf-8")

    def metadata(self) -> Message:
        return email.message_from_string(self.wheel_text(".dist-info/METADATA"))

    def sdist_names(self) -> list[str]:
        with tarfile.open(self.sdist) as archive:
            return archive.getnames()


def _clean_env() -> dict[str, str]:
    """This process's environment without what would make a subprocess see this checkout instead of the venv."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MYPYPATH", "VIRTUAL_ENV", "PYTHONHOME"}}


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed commands
        [str(part) for part in command], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=600
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{done.args}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Distribution:
    out = tmp_path_factory.mktemp("dist")
    # `python -m build` makes the sdist, then the wheel from the unpacked sdist: a file the sdist lacks is missing
    # from the wheel too. --no-isolation: the dev environment has the pinned build backend (requirements-dev.txt).
    _ok(_run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT, cwd=out))
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    env = out / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input")
    _ok(_run(*pip, "-c", ROOT / "constraints.txt", wheel, cwd=out))
    return Distribution(sdist, wheel, python)


def test_both_packages_ship_py_typed(dist: Distribution) -> None:
    names = dist.wheel_names()
    assert "cashfree_instruments/py.typed" in names
    assert "cashfree_instruments_generated/py.typed" in names


USER_CODE = """\
from cashfree_instruments import UNSET, Cashfree, Unset

with Cashfree("client_id", "client_secret") as cf:
    card = cf.instruments.get("customer_1", "instrument_1")
    print(card.instrument_idd)
    n: int = card.customer_id
    customer = card.customer_id
    if not isinstance(customer, Unset):
        print(customer.upper())
    print(card.afa_reference is UNSET, card.instrument_id.upper())
"""


def test_mypy_strict_reports_the_users_mistakes_against_the_installed_wheel(dist: Distribution, tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(USER_CODE, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")  # no configuration of this checkout
    mypy = (sys.executable, "-m", "mypy", "--strict", "--config-file", "mypy.ini", "--show-error-codes")
    done = _run(*mypy, "--cache-dir", "cache", "--python-executable", dist.python, "user.py", cwd=tmp_path)
    errors = sorted(re.findall(r"^user\.py:(\d+): error: .*\[([a-z-]+)\]$", done.stdout, re.MULTILINE))
    assert errors == [("5", "attr-defined"), ("6", "assignment")], done.stdout + done.stderr
    assert '"Instrument" has no attribute "instrument_idd"' in done.stdout
    assert 'expression has type "str | Unset", variable has type "int"' in done.stdout


def test_the_installed_command_reports_its_version(dist: Distribution) -> None:
    out = _ok(_run(dist.python.parent / "cashfree-instruments", "--version", cwd=dist.python.parent))
    assert out.split()[:2] == ["cashfree-instruments", cashfree_instruments.__version__]


def test_the_licence_is_in_the_repository_the_sdist_and_the_wheel(dist: Distribution) -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Copyright (c) " in licence
    assert "the cashfree-instruments authors" in licence
    top = dist.sdist.name.removesuffix(".tar.gz")
    assert f"{top}/LICENSE" in dist.sdist_names()
    assert dist.wheel_text(".dist-info/licenses/LICENSE") == licence
    metadata = dist.metadata()
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]


def _classifiers(metadata: Message) -> list[str]:
    return metadata.get_all("Classifier") or []


def test_classifiers_name_exactly_the_interpreters_the_suite_runs_on(dist: Distribution) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (versions,) = re.findall(r"^PYTHON_VERSIONS := (.+)$", makefile, re.MULTILINE)
    classifiers = _classifiers(dist.metadata())
    listed = [
        c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert listed == versions.split() == ["3.11", "3.12", "3.13"]
    assert dist.metadata()["Requires-Python"] == ">=3.11"
    for expected in (
        "Typing :: Typed",
        "Operating System :: OS Independent",
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: Implementation :: CPython",
    ):
        assert expected in classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert any(c.startswith("Topic :: ") for c in classifiers)
    # PEP 639: License-Expression replaces the licence classifiers, and the index refuses an upload with both.
    assert not [c for c in classifiers if c.startswith("License ::")]


def test_the_index_page_is_for_users(dist: Distribution) -> None:
    metadata = dist.metadata()
    assert metadata["Description-Content-Type"] == "text/markdown"
    page = metadata.get_payload()
    assert isinstance(page, str)
    assert "pip install cashfree-instruments" in page
    assert "from cashfree_instruments import Cashfree" in page
    code = "\n".join(re.findall(r"```.*?```", page, re.DOTALL) + re.findall(r"`[^`\n]+`", page))
    assert not re.search(r"(^|`)\s*make\s", code, re.MULTILINE), "make commands on the index page"
    targets = re.findall(r"\]\(([^)]*)\)", page) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", page, re.MULTILINE)
    targets += re.findall(r"(?:href|src)=\"([^\"]*)\"", page)
    assert targets, "the page links to nothing"
    assert [t for t in targets if not t.startswith("https://")] == [], "relative or non-https links"
    assert not re.search(r"\b(overrides|generated|tests)/", page), "repository paths on the index page"
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL") or [])
    assert urls, "no project URLs"
    assert all(url.startswith("https://") for url in urls.values())


def test_published_metadata_has_runtime_dependencies_only(dist: Distribution) -> None:
    metadata = dist.metadata()
    assert metadata.get_all("Provides-Extra") == ["signature"]
    required = [
        re.split(r"[<>=!~;\s]", r, maxsplit=1)[0]
        for r in metadata.get_all("Requires-Dist") or []
        if "extra ==" not in r
    ]
    assert [r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" in r] == [
        "cryptography<51,>=42; extra == 'signature'"
    ]
    assert sorted(required) == ["attrs", "h11", "httpx", "msgspec", "orjson", "python-dateutil", "sniffio"]


def test_the_pytest_plugin_is_registered_by_the_wheel(dist: Distribution) -> None:
    entry_points = dist.wheel_text(".dist-info/entry_points.txt")
    assert "[pytest11]\ncashfree_instruments = cashfree_instruments.testing.pytest_plugin\n" in entry_points
    assert "cashfree_instruments/testing/pytest_plugin.py" in dist.wheel_names()


def test_pyproject_and_the_wheel_agree_on_the_version(dist: Distribution) -> None:
    assert dist.metadata()["Version"] == PYPROJECT["project"]["version"] == cashfree_instruments.__version__
