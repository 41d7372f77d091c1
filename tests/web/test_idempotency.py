"""Idempotency-Key: a POST retried after a lost answer runs once."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select, update

from service.database import db
from service.models import Contact, IdempotencyKey
from service.models.types import utcnow
from tests.conftest import run_together
from tests.factories import CONTACTS, MEETINGS, event_for, link, meeting_body, new_contact

KEY = {"Idempotency-Key": "8b7f0c1e-2d4a-4c55-9d8e-3f1a2b3c4d5e"}


def contact_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Contact))


def test_a_retry_replays_the_first_answer_and_creates_nothing(app, alice):
    first = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)
    retry = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    assert first.status_code == retry.status_code == 201
    assert retry.get_json() == first.get_json()
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert contact_count(app) == 1


def test_the_same_key_with_another_body_is_a_422_and_creates_nothing(app, alice):
    alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    response = alice.post(CONTACTS, json={"name": "Someone Else"}, headers=KEY)

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "idempotency_key_reused"
    assert contact_count(app) == 1


def test_the_same_key_on_another_endpoint_is_a_422(alice):
    contact = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY).get_json()

    response = alice.post(MEETINGS, json=meeting_body(alice, contact["id"]), headers=KEY)

    assert response.status_code == 422


def test_keys_belong_to_one_user(app, alice, bob):
    mine = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)
    theirs = bob.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["id"] != mine.get_json()["id"]
    assert contact_count(app) == 2


def test_eight_identical_requests_at_once_create_one_row(app, alice):
    clients = [app.test_client() for _ in range(8)]

    responses = run_together(
        *[lambda c=c: c.post(CONTACTS, json={"name": "Priya Raman"}, headers={**alice.headers, **KEY}) for c in clients]
    )

    assert [r.status_code for r in responses] == [201] * 8
    assert len({r.get_json()["id"] for r in responses}) == 1
    assert sum("Idempotent-Replayed" in r.headers for r in responses) == 7
    assert contact_count(app) == 1


def test_a_failed_request_keeps_no_key_so_the_corrected_one_runs(app, alice):
    refused = alice.post(CONTACTS, json={"name": ""}, headers=KEY)
    assert refused.status_code == 422

    corrected = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    assert corrected.status_code == 201
    assert contact_count(app) == 1


def test_a_key_expires_after_24_hours(app, alice):
    alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)
    with app.app_context():
        db.session.execute(update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=24, seconds=1)))
        db.session.commit()

    again = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert contact_count(app) == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_without_a_key_every_post_runs(app, alice):
    alice.post(CONTACTS, json={"name": "Priya Raman"})
    alice.post(CONTACTS, json={"name": "Priya Raman"})

    assert contact_count(app) == 2


def test_a_file_uploaded_in_a_form_with_a_key_is_imported_once(app, alice):
    vcard = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nEMAIL:priya@example.org\r\nEND:VCARD\r\n"

    def upload(content: bytes):
        # Each encoding of the form draws a new boundary, as every HTTP client does.
        form = {"file": (io.BytesIO(content), "phone.vcf")}
        return alice.post(f"{CONTACTS}/import", data=form, content_type="multipart/form-data", headers=KEY)

    first, retry = upload(vcard), upload(vcard)
    other_file = upload(vcard.replace(b"Priya Raman", b"Someone Else"))

    assert first.status_code == retry.status_code == 200, first.get_json()
    assert first.get_json()["created"] == 1  # the key read the body, and the form still found its file
    assert retry.get_json() == first.get_json() and retry.headers["Idempotent-Replayed"] == "true"
    assert other_file.status_code == 422 and other_file.get_json()["code"] == "idempotency_key_reused"
    assert contact_count(app) == 1


def test_a_malformed_key_is_a_400(alice):
    response = alice.post(CONTACTS, json={"name": "Priya Raman"}, headers={"Idempotency-Key": "x" * 256})

    assert response.status_code == 400
    assert "Idempotency-Key" in response.get_json()["detail"]


def test_a_key_on_a_request_that_needs_a_login_without_one_is_a_401_and_keeps_nothing(app, client):
    response = client.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    assert response.status_code == 401
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_a_replay_carries_the_etag(alice):
    contact = new_contact(alice)
    first = alice.post(MEETINGS, json=meeting_body(alice, contact["id"]), headers=KEY)
    retry = alice.post(MEETINGS, json=meeting_body(alice, contact["id"]), headers=KEY)

    assert first.status_code == 201
    assert retry.headers.get("ETag") == first.headers.get("ETag")
    assert retry.get_json() == first.get_json()


def test_a_meeting_made_with_a_key_is_still_pushed_to_my_calendar(alice, caldav_calendar):
    link(alice, caldav_calendar)
    contact = new_contact(alice)

    meeting = alice.post(MEETINGS, json=meeting_body(alice, contact["id"]), headers=KEY).get_json()

    assert event_for(caldav_calendar, meeting) is not None


def test_the_purge_command_forgets_keys_older_than_24_hours(app, alice):
    alice.post(CONTACTS, json={"name": "Old"}, headers={"Idempotency-Key": "old"})
    alice.post(CONTACTS, json={"name": "New"}, headers={"Idempotency-Key": "new"})
    with app.app_context():
        db.session.execute(
            update(IdempotencyKey).where(IdempotencyKey.key == "old").values(created_at=utcnow() - timedelta(hours=25))
        )
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["idempotency", "purge"])

    assert result.exit_code == 0 and "purged 1 expired" in result.output
    with app.app_context():
        assert db.session.scalars(select(IdempotencyKey.key)).all() == ["new"]


def test_a_post_made_with_a_key_reaches_the_next_sync_once(alice):
    since = alice.get("/api/v1/sync?limit=500").get_json()["next_since"]

    alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)
    alice.post(CONTACTS, json={"name": "Priya Raman"}, headers=KEY)

    changes = alice.get("/api/v1/sync", query_string={"since": since}).get_json()["changes"]
    assert [contact["name"] for contact in changes["contacts"]] == ["Priya Raman"]
