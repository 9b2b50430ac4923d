"""`make bench`: this package, Cashfree's official SDK (cashfree-pg), raw httpx and the floor, side by side.

    python -m scripts.bench [--quick] [--write docs/benchmarks.md]   # from the repository's root

What is measured is the **client's CPU time** (time.process_time of this process; the server is another process,
scripts.bench.server, whose CPU is never counted), with the server and this process pinned to one CPU where the platform
allows (os.sched_setaffinity): a call's wall time then holds no cross-CPU wake-ups, and a busy neighbour slows
both sides alike. After a warm-up the contenders take turns in rounds (the order reversed every other round), a
batch of calls each turn; each turn gives one sample (CPU seconds per call, or calls per CPU second), and the
tables give the median and the best of the samples. Floor rows (a raw socket and orjson; asyncio streams and
orjson) show how close each client is to what Python can do at all. Prints the tables with each target's ratio
and PASS/MISS; --write also puts them into the generated block of a Markdown file and draws the per-call cost
against list size into a PNG beside it (with matplotlib, where installed). Benchmarks are not tests: nothing
fails on a MISS.
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
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from scripts.bench.contenders import (
    AiohttpAsync,
    Floor,
    FloorAsync,
    Official,
    Ours,
    OursAiohttpAsync,
    OursAsync,
    Raw,
    RawAsync,
    aiohttp_available,
    assert_loopback,
    httpx_aiohttp_available,
    official_available,
)
from scripts.bench.server import pin

ROOT = Path(__file__).resolve().parents[2]  # the repository's: `python -m scripts.bench.server` runs from there

LIST_SIZES = (1, 10, 100, 300, 1000)
CONCURRENCY = (1, 10, 100)
BEGIN = "<!-- bench:begin: written by `make bench`, edit outside this block -->"
END = "<!-- bench:end -->"
PLOT = "benchmarks-list-size.png"  # beside the Markdown file written

OURS, OURS_ASYNC, OURS_AIOHTTP, OFFICIAL, RAW, RAW_ASYNC, FLOOR, FLOOR_ASYNC, AIOHTTP = (
    "cashfree-instruments Cashfree",
    "cashfree-instruments AsyncCashfree",
    "cashfree-instruments AsyncCashfree over httpx-aiohttp",
    "cashfree-pg (official SDK)",
    "raw httpx.Client + json.loads",
    "raw httpx.AsyncClient + json.loads",
    "floor: raw socket + orjson",
    "floor: asyncio streams + orjson",
    "raw aiohttp + orjson",
)


@dataclass(frozen=True)
class Settings:
    fetch_batch: int = 200  # calls per turn
    list_batch: tuple[int, ...] = (200, 150, 60, 25, 10)  # for each of LIST_SIZES
    rounds: int = 15
    warmup: int = 30
    import_runs: int = 21
    async_total: int = 1000  # calls per turn, for each of CONCURRENCY
    async_rounds: int = 7


QUICK = Settings(
    fetch_batch=3,
    list_batch=(2, 2, 2, 1, 1),
    rounds=2,
    warmup=2,
    import_runs=2,
    async_total=20,
    async_rounds=1,
)


# -- measuring -------------------------------------------------------------------------------------------------------


@dataclass
class Samples:
    """One sample per turn: CPU seconds per call (lower is better), or calls per CPU second (higher is better)."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)


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


async def _turn(call: Call, count: int) -> tuple[float, float]:
    """(client CPU seconds, wall seconds) per call, over `count` calls in a row."""
    cpu, wall = time.process_time(), time.perf_counter()
    if inspect.iscoroutinefunction(call):
        for _ in range(count):
            await call()
    else:
        for _ in range(count):
            call()
    return (time.process_time() - cpu) / count, (time.perf_counter() - wall) / count


