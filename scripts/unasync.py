"""`python -m scripts.unasync [--check]`: write overrides' sync resources (_resources.py) from the async ones.

The asyncio resources (_async_resources.py) are the one source: the sync file is their text with `async def`,
`await` and the `Async` prefix of names taken out, formatted by ruff. --check writes nothing and exits 1 when
_resources.py is stale (tests/scripts/test_unasync.py runs it under `make test`).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "overrides" / "cashfree_instruments"
SOURCE = PACKAGE / "_async_resources.py"
TARGET = PACKAGE / "_resources.py"
HEADER = (
    '"""`client.instruments`: the sync resources, written by `python -m scripts.unasync` from _async_resources.py.'
    "\n\nEdit that file, then run the script: tests/scripts/test_unasync.py fails while this one is stale.\n"
    '"""\n'
)
RULES = [
    (re.compile(r"\A\"\"\".*?\"\"\"\n", re.DOTALL), HEADER),
    (re.compile(r"\basync def "), "def "),
    (re.compile(r"\bawait "), ""),
    (re.compile(r"\bAsync(?=[A-Z])"), ""),
]


def render(source: str) -> str:
    """The sync twin of an async module's text."""
    for pattern, replacement in RULES:
        source = pattern.sub(replacement, source)
    formatted = subprocess.run(  # noqa: S603 - this interpreter's ruff, fixed arguments
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return formatted.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.unasync", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1, writing nothing, when _resources.py is stale")
    args = parser.parse_args(argv)
    wanted = render(SOURCE.read_text(encoding="utf-8"))
    if TARGET.read_text(encoding="utf-8") == wanted:
        return 0
    if args.check:
        print(f"{TARGET.name} is stale: run `python -m scripts.unasync`", file=sys.stderr)
        return 1
    TARGET.write_text(wanted, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
