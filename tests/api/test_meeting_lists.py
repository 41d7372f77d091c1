"""Listing my meetings: soonest or latest first, in pages that cover each once, filtered by status,
purpose, time, text or contact; the list answers 304 while nothing changed, costs the same
queries for few or many meetings, and shows only mine.
"""

from __future__ import annotations

import pytest

from tests.factories import MEETINGS, meeting_body, new_contact, new_goal, new_meeting
from tests.factories import all_meetings as list_all


def item(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}"


# --- listing ---------------------------------------------------------------------------


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


def test_lists_show_only_my_meetings(alice, bob):
    new_meeting(alice, title="Alice's", status="confirmed")
    new_meeting(bob, title="Bob's", status="confirmed")
    assert [m["title"] for m in list_all(bob)] == ["Bob's"]
    assert [m["title"] for m in list_all(bob, status="confirmed")] == ["Bob's"]
