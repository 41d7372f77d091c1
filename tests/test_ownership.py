"""Every object is scoped to its owner: someone else's id is a 404, and nobody can attach my things to theirs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import or_, select

from service.database import db
from tests.factories import (
    BANKS,
    CONTACTS,
    FAR_FUTURE,
    FOLLOW_UPS,
    MEETINGS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
    starter_questions,
)

API = "/api/v1"
ME = f"{API}/me"
GOALS = f"{API}/goals"
LINT = f"{API}/questions/lint"
STATS = f"{API}/stats"
OPENAPI = Path(__file__).resolve().parent.parent / "openapi.yaml"
HTTP_METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}

DUE = "2099-06-02T09:30:00Z"
PAST = "2026-01-10T09:00:00Z"
ID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+"
MISSING_ID = 2**31 - 1  # the largest id there can be; no test makes that many rows


@dataclass(frozen=True)
class Mine:
    """In a request table: the id of the requester's own thing, e.g. ``Mine("goal_id")``."""

    key: str


@dataclass(frozen=True)
class Theirs:
    """In a request table: the id of someone else's thing."""

    key: str


def resolve(value, mine: dict, theirs: dict):
    """``value`` with each ``Mine``/``Theirs`` replaced by the id it names."""
    if isinstance(value, Mine):
        return mine[value.key]
    if isinstance(value, Theirs):
        return theirs[value.key]
    if isinstance(value, dict):
        return {key: resolve(item, mine, theirs) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, mine, theirs) for item in value]
    return value


def send(account, method: str, path: str, body: dict | None):
    return account.client.open(path, method=method, headers=account.headers, json=body)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status
    return problem


def give_one_of_everything(account, calendar) -> dict[str, int]:
    """Make ``account`` the owner of one thing of each kind; their ids, named as the API's path parameters.

    ``calendar`` is a CalDAV calendar of theirs, linked so that their meeting is pushed to it.
    """
    contact = new_contact(account, tags=["data"], research_notes="Led the triage model project.")
    goal = new_goal(account)
    meeting = new_meeting(account, contact["id"], goal_ids=[goal["id"]])
    meeting_url = f"{MEETINGS}/{meeting['id']}"
    item = plan_question(account, meeting["id"], text="What happens when an idea is obviously a failure?")
    answered = account.patch(
        f"{plan_url(meeting['id'])}/{item['id']}", json={"asked": True, "answer": "A blameless review.", "rating": 4}
    )
    assert answered.status_code == 200, answered.get_json()
    outcome = created(account.post(f"{meeting_url}/outcomes", json={"goal_id": goal["id"], "result": "progressed"}))
    referral = created(account.post(f"{meeting_url}/referrals", json={"name": "Sam Okafor"}))
    follow_up = created(
        account.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": DUE})
    )
    bank = created(account.post(BANKS, json={"name": "My own questions"}))
    question = created(
        account.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What does a good week look like for you?"})
    )
    created(account.post("/api/v1/calendar/feed"))
    server = calendar.server
    linked = account.client.put(
        "/api/v1/calendar/caldav",
        json={"url": calendar.url, "username": server.username, "password": server.password},
        headers=account.headers,
    )
    assert linked.status_code == 201 and linked.get_json()["pending"] == 0, linked.get_json()
    (session,) = [session for session in read(account, "/api/v1/auth/sessions")["items"] if session["current"]]
    token = created(
        account.post(
            "/api/v1/tokens", json={"name": "script", "scopes": ["read"]}, headers={"Idempotency-Key": "first-token"}
        )
    )
    return {
        "session_id": session["id"],
        "token_id": token["id"],
        "contact_id": contact["id"],
        "goal_id": goal["id"],
        "meeting_id": meeting["id"],
        "item_id": item["id"],
        "outcome_id": outcome["id"],
        "referral_id": referral["id"],
        "follow_up_id": follow_up["id"],
        "bank_id": bank["id"],
        "question_id": question["id"],
    }


