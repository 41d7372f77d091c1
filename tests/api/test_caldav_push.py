"""Meetings pushed to a linked CalDAV calendar: a real Radicale server, read back with icalendar."""

from __future__ import annotations

import logging
from functools import partial

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from service.calendar.caldav_push import FIRST_BACK_OFF, SYNC_BATCH, back_off
from service.database import db
from service.encryption import decrypt
from service.models import CaldavLink
from tests.conftest import TEST_ENCRYPTION_KEY, run_together
from tests.factories import (
    CALDAV,
    CONTACTS,
    MEETINGS,
    event_for,
    link,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    put_link,
)


def status(account) -> dict:
    response = account.get(CALDAV)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- linking ------------------------------------------------------------------------------


def test_linking_checks_the_calendar_and_never_shows_the_password(alice, caldav_calendar):
    response = put_link(alice, caldav_calendar)

    assert response.status_code == 201
    body = response.get_json()
    assert body["url"] == caldav_calendar.url
    assert body["calendar_name"] == caldav_calendar.name
    assert body["pending"] == 0 and body["failures"] == [] and body["last_error"] is None
    assert "password" not in body
    assert caldav_calendar.server.password not in response.get_data(as_text=True)
    assert status(alice)["url"] == caldav_calendar.url


def test_the_password_is_stored_encrypted_with_the_configured_key(app, alice, caldav_calendar):
    link(alice, caldav_calendar)

    with app.app_context():
        stored = db.session.scalars(select(CaldavLink)).one().password_encrypted
        assert caldav_calendar.server.password not in stored
        assert Fernet(TEST_ENCRYPTION_KEY).decrypt(stored.encode()).decode() == caldav_calendar.server.password
        assert decrypt(stored) == caldav_calendar.server.password


def test_linking_again_changes_the_link(alice, caldav_calendar):
    link(alice, caldav_calendar)
    response = put_link(alice, caldav_calendar)

    assert response.status_code == 200


def test_a_wrong_password_is_a_422_on_password_and_links_nothing(alice, caldav_calendar):
    response = put_link(alice, caldav_calendar, password="wrong-password")

    assert response.status_code == 422
    problem = response.get_json()
    assert problem["code"] == "caldav_check_failed"
    assert "password" in problem["errors"]
    assert "wrong-password" not in response.get_data(as_text=True)
    assert alice.get(CALDAV).status_code == 404


def test_a_url_that_is_not_a_calendar_is_a_422_naming_the_calendars_there(alice, stoppable_radicale):
    # A server of its own: the message names a handful of calendars, not the session's hundreds.
    caldav_calendar = stoppable_radicale.make_calendar()
    server = caldav_calendar.server
    response = alice.client.put(
        CALDAV,
        json={"url": server.principal_url, "username": server.username, "password": server.password},
        headers=alice.headers,
    )

    assert response.status_code == 422
    assert "url" in response.get_json()["errors"]
    assert caldav_calendar.url in response.get_json()["detail"]


def test_a_server_on_a_private_address_is_refused_unless_allowed(make_app, accounts, caldav_calendar):
    guarded = make_app(CALDAV_ALLOW_PRIVATE_HOSTS=False)
    account = accounts.new()
    server = caldav_calendar.server
    response = guarded.test_client().put(
        CALDAV,
        json={"url": caldav_calendar.url, "username": server.username, "password": server.password},
        headers=account.headers,
    )

    assert response.status_code == 422
    assert "url" in response.get_json()["errors"]


def test_without_a_link_get_and_sync_are_404_and_unlink_is_harmless(alice):
    assert alice.get(CALDAV).status_code == 404
    assert alice.post(f"{CALDAV}/sync").status_code == 404
    assert alice.delete(CALDAV).status_code == 204


# --- pushing ------------------------------------------------------------------------------


def test_linking_pushes_the_meetings_i_already_have(alice, caldav_calendar):
    meeting = new_meeting(alice, title="Coffee with Priya")

    link(alice, caldav_calendar)

    event = event_for(caldav_calendar, meeting)
    assert str(event["SUMMARY"]) == "Coffee with Priya"
    assert status(alice)["pending"] == 0


def test_a_new_meeting_is_written_as_a_calendar_object_without_method(alice, caldav_calendar):
    link(alice, caldav_calendar)

    meeting = new_meeting(alice, title="Coffee with Priya", location="Monmouth Coffee")

    (document,) = caldav_calendar.events().values()
    assert "METHOD" not in document
    event = event_for(caldav_calendar, meeting)
    assert str(event["LOCATION"]) == "Monmouth Coffee"
    assert event["SEQUENCE"] == 0
    assert "ATTENDEE" not in event and "ORGANIZER" not in event


def test_a_change_rewrites_the_same_event_with_our_sequence(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)

    changed = alice.patch(f"{MEETINGS}/{meeting['id']}", json={"starts_at": "2099-06-02T10:00:00Z"}).get_json()

    assert len(caldav_calendar.events()) == 1
    event = event_for(caldav_calendar, meeting)
    assert event["SEQUENCE"] == changed["sequence"] == 1
    assert event.decoded("DTSTART").isoformat() == "2099-06-02T10:00:00+00:00"


