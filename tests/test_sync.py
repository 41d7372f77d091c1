"""Delta sync: a full sync pages through everything; a delta sends what changed since, deletions included,
never skipping a change committed while the client pages."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import bindparam, delete, insert, select, update

from service.database import db
from service.models import Change, Contact, ContactTag, Goal, User, meeting_goals
from service.models.types import utcnow
from service.schemas.sync import KINDS
from service.sync import Position, UnrecordedStatement, encode_token
from tests.conftest import Account, run_together
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
)

SYNC = "/api/v1/sync"
DUE = "2099-06-02T09:30:00Z"


# --- helpers ---------------------------------------------------------------------------


def sync(account: Account, since: str | None = None, limit: int | None = None, client=None) -> dict:
    """One page of a sync that must succeed."""
    query = {key: value for key, value in {"since": since, "limit": limit}.items() if value is not None}
    response = (client or account.client).get(SYNC, query_string=query, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def sync_problem(account: Account, status: int, **query) -> dict:
    response = account.get(SYNC, query_string=query)
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    return response.get_json()


class Copy:
    """A client's copy of its account, kept up to date by syncing."""

    def __init__(self):
        self.objects: dict[str, dict[int, dict]] = {kind: {} for kind in KINDS}
        self.since: str | None = None
        self.pages: list[dict] = []

    def apply(self, page: dict) -> None:
        self.pages.append(page)
        for kind, objects in page["changes"].items():
            for obj in objects:
                self.objects[kind][obj["id"]] = obj
        for gone in page["deleted"]:
            self.objects[gone["type"]].pop(gone["id"], None)
        self.since = page["next_since"]

    def catch_up(self, account: Account, limit: int | None = None, client=None) -> Copy:
        while True:
            page = sync(account, self.since, limit, client)
            self.apply(page)
            if not page["has_more"]:
                return self


def synced(account: Account) -> str:
    """A token after everything there is now."""
    return Copy().catch_up(account, limit=500).since