@pytest.fixture
def alice_things(alice, radicale_server) -> dict[str, int]:
    return give_one_of_everything(alice, radicale_server.make_calendar())


@pytest.fixture
def bob_things(bob, radicale_server) -> dict[str, int]:
    return give_one_of_everything(bob, radicale_server.make_calendar())


def items(account, url: str, **query) -> list[dict]:
    response = account.get(url, query_string={"limit": 100, **query})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["next_cursor"] is None
    return response.get_json()["items"]


def ids(account, url: str, **query) -> set[int]:
    return {row["id"] for row in items(account, url, **query)}


def read(account, url: str) -> dict:
    response = account.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def everything_of(account) -> dict:
    """All that ``account`` owns, read back through the API."""
    contacts = items(account, CONTACTS)
    meetings = items(account, MEETINGS)
    banks = items(account, BANKS, builtin="false")
    return {
        "me": read(account, ME),
        "contacts": contacts,
        "referrals": {c["id"]: items(account, f"{CONTACTS}/{c['id']}/referrals") for c in contacts},
        "meetings": meetings,
        "plans": {m["id"]: items(account, f"{MEETINGS}/{m['id']}/questions") for m in meetings},
        "outcomes": {m["id"]: items(account, f"{MEETINGS}/{m['id']}/outcomes") for m in meetings},
        "readiness": {m["id"]: read(account, f"{MEETINGS}/{m['id']}/readiness") for m in meetings},
        "goals": items(account, GOALS),
        "follow_ups": items(account, FOLLOW_UPS),
        "banks": banks,
        "questions": {b["id"]: items(account, f"{BANKS}/{b['id']}/questions") for b in banks},
        "stats": read(account, STATS),
    }


def starter_banks(account) -> list[dict]:
    return items(account, BANKS, builtin="true")


# --- someone else's id in the path is a 404 -----------------------------------------------

