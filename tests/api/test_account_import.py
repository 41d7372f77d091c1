"""Importing an account's export into an empty account: exported again it is the same document but for
ids (and calendar UIDs, while the original holds them); a document with an invalid field or a
reference to a row it lacks, or into an account with rows of its own, is refused and writes nothing.
"""

from __future__ import annotations

import copy

import pytest

from tests.api.account_documents import KINDS, export, give_a_full_account, small_document
from tests.factories import (
    BANKS,
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    IMPORT,
    ME,
    MEETINGS,
    SOON,
    assert_problem,
    new_contact,
    new_goal,
    ok,
    plan_url,
    starter_question,
)

# Where rows name other rows of the document: kind -> field -> the kind it names.
REFERENCES = {
    "contacts": {"referred_by_id": "contacts", "source_meeting_id": "meetings"},
    "question_banks": {"copied_from_id": "question_banks"},
    "questions": {"bank_id": "question_banks"},
    "meetings": {"contact_id": "contacts", "goal_ids": "goals"},
    "meeting_questions": {"meeting_id": "meetings", "question_id": "questions"},
    "outcomes": {"meeting_id": "meetings", "goal_id": "goals"},
    "follow_ups": {"contact_id": "contacts", "meeting_id": "meetings"},
}


def import_(account, document: dict):
    return account.post(IMPORT, json=document)


def imported(account, document: dict) -> dict:
    return ok(import_(account, document), 201)


def everything_of(account) -> dict:
    """What ``account`` owns as the API lists it (besides the export)."""

    def items(url: str, **query) -> list[dict]:
        return ok(account.get(url, query_string={"limit": 100, **query}))["items"]

    meetings = items(MEETINGS)
    banks = items(BANKS, builtin="false")
    return {
        "contacts": items(CONTACTS),
        "goals": items(GOALS),
        "meetings": meetings,
        "plans": [items(plan_url(m["id"])) for m in meetings],
        "outcomes": [items(f"{MEETINGS}/{m['id']}/outcomes") for m in meetings],
        "follow_ups": items(FOLLOW_UPS),
        "banks": banks,
        "questions": [items(f"{BANKS}/{b['id']}/questions") for b in banks],
    }


def without_ids(document: dict) -> dict:
    """The document with every id, and every reference to one, replaced by the row's position in its list.

    Calendar UIDs are left out too: a copy on the same server gets new ones. Built-in rows keep
    their ids, which are the same for every account.
    """
    positions = {kind: {row["id"]: index for index, row in enumerate(document[kind])} for kind in KINDS}
    result = {key: value for key, value in document.items() if key not in (*KINDS, "exported_at")}
    for kind in KINDS:
        rows = []
        for row in document[kind]:
            row = {key: value for key, value in row.items() if key not in ("id", "uid")}
            for field, named in REFERENCES.get(kind, {}).items():
                value = row[field]
                if isinstance(value, list):
                    row[field] = [positions[named][item] for item in value]
                elif value is not None:
                    row[field] = positions[named][value]
            rows.append(row)
        result[kind] = rows
    return result


@pytest.fixture
def full_export(alice) -> dict:
    give_a_full_account(alice)
    return export(alice)


# --- the round trip --------------------------------------------------------------------


def test_an_import_exported_again_gives_the_same_document_but_for_ids_and_uids(accounts, full_export):
    carol = accounts.new(name="Carol Example")

    imported(carol, full_export)
    again = export(carol)

    assert without_ids(again) == without_ids(full_export)


def test_the_imported_account_reads_through_the_api_as_the_original(alice, accounts, full_export):
    carol = accounts.new()
    imported(carol, full_export)

    original, copy_ = everything_of(alice), everything_of(carol)
    assert [c["name"] for c in copy_["contacts"]] == [c["name"] for c in original["contacts"]]
    assert [m["status"] for m in copy_["meetings"]] == [m["status"] for m in original["meetings"]]
    assert [[(q["text"], q["position"], q["answer"]) for q in plan] for plan in copy_["plans"]] == [
        [(q["text"], q["position"], q["answer"]) for q in plan] for plan in original["plans"]
    ]
    assert [g["progress"] for g in copy_["goals"]] == [g["progress"] for g in original["goals"]]
    assert ok(carol.get("/api/v1/stats")) == ok(alice.get("/api/v1/stats"))
    readiness = [ok(carol.get(f"{MEETINGS}/{m['id']}/readiness")) for m in copy_["meetings"]]
    assert readiness == [ok(alice.get(f"{MEETINGS}/{m['id']}/readiness")) for m in original["meetings"]]