def read(account: Account, url: str) -> dict:
    response = account.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def items(account: Account, url: str, **query) -> list[dict]:
    page = read(account, f"{url}?limit=100&" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert page["next_cursor"] is None
    return page["items"]


def everything(account: Account) -> dict[str, dict[int, dict]]:
    """Every object ``account`` sees, read through the list endpoints: what a full copy must hold."""
    meetings = items(account, MEETINGS)
    banks = items(account, BANKS)
    return {
        "contacts": {c["id"]: c for c in items(account, CONTACTS)},
        "meetings": {m["id"]: m for m in meetings},
        "meeting_questions": {q["id"]: q for m in meetings for q in items(account, plan_url(m["id"]))},
        "question_banks": {b["id"]: b for b in banks},
        "questions": {q["id"]: q for b in banks for q in items(account, f"{BANKS}/{b['id']}/questions")},
        "goals": {g["id"]: g for g in items(account, GOALS)},
        "outcomes": {o["id"]: o for m in meetings for o in items(account, f"{MEETINGS}/{m['id']}/outcomes")},
        "follow_ups": {f["id"]: f for f in items(account, FOLLOW_UPS)},
    }


def one_of_everything(account: Account, n: int = 1) -> None:
    """``n`` objects of every kind, with tags, goal links, plans, outcomes and referrals."""
    for i in range(n):
        contact = new_contact(account, name=f"Contact {i}", tags=["data", f"t{i}"])
        goal = new_goal(account, title=f"Goal {i}")
        meeting = new_meeting(account, contact["id"], goal_ids=[goal["id"]])
        plan_question(account, meeting["id"], text=f"What surprised you most in year {i}?")
        created(
            account.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "progressed"})
        )
        created(account.post(f"{MEETINGS}/{meeting['id']}/referrals", json={"name": f"Referral {i}"}))
        created(account.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": DUE}))
        bank = created(account.post(BANKS, json={"name": f"Bank {i}"}))
        created(account.post(f"{BANKS}/{bank['id']}/questions", json={"text": f"What does a good week {i} look like?"}))


def builtin_ids(account: Account) -> dict[str, set[int]]:
    banks = items(account, BANKS, builtin="true")
    questions = {q["id"] for b in banks for q in items(account, f"{BANKS}/{b['id']}/questions")}
    return {"question_banks": {b["id"] for b in banks}, "questions": questions}


def change_rows(app, user_id: int) -> list[Change]:
    with app.app_context():
        return list(db.session.scalars(select(Change).where(Change.user_id == user_id).order_by(Change.seq)))


# --- a full sync -------------------------------------------------------------------------


def test_a_full_sync_pages_through_everything_once(alice):
    one_of_everything(alice, 2)

    copy = Copy().catch_up(alice, limit=7)

    assert copy.objects == everything(alice)
    sent = [(kind, obj["id"]) for page in copy.pages for kind, objs in page["changes"].items() for obj in objs]
    assert len(sent) == len(set(sent))  # nothing twice
    assert all(page["has_more"] for page in copy.pages[:-1]) and not copy.pages[-1]["has_more"]
    assert all(page["deleted"] == [] for page in copy.pages)


def test_a_full_sync_sends_the_built_in_banks_first_and_a_delta_never_again(alice):
    builtin = builtin_ids(alice)
    new_contact(alice)

    first = sync(alice, limit=len(builtin["question_banks"]) + len(builtin["questions"]))

    assert {b["id"] for b in first["changes"]["question_banks"]} == builtin["question_banks"]
    assert {q["id"] for q in first["changes"]["questions"]} == builtin["questions"]
    assert first["changes"]["contacts"] == [] and first["has_more"]
    rest = Copy()
    rest.since = first["next_since"]
    rest.catch_up(alice)
    assert rest.objects["question_banks"] == {} and rest.objects["questions"] == {}
    assert len(rest.objects["contacts"]) == 1
    new_goal(alice)
    delta = sync(alice, rest.since)
    assert delta["changes"]["question_banks"] == [] and delta["changes"]["questions"] == []


def test_a_full_sync_leaves_out_what_was_deleted_before_it_started(alice):
    gone = new_contact(alice, name="Gone")
    assert alice.delete(f"{CONTACTS}/{gone['id']}").status_code == 204

    copy = Copy().catch_up(alice, limit=500)

    assert [page["deleted"] for page in copy.pages] == [[]]


def test_a_full_sync_sends_what_is_deleted_while_it_pages(alice):
    contacts = [new_contact(alice, name=f"C{i}") for i in range(3)]
    copy = Copy()
    while not copy.objects["contacts"]:
        copy.apply(sync(alice, copy.since, limit=20))

    assert alice.delete(f"{CONTACTS}/{contacts[0]['id']}").status_code == 204
    copy.catch_up(alice, limit=20)

    assert copy.objects == everything(alice)
    assert {"type": "contacts", "id": contacts[0]["id"]} in copy.pages[-1]["deleted"]


# --- a delta, for each kind -------------------------------------------------------------


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


def test_a_patch_that_changes_nothing_records_nothing(alice):
    contact = new_contact(alice, title="Analyst")
    since = synced(alice)

    assert alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": "Analyst"}).status_code == 200

    page = sync(alice, since)
    assert page["changes"]["contacts"] == [] and page["next_since"] == since


def test_planning_a_question_sends_the_meeting_with_its_new_updated_at(alice):
    meeting = new_meeting(alice)
    since = synced(alice)

    plan_question(alice, meeting["id"], text="What does a good week look like for you?", category="role")

    page = sync(alice, since)
    assert page["changes"]["meetings"] == [read(alice, f"{MEETINGS}/{meeting['id']}")]
    assert len(page["changes"]["meeting_questions"]) == 1


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


# --- what else a change or a deletion changes -------------------------------------------


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


# --- bulk statements ------------------------------------------------------------------------


def test_bulk_inserts_are_recorded_with_their_tags_and_goal_links(app, alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice)
    since = synced(alice)

    with app.app_context():
        db.session.execute(insert(Contact), [{"user_id": alice.id, "name": f"Bulk {i}"} for i in range(3)])
        ids = db.session.scalars(select(Contact.id).where(Contact.name.like("Bulk %")).order_by(Contact.id)).all()
        db.session.execute(insert(ContactTag), [{"contact_id": ids[0], "position": 0, "tag": "imported"}])
        db.session.execute(meeting_goals.insert(), [{"meeting_id": meeting["id"], "goal_id": goal["id"]}])
        db.session.commit()

    page = sync(alice, since)
    assert {c["name"]: c["tags"] for c in page["changes"]["contacts"]} == {
        "Bulk 0": ["imported"],
        "Bulk 1": [],
        "Bulk 2": [],
    }
    assert [m["goal_ids"] for m in page["changes"]["meetings"]] == [[goal["id"]]]
    assert [g["progress"]["meetings"] for g in page["changes"]["goals"]] == [1]


def test_bulk_updates_are_recorded_by_primary_key_and_by_where_clause(app, alice):
    first, second, untouched = (new_contact(alice, name=name) for name in ("First", "Second", "Untouched"))
    since = synced(alice)

    with app.app_context():
        db.session.execute(update(Contact), [{"id": first["id"], "company": "Northwind"}])
        db.session.execute(update(Contact).where(Contact.id == second["id"]).values(company="Contoso"))
        # A WHERE clause that matches no row records nothing.
        db.session.execute(
            update(Contact).where(Contact.id == untouched["id"], Contact.name == "Someone else").values(company="X")
        )
        db.session.commit()

    page = sync(alice, since)
    assert {c["name"]: c["company"] for c in page["changes"]["contacts"]} == {
        "First": "Northwind",
        "Second": "Contoso",
    }


def test_a_bulk_delete_leaves_tombstones_for_everything_deleted_with_it(app, alice):
    meeting = new_meeting(alice)
    since = synced(alice)

    with app.app_context():
        db.session.execute(delete(Contact).where(Contact.id == meeting["contact_id"]))
        db.session.commit()

    assert sorted((gone["type"], gone["id"]) for gone in sync(alice, since)["deleted"]) == [
        ("contacts", meeting["contact_id"]),
        ("meetings", meeting["id"]),
    ]


def test_a_bulk_statement_whose_rows_cannot_be_told_is_refused(app, alice):
    contact = new_contact(alice)

    with app.app_context(), pytest.raises(UnrecordedStatement):
        db.session.execute(
            Contact.__table__.update().where(Contact.__table__.c.id == bindparam("b_id")).values(company="X"),
            [{"b_id": contact["id"]}],
        )


def test_an_imported_account_is_all_in_the_next_delta(alice, accounts):
    # POST /api/v1/import restores a document with bulk inserts and bulk updates by primary key.
    one_of_everything(alice, 2)
    document = read(alice, "/api/v1/export")
    carol = accounts.new(name="Carol")
    since = synced(carol)

    assert carol.post("/api/v1/import", json=document).status_code == 201

    copy = Copy()
    copy.since = since
    expected = everything(carol)
    for kind, builtin in builtin_ids(carol).items():
        expected[kind] = {i: obj for i, obj in expected[kind].items() if i not in builtin}
    assert copy.catch_up(carol).objects == expected
    assert len(copy.objects["contacts"]) == 4 and all(copy.objects.values())


def test_contacts_imported_from_a_file_are_in_the_next_delta(alice):
    existing = new_contact(alice, name="Ana Lima", email="ana@example.org")
    since = synced(alice)
    csv = "name,email,company\nAna Lima,ana@example.org,Contoso\nSam Okafor,sam@example.org,Northwind\n"

    response = alice.post(f"{CONTACTS}/import", data=csv.encode(), content_type="text/csv")

    assert response.status_code == 200, response.get_json()
    page = sync(alice, since)
    assert {c["name"]: c["company"] for c in page["changes"]["contacts"]} == {
        "Ana Lima": "Contoso",
        "Sam Okafor": "Northwind",
    }
    assert read(alice, f"{CONTACTS}/{existing['id']}") in page["changes"]["contacts"]


# --- numbering ------------------------------------------------------------------------------


def test_concurrent_writers_get_distinct_consecutive_numbers(app, alice):
    # Straight through the ORM, as a CLI command or a factory writes: no request locks the user first.
    before = max(row.seq for row in change_rows(app, alice.id)) if change_rows(app, alice.id) else 0

    def write(n: int) -> None:
        with app.app_context():
            db.session.add(Contact(user_id=alice.id, name=f"Writer {n}"))
            db.session.commit()

    run_together(*(partial(write, n) for n in range(6)))

    assert sorted(row.seq for row in change_rows(app, alice.id)) == list(range(before + 1, before + 7))
    with app.app_context():
        assert db.session.get(User, alice.id).change_seq == before + 6


def test_a_change_committed_after_a_later_one_is_not_skipped(app, alice):
    since = synced(alice)
    flushed, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write(name: str, hold: bool = False) -> None:
        try:
            with app.app_context():
                db.session.add(Contact(user_id=alice.id, name=name))
                db.session.flush()
                if hold:
                    flushed.set()
                    go.wait(10)
                db.session.commit()
        except BaseException as error:
            errors.append(error)

    slow = threading.Thread(target=write, args=("Slow", True))
    slow.start()
    assert flushed.wait(10)
    quick = threading.Thread(target=write, args=("Quick",))
    quick.start()
    quick.join(timeout=0.5)  # where the slow one holds a lock the quick one needs, it waits
    copy = Copy()
    copy.since = since
    copy.catch_up(alice)  # Quick, if it committed first
    go.set()
    slow.join()
    quick.join()
    assert errors == []

    copy.catch_up(alice)

    assert sorted(c["name"] for c in copy.objects["contacts"].values()) == ["Quick", "Slow"]


def test_changes_committed_while_a_client_pages_are_never_skipped(app, alice):
    for i in range(10):
        new_contact(alice, name=f"Before {i}")
    goals = [new_goal(alice, title=f"Goal {n}") for n in range(3)]
    writers_left = threading.Semaphore(0)
    writers = 3

    def through_the_api(n: int) -> None:
        client = app.test_client()
        for i in range(12):
            contact = created(client.post(CONTACTS, json={"name": f"W{n}-{i}"}, headers=alice.headers))
            url = f"{CONTACTS}/{contact['id']}"
            assert client.patch(url, json={"title": f"v{i}"}, headers=alice.headers).status_code == 200
            goal_url = f"{GOALS}/{goals[n]['id']}"
            assert client.patch(goal_url, json={"description": f"{i}"}, headers=alice.headers).status_code == 200
            if i % 4 == 3:
                assert client.delete(url, headers=alice.headers).status_code == 204

    def through_the_orm(n: int) -> None:
        # As a CLI command writes: no request locks the user first, and transactions overlap.
        with app.app_context():
            made = []
            for i in range(12):
                made.append(Contact(user_id=alice.id, name=f"W{n}-{i}", title=f"v{i}"))
                db.session.add(made[-1])
                db.session.flush()
                # Hold some transactions open while others commit, so commits overtake each other; the
                # contact is not touched again, so a change skipped would stay missing.
                time.sleep(0.02 if (i + n) % 2 else 0.001)
                db.session.commit()
                db.session.get(Goal, goals[n]["id"]).description = f"{i}"
                db.session.commit()
                if i % 4 == 3:
                    db.session.delete(made[i - 3])
                    db.session.commit()

    def writer(write: Callable[[int], None], n: int) -> None:
        try:
            write(n)
        finally:
            writers_left.release()

    def reader() -> Copy:
        client = app.test_client()
        copy = Copy()
        while not writers_left.acquire(blocking=False):
            copy.apply(sync(alice, copy.since, limit=3, client=client))
        for _ in range(writers - 1):
            writers_left.acquire()
        return copy.catch_up(alice, limit=3, client=client)

    copy, *_ = run_together(
        reader,
        partial(writer, through_the_api, 0),
        partial(writer, through_the_orm, 1),
        partial(writer, through_the_orm, 2),
    )

    assert copy.objects == everything(alice)
    assert len(copy.objects["contacts"]) == 10 + 3 * 9
    assert {g["description"] for g in copy.objects["goals"].values()} == {"11"}
    assert sum(bool(page["changes"]["contacts"]) for page in copy.pages) > 5  # it did page while they wrote


# --- paging and tokens -------------------------------------------------------------------------


def test_limit_pages_the_changes_and_an_empty_page_keeps_the_position(alice):
    since = synced(alice)
    contacts = [new_contact(alice, name=f"C{i}") for i in range(5)]

    first = sync(alice, since, limit=2)
    second = sync(alice, first["next_since"], limit=2)
    third = sync(alice, second["next_since"], limit=2)
    empty = sync(alice, third["next_since"], limit=2)

    pages = [first, second, third]
    assert [[c["id"] for c in page["changes"]["contacts"]] for page in pages] == [
        [c["id"] for c in contacts[:2]],
        [c["id"] for c in contacts[2:4]],
        [contacts[4]["id"]],
    ]
    assert [page["has_more"] for page in (*pages, empty)] == [True, True, False, False]
    assert empty["changes"]["contacts"] == [] and empty["next_since"] == third["next_since"]


def test_limit_is_100_by_default_and_at_most_500(alice):
    builtin = sum(len(ids) for ids in builtin_ids(alice).values())
    for i in range(101 - builtin):
        new_contact(alice, name=f"C{i}")

    page = sync(alice)

    assert sum(len(objects) for objects in page["changes"].values()) == 100 and page["has_more"]
    problem = sync_problem(alice, 422, limit=501)
    assert "limit" in problem["errors"]


def test_an_empty_since_is_a_full_sync_as_for_a_client_without_a_token_yet(alice):
    new_contact(alice, name="Ana")
    assert sync(alice, since="") == sync(alice)


@pytest.mark.parametrize("since", ["not-a-token", "W10", "WzEsMSwyXQ", "WzIsMSwwLDAsMCw3Mzk5NDZd", "!!!"])
def test_a_token_this_api_did_not_give_is_a_422_naming_since(alice, since):
    problem = sync_problem(alice, 422, since=since)
    assert problem["code"] == "invalid_sync_token" and "since" in problem["errors"]


def test_someone_elses_token_is_a_422_and_their_changes_never_show(alice, bob):
    since = synced(alice)
    bobs_token = synced(bob)
    new_contact(bob, name="Bob's")
    new_goal(bob)

    assert sync_problem(alice, 422, since=bobs_token)["code"] == "invalid_sync_token"
    page = sync(alice, since)
    assert all(objects == [] for objects in page["changes"].values()) and page["deleted"] == []
    full = Copy().catch_up(alice)
    assert full.objects["contacts"] == {} and full.objects["goals"] == {}


def test_a_token_issued_over_90_days_ago_is_a_410(app, alice):
    with app.app_context():
        old = encode_token(Position(), alice.id, (utcnow() - timedelta(days=91)).date())
        recent = encode_token(Position(), alice.id, (utcnow() - timedelta(days=89)).date())

    problem = sync_problem(alice, 410, since=old)
    assert problem["code"] == "sync_token_expired"
    assert "without `since`" in problem["detail"]
    sync(alice, recent)


def test_purging_old_tombstones_makes_older_tokens_a_410(app, alice):
    old, recent = new_contact(alice, name="Deleted long ago"), new_contact(alice, name="Deleted yesterday")
    before_purge = synced(alice)
    assert alice.delete(f"{CONTACTS}/{old['id']}").status_code == 204
    after_delete = synced(alice)
    assert alice.delete(f"{CONTACTS}/{recent['id']}").status_code == 204
    with app.app_context():
        db.session.execute(
            update(Change)
            .where(Change.user_id == alice.id, Change.kind == "contacts", Change.object_id == old["id"])
            .values(deleted_at=utcnow() - timedelta(days=91))
        )
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["sync", "purge"])

    assert result.exit_code == 0 and "purged 1 tombstones" in result.output
    assert sync_problem(alice, 410, since=before_purge)["code"] == "sync_token_expired"
    assert sync(alice, after_delete)["deleted"] == [{"type": "contacts", "id": recent["id"]}]
    assert Copy().catch_up(alice).objects == everything(alice)


