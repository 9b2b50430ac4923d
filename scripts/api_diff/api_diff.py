"""`make api-diff [BASE=<git ref>] [ALLOW_BREAKING=1]`: what changed for users since BASE.

Compares BASE with the working tree:
1. the OpenAPI spec (openapi_diff), classified breaking / not breaking from a client's point of view;
2. the public Python API of the generated and the hand-written packages (griffe, static analysis).

BASE's default is the last release: the newest row of CHANGELOG.md's version table that names the commit it
was released from. A commit travels with every clone that has the history, where a tag may not (`git clone
--no-tags`, a push without `--tags`); without any recorded release, BASE is HEAD.

Run from the repository's root: `python -m scripts.api_diff [--base REF] [--allow-breaking]`.
Exit status: 0 without breaking changes (or with --allow-breaking), 1 with, 2 when the comparison cannot be
made (not a git repository, a BASE that is not a commit, a release commit missing from a shallow clone, an
unreadable spec or package).
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the dev environment; read as plain dicts

from . import openapi_diff, python_api_diff
from .changes import Change

SPEC = Path("openapi/cashfree-instruments.yaml")
GENERATOR_CONFIG = Path("generator-config.yaml")
CHANGELOG = Path("CHANGELOG.md")
# A row of the changelog's version table: | package version | API version | released from commit |
_RELEASE_ROW = re.compile(r"^\|\s*(\d[^|\s]*)\s*\|[^|\n]*\|\s*([0-9a-f]{7,40})\s*\|\s*$", re.MULTILINE)
PACKAGES = {"cashfree_instruments_generated": Path("generated"), "cashfree_instruments": Path("overrides")}


class Failure(Exception):
    """The comparison cannot be made: reported in one line, without a traceback."""


@dataclass
class Report:
    changes: list[tuple[str, Change]] = field(default_factory=list)  # (part, change)
    skipped: list[str] = field(default_factory=list)

    @property
    def breaking(self) -> list[tuple[str, Change]]:
        return [(part, change) for part, change in self.changes if change.breaking]

    @property
    def non_breaking(self) -> list[tuple[str, Change]]:
        return [(part, change) for part, change in self.changes if not change.breaking]

    def render(self, title: str, *, allow_breaking: bool) -> str:
        lines = [title, ""]
        for heading, changes in (("Breaking", self.breaking), ("Non-breaking", self.non_breaking)):
            lines.append(f"{heading} changes ({len(changes)}){':' if changes else ': none'}")
            lines += [f"  {part:<8} {change}" for part, change in changes]
            lines.append("")
        if self.skipped:
            lines += ["Skipped:", *(f"  {reason}" for reason in self.skipped), ""]
        count = len(self.breaking)
        if not count:
            lines.append("No breaking change.")
        elif allow_breaking:
            lines.append(f"{count} breaking change(s), allowed: release them with a breaking package version.")
        else:
            lines.append(f"{count} breaking change(s): failing. `make api-diff ALLOW_BREAKING=1` accepts them.")
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="api-diff", description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="git ref to compare with (default: the last release in CHANGELOG.md)")
    parser.add_argument("--allow-breaking", action="store_true", help="exit 0 even on breaking changes")
    args = parser.parse_args(argv)
    try:
        root = _git_root()
        base, commit = _base(root, args.base)
        with tempfile.TemporaryDirectory(prefix="api-diff-") as snapshot:
            _extract(root, commit, Path(snapshot))
            report = compare(Path(snapshot), root)
    except Failure as failure:
        print(f"api-diff: {failure}", file=sys.stderr)
        return 2
    title = f"api-diff: BASE {base} ({commit[:12]}) -> the working tree of {root}"
    print(report.render(title, allow_breaking=args.allow_breaking))
    return 1 if report.breaking and not args.allow_breaking else 0


def compare(old_root: Path, new_root: Path) -> Report:
    """Compare the spec and packages of two checkouts: `old_root` (BASE) and `new_root` (the working tree)."""
    report = Report()
    old_spec, new_spec = _read_spec(old_root, "BASE"), _read_spec(new_root, "the working tree")
    api_versions = None
    if old_spec is None:
        report.skipped.append(f"BASE has no {SPEC}: OpenAPI comparison skipped")
    elif new_spec is None:
        report.changes.append(("OpenAPI", Change(str(SPEC), "spec removed", True)))
    else:
        changes = openapi_diff.diff(old_spec, new_spec, _class_names(old_root), _class_names(new_root))
        report.changes += [("OpenAPI", change) for change in changes]
        api_versions = (str(old_spec["info"]["version"]), str(new_spec["info"]["version"]))
    for package, folder in PACKAGES.items():
        old = _load(package, old_root / folder, "BASE")
        new = _load(package, new_root / folder, "the working tree")
        if old is None:
            report.skipped.append(f"BASE has no {folder}/{package}: its Python API comparison skipped")
        elif new is None:
            report.changes.append(("Python", Change(package, "package removed", True)))
        else:
            changes = python_api_diff.diff(old, new, api_versions)
            report.changes += [("Python", change) for change in changes]
    return report


def _read_spec(root: Path, label: str) -> dict[str, Any] | None:
    path = root / SPEC
    if not path.is_file():
        return None
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise Failure(f"{SPEC} of {label} is not valid YAML: {error}") from error
    if not isinstance(spec, dict) or not isinstance(spec.get("info"), dict):
        raise Failure(f"{SPEC} of {label} is not an OpenAPI document (no info)")
    return spec


def _class_names(root: Path) -> dict[str, str]:
    """Schema name -> the class name generator-config.yaml's class_overrides give it."""
    path = root / GENERATOR_CONFIG
    config = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    overrides = config.get("class_overrides") if isinstance(config, dict) else None
    if not isinstance(overrides, dict):
        return {}
    return {
        schema: str(override["class_name"])
        for schema, override in overrides.items()
        if isinstance(override, dict) and "class_name" in override
    }


