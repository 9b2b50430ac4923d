"""The pytest plugin (cashfree_instruments.testing.pytest_plugin), as a service's test suite meets it: pytest loads it
through the package's `pytest11` entry point in a project of its own (pytester; in a subprocess where what the
plugin imports matters)."""

from __future__ import annotations

import pytest

from cashfree_instruments.testing import pytest_plugin

pytest_plugins = ("pytester",)


@pytest.fixture(autouse=True)
def project(pytester: pytest.Pytester) -> None:
    """A service's project: its own pytest configuration (pytest-asyncio's, which the async test needs)."""
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")


# A service's tests: three lines each, sync and async; the fake answers and records what the client sent.
USERS_TESTS = """
import pytest

def test_lists_the_saved_card(cashfree_fake, cashfree_client):
    card = cashfree_fake.add_instrument("customer_1")
    assert [c.instrument_id for c in cashfree_client.instruments.list("customer_1")] == [card["instrument_id"]]

@pytest.mark.asyncio
async def test_deletes_the_card(cashfree_fake, async_cashfree_client):
    card = cashfree_fake.add_instrument("customer_1")
    await async_cashfree_client.instruments.delete("customer_1", card["instrument_id"])
    assert cashfree_fake.instruments("customer_1") == []

def test_each_test_gets_a_fresh_fake_and_the_clients_share_it(cashfree_fake, cashfree_client, async_cashfree_client):
    assert cashfree_fake.instruments("customer_1") == []
    cashfree_client.instruments.list("akshita2106")  # a seeded customer
    assert [(r.operation, r.headers["x-client-id"]) for r in cashfree_fake.received] == [
        ("pg_customer_fetch_instruments", cashfree_fake.client_id)
    ]
    assert not cashfree_client._http.is_closed and not async_cashfree_client._http.is_closed
"""


def test_a_services_tests_use_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_service=USERS_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_the_fixtures_close_their_clients(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        CLIENTS = []

        @pytest.fixture
        def remember(cashfree_client, async_cashfree_client):
            CLIENTS.extend([cashfree_client, async_cashfree_client])

        def pytest_sessionfinish():
            assert len(CLIENTS) == 2 and all(client._http.is_closed for client in CLIENTS)
            print("both clients closed")
        """
    )
    pytester.makepyfile(test_service="def test_uses(remember): pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*both clients closed*"])


def test_a_conftest_can_replace_the_fake_the_clients_use(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from cashfree_instruments.testing import FakeCashfree

        @pytest.fixture
        def cashfree_fake():
            return FakeCashfree(seed=False, client_secret="another_secret")
        """
    )
    pytester.makepyfile(
        test_service="""
        import pytest
        from cashfree_instruments import NotFoundError

        def test_unseeded(cashfree_client):
            with pytest.raises(NotFoundError):  # authenticated with the replacement's secret, and it has no customers
                cashfree_client.instruments.list("akshita2106")
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_plugin_is_inert_until_a_fixture_is_used(pytester: pytest.Pytester) -> None:
    # Loaded in every session of a project that has the package installed: it must neither change a test that does
    # not ask for its fixtures nor load the fake (or the generated package) for it.
    pytester.makepyfile(
        test_plain="""
        import sys

        def test_plain(request):
            assert request.config.pluginmanager.has_plugin("cashfree_instruments")
            assert not [name for name in request.fixturenames if "cashfree" in name]
            fake_modules = ("cashfree_instruments.testing._app", "cashfree_instruments.testing._server")
            assert not {*fake_modules, "cashfree_instruments_generated"} & sys.modules.keys()
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert [name for name in vars(pytest_plugin) if name.startswith("pytest_")] == []


def test_the_fixtures_are_listed_with_their_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "*cashfree_fake*",
            "*fresh in-memory fake Cashfree*",
            "*cashfree_client*",
            "*async_cashfree_client*",
        ]
    )
