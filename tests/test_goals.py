"""Goals, the outcomes meetings record for them, and the second connections meetings give."""

from __future__ import annotations

import re
from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import CONTACTS, GOALS, MEETINGS, created, new_contact, new_goal, new_meeting

RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
OMITTED = object()  # a field left out of a request body
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


def goal_url(goal_id: int) -> str:
    return f"{GOALS}/{goal_id}"


def outcomes_url(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}/outcomes"


def referrals_url(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}/referrals"


def record(account, meeting: dict, goal: dict, result: str = "progressed", **fields) -> dict:
    return created(account.post(outcomes_url(meeting["id"]), json={"goal_id": goal["id"], "result": result, **fields}))


def progress_of(account, goal: dict) -> dict:
    return account.get(goal_url(goal["id"])).get_json()["progress"]


def goals_listed(account, query: str = "") -> list[dict]:
    return account.get(f"{GOALS}?limit=100{query}").get_json()["items"]


def outcomes_listed(account, meeting: dict) -> list[dict]:
    return account.get(outcomes_url(meeting["id"])).get_json()["items"]


# --- goals ----------------------------------------------------------------------------


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


# --- progress and outcomes ------------------------------------------------------------


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


# --- second connections ---------------------------------------------------------------


def test_referring_a_new_contact_creates_them_introduced_in_the_meeting(alice):
    meeting_contact = new_contact(alice, name="Priya Raman")
    meeting = new_meeting(alice, meeting_contact["id"])

    response = alice.post(referrals_url(meeting["id"]), json={"name": "Sam Okafor", "company": "Northwind"})

    assert response.status_code == 201
    contact = response.get_json()
    assert contact["name"] == "Sam Okafor" and contact["company"] == "Northwind"
    assert contact["referred_by_id"] == meeting_contact["id"]
    assert contact["source_meeting_id"] == meeting["id"]
    assert response.headers["Location"] == f"{CONTACTS}/{contact['id']}"
    assert alice.get(response.headers["Location"]).get_json() == contact


def test_referring_an_existing_contact_answers_200_and_links_them(alice):
    meeting_contact = new_contact(alice, name="Priya Raman")
    meeting = new_meeting(alice, meeting_contact["id"])
    sam = new_contact(alice, name="Sam Okafor", notes="Met at PyData")

    response = alice.post(referrals_url(meeting["id"]), json={"contact_id": sam["id"]})

    assert response.status_code == 200
    linked = alice.get(f"{CONTACTS}/{sam['id']}").get_json()
    assert response.get_json() == linked
    assert linked["referred_by_id"] == meeting_contact["id"] and linked["source_meeting_id"] == meeting["id"]
    assert linked["notes"] == "Met at PyData"


def test_a_referral_progresses_each_open_second_connection_goal_of_the_meeting(alice):
    intro = new_goal(alice, kind="second_connection", title="Meet the platform team")
    another_intro = new_goal(alice, kind="second_connection", title="Meet a clinician")
    achieved_intro = new_goal(alice, kind="second_connection", status="achieved")
    culture = new_goal(alice, kind="learn_culture")
    unlinked_intro = new_goal(alice, kind="second_connection")
    linked = [intro, another_intro, achieved_intro, culture]
    meeting = new_meeting(alice, goal_ids=[g["id"] for g in linked])

    alice.post(referrals_url(meeting["id"]), json={"name": "Sam Okafor"})

    outcomes = outcomes_listed(alice, meeting)
    assert sorted(o["goal_id"] for o in outcomes) == sorted([intro["id"], another_intro["id"]])
    assert {o["result"] for o in outcomes} == {"progressed"}
    assert all("Sam Okafor" in o["notes"] for o in outcomes)
    assert progress_of(alice, intro) == {"meetings": 1, "outcomes": 1, "progressed": 1, "achieved": 0}
    for untouched in (achieved_intro, culture, unlinked_intro):
        assert progress_of(alice, untouched)["outcomes"] == 0
    assert alice.get(goal_url(intro["id"])).get_json()["status"] == "open"


def test_recording_the_same_referral_twice_progresses_once(alice):
    intro = new_goal(alice, kind="second_connection")
    meeting = new_meeting(alice, goal_ids=[intro["id"]])
    sam = new_contact(alice, name="Sam Okafor")

    first = alice.post(referrals_url(meeting["id"]), json={"contact_id": sam["id"]})
    again = alice.post(referrals_url(meeting["id"]), json={"contact_id": sam["id"]})

    assert first.status_code == again.status_code == 200
    assert again.get_json()["referred_by_id"] == first.get_json()["referred_by_id"]
    assert progress_of(alice, intro)["progressed"] == 1


def test_the_same_referral_recorded_twice_at_once_progresses_once(app, alice):
    intro = new_goal(alice, kind="second_connection")
    meeting = new_meeting(alice, goal_ids=[intro["id"]])
    sam = new_contact(alice, name="Sam Okafor")
    refer = [
        partial(
            app.test_client().post, referrals_url(meeting["id"]), json={"contact_id": sam["id"]}, headers=alice.headers
        )
        for _ in range(2)
    ]

    assert [response.status_code for response in run_together(*refer)] == [200, 200]
    assert progress_of(alice, intro)["progressed"] == 1


