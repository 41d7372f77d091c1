"""Meetings: the coffee chats themselves, from planned to completed, and the thank-you they leave owed."""

from __future__ import annotations

from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import CONTACTS, FAR_FUTURE, FOLLOW_UPS, MEETINGS, meeting_body, new_contact, new_goal, new_meeting

PAST = "2026-01-10T09:00:00+01:00"  # 08:00 UTC, long gone

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


def list_all(account, **query) -> list[dict]:
    response = account.get(MEETINGS, query_string={"limit": 100, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def follow_ups_of(account, meeting: dict) -> list[dict]:
    # Picked from the whole list, so that these tests hold whatever the meeting_id filter does.
    everything = account.get(FOLLOW_UPS, query_string={"limit": 100}).get_json()["items"]
    return [f for f in everything if f["meeting_id"] == meeting["id"]]


# --- create and read ------------------------------------------------------------------


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


# --- goals ----------------------------------------------------------------------------


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


# --- update ---------------------------------------------------------------------------


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


# --- status rules ---------------------------------------------------------------------

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


# --- the thank-you follow-up ----------------------------------------------------------


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


# --- delete ---------------------------------------------------------------------------


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


# --- listing --------------------------------------------------------------------------


def test_list_is_soonest_first_by_default_and_latest_first_on_request(alice):
    later = new_meeting(alice, starts_at="2099-03-01T09:00:00Z")
    sooner = new_meeting(alice, starts_at="2099-01-01T09:00:00Z")
    middle = new_meeting(alice, starts_at="2099-02-01T09:00:00Z")
    soonest_first = [sooner["id"], middle["id"], later["id"]]
    assert [m["id"] for m in list_all(alice)] == soonest_first
    assert [m["id"] for m in list_all(alice, order="starts_at")] == soonest_first
    assert [m["id"] for m in list_all(alice, order="-starts_at")] == soonest_first[::-1]


@pytest.mark.parametrize("order", ["starts_at", "-starts_at"])
def test_pages_cover_every_meeting_once_in_order_even_when_several_start_together(alice, order):
    priya = new_contact(alice)
    starts = ["2099-01-01T09:00:00Z", "2099-01-02T09:00:00Z", "2099-01-02T09:00:00Z", "2099-01-02T09:00:00Z"]
    starts += ["2099-01-03T09:00:00Z", "2099-01-03T09:00:00Z", "2099-01-04T09:00:00Z"]
    created = [new_meeting(alice, contact_id=priya["id"], starts_at=s) for s in reversed(starts)]
    expected = [m["id"] for m in sorted(created, key=lambda m: (m["starts_at"], m["id"]))]
    if order == "-starts_at":
        expected.reverse()

    seen: list[int] = []
    cursor, pages = None, 0
    while True:
        query = {"limit": 3, "order": order} | ({"cursor": cursor} if cursor else {})
        page = alice.get(MEETINGS, query_string=query).get_json()
        seen += [m["id"] for m in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "confirmed"}, {"Feb"}),
        ({"purpose": "job_search"}, {"Mar"}),
        ({"from": "2099-02-01T09:00:00Z"}, {"Feb", "Mar"}),  # from is inclusive
        ({"from": "2099-02-01T10:00:00+01:00"}, {"Feb", "Mar"}),
        ({"to": "2099-02-01T09:00:00Z"}, {"Jan"}),  # to is exclusive
        ({"from": "2099-01-15T00:00:00Z", "to": "2099-02-15T00:00:00Z"}, {"Feb"}),
        ({"q": "BOROUGH"}, {"Jan"}),
        ({"q": "reading group"}, {"Feb"}),
        ({"q": "platform team"}, {"Mar"}),
        ({"q": "jan"}, {"Jan"}),  # in the title
        ({"purpose": "informational", "status": "planned"}, {"Jan"}),
    ],
)
def test_filters(alice, query, expected):
    new_meeting(alice, title="Jan", starts_at="2099-01-01T09:00:00Z", location="Borough Market")
    new_meeting(
        alice, title="Feb", starts_at="2099-02-01T09:00:00Z", status="confirmed", notes="Thursday reading group"
    )
    new_meeting(
        alice, title="Mar", starts_at="2099-03-01T09:00:00Z", purpose="job_search", debrief="Ask the platform team"
    )
    assert {m["title"] for m in list_all(alice, **query)} == expected


def test_an_unescaped_plus_in_a_from_query_still_reads_as_the_offset(alice):
    # curl "...?from=2099-02-01T10:00:00+01:00" sends a "+", which a query string reads as a space.
    new_meeting(alice, title="Jan", starts_at="2099-01-01T09:00:00Z")
    new_meeting(alice, title="Feb", starts_at="2099-02-01T09:00:00Z")
    response = alice.get(f"{MEETINGS}?from=2099-02-01T10:00:00+01:00")
    assert response.status_code == 200
    assert [m["title"] for m in response.get_json()["items"]] == ["Feb"]


