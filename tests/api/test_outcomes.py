"""Outcomes: what a meeting did for a goal (no progress, progressed, achieved), and the progress a goal
counts from its meetings and their outcomes.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import (
    MEETINGS,
    goal_url,
    goals_listed,
    new_goal,
    new_meeting,
    outcomes_listed,
    outcomes_url,
    progress_of,
    record,
)

OMITTED = object()  # a field left out of a request body


# --- progress and outcomes -------------------------------------------------------------


def test_progress_counts_linked_meetings_and_outcomes_by_result(alice):
    goal = new_goal(alice)
    first = new_meeting(alice, goal_ids=[goal["id"]])
    second = new_meeting(alice, goal_ids=[goal["id"]])
    new_meeting(alice)  # not linked
    record(alice, first, goal, "no_progress")
    record(alice, first, goal, "progressed")
    record(alice, second, goal, "achieved")

    assert progress_of(alice, goal) == {"meetings": 2, "outcomes": 3, "progressed": 1, "achieved": 1}
    assert goals_listed(alice)[0]["progress"] == progress_of(alice, goal)


def test_deleting_a_meeting_takes_it_and_its_outcomes_out_of_the_progress(alice):
    goal = new_goal(alice)
    kept = new_meeting(alice, goal_ids=[goal["id"]])
    deleted = new_meeting(alice, goal_ids=[goal["id"]])
    record(alice, kept, goal, "no_progress")
    record(alice, deleted, goal, "progressed")

    assert alice.delete(f"{MEETINGS}/{deleted['id']}").status_code == 204

    assert progress_of(alice, goal) == {"meetings": 1, "outcomes": 1, "progressed": 0, "achieved": 0}


def test_recording_an_outcome_answers_201_with_the_outcome(alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice, goal_ids=[goal["id"]])
    body = {"goal_id": goal["id"], "result": "progressed", "notes": "  Heard how the triage team works.  "}

    response = alice.post(outcomes_url(meeting["id"]), json=body)

    assert response.status_code == 201
    outcome = response.get_json()
    assert {k: outcome[k] for k in ("meeting_id", "goal_id", "result", "notes")} == {
        "meeting_id": meeting["id"],
        "goal_id": goal["id"],
        "result": "progressed",
        "notes": "Heard how the triage team works.",
    }


def test_a_meetings_outcomes_are_listed_newest_first(alice):
    goal, other_goal = new_goal(alice), new_goal(alice)
    meeting = new_meeting(alice)
    first = record(alice, meeting, goal, "no_progress")
    second = record(alice, meeting, other_goal, "achieved")
    record(alice, new_meeting(alice), goal)  # another meeting's

    assert outcomes_listed(alice, meeting) == [second, first]


def test_an_achieved_outcome_achieves_the_goal_which_can_be_reopened(alice):
    goal = new_goal(alice)
    record(alice, new_meeting(alice), goal, "achieved")
    achieved = alice.get(goal_url(goal["id"])).get_json()
    assert achieved["status"] == "achieved" and achieved["achieved_at"] is not None

    reopened = alice.patch(goal_url(goal["id"]), json={"status": "open"}).get_json()

    assert reopened["status"] == "open" and reopened["achieved_at"] is None
    assert reopened["progress"]["achieved"] == 1  # the record of what happened stays


@pytest.mark.parametrize("result", ["progressed", "no_progress"])
def test_other_outcomes_leave_the_goal_open(alice, result):
    goal = new_goal(alice)
    record(alice, new_meeting(alice), goal, result)
    assert alice.get(goal_url(goal["id"])).get_json()["status"] == "open"


def test_recording_an_outcome_links_the_goal_to_the_meeting_once(alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice)

    record(alice, meeting, goal, "no_progress")
    record(alice, meeting, goal, "progressed")

    assert alice.get(f"{MEETINGS}/{meeting['id']}").get_json()["goal_ids"] == [goal["id"]]
    assert progress_of(alice, goal)["meetings"] == 1


@pytest.mark.parametrize(
    ("body", "invalid"),
    [
        ({"goal_id": OMITTED}, "goal_id"),
        ({"goal_id": "1"}, "goal_id"),
        ({"result": OMITTED}, "result"),
        ({"result": "great"}, "result"),
        ({"result": None}, "result"),
        ({"rating": 5}, "rating"),
        ({"meeting_id": 1}, "meeting_id"),
    ],
)
def test_invalid_outcomes_are_rejected_and_nothing_is_recorded(alice, body, invalid):
    goal = new_goal(alice)
    meeting = new_meeting(alice)
    sent = {"goal_id": goal["id"], "result": "progressed", **body}
    response = alice.post(outcomes_url(meeting["id"]), json={k: v for k, v in sent.items() if v is not OMITTED})
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert outcomes_listed(alice, meeting) == []


def test_an_outcome_for_someone_elses_goal_is_a_422_naming_goal_id(alice, bob):
    alices_goal = new_goal(alice)
    meeting = new_meeting(bob)

    response = bob.post(outcomes_url(meeting["id"]), json={"goal_id": alices_goal["id"], "result": "achieved"})

    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"goal_id"}
    assert outcomes_listed(bob, meeting) == []
    assert alice.get(goal_url(alices_goal["id"])).get_json() == alices_goal


def test_an_outcome_recorded_by_mistake_can_be_read_and_deleted(alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice, goal_ids=[goal["id"]])
    response = alice.post(outcomes_url(meeting["id"]), json={"goal_id": goal["id"], "result": "progressed"})
    assert response.status_code == 201
    location = response.headers["Location"]
    assert alice.get(location).get_json() == response.get_json()

    assert alice.delete(location).status_code == 204
    assert alice.get(location).status_code == 404
    assert progress_of(alice, goal)["outcomes"] == 0


def test_an_outcome_is_found_only_under_its_own_meeting(alice, bob):
    goal = new_goal(alice)
    meeting, other = new_meeting(alice, goal_ids=[goal["id"]]), new_meeting(alice)
    outcome = alice.post(outcomes_url(meeting["id"]), json={"goal_id": goal["id"], "result": "progressed"}).get_json()
    assert alice.get(f"{outcomes_url(other['id'])}/{outcome['id']}").status_code == 404
    assert bob.get(f"{outcomes_url(meeting['id'])}/{outcome['id']}").status_code == 404
    assert bob.delete(f"{outcomes_url(meeting['id'])}/{outcome['id']}").status_code == 404
    assert progress_of(alice, goal)["outcomes"] == 1


def test_two_meetings_achieving_one_goal_at_the_same_moment_both_record_their_outcome(alice):
    # Both requests change the goal: each must wait for the other, not deadlock.
    for _ in range(3):
        goal = new_goal(alice)
        meetings = [new_meeting(alice), new_meeting(alice)]
        responses = run_together(
            *(
                partial(alice.post, outcomes_url(m["id"]), json={"goal_id": goal["id"], "result": "achieved"})
                for m in meetings
            )
        )
        assert [r.status_code for r in responses] == [201, 201]
        assert progress_of(alice, goal)["achieved"] == 2
