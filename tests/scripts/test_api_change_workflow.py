"""The API-version change workflow, end to end, in a temporary copy of the repository.

The README's runbook: edit the spec -> `make generate` -> `make api-diff` -> the contract checks. The copy is
a git repository whose CHANGELOG.md records this working tree's commit as the last release, so `make api-diff`
(BASE: that release) compares the edits with it. The copy reuses this checkout's virtual environment (make's
BIN), never installs into it (`-o` keeps make from bootstrapping), and imports its own packages (PYTHONPATH
before the editable install).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

MAIN = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SPEC = Path("openapi/cashfree-instruments.yaml")
GENERATED = Path("generated/cashfree_instruments_generated")
CONTRACT_CHECKS = [
    "tests/contract/test_spec.py",
    "tests/contract/test_generated_models.py",
    "tests/contract/test_generated_endpoints.py",
    "tests/contract/test_api_version.py",
]

NEW_FIELD = """\
        instrument_nickname:
          type: string
          description: A name the customer gave the card.
"""
META_PROPERTY = """\
        instrument_meta:
          $ref: "#/components/schemas/SavedInstrumentMeta"
"""
AFA_REFERENCE_PROPERTY = re.compile(r"^        afa_reference:\n(?:          .*\n)+", re.MULTILINE)


def _run(repo: Path, *command: str | Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        # The copy's packages, not the editable install's (`python -m scripts.api_diff` runs from the copy's root).
        "PYTHONPATH": os.pathsep.join(str(repo / folder) for folder in ("generated", "overrides")),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for variable in ("BASE", "ALLOW_BREAKING", "MAKEFLAGS", "MFLAGS"):
        env.pop(variable, None)
    return subprocess.run([str(part) for part in command], cwd=repo, env=env, capture_output=True, text=True)  # noqa: S603


def _make(repo: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """make in the copy, with this checkout's virtual environment and without bootstrapping one."""
    return _run(repo, "make", "--no-print-directory", "-o", ".venv/.installed", f"BIN={BIN}", *arguments)


