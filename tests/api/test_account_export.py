"""Exporting my whole account as one document: every kind of row I own, as the API shows it, in id
order, without secrets or what is computed, and nothing of anyone else's. (Importing it:
test_account_import.py.)
"""

from __future__ import annotations

import pytest

from tests.api.account_documents import KINDS, export, give_a_full_account
from tests.factories import BANKS, CONTACTS, EXPORT, FOLLOW_UPS, MEETINGS, new_contact, ok, starter_question


@pytest.fixture
def full_export(alice) -> dict:
    give_a_full_account(alice)
    return export(alice)


# --- the export ------------------------------------------------------------------------


def test_the_export_holds_every_kind_of_row_i_own(alice, full_export):
    assert (full_export["format"], full_export["version"]) == ("coffeechat.export", 1)
    assert full_export["profile"] == {"name": "Ana Lima", "timezone": "Europe/Lisbon", "reminder_minutes": None}
    starter = starter_question(alice, "What happens when an idea is obviously a failure?")
    starter_bank = ok(alice.get(f"{BANKS}/{starter['bank_id']}"))
    assert {kind: len(full_export[kind]) for kind in KINDS} == {
        "contacts": 3,  # Sam came as a referral
        "goals": 3,
        "question_banks": 3,
        "questions": 2 * starter_bank["question_count"] + 1,  # two copies of a starter bank, and my own question
        "meetings": 3,
        "meeting_questions": 4,
        "outcomes": 2,  # the achieved one, and the referral's progress on the second_connection goal
        "follow_ups": 3,  # the thank-you that completing the meeting made among them
    }


def test_exported_rows_read_as_the_api_shows_them(alice, full_export):
    contacts = {row["id"]: row for row in full_export["contacts"]}
    for contact in ok(alice.get(CONTACTS))["items"]:
        assert contacts[contact["id"]] == contact
    meetings = {row["id"]: row for row in full_export["meetings"]}
    for meeting in ok(alice.get(MEETINGS))["items"]:
        exported = meetings[meeting["id"]]
        assert {key: exported[key] for key in meeting} == meeting
    follow_ups = {row["id"]: row for row in full_export["follow_ups"]}
    for follow_up in ok(alice.get(FOLLOW_UPS))["items"]:
        assert follow_ups[follow_up["id"]] == follow_up


def test_the_export_leaves_out_secrets_and_what_is_computed(alice, full_export):
    assert set(full_export["profile"]) == {"name", "timezone", "reminder_minutes"}
    assert all("progress" not in goal for goal in full_export["goals"])
    assert all("warnings" not in item for item in full_export["meeting_questions"])
    assert all("question_count" not in bank and "builtin" not in bank for bank in full_export["question_banks"])
    text = str(full_export)
    assert alice.email not in text and "password" not in text


def test_the_export_lists_each_kind_in_id_order(full_export):
    for kind in KINDS:
        ids = [row["id"] for row in full_export[kind]]
        assert ids == sorted(ids), kind


def test_a_copy_of_a_starter_bank_and_a_planned_starter_question_name_them_as_built_in(alice, full_export):
    starter = starter_question(alice, "What happens when an idea is obviously a failure?")
    banks = full_export["question_banks"]
    assert [bank["copied_from_builtin_id"] for bank in banks] == [starter["bank_id"], None, None]
    assert [bank["copied_from_id"] for bank in banks] == [None, banks[0]["id"], None]
    (planned,) = [item for item in full_export["meeting_questions"] if item["text"] == starter["text"]]
    assert (planned["question_id"], planned["builtin_question_id"]) == (None, starter["id"])
    exported_question_ids = {question["id"] for question in full_export["questions"]}
    assert starter["id"] not in exported_question_ids


def test_my_export_never_contains_someone_elses_things(alice, bob):
    give_a_full_account(bob)
    new_contact(alice, name="Only mine")

    document = export(alice)

    assert [contact["name"] for contact in document["contacts"]] == ["Only mine"]
    assert all(document[kind] == [] for kind in KINDS if kind != "contacts")
    assert document["profile"]["name"] == "Alice Example"


def test_the_export_costs_the_same_queries_for_few_or_many_rows(alice, full_export, queries):
    def count() -> int:
        before = queries.count
        export(alice)
        return queries.count - before

    few = count()
    give_a_full_account(alice)
    for n in range(5):
        new_contact(alice, name=f"Contact {n}", tags=["a", "b", "c"])
    assert count() == few


def test_an_unchanged_export_answers_304_to_its_etag(alice, full_export):
    response = alice.get(EXPORT)
    etag = response.headers["ETag"]

    assert alice.get(EXPORT, headers={"If-None-Match": etag}).status_code == 304
    new_contact(alice, name="Someone new")
    changed = alice.get(EXPORT, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
