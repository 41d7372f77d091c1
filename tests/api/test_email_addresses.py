"""One mailbox, one account: look-alike spellings of an email address are the same address.

An account's address is kept in one written form (``service.accounts.emails``): Unicode NFKC folds
fullwidth letters, IDNA reads a domain in Unicode and in punycode alike, and the whole address is
lower-cased. Register, a change of email, login and the per-email rate limits all see that form.
"""

from __future__ import annotations

import pytest

from service.accounts.emails import normalize_email
from service.config import RATE_LIMITS
from tests.conftest import PASSWORD
from tests.factories import LOGIN, ME, REGISTER, assert_problem

# Pairs of spellings of one address: the first as most people type it, the second as a look-alike.
LOOK_ALIKES = {
    "punycode domain": ("ana@exämple.com", "ana@xn--exmple-cua.com"),
    "fullwidth letters": ("ana@example.com", "ａｎａ@ｅｘａｍｐｌｅ.ｃｏｍ"),
    "fullwidth at sign": ("ana@example.com", "ana＠example.com"),
    "decomposed accent": ("josé@example.com", "jose\u0301@example.com"),
    "capitals in an accented domain": ("ana@exämple.com", "ANA@EXÄMPLE.COM"),
    "mathematical letters": ("ana@example.com", "\U0001d51e\U0001d52b\U0001d51e@example.com"),
}


def register(client, email: str):
    return client.post(REGISTER, json={"email": email, "password": PASSWORD, "name": "Ana"})


@pytest.mark.parametrize(("typed", "look_alike"), LOOK_ALIKES.values(), ids=LOOK_ALIKES)
def test_a_look_alike_of_a_registered_address_is_taken(client, typed, look_alike):
    assert register(client, typed).status_code == 201
    assert_problem(register(client, look_alike), 409, "email_taken")


@pytest.mark.parametrize(("typed", "look_alike"), LOOK_ALIKES.values(), ids=LOOK_ALIKES)
def test_a_look_alike_of_a_registered_address_logs_in_to_that_account(client, typed, look_alike):
    account = register(client, typed).get_json()
    response = client.post(LOGIN, json={"email": look_alike, "password": PASSWORD})
    assert response.status_code == 200
    me = client.get(ME, headers={"Authorization": f"Bearer {response.get_json()['access_token']}"}).get_json()
    assert me["id"] == account["id"]


@pytest.mark.parametrize(("typed", "look_alike"), LOOK_ALIKES.values(), ids=LOOK_ALIKES)
def test_an_email_change_to_a_look_alike_of_anothers_address_is_a_conflict(client, alice, typed, look_alike):
    assert register(client, typed).status_code == 201
    response = alice.patch(ME, json={"email": look_alike, "current_password": PASSWORD})
    assert_problem(response, 409, "email_taken")
    assert alice.get(ME).get_json()["email"] == alice.email


def test_an_address_is_kept_and_shown_in_its_one_form(client):
    response = register(client, "  ＡＮＡ@XN--EXMPLE-CUA.com ")
    assert response.status_code == 201
    assert response.get_json()["email"] == "ana@exämple.com"


def test_an_email_change_keeps_the_new_address_in_its_one_form(alice):
    response = alice.patch(ME, json={"email": "Alice@Ｅxample.ORG", "current_password": PASSWORD})
    assert response.status_code == 200
    assert response.get_json()["email"] == "alice@example.org"


@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("not-an-email", "must have an @-sign"),
        ("ana@localhost", "should have a period"),
        ("ana@exa mple.com", "invalid characters"),
        ("a" * 250 + "@example.com", "too long"),
    ],
)
def test_an_address_mail_cannot_reach_is_refused_with_the_reason(client, email, says):
    problem = assert_problem(register(client, email), 422)
    assert says in problem["errors"]["email"][0]


def test_failed_logins_count_against_every_spelling_of_an_address(make_app, client):
    register(client, "ana@exämple.com")
    limited = make_app(
        RATELIMIT_ENABLED=True, **{**{name: "1000/hour" for name in RATE_LIMITS}, "RATELIMIT_LOGIN_PER_EMAIL": "2/hour"}
    ).test_client()
    for spelling in ("ana@xn--exmple-cua.com", "ANA@EXÄMPLE.COM"):
        assert limited.post(LOGIN, json={"email": spelling, "password": "wrong password!"}).status_code == 401
    assert_problem(limited.post(LOGIN, json={"email": "ana@exämple.com", "password": PASSWORD}), 429, "rate_limited")


@pytest.mark.parametrize("address", [pair[1] for pair in LOOK_ALIKES.values()])
def test_the_one_form_of_an_address_is_its_own_one_form(address):
    assert normalize_email(normalize_email(address)) == normalize_email(address)
