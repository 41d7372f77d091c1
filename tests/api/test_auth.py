"""Accounts and tokens: registration, login, refresh rotation, logout, my account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from service.database import db
from service.models import LoginSession
from service.models.types import utcnow
from tests.conftest import PASSWORD, run_together
from tests.factories import LOGIN, LOGOUT, ME, REFRESH, REGISTER


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- registration ---------------------------------------------------------------------


def test_register_returns_the_new_user_without_secrets(client):
    response = client.post(
        REGISTER,
        json={"email": "Ana@Example.com", "password": PASSWORD, "name": "Ana Lima", "timezone": "Europe/Lisbon"},
    )
    assert response.status_code == 201
    user = response.get_json()
    assert user["email"] == "ana@example.com"
    assert user["name"] == "Ana Lima"
    assert user["timezone"] == "Europe/Lisbon"
    assert "password" not in user and "password_hash" not in user
    assert response.headers["Location"].endswith("/api/v1/me")


def test_register_defaults_the_timezone_to_utc(client):
    response = client.post(REGISTER, json={"email": "a@example.com", "password": PASSWORD, "name": "A"})
    assert response.get_json()["timezone"] == "UTC"


def test_register_rejects_an_email_taken_in_any_case(client, accounts):
    accounts.register(email="dup@example.com")
    response = client.post(REGISTER, json={"email": "DUP@example.COM", "password": PASSWORD, "name": "X"})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "email_taken"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "short"}, "password"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
    ],
)
def test_register_validates_each_field(client, change, field):
    body = {"email": "v@example.com", "password": PASSWORD, "name": "V", **change}
    response = client.post(REGISTER, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


# --- login ----------------------------------------------------------------------------


def test_login_returns_a_bearer_token_pair(client, accounts):
    user = accounts.register(email="login@example.com")
    response = client.post(LOGIN, json={"email": "LOGIN@example.com", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert response.headers["Cache-Control"] == "no-store"
    me = client.get(ME, headers=bearer(body["access_token"]))
    assert me.get_json()["id"] == user["id"]


def test_login_answers_unknown_email_and_wrong_password_alike(client, accounts):
    accounts.register(email="known@example.com")
    wrong_password = client.post(LOGIN, json={"email": "known@example.com", "password": "wrong password!"})
    unknown_email = client.post(LOGIN, json={"email": "nobody@example.com", "password": PASSWORD})
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.get_json() == unknown_email.get_json()
    assert wrong_password.headers["WWW-Authenticate"].startswith("Bearer")


# --- refresh --------------------------------------------------------------------------


def test_refresh_returns_a_new_pair_and_the_new_tokens_work(client, alice):
    response = client.post(REFRESH, headers=bearer(alice.refresh_token))
    assert response.status_code == 200
    pair = response.get_json()
    assert pair["refresh_token"] != alice.refresh_token
    assert client.get(ME, headers=bearer(pair["access_token"])).status_code == 200
    assert client.post(REFRESH, headers=bearer(pair["refresh_token"])).status_code == 200


def test_refresh_retried_within_the_grace_window_returns_a_working_pair(client, alice):
    first = client.post(REFRESH, headers=bearer(alice.refresh_token))
    retry = client.post(REFRESH, headers=bearer(alice.refresh_token))  # the response was "lost"
    assert first.status_code == retry.status_code == 200
    assert client.post(REFRESH, headers=bearer(retry.get_json()["refresh_token"])).status_code == 200


def _age_last_rotation(app, seconds: int) -> None:
    with app.app_context():
        db.session.execute(update(LoginSession).values(rotated_at=utcnow() - timedelta(seconds=seconds)))
        db.session.commit()


def test_reusing_a_rotated_refresh_token_ends_the_whole_login(app, client, alice):
    newer = client.post(REFRESH, headers=bearer(alice.refresh_token)).get_json()
    _age_last_rotation(app, 60)  # past the grace window

    reuse = client.post(REFRESH, headers=bearer(alice.refresh_token))

    assert reuse.status_code == 401
    assert reuse.get_json()["code"] == "refresh_token_reused"
    assert client.post(REFRESH, headers=bearer(newer["refresh_token"])).status_code == 401
    assert client.get(ME, headers=bearer(newer["access_token"])).status_code == 401


def test_reuse_revokes_only_that_login(app, client, accounts):
    accounts.register(email="two@example.com")
    phone = accounts.login("two@example.com")
    laptop = accounts.login("two@example.com")
    client.post(REFRESH, headers=bearer(phone["refresh_token"]))
    _age_last_rotation(app, 60)
    client.post(REFRESH, headers=bearer(phone["refresh_token"]))
    assert client.get(ME, headers=bearer(laptop["access_token"])).status_code == 200


def test_simultaneous_refreshes_with_one_token_both_succeed_without_ending_the_login(app, alice):
    def refresh() -> int:
        return app.test_client().post(REFRESH, headers=bearer(alice.refresh_token)).status_code

    assert run_together(refresh, refresh) == [200, 200]
    with app.app_context():
        session = db.session.scalars(select(LoginSession)).one()
        assert session.revoked_at is None


def test_refresh_rejects_an_access_token(client, alice):
    response = client.post(REFRESH, headers=bearer(alice.access_token))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


# --- logout ---------------------------------------------------------------------------


def test_logout_stops_the_access_and_refresh_token_at_once(client, alice):
    assert alice.post(LOGOUT).status_code == 204
    assert alice.get(ME).status_code == 401
    assert alice.get(ME).get_json()["code"] == "token_revoked"
    assert client.post(REFRESH, headers=bearer(alice.refresh_token)).status_code == 401


def test_logout_leaves_other_logins_of_the_same_account_alone(client, accounts):
    accounts.register(email="multi@example.com")
    phone = accounts.login("multi@example.com")
    laptop = accounts.login("multi@example.com")
    client.post(LOGOUT, headers=bearer(phone["access_token"]))
    assert client.get(ME, headers=bearer(laptop["access_token"])).status_code == 200


def test_purge_command_forgets_expired_sessions(app, alice):
    with app.app_context():
        db.session.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["auth", "purge-sessions"])
    assert "purged 1 expired login sessions" in result.output
    with app.app_context():
        assert db.session.scalars(select(LoginSession)).all() == []


# --- my account -----------------------------------------------------------------------


def test_me_returns_my_account_with_an_etag(alice):
    response = alice.get(ME)
    assert response.status_code == 200
    assert response.get_json()["email"] == alice.email
    assert alice.get(ME, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_patch_me_changes_name_and_timezone(alice):
    response = alice.patch(ME, json={"name": "Alice Renamed", "timezone": "America/Toronto"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Alice Renamed"
    assert alice.get(ME).get_json()["timezone"] == "America/Toronto"


def test_changing_email_needs_the_current_password(alice):
    missing = alice.patch(ME, json={"email": "new@example.com"})
    wrong = alice.patch(ME, json={"email": "new@example.com", "current_password": "not my password"})
    assert missing.status_code == 422 and "current_password" in missing.get_json()["errors"]
    assert wrong.status_code == 403
    assert alice.get(ME).get_json()["email"] == alice.email


def test_changing_email_to_a_taken_one_is_a_conflict(alice, bob):
    response = alice.patch(ME, json={"email": bob.email.upper(), "current_password": PASSWORD})
    assert response.status_code == 409


def test_changing_password_ends_other_logins_and_keeps_this_one(client, accounts, alice):
    other_device = accounts.login(alice.email)
    new_password = "a brand new passphrase"
    response = alice.patch(ME, json={"password": new_password, "current_password": PASSWORD})
    assert response.status_code == 200
    assert alice.get(ME).status_code == 200
    assert client.get(ME, headers=bearer(other_device["access_token"])).status_code == 401
    assert client.post(LOGIN, json={"email": alice.email, "password": PASSWORD}).status_code == 401
    assert client.post(LOGIN, json={"email": alice.email, "password": new_password}).status_code == 200


def test_delete_me_needs_the_password(alice):
    response = alice.delete(ME, json={"password": "not my password"})
    assert response.status_code == 403
    assert alice.get(ME).status_code == 200


def test_delete_me_removes_the_account_and_everything_it_owns(client, alice, bob):
    alice.post("/api/v1/contacts", json={"name": "Someone"})
    bob.post("/api/v1/contacts", json={"name": "Bob's contact"})

    assert alice.delete(ME, json={"password": PASSWORD}).status_code == 204

    assert client.post(LOGIN, json={"email": alice.email, "password": PASSWORD}).status_code == 401
    assert alice.get("/api/v1/contacts").status_code == 401
    assert len(bob.get("/api/v1/contacts").get_json()["items"]) == 1
    assert client.post(REGISTER, json={"email": alice.email, "password": PASSWORD, "name": "A"}).status_code == 201


def test_the_bearer_scheme_is_case_insensitive(client, alice):
    assert client.get(ME, headers={"Authorization": f"bearer {alice.access_token}"}).status_code == 200


def test_simultaneous_registrations_of_one_email_create_one_account(app):
    def register() -> int:
        body = {"email": "race@example.com", "password": PASSWORD, "name": "Racer"}
        return app.test_client().post(REGISTER, json=body).status_code

    assert sorted(run_together(*[register] * 8)) == [201] + [409] * 7


def test_email_is_trimmed_and_lower_cased_on_register_and_login(client):
    response = client.post(REGISTER, json={"email": " Ana@Example.COM ", "password": PASSWORD, "name": "Ana"})
    assert response.status_code == 201
    assert response.get_json()["email"] == "ana@example.com"
    assert client.post(LOGIN, json={"email": "ANA@example.com ", "password": PASSWORD}).status_code == 200
