"""A delta, for each synced kind: an object made, changed or deleted since the token is sent as its GET
shows it, once however often it changed; a request that changes nothing, or fails, records nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.api.syncing import DUE, change_rows, sync, synced
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

# --- a delta, for each kind ------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How to make, read, change and delete one object of a synced kind through the API."""

    name: str
    make: Callable[[Account], dict]
    url: Callable[[dict], str]
    change: dict | None = None


def _planned(account: Account) -> dict:
    return plan_question(account, new_meeting(account)["id"], text="What would you do differently?")


def _question(account: Account) -> dict:
    bank = created(account.post(BANKS, json={"name": "Mine"}))
    return created(account.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What does a good week look like?"}))


def _outcome(account: Account) -> dict:
    goal = new_goal(account)
    meeting = new_meeting(account, goal_ids=[goal["id"]])
    return created(
        account.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "progressed"})
    )


KIND_CASES = [
    Kind("contacts", new_contact, lambda c: f"{CONTACTS}/{c['id']}", {"title": "Head of Data"}),
    Kind("meetings", new_meeting, lambda m: f"{MEETINGS}/{m['id']}", {"location": "Monmouth Coffee"}),
    Kind("meeting_questions", _planned, lambda q: f"{plan_url(q['meeting_id'])}/{q['id']}", {"asked": True}),
    Kind(
        "question_banks",
        lambda account: created(account.post(BANKS, json={"name": "Mine"})),
        lambda b: f"{BANKS}/{b['id']}",
        {"name": "Renamed"},
    ),
    Kind("questions", _question, lambda q: f"/api/v1/questions/{q['id']}", {"text": "How do you run a retro?"}),
    Kind("goals", new_goal, lambda g: f"{GOALS}/{g['id']}", {"description": "Three people on clinical data teams."}),
    Kind("outcomes", _outcome, lambda o: f"{MEETINGS}/{o['meeting_id']}/outcomes/{o['id']}"),
    Kind(
        "follow_ups",
        lambda account: created(
            account.post(FOLLOW_UPS, json={"contact_id": new_contact(account)["id"], "kind": "check_in", "due_at": DUE})
        ),
        lambda f: f"{FOLLOW_UPS}/{f['id']}",
        {"notes": "Send the article."},
    ),
]


CHANGEABLE = [kind for kind in KIND_CASES if kind.change is not None]


@pytest.mark.parametrize("kind", KIND_CASES, ids=lambda kind: kind.name)
def test_a_delta_sends_a_new_object_as_its_get_shows_it(alice, kind):
    since = synced(alice)

    obj = kind.make(alice)

    page = sync(alice, since)
    assert page["changes"][kind.name] == [read(alice, kind.url(obj))]
    assert page["deleted"] == [] and not page["has_more"]


@pytest.mark.parametrize("kind", CHANGEABLE, ids=lambda kind: kind.name)
def test_a_delta_sends_the_new_version_of_a_changed_object(alice, kind):
    obj = kind.make(alice)
    since = synced(alice)

    assert alice.patch(kind.url(obj), json=kind.change).status_code == 200

    page = sync(alice, since)
    assert page["changes"][kind.name] == [read(alice, kind.url(obj))]
    assert page["deleted"] == []


@pytest.mark.parametrize("kind", KIND_CASES, ids=lambda kind: kind.name)
def test_a_delta_lists_a_deleted_object(alice, kind):
    obj = kind.make(alice)
    since = synced(alice)

    assert alice.delete(kind.url(obj)).status_code == 204

    page = sync(alice, since)
    assert page["deleted"] == [{"type": kind.name, "id": obj["id"]}]
    assert page["changes"][kind.name] == []


def test_an_object_changed_several_times_is_sent_once_as_it_is_now(alice):
    contact = new_contact(alice)
    since = synced(alice)
    for title in ("Analyst", "Lead", "Head of Data"):
        alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": title})

    page = sync(alice, since)

    assert [c["title"] for c in page["changes"]["contacts"]] == ["Head of Data"]


def test_the_change_log_keeps_one_row_per_object(app, alice):
    contact = new_contact(alice)
    for title in ("A", "B", "C"):
        alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": title})
    alice.delete(f"{CONTACTS}/{contact['id']}")

    rows = defaultdict(list)
    for row in change_rows(app, alice.id):
        rows[row.kind, row.object_id].append(row)
    assert [(row.deleted_at is not None) for row in rows["contacts", contact["id"]]] == [True]


def test_a_patch_that_changes_nothing_records_nothing(alice):
    contact = new_contact(alice, title="Analyst")
    since = synced(alice)

    assert alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": "Analyst"}).status_code == 200

    page = sync(alice, since)
    assert page["changes"]["contacts"] == [] and page["next_since"] == since


def test_a_failed_request_records_nothing(alice):
    contact = new_contact(alice)
    since = synced(alice)

    # Completing a meeting before it starts is a 409: the transaction rolls back.
    response = alice.post(MEETINGS, json={"contact_id": contact["id"], "purpose": "informational",
                                          "starts_at": "2099-06-01T09:30:00Z", "status": "completed"})  # fmt: skip
    assert response.status_code == 409

    assert sync(alice, since)["next_since"] == since


def test_a_retried_post_with_an_idempotency_key_is_recorded_once(alice):
    since = synced(alice)
    headers = {"Idempotency-Key": "sync-once"}

    first = created(alice.post(CONTACTS, json={"name": "Once"}, headers=headers))
    assert alice.post(CONTACTS, json={"name": "Once"}, headers=headers).headers["Idempotent-Replayed"] == "true"

    assert sync(alice, since)["changes"]["contacts"] == [read(alice, f"{CONTACTS}/{first['id']}")]
