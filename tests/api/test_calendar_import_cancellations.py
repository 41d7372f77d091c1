"""Importing a cancellation cancels the meeting and a newer invitation brings it back; a meeting held
(completed) is final, and a missed one moved by a new invitation is planned again.

Realistic invitations come from ``tests/fixtures/calendar``; the other cases are calendars built
with ``tests.factories.invite``. The user is registered as me@example.com, the invitee of every fixture.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import (
    GOOGLE_UID,
    MEETINGS,
    all_contacts,
    all_meetings,
    imported_meeting,
    invite,
    meeting,
)
from tests.factories import INVITATION_START as SOON
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported
from tests.factories import invitation_file as fixture

LONG_AGO = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


# --- cancellation ----------------------------------------------------------------------


def test_a_cancellation_cancels_the_meeting(me):
    made = imported_meeting(me, fixture("google-request"))

    report = imported(me, fixture("google-cancel"))

    assert counts(report) == (0, 0, 1, 0)
    assert report["events"] == [
        {"uid": GOOGLE_UID, "recurrence_id": None, "action": "cancelled", "meeting_id": made["id"], "reason": None}
    ]
    assert meeting(me, made["id"])["status"] == "cancelled"
    assert len(all_meetings(me)) == 1


def test_an_event_with_status_cancelled_cancels_whatever_the_method(me):
    made = imported_meeting(me, invite())
    report = imported(me, invite(method="PUBLISH", sequence=1, status="CANCELLED"))
    assert counts(report) == (0, 0, 1, 0)
    assert meeting(me, made["id"])["status"] == "cancelled"


def test_a_cancellation_for_an_unknown_invitation_is_skipped_and_creates_nothing(me):
    report = imported(me, fixture("google-cancel"))

    assert counts(report) == (0, 0, 0, 1)
    (event,) = report["events"]
    assert (event["uid"], event["action"], event["meeting_id"]) == (GOOGLE_UID, "skipped", None)
    assert all_meetings(me) == [] and all_contacts(me) == []


def test_a_cancellation_for_an_unknown_invitation_says_why_it_was_skipped(me):
    (event,) = imported(me, fixture("google-cancel"))["events"]

    assert event["reason"] == ("No meeting of yours was imported from this invitation, so there was nothing to cancel.")


def test_a_cancellation_of_a_meeting_already_cancelled_says_so(me):
    imported_meeting(me, fixture("google-request"))
    imported(me, fixture("google-cancel"))

    (event,) = imported(me, fixture("google-cancel"))["events"]

    assert (event["action"], event["reason"]) == ("skipped", "The meeting is already cancelled.")


def test_a_cancellation_older_than_the_meeting_is_skipped(me):
    made = imported_meeting(me, invite(sequence=3, status="CONFIRMED"))
    report = imported(me, invite(method="CANCEL", sequence=2))
    assert counts(report) == (0, 0, 0, 1)
    assert meeting(me, made["id"])["status"] == "confirmed"


def test_a_new_invitation_after_a_cancellation_brings_the_meeting_back(me):
    made = imported_meeting(me, invite(sequence=0))
    imported(me, invite(method="CANCEL", sequence=1))
    assert meeting(me, made["id"])["status"] == "cancelled"

    report = imported(me, invite(sequence=2, status="CONFIRMED", start=SOON + timedelta(days=2)))

    assert counts(report) == (0, 1, 0, 0)
    back = meeting(me, made["id"])
    assert back["status"] == "confirmed" and back["starts_at"] == "2099-06-03T09:30:00Z"


def test_a_new_invitation_without_a_status_brings_a_cancelled_meeting_back_as_planned(me):
    made = imported_meeting(me, invite(sequence=0, status="CONFIRMED"))
    imported(me, invite(method="CANCEL", sequence=1))
    imported(me, invite(sequence=2))
    assert meeting(me, made["id"])["status"] == "planned"


def test_importing_the_same_invitation_again_does_not_undo_a_cancellation_made_here(me):
    made = imported_meeting(me, invite(sequence=0, status="CONFIRMED"))
    assert me.patch(f"{MEETINGS}/{made['id']}", json={"status": "cancelled"}).status_code == 200

    report = imported(me, invite(sequence=0, status="CONFIRMED"))

    assert counts(report) == (0, 1, 0, 0)
    assert meeting(me, made["id"])["status"] == "cancelled"


def test_the_old_invitation_imported_after_its_cancellation_is_skipped(me):
    made = imported_meeting(me, fixture("google-request"))
    imported(me, fixture("google-cancel"))

    report = imported(me, fixture("google-request-updated"))

    assert counts(report) == (0, 0, 0, 1)
    assert meeting(me, made["id"])["status"] == "cancelled"


# --- a completed meeting is final ------------------------------------------------------


@pytest.fixture
def completed(me) -> dict:
    """A meeting imported from an invitation, held and marked completed."""
    made = imported_meeting(me, invite(start=LONG_AGO))
    response = me.patch(f"{MEETINGS}/{made['id']}", json={"status": "completed"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_later_update_of_the_invitation_leaves_a_completed_meeting_alone(me, completed):
    report = imported(me, invite(start=LONG_AGO + timedelta(hours=3), sequence=1, summary="Moved"))

    assert counts(report) == (0, 0, 0, 1)
    assert report["events"][0] == {
        "uid": "chat-1@example.org",
        "recurrence_id": None,
        "action": "skipped",
        "meeting_id": completed["id"],
        "reason": "The meeting was held (completed): an invitation no longer changes it.",
    }
    assert meeting(me, completed["id"]) == completed


def test_a_cancellation_leaves_a_completed_meeting_alone(me, completed):
    report = imported(me, invite(method="CANCEL", start=LONG_AGO, sequence=1))
    assert counts(report) == (0, 0, 0, 1)
    assert meeting(me, completed["id"])["status"] == "completed"


def test_a_missed_meeting_moved_by_a_new_invitation_is_planned_again(me):
    made = imported_meeting(me, invite(start=LONG_AGO))
    assert me.patch(f"{MEETINGS}/{made['id']}", json={"status": "no_show"}).status_code == 200

    report = imported(me, invite(sequence=1))

    assert counts(report) == (0, 1, 0, 0)
    moved = meeting(me, made["id"])
    assert moved["starts_at"] == "2099-06-01T09:30:00Z"
    assert moved["status"] == "planned"  # a missed meeting in the future makes no sense


def test_a_missed_meeting_stays_missed_when_its_invitation_is_imported_again(me):
    made = imported_meeting(me, invite(start=LONG_AGO))
    assert me.patch(f"{MEETINGS}/{made['id']}", json={"status": "no_show"}).status_code == 200

    imported(me, invite(start=LONG_AGO))

    assert meeting(me, made["id"])["status"] == "no_show"