def test_a_plan_change_reaches_the_pushed_description(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)

    plan_question(alice, meeting["id"], text="Who else should I talk to?")

    assert "Who else should I talk to?" in str(event_for(caldav_calendar, meeting)["DESCRIPTION"])


def test_a_cancelled_meeting_stays_in_the_calendar_as_cancelled(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"status": "cancelled"})

    assert str(event_for(caldav_calendar, meeting)["STATUS"]) == "CANCELLED"


def test_a_deleted_meeting_is_removed_from_the_calendar(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)
    assert event_for(caldav_calendar, meeting) is not None

    assert alice.delete(f"{MEETINGS}/{meeting['id']}").status_code == 204

    assert event_for(caldav_calendar, meeting) is None
    assert status(alice)["pending"] == 0


def test_deleting_a_contact_removes_their_meetings_from_the_calendar(alice, caldav_calendar):
    link(alice, caldav_calendar)
    contact = new_contact(alice)
    meetings = [new_meeting(alice, contact["id"]) for _ in range(2)]
    assert all(event_for(caldav_calendar, meeting) for meeting in meetings)

    assert alice.delete(f"{CONTACTS}/{contact['id']}").status_code == 204

    assert caldav_calendar.events() == {}


def test_an_event_changed_in_the_calendar_app_is_overwritten_by_the_next_change(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice, title="Coffee with Priya")
    (href,) = caldav_calendar.events()
    caldav_calendar.edit(href, caldav_calendar.get(href).data.replace(b"Coffee with Priya", b"Edited elsewhere"))

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"title": "Coffee and a walk with Priya"})

    assert str(event_for(caldav_calendar, meeting)["SUMMARY"]) == "Coffee and a walk with Priya"
    assert status(alice)["last_error"] is None


def test_an_event_deleted_in_the_calendar_app_comes_back_at_the_next_change(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)
    (href,) = caldav_calendar.events()
    caldav_calendar.remove(href)

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"location": "Prufrock Coffee"})

    assert str(event_for(caldav_calendar, meeting)["LOCATION"]) == "Prufrock Coffee"


def test_only_my_meetings_go_to_my_calendar(alice, bob, radicale_server):
    alices_calendar, bobs_calendar = radicale_server.make_calendar(), radicale_server.make_calendar()
    link(alice, alices_calendar)
    link(bob, bobs_calendar)

    alices, bobs = new_meeting(alice), new_meeting(bob)

    assert event_for(alices_calendar, alices) is not None and event_for(alices_calendar, bobs) is None
    assert event_for(bobs_calendar, bobs) is not None and event_for(bobs_calendar, alices) is None
    assert bob.get(CALDAV).get_json()["url"] == bobs_calendar.url


def test_linking_another_calendar_starts_it_afresh(alice, radicale_server):
    first, second = radicale_server.make_calendar(), radicale_server.make_calendar()
    link(alice, first)
    meeting = new_meeting(alice)

    link(alice, second)

    assert event_for(second, meeting) is not None
    assert event_for(first, meeting) is not None  # the old calendar keeps what it had


def test_after_unlinking_nothing_more_is_pushed(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)

    assert alice.delete(CALDAV).status_code == 204
    new_meeting(alice)
    alice.delete(f"{MEETINGS}/{meeting['id']}")

    assert alice.get(CALDAV).status_code == 404
    assert len(caldav_calendar.events()) == 1  # the pushed event stays, nothing new arrived


# --- failures and retries -----------------------------------------------------------------


@pytest.fixture
def outage(alice, stoppable_radicale):
    """Alice's calendar on a server of its own, linked, then the server stopped."""
    calendar = stoppable_radicale.make_calendar()
    link(alice, calendar)
    stoppable_radicale.stop()
    return calendar


def test_a_server_that_is_down_never_fails_the_request_and_is_recorded(alice, outage):
    response = alice.post(
        MEETINGS,
        json={"contact_id": new_contact(alice)["id"], "purpose": "informational", "starts_at": "2099-06-01T09:00:00Z"},
    )

    assert response.status_code == 201
    linked = status(alice)
    assert linked["pending"] == 1
    assert linked["last_error"]
    (failure,) = linked["failures"]
    assert failure["meeting_id"] == response.get_json()["id"]
    assert outage.server.password not in str(linked)


def test_after_a_failure_the_worker_leaves_the_server_alone_for_a_while(app, alice, outage):
    first = new_meeting(alice)  # tries, fails, and records it
    second = new_meeting(alice)

    linked = status(alice)
    assert linked["pending"] == 2
    assert [failure["meeting_id"] for failure in linked["failures"]] == [first["id"]]  # the second did not try

    outage.server.start()
    with app.app_context():  # the back-off over, the next change tries again
        link = db.session.scalars(select(CaldavLink)).one()
        link.last_sync_at -= FIRST_BACK_OFF
        db.session.commit()
    alice.patch(f"{MEETINGS}/{second['id']}", json={"location": "Prufrock Coffee"})
    assert status(alice)["pending"] == 0