def test_a_javascript_timestamp_with_milliseconds_is_accepted(alice):
    meeting = new_meeting(alice, starts_at="2099-02-01T09:00:00.000Z")
    assert meeting["starts_at"] == "2099-02-01T09:00:00Z"


def test_a_time_without_an_offset_is_refused_with_an_example_of_one(alice):
    response = alice.post(MEETINGS, json=meeting_body(alice, starts_at="2099-02-01T09:00:00"))
    assert response.status_code == 422
    assert "2026-12-01T09:30:00+01:00" in response.get_json()["errors"]["starts_at"][0]


def test_filter_by_contact(alice):
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    mine = new_meeting(alice, contact_id=priya["id"])
    new_meeting(alice, contact_id=sam["id"])
    assert [m["id"] for m in list_all(alice, contact_id=priya["id"])] == [mine["id"]]


@pytest.mark.parametrize(
    "query",
    [{"from": "2099-02-01T09:00:00"}, {"status": "done"}, {"purpose": "networking"}, {"order": "title"}],
)
def test_invalid_filters_are_a_422(alice, query):
    response = alice.get(MEETINGS, query_string=query)
    assert response.status_code == 422
    assert set(query) <= set(response.get_json()["errors"])


def test_list_answers_304_while_nothing_changed(alice):
    meeting = new_meeting(alice)
    etag = alice.get(MEETINGS).headers["ETag"]
    assert alice.get(MEETINGS, headers={"If-None-Match": etag}).status_code == 304
    alice.patch(item(meeting["id"]), json={"status": "confirmed"})
    assert alice.get(MEETINGS, headers={"If-None-Match": etag}).status_code == 200


def test_listing_costs_the_same_number_of_queries_for_2_or_20_meetings(alice, queries):
    def count_for_listing() -> int:
        before = queries.count
        assert alice.get(MEETINGS, query_string={"limit": 100}).status_code == 200
        return queries.count - before

    priya = new_contact(alice)
    goal_ids = [new_goal(alice, title="First")["id"], new_goal(alice, title="Second")["id"]]
    for _ in range(2):
        new_meeting(alice, contact_id=priya["id"], goal_ids=goal_ids)
    small = count_for_listing()
    for _ in range(18):
        new_meeting(alice, contact_id=priya["id"], goal_ids=goal_ids)
    large = count_for_listing()
    assert small == large <= 6


def test_listing_meetings_does_not_count_their_goals_progress(alice, queries):
    # The list shows goal ids only; counting each goal's outcomes there was wasted work.
    new_meeting(alice, goal_ids=[new_goal(alice)["id"]])
    before = len(queries.statements)
    assert alice.get(MEETINGS).status_code == 200
    assert not [sql for sql in queries.statements[before:] if "count(" in sql.lower()]


# --- ownership ------------------------------------------------------------------------


def test_someone_elses_meeting_is_a_404_like_a_missing_one(alice, bob):
    meeting = new_meeting(alice, notes="Private")
    missing_id = meeting["id"] + 1000
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {"notes": "Hijacked"}} if method == "patch" else {}
        theirs = getattr(bob, method)(item(meeting["id"]), **kwargs)
        missing = getattr(bob, method)(item(missing_id), **kwargs)
        assert theirs.status_code == missing.status_code == 404
        assert theirs.mimetype == "application/problem+json"
        assert theirs.get_json()["detail"].replace(str(meeting["id"]), "N") == missing.get_json()["detail"].replace(
            str(missing_id), "N"
        )
    assert alice.get(item(meeting["id"])).get_json()["notes"] == "Private"


def test_a_meeting_cannot_name_someone_elses_contact(alice, bob):
    theirs = new_contact(alice)
    response = bob.post(MEETINGS, json=meeting_body(bob, contact_id=theirs["id"]))
    assert response.status_code == 422
    assert "contact_id" in response.get_json()["errors"]

    mine = new_meeting(bob)
    response = bob.patch(item(mine["id"]), json={"contact_id": theirs["id"]})
    assert response.status_code == 422
    assert "contact_id" in response.get_json()["errors"]
    assert list_all(alice) == []


def test_a_meeting_cannot_name_someone_elses_goal(alice, bob):
    theirs = new_goal(alice)
    response = bob.post(MEETINGS, json=meeting_body(bob, goal_ids=[new_goal(bob)["id"], theirs["id"]]))
    assert response.status_code == 422
    assert "goal_ids" in response.get_json()["errors"]
    assert list_all(bob) == []

    mine = new_meeting(bob)
    response = bob.patch(item(mine["id"]), json={"goal_ids": [theirs["id"]]})
    assert response.status_code == 422
    assert "goal_ids" in response.get_json()["errors"]


def test_lists_show_only_my_meetings(alice, bob):
    new_meeting(alice, title="Alice's", status="confirmed")
    new_meeting(bob, title="Bob's", status="confirmed")
    assert [m["title"] for m in list_all(bob)] == ["Bob's"]
    assert [m["title"] for m in list_all(bob, status="confirmed")] == ["Bob's"]