def _git(repo: Path, *arguments: str) -> str:
    identity = ["-c", "user.name=api-diff test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    result = _run(repo, "git", *identity, "-c", "core.hooksPath=/dev/null", *arguments)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


RELEASE_ROW = re.compile(r"^(\| (\d[^|]*?) \| [^|]*? \|)[^|\n]*\|$", re.MULTILINE)


def _record_release(repo: Path, commit: str) -> None:
    """Record `commit` in CHANGELOG.md as the newest row's release commit, as the runbook's release step does."""
    path = repo / "CHANGELOG.md"
    text, rows = RELEASE_ROW.subn(lambda row: f"{row[1]} {commit} |", path.read_text(encoding="utf-8"), count=1)
    assert rows == 1
    path.write_text(text, encoding="utf-8")


def _copy_of_the_working_tree(into: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],  # noqa: S607
        cwd=MAIN,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        if (MAIN / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(MAIN / name, into / name)
    return into


def _edit_spec(repo: Path, edit: Callable[[str], str]) -> None:
    path = repo / SPEC
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def _succeeds(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the working tree, committed twice (the spec alone, then everything, released), and a third
    time to record that release in CHANGELOG.md (HEAD). No tag: the record is what api-diff reads."""
    repo = _copy_of_the_working_tree(tmp_path_factory.mktemp("repo"))
    _git(repo, "init", "--quiet")
    _git(repo, "add", "openapi")
    _git(repo, "commit", "--quiet", "--message", "an older commit: the spec alone")
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--message", "the working tree")
    _record_release(repo, _git(repo, "rev-parse", "HEAD"))
    _git(repo, "commit", "--quiet", "--all", "--message", "record the release")
    return repo


def test_version_bump_with_an_added_field_regenerates_and_is_not_breaking(repo: Path) -> None:
    old_version = yaml.safe_load((repo / SPEC).read_text(encoding="utf-8"))["info"]["version"]
    new_version = f"{int(old_version[:4]) + 1}{old_version[4:]}"
    # The new date already appears in files that set no API version: the bump must not trip over them.
    (repo / "tests" / "test_dated_data.py").write_text(
        f'CREATED_AT = "{new_version}"  # an instrument saved on {new_version}\n', encoding="utf-8"
    )
    (repo / "docs" / "notes.md").write_text(f"Cashfree announced a new version on {new_version}.\n", encoding="utf-8")

    def bump_and_add_a_field(text: str) -> str:
        assert text.count(f'"{old_version}"') == 3  # info.version, x-api-version's default and example
        assert text.count(META_PROPERTY) == 1  # in InstrumentEntity
        text = text.replace(f'"{old_version}"', f'"{new_version}"')
        return text.replace(META_PROPERTY, NEW_FIELD + META_PROPERTY)

    _edit_spec(repo, bump_and_add_a_field)
    _succeeds(_make(repo, "generate"))

    endpoints = sorted((repo / GENERATED / "api" / "token_vault").glob("pg_*.py"))
    assert len(endpoints) == 4
    for endpoint in endpoints:
        assert f'x_api_version: str = "{new_version}",' in endpoint.read_text(encoding="utf-8")
    assert not [path for path in (repo / GENERATED).rglob("*.py") if old_version in path.read_text(encoding="utf-8")]
    model = (repo / GENERATED / "models" / "instrument_entity.py").read_text(encoding="utf-8")
    assert "    instrument_nickname: str | Unset = UNSET\n" in model

    # The contract checks follow the spec: the header sent is the new version, API_VERSION is the new version.
    checks = _run(repo, BIN / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *CONTRACT_CHECKS)
    assert checks.returncode == 0, checks.stdout[-3000:] + checks.stderr[-3000:]

    report = _succeeds(_make(repo, "api-diff"))
    assert f"BASE the last release, {_released_version(repo)} ({_git(repo, 'rev-parse', 'HEAD~1')[:12]})" in report
    assert "Breaking changes (0): none" in report
    assert f"info.version: API version {old_version} -> {new_version}" in report
    assert "schema InstrumentEntity: optional property instrument_nickname added" in report
    assert "InstrumentEntity.instrument_nickname: public name added" in report
    assert f"generated: x_api_version default {old_version} -> {new_version} in 16 functions" in report
    assert report.rstrip().endswith("No breaking change.")


def test_a_removed_field_is_breaking_and_fails_unless_allowed(repo: Path) -> None:
    def remove_afa_reference(text: str) -> str:
        text, removed = AFA_REFERENCE_PROPERTY.subn("", text)
        assert removed == 1
        return text

    _edit_spec(repo, remove_afa_reference)
    _succeeds(_make(repo, "generate"))
    assert "afa_reference" not in (repo / GENERATED / "models" / "instrument_entity.py").read_text(encoding="utf-8")

    failed = _make(repo, "api-diff")
    assert failed.returncode != 0
    breaking = failed.stdout.split("Breaking changes (", 1)[1].split("Non-breaking changes", 1)[0]
    assert "OpenAPI  schema InstrumentEntity: property afa_reference removed" in breaking
    assert "InstrumentEntity.afa_reference: Public object was removed" in breaking
    assert "breaking change(s): failing" in failed.stdout

    script = _run(repo, BIN / "python", "-m", "scripts.api_diff", "--base", "HEAD")
    assert script.returncode == 1, script.stdout + script.stderr  # make reports any failure as 2
    allowed = _succeeds(_make(repo, "api-diff", "ALLOW_BREAKING=1"))
    assert "property afa_reference removed" in allowed
    assert "allowed" in allowed


def test_a_fresh_clone_without_tags_compares_with_the_last_release(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--no-tags", str(repo), str(clone))
    _edit_spec(clone, lambda text: text.replace(META_PROPERTY, NEW_FIELD + META_PROPERTY))
    report = _succeeds(_make(clone, "api-diff"))
    assert f"BASE the last release, {_released_version(clone)} ({_git(repo, 'rev-parse', 'HEAD~1')[:12]})" in report
    assert "schema InstrumentEntity: optional property instrument_nickname added" in report


def test_a_release_commit_missing_from_the_clone_is_one_clear_line(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "--quiet", "--no-tags", str(repo), str(clone))
    missing = "0123456789abcdef0123456789abcdef01234567"
    _record_release(clone, missing)
    failed = _run(clone, BIN / "python", "-m", "scripts.api_diff")
    assert failed.returncode == 2
    assert failed.stderr == (
        f"api-diff: the last release's commit {missing} (CHANGELOG.md) is not in this clone: "
        f"fetch it (`git fetch --unshallow`, or `git fetch origin {missing}`) or give BASE=<git ref>\n"
    )


def _released_version(repo: Path) -> str:
    released = RELEASE_ROW.search((repo / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert released is not None
    return released[2]


def test_a_base_without_the_packages_skips_their_comparison(repo: Path) -> None:
    report = _succeeds(_make(repo, "api-diff", "BASE=HEAD~2", "ALLOW_BREAKING=1"))
    assert "BASE has no generated/cashfree_instruments_generated" in report
    assert "BASE has no overrides/cashfree_instruments" in report
    assert "Python " not in report.split("Skipped:", 1)[0]


def test_a_bad_base_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(MAIN)}  # the program's package, run from outside any repository
    command = [str(BIN / "python"), "-m", "scripts.api_diff"]
    bad_ref = subprocess.run([*command, "--base", "no-such-ref"], cwd=MAIN, env=env, capture_output=True, text=True)  # noqa: S603
    assert bad_ref.returncode == 2
    assert (
        bad_ref.stderr
        == "api-diff: BASE 'no-such-ref' is not a commit of this repository (give a branch, tag or commit id)\n"
    )
    not_a_repo = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)  # noqa: S603
    assert not_a_repo.returncode == 2
    assert "not inside a git repository" in not_a_repo.stderr
    assert "Traceback" not in not_a_repo.stderr
