"""The `cashfree-instruments` command's own options (its subcommands are tested with what they run)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cashfree_instruments import API_VERSION, __version__
from cashfree_instruments._cli import main


def test_version_names_the_package_and_the_api_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out, err = capsys.readouterr()
    assert out == f"cashfree-instruments {__version__} (Cashfree API version {API_VERSION})\n"
    assert err == ""


def test_version_through_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cashfree_instruments", "--version"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.split()[:2]) == (0, ["cashfree-instruments", __version__])
