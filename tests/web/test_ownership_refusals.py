"""Someone else's things are out of reach: their id in a path is a 404 exactly like a missing one, and
naming their thing in a body is refused; either way nothing of anyone's changes. My lists show only mine.

Every test here runs in one world made for the module and asserts that it changed nothing of it.
"""

from __future__ import annotations

import re

import pytest

from tests.factories import BANKS, CONTACTS, FOLLOW_UPS, GOALS, MEETINGS, assert_problem
from tests.web.ownership import (
    ATTACHING,
    ID_PATTERN,
    MISSING_ID,
    SCOPED_OPERATIONS,
    everything_of,
    ids,
    items,
    resolve,
    send,
    starter_banks,
)

pytestmark = pytest.mark.reads_shared_rows


def masked(problem: dict) -> dict:
    """A problem document with every id in it (a number, or a login session's UUID) replaced, to compare
    two that differ only in ids."""
    return {key: re.sub(ID_PATTERN, "N", value) if isinstance(value, str) else value for key, value in problem.items()}


@pytest.mark.parametrize(("method", "path"), list(SCOPED_OPERATIONS), ids=[" ".join(op) for op in SCOPED_OPERATIONS])
def test_someone_elses_id_is_a_404_like_a_missing_one_and_changes_nothing(world, method, path):
    alice, alice_things, bob, bob_things = world
    body = resolve(SCOPED_OPERATIONS[method, path], mine=bob_things, theirs={})
    alices_before, bobs_before = everything_of(alice), everything_of(bob)

    response = send(bob, method, path.format(**alice_things), body)

    problem = assert_problem(response, 404)
    assert problem["code"] == "not_found"
    missing = send(bob, method, path.format(**dict.fromkeys(alice_things, MISSING_ID)), body)
    assert masked(problem) == masked(assert_problem(missing, 404))
    assert everything_of(alice) == alices_before
    assert everything_of(bob) == bobs_before


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
def test_someone_elses_part_of_a_meeting_is_a_404_under_my_meeting(world, method, path, body):
    alice, alice_things, bob, bob_things = world
    path = path.format(**{**alice_things, "meeting_id": bob_things["meeting_id"]})
    alices_before, bobs_before = everything_of(alice), everything_of(bob)

    assert_problem(send(bob, method, path, body), 404)

    assert everything_of(alice) == alices_before
    assert everything_of(bob) == bobs_before


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), ATTACHING)
def test_naming_someone_elses_thing_is_refused_and_changes_nothing(world, method, path, body, status, field):
    alice, alice_things, bob, bob_things = world
    alices_before, bobs_before = everything_of(alice), everything_of(bob)

    response = send(bob, method, path.format(**bob_things), resolve(body, mine=bob_things, theirs=alice_things))

    problem = assert_problem(response, status)
    if field is not None:
        assert field in problem["errors"], problem
    assert everything_of(alice) == alices_before
    assert everything_of(bob) == bobs_before


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
def test_my_list_shows_my_rows_and_none_of_someone_elses(world, url, query, mine):
    alice, alice_things, bob, bob_things = world
    assert ids(bob, url, **query) == {bob_things[key] for key in mine}
    assert ids(alice, url, **query) == {alice_things[key] for key in mine}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [(MEETINGS, "contact_id"), (FOLLOW_UPS, "contact_id"), (FOLLOW_UPS, "meeting_id")],
)
def test_filtering_my_list_by_someone_elses_id_finds_nothing(world, url, parameter):
    alice, alice_things, bob, bob_things = world
    assert items(bob, url, **{parameter: alice_things[parameter]}) == []


def test_everyone_sees_the_same_starter_banks(world):
    alice, alice_things, bob, bob_things = world
    assert starter_banks(bob)
    assert starter_banks(alice) == starter_banks(bob)
    assert all(bank["builtin"] for bank in starter_banks(bob))


def test_the_unfiltered_bank_list_is_the_starter_banks_and_my_own(world):
    alice, alice_things, bob, bob_things = world
    starters = {bank["id"] for bank in starter_banks(bob)}
    assert ids(bob, BANKS) == starters | {bob_things["bank_id"]}
    assert ids(alice, BANKS) == starters | {alice_things["bank_id"]}