async def per_call(contenders: dict[str, Call], batch: int, settings: Settings) -> dict[str, Samples]:
    """Each contender's client CPU time per call: a warm-up, then `rounds` turns of `batch` calls each."""
    samples = {name: Samples() for name in contenders}
    for call in contenders.values():
        await _turn(call, settings.warmup)
    order = list(contenders)
    for turn in range(settings.rounds):
        for name in order if turn % 2 == 0 else reversed(order):
            cpu, wall = await _turn(contenders[name], batch)
            samples[name].cpu.append(cpu)
            samples[name].wall.append(wall)
    return samples


async def _async_turn(fetch: Callable[[], Awaitable[object]], total: int, concurrency: int) -> tuple[float, float]:
    """(calls per client CPU second, calls per wall second) for `total` fetches, `concurrency` of them in flight."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await fetch()

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return total / max(time.process_time() - cpu, 1e-9), total / (time.perf_counter() - wall)


async def throughput(contenders: dict[str, Call], concurrency: int, settings: Settings) -> dict[str, Samples]:
    samples = {name: Samples() for name in contenders}
    for fetch in contenders.values():  # warm-up: opens the connections
        await _async_turn(fetch, concurrency * 2, concurrency)  # type: ignore[arg-type]
    order = list(contenders)
    for turn in range(settings.async_rounds):
        for name in order if turn % 2 == 0 else reversed(order):
            per_cpu, per_wall = await _async_turn(contenders[name], settings.async_total, concurrency)  # type: ignore[arg-type]
            samples[name].cpu.append(per_cpu)
            samples[name].wall.append(per_wall)
    return samples


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
    ImportCase("`import cashfree_pg`", "cashfree_pg"),
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
    cases = [case for case in IMPORT_CASES if case.module is None or importlib.util.find_spec(case.module)]
    wall = {case: Timing() for case in cases}
    alone = {case: Timing() for case in cases}
    rss: dict[ImportCase, list[float]] = {case: [] for case in cases}
    for turn in range(settings.import_runs + 1):
        for case in cases if turn % 2 else reversed(cases):
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
        for case in cases
    }


# -- the server ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    base_url: str
    instrument_id: str


@contextmanager
def serve(cpu: int | None) -> Iterator[Server]:
    """The benchmark server (scripts.bench.server) in a child process pinned to `cpu`, until the block ends."""
    where = [] if cpu is None else ["--cpu", str(cpu)]
    command = [sys.executable, "-m", "scripts.bench.server", *where, *map(str, LIST_SIZES)]
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


def bench_cpu() -> int | None:
    """The CPU to pin the server and the clients to (the last this process may use), None where none can be."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    return max(os.sched_getaffinity(0))


# -- the run ---------------------------------------------------------------------------------------------------------


@dataclass
class Results:
    fetch: dict[str, Samples] = field(default_factory=dict)
    lists: dict[int, dict[str, Samples]] = field(default_factory=dict)
    imports: dict[ImportCase, ImportResult] = field(default_factory=dict)
    async_fetch: dict[int, dict[str, Samples]] = field(default_factory=dict)  # by concurrency
    notes: list[str] = field(default_factory=list)


def _check(name: str, got: object, size: int | None, instrument_id: str) -> None:
    if size is None:
        found = got.get("instrument_id") if isinstance(got, dict) else getattr(got, "instrument_id", None)
        if found != instrument_id:
            raise SystemExit(f"{name} did not read the instrument")
    elif not isinstance(got, list) or len(got) != size:
        raise SystemExit(f"{name} did not list the {size} instruments")


