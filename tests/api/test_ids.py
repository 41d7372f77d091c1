"""An id names one thing for good: the id of a deleted thing is never given to another, of any account.

A mobile client keeps the ids of deleted things (sync tombstones, queued writes, cached plans):
a new thing under an old id would take their place.
"""

from __future__ import annotations

import pytest

from tests.api.syncing import DUE, sync, synced
from tests.factories import (
    BANKS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    TOKENS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
)


def new_bank(account) -> dict:
    return created(account.post(BANKS, json={"name": "Mine"}))


def new_question(account) -> dict:
    bank = new_bank(account)
    return created(account.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What does a good week look like?"}))


def new_follow_up(account) -> dict:
    return created(
        account.post(FOLLOW_UPS, json={"contact_id": new_contact(account)["id"], "kind": "check_in", "due_at": DUE})
    )


def new_plan_item(account) -> dict:
    item = plan_question(account, new_meeting(account)["id"], text="Who else should I talk to?")
    return {**item, "url": f"{plan_url(item['meeting_id'])}/{item['id']}"}


def new_outcome(account) -> dict:
    meeting = new_meeting(account)
    outcome = created(
        account.post(
            f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": new_goal(account)["id"], "result": "achieved"}
        )
    )
    return {**outcome, "url": f"{MEETINGS}/{meeting['id']}/outcomes/{outcome['id']}"}


def new_token(account) -> dict:
    return created(account.post(TOKENS, json={"name": "script", "scopes": ["read"]}))


# What makes a thing of each kind, and where it is deleted (a thing's own "url" wins).
KINDS = {
    "contact": (new_contact, "/api/v1/contacts"),
    "goal": (new_goal, GOALS),
    "meeting": (new_meeting, MEETINGS),
    "follow-up": (new_follow_up, FOLLOW_UPS),
    "question bank": (new_bank, BANKS),
    "question": (new_question, "/api/v1/questions"),
    "planned question": (new_plan_item, None),
    "outcome": (new_outcome, None),
    "access token": (new_token, TOKENS),
}


def delete(account, thing: dict, collection: str | None) -> None:
    response = account.delete(thing.get("url") or f"{collection}/{thing['id']}")
    assert response.status_code == 204, response.get_json()


@pytest.mark.parametrize("kind", KINDS)
def test_the_id_of_the_newest_thing_deleted_is_not_given_again(alice, kind):
    make, collection = KINDS[kind]
    newest = make(alice)
    delete(alice, newest, collection)

    assert make(alice)["id"] > newest["id"]


@pytest.mark.parametrize("kind", KINDS)
def test_nor_to_someone_else(alice, bob, kind):
    make, collection = KINDS[kind]
    newest = make(alice)
    delete(alice, newest, collection)

    assert make(bob)["id"] > newest["id"]


def test_a_synced_tombstone_never_names_a_new_contact(alice):
    contact = new_contact(alice, name="Priya Raman")
    since = synced(alice)
    assert alice.delete(f"/api/v1/contacts/{contact['id']}").status_code == 204
    newer = new_contact(alice, name="Sam Okafor")

    page = sync(alice, since)

    assert page["deleted"] == [{"type": "contacts", "id": contact["id"]}]
    assert [c["id"] for c in page["changes"]["contacts"]] == [newer["id"]] != [contact["id"]]
