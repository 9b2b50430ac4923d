"""`python -m scripts.unasync [--check]`: write the sync twins of overrides' asyncio modules.

Each asyncio module in TWINS is the one source of its sync twin, like httpcore's `unasync`: the twin is its text
with `async def`, `await`, `async with`/`async for`, the `Async` prefix of names and the `async_` one of
functions and modules taken out, then formatted by ruff. Where the sync code is not that, the source says so on
the line before: `# sync: <line>` puts <line> in its place, `# async only: <why>` drops it. --check writes
nothing and exits 1 when a twin is stale (tests/scripts/test_unasync.py runs it under `make test`).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "overrides" / "cashfree_instruments"
# sync twin: (asyncio source, what the twin is)
TWINS = {
    "_attempt.py": ("_async_attempt.py", "One attempt of a Cashfree call: send the request, read its body, close"),
    "_client.py": ("_async_client.py", "Cashfree: the sync client and its call loop"),
    "_network.py": ("_async_network.py", "The sync client's network transport, whose sockets keep the call's deadline"),
    "_resources.py": ("_async_resources.py", "`client.instruments`: the sync resources"),
}
HEADER = (
    '"""{summary}.\n\nWritten by `python -m scripts.unasync` from {source}: edit that file, then run the script\n'
    "(tests/scripts/test_unasync.py fails while this one is stale).\n"
    '"""\n'
)
_DOCSTRING = re.compile(r"\A\"\"\".*?\"\"\"\n", re.DOTALL)
_MARKER = re.compile(r"^( *)# (?:sync: (?P<line>.*)|async only: .*)\n.*\n", re.MULTILINE)
RULES = [
    (re.compile(r"\basync def "), "def "),
    (re.compile(r"\basync (with|for) "), r"\1 "),
    (re.compile(r"\bawait "), ""),
    (re.compile(r"\b(_?)Async(?=[A-Z])"), r"\1"),
    (re.compile(r"(?:\b|(?<=_))async_(?=[a-z])"), ""),  # async_exchange, _async_resources, set_async_httpx_client
    (re.compile(r"\ba(close|enter|exit)\b"), r"\1"),
    (re.compile(r"\b__a(enter|exit|iter|next)__\b"), r"__\1__"),
    (re.compile(r"\bAnyIOBackend\b"), "SyncBackend"),
    (re.compile(r"\baiter_(?=[a-z])"), "iter_"),
]


def _marked(match: re.Match[str]) -> str:
    line = match["line"]
    return "" if line is None else f"{match[1]}{line}\n"


def render(source: str, target: str = "_resources.py") -> str:
    """The sync twin (`target`, one of TWINS) of an asyncio module's text."""
    source_name, summary = TWINS[target]
    text = _MARKER.sub(_marked, source)
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    text = _DOCSTRING.sub(lambda _: HEADER.format(summary=summary, source=source_name), text, count=1)
    text = _ruff(text, target, "check", "--fix", "--select", "I")  # imports sorted again, as ruff keeps them
    return _ruff(text, target, "format")


def _ruff(text: str, target: str, *command: str) -> str:
    done = subprocess.run(  # noqa: S603 - this interpreter's ruff, fixed arguments
        [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(PACKAGE / target), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.unasync", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1, writing nothing, when a twin is stale")
    args = parser.parse_args(argv)
    stale = 0
    for target, (source, _) in TWINS.items():
        wanted = render((PACKAGE / source).read_text(encoding="utf-8"), target)
        path = PACKAGE / target
        if path.exists() and path.read_text(encoding="utf-8") == wanted:
            continue
        if args.check:
            print(f"{target} is stale: run `python -m scripts.unasync`", file=sys.stderr)
            stale = 1
        else:
            path.write_text(wanted, encoding="utf-8")
            print(f"wrote {path}")
    return stale


if __name__ == "__main__":
    sys.exit(main())