async def run_calls(server: Server, settings: Settings, results: Results) -> None:
    url, instrument_id = server.base_url, server.instrument_id
    sync: dict[str, Ours | Official | Raw | Floor] = {OURS: Ours(url), RAW: Raw(url), FLOOR: Floor(url)}
    if official_available():
        sync[OFFICIAL] = Official(url)
    else:
        results.notes.append("cashfree-pg is not installed: the official SDK's rows and targets are left out.")
    asyncs: dict[str, OursAsync | RawAsync | FloorAsync | AiohttpAsync] = {
        OURS_ASYNC: OursAsync(url),
        RAW_ASYNC: RawAsync(url),
        FLOOR_ASYNC: FloorAsync(url),
    }
    if aiohttp_available():
        asyncs[AIOHTTP] = AiohttpAsync(url)
    if httpx_aiohttp_available():
        asyncs[OURS_AIOHTTP] = OursAiohttpAsync(url)
    try:
        fetch: dict[str, Call] = {name: client.fetch(instrument_id) for name, client in sync.items()}
        lists = {size: {name: client.list(size) for name, client in sync.items()} for size in LIST_SIZES}
        async_fetch: dict[str, Call] = {name: client.fetch(instrument_id) for name, client in asyncs.items()}
        for name, call in fetch.items():
            _check(name, call(), None, instrument_id)
        for name, acall in async_fetch.items():
            _check(name, await acall(), None, instrument_id)  # type: ignore[misc]
        for size, contenders in lists.items():
            for name, call in contenders.items():
                _check(name, call(), size, instrument_id)
        # What is loaded by now (the clients, pydantic and the official SDK's hundreds of models) stays: out of
        # the collector's sight, so that a full collection costs what it would in an application using one client.
        gc.collect()
        gc.freeze()

        results.fetch = await per_call(fetch, settings.fetch_batch, settings)
        for size, batch in zip(LIST_SIZES, settings.list_batch, strict=True):
            results.lists[size] = await per_call(lists[size], batch, settings)
        for concurrency in CONCURRENCY:
            results.async_fetch[concurrency] = await throughput(async_fetch, concurrency, settings)

        official = sync.get(OFFICIAL)
        if isinstance(official, Official):
            hosts = official.hosts_connected()
            if hosts != {"127.0.0.1"}:
                raise SystemExit(f"the official SDK connected to {sorted(hosts)}")
    finally:
        for client in sync.values():
            client.close()
        for aclient in asyncs.values():
            await aclient.close()


# -- the report ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    what: str
    ratio: float | None  # None: a contender is absent
    limit: float
    at_least: bool  # the ratio must be >= limit (else <= limit)

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "SKIP"
        return "PASS" if (self.ratio >= self.limit if self.at_least else self.ratio <= self.limit) else "MISS"