def test_an_import_answers_the_rows_it_restored(accounts, full_export):
    counts = imported(accounts.new(), full_export)
    assert counts == {**{kind: len(full_export[kind]) for kind in KINDS}, "renewed_uids": 6}


def test_a_planned_starter_question_still_names_it_after_an_import(alice, accounts, full_export):
    starter = starter_question(alice, "What happens when an idea is obviously a failure?")
    carol = accounts.new()
    imported(carol, full_export)

    (held,) = [m for m in everything_of(carol)["meetings"] if m["status"] == "completed"]
    plan = ok(carol.get(plan_url(held["id"])))["items"]
    assert [item["question_id"] for item in plan if item["text"] == starter["text"]] == [starter["id"]]


def test_a_completed_meeting_comes_back_completed_with_no_second_thank_you(accounts, full_export):
    carol = accounts.new()
    imported(carol, full_export)

    completed = [m for m in everything_of(carol)["meetings"] if m["status"] == "completed"]
    assert len(completed) == 1 and completed[0]["completed_at"] is not None
    thanks = ok(carol.get(FOLLOW_UPS, query_string={"kind": "thank_you"}))["items"]
    assert len(thanks) == 1 and thanks[0]["done_at"] == "2026-03-15T08:00:00Z"
    # Completing it again (a retried PATCH) does not owe a new one either.
    ok(carol.patch(f"{MEETINGS}/{completed[0]['id']}", json={"status": "completed"}))
    assert len(ok(carol.get(FOLLOW_UPS, query_string={"kind": "thank_you"}))["items"]) == 1


def test_an_import_keeps_timestamps_and_calendar_sequences(accounts, full_export):
    carol = accounts.new()
    imported(carol, full_export)
    again = export(carol)

    for kind in KINDS:
        stamps = [(row["created_at"], row["updated_at"]) for row in again[kind]]
        assert stamps == [(row["created_at"], row["updated_at"]) for row in full_export[kind]], kind
    assert [m["sequence"] for m in again["meetings"]] == [m["sequence"] for m in full_export["meetings"]]
    assert any(m["sequence"] > 0 for m in again["meetings"])


def test_on_the_same_server_a_copy_gets_new_calendar_uids(accounts, full_export):
    carol = accounts.new()
    imported(carol, full_export)
    again = export(carol)

    for kind in ("meetings", "follow_ups"):
        old = {row["uid"] for row in full_export[kind]}
        assert old.isdisjoint(row["uid"] for row in again[kind])


def test_once_the_original_account_is_gone_the_calendar_uids_are_kept(alice, accounts, full_export):
    ok(alice.delete(ME, json={"password": alice.password}), 204)
    carol = accounts.new()

    counts = imported(carol, full_export)

    assert counts["renewed_uids"] == 0
    again = export(carol)
    for kind in ("meetings", "follow_ups"):
        assert [row["uid"] for row in again[kind]] == [row["uid"] for row in full_export[kind]]


def test_an_import_sets_my_settings_but_not_my_email(accounts, full_export):
    carol = accounts.new(name="Carol Example")
    imported(carol, full_export)

    me = ok(carol.get(ME))
    assert (me["name"], me["timezone"], me["reminder_minutes"]) == ("Ana Lima", "Europe/Lisbon", None)
    assert me["email"] == carol.email


