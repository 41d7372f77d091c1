"""Large account imports: a document may be larger than other bodies, up to 16 MiB; importing 500
contacts costs the statements of importing 5 and restores every row; the same document imported
into two accounts at once gives each its own calendar UIDs.
"""

from __future__ import annotations

import json
from functools import partial

import pytest

from tests.api.account_documents import export, give_a_full_account, small_document
from tests.conftest import run_together
from tests.factories import CONTACTS, IMPORT, ME, SOON, assert_problem, ok


def import_(account, document: dict):
    return account.post(IMPORT, json=document)


def imported(account, document: dict) -> dict:
    return ok(import_(account, document), 201)


@pytest.fixture
def full_export(alice) -> dict:
    give_a_full_account(alice)
    return export(alice)


def large_document(n: int) -> dict:
    """``n`` contacts with a tag each, every other one introduced by the one before, and a meeting,
    a planned question and a follow-up with every fifth."""
    contacts = [
        {"id": i, "name": f"Contact {i}", "tags": [f"tag{i % 7}"], "referred_by_id": i - 1 if i % 2 == 0 else None}
        for i in range(1, n + 1)
    ]
    meetings = [
        {"id": i, "contact_id": i, "purpose": "informational", "starts_at": SOON, "goal_ids": [1]}
        for i in range(1, n + 1, 5)
    ]
    plan = [
        {"id": m["id"], "meeting_id": m["id"], "text": "Who else should I talk to?", "position": 1} for m in meetings
    ]
    follow_ups = [
        {"id": m["id"], "contact_id": m["id"], "meeting_id": m["id"], "kind": "check_in", "due_at": SOON}
        for m in meetings
    ]
    return small_document(contacts=contacts, meetings=meetings, meeting_questions=plan, follow_ups=follow_ups)


# --- size, cost and concurrency --------------------------------------------------------


def test_a_document_may_be_larger_than_other_bodies(make_app, accounts):
    small_bodies = make_app(MAX_CONTENT_LENGTH=20_000).test_client()
    carol = accounts.new()
    document = large_document(300)
    assert len(json.dumps(document)) > 20_000

    response = small_bodies.post(IMPORT, json=document, headers=carol.headers)

    assert response.status_code == 201, response.get_json()
    contact = {"name": "Priya", "research_notes": "x" * 19_000, "notes": "x" * 5_000}
    too_long = small_bodies.post(CONTACTS, json=contact, headers=carol.headers)
    assert too_long.status_code == 413


def test_a_document_over_16_mib_is_refused(accounts):
    response = accounts.new().post(IMPORT, data=b" " * (16 * 1024 * 1024 + 1), content_type="application/json")
    assert_problem(response, 413, "payload_too_large")


def test_importing_500_contacts_costs_the_statements_of_importing_5(accounts, queries):
    def statements(document: dict) -> int:
        account = accounts.new()
        before = queries.count
        imported(account, document)
        return queries.count - before

    small = statements(large_document(5))
    large = statements(large_document(500))

    assert large == small <= 30


def test_a_large_import_restores_every_row(accounts):
    carol = accounts.new()
    counts = imported(carol, large_document(500))

    assert (counts["contacts"], counts["meetings"], counts["follow_ups"]) == (500, 100, 100)
    document = export(carol)
    assert [contact["tags"] for contact in document["contacts"]] == [[f"tag{i % 7}"] for i in range(1, 501)]
    ids = [contact["id"] for contact in document["contacts"]]
    assert [contact["referred_by_id"] for contact in document["contacts"][1::2]] == ids[0::2]


def test_the_same_document_imported_into_two_accounts_at_once(app, alice, accounts, full_export):
    ok(alice.delete(ME, json={"password": alice.password}), 204)  # its calendar UIDs are free to keep
    ana, carol = accounts.new(), accounts.new()

    responses = run_together(
        *(partial(app.test_client().post, IMPORT, json=full_export, headers=who.headers) for who in (ana, carol))
    )

    statuses = sorted(response.status_code for response in responses)
    # Both succeed (one gets new UIDs), or the one that lost the race for the UIDs is told to send it again.
    assert statuses in ([201, 201], [201, 409]), [response.get_json() for response in responses]
    for who, response in zip((ana, carol), responses, strict=True):
        if response.status_code == 409:
            assert response.get_json()["code"] == "import_conflict"
            imported(who, full_export)
    uids = [row["uid"] for who in (ana, carol) for row in export(who)["meetings"]]
    assert len(set(uids)) == len(uids)
