"""The password of a signed-in user is guessed no faster than at login; a personal access token cannot take
the account over.

`PATCH /me` with `current_password` and `DELETE /me` check the password: wrong ones count like failed
logins (the login limits' settings), per account and per client address, the two endpoints together.
Changing the password or the email and deleting the account take a login, never a personal access
token; a new password revokes every personal access token (README, "Personal access tokens").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from service.config import RATE_LIMITS
from tests.conftest import PASSWORD, Account
from tests.factories import CONTACTS, LOGIN, ME, TOKENS, assert_problem, created

GENEROUS = {name: "1000/hour" for name in RATE_LIMITS}
WRONG = "not my password at all"


@pytest.fixture
def limited(make_app) -> Callable[..., FlaskClient]:
    """A client of an app with rate limits on: generous ones, but for those the test names."""

    def build(**settings) -> FlaskClient:
        return make_app(RATELIMIT_ENABLED=True, **{**GENEROUS, **settings}).test_client()

    return build


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def change_email(client: FlaskClient, account: Account, password: str, address: str = "192.0.2.1"):
    body = {"email": f"new-{account.id}@example.com", "current_password": password}
    return client.patch(ME, json=body, headers=account.headers, **from_address(address))


def delete_account(client: FlaskClient, account: Account, password: str, address: str = "192.0.2.1"):
    return client.delete(ME, json={"password": password}, headers=account.headers, **from_address(address))


def assert_rate_limited(response, counts: str) -> None:
    problem = assert_problem(response, 429, "rate_limited")
    assert problem["detail"].startswith(f"Too many {counts}: the limit is ")
    assert int(response.headers["Retry-After"]) > 0


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def personal_access_token(account: Account, scopes=("read", "write")) -> str:
    return created(account.post(TOKENS, json={"name": "backup script", "scopes": list(scopes)}))["token"]


# --- wrong passwords are limited --------------------------------------------------------


def test_wrong_current_passwords_are_limited_per_account_from_any_address(limited, alice):
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="2/hour")
    assert change_email(client, alice, WRONG, address="192.0.2.1").status_code == 403
    assert change_email(client, alice, WRONG, address="198.51.100.7").status_code == 403
    # Even the right password waits now, as at login.
    assert_rate_limited(
        change_email(client, alice, PASSWORD, address="203.0.113.9"), "wrong passwords for your account"
    )


def test_wrong_passwords_to_delete_the_account_count_with_those_to_change_it(limited, alice):
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="2/hour")
    assert change_email(client, alice, WRONG).status_code == 403
    assert delete_account(client, alice, WRONG).status_code == 403
    assert_rate_limited(delete_account(client, alice, PASSWORD), "wrong passwords for your account")
    assert alice.get(ME).status_code == 200


def test_wrong_passwords_are_limited_per_client_address_whatever_the_account(limited, alice, bob):
    client = limited(RATELIMIT_LOGIN_PER_IP="2/hour")
    assert change_email(client, alice, WRONG).status_code == 403
    assert delete_account(client, bob, WRONG).status_code == 403
    assert_rate_limited(change_email(client, bob, PASSWORD), "wrong passwords from your network address")
    assert change_email(client, bob, PASSWORD, address="192.0.2.2").status_code == 200


def test_right_passwords_do_not_count(limited, alice):
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="1/hour", RATELIMIT_LOGIN_PER_IP="1/hour")
    for n in range(3):
        body = {"email": f"alice-{n}@example.com", "current_password": PASSWORD}
        assert client.patch(ME, json=body, headers=alice.headers).status_code == 200


def test_a_change_that_needs_no_password_is_not_held_back_by_wrong_ones(limited, alice):
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="1/hour")
    assert change_email(client, alice, WRONG).status_code == 403
    assert client.patch(ME, json={"name": "Alice Renamed"}, headers=alice.headers).status_code == 200


# --- a personal access token cannot take the account over -----------------------------------


def test_a_personal_access_token_cannot_change_the_email(alice):
    token = personal_access_token(alice)
    response = alice.client.patch(
        ME, json={"email": "thief@example.com", "current_password": PASSWORD}, headers=bearer(token)
    )
    problem = assert_problem(response, 403, "login_required")
    assert problem["detail"].startswith("Personal access tokens cannot change the email or password; log in")
    assert alice.get(ME).get_json()["email"] == alice.email


def test_a_personal_access_token_cannot_change_the_password(client, alice):
    token = personal_access_token(alice)
    body = {"password": "the thief's own password", "current_password": PASSWORD}
    assert_problem(client.patch(ME, json=body, headers=bearer(token)), 403, "login_required")
    assert client.post(LOGIN, json={"email": alice.email, "password": PASSWORD}).status_code == 200


def test_a_personal_access_token_cannot_delete_the_account(client, alice):
    token = personal_access_token(alice)
    response = client.delete(ME, json={"password": PASSWORD}, headers=bearer(token))
    problem = assert_problem(response, 403, "login_required")
    assert problem["detail"].startswith("Personal access tokens cannot delete the account; log in")
    assert alice.get(ME).status_code == 200


def test_a_personal_access_token_is_refused_before_the_password_is_checked(limited, alice):
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="1/hour")
    token = personal_access_token(alice)
    for _ in range(3):  # no guess is made, so none counts
        body = {"email": "thief@example.com", "current_password": WRONG}
        assert_problem(client.patch(ME, json=body, headers=bearer(token)), 403, "login_required")
    assert change_email(client, alice, PASSWORD).status_code == 200


def test_a_personal_access_token_may_still_change_the_name_and_time_zone(client, alice):
    token = personal_access_token(alice)
    response = client.patch(ME, json={"name": "Alice Renamed", "timezone": "Europe/Berlin"}, headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json()["name"] == "Alice Renamed"


# --- a new password revokes the personal access tokens ----------------------------------------


def test_a_new_password_revokes_every_personal_access_token(client, alice):
    reader, writer = personal_access_token(alice, ["read"]), personal_access_token(alice)
    body = {"password": "a brand new passphrase", "current_password": PASSWORD}
    assert alice.patch(ME, json=body).status_code == 200
    for token in (reader, writer):
        assert_problem(client.get(CONTACTS, headers=bearer(token)), 401, "token_invalid")
    assert alice.get(TOKENS).get_json()["items"] == []
    assert alice.get(ME).status_code == 200  # the login that changed it goes on


def test_a_new_email_leaves_the_personal_access_tokens_working(client, alice):
    token = personal_access_token(alice)
    assert alice.patch(ME, json={"email": "alice.new@example.com", "current_password": PASSWORD}).status_code == 200
    assert client.get(CONTACTS, headers=bearer(token)).status_code == 200
