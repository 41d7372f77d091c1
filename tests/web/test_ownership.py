"""Every object is scoped to its owner: the table of operations is complete, the same requests succeed on
my own things, the starter banks are shared, my numbers count only mine, and deleting an account
removes exactly what it owned. (Someone else's things: test_ownership_refusals.py.)
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import or_, select

from service.database import db
from tests.factories import (
    API,
    BANKS,
    CONTACTS,
    FOLLOW_UPS,
    HTTP_METHODS,
    ME,
    STATS,
    committed_spec,
    created,
    plan_question,
    starter_questions,
)
from tests.web.ownership import (
    ATTACHING,
    PAST,
    SCOPED_OPERATIONS,
    everything_of,
    give_one_of_everything,
    ids,
    read,
    resolve,
    send,
    starter_banks,
)


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
    paths = committed_spec()["paths"]
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


@pytest.mark.parametrize(("method", "path"), list(SCOPED_OPERATIONS), ids=[" ".join(op) for op in SCOPED_OPERATIONS])
def test_the_same_request_on_my_own_ids_succeeds(bob, bob_things, method, path):
    # The control for the 404s above: the bodies are valid, so only the foreign ids made them 404.
    body = resolve(SCOPED_OPERATIONS[method, path], mine=bob_things, theirs={})
    response = send(bob, method, path.format(**bob_things), body)
    assert 200 <= response.status_code < 300, response.get_data(as_text=True)


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


def test_my_stats_count_nothing_of_someone_elses(alice, bob, bob_things, radicale_server):
    before = read(bob, STATS)
    assert before["contacts"] == 2 and before["meetings"]["total"] == 1

    alices = give_one_of_everything(alice, radicale_server.make_calendar())
    # Alice's numbers exceed Bob's in every count, the longest referral chain included.
    created(alice.post(CONTACTS, json={"name": "Introduced by Sam", "referred_by_id": alices["referral_id"]}))
    created(alice.post(FOLLOW_UPS, json={"contact_id": alices["contact_id"], "kind": "check_in", "due_at": PAST}))

    assert read(bob, STATS) == before


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
