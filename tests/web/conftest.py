"""Fixtures of the web-layer tests: the worlds the ownership tests run in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Accounts, empty_tables
from tests.web.ownership import World, give_one_of_everything


@pytest.fixture(scope="module")
def world(app, radicale_server) -> Iterator[World]:
    """One Alice and one Bob with one of everything, for the tests of this module that change nothing
    (marked ``reads_shared_rows``): made once, since making them is most of what such a test costs."""
    accounts = Accounts(app.test_client())
    alice, bob = accounts.new(name="Alice Example"), accounts.new(name="Bob Example")
    yield World(
        alice,
        give_one_of_everything(alice, radicale_server.make_calendar()),
        bob,
        give_one_of_everything(bob, radicale_server.make_calendar()),
    )
    empty_tables(app)


@pytest.fixture
def alice_things(alice, radicale_server) -> dict[str, int]:
    return give_one_of_everything(alice, radicale_server.make_calendar())


@pytest.fixture
def bob_things(bob, radicale_server) -> dict[str, int]:
    return give_one_of_everything(bob, radicale_server.make_calendar())
