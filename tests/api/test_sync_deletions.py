"""What a deletion sends in the next delta: a tombstone for each object deleted with it, and the new
version of each object that named it.
"""

from __future__ import annotations

from tests.api.syncing import DUE, sync, synced
from tests.conftest import Account
from tests.factories import (
    BANKS,
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
    read,
)


def _question(account: Account) -> dict:
    bank = created(account.post(BANKS, json={"name": "Mine"}))
    return created(account.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What does a good week look like?"}))


# --- what else a deletion changes ------------------------------------------------------


def test_deleting_a_contact_leaves_tombstones_for_everything_deleted_with_it(alice):
    contact = new_contact(alice)
    goal = new_goal(alice, kind="second_connection")
    meeting = new_meeting(alice, contact["id"], goal_ids=[goal["id"]])
    planned = plan_question(alice, meeting["id"], text="What would you do differently?")
    outcome = created(
        alice.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "progressed"})
    )
    follow_up = created(
        alice.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": DUE})
    )
    own_follow_up = created(
        alice.post(FOLLOW_UPS, json={"contact_id": contact["id"], "kind": "check_in", "due_at": DUE})
    )
    since = synced(alice)

    assert alice.delete(f"{CONTACTS}/{contact['id']}").status_code == 204

    page = sync(alice, since)
    assert sorted((gone["type"], gone["id"]) for gone in page["deleted"]) == sorted([
        ("contacts", contact["id"]),
        ("meetings", meeting["id"]),
        ("meeting_questions", planned["id"]),
        ("outcomes", outcome["id"]),
        ("follow_ups", follow_up["id"]),
        ("follow_ups", own_follow_up["id"]),
    ])  # fmt: skip
    # The goal stays, with no meeting and no outcome counted any more.
    assert page["changes"]["goals"] == [read(alice, f"{GOALS}/{goal['id']}")]
    assert page["changes"]["goals"][0]["progress"] == {"meetings": 0, "outcomes": 0, "progressed": 0, "achieved": 0}


def test_contacts_a_deleted_contact_introduced_change_they_lose_their_referrer(alice):
    introducer = new_contact(alice, name="Introducer")
    meeting = new_meeting(alice, introducer["id"])
    referral = created(alice.post(f"{MEETINGS}/{meeting['id']}/referrals", json={"name": "Sam Okafor"}))
    since = synced(alice)

    assert alice.delete(f"{CONTACTS}/{introducer['id']}").status_code == 204

    page = sync(alice, since)
    (changed,) = page["changes"]["contacts"]
    assert changed == read(alice, f"{CONTACTS}/{referral['id']}")
    assert changed["referred_by_id"] is None and changed["source_meeting_id"] is None


def test_deleting_a_meeting_changes_the_follow_ups_and_contacts_that_named_it(alice):
    contact = new_contact(alice)
    meeting = new_meeting(alice, contact["id"])
    follow_up = created(
        alice.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": DUE})
    )
    referral = created(alice.post(f"{MEETINGS}/{meeting['id']}/referrals", json={"name": "Sam Okafor"}))
    since = synced(alice)

    assert alice.delete(f"{MEETINGS}/{meeting['id']}").status_code == 204

    page = sync(alice, since)
    assert page["deleted"] == [{"type": "meetings", "id": meeting["id"]}]
    assert page["changes"]["follow_ups"] == [read(alice, f"{FOLLOW_UPS}/{follow_up['id']}")]
    assert page["changes"]["follow_ups"][0]["meeting_id"] is None
    assert page["changes"]["contacts"] == [read(alice, f"{CONTACTS}/{referral['id']}")]


def test_deleting_a_bank_deletes_its_questions_and_changes_the_plans_that_copied_them(alice):
    question = _question(alice)
    meeting = new_meeting(alice)
    planned = plan_question(alice, meeting["id"], question_id=question["id"])
    since = synced(alice)

    assert alice.delete(f"{BANKS}/{question['bank_id']}").status_code == 204

    page = sync(alice, since)
    assert sorted((gone["type"], gone["id"]) for gone in page["deleted"]) == [
        ("question_banks", question["bank_id"]),
        ("questions", question["id"]),
    ]
    (changed,) = page["changes"]["meeting_questions"]
    assert changed == read(alice, f"{plan_url(meeting['id'])}/{planned['id']}")
    assert changed["question_id"] is None


def test_deleting_a_goal_changes_the_meetings_linked_to_it(alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice, goal_ids=[goal["id"]])
    since = synced(alice)

    assert alice.delete(f"{GOALS}/{goal['id']}").status_code == 204

    page = sync(alice, since)
    assert page["deleted"] == [{"type": "goals", "id": goal["id"]}]
    assert page["changes"]["meetings"] == [read(alice, f"{MEETINGS}/{meeting['id']}")]
    assert page["changes"]["meetings"][0]["goal_ids"] == []
