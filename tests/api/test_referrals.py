"""Second connections: the contact of a meeting refers someone, a new contact or one I have, who is
then introduced by them in that meeting; each referral progresses the meeting's open
second_connection goals, once.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import (
    CONTACTS,
    goal_url,
    new_contact,
    new_goal,
    new_meeting,
    outcomes_listed,
    progress_of,
    referrals_url,
)

# --- second connections ----------------------------------------------------------------


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


def test_two_meetings_referring_one_contact_at_the_same_moment_both_succeed(alice):
    for _ in range(3):
        sam = new_contact(alice, name="Sam")
        meetings = [new_meeting(alice), new_meeting(alice)]
        responses = run_together(
            *(partial(alice.post, referrals_url(m["id"]), json={"contact_id": sam["id"]}) for m in meetings)
        )
        assert [r.status_code for r in responses] == [200, 200]
