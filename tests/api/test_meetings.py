"""Meetings: the coffee chats themselves; making, reading, changing and deleting them, and the goals
they serve. (Their status: test_meeting_status.py; the list: test_meeting_lists.py.)
"""

from __future__ import annotations

import pytest

from tests.factories import CONTACTS, FAR_FUTURE, MEETINGS, meeting_body, new_contact, new_goal, new_meeting
from tests.factories import all_meetings as list_all

FULL_MEETING = {
    "title": "Coffee with Priya",
    "purpose": "job_search",
    "duration_minutes": 45,
    "timezone": "Europe/London",
    "location": "Monmouth Coffee, Borough Market",
    "video_url": "https://meet.example.com/abc-defg-hij",
    "status": "confirmed",
    "agenda": "15 min on her move into data science; 10 on the team.",
    "notes": "She mentioned a Thursday reading group.",
    "debrief": "Research-heavy culture; fits.",
    "two_way": True,
}


def item(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}"


# --- create and read -------------------------------------------------------------------


def test_create_stores_every_field_and_answers_with_location(alice):
    priya = new_contact(alice)
    response = alice.post(MEETINGS, json={"contact_id": priya["id"], "starts_at": FAR_FUTURE, **FULL_MEETING})
    assert response.status_code == 201
    meeting = response.get_json()
    assert {k: meeting[k] for k in FULL_MEETING} == FULL_MEETING
    assert meeting["contact_id"] == priya["id"]
    assert response.headers["Location"] == item(meeting["id"])
    assert alice.get(response.headers["Location"]).get_json() == meeting


def test_starts_at_is_given_with_an_offset_and_sent_back_in_utc(alice):
    assert new_meeting(alice, starts_at="2099-06-01T09:30:00+02:00")["starts_at"] == "2099-06-01T07:30:00Z"


def test_a_new_meeting_has_sensible_defaults(accounts):
    carol = accounts.new(name="Carol", timezone="America/Chicago")
    meeting = new_meeting(carol, contact_id=new_contact(carol, name="Priya Raman")["id"])
    assert meeting["title"] == "Coffee chat with Priya Raman"
    assert meeting["duration_minutes"] == 30
    assert meeting["timezone"] == "America/Chicago"
    assert meeting["status"] == "planned"
    assert meeting["two_way"] is False
    assert meeting["goal_ids"] == []
    assert meeting["completed_at"] is None
    assert all(meeting[k] is None for k in ("location", "video_url", "agenda", "notes", "debrief"))


@pytest.mark.parametrize("minutes", [5, 480])
def test_durations_from_5_minutes_to_8_hours_are_accepted(alice, minutes):
    assert new_meeting(alice, duration_minutes=minutes)["duration_minutes"] == minutes


