"""The migration that gives every saved email address its one form (fe31d655ded3).

Accounts saved before addresses were normalised may hold look-alike spellings. Each test migrates a
database of its own (see test_migrations.py) up to the revision before, saves accounts as that
schema held them (trimmed and lower-cased only), and migrates on.
"""

from __future__ import annotations

import flask_migrate
from sqlalchemy import text

from service.accounts.passwords import hash_password
from service.database import db
from tests.conftest import PASSWORD

BEFORE = "a7c3e9d10013"
EMAIL_REVISION = "fe31d655ded3"


def saved_before(*emails: str) -> list[int]:
    """Accounts as the schema before the migration held them; their ids, in order."""
    with db.engine.begin() as connection:
        for email in emails:
            connection.execute(
                text(
                    "INSERT INTO users (email, name, timezone, password_hash, created_at, updated_at) "
                    "VALUES (:email, 'A', 'UTC', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"email": email},
            )
        return list(connection.scalars(text("SELECT id FROM users ORDER BY id")))


def emails() -> dict[int, str]:
    with db.engine.connect() as connection:
        return dict(connection.execute(text("SELECT id, email FROM users")).all())


def test_look_alike_spellings_are_saved_in_their_one_form(migrating_app):
    flask_migrate.upgrade(revision=BEFORE)
    punycode, fullwidth, plain = saved_before("ana@xn--exmple-cua.com", "ｂｏ@example.org", "cy@example.net")

    flask_migrate.upgrade(revision=EMAIL_REVISION)

    assert emails() == {punycode: "ana@exämple.com", fullwidth: "bo@example.org", plain: "cy@example.net"}


def test_of_two_spellings_of_one_address_the_one_form_stays_where_it_is(migrating_app):
    flask_migrate.upgrade(revision=BEFORE)
    look_alike, normal = saved_before("ａｎａ@example.com", "ana@example.com")

    flask_migrate.upgrade(revision=EMAIL_REVISION)

    assert emails() == {look_alike: "ａｎａ@example.com", normal: "ana@example.com"}


def test_of_two_look_alike_spellings_the_oldest_account_takes_the_one_form(migrating_app):
    flask_migrate.upgrade(revision=BEFORE)
    older, newer = saved_before("ana@xn--exmple-cua.com", "ana@exa\u0308mple.com")

    flask_migrate.upgrade(revision=EMAIL_REVISION)

    assert emails() == {older: "ana@exämple.com", newer: "ana@exa\u0308mple.com"}


def test_an_address_email_validator_does_not_take_is_left_as_it_is(migrating_app):
    flask_migrate.upgrade(revision=BEFORE)
    (odd,) = saved_before("ana@localhost")

    flask_migrate.upgrade(revision=EMAIL_REVISION)

    assert emails() == {odd: "ana@localhost"}


def test_an_account_left_with_its_spelling_still_logs_in_by_it(migrating_app):
    flask_migrate.upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        for email in ("ana@example.com", "ａｎａ@example.com"):
            connection.execute(
                text(
                    "INSERT INTO users (email, name, timezone, password_hash, created_at, updated_at) "
                    "VALUES (:email, 'A', 'UTC', :hash, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"email": email, "hash": hash_password(PASSWORD)},
            )
    flask_migrate.upgrade()
    client = migrating_app.test_client()

    for email in ("ana@example.com", "ａｎａ@example.com"):
        response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.get_json()['access_token']}"})
        assert me.get_json()["email"] == email
