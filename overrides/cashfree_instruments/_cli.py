"""The `cashfree-instruments` command (also `python -m cashfree_instruments`)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable

# A subcommand: given its parser, adds its arguments and returns what runs it (returning the exit status).
Setup = Callable[[argparse.ArgumentParser], Callable[[argparse.Namespace], int]]


def _fake_server(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default 0: a free port)")
    parser.add_argument("--no-seed", action="store_true", help="start empty, without the spec's example cards")
    return _run_fake_server


def _run_fake_server(args: argparse.Namespace) -> int:
    from .testing import FakeCashfree, FakeServer

    fake = FakeCashfree(seed=not args.no_seed)
    try:
        server = FakeServer(fake, host=args.host, port=args.port)
    except (ValueError, OSError) as exc:
        print(f"cashfree-instruments fake-server: {exc}", file=sys.stderr)
        return 2
    with server:
        print(f"Fake Cashfree serving at {server.base_url}")
        print("Credentials (the fake's own, made up):")
        print(f"  x-client-id: {fake.client_id}")
        print(f"  x-client-secret: {fake.client_secret}")
        print(f"  as a partner: x-partner-merchantid: {fake.partner_merchant_id}", end="")
        print(f", x-partner-apikey: {fake.partner_apikey}")
        print(f"  or x-client-id + x-client-signature: {fake.client_signature}")
        print(f"Customers: {', '.join(fake.customers()) or '(none)'}")
        print("Press Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.wait()
    print("Fake Cashfree stopped.", flush=True)
    return 0


# Add a subcommand here: name -> (one-line help, setup).
COMMANDS: dict[str, tuple[str, Setup]] = {
    "fake-server": ("serve the embedded fake Cashfree over HTTP on a loopback address", _fake_server),
}


def main(argv: list[str] | None = None) -> int:
    from . import API_VERSION, __version__

    parser = argparse.ArgumentParser(
        prog="cashfree-instruments", description="Cashfree Token Vault saved-card instruments."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__} (Cashfree API version {API_VERSION})"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, setup) in COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(run=setup(command))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error argparse already reported
        return exit_.code if isinstance(exit_.code, int) else 2
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)
