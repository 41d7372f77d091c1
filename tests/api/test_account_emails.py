"""A new password by email, and a verified address: links sent to a real SMTP server (aiosmtpd), read
back from the email, used through the API."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from service.database import db
from service.models import EmailToken
from service.models.types import utcnow
from tests.conftest import PASSWORD
from tests.factories import ME, assert_problem

RESET = "/api/v1/auth/password-reset"
CONFIRM = f"{RESET}/confirm"
VERIFY = "/api/v1/auth/verify-email"
NEW_PASSWORD = "a new horse battery staple"


@pytest.fixture
def mailing(make_app, mailbox):
    """An app that sends its email to the mailbox."""
    return make_app(SMTP_URL=mailbox.url, EMAIL_FROM="coffeechat <accounts@coffeechat.example>")


def link_token(message, screen: str) -> str:
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"https?://\S+{screen}\?token=(\S+)", text)
    assert found, text
    return found[1]


def test_a_reset_link_sets_a_new_password_and_ends_every_login(mailing, accounts, mailbox):
    account = accounts.new()
    client = mailing.test_client()

    asked = client.post(RESET, json={"email": account.email.upper()})

    assert asked.status_code == 202 and "on its way" in asked.get_json()["detail"]
    (message,) = mailbox.received
    assert message["To"] == account.email and message["From"] == "coffeechat <accounts@coffeechat.example>"
    assert message.get_body(("html",)) is not None
    token = link_token(message, "/app/reset-password")
    token_id = client.post("/api/v1/tokens", json={"name": "script", "scopes": ["read"]}, headers=account.headers)
    assert token_id.status_code == 201

    assert client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD}).status_code == 204

    assert client.get(ME, headers=account.headers).status_code == 401  # the old login ended
    assert client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": account.email, "password": NEW_PASSWORD}).status_code == 200
    # Single use.
    assert_problem(
        client.post(CONFIRM, json={"token": token, "password": "yet another one!"}), 422, "email_link_invalid"
    )


def test_an_unknown_address_gets_the_same_answer_and_no_email(mailing, mailbox):
    asked = mailing.test_client().post(RESET, json={"email": "nobody@example.com"})
    assert asked.status_code == 202 and "on its way" in asked.get_json()["detail"]
    assert mailbox.received == []


def test_a_reset_link_works_for_30_minutes(mailing, accounts, mailbox):
    account = accounts.new()
    client = mailing.test_client()
    client.post(RESET, json={"email": account.email})
    token = link_token(mailbox.received[0], "/app/reset-password")
    with mailing.app_context():  # half an hour on
        db.session.execute(update(EmailToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    assert_problem(client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD}), 422, "email_link_invalid")


def test_the_token_is_stored_only_as_a_hash(mailing, accounts, mailbox):
    account = accounts.new()
    mailing.test_client().post(RESET, json={"email": account.email})
    token = link_token(mailbox.received[0], "/app/reset-password")
    with mailing.app_context():
        stored = db.session.scalars(db.select(EmailToken)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_new_account_gets_a_link_that_verifies_its_address(mailing, mailbox):
    client = mailing.test_client()
    registered = client.post(
        "/api/v1/auth/register", json={"email": "vera@example.com", "password": PASSWORD, "name": "Vera"}
    )
    assert registered.status_code == 201 and registered.get_json()["email_verified"] is False
    token = link_token(mailbox.received[0], "/app/verify-email")

    assert client.post(VERIFY, json={"token": token}).status_code == 204

    login = client.post("/api/v1/auth/login", json={"email": "vera@example.com", "password": PASSWORD}).get_json()
    me = client.get(ME, headers={"Authorization": f"Bearer {login['access_token']}"}).get_json()
    assert me["email_verified"] is True


def test_a_changed_address_is_unverified_until_its_own_link_is_used(mailing, accounts, mailbox):
    account = accounts.new()
    client = mailing.test_client()
    changed = client.patch(
        ME, json={"email": "new.address@example.com", "current_password": PASSWORD}, headers=account.headers
    )
    assert changed.status_code == 200 and changed.get_json()["email_verified"] is False
    (message,) = mailbox.received
    assert message["To"] == "new.address@example.com"

    assert client.post(VERIFY, json={"token": link_token(message, "/app/verify-email")}).status_code == 204
    assert client.get(ME, headers=account.headers).get_json()["email_verified"] is True


def test_sending_a_new_verification_link(mailing, accounts, mailbox):
    account = accounts.new()
    client = mailing.test_client()
    sent = client.post(f"{ME}/verify-email", headers=account.headers)
    assert sent.status_code == 202 and len(mailbox.received) == 1
    client.post(VERIFY, json={"token": link_token(mailbox.received[0], "/app/verify-email")})
    assert_problem(client.post(f"{ME}/verify-email", headers=account.headers), 409, "email_verified")


def test_without_email_nothing_is_sent_and_the_api_says_why(alice, client):
    assert client.post(RESET, json={"email": alice.email}).status_code == 202
    assert_problem(alice.post(f"{ME}/verify-email"), 409, "email_unavailable")


def test_a_forged_link_is_a_422(client):
    assert_problem(client.post(VERIFY, json={"token": "forged"}), 422, "email_link_invalid")
    assert_problem(client.post(CONFIRM, json={"token": "forged", "password": NEW_PASSWORD}), 422, "email_link_invalid")
