"""Exporting my whole account as one document, and importing that document into an empty account."""

from __future__ import annotations

import copy
import json
from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import (
    BANKS,
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    assert_problem,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
    starter_question,
)

EXPORT = "/api/v1/export"
IMPORT = "/api/v1/import"
ME = "/api/v1/me"

HELD = "2026-03-14T10:00:00+01:00"  # a meeting that has taken place
SOON = "2099-06-10T09:00:00Z"
KINDS = ("contacts", "goals", "question_banks", "questions", "meetings", "meeting_questions", "outcomes", "follow_ups")
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


# --- helpers ---------------------------------------------------------------------------


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json(silent=True)


def export(account) -> dict:
    return ok(account.get(EXPORT))


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


def give_a_full_account(account) -> None:
    """Make ``account`` own rows of every kind, with every kind of reference between them."""
    ok(account.patch(ME, json={"name": "Ana Lima", "timezone": "Europe/Lisbon", "reminder_minutes": None}))
    priya = new_contact(
        account,
        email="priya@example.org",
        company="Northwind Analytics",
        linkedin_url="https://www.linkedin.com/in/priya-raman",
        tags=["data", "mentor"],
        research_notes="Read her 2024 post on triage models.",
    )
    lena = new_contact(account, name="Lena Fischer", referred_by_id=priya["id"], tags=["berlin"])
    learn = new_goal(account, due_date="2027-01-31")
    meet_more = new_goal(account, title="Meet someone on a platform team", kind="second_connection")
    new_goal(account, title="Dropped idea", kind="other", status="dropped")

    starter = starter_question(account, "What happens when an idea is obviously a failure?")
    copy_of_starter = created(account.post(f"{BANKS}/{starter['bank_id']}/copy", json={"name": "My culture questions"}))
    created(account.post(f"{BANKS}/{copy_of_starter['id']}/copy", json={"name": "A copy of my copy"}))
    own_bank = created(account.post(BANKS, json={"name": "My own questions", "description": "For platform people."}))
    own_question = created(
        account.post(
            f"{BANKS}/{own_bank['id']}/questions",
            json={"text": "What does a good week look like for you?", "category": "role", "tags": ["week"]},
        )
    )

    held = new_meeting(
        account,
        priya["id"],
        starts_at=HELD,
        duration_minutes=45,
        location="Monmouth Coffee",
        video_url="https://meet.example.com/abc-defg-hij",
        agenda="Her move into data science.",
        two_way=True,
        goal_ids=[learn["id"], meet_more["id"]],
    )
    first = plan_question(account, held["id"], question_id=starter["id"])
    plan_question(account, held["id"], question_id=own_question["id"])
    plan_question(account, held["id"], text="How many people work at Northwind?", category="company", position=1)
    ok(
        account.patch(
            f"{plan_url(held['id'])}/{first['id']}",
            json={"asked": True, "answer": "A quarterly failure review.", "rating": 5},
        )
    )
    ok(account.patch(f"{MEETINGS}/{held['id']}", json={"status": "completed", "debrief": "Fits. Talk to Sam."}))
    created(account.post(f"{MEETINGS}/{held['id']}/referrals", json={"name": "Sam Okafor", "tags": ["platform"]}))
    created(account.post(f"{MEETINGS}/{held['id']}/outcomes", json={"goal_id": learn["id"], "result": "achieved"}))

    cancelled = new_meeting(account, lena["id"], starts_at=SOON, title="Coffee with Lena")
    ok(account.patch(f"{MEETINGS}/{cancelled['id']}", json={"status": "cancelled"}))
    upcoming = new_meeting(account, lena["id"], starts_at="2099-07-01T15:00:00+02:00", status="confirmed")
    plan_question(account, upcoming["id"], text="Who else should I talk to?", category="next_steps")

    thanks = ok(account.get(FOLLOW_UPS, query_string={"kind": "thank_you"}))["items"][0]
    ok(account.patch(f"{FOLLOW_UPS}/{thanks['id']}", json={"done_at": "2026-03-15T08:00:00Z"}))
    created(account.post(FOLLOW_UPS, json={"meeting_id": upcoming["id"], "kind": "report_back", "due_at": SOON}))
    created(account.post(FOLLOW_UPS, json={"contact_id": priya["id"], "kind": "check_in", "due_at": SOON}))


@pytest.fixture
def full_export(alice) -> dict:
    give_a_full_account(alice)
    return export(alice)


def small_document(**changes) -> dict:
    """A valid document of one contact, one goal and one meeting between them; ``changes`` replace its lists."""
    document = {
        "format": "coffeechat.export",
        "version": 1,
        "contacts": [{"id": 1, "name": "Priya Raman", "tags": ["data"]}],
        "goals": [{"id": 1, "title": "Learn how data teams work", "kind": "learn_culture"}],
        "meetings": [
            {"id": 1, "contact_id": 1, "purpose": "informational", "starts_at": SOON, "goal_ids": [1]},
        ],
        "follow_ups": [{"id": 1, "contact_id": 1, "meeting_id": 1, "kind": "check_in", "due_at": SOON}],
    }
    return {**document, **changes}


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


# --- cost and concurrency --------------------------------------------------------------


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