# Every operation with an id in its path, with a body that is valid but for that id.
# Bodies name the requester's own things where they name any, so only the path is foreign.
SCOPED_OPERATIONS: dict[tuple[str, str], dict | None] = {
    ("GET", "/api/v1/contacts/{contact_id}"): None,
    ("PATCH", "/api/v1/contacts/{contact_id}"): {"title": "Changed by someone else"},
    ("DELETE", "/api/v1/contacts/{contact_id}"): None,
    ("GET", "/api/v1/contacts/{contact_id}/referrals"): None,
    ("GET", "/api/v1/meetings/{meeting_id}"): None,
    ("PATCH", "/api/v1/meetings/{meeting_id}"): {"title": "Changed by someone else"},
    ("DELETE", "/api/v1/meetings/{meeting_id}"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/questions"): None,
    ("POST", "/api/v1/meetings/{meeting_id}/questions"): {"text": "What would you do differently?"},
    ("GET", "/api/v1/meetings/{meeting_id}/questions/{item_id}"): None,
    ("PATCH", "/api/v1/meetings/{meeting_id}/questions/{item_id}"): {"answer": "Overwritten", "rating": 1},
    ("DELETE", "/api/v1/meetings/{meeting_id}/questions/{item_id}"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/readiness"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/calendar.ics"): None,
    ("DELETE", "/api/v1/auth/sessions/{session_id}"): None,
    ("GET", "/api/v1/tokens/{token_id}"): None,
    ("DELETE", "/api/v1/tokens/{token_id}"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/outcomes"): None,
    ("POST", "/api/v1/meetings/{meeting_id}/outcomes"): {"goal_id": Mine("goal_id"), "result": "achieved"},
    ("GET", "/api/v1/meetings/{meeting_id}/outcomes/{outcome_id}"): None,
    ("DELETE", "/api/v1/meetings/{meeting_id}/outcomes/{outcome_id}"): None,
    ("POST", "/api/v1/meetings/{meeting_id}/referrals"): {"name": "Someone else's friend"},
    ("GET", "/api/v1/goals/{goal_id}"): None,
    ("PATCH", "/api/v1/goals/{goal_id}"): {"status": "dropped"},
    ("DELETE", "/api/v1/goals/{goal_id}"): None,
    ("GET", "/api/v1/follow-ups/{follow_up_id}"): None,
    ("PATCH", "/api/v1/follow-ups/{follow_up_id}"): {"done_at": PAST, "notes": "Overwritten"},
    ("DELETE", "/api/v1/follow-ups/{follow_up_id}"): None,
    ("GET", "/api/v1/question-banks/{bank_id}"): None,
    ("PATCH", "/api/v1/question-banks/{bank_id}"): {"name": "Renamed by someone else"},
    ("DELETE", "/api/v1/question-banks/{bank_id}"): None,
    ("POST", "/api/v1/question-banks/{bank_id}/copy"): {"name": "A copy of someone else's"},
    ("GET", "/api/v1/question-banks/{bank_id}/questions"): None,
    ("POST", "/api/v1/question-banks/{bank_id}/questions"): {"text": "What would you do differently?"},
    ("GET", "/api/v1/questions/{question_id}"): None,
    ("PATCH", "/api/v1/questions/{question_id}"): {"text": "Rewritten by someone else?"},
    ("DELETE", "/api/v1/questions/{question_id}"): None,
}


def template_of(rule: str) -> str:
    """A Werkzeug rule as an OpenAPI path: ``/meetings/<int:meeting_id>`` -> ``/meetings/{meeting_id}``."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def served_operations(app) -> set[tuple[str, str]]:
    """(method, path) of every operation the app serves under /api/v1 with a variable in its path.

    HEAD runs the GET view and OPTIONS needs no token (see test_token_security), so neither is listed.
    """
    return {
        (method, template_of(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(f"{API}/") and rule.arguments
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def documented_operations() -> set[tuple[str, str]]:
    """(method, path) of every operation openapi.yaml documents under /api/v1 with a variable in its path."""
    paths = yaml.safe_load(OPENAPI.read_text())["paths"]
    return {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith(f"{API}/") and "{" in path
        for method in operations
        if method in HTTP_METHODS
    }


def test_the_table_holds_every_operation_with_an_id_in_its_path(app):
    operations = served_operations(app) | documented_operations()
    uncovered = sorted(f"{method} {path}" for method, path in operations - SCOPED_OPERATIONS.keys())
    stale = sorted(f"{method} {path}" for method, path in SCOPED_OPERATIONS.keys() - operations)
    assert uncovered == [], f"add these to SCOPED_OPERATIONS: {uncovered}"
    assert stale == [], f"no such operation any more: {stale}"


def masked(problem: dict) -> dict:
    """A problem document with every id in it (a number, or a login session's UUID) replaced, to compare
    two that differ only in ids."""
    return {key: re.sub(ID_PATTERN, "N", value) if isinstance(value, str) else value for key, value in problem.items()}


@pytest.mark.parametrize(("method", "path"), list(SCOPED_OPERATIONS), ids=[" ".join(op) for op in SCOPED_OPERATIONS])
def test_someone_elses_id_is_a_404_like_a_missing_one_and_changes_nothing(
    alice, alice_things, bob, bob_things, method, path
):
    body = resolve(SCOPED_OPERATIONS[method, path], mine=bob_things, theirs={})
    alices_before, bobs_before = everything_of(alice), everything_of(bob)

    response = send(bob, method, path.format(**alice_things), body)

    problem = assert_problem(response, 404)
    assert problem["code"] == "not_found"
    missing = send(bob, method, path.format(**dict.fromkeys(alice_things, MISSING_ID)), body)
    assert masked(problem) == masked(assert_problem(missing, 404))
    assert everything_of(alice) == alices_before
    assert everything_of(bob) == bobs_before


@pytest.mark.parametrize(("method", "path"), list(SCOPED_OPERATIONS), ids=[" ".join(op) for op in SCOPED_OPERATIONS])
def test_the_same_request_on_my_own_ids_succeeds(bob, bob_things, method, path):
    # The control for the 404s above: the bodies are valid, so only the foreign ids made them 404.
    body = resolve(SCOPED_OPERATIONS[method, path], mine=bob_things, theirs={})
    response = send(bob, method, path.format(**bob_things), body)
    assert 200 <= response.status_code < 300, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/meetings/{meeting_id}/questions/{item_id}", None),
        ("PATCH", "/api/v1/meetings/{meeting_id}/questions/{item_id}", {"answer": "Overwritten"}),
        ("DELETE", "/api/v1/meetings/{meeting_id}/questions/{item_id}", None),
        ("GET", "/api/v1/meetings/{meeting_id}/outcomes/{outcome_id}", None),
        ("DELETE", "/api/v1/meetings/{meeting_id}/outcomes/{outcome_id}", None),
    ],
)
def test_someone_elses_part_of_a_meeting_is_a_404_under_my_meeting(
    alice, alice_things, bob, bob_things, method, path, body
):
    path = path.format(**{**alice_things, "meeting_id": bob_things["meeting_id"]})
    alices_before, bobs_before = everything_of(alice), everything_of(bob)

    assert_problem(send(bob, method, path, body), 404)

    assert everything_of(alice) == alices_before
    assert everything_of(bob) == bobs_before


# --- nobody can attach my things to theirs --------------------------------------------

NEW_MEETING = {"purpose": "informational", "starts_at": FAR_FUTURE}
NEW_FOLLOW_UP = {"kind": "check_in", "due_at": DUE}
A_QUESTION = "How many people work there?"

# Requests whose path names the requester's own things (or none) and whose body names someone
# else's: (method, path, body, status, the field a 422 names).
ATTACHING = [
    pytest.param(
        "POST", MEETINGS, {**NEW_MEETING, "contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="meeting with their contact",
    ),
    pytest.param(
        "POST", MEETINGS, {**NEW_MEETING, "contact_id": Mine("contact_id"), "goal_ids": [Theirs("goal_id")]},
        422, "goal_ids", id="meeting towards their goal",
    ),
    pytest.param(
        "POST", MEETINGS,
        {**NEW_MEETING, "contact_id": Mine("contact_id"), "goal_ids": [Mine("goal_id"), Theirs("goal_id")]},
        422, "goal_ids", id="meeting towards my goal and theirs",
    ),
    pytest.param(
        "PATCH", "/api/v1/meetings/{meeting_id}", {"contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="my meeting moved to their contact",
    ),
    pytest.param(
        "PATCH", "/api/v1/meetings/{meeting_id}", {"goal_ids": [Theirs("goal_id")]}, 422, "goal_ids",
        id="my meeting linked to their goal",
    ),
    pytest.param(
        "POST", "/api/v1/meetings/{meeting_id}/outcomes", {"goal_id": Theirs("goal_id"), "result": "achieved"},
        422, "goal_id", id="outcome of my meeting for their goal",
    ),
    pytest.param(
        "POST", "/api/v1/meetings/{meeting_id}/referrals", {"contact_id": Theirs("referral_id")}, 422, "contact_id",
        id="their contact referred from my meeting",
    ),
    pytest.param(
        "POST", "/api/v1/meetings/{meeting_id}/questions", {"question_id": Theirs("question_id")}, 422, "question_id",
        id="their private question on my plan",
    ),
    pytest.param(
        "POST", FOLLOW_UPS, {**NEW_FOLLOW_UP, "contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="follow-up for their contact",
    ),
    pytest.param(
        "POST", FOLLOW_UPS, {**NEW_FOLLOW_UP, "meeting_id": Theirs("meeting_id")}, 422, "meeting_id",
        id="follow-up of their meeting",
    ),
    pytest.param(
        "POST", FOLLOW_UPS, {**NEW_FOLLOW_UP, "contact_id": Mine("contact_id"), "meeting_id": Theirs("meeting_id")},
        422, "meeting_id", id="follow-up for my contact of their meeting",
    ),
    pytest.param(
        "PATCH", "/api/v1/follow-ups/{follow_up_id}", {"contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="my follow-up moved to their contact",
    ),
    pytest.param(
        "PATCH", "/api/v1/follow-ups/{follow_up_id}", {"meeting_id": Theirs("meeting_id")}, 422, "meeting_id",
        id="my follow-up moved to their meeting",
    ),
    pytest.param(
        "POST", CONTACTS, {"name": "New Contact", "referred_by_id": Theirs("contact_id")}, 422, "referred_by_id",
        id="new contact referred by their contact",
    ),
    pytest.param(
        "PATCH", "/api/v1/contacts/{referral_id}", {"referred_by_id": Theirs("contact_id")}, 422, "referred_by_id",
        id="my contact referred by their contact",
    ),
    pytest.param(
        "POST", LINT, {"text": A_QUESTION, "bank_id": Theirs("bank_id")}, 404, None,
        id="lint against their bank",
    ),
    pytest.param(
        "POST", LINT, {"text": A_QUESTION, "meeting_id": Theirs("meeting_id")}, 404, None,
        id="lint against their meeting",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), ATTACHING)
def test_naming_someone_elses_thing_is_refused_and_changes_nothing(
    alice, alice_things, bob, bob_things, method, path, body, status, field
):
    alices_before, bobs_before = everything_of(alice), everything_of(bob)

    response = send(bob, method, path.format(**bob_things), resolve(body, mine=bob_things, theirs=alice_things))

    problem = assert_problem(response, status)
    if field is not None:
        assert field in problem["errors"], problem
    assert everything_of(alice) == alices_before
    assert everything_of(bob) == bobs_before


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), ATTACHING)
def test_the_same_request_naming_my_own_thing_succeeds(bob, bob_things, method, path, body, status, field):
    # The control for the refusals above: only whose thing the body named made the difference.
    response = send(bob, method, path.format(**bob_things), resolve(body, mine=bob_things, theirs=bob_things))
    assert 200 <= response.status_code < 300, response.get_data(as_text=True)


def test_i_can_plan_a_starter_question(alice, alice_things, bob, bob_things):
    starter = starter_questions(bob)[0]
    alices_before = everything_of(alice)

    planned = plan_question(bob, bob_things["meeting_id"], question_id=starter["id"])

    assert (planned["question_id"], planned["text"]) == (starter["id"], starter["text"])
    assert everything_of(alice) == alices_before


def test_i_can_copy_a_starter_bank_into_a_bank_of_my_own(alice, alice_things, bob, bob_things):
    starter = starter_banks(bob)[0]
    alices_before = everything_of(alice)

    copy = created(bob.post(f"{BANKS}/{starter['id']}/copy", json={}))

    assert copy["builtin"] is False and copy["copied_from_id"] == starter["id"]
    assert copy["question_count"] == starter["question_count"] > 0
    assert ids(bob, BANKS, builtin="false") == {bob_things["bank_id"], copy["id"]}
    assert everything_of(alice) == alices_before


# --- my lists show only my rows -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "query", "mine"),
    [
        (CONTACTS, {}, ("contact_id", "referral_id")),
        (MEETINGS, {}, ("meeting_id",)),
        (GOALS, {}, ("goal_id",)),
        (FOLLOW_UPS, {}, ("follow_up_id",)),
        (BANKS, {"builtin": "false"}, ("bank_id",)),
    ],
    ids=["contacts", "meetings", "goals", "follow-ups", "question-banks?builtin=false"],
)
def test_my_list_shows_my_rows_and_none_of_someone_elses(alice, alice_things, bob, bob_things, url, query, mine):
    assert ids(bob, url, **query) == {bob_things[key] for key in mine}
    assert ids(alice, url, **query) == {alice_things[key] for key in mine}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [(MEETINGS, "contact_id"), (FOLLOW_UPS, "contact_id"), (FOLLOW_UPS, "meeting_id")],
)
def test_filtering_my_list_by_someone_elses_id_finds_nothing(alice, alice_things, bob, bob_things, url, parameter):
    assert items(bob, url, **{parameter: alice_things[parameter]}) == []


def test_my_stats_count_nothing_of_someone_elses(alice, bob, bob_things, radicale_server):
    before = read(bob, STATS)
    assert before["contacts"] == 2 and before["meetings"]["total"] == 1

    alices = give_one_of_everything(alice, radicale_server.make_calendar())
    # Alice's numbers exceed Bob's in every count, the longest referral chain included.
    created(alice.post(CONTACTS, json={"name": "Introduced by Sam", "referred_by_id": alices["referral_id"]}))
    created(alice.post(FOLLOW_UPS, json={"contact_id": alices["contact_id"], "kind": "check_in", "due_at": PAST}))

    assert read(bob, STATS) == before


def test_everyone_sees_the_same_starter_banks(alice, alice_things, bob, bob_things):
    assert starter_banks(bob)
    assert starter_banks(alice) == starter_banks(bob)
    assert all(bank["builtin"] for bank in starter_banks(bob))


def test_the_unfiltered_bank_list_is_the_starter_banks_and_my_own(alice, alice_things, bob, bob_things):
    starters = {bank["id"] for bank in starter_banks(bob)}
    assert ids(bob, BANKS) == starters | {bob_things["bank_id"]}
    assert ids(alice, BANKS) == starters | {alice_things["bank_id"]}


# --- deleting an account --------------------------------------------------------------


def rows_owned_by(app, user_id: int) -> dict[str, set[tuple]]:
    """The primary keys of the rows of ``user_id``, table by table.

    A row is theirs by its user_id, or, in a table without one, through a foreign key to a row
    that is theirs (tables come parents first).
    """
    owned: dict[str, set[tuple]] = {}
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name == "users":
                condition = table.c.id == user_id
            elif "user_id" in table.c:
                condition = table.c.user_id == user_id
            else:
                condition = or_(
                    *(fk.parent.in_([key[0] for key in owned[fk.column.table.name]]) for fk in table.foreign_keys)
                )
            stmt = select(*table.primary_key.columns).where(condition)
            owned[table.name] = {tuple(row) for row in connection.execute(stmt)}
    return owned


def rows_still_there(app, rows: dict[str, set[tuple]]) -> dict[str, set[tuple]]:
    """Those of ``rows`` that the database still holds, table by table."""
    left = {}
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            present = {tuple(row) for row in connection.execute(select(*table.primary_key.columns))}
            if rows.get(table.name, set()) & present:
                left[table.name] = rows[table.name] & present
    return left


def delete_account(account) -> None:
    response = account.delete(ME, json={"password": account.password})
    assert response.status_code == 204, response.get_data(as_text=True)


def test_deleting_my_account_removes_every_row_i_owned(app, alice, alice_things, bob, bob_things):
    owned = rows_owned_by(app, alice.id)
    # One of everything really is one row in every table, or the check below proves little.
    assert [table for table, rows in owned.items() if not rows] == []

    delete_account(alice)

    assert rows_still_there(app, owned) == {}


def test_deleting_an_account_leaves_the_starter_banks_intact(alice, alice_things, bob, bob_things):
    starter = starter_questions(alice)[0]
    created(alice.post(f"{BANKS}/{starter['bank_id']}/copy", json={}))
    plan_question(alice, alice_things["meeting_id"], question_id=starter["id"])
    banks_before, questions_before = starter_banks(bob), starter_questions(bob)

    delete_account(alice)

    assert starter_banks(bob) == banks_before
    assert starter_questions(bob) == questions_before


def test_deleting_an_account_leaves_everyone_elses_data_alone(alice, alice_things, bob, bob_things):
    starter = starter_questions(bob)[0]
    created(bob.post(f"{BANKS}/{starter['bank_id']}/copy", json={}))
    plan_question(bob, bob_things["meeting_id"], question_id=starter["id"])
    created(alice.post(f"{BANKS}/{starter['bank_id']}/copy", json={}))
    bobs_before = everything_of(bob)

    delete_account(alice)

    assert everything_of(bob) == bobs_before
