"""`make bench` runs end to end: the benchmark script with a few calls each produces every row.

No timing is asserted: benchmarks are not tests, and CI times nothing. The dev environment has no cashfree-pg
(`make bench` installs it in .venv-bench, tests/contract/test_dependencies.py keeps it out of here): the script
leaves the official SDK's rows out and says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.bench.__main__ import write_block

ROOT = Path(__file__).resolve().parents[2]

LIST_CLIENTS = ("cashfree-instruments Cashfree", "raw httpx.Client + json.loads")
OFFICIAL_ROWS = ["| cashfree-pg 6.0.1 (official SDK) |", "| `import cashfree_pg` |", ", cashfree-pg "]
ROWS = [
    "| list(1000): official SDK's time / ours | n/a | ≥ 4.00x | SKIP |",
    "| list(1000): ours / raw httpx + json.loads |",
    "| fetch one: ours (sync) / raw httpx + json.loads |",
    "| import: `import cashfree_instruments` / `import httpx`, wall |",
    "| async throughput, ",
    "| cashfree-instruments Cashfree |",
    "| cashfree-instruments AsyncCashfree |",
    "| raw httpx.Client + json.loads |",
    "| raw httpx.AsyncClient + json.loads |",
    *(f"| {size} | {client} |" for size in (1, 100, 1000) for client in LIST_CLIENTS),
    "| `import cashfree_instruments` |",
    "| `import httpx` |",
    "| `python -c pass` (the interpreter alone) |",
    "asyncio, 5 at a time | cashfree-instruments AsyncCashfree |",
    "asyncio, 5 at a time | raw httpx.AsyncClient + json.loads |",
    "one shared client | cashfree-instruments Cashfree |",
    "one shared client | raw httpx.Client + json.loads |",
    "- machine: ",
    "- packages: ",
    "- cashfree-pg is not installed here: the official SDK's rows are left out (`make bench` has it).",
]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """stdout of `python -m scripts.bench --quick --write <tmp>` (from the repository's root), and what it wrote."""
    written = tmp_path_factory.mktemp("bench") / "benchmarks.md"
    written.write_text("# Benchmarks\n\nHand-written notes stay.\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed module
        [sys.executable, "-m", "scripts.bench", "--quick", "--write", str(written)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, written.read_text(encoding="utf-8")


@pytest.mark.parametrize("row", ROWS)
def test_every_row_comes_out(quick_run: tuple[str, str], row: str) -> None:
    stdout, _ = quick_run
    assert row in stdout


@pytest.mark.parametrize("row", OFFICIAL_ROWS)
def test_the_official_sdks_rows_are_left_out_without_it(quick_run: tuple[str, str], row: str) -> None:
    stdout, _ = quick_run
    assert row not in stdout


def test_every_target_says_pass_or_miss_or_skip_without_the_official_sdk(quick_run: tuple[str, str]) -> None:
    stdout, _ = quick_run
    targets = stdout.split("### Targets", 1)[1].split("###", 1)[0]
    verdicts = [
        line.rsplit("|", 2)[-2].strip() for line in targets.splitlines() if line.startswith("| ") and "x |" in line
    ]
    assert len(verdicts) == 5
    assert verdicts[0] == "SKIP"
    assert set(verdicts[1:]) <= {"PASS", "MISS"}


def test_the_tables_go_into_the_markdown_block(quick_run: tuple[str, str]) -> None:
    stdout, written = quick_run
    assert written.startswith("# Benchmarks\n\nHand-written notes stay.\n")
    assert stdout.strip() in written
    assert written.count("<!-- bench:begin") == written.count("<!-- bench:end -->") == 1


def test_the_markdown_block_is_replaced_not_repeated(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    target.write_text("before\n", encoding="utf-8")
    write_block(target, "first\n")
    write_block(target, "second\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n")
    assert "second" in text
    assert "first" not in text


def test_the_import_leaves_asyncio_and_dateutil_parser_for_later() -> None:
    # They cost ~15 ms and ~6 ms of `import cashfree_instruments` (see docs/benchmarks.md), for users who may
    # never need them: imported on first use.
    code = "import sys, cashfree_instruments; print(sorted({'asyncio', 'dateutil.parser'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert done.stdout.strip() == "[]"
