"""A credential that is refused spends no one's rate budget: it counts against the client's address.

Every request with a bearer token counts against a budget (``RATELIMIT_PER_USER``): the user's, once
the token is accepted; the client address's when it is refused (logged out, expired, revoked, unknown),
so that requests with a dead token can neither starve its owner nor go unlimited.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from service.config import RATE_LIMITS
from tests.conftest import Account
from tests.factories import CONTACTS, LOGOUT

GENEROUS = {name: "1000/hour" for name in RATE_LIMITS}


@pytest.fixture
def limited(make_app) -> FlaskClient:
    """A client of an app whose budget per user is 3 requests an hour."""
    return make_app(RATELIMIT_ENABLED=True, **{**GENEROUS, "RATELIMIT_PER_USER": "3/hour"}).test_client()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def logged_out_token(accounts, account: Account) -> str:
    """The access token of another login of ``account``, which has logged out."""
    token = accounts.login(account.email)["access_token"]
    assert account.client.post(LOGOUT, headers=bearer(token)).status_code == 204
    return token


def test_a_logged_out_token_does_not_spend_its_owners_budget(limited, accounts, alice):
    dead = logged_out_token(accounts, alice)
    statuses = [
        limited.get(CONTACTS, headers=bearer(dead), **from_address("203.0.113.5")).status_code for _ in range(5)
    ]
    assert statuses == [401] * 3 + [429] * 2  # the address's budget, not alice's
    response = limited.get(CONTACTS, headers=alice.headers, **from_address("192.0.2.1"))
    assert response.status_code == 200
    assert response.headers["RateLimit-Remaining"] == "2"


def test_an_expired_token_does_not_spend_its_owners_budget(limited, app, alice):
    with app.app_context():
        expired = create_access_token(str(alice.id), expires_delta=timedelta(seconds=-60))
    statuses = [
        limited.get(CONTACTS, headers=bearer(expired), **from_address("203.0.113.5")).status_code for _ in range(5)
    ]
    assert statuses == [401] * 3 + [429] * 2
    assert limited.get(CONTACTS, headers=alice.headers).status_code == 200


def test_refused_credentials_count_against_the_client_address(limited, accounts, alice):
    dead = logged_out_token(accounts, alice)
    unknown = "cc_pat_" + "a" * 43
    for token in (dead, unknown, "not-even-a-jwt"):
        assert limited.get(CONTACTS, headers=bearer(token), **from_address("203.0.113.5")).status_code == 401
    refused = limited.get(CONTACTS, headers=bearer(dead), **from_address("203.0.113.5"))
    assert refused.status_code == 429
    assert limited.get(CONTACTS, headers=bearer(dead), **from_address("198.51.100.7")).status_code == 401


def test_an_address_that_sent_refused_credentials_may_still_use_good_ones(limited, accounts, alice):
    dead = logged_out_token(accounts, alice)
    for _ in range(4):
        limited.get(CONTACTS, headers=bearer(dead), **from_address("203.0.113.5"))
    assert limited.get(CONTACTS, headers=alice.headers, **from_address("203.0.113.5")).status_code == 200
