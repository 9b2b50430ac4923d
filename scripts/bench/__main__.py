"""`make bench`: this package, Cashfree's official SDK (cashfree-pg) and raw httpx, side by side.

    python -m scripts.bench [--quick] [--write docs/benchmarks.md]   # from the repository's root

Every client talks to one FakeServer on 127.0.0.1 (real sockets, HTTP/1.1 keep-alive) run in its own process, so
no client shares a GIL with the server. After a warm-up the contenders take turns, in rounds (the order reversed
every other round), and each call is timed on its own: median and p99. Prints the tables with each target's ratio
and PASS/MISS; --write also puts them into the generated block of a Markdown file. Benchmarks are not tests:
nothing fails on a MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import importlib.util
import inspect
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from cashfree_instruments import API_VERSION
from scripts.bench.contenders import Official, Ours, OursAsync, Raw, RawAsync, assert_loopback

ROOT = Path(__file__).resolve().parents[2]  # the repository's: `python -m scripts.bench.server` runs from there
LIST_SIZES = (1, 100, 1000)
BEGIN = "<!-- bench:begin: written by `make bench`, edit outside this block -->"
END = "<!-- bench:end -->"

OURS, OURS_ASYNC, OFFICIAL, RAW, RAW_ASYNC = (
    "cashfree-instruments Cashfree",
    "cashfree-instruments AsyncCashfree",
    "cashfree-pg 6.0.1 (official SDK)",
    "raw httpx.Client + json.loads",
    "raw httpx.AsyncClient + json.loads",
)
# `make bench` runs in .venv-bench, which has the official SDK; the dev environment
# (tests/scripts/test_bench_smoke.py) has not: there its rows are left out, and the target that needs it says SKIP.
HAS_OFFICIAL = importlib.util.find_spec("cashfree_pg") is not None
NO_OFFICIAL_NOTE = "cashfree-pg is not installed here: the official SDK's rows are left out (`make bench` has it)."


@dataclass(frozen=True)
class Settings:
    fetch_calls: int = 2000
    list_calls: tuple[int, ...] = (1000, 400, 150)  # for each of LIST_SIZES
    rounds: int = 10
    warmup: int = 30
    import_runs: int = 21
    async_total: int = 500
    async_concurrency: int = 50
    async_repeats: int = 9
    threads: int = 8
    thread_calls: int = 100  # each
    thread_repeats: int = 7


QUICK = Settings(
    fetch_calls=6,
    list_calls=(4, 4, 2),
    rounds=2,
    warmup=2,
    import_runs=2,
    async_total=20,
    async_concurrency=5,
    async_repeats=1,
    threads=2,
    thread_calls=3,
    thread_repeats=1,
)


# -- measuring -------------------------------------------------------------------------------------------------------


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        ordered = sorted(self.samples)
        return ordered[round(0.99 * (len(ordered) - 1))]


Call = Callable[[], object]  # a plain call, or an `async def` one (then awaited)


async def _time_calls(call: Call, count: int, into: list[float]) -> None:
    clock = time.perf_counter
    if inspect.iscoroutinefunction(call):
        for _ in range(count):
            started = clock()
            await call()
            into.append(clock() - started)
    else:
        for _ in range(count):
            started = clock()
            call()
            into.append(clock() - started)


async def per_call(contenders: dict[str, Call], calls: int, settings: Settings) -> dict[str, Timing]:
    """Each contender's time per call: warm-up, then `rounds` turns of calls/rounds calls each."""
    timings = {name: Timing() for name in contenders}
    for call in contenders.values():
        await _time_calls(call, settings.warmup, [])
    order = list(contenders)
    for turn in range(settings.rounds):
        for name in order if turn % 2 == 0 else reversed(order):
            await _time_calls(contenders[name], max(1, calls // settings.rounds), timings[name].samples)
    return timings


async def _async_batch(fetch: Callable[[], Awaitable[object]], total: int, concurrency: int) -> float:
    """Seconds to complete `total` fetches with `concurrency` of them in flight."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await fetch()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


def _threaded_batch(fetch: Call, threads: int, calls: int) -> float:
    """Seconds for `threads` threads, released together, to make `calls` fetches each through one shared client."""
    start = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def work() -> None:
        start.wait()
        try:
            for _ in range(calls):
                fetch()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


@dataclass(frozen=True)
class ImportCase:
    label: str
    module: str | None  # None: the interpreter alone
    hide_httpx_cli: bool = False
    then: str = ""  # a statement timed with the import (making a client: what a service does next)

    def code(self) -> str:
        if self.module is None:
            return "pass"
        # httpx imports its command line's packages (click, rich, pygments) when they are installed, as they are
        # in the dev environment; None in sys.modules makes `import click` fail as if they were not.
        hide = "import sys; sys.modules.update(dict.fromkeys(('click', 'rich', 'pygments'))); " * self.hide_httpx_cli
        return (
            f"{hide}import time; t = time.perf_counter(); import {self.module}; {self.then or 'pass'}; "
            "t = time.perf_counter() - t; "
            "print(t, open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
        )


IMPORT_CASES = (
    ImportCase("`import cashfree_instruments`", "cashfree_instruments"),
    *([ImportCase("`import cashfree_pg`", "cashfree_pg")] if HAS_OFFICIAL else []),
    ImportCase("`import httpx`", "httpx"),
    ImportCase("`python -c pass` (the interpreter alone)", None),
    ImportCase("`import cashfree_instruments`, httpx's CLI packages absent", "cashfree_instruments", True),
    ImportCase("`import httpx`, httpx's CLI packages absent", "httpx", True),
    # cashfree_instruments loads the generated package and attrs when the first client is made (docs/benchmarks.md):
    # these two show that cost, next to what making an httpx client costs (both build an SSL context).
    ImportCase(
        "`import cashfree_instruments` + `Cashfree(...)`",
        "cashfree_instruments",
        then="cashfree_instruments.Cashfree('client_id', 'client_secret')",
    ),
    ImportCase("`import httpx` + `httpx.Client()`", "httpx", then="httpx.Client()"),
)


@dataclass(frozen=True)
class ImportResult:
    wall: Timing
    alone: Timing  # the import statement only, timed inside the interpreter
    peak_rss_mib: float


def measure_imports(settings: Settings) -> dict[ImportCase, ImportResult]:
    """Fresh interpreters, in turns: wall time of `python -c 'import X'` (start-up included) and peak RSS.

    With byte-code caches, as an installed package has them: PYTHONDONTWRITEBYTECODE is dropped, and the first
    (uncounted) turn writes the caches of the editable install's sources.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    wall = {case: Timing() for case in IMPORT_CASES}
    alone = {case: Timing() for case in IMPORT_CASES}
    rss: dict[ImportCase, list[float]] = {case: [] for case in IMPORT_CASES}
    for turn in range(settings.import_runs + 1):
        for case in IMPORT_CASES if turn % 2 else reversed(IMPORT_CASES):
            started = time.perf_counter()
            out = subprocess.run(  # noqa: S603 - this interpreter, fixed code
                [sys.executable, "-c", case.code()], check=True, capture_output=True, text=True, env=env
            ).stdout
            elapsed = time.perf_counter() - started
            if turn == 0:
                continue
            wall[case].samples.append(elapsed)
            if case.module is not None:
                seconds, kib = out.split()
                alone[case].samples.append(float(seconds))
                rss[case].append(int(kib) / 1024)
    return {
        case: ImportResult(wall[case], alone[case], statistics.median(rss[case]) if rss[case] else 0.0)
        for case in IMPORT_CASES
    }


# -- the server ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    base_url: str
    instrument_id: str


@contextmanager
def serve() -> Iterator[Server]:
    """The benchmark server (scripts.bench.server) in a child process, until the block ends."""
    command = [sys.executable, "-m", "scripts.bench.server", *map(str, LIST_SIZES)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT) as child:  # noqa: S603
        if child.stdout is None or child.stdin is None:
            raise RuntimeError("no pipes to the benchmark server")
        try:
            words = child.stdout.readline().split()
            if len(words) != 2:
                raise SystemExit("the benchmark server did not start")
            assert_loopback(words[0])
            yield Server(*words)
        finally:
            child.stdin.close()  # the server stops when its stdin closes
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


# -- the run ---------------------------------------------------------------------------------------------------------


@dataclass
class Results:
    fetch: dict[str, Timing] = field(default_factory=dict)
    lists: dict[int, dict[str, Timing]] = field(default_factory=dict)
    imports: dict[ImportCase, ImportResult] = field(default_factory=dict)
    async_batches: dict[str, Timing] = field(default_factory=dict)  # seconds per batch
    thread_batches: dict[str, Timing] = field(default_factory=dict)  # seconds per batch
    notes: list[str] = field(default_factory=list)


async def run_calls(server: Server, settings: Settings, results: Results) -> None:
    ours, raw = Ours(server.base_url), Raw(server.base_url)
    official = Official(server.base_url) if HAS_OFFICIAL else None
    ours_async, raw_async = OursAsync(server.base_url), RawAsync(server.base_url)
    try:
        instrument_id = server.instrument_id
        reads: dict[str, Call] = {OURS: ours.fetch(instrument_id)}
        lists: dict[int, dict[str, Call]] = {size: {OURS: ours.list(size)} for size in LIST_SIZES}
        if official is not None:
            reads[OFFICIAL] = official.fetch(instrument_id)
            for size in LIST_SIZES:
                lists[size][OFFICIAL] = official.list(size)
        for size in LIST_SIZES:
            lists[size][RAW] = raw.list(size)
        for name, read in reads.items():
            if getattr(read(), "instrument_id", None) != instrument_id:
                raise SystemExit(f"{name} did not read the instrument")
        for size, contenders in lists.items():
            for name, call in contenders.items():
                got = call()
                if not isinstance(got, list) or len(got) != size:
                    raise SystemExit(f"{name} did not list the {size} instruments")
        # What is loaded by now (three clients, pydantic and the official SDK's hundreds of models) stays: out of
        # the collector's sight, so that a full collection costs what it would in an application using one client.
        gc.collect()
        gc.freeze()

        fetch: dict[str, Call] = {OURS: reads[OURS], OURS_ASYNC: ours_async.fetch(instrument_id)}
        if OFFICIAL in reads:
            fetch[OFFICIAL] = reads[OFFICIAL]
        fetch |= {RAW: raw.fetch(instrument_id), RAW_ASYNC: raw_async.fetch(instrument_id)}
        results.fetch = await per_call(fetch, settings.fetch_calls, settings)
        for size, calls in zip(LIST_SIZES, settings.list_calls, strict=True):
            results.lists[size] = await per_call(lists[size], calls, settings)

        if official is None:
            results.notes.append(NO_OFFICIAL_NOTE)
        else:
            hosts = official.hosts_connected()
            if hosts != {"127.0.0.1"}:
                raise SystemExit(f"the official SDK connected to {sorted(hosts)}")
            if official.api_version != API_VERSION:
                results.notes.append(
                    f"cashfree-pg sent x-api-version {official.api_version}, this package {API_VERSION}."
                )

        async_fetch = {OURS_ASYNC: ours_async.fetch(instrument_id), RAW_ASYNC: raw_async.fetch(instrument_id)}
        results.async_batches = {name: Timing() for name in async_fetch}
        for turn in range(settings.async_repeats):
            for name in async_fetch if turn % 2 == 0 else reversed(async_fetch):
                seconds = await _async_batch(async_fetch[name], settings.async_total, settings.async_concurrency)
                results.async_batches[name].samples.append(seconds)

        threaded = {OURS: fetch[OURS], RAW: fetch[RAW]}
        results.thread_batches = {name: Timing() for name in threaded}
        for turn in range(settings.thread_repeats):
            for name in threaded if turn % 2 == 0 else reversed(threaded):
                seconds = _threaded_batch(threaded[name], settings.threads, settings.thread_calls)
                results.thread_batches[name].samples.append(seconds)
    finally:
        ours.close()
        raw.close()
        if official is not None:
            official.close()
        await ours_async.close()
        await raw_async.close()


# -- the report ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    what: str
    ratio: float | None  # None: a contender it needs is not installed
    limit: float
    at_least: bool  # the ratio must be >= limit (else <= limit)

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "SKIP"
        met = self.ratio >= self.limit if self.at_least else self.ratio <= self.limit
        return "PASS" if met else "MISS"


def targets(results: Results, settings: Settings) -> list[Target]:
    list_1000 = results.lists[1000]
    imports = {case.module: r for case, r in results.imports.items() if not case.hide_httpx_cli and not case.then}
    batches = results.async_batches
    official = list_1000[OFFICIAL].median / list_1000[OURS].median if OFFICIAL in list_1000 else None
    return [
        Target("list(1000): official SDK's time / ours", official, 4.0, True),
        Target("list(1000): ours / raw httpx + json.loads", list_1000[OURS].median / list_1000[RAW].median, 2.5, False),
        Target(
            "fetch one: ours (sync) / raw httpx + json.loads",
            results.fetch[OURS].median / results.fetch[RAW].median,
            1.10,
            False,
        ),
        Target(
            "import: `import cashfree_instruments` / `import httpx`, wall",
            imports["cashfree_instruments"].wall.median / imports["httpx"].wall.median,
            1.25,
            False,
        ),
        Target(
            f"async throughput, {settings.async_total} fetches {settings.async_concurrency} at a time: "
            "ours / raw httpx.AsyncClient",
            batches[RAW_ASYNC].median / batches[OURS_ASYNC].median,
            0.8,
            True,
        ),
    ]


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f}"


def report(results: Results, settings: Settings, context: list[str]) -> str:
    lines: list[str] = []
    add = lines.append
    add("### Targets (ratios of medians, within this run)")
    add("")
    add("| target | ratio | limit | result |")
    add("| --- | ---: | ---: | --- |")
    for target in targets(results, settings):
        limit = f"{'≥' if target.at_least else '≤'} {target.limit:.2f}x"
        shown = "n/a" if target.ratio is None else f"{target.ratio:.2f}x"
        add(f"| {target.what} | {shown} | {limit} | {target.verdict} |")

    add("")
    add(f"### Fetch one instrument (µs per call, {settings.fetch_calls} calls each)")
    add("")
    add("| client | median | p99 | median / raw httpx of its kind |")
    add("| --- | ---: | ---: | ---: |")
    for name, timing in results.fetch.items():
        raw = results.fetch[RAW_ASYNC if "Async" in name else RAW].median
        add(f"| {name} | {_us(timing.median)} | {_us(timing.p99)} | {timing.median / raw:.2f}x |")

    add("")
    add("### List a customer's instruments (µs per call)")
    add("")
    add("| instruments | client | calls | median | p99 | median / raw httpx | official SDK's median / this |")
    add("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for size, timings in results.lists.items():
        for name, timing in timings.items():
            official = f"{timings[OFFICIAL].median / timing.median:.2f}x" if OFFICIAL in timings else "n/a"
            add(
                f"| {size} | {name} | {len(timing.samples)} | {_us(timing.median)} | {_us(timing.p99)} | "
                f"{timing.median / timings[RAW].median:.2f}x | {official} |"
            )

    add("")
    add(f"### Import (a fresh interpreter each time, {settings.import_runs} times each)")
    add("")
    add("| statement | wall ms, median | p99 | the statement alone, ms | peak RSS MiB | wall / `import httpx` alike |")
    add("| --- | ---: | ---: | ---: | ---: | ---: |")
    # Each row against `import httpx` done alike: with or without its CLI packages, with or without a client made.
    httpx_wall = {
        (case.hide_httpx_cli, bool(case.then)): r.wall.median
        for case, r in results.imports.items()
        if case.module == "httpx"
    }
    for case, result in results.imports.items():
        alone = _ms(result.alone.median) if case.module else ""
        rss = f"{result.peak_rss_mib:.1f}" if case.module else ""
        add(
            f"| {case.label} | {_ms(result.wall.median)} | {_ms(result.wall.p99)} | {alone} | {rss} | "
            f"{result.wall.median / httpx_wall[case.hide_httpx_cli, bool(case.then)]:.2f}x |"
        )

    add("")
    add("### Concurrency (requests per second, median of the repeats)")
    add("")
    add("| workload | client | req/s | / raw httpx |")
    add("| --- | --- | ---: | ---: |")
    workload = f"{settings.async_total} fetches, asyncio, {settings.async_concurrency} at a time"
    for name, timing in results.async_batches.items():
        ratio = results.async_batches[RAW_ASYNC].median / timing.median
        add(f"| {workload} | {name} | {settings.async_total / timing.median:,.0f} | {ratio:.2f}x |")
    calls = settings.threads * settings.thread_calls
    workload = f"{settings.threads} threads, {settings.thread_calls} fetches each, one shared client"
    for name, timing in results.thread_batches.items():
        ratio = results.thread_batches[RAW].median / timing.median
        add(f"| {workload} | {name} | {calls / timing.median:,.0f} | {ratio:.2f}x |")

    add("")
    add("### This run")
    add("")
    lines.extend(f"- {line}" for line in context)
    lines.extend(f"- {note}" for note in results.notes)
    return "\n".join(lines) + "\n"


def environment(command: str) -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    try:
        total = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
        memory = f", {total:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = ""
    packages = ["cashfree-instruments", "httpx", "httpcore", "h11", "attrs", "python-dateutil", "orjson"]
    packages += ["cashfree-pg", "pydantic", "urllib3"] if HAS_OFFICIAL else []
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"command: `{command}`, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} {platform.release()}; "
        f"load average before the run {load}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        "packages: " + ", ".join(f"{name} {version(name)}" for name in packages),
    ]


def write_block(path: Path, table: str) -> None:
    """Replace the generated block of the Markdown file at `path` with `table` (appended if there is none)."""
    block = f"{BEGIN}\n\n{table}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few calls each: checks that every row comes out")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also write the tables into this file")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else Settings()
    command = "make bench" if not args.quick else "python -m scripts.bench --quick"
    started = time.perf_counter()
    results = Results()
    context = environment(command)  # the load average before the run
    with serve() as server:
        asyncio.run(run_calls(server, settings, results))
    results.imports = measure_imports(settings)
    table = report(results, settings, context)
    print(table)
    print(f"(the benchmark took {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.write:
        write_block(args.write, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
