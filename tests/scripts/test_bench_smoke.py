"""`make bench` runs end to end: the benchmark script with a few calls each produces every row.

No timing is asserted: benchmarks are not tests, and CI times nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.bench.__main__ import write_block

ROOT = Path(__file__).resolve().parents[2]

LIST_CLIENTS = (
    "cashfree-instruments Cashfree",
    "raw httpx.Client + json.loads",
    "floor: raw socket + orjson",
)
ASYNC_CLIENTS = (
    "cashfree-instruments AsyncCashfree",
    "raw httpx.AsyncClient + json.loads",
    "floor: asyncio streams + orjson",
)
ROWS = [
    "| fetch one: ours / raw httpx, client CPU |",
    "| fetch one: official SDK / ours, client CPU |",
    "| list(1000): ours / raw httpx + json.loads, client CPU |",
    "| list(1000): official SDK / ours, client CPU |",
    "| async fetch one, 10 in flight: ours / raw httpx.AsyncClient, calls per client CPU second |",
    "| async fetch one, 100 in flight: ours / raw httpx.AsyncClient, calls per client CPU second |",
    "| async fetch one, 10 in flight: ours over httpx-aiohttp / raw aiohttp, calls per client CPU second |",
    "| async fetch one, 100 in flight: ours over httpx-aiohttp / raw aiohttp, calls per client CPU second |",
    "| import: `import cashfree_instruments` / `import httpx`, wall |",
    *(f"| {client} |" for client in LIST_CLIENTS),
    *(f"| {size} | {client} |" for size in (1, 10, 100, 300, 1000) for client in LIST_CLIENTS),
    *(f"| {concurrency} | {client} |" for concurrency in (1, 10, 100) for client in ASYNC_CLIENTS),
    "| `import cashfree_instruments` |",
    "| `import httpx` |",
    "| `python -c pass` (the interpreter alone) |",
    "- machine: ",
    "- packages: ",
    "- server and clients: ",
]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """stdout of `python -m scripts.bench --quick --write <tmp>`, and what it wrote there."""
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


def test_every_target_says_pass_miss_or_skip(quick_run: tuple[str, str]) -> None:
    stdout, _ = quick_run
    targets = stdout.split("### Targets", 1)[1].split("###", 1)[0]
    verdicts = [
        line.rsplit("|", 2)[-2].strip() for line in targets.splitlines() if line.startswith("| ") and "x |" in line
    ]
    assert len(verdicts) == 9  # the targets; two of them need aiohttp and httpx-aiohttp (.venv-bench)
    assert set(verdicts) <= {"PASS", "MISS", "SKIP"}


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


def test_the_import_leaves_asyncio_dateutil_parser_uuid_and_orjson_for_later() -> None:
    # They cost ~15, ~6, ~6 (uuid imports platform) and ~1 ms of `import cashfree_instruments` (see
    # docs/benchmarks.md), for users who may never need them: imported on first use. Making a client needs no uuid
    # either (msgspec, loaded with the first body, imports it). httpx's command-line packages (click imports uuid)
    # are hidden, as where they are not installed.
    code = (
        "import sys; sys.modules.update(dict.fromkeys(('click', 'rich', 'pygments')))\n"
        "import cashfree_instruments as c\n"
        "print(sorted({'asyncio', 'dateutil.parser', 'uuid', 'orjson'} & set(sys.modules)))\n"
        "c.Cashfree('id', 'secret')\n"
        "print('uuid' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert done.stdout.splitlines() == ["[]", "False"]


def test_the_plot_is_drawn_beside_the_markdown_or_said_missing(quick_run: tuple[str, str]) -> None:
    stdout, _ = quick_run
    assert "- plot: benchmarks-list-size.png" in stdout or "- matplotlib is not installed" in stdout


def test_without_the_official_sdk_its_rows_are_left_out() -> None:
    # As in an environment without cashfree-pg: the run completes, its targets say SKIP and the report says why.
    code = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name.startswith('cashfree_pg') else real(name, *a)\n"
        "from scripts.bench.__main__ import main\n"
        "main(['--quick'])\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| fetch one: official SDK / ours, client CPU | — | ≥ 1.50x | SKIP |" in done.stdout
    assert "| cashfree-pg (official SDK) |" not in done.stdout
    assert "cashfree-pg is not installed" in done.stdout