def test_the_back_off_doubles_with_each_failure_in_a_row_up_to_an_hour():
    assert [back_off(failures).total_seconds() for failures in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert back_off(50).total_seconds() == 3600


def test_the_failures_in_a_row_are_counted_and_reset_by_a_push_that_works(app, alice, outage):
    new_meeting(alice)
    assert alice.post(f"{CALDAV}/sync").get_json()["failed"] == 1
    with app.app_context():
        assert db.session.scalars(select(CaldavLink)).one().failed_pushes == 2

    outage.server.start()
    assert alice.post(f"{CALDAV}/sync").get_json()["pending"] == 0
    with app.app_context():
        assert db.session.scalars(select(CaldavLink)).one().failed_pushes == 0


def test_the_sync_endpoint_retries_once_the_server_is_back(alice, outage):
    meeting = new_meeting(alice)
    outage.server.start()

    response = alice.post(f"{CALDAV}/sync")

    assert response.status_code == 200
    assert response.get_json() == {"pushed": 1, "deleted": 0, "failed": 0, "pending": 0}
    assert event_for(outage, meeting) is not None
    linked = status(alice)
    assert linked["last_error"] is None and linked["failures"] == [] and linked["last_sync_at"]


def test_the_sync_endpoint_reports_a_server_still_down(alice, outage):
    new_meeting(alice)

    body = alice.post(f"{CALDAV}/sync").get_json()

    assert body["failed"] == 1 and body["pending"] == 1


def test_the_cron_command_retries_every_linked_calendar(app, alice, outage):
    meeting = new_meeting(alice)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["caldav", "sync"]).exit_code == 1  # still down: cron sees a failure

    outage.server.start()
    result = runner.invoke(args=["caldav", "sync"])

    assert result.exit_code == 0, result.output
    assert "pushed 1" in result.output and "pending 0" in result.output
    assert event_for(outage, meeting) is not None


def test_a_meeting_deleted_while_the_server_was_down_is_removed_by_the_retry(alice, stoppable_radicale):
    calendar = stoppable_radicale.make_calendar()
    link(alice, calendar)
    meeting = new_meeting(alice)
    stoppable_radicale.stop()

    assert alice.delete(f"{MEETINGS}/{meeting['id']}").status_code == 204
    assert status(alice)["pending"] == 1

    stoppable_radicale.start()
    assert alice.post(f"{CALDAV}/sync").get_json()["deleted"] == 1
    assert event_for(calendar, meeting) is None


def test_a_password_no_key_can_decrypt_is_reported_not_raised(make_app, accounts, caldav_calendar):
    account = accounts.new()
    link(account, caldav_calendar)
    rotated = make_app(ENCRYPTION_KEYS=[Fernet.generate_key().decode()]).test_client()

    created = rotated.post(
        MEETINGS,
        json={
            "contact_id": new_contact(account)["id"],
            "purpose": "informational",
            "starts_at": "2099-06-01T09:00:00Z",
        },
        headers=account.headers,
    )

    assert created.status_code == 201
    assert "link the calendar again" in rotated.get(CALDAV, headers=account.headers).get_json()["last_error"]


def test_the_password_never_reaches_the_logs(alice, caldav_calendar, caplog):
    caplog.set_level(logging.DEBUG)
    link(alice, caldav_calendar)
    new_meeting(alice)
    put_link(alice, caldav_calendar, password="wrong-password")

    assert caldav_calendar.server.password not in caplog.text
    assert "wrong-password" not in caplog.text


def test_two_first_links_made_at_once_make_one_link(app, alice, caldav_calendar):
    server = caldav_calendar.server
    body = {"url": caldav_calendar.url, "username": server.username, "password": server.password}
    link_it = partial(app.test_client().put, CALDAV, json=body, headers=alice.headers)

    responses = run_together(link_it, link_it)

    assert sorted(response.status_code for response in responses) == [200, 201]
    assert status(alice)["url"] == caldav_calendar.url


def test_linking_pushes_every_meeting_batch_after_batch(alice, caldav_calendar):
    contact = new_contact(alice)
    meetings = [new_meeting(alice, contact["id"]) for _ in range(SYNC_BATCH + 2)]

    linked = link(alice, caldav_calendar)

    assert linked["pending"] == 0
    assert len(caldav_calendar.events()) == SYNC_BATCH + 2
    assert all(event_for(caldav_calendar, meeting) for meeting in meetings)


def test_a_goal_linked_later_reaches_the_pushed_description(alice, caldav_calendar):
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)
    goal = new_goal(alice, title="Decide whether data engineering fits")

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"goal_ids": [goal["id"]]})

    assert "- Decide whether data engineering fits" in str(event_for(caldav_calendar, meeting)["DESCRIPTION"])
    assert status(alice)["pending"] == 0
