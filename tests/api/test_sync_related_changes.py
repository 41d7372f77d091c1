"""What else a change changes: an object whose fields as the API shows them (tags, goal links,
progress, a bank's count, updated_at) change with another's is sent again in the next delta.
"""

from __future__ import annotations

from tests.api.syncing import sync, synced
from tests.factories import (
    BANKS,
    CONTACTS,
    GOALS,
    MEETINGS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    read,
)

# --- what else a change changes --------------------------------------------------------


def test_planning_a_question_sends_the_meeting_with_its_new_updated_at(alice):
    meeting = new_meeting(alice)
    since = synced(alice)

    plan_question(alice, meeting["id"], text="What does a good week look like for you?", category="role")

    page = sync(alice, since)
    assert page["changes"]["meetings"] == [read(alice, f"{MEETINGS}/{meeting['id']}")]
    assert len(page["changes"]["meeting_questions"]) == 1


def test_changing_a_contacts_tags_changes_the_contact(alice):
    contact = new_contact(alice, tags=["data"])
    since = synced(alice)

    assert alice.patch(f"{CONTACTS}/{contact['id']}", json={"tags": ["data", "mentor"]}).status_code == 200

    (changed,) = sync(alice, since)["changes"]["contacts"]
    assert changed["tags"] == ["data", "mentor"]


def test_linking_a_goal_to_a_meeting_changes_the_meeting_and_the_goals_progress(alice):
    old, new = new_goal(alice, title="Old"), new_goal(alice, title="New")
    meeting = new_meeting(alice, goal_ids=[old["id"]])
    since = synced(alice)

    assert alice.patch(f"{MEETINGS}/{meeting['id']}", json={"goal_ids": [new["id"]]}).status_code == 200

    page = sync(alice, since)
    assert page["changes"]["meetings"] == [read(alice, f"{MEETINGS}/{meeting['id']}")]
    goals = {g["id"]: g["progress"]["meetings"] for g in page["changes"]["goals"]}
    assert goals == {old["id"]: 0, new["id"]: 1}


def test_recording_an_outcome_changes_its_goals_progress(alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice, goal_ids=[goal["id"]])
    since = synced(alice)

    created(alice.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "achieved"}))

    page = sync(alice, since)
    (changed,) = page["changes"]["goals"]
    assert changed == read(alice, f"{GOALS}/{goal['id']}")
    assert (changed["status"], changed["progress"]["achieved"]) == ("achieved", 1)


def test_adding_a_question_changes_its_banks_count(alice):
    bank = created(alice.post(BANKS, json={"name": "Mine"}))
    since = synced(alice)

    created(alice.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What does a good week look like?"}))

    (changed,) = sync(alice, since)["changes"]["question_banks"]
    assert changed["question_count"] == 1