def test_referring_the_meetings_own_contact_is_a_loop(alice):
    intro = new_goal(alice, kind="second_connection")
    priya = new_contact(alice, name="Priya Raman")
    meeting = new_meeting(alice, priya["id"], goal_ids=[intro["id"]])

    response = alice.post(referrals_url(meeting["id"]), json={"contact_id": priya["id"]})

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["contact_id"]
    assert alice.get(f"{CONTACTS}/{priya['id']}").get_json()["referred_by_id"] is None
    assert progress_of(alice, intro)["outcomes"] == 0


def test_referring_whoever_introduced_the_meetings_contact_is_a_loop(alice):
    introducer = new_contact(alice, name="Introducer")
    priya = new_contact(alice, name="Priya Raman", referred_by_id=introducer["id"])
    meeting = new_meeting(alice, priya["id"])

    response = alice.post(referrals_url(meeting["id"]), json={"contact_id": introducer["id"]})

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["contact_id"]
    assert alice.get(f"{CONTACTS}/{introducer['id']}").get_json()["referred_by_id"] is None


def test_referring_someone_elses_contact_is_a_422_naming_contact_id(alice, bob):
    alices_contact = new_contact(alice, name="Alice's friend")
    meeting = new_meeting(bob)

    response = bob.post(referrals_url(meeting["id"]), json={"contact_id": alices_contact["id"]})

    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"contact_id"}
    assert alice.get(f"{CONTACTS}/{alices_contact['id']}").get_json() == alices_contact


@pytest.mark.parametrize(
    ("body", "invalid"),
    [
        ({}, "name"),
        ({"company": "Northwind"}, "name"),
        ({"name": "  "}, "name"),
        ({"contact_id": 1, "name": "Both"}, "contact_id"),
        ({"name": "Sam", "referred_by_id": 1}, "referred_by_id"),
        ({"name": "Sam", "favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_invalid_referrals_are_rejected_and_create_no_contact(alice, body, invalid):
    meeting = new_meeting(alice)
    response = alice.post(referrals_url(meeting["id"]), json=body)
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert len(alice.get(CONTACTS).get_json()["items"]) == 1  # the meeting's contact


def test_a_contacts_referrals_list_whom_they_introduced_newest_first(alice):
    priya = new_contact(alice, name="Priya Raman")
    meeting = new_meeting(alice, priya["id"])
    sam = alice.post(referrals_url(meeting["id"]), json={"name": "Sam Okafor"}).get_json()
    lee = new_contact(alice, name="Lee", referred_by_id=priya["id"])
    new_contact(alice, name="Introduced by Sam", referred_by_id=sam["id"])
    new_contact(alice, name="Unrelated")

    response = alice.get(f"{CONTACTS}/{priya['id']}/referrals")

    assert response.status_code == 200
    assert [c["name"] for c in response.get_json()["items"]] == [lee["name"], sam["name"]]


# --- ownership ------------------------------------------------------------------------


def test_someone_elses_goal_is_a_404_like_a_missing_one(alice, bob):
    goal = new_goal(alice)
    missing_id = goal["id"] + 1000
    for method in ("get", "patch", "delete"):
        kwargs = {"json": {"title": "Hijacked"}} if method == "patch" else {}
        theirs = getattr(bob, method)(goal_url(goal["id"]), **kwargs)
        missing = getattr(bob, method)(goal_url(missing_id), **kwargs)
        assert theirs.status_code == missing.status_code == 404
        assert theirs.get_json()["detail"].replace(str(goal["id"]), "N") == missing.get_json()["detail"].replace(
            str(missing_id), "N"
        )
    assert alice.get(goal_url(goal["id"])).get_json() == goal


def test_someone_elses_meeting_or_contact_is_a_404_on_every_nested_route(alice, bob):
    goal = new_goal(alice)
    contact = new_contact(alice)
    meeting = new_meeting(alice, contact["id"], goal_ids=[goal["id"]])
    bobs_goal = new_goal(bob)
    calls = [
        ("get", outcomes_url(meeting["id"]), None),
        ("post", outcomes_url(meeting["id"]), {"goal_id": bobs_goal["id"], "result": "achieved"}),
        ("post", referrals_url(meeting["id"]), {"name": "Sneaky"}),
        ("get", f"{MEETINGS}/{meeting['id']}/readiness", None),
        ("get", f"{CONTACTS}/{contact['id']}/referrals", None),
    ]
    for method, url, body in calls:
        response = getattr(bob, method)(url, **({"json": body} if body else {}))
        assert response.status_code == 404, (method, url)
        assert response.headers["Content-Type"] == "application/problem+json"

    assert outcomes_listed(alice, meeting) == []
    assert alice.get(f"{CONTACTS}/{contact['id']}/referrals").get_json()["items"] == []
    assert bob.get(goal_url(bobs_goal["id"])).get_json()["status"] == "open"
    assert [c["name"] for c in bob.get(CONTACTS).get_json()["items"]] == []


def test_lists_show_only_my_goals(alice, bob):
    new_goal(alice, title="Alice's", kind="advice")
    new_goal(bob, title="Bob's", kind="advice")
    assert [g["title"] for g in goals_listed(bob)] == ["Bob's"]
    assert [g["title"] for g in goals_listed(bob, "&kind=advice")] == ["Bob's"]


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


def test_two_meetings_referring_one_contact_at_the_same_moment_both_succeed(alice):
    for _ in range(3):
        sam = new_contact(alice, name="Sam")
        meetings = [new_meeting(alice), new_meeting(alice)]
        responses = run_together(
            *(partial(alice.post, referrals_url(m["id"]), json={"contact_id": sam["id"]}) for m in meetings)
        )
        assert [r.status_code for r in responses] == [200, 200]