@pytest.mark.parametrize(
    ("fields", "invalid"),
    [
        ({"starts_at": "2099-06-01T09:30:00"}, "starts_at"),  # naive: no offset
        ({"starts_at": "next tuesday"}, "starts_at"),
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"duration_minutes": "30"}, "duration_minutes"),
        ({"purpose": "networking"}, "purpose"),
        ({"status": "done"}, "status"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"title": None}, "title"),
        ({"title": "   "}, "title"),
        ({"video_url": "ftp://meet.example.com/x"}, "video_url"),
        ({"goal_ids": ["4"]}, "goal_ids"),
        ({"completed_at": "2026-01-10T09:00:00Z"}, "completed_at"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_invalid_fields_are_rejected_and_nothing_is_created(alice, fields, invalid):
    response = alice.post(MEETINGS, json=meeting_body(alice, **fields))
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert list_all(alice) == []


def test_contact_purpose_and_start_are_required(alice):
    response = alice.post(MEETINGS, json={"title": "Coffee"})
    assert response.status_code == 422
    assert {"contact_id", "purpose", "starts_at"} <= set(response.get_json()["errors"])


# --- goals -----------------------------------------------------------------------------


def test_goal_ids_link_my_goals_once_each(alice):
    first, second = new_goal(alice, title="First"), new_goal(alice, title="Second")
    meeting = new_meeting(alice, goal_ids=[second["id"], first["id"], second["id"]])
    assert sorted(meeting["goal_ids"]) == sorted([first["id"], second["id"]])
    assert sorted(alice.get(item(meeting["id"])).get_json()["goal_ids"]) == sorted([first["id"], second["id"]])


def test_patching_goal_ids_replaces_the_linked_goals(alice):
    first, second = new_goal(alice, title="First"), new_goal(alice, title="Second")
    meeting = new_meeting(alice, goal_ids=[first["id"]])
    assert alice.patch(item(meeting["id"]), json={"goal_ids": [second["id"]]}).get_json()["goal_ids"] == [second["id"]]
    assert alice.patch(item(meeting["id"]), json={"goal_ids": []}).get_json()["goal_ids"] == []


# --- update ----------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(alice):
    meeting = new_meeting(alice, **FULL_MEETING)
    sent = {"location": "Online", "duration_minutes": 60}
    response = alice.patch(item(meeting["id"]), json=sent)
    assert response.status_code == 200
    changed = response.get_json()
    assert {k: changed[k] for k in FULL_MEETING} == {**FULL_MEETING, **sent}
    assert changed["starts_at"] == meeting["starts_at"] and changed["contact_id"] == meeting["contact_id"]


def test_patch_with_null_clears_a_nullable_field_but_not_the_title(alice):
    meeting = new_meeting(alice, location="Somewhere", title="Coffee")
    assert alice.patch(item(meeting["id"]), json={"location": None}).get_json()["location"] is None
    response = alice.patch(item(meeting["id"]), json={"title": None})
    assert response.status_code == 422
    assert "title" in response.get_json()["errors"]
    assert alice.get(item(meeting["id"])).get_json()["title"] == "Coffee"


def test_patch_cannot_set_the_id_or_completed_at(alice):
    meeting = new_meeting(alice)
    response = alice.patch(item(meeting["id"]), json={"id": 999, "completed_at": "2026-01-10T09:00:00Z"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"id", "completed_at"}


def test_patch_with_a_stale_if_match_is_refused_and_changes_nothing(alice):
    meeting = new_meeting(alice, location="Cafe")
    stale = alice.get(item(meeting["id"])).headers["ETag"]
    alice.patch(item(meeting["id"]), json={"location": "Office"})

    response = alice.patch(item(meeting["id"]), json={"location": "Park"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert alice.get(item(meeting["id"])).get_json()["location"] == "Office"


def test_get_answers_304_while_the_meeting_is_unchanged(alice):
    meeting = new_meeting(alice)
    etag = alice.get(item(meeting["id"])).headers["ETag"]
    assert alice.get(item(meeting["id"]), headers={"If-None-Match": etag}).status_code == 304
    alice.patch(item(meeting["id"]), json={"agenda": "Ask about the team"})
    assert alice.get(item(meeting["id"]), headers={"If-None-Match": etag}).status_code == 200


# --- delete ----------------------------------------------------------------------------


def test_delete_removes_the_meeting(alice):
    meeting = new_meeting(alice)
    assert alice.delete(item(meeting["id"])).status_code == 204
    assert alice.get(item(meeting["id"])).status_code == 404
    assert list_all(alice) == []


def test_delete_with_a_stale_if_match_keeps_the_meeting(alice):
    meeting = new_meeting(alice)
    stale = alice.get(item(meeting["id"])).headers["ETag"]
    alice.patch(item(meeting["id"]), json={"notes": "Changed"})
    assert alice.delete(item(meeting["id"]), headers={"If-Match": stale}).status_code == 412
    assert alice.get(item(meeting["id"])).status_code == 200


def test_deleting_a_contact_deletes_their_meetings(alice):
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    new_meeting(alice, contact_id=priya["id"])
    kept = new_meeting(alice, contact_id=sam["id"])
    assert alice.delete(f"{CONTACTS}/{priya['id']}").status_code == 204
    assert [m["id"] for m in list_all(alice)] == [kept["id"]]