def test_a_sync_answers_with_an_etag_and_304_while_nothing_changed(alice):
    since = synced(alice)
    response = alice.get(SYNC, query_string={"since": since})
    etag = response.headers["ETag"]

    assert alice.get(SYNC, query_string={"since": since}, headers={"If-None-Match": etag}).status_code == 304
    new_contact(alice)
    assert alice.get(SYNC, query_string={"since": since}, headers={"If-None-Match": etag}).status_code == 200


def test_a_sync_page_costs_the_same_queries_for_few_or_many_objects(alice, queries):
    def count_for_full_sync() -> int:
        before = queries.count
        page = sync(alice, limit=500)
        assert not page["has_more"]
        return queries.count - before

    one_of_everything(alice, 1)
    few = count_for_full_sync()
    one_of_everything(alice, 6)
    many = count_for_full_sync()

    assert few == many <= 16


def test_the_change_log_keeps_one_row_per_object(app, alice):
    contact = new_contact(alice)
    for title in ("A", "B", "C"):
        alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": title})
    alice.delete(f"{CONTACTS}/{contact['id']}")

    rows = defaultdict(list)
    for row in change_rows(app, alice.id):
        rows[row.kind, row.object_id].append(row)
    assert [(row.deleted_at is not None) for row in rows["contacts", contact["id"]]] == [True]