INVITATION = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:7kc9ht3r2m@google.com
DTSTAMP:20261101T120000Z
DTSTART:20990610T090000Z
DTEND:20990610T093000Z
SEQUENCE:3
SUMMARY:Coffee with Priya (moved)
ORGANIZER;CN=Priya Raman:mailto:priya@example.org
END:VEVENT
END:VCALENDAR
"""


def test_a_meeting_imported_from_an_invitation_is_still_updated_by_it(accounts):
    document = small_document()
    document["meetings"][0].update(invite_uid="7kc9ht3r2m@google.com", invite_sequence=2)
    carol = accounts.new()
    imported(carol, document)

    report = ok(carol.post("/api/v1/calendar/import", data=INVITATION, content_type="text/calendar"))

    assert [event["action"] for event in report["events"]] == ["updated"]
    (meeting,) = export(carol)["meetings"]
    assert (meeting["title"], meeting["invite_sequence"]) == ("Coffee with Priya (moved)", 3)


def test_a_minimal_document_gets_the_defaults_a_new_row_gets(accounts):
    carol = accounts.new(timezone="Europe/Berlin")
    imported(carol, small_document())

    (meeting,) = export(carol)["meetings"]
    assert (meeting["title"], meeting["timezone"], meeting["status"]) == (
        "Coffee chat with Priya Raman",
        "Europe/Berlin",
        "planned",
    )
    assert meeting["uid"].endswith("@coffeechat") and meeting["sequence"] == 0


def test_each_plan_is_numbered_from_1_in_the_documents_order(accounts):
    plan = [
        {"id": 5, "meeting_id": 1, "text": "Third?", "position": 30},
        {"id": 6, "meeting_id": 1, "text": "First?", "position": 2},
        {"id": 7, "meeting_id": 1, "text": "Second?", "position": 7},
    ]
    carol = accounts.new()
    imported(carol, small_document(meeting_questions=plan))

    (meeting,) = export(carol)["meetings"]
    items = ok(carol.get(plan_url(meeting["id"])))["items"]
    assert [(item["text"], item["position"]) for item in items] == [("First?", 1), ("Second?", 2), ("Third?", 3)]


# --- what an import refuses ------------------------------------------------------------


def test_an_account_that_has_rows_of_its_own_cannot_import(alice, accounts, full_export):
    carol = accounts.new()
    new_contact(carol, name="Already here")
    new_goal(carol)
    before = everything_of(carol)

    problem = assert_problem(import_(carol, full_export), 409, "account_not_empty")

    assert problem["detail"].startswith("This account already has 1 contact and 1 goal.")
    assert everything_of(carol) == before


def test_importing_the_same_document_twice_is_refused_the_second_time(accounts, full_export):
    carol = accounts.new()
    imported(carol, full_export)
    before = everything_of(carol)

    assert_problem(import_(carol, full_export), 409, "account_not_empty")
    assert everything_of(carol) == before


@pytest.mark.parametrize("version", [2, 0, "1"])
def test_a_document_of_another_version_is_refused_by_its_version_alone(accounts, version):
    document = small_document(version=version, contacts=[{"id": 1}])
    problem = assert_problem(import_(accounts.new(), document), 422, "validation_failed")
    assert set(problem["errors"]) == {"version"}


def test_a_document_that_is_not_an_export_is_refused(accounts):
    problem = assert_problem(import_(accounts.new(), {"items": []}), 422, "validation_failed")
    assert set(problem["errors"]) == {"format", "version"}


def test_an_invalid_field_is_named_by_its_path_and_nothing_is_written(accounts):
    contacts = [{"id": 1, "name": "Priya Raman"}, {"id": 2, "name": "Sam", "email": "not an address", "tags": [""]}]
    carol = accounts.new()
    before = everything_of(carol)

    problem = assert_problem(import_(carol, small_document(contacts=contacts)), 422, "validation_failed")

    assert set(problem["errors"]) == {"contacts.1.email", "contacts.1.tags.0"}
    assert everything_of(carol) == before


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"contacts": [{"id": 1, "name": "Priya", "referred_by_id": 9}]}, "contacts.0.referred_by_id"),
        ({"contacts": [{"id": 1, "name": "Priya", "source_meeting_id": 9}]}, "contacts.0.source_meeting_id"),
        ({"goals": []}, "meetings.0.goal_ids"),
        ({"outcomes": [{"id": 1, "meeting_id": 1, "goal_id": 2, "result": "progressed"}]}, "outcomes.0.goal_id"),
        ({"questions": [{"id": 1, "bank_id": 4, "text": "Why?"}]}, "questions.0.bank_id"),
        (
            {"meeting_questions": [{"id": 1, "meeting_id": 3, "text": "Why?", "position": 1}]},
            "meeting_questions.0.meeting_id",
        ),
        (
            {"meeting_questions": [{"id": 1, "meeting_id": 1, "text": "Why?", "position": 1, "question_id": 8}]},
            "meeting_questions.0.question_id",
        ),
        (
            {
                "meeting_questions": [
                    {"id": 1, "meeting_id": 1, "text": "Why?", "position": 1, "builtin_question_id": 2**31 - 1}
                ]
            },
            "meeting_questions.0.builtin_question_id",
        ),
        (
            {"question_banks": [{"id": 1, "name": "Mine", "copied_from_builtin_id": 2**31 - 1}]},
            "question_banks.0.copied_from_builtin_id",
        ),
        ({"follow_ups": [{"id": 1, "contact_id": 5, "kind": "check_in", "due_at": SOON}]}, "follow_ups.0.contact_id"),
    ],
    ids=[
        "referrer",
        "source meeting",
        "meeting goal",
        "outcome goal",
        "question bank",
        "planned question meeting",
        "planned question source",
        "starter question",
        "starter bank",
        "follow-up contact",
    ],
)
def test_a_reference_to_a_row_the_document_lacks_is_named_by_its_path(accounts, changes, path):
    carol = accounts.new()
    before = everything_of(carol)

    problem = assert_problem(import_(carol, small_document(**changes)), 422, "validation_failed")

    assert path in problem["errors"], problem
    assert everything_of(carol) == before


def test_a_repeated_id_is_refused(accounts):
    contacts = [{"id": 1, "name": "Priya"}, {"id": 1, "name": "Sam"}]
    problem = assert_problem(import_(accounts.new(), small_document(contacts=contacts)), 422, "validation_failed")
    assert set(problem["errors"]) == {"contacts.1.id"}


def test_a_referral_loop_is_refused(accounts):
    contacts = [
        {"id": 1, "name": "Priya", "referred_by_id": 3},
        {"id": 2, "name": "Sam", "referred_by_id": 1},
        {"id": 3, "name": "Lena", "referred_by_id": 2},
        {"id": 4, "name": "Introduced by Lena", "referred_by_id": 3},
    ]
    problem = assert_problem(import_(accounts.new(), small_document(contacts=contacts)), 422, "validation_failed")
    assert set(problem["errors"]) == {f"contacts.{n}.referred_by_id" for n in range(3)}


def test_a_follow_up_of_a_meeting_with_someone_else_is_refused(accounts):
    contacts = [{"id": 1, "name": "Priya"}, {"id": 2, "name": "Sam"}]
    follow_ups = [{"id": 1, "contact_id": 2, "meeting_id": 1, "kind": "check_in", "due_at": SOON}]
    document = small_document(contacts=contacts, follow_ups=follow_ups)
    problem = assert_problem(import_(accounts.new(), document), 422, "validation_failed")
    assert set(problem["errors"]) == {"follow_ups.0.meeting_id"}


def test_a_completed_meeting_that_has_not_started_is_refused(accounts):
    document = small_document()
    document["meetings"][0]["status"] = "completed"
    problem = assert_problem(import_(accounts.new(), document), 422, "validation_failed")
    assert set(problem["errors"]) == {"meetings.0.status"}


def test_a_plan_longer_than_a_meeting_takes_is_refused(accounts):
    plan = [{"id": n, "meeting_id": 1, "text": f"Question {n}?", "position": n} for n in range(1, 52)]
    problem = assert_problem(import_(accounts.new(), small_document(meeting_questions=plan)), 422, "validation_failed")
    assert set(problem["errors"]) == {"meeting_questions.50.meeting_id"}


def test_the_fields_of_a_document_are_checked_before_its_references(accounts, full_export):
    document = copy.deepcopy(full_export)
    document["contacts"][0]["email"] = "nope"
    document["meetings"][1]["contact_id"] = 2**31 - 1
    document["follow_ups"][2]["kind"] = "dance"

    problem = assert_problem(import_(accounts.new(), document), 422, "validation_failed")

    assert set(problem["errors"]) == {"contacts.0.email", "follow_ups.2.kind"}
    document["contacts"][0]["email"] = "priya@example.org"
    document["follow_ups"][2]["kind"] = "check_in"
    problem = assert_problem(import_(accounts.new(), document), 422, "validation_failed")
    assert set(problem["errors"]) == {"meetings.1.contact_id"}
