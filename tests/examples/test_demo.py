"""`make demo` (examples/demo.py): the main job on the embedded fake, and on a configured Cashfree (a loopback fake)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from cashfree_instruments.testing import FakeCashfree, FakeServer
from examples import demo


def test_demo_runs_the_main_job_on_the_embedded_fake() -> None:
    out = io.StringIO()
    assert demo.main(environ={}, out=out) == 0
    text = out.getvalue()
    assert "embedded fake Cashfree" in text
    assert "Saved cards of akshita2106 (5)" in text
    assert "Saved cards of akshita2106 after the delete (4)" in text
    assert text.count(" yes ") >= 3
    assert " no " in text
    assert "XXXXXXXXXXXX5717" in text
    for call in ("list", "get", "cryptogram", "delete"):
        assert f"\n  {call} " in text


def test_demo_masks_the_cryptogram() -> None:
    fake = FakeCashfree()
    secret = fake.cryptogram("akshita2106", "0d6b0245-f417-41a0-8151-0b03790de1f9")
    out = io.StringIO()
    demo.main(environ={}, out=out)
    text = out.getvalue()
    assert secret["card_number"] not in text
    assert secret["cryptogram"] not in text
    assert "•" * 12 + secret["card_number"][-4:] in text


def test_mask_hides_all_but_the_kept_characters() -> None:
    assert demo.mask("4491365621601472") == "••••••••••••1472"
    assert demo.mask("AQBBBBBBZatIlaIAmWKSghwBBBB=", keep=0) == "•" * 28
    assert demo.mask("12", keep=4) == "••"
    assert demo.mask(None) == "-"


def test_demo_runs_against_a_configured_cashfree_and_says_so() -> None:
    fake = FakeCashfree()
    with FakeServer(fake) as server:
        environ = {
            "CASHFREE_CLIENT_ID": fake.client_id,
            "CASHFREE_CLIENT_SECRET": fake.client_secret,
            "CASHFREE_ENVIRONMENT": "sandbox",
            "CASHFREE_BASE_URL": server.base_url,
            "CASHFREE_DEMO_CUSTOMER_ID": "akshita2106",
        }
        out = io.StringIO()
        assert demo.main(environ=environ, out=out) == 0
    text = out.getvalue()
    assert f"Running against Cashfree ({server.base_url})" in text
    assert "Delete skipped" in text
    assert len(fake.instruments("akshita2106")) == 3
    assert {r.method for r in fake.received} == {"GET"}


def test_demo_against_cashfree_needs_a_customer() -> None:
    environ = {"CASHFREE_CLIENT_ID": "id", "CASHFREE_CLIENT_SECRET": "secret", "CASHFREE_ENVIRONMENT": "sandbox"}
    out = io.StringIO()
    assert demo.main(environ=environ, out=out) == 2
    assert "CASHFREE_DEMO_CUSTOMER_ID" in out.getvalue()


def test_make_demos_command_runs_the_example_program() -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "examples/demo.py"], cwd=root, env={}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Running against the embedded fake Cashfree" in done.stdout
    assert "Saved cards of akshita2106 after the delete (4)" in done.stdout