def _load(package: str, folder: Path, label: str) -> Any:
    try:
        return python_api_diff.load(package, folder)
    except Exception as error:  # griffe's errors on unreadable sources are varied
        raise Failure(f"cannot read {folder.name}/{package} of {label}: {error}") from error


def _git(root: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)  # noqa: S603, S607
    except FileNotFoundError as error:
        raise Failure("git is not installed") from error


def _git_root() -> Path:
    result = _git(None, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise Failure("not inside a git repository: run `make api-diff` from the checkout")
    return Path(result.stdout.strip())


def last_release(changelog: str) -> tuple[str, str] | None:
    """(package version, commit) of the newest release the changelog's table records, None if none."""
    found = _RELEASE_ROW.search(changelog)
    return (found[1], found[2]) if found else None


def _base(root: Path, ref: str | None) -> tuple[str, str]:
    """(what BASE is, in words; its commit id)."""
    if ref is not None:
        return ref, _commit(root, ref)
    path = root / CHANGELOG
    release = last_release(path.read_text(encoding="utf-8")) if path.is_file() else None
    if release is None:
        return "HEAD (no release recorded in CHANGELOG.md)", _commit(root, "HEAD")
    version, commit = release
    if _resolve(root, commit) is None:
        raise Failure(
            f"the last release's commit {commit} ({CHANGELOG}) is not in this clone: fetch it "
            f"(`git fetch --unshallow`, or `git fetch origin {commit}`) or give BASE=<git ref>"
        )
    return f"the last release, {version}", commit


def _resolve(root: Path, ref: str) -> str | None:
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    return result.stdout.strip() if result.returncode == 0 else None


def _commit(root: Path, ref: str) -> str:
    commit = _resolve(root, ref)
    if commit is None:
        raise Failure(f"BASE {ref!r} is not a commit of this repository (give a branch, tag or commit id)")
    return commit


def _extract(root: Path, commit: str, into: Path) -> None:
    """BASE's tracked files, as `git archive` gives them, into the folder `into`."""
    try:
        archive = subprocess.run(  # noqa: S603
            ["git", "archive", "--format=tar", commit],  # noqa: S607
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except subprocess.CalledProcessError as error:
        raise Failure(f"git archive {commit} failed: {error.stderr.decode(errors='replace').strip()}") from error
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


if __name__ == "__main__":
    sys.exit(main())
