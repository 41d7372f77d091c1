"""A meeting's status, from planned to completed: the changes that make sense, the ones that do not (a
409 that says why), and the thank-you follow-up that completing a meeting leaves owed.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import FAR_FUTURE, FOLLOW_UPS, MEETINGS, meeting_body, new_meeting
from tests.factories import all_meetings as list_all

PAST = "2026-01-10T09:00:00+01:00"  # 08:00 UTC, long gone


def item(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}"


def follow_ups_of(account, meeting: dict) -> list[dict]:
    # Picked from the whole list, so that these tests hold whatever the meeting_id filter does.
    everything = account.get(FOLLOW_UPS, query_string={"limit": 100}).get_json()["items"]
    return [f for f in everything if f["meeting_id"] == meeting["id"]]


# --- status rules ----------------------------------------------------------------------


ALLOWED = [
    ("planned", "confirmed"),
    ("planned", "completed"),
    ("planned", "cancelled"),
    ("planned", "no_show"),
    ("confirmed", "planned"),
    ("confirmed", "completed"),
    ("confirmed", "cancelled"),
    ("confirmed", "no_show"),
    ("cancelled", "planned"),
    ("cancelled", "confirmed"),
    ("no_show", "planned"),
    ("no_show", "confirmed"),
    ("no_show", "cancelled"),
    ("completed", "completed"),  # a retried PATCH
    ("cancelled", "cancelled"),
]


REFUSED = [
    ("cancelled", "completed", "did not take place"),
    ("cancelled", "no_show", "did not take place"),
    ("no_show", "completed", "missed"),
    ("completed", "planned", "final"),
    ("completed", "confirmed", "final"),
    ("completed", "cancelled", "final"),
    ("completed", "no_show", "final"),
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_status_changes(alice, old, new):
    meeting = new_meeting(alice, starts_at=PAST, status=old)
    response = alice.patch(item(meeting["id"]), json={"status": new})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == new


@pytest.mark.parametrize(("old", "new", "why"), REFUSED)
def test_status_changes_that_make_no_sense_are_a_409_that_says_why(alice, old, new, why):
    meeting = new_meeting(alice, starts_at=PAST, status=old)
    response = alice.patch(item(meeting["id"]), json={"status": new})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "invalid_status_change"
    assert why in problem["detail"]
    assert alice.get(item(meeting["id"])).get_json()["status"] == old


@pytest.mark.parametrize("status", ["completed", "no_show"])
def test_a_meeting_cannot_be_held_or_missed_before_it_starts(alice, status):
    created = alice.post(MEETINGS, json=meeting_body(alice, starts_at=FAR_FUTURE, status=status))
    meeting = new_meeting(alice, starts_at=FAR_FUTURE)
    patched = alice.patch(item(meeting["id"]), json={"status": status})
    for response in (created, patched):
        assert response.status_code == 409
        assert response.get_json()["code"] == "invalid_status_change"
        assert "before it starts" in response.get_json()["detail"]
    assert [m["status"] for m in list_all(alice)] == ["planned"]


def test_a_completed_meeting_cannot_be_moved_into_the_future(alice):
    meeting = new_meeting(alice, starts_at=PAST, status="completed")
    response = alice.patch(item(meeting["id"]), json={"starts_at": FAR_FUTURE})
    assert response.status_code == 409
    assert response.get_json()["code"] == "invalid_status_change"
    assert alice.get(item(meeting["id"])).get_json()["starts_at"] == "2026-01-10T08:00:00Z"


def test_completed_at_is_stamped_when_the_meeting_is_completed(alice):
    meeting = new_meeting(alice, starts_at=PAST)
    assert meeting["completed_at"] is None
    completed = alice.patch(item(meeting["id"]), json={"status": "completed"}).get_json()
    assert completed["completed_at"] is not None
    again = alice.patch(item(meeting["id"]), json={"status": "completed", "notes": "Added later"}).get_json()
    assert again["completed_at"] == completed["completed_at"]


# --- the thank-you follow-up -----------------------------------------------------------


def test_completing_a_meeting_owes_a_thank_you_due_a_day_after_it_ends(alice):
    meeting = new_meeting(alice, starts_at=PAST, duration_minutes=45)  # ends 08:45 UTC
    assert follow_ups_of(alice, meeting) == []

    alice.patch(item(meeting["id"]), json={"status": "completed"})

    [thank_you] = follow_ups_of(alice, meeting)
    assert thank_you["kind"] == "thank_you"
    assert thank_you["contact_id"] == meeting["contact_id"]
    assert thank_you["due_at"] == "2026-01-11T08:45:00Z"
    assert thank_you["done_at"] is None


def test_the_thank_you_counts_the_duration_sent_with_the_completion(alice):
    meeting = new_meeting(alice, starts_at=PAST, duration_minutes=30)
    alice.patch(item(meeting["id"]), json={"status": "completed", "duration_minutes": 90})
    [thank_you] = follow_ups_of(alice, meeting)
    assert thank_you["due_at"] == "2026-01-11T09:30:00Z"


def test_a_meeting_recorded_as_completed_owes_a_thank_you_too(alice):
    meeting = new_meeting(alice, starts_at=PAST, status="completed")
    assert meeting["completed_at"] is not None
    [thank_you] = follow_ups_of(alice, meeting)
    assert thank_you["kind"] == "thank_you" and thank_you["due_at"] == "2026-01-11T08:30:00Z"


def test_completing_again_does_not_owe_a_second_thank_you(alice):
    meeting = new_meeting(alice, starts_at=PAST, status="completed")
    for _ in range(3):
        assert alice.patch(item(meeting["id"]), json={"status": "completed"}).status_code == 200
    assert len(follow_ups_of(alice, meeting)) == 1


def test_two_completions_at_once_owe_one_thank_you(app, alice):
    for _ in range(5):
        meeting = new_meeting(alice, starts_at=PAST)
        complete = partial(
            app.test_client().patch, item(meeting["id"]), json={"status": "completed"}, headers=alice.headers
        )
        responses = run_together(complete, partial(complete))
        assert [r.status_code for r in responses] == [200, 200]
        assert len(follow_ups_of(alice, meeting)) == 1


@pytest.mark.parametrize("status", ["confirmed", "cancelled", "no_show"])
def test_other_statuses_owe_no_thank_you(alice, status):
    meeting = new_meeting(alice, starts_at=PAST)
    alice.patch(item(meeting["id"]), json={"status": status})
    assert follow_ups_of(alice, meeting) == []
