"""Device sessions: each login is a device I can see and log out, at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from service import opaque
from service.database import db
from service.models import LoginSession
from service.models.types import utcnow
from tests.conftest import PASSWORD
from tests.factories import LOGIN, LOGOUT, ME, REFRESH, SESSIONS


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def log_in(client, account, device_name: str | None = None, user_agent: str = "pytest") -> dict:
    """Log ``account`` in once more, as another device; its token pair."""
    body = {"email": account.email, "password": PASSWORD}
    if device_name is not None:
        body["device_name"] = device_name
    response = client.post(LOGIN, json=body, headers={"User-Agent": user_agent})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def sessions(client, access_token: str) -> list[dict]:
    response = client.get(SESSIONS, headers=bearer(access_token))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["next_cursor"] is None
    return response.get_json()["items"]


def works(client, access_token: str) -> bool:
    return client.get(ME, headers=bearer(access_token)).status_code == 200


def test_a_login_is_listed_under_the_device_name_it_gave(client, alice):
    phone = log_in(client, alice, device_name="Ana's iPhone")

    listed = sessions(client, phone["access_token"])

    mine = [session for session in listed if session["current"]]
    assert [session["device_name"] for session in mine] == ["Ana's iPhone"]
    assert set(mine[0]) == {"id", "device_name", "current", "created_at", "last_used_at", "expires_at"}


def test_without_a_name_the_user_agent_names_the_device(client, alice):
    script = log_in(client, alice, user_agent="curl/8.5.0")

    (current,) = [session for session in sessions(client, script["access_token"]) if session["current"]]
    assert current["device_name"] == "curl/8.5.0"


def test_a_long_user_agent_is_cut_to_200_characters(client, alice):
    browser = log_in(client, alice, user_agent="Mozilla/5.0 " + "x" * 400)

    (current,) = [session for session in sessions(client, browser["access_token"]) if session["current"]]
    assert len(current["device_name"]) == 200


@pytest.mark.parametrize("device_name", ["", "x" * 201])
def test_a_device_name_must_be_1_to_200_characters(client, alice, device_name):
    response = client.post(LOGIN, json={"email": alice.email, "password": PASSWORD, "device_name": device_name})

    assert response.status_code == 422
    assert "device_name" in response.get_json()["errors"]


def test_every_device_is_listed_newest_login_first_and_only_one_is_current(client, alice):
    log_in(client, alice, device_name="Laptop")
    tablet = log_in(client, alice, device_name="Tablet")

    listed = sessions(client, tablet["access_token"])

    assert [session["device_name"] for session in listed[:2]] == ["Tablet", "Laptop"]
    assert len(listed) == 3  # alice's own login comes first of all
    assert [session["current"] for session in listed] == [True, False, False]


def test_the_list_pages_with_a_cursor(client, alice):
    for name in ("One", "Two", "Three"):
        log_in(client, alice, device_name=name)

    first = client.get(SESSIONS, headers=alice.headers, query_string={"limit": 2}).get_json()
    rest = client.get(SESSIONS, headers=alice.headers, query_string={"limit": 2, "cursor": first["next_cursor"]})

    names = [session["device_name"] for session in first["items"] + rest.get_json()["items"]]
    assert names[:3] == ["Three", "Two", "One"] and len(names) == 4
    assert rest.get_json()["next_cursor"] is None


def test_the_list_answers_304_while_unchanged(client, alice):
    first = client.get(SESSIONS, headers=alice.headers)

    again = client.get(SESSIONS, headers={**alice.headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    log_in(client, alice, device_name="Another")
    assert client.get(SESSIONS, headers={**alice.headers, "If-None-Match": first.headers["ETag"]}).status_code == 200


def test_a_refresh_counts_as_using_the_device(app, client, alice):
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_used_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    before = sessions(client, alice.access_token)[0]["last_used_at"]

    pair = client.post(REFRESH, headers=bearer(alice.refresh_token)).get_json()

    assert sessions(client, pair["access_token"])[0]["last_used_at"] > before


def test_logging_a_device_out_stops_its_tokens_at_once_and_no_others(client, alice):
    lost_phone = log_in(client, alice, device_name="Lost phone")
    (phone,) = [session for session in sessions(client, lost_phone["access_token"]) if session["current"]]

    assert client.delete(f"{SESSIONS}/{phone['id']}", headers=alice.headers).status_code == 204

    assert not works(client, lost_phone["access_token"])
    assert client.post(REFRESH, headers=bearer(lost_phone["refresh_token"])).status_code == 401
    assert works(client, alice.access_token)
    assert phone["id"] not in {session["id"] for session in sessions(client, alice.access_token)}


def test_logging_out_this_device_by_id_works_like_logout(client, alice):
    (current,) = [session for session in sessions(client, alice.access_token) if session["current"]]

    assert client.delete(f"{SESSIONS}/{current['id']}", headers=alice.headers).status_code == 204

    assert not works(client, alice.access_token)


def test_logging_out_every_other_device_keeps_this_one(client, alice):
    others = [log_in(client, alice, device_name=name) for name in ("Laptop", "Tablet")]

    assert client.delete(SESSIONS, headers=alice.headers).status_code == 204

    assert works(client, alice.access_token)
    assert not any(works(client, other["access_token"]) for other in others)
    assert [session["current"] for session in sessions(client, alice.access_token)] == [True]


def test_someone_elses_session_is_a_404_and_stays_logged_in(client, alice, bob):
    (bobs,) = sessions(client, bob.access_token)

    response = client.delete(f"{SESSIONS}/{bobs['id']}", headers=alice.headers)

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert works(client, bob.access_token)
    assert bobs["id"] not in {session["id"] for session in sessions(client, alice.access_token)}


@pytest.mark.parametrize("session_id", ["8d87b069-c8d5-4638-9657-728fc0a8e796", "not-a-uuid", "x" * 300])
def test_an_unknown_session_is_a_404(client, alice, session_id):
    assert client.delete(f"{SESSIONS}/{session_id}", headers=alice.headers).status_code == 404


def test_a_session_logged_out_or_expired_is_not_listed_and_is_a_404(app, client, alice):
    gone = log_in(client, alice, device_name="Logged out")
    (logged_out,) = [session for session in sessions(client, gone["access_token"]) if session["current"]]
    client.post(LOGOUT, headers=bearer(gone["access_token"]))
    stale = log_in(client, alice, device_name="Expired")
    (expired,) = [session for session in sessions(client, stale["access_token"]) if session["current"]]
    with app.app_context():
        db.session.execute(
            update(LoginSession).where(LoginSession.id == expired["id"]).values(expires_at=utcnow() - timedelta(1))
        )
        db.session.commit()

    listed = {session["id"] for session in sessions(client, alice.access_token)}

    assert logged_out["id"] not in listed and expired["id"] not in listed
    assert client.delete(f"{SESSIONS}/{logged_out['id']}", headers=alice.headers).status_code == 404


@pytest.mark.parametrize("values", [["2026-11-26T09:30:00+00:00", 7], ["2026-11-26T09:30:00+00:00", "x" * 37]])
def test_a_cursor_with_the_wrong_kind_of_id_is_a_422(client, alice, values):
    cursor = opaque.encode(list(values))

    response = client.get(SESSIONS, headers=alice.headers, query_string={"cursor": cursor})

    assert response.status_code == 422
    assert "cursor" in response.get_json()["errors"]
