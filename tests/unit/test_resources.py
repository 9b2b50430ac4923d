"""`client.instruments`: one source (the async raw methods) for the four variants, each with its exact signature."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from mypy import api as mypy

from cashfree_instruments import AsyncCashfree, Cashfree
from tests.helpers.client import CLIENT_CLASSES, OPERATIONS, Server, make_client, run

USER_CODE = """\
from cashfree_instruments import AsyncCashfree, Cashfree

def sync(cf: Cashfree) -> None:
    reveal_type(cf.instruments.get)
    reveal_type(cf.instruments.list("c"))
    reveal_type(cf.instruments.with_raw_response.list("c"))
    reveal_type(cf.instruments.delete("c", "i", idempotency_key="k"))
    cf.instruments.cryptogram("c", "i", idempotency_key="k")

async def asynchronous(cf: AsyncCashfree) -> None:
    reveal_type(cf.instruments.get)
    reveal_type(await cf.instruments.cryptogram("c", "i"))
    reveal_type(await cf.instruments.with_raw_response.delete("c", "i"))
    reveal_type(await cf.instruments.list_usable("c"))
"""
GET = (
    "def (customer_id: str, instrument_id: str, *, request_id: str | None =, "
    "timeout: float | httpx._config.Timeout | None =, deadline: float | None =) -> {}"
)
MODELS = "cashfree_instruments._models"


def test_user_code_type_checks_against_each_methods_exact_signature(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(USER_CODE, encoding="utf-8")
    out, _, status = mypy.run(["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(tmp_path)])
    revealed = [line.split('Revealed type is "', 1)[1].rstrip('"') for line in out.splitlines() if "Revealed" in line]
    assert revealed == [
        GET.format(f"{MODELS}.Instrument"),
        f"list[{MODELS}.Instrument]",
        f"cashfree_instruments._metadata.APIResponse[list[{MODELS}.Instrument]]",
        f"{MODELS}.Instrument",
        GET.format(f"typing.Coroutine[Any, Any, {MODELS}.Instrument]"),
        f"{MODELS}.Cryptogram",
        f"cashfree_instruments._metadata.APIResponse[{MODELS}.Instrument]",
        f"list[{MODELS}.Instrument]",
    ]
    assert 'Unexpected keyword argument "idempotency_key"' in out  # cryptogram takes none
    assert status == 1


@CLIENT_CLASSES
@pytest.mark.parametrize(("name", "arguments"), OPERATIONS)
def test_a_plain_method_is_its_raw_twins_data_with_its_parameters(
    client_class: type[Cashfree | AsyncCashfree], name: str, arguments: tuple[str, ...]
) -> None:
    server = Server()
    client = make_client(client_class, server)
    plain, raw = getattr(client.instruments, name), getattr(client.instruments.with_raw_response, name)
    assert inspect.signature(plain).parameters == inspect.signature(raw).parameters
    assert plain.__doc__ == raw.__doc__
    response = run(raw(*arguments, request_id="raw"))
    assert run(plain(*arguments, request_id="plain")) == response.data
    assert [request.headers["x-request-id"] for request in server.requests] == ["raw", "plain"]
