"""Personal access tokens: one long-lived credential for a script, read-only or read-write."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from service.database import db
from service.models import AccessToken
from service.models.types import utcnow
from tests.factories import CONTACTS, TOKENS, created, new_contact


def make_token(account, scopes=("read", "write"), **body) -> dict:
    return created(account.post(TOKENS, json={"name": "backup script", "scopes": list(scopes), **body}))


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_new_token_is_shown_once_with_its_prefix(alice):
    response = alice.post(TOKENS, json={"name": "backup script", "scopes": ["read"]})

    assert response.status_code == 201
    body = response.get_json()
    assert body["token"].startswith("cc_pat_") and len(body["token"]) > 40
    assert body["hint"] == body["token"][:11]
    assert body["scopes"] == ["read"] and body["name"] == "backup script"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Location"].endswith(f"{TOKENS}/{body['id']}")
    shown_again = alice.get(response.headers["Location"]).get_json()
    assert "token" not in shown_again and shown_again["hint"] == body["hint"]


def test_only_a_hash_of_the_token_is_stored(app, alice):
    token = make_token(alice)["token"]

    with app.app_context():
        row = db.session.scalars(select(AccessToken)).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in [str(value) for value in row.__dict__.values()]


def test_the_list_shows_my_tokens_without_secrets(alice, bob):
    mine = make_token(alice)
    make_token(bob)

    listed = alice.get(TOKENS).get_json()["items"]

    assert [token["id"] for token in listed] == [mine["id"]]
    assert "token" not in listed[0] and "token_hash" not in listed[0]


def test_a_read_write_token_does_what_a_login_does(client, alice):
    token = make_token(alice)["token"]

    response = client.post(CONTACTS, json={"name": "Priya Raman"}, headers=bearer(token))

    assert response.status_code == 201
    assert [c["name"] for c in alice.get(CONTACTS).get_json()["items"]] == ["Priya Raman"]


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_a_read_only_token_reads_but_cannot_write(client, alice, method):
    contact = new_contact(alice, name="Priya Raman")
    token = make_token(alice, scopes=["read"])["token"]
    url = CONTACTS if method == "post" else f"{CONTACTS}/{contact['id']}"

    assert client.get(url if method != "post" else CONTACTS, headers=bearer(token)).status_code == 200
    response = getattr(client, method)(url, json={"name": "Changed"}, headers=bearer(token))

    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "insufficient_scope"
    assert 'scope="write"' in response.headers["WWW-Authenticate"]
    assert [c["name"] for c in alice.get(CONTACTS).get_json()["items"]] == ["Priya Raman"]


def test_using_a_token_records_when_it_was_last_used(client, alice):
    made = make_token(alice, scopes=["read"])
    assert made["last_used_at"] is None

    client.get(CONTACTS, headers=bearer(made["token"]))

    used = alice.get(f"{TOKENS}/{made['id']}").get_json()
    assert used["last_used_at"] is not None


def test_a_revoked_token_stops_working_at_once(client, alice):
    made = make_token(alice)
    assert client.get(CONTACTS, headers=bearer(made["token"])).status_code == 200

    assert alice.delete(f"{TOKENS}/{made['id']}").status_code == 204

    response = client.get(CONTACTS, headers=bearer(made["token"]))
    assert response.status_code == 401
    assert response.get_json()["code"] == "token_invalid"
    assert alice.get(f"{TOKENS}/{made['id']}").status_code == 404


def test_an_expired_token_is_refused(app, client, alice):
    made = make_token(alice, expires_in_days=1)
    assert made["expires_at"] is not None
    with app.app_context():
        db.session.execute(update(AccessToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    assert client.get(CONTACTS, headers=bearer(made["token"])).status_code == 401


def test_a_token_can_be_made_to_never_expire(alice):
    assert make_token(alice, expires_in_days=None)["expires_at"] is None


def test_tokens_expire_after_90_days_unless_told_otherwise(alice):
    made = make_token(alice)
    assert made["expires_at"][:10] == (utcnow() + timedelta(days=90)).date().isoformat()


@pytest.mark.parametrize("token", ["cc_pat_not-a-real-one", "cc_pat_"])
def test_an_unknown_token_is_a_401_problem(client, token):
    response = client.get(CONTACTS, headers=bearer(token))

    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert "POST /api/v1/tokens" in response.get_json()["detail"]


@pytest.mark.parametrize("scopes", [["write"], [], ["admin"], ["read", "admin"]])
def test_only_read_or_read_write_scopes_exist(alice, scopes):
    response = alice.post(TOKENS, json={"name": "x", "scopes": scopes})

    assert response.status_code == 422
    assert "scopes" in response.get_json()["errors"]


@pytest.mark.parametrize(
    "method, url, body",
    [
        ("post", TOKENS, {"name": "another", "scopes": ["read"]}),
        ("delete", "/api/v1/auth/sessions", None),
        ("post", "/api/v1/auth/logout", None),
    ],
)
def test_a_token_cannot_manage_logins_or_tokens(client, alice, method, url, body):
    token = make_token(alice)["token"]

    response = getattr(client, method)(url, json=body, headers=bearer(token))

    assert response.status_code == 403
    assert response.get_json()["code"] == "login_required"
    assert len(alice.get(TOKENS).get_json()["items"]) == 1


def test_a_token_cannot_revoke_tokens(client, alice):
    made = make_token(alice)

    response = client.delete(f"{TOKENS}/{made['id']}", headers=bearer(made["token"]))

    assert response.status_code == 403
    assert client.get(CONTACTS, headers=bearer(made["token"])).status_code == 200


def test_with_a_token_no_login_session_is_the_current_one(client, alice):
    token = make_token(alice, scopes=["read"])["token"]

    sessions = client.get("/api/v1/auth/sessions", headers=bearer(token)).get_json()["items"]

    assert len(sessions) == 1 and sessions[0]["current"] is False


def test_the_tokens_of_a_deleted_account_stop_working(client, alice):
    token = make_token(alice)["token"]

    assert alice.delete("/api/v1/me", json={"password": alice.password}).status_code == 204

    assert client.get(CONTACTS, headers=bearer(token)).status_code == 401