def targets(results: Results) -> list[Target]:
    fetch, list_1000 = results.fetch, results.lists[1000]
    imports = {case.module: r for case, r in results.imports.items() if not case.hide_httpx_cli and not case.then}

    def ratio(timings: dict[str, Samples], top: str, bottom: str) -> float | None:
        if top not in timings or bottom not in timings:
            return None
        return timings[top].median / timings[bottom].median

    found = [
        Target("fetch one: ours / raw httpx, client CPU", ratio(fetch, OURS, RAW), 0.80, False),
        Target("fetch one: official SDK / ours, client CPU", ratio(fetch, OFFICIAL, OURS), 1.5, True),
        Target("list(1000): ours / raw httpx + json.loads, client CPU", ratio(list_1000, OURS, RAW), 1.4, False),
        Target("list(1000): official SDK / ours, client CPU", ratio(list_1000, OFFICIAL, OURS), 6.0, True),
    ]
    async_pairs = (
        ("ours / raw httpx.AsyncClient", OURS_ASYNC, RAW_ASYNC, 1.2),
        ("ours over httpx-aiohttp / raw aiohttp", OURS_AIOHTTP, AIOHTTP, 0.6),
    )
    for what, top, bottom, limit in async_pairs:
        for concurrency in CONCURRENCY[1:]:
            found.append(
                Target(
                    f"async fetch one, {concurrency} in flight: {what}, calls per client CPU second",
                    ratio(results.async_fetch[concurrency], top, bottom),
                    limit,
                    True,
                )
            )
    found.append(
        Target(
            "import: `import cashfree_instruments` / `import httpx`, wall",
            imports["cashfree_instruments"].wall.median / imports["httpx"].wall.median,
            1.2,
            False,
        )
    )
    return found


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
    for target in targets(results):
        limit = f"{'≥' if target.at_least else '≤'} {target.limit:.2f}x"
        shown = "—" if target.ratio is None else f"{target.ratio:.2f}x"
        add(f"| {target.what} | {shown} | {limit} | {target.verdict} |")

    add("")
    add(f"### Fetch one instrument (client CPU µs per call; {settings.rounds} turns of {settings.fetch_batch} calls)")
    add("")
    add("| client | CPU median | CPU best | wall median | CPU / raw httpx |")
    add("| --- | ---: | ---: | ---: | ---: |")
    for name, samples in results.fetch.items():
        add(
            f"| {name} | {_us(samples.median)} | {_us(min(samples.cpu))} | {_us(samples.wall_median)} | "
            f"{samples.median / results.fetch[RAW].median:.2f}x |"
        )

    add("")
    add(f"### List a customer's instruments (client CPU µs per call; {settings.rounds} turns each)")
    add("")
    add("| instruments | client | CPU median | CPU best | wall median | CPU / raw httpx |")
    add("| ---: | --- | ---: | ---: | ---: | ---: |")
    for size, timings in results.lists.items():
        for name, samples in timings.items():
            add(
                f"| {size} | {name} | {_us(samples.median)} | {_us(min(samples.cpu))} | "
                f"{_us(samples.wall_median)} | {samples.median / timings[RAW].median:.2f}x |"
            )

    add("")
    add(
        f"### Async fetch one (calls per client CPU second; {settings.async_rounds} turns of "
        f"{settings.async_total} calls)"
    )
    add("")
    add("| in flight | client | per CPU s, median | best | per wall s, median | / raw httpx.AsyncClient |")
    add("| ---: | --- | ---: | ---: | ---: | ---: |")
    for concurrency, timings in results.async_fetch.items():
        for name, samples in timings.items():
            add(
                f"| {concurrency} | {name} | {samples.median:,.0f} | {max(samples.cpu):,.0f} | "
                f"{samples.wall_median:,.0f} | {samples.median / timings[RAW_ASYNC].median:.2f}x |"
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
    add("### This run")
    add("")
    lines.extend(f"- {line}" for line in context)
    lines.extend(f"- {note}" for note in results.notes)
    return "\n".join(lines) + "\n"


def plot(results: Results, path: Path) -> str:
    """Draw client CPU µs per call against list size, a line per client; what was done, for the report."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        return "matplotlib is not installed: the plot was not drawn."
    figure, axes = pyplot.subplots(figsize=(7, 4.5), dpi=100)
    for name in next(iter(results.lists.values())):
        sizes = list(results.lists)
        axes.plot(sizes, [results.lists[size][name].median * 1e6 for size in sizes], marker="o", label=name)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("instruments in the list")
    axes.set_ylabel("client CPU µs per call (median)")
    axes.set_title("List a customer's instruments: client CPU per call")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return f"plot: {path.name}, client CPU per call against list size."


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
    packages = ["cashfree-instruments", "httpx", "httpcore", "h11", "sniffio", "attrs", "orjson"]
    packages += ["cashfree-pg", "pydantic", "urllib3", "aiohttp", "httpx-aiohttp"]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        f"command: `{command}`, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} {platform.release()}; "
        f"load average before the run {load}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        "packages: " + ", ".join(f"{name} {_version(name)}" for name in packages),
    ]


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "(absent)"


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
    cpu = bench_cpu()
    pinned = pin(cpu)
    context.append(f"server and clients: {pinned}" + ("" if cpu is None else " (os.sched_setaffinity), both"))
    with serve(cpu) as server:
        asyncio.run(run_calls(server, settings, results))
    results.imports = measure_imports(settings)
    if args.write:
        results.notes.append(plot(results, args.write.parent / PLOT))
    table = report(results, settings, context)
    print(table)
    print(f"(the benchmark took {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.write:
        write_block(args.write, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
