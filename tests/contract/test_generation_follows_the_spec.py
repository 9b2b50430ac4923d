"""A maintainer's edit of the spec reaches the client through `make generate` alone.

The spec's four paths get their `instruments` segment renamed to `saved-instruments` in a temporary copy,
generated with the Makefile's own `generate-into` command into a temporary folder; a fresh interpreter that
imports that generated package (and this checkout's overrides) must send the new paths and refuse the old, and
the fake Cashfree must serve the new paths (its seed included) and know nothing at the old ones.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parents[2]
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


FAKE = """
import json
import httpx
from cashfree_instruments import API_VERSION, Cashfree
from cashfree_instruments.testing import FakeCashfree, FakeServer

fake = FakeCashfree()
fake.inject(503, operation="PGCustomerFetchInstrument")  # retried by the client
with FakeServer(fake) as server, Cashfree("fake_client_id", "fake_client_secret", base_url=server.base_url) as cf:
    listed = cf.instruments.list("akshita2106")
    fetched = cf.instruments.get("siddhesh_desai", "54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
    cryptogram = cf.instruments.cryptogram("siddhesh_desai", "54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
    deleted = cf.instruments.delete("siddhesh_desai", "54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
    headers = {"x-client-id": "fake_client_id", "x-client-secret": "fake_client_secret", "x-api-version": API_VERSION}
    old = httpx.get(server.base_url + "/customers/akshita2106/instruments?instrument_type=card", headers=headers)
    print(old.status_code, old.json()["code"])
ids = [fetched.instrument_id, cryptogram.instrument_id, deleted.instrument_id]
print(json.dumps([len(listed), *ids, fake.customers()]))
print(json.dumps([f"{r.method} {r.path} {r.operation}" for r in fake.received]))
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


def test_the_fake_serves_the_renamed_paths(renamed_package: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(renamed_package), str(MAIN / "overrides")])}
    run = subprocess.run([sys.executable, "-c", FAKE], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert run.returncode == 0, run.stderr
    old, served, received = run.stdout.splitlines()
    assert old == "404 request_url_not_found"
    card = "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"
    assert json.loads(served) == [3, card, card, card, ["siddhesh_desai", "akshita2106"]]
    base = "/pg/customers/siddhesh_desai/saved-instruments"
    assert json.loads(received) == [
        "GET /pg/customers/akshita2106/saved-instruments pg_customer_fetch_instruments",
        f"GET {base}/{card} pg_customer_fetch_instrument",  # the injected 503
        f"GET {base}/{card} pg_customer_fetch_instrument",
        f"GET {base}/{card}/cryptogram pg_customer_instruments_fetch_cryptogram",
        f"DELETE {base}/{card} pg_customer_delete_instrument",
        "GET /pg/customers/akshita2106/instruments None",
    ]
