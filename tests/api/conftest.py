"""Fixtures of the API tests beside those of tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.factories import INVITEE


@pytest.fixture
def me(accounts):
    """Sam Rivera, the person every invitation of tests/fixtures/calendar invites (``INVITEE``)."""
    return accounts.new(email=INVITEE, name="Sam Rivera")
