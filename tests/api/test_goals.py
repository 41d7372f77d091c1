"""Goals: what I mean my conversations to get me; their fields and status, when they were achieved,
and how they are listed and filtered. (What meetings record for them: test_outcomes.py.)
"""

from __future__ import annotations

import re

import pytest

from tests.factories import (
    GOALS,
    MEETINGS,
    goal_url,
    goals_listed,
    new_goal,
    new_meeting,
    outcomes_listed,
    record,
)

RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


NO_PROGRESS = {"meetings": 0, "outcomes": 0, "progressed": 0, "achieved": 0}


FULL_GOAL = {
    "title": "Decide whether health-tech data science fits",
    "kind": "decide_interest",
    "description": "Talk to three people on clinical data teams.",
    "company": "Northwind Analytics",
    "industry": "Healthcare analytics",
    "due_date": "2027-01-31",
    "status": "open",
}


# --- goals -----------------------------------------------------------------------------


def test_create_stores_every_field_and_answers_with_location(alice):
    response = alice.post(GOALS, json=FULL_GOAL)
    assert response.status_code == 201
    goal = response.get_json()
    assert {k: goal[k] for k in FULL_GOAL} == FULL_GOAL
    assert goal["achieved_at"] is None
    assert goal["progress"] == NO_PROGRESS
    assert response.headers["Location"] == goal_url(goal["id"])
    assert alice.get(response.headers["Location"]).get_json() == goal


def test_a_new_goal_is_open_with_empty_optional_fields(alice):
    goal = new_goal(alice, title="Find a mentor", kind="advice")
    assert goal["status"] == "open"
    assert [goal[k] for k in ("description", "company", "industry", "due_date")] == [None] * 4


@pytest.mark.parametrize(
    ("fields", "invalid"),
    [
        ({"title": None}, "title"),
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "networking"}, "kind"),
        ({"kind": None}, "kind"),
        ({"status": "done"}, "status"),
        ({"status": None}, "status"),
        ({"due_date": "next Friday"}, "due_date"),
        ({"achieved_at": "2026-01-01T00:00:00Z"}, "achieved_at"),
        ({"progress": {"meetings": 3}}, "progress"),
        ({"priority": "high"}, "priority"),
    ],
)
def test_invalid_or_unknown_fields_are_rejected_and_nothing_is_created(alice, fields, invalid):
    response = alice.post(GOALS, json={"title": "Valid", "kind": "advice", **fields})
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert goals_listed(alice) == []


def test_title_and_kind_are_required(alice):
    response = alice.post(GOALS, json={"description": "No title, no kind"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"title", "kind"}


def test_creating_an_achieved_goal_stamps_achieved_at(alice):
    goal = new_goal(alice, status="achieved")
    assert RFC3339_UTC.match(goal["achieved_at"])


def test_achieving_stamps_achieved_at_and_reopening_clears_it(alice):
    goal = new_goal(alice)
    achieved = alice.patch(goal_url(goal["id"]), json={"status": "achieved"}).get_json()
    assert achieved["status"] == "achieved" and achieved["achieved_at"] is not None

    reopened = alice.patch(goal_url(goal["id"]), json={"status": "open"}).get_json()
    assert reopened["status"] == "open" and reopened["achieved_at"] is None


def test_achieving_an_achieved_goal_again_keeps_when_it_was_first_achieved(alice):
    goal = new_goal(alice, status="achieved")
    again = alice.patch(goal_url(goal["id"]), json={"status": "achieved", "title": "Renamed"}).get_json()
    assert again["achieved_at"] == goal["achieved_at"]


def test_patch_changes_only_the_fields_sent(alice):
    goal = new_goal(alice, **FULL_GOAL)
    response = alice.patch(goal_url(goal["id"]), json={"title": "Decide on clinical NLP", "due_date": None})
    assert response.status_code == 200
    changed = response.get_json()
    assert changed["title"] == "Decide on clinical NLP" and changed["due_date"] is None
    kept = set(FULL_GOAL) - {"title", "due_date"}
    assert {k: changed[k] for k in kept} == {k: goal[k] for k in kept}


def test_patch_cannot_set_achieved_at_or_progress(alice):
    goal = new_goal(alice)
    response = alice.patch(goal_url(goal["id"]), json={"achieved_at": "2026-01-01T00:00:00Z", "progress": {}})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"achieved_at", "progress"}
    assert alice.get(goal_url(goal["id"])).get_json()["achieved_at"] is None


