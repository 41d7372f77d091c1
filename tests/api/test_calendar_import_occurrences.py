"""Repeating invitations: an invitation to one occurrence sent without its series (Lotus Notes, Exchange)
is a meeting found again by its UID and RECURRENCE-ID, so its update and its cancellation reach it and
another occurrence of the same UID is another meeting; a series is its first occurrence that happens.

Realistic invitations come from ``tests/fixtures/calendar``; the user is registered as me@example.com.
"""

from __future__ import annotations

from tests.api.account_documents import export
from tests.factories import IMPORT, all_meetings, imported_meeting, meeting
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported
from tests.factories import invitation_file as fixture

LOTUS_UID = "8F3A1C55D2E4B7A9C1258A51004E7B20-Lotus_Notes_Generated"
OCCURRENCE = "2027-04-13T14:00:00Z"  # 16:00 CEST, the occurrence Lotus Notes invites me to


def another_occurrence(raw: bytes) -> bytes:
    """The same Lotus Notes invitation, to the occurrence two weeks later."""
    return raw.replace(b":20270413T", b":20270427T")


def test_an_invitation_to_one_occurrence_imports_as_that_meeting(me):
    report = imported(me, fixture("lotus-notes-one-occurrence"))

    assert counts(report) == (1, 0, 0, 0) and report["errors"] == []
    (event,) = report["events"]
    assert (event["uid"], event["recurrence_id"], event["action"]) == (LOTUS_UID, OCCURRENCE, "created")
    made = meeting(me, event["meeting_id"])
    assert (made["title"], made["starts_at"], made["duration_minutes"]) == (
        "Mentoring-Runde Data Engineering",
        OCCURRENCE,
        30,
    )


def test_importing_the_occurrence_again_updates_its_meeting(me):
    made = imported_meeting(me, fixture("lotus-notes-one-occurrence"))

    report = imported(me, fixture("lotus-notes-one-occurrence"))

    assert counts(report) == (0, 1, 0, 0)
    assert report["events"][0]["meeting_id"] == made["id"]
    assert len(all_meetings(me)) == 1


def test_the_cancellation_of_that_occurrence_cancels_its_meeting(me):
    made = imported_meeting(me, fixture("lotus-notes-one-occurrence"))

    report = imported(me, fixture("lotus-notes-one-occurrence-cancel"))

    assert counts(report) == (0, 0, 1, 0)
    assert report["events"][0]["meeting_id"] == made["id"]
    assert meeting(me, made["id"])["status"] == "cancelled"


def test_another_occurrence_of_the_same_invitation_is_another_meeting(me):
    first = imported_meeting(me, fixture("lotus-notes-one-occurrence"))

    second = imported_meeting(me, another_occurrence(fixture("lotus-notes-one-occurrence")))

    assert second["id"] != first["id"] and second["starts_at"] == "2027-04-27T14:00:00Z"
    assert second["contact_id"] == first["contact_id"]


def test_cancelling_one_occurrence_leaves_the_other_alone(me):
    first = imported_meeting(me, fixture("lotus-notes-one-occurrence"))
    second = imported_meeting(me, another_occurrence(fixture("lotus-notes-one-occurrence")))

    imported(me, another_occurrence(fixture("lotus-notes-one-occurrence-cancel")))

    assert (meeting(me, first["id"])["status"], meeting(me, second["id"])["status"]) == ("planned", "cancelled")


def test_the_cancellation_of_an_occurrence_i_do_not_have_says_why_it_was_skipped(me):
    report = imported(me, fixture("lotus-notes-one-occurrence-cancel"))

    assert counts(report) == (0, 0, 0, 1)
    (event,) = report["events"]
    assert event["reason"] == (
        "No meeting of yours was imported from this occurrence (2027-04-13 14:00 UTC) of a repeating invitation, "
        "so there was nothing to cancel."
    )
    assert all_meetings(me) == []


def test_a_series_whose_first_occurrence_was_deleted_is_the_next_occurrence(me):
    made = imported_meeting(me, fixture("outlook-series-first-occurrence-deleted"))

    # Not 6 April (in EXDATE) but two weeks later: 16:30 CEST on Tuesday 20 April 2027.
    assert (made["starts_at"], made["duration_minutes"], made["timezone"]) == (
        "2027-04-20T14:30:00Z",
        30,
        "Europe/Berlin",
    )
    assert made["title"] == "Mentoring: Jonas / Sam"


def test_occurrence_meetings_moved_to_another_account_are_still_found_by_their_cancellation(me, accounts):
    imported_meeting(me, fixture("lotus-notes-one-occurrence"))
    imported_meeting(me, another_occurrence(fixture("lotus-notes-one-occurrence")))
    moved = accounts.new()
    assert moved.post(IMPORT, json=export(me)).status_code == 201

    report = imported(moved, fixture("lotus-notes-one-occurrence-cancel"))

    assert counts(report) == (0, 0, 1, 0)
    assert sorted((m["starts_at"], m["status"]) for m in all_meetings(moved)) == [
        (OCCURRENCE, "cancelled"),
        ("2027-04-27T14:00:00Z", "planned"),
    ]
