"""A maintainer's edit of the spec reaches the client through `make generate` alone.

The spec's four paths get their `instruments` segment renamed to `saved-instruments` in a temporary copy,
generated with the Makefile's own `generate-into` command into a temporary folder; a fresh interpreter that
imports that generated package (and this checkout's overrides) must send the new paths and refuse the old.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SPEC = MAIN / "openapi" / "cashfree-instruments.yaml"
PATH_KEY = re.compile(r"^(  /customers/\{customer_id\}/)instruments\b", re.MULTILINE)

CALLS = """
import json, sys
import httpx
import cashfree_instruments_generated
from cashfree_instruments import Cashfree, InvalidArgumentError
from cashfree_instruments._paths import check_route

print(cashfree_instruments_generated.__file__)
sent = []

def answer(request):
    sent.append(f"{request.method} {request.url.path}")
    listing = request.url.path.endswith("/c1/saved-instruments")
    return httpx.Response(200, json=[] if listing else {"instrument_id": "i1"})

with Cashfree("id", "secret", transport=httpx.MockTransport(answer)) as cf:
    cf.instruments.list("c1")
    cf.instruments.get("c1", "i1")
    cf.instruments.cryptogram("c1", "i1")
    cf.instruments.delete("c1", "i1")
print(json.dumps(sent))
for method, path in [("GET", "/pg/customers/c1/instruments"), ("DELETE", "/pg/customers/c1/instruments/i1")]:
    try:
        check_route(httpx.Request(method, "https://sandbox.cashfree.com" + path), "/pg")
        print("sent", method, path)
    except InvalidArgumentError:
        print("refused", method, path)
"""


@pytest.fixture(scope="module")
def renamed_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated package of the spec with `saved-instruments` paths, in a temporary folder (one generation)."""
    work = tmp_path_factory.mktemp("renamed")
    spec, changes = PATH_KEY.subn(r"\1saved-instruments", SPEC.read_text(encoding="utf-8"))
    assert changes == 3  # the spec's three path keys, four operations
    (work / "spec.yaml").write_text(spec, encoding="utf-8")
    output = work / "out"
    # The Makefile's generate-into macro itself, with the copy as SPEC; -o: no virtual environment bootstrap.
    generate = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "make",
            "--no-print-directory",
            "-s",
            "-o",
            ".venv/.installed",
            f"SPEC={work / 'spec.yaml'}",
            f"--eval=_generate-renamed: ; $(call generate-into,{output})",
            "_generate-renamed",
        ],
        cwd=MAIN,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert generate.returncode == 0, generate.stderr
    return output


def test_renamed_paths_are_sent_and_the_old_ones_refused(renamed_package: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(renamed_package), str(MAIN / "overrides")])}
    run = subprocess.run([sys.executable, "-c", CALLS], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert run.returncode == 0, run.stderr
    generated_file, sent, *guard = run.stdout.splitlines()
    assert Path(generated_file).is_relative_to(renamed_package)
    assert sent == (
        '["GET /pg/customers/c1/saved-instruments", "GET /pg/customers/c1/saved-instruments/i1", '
        '"GET /pg/customers/c1/saved-instruments/i1/cryptogram", "DELETE /pg/customers/c1/saved-instruments/i1"]'
    )
    assert guard == ["refused GET /pg/customers/c1/instruments", "refused DELETE /pg/customers/c1/instruments/i1"]