def test_patch_with_a_stale_if_match_is_refused_and_changes_nothing(alice):
    goal = new_goal(alice, title="First")
    stale = alice.get(goal_url(goal["id"])).headers["ETag"]
    alice.patch(goal_url(goal["id"]), json={"title": "Second"})

    response = alice.patch(goal_url(goal["id"]), json={"title": "Third"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert alice.get(goal_url(goal["id"])).get_json()["title"] == "Second"


def test_get_answers_304_until_an_outcome_changes_the_progress(alice):
    goal = new_goal(alice)
    etag = alice.get(goal_url(goal["id"])).headers["ETag"]
    assert alice.get(goal_url(goal["id"]), headers={"If-None-Match": etag}).status_code == 304

    record(alice, new_meeting(alice), goal)

    assert alice.get(goal_url(goal["id"]), headers={"If-None-Match": etag}).status_code == 200


def test_the_list_answers_304_until_an_outcome_changes_some_progress(alice):
    goal = new_goal(alice)
    etag = alice.get(GOALS).headers["ETag"]
    assert alice.get(GOALS, headers={"If-None-Match": etag}).status_code == 304

    record(alice, new_meeting(alice), goal)

    assert alice.get(GOALS, headers={"If-None-Match": etag}).status_code == 200


def test_delete_removes_the_goal_and_its_outcomes_but_keeps_its_meetings(alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice, goal_ids=[goal["id"]])
    record(alice, meeting, goal)

    assert alice.delete(goal_url(goal["id"])).status_code == 204

    assert alice.get(goal_url(goal["id"])).status_code == 404
    assert outcomes_listed(alice, meeting) == []
    assert alice.get(f"{MEETINGS}/{meeting['id']}").get_json()["goal_ids"] == []


def test_list_is_newest_first(alice):
    titles = [new_goal(alice, title=f"Goal {i}")["title"] for i in range(3)]
    assert [g["title"] for g in goals_listed(alice)] == list(reversed(titles))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", {"Culture", "Intro"}),
        ("status=achieved", {"Decide"}),
        ("status=dropped", {"Sure"}),
        ("kind=second_connection", {"Intro"}),
        ("q=NORTHWIND", {"Decide"}),
        ("q=hospital", {"Culture"}),
        ("q=platform", {"Intro"}),
        ("kind=learn_culture&status=open", {"Culture"}),
        ("kind=learn_culture&status=achieved", set()),
        ("q=%25", {"Sure"}),
    ],
)
def test_filters(alice, query, expected):
    new_goal(alice, title="Sure", kind="other", description="Be 100% sure before applying", status="dropped")
    new_goal(alice, title="Decide", kind="decide_interest", company="Northwind Analytics", status="achieved")
    new_goal(alice, title="Culture", kind="learn_culture", industry="Hospital IT")
    new_goal(alice, title="Intro", kind="second_connection", description="Meet someone on the platform team")
    assert {g["title"] for g in goals_listed(alice, "&" + query)} == expected


@pytest.mark.parametrize("query", ["status=finished", "kind=fun", "q="])
def test_invalid_filters_are_a_422(alice, query):
    assert alice.get(f"{GOALS}?{query}").status_code == 422


def test_listing_costs_the_same_number_of_queries_for_2_or_20_goals(alice, queries):
    def count_for_listing() -> int:
        before = queries.count
        assert alice.get(f"{GOALS}?limit=100").status_code == 200
        return queries.count - before

    def add_goals(n: int) -> None:
        for i in range(n):
            goal = new_goal(alice, title=f"Goal {i}")
            record(alice, new_meeting(alice, goal_ids=[goal["id"]]), goal, "no_progress")

    add_goals(2)
    small = count_for_listing()
    add_goals(18)
    large = count_for_listing()
    assert small == large <= 6


def test_lists_show_only_my_goals(alice, bob):
    new_goal(alice, title="Alice's", kind="advice")
    new_goal(bob, title="Bob's", kind="advice")
    assert [g["title"] for g in goals_listed(bob)] == ["Bob's"]
    assert [g["title"] for g in goals_listed(bob, "&kind=advice")] == ["Bob's"]
