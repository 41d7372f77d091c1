"""Question banks: my own, the built-in starter banks that everyone shares and nobody can change, and
copies of either to make my own. (The questions in them: test_bank_questions.py.)
"""

from __future__ import annotations

import pytest

from tests.factories import (
    BANKS,
    CULTURE_CLASSICS,
    GOOD_QUESTION,
    add_question,
    bank_questions_url,
    bank_url,
    create_bank,
    lint,
    list_banks,
    question_url,
    questions_of,
    starter_banks,
    starter_questions,
)

CATEGORIES = {"culture", "career_path", "role", "industry", "company", "advice", "next_steps", "other"}


# --- my banks --------------------------------------------------------------------------


def test_create_bank_answers_with_location_and_an_empty_bank_of_mine(alice):
    response = alice.post(BANKS, json={"name": "Data science", "description": "For analytics people."})
    assert response.status_code == 201
    bank = response.get_json()
    assert bank["name"] == "Data science" and bank["description"] == "For analytics people."
    assert bank["builtin"] is False and bank["copied_from_id"] is None and bank["question_count"] == 0
    assert response.headers["Location"] == bank_url(bank["id"])
    assert alice.get(response.headers["Location"]).get_json() == bank


@pytest.mark.parametrize(
    ("body", "invalid"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Valid", "builtin": True}, "builtin"),
        ({"name": "Valid", "question_count": 3}, "question_count"),
        ({"name": "Valid", "owner_id": 1}, "owner_id"),
    ],
)
def test_invalid_or_unknown_bank_fields_are_rejected_and_nothing_is_created(alice, body, invalid):
    response = alice.post(BANKS, json=body)
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert list_banks(alice, "&builtin=false") == []


def test_patch_renames_a_bank_and_keeps_the_rest(alice):
    bank = create_bank(alice, name="Old name", description="Kept")
    changed = alice.patch(bank_url(bank["id"]), json={"name": "New name"})
    assert changed.status_code == 200
    assert changed.get_json()["name"] == "New name" and changed.get_json()["description"] == "Kept"


def test_patch_bank_with_a_stale_if_match_is_refused_and_changes_nothing(alice):
    bank = create_bank(alice, name="First")
    stale = alice.get(bank_url(bank["id"])).headers["ETag"]
    alice.patch(bank_url(bank["id"]), json={"name": "Second"})
    response = alice.patch(bank_url(bank["id"]), json={"name": "Third"}, headers={"If-Match": stale})
    assert response.status_code == 412
    assert alice.get(bank_url(bank["id"])).get_json()["name"] == "Second"


def test_question_count_follows_the_questions_added_and_deleted(alice):
    bank = create_bank(alice)
    first = add_question(alice, bank["id"])
    add_question(alice, bank["id"], "How did you get into this field?")
    assert alice.get(bank_url(bank["id"])).get_json()["question_count"] == 2
    alice.delete(question_url(first["id"]))
    assert alice.get(bank_url(bank["id"])).get_json()["question_count"] == 1


def test_a_bank_answers_304_until_a_question_is_added_to_it(alice):
    bank = create_bank(alice)
    etag = alice.get(bank_url(bank["id"])).headers["ETag"]
    assert alice.get(bank_url(bank["id"]), headers={"If-None-Match": etag}).status_code == 304
    add_question(alice, bank["id"])
    assert alice.get(bank_url(bank["id"]), headers={"If-None-Match": etag}).status_code == 200


def test_deleting_a_bank_deletes_its_questions(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"])
    assert alice.delete(bank_url(bank["id"])).status_code == 204
    assert alice.get(bank_url(bank["id"])).status_code == 404
    assert alice.get(question_url(question["id"])).status_code == 404


def test_my_banks_are_listed_newest_first(alice):
    names = [create_bank(alice, name=f"Bank {i}")["name"] for i in range(3)]
    assert [bank["name"] for bank in list_banks(alice, "&builtin=false")] == list(reversed(names))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("builtin=false", {"Mine about culture", "Mine about pay"}),
        ("q=PAY", {"Mine about pay"}),
        ("q=salary%20bands", {"Mine about pay"}),
        ("builtin=false&q=culture", {"Mine about culture"}),
        ("q=ways%20of%20working", {"Culture and ways of working"}),
    ],
)
def test_bank_filters(alice, query, expected):
    create_bank(alice, name="Mine about culture")
    create_bank(alice, name="Mine about pay", description="Salary bands and reviews")
    assert {bank["name"] for bank in list_banks(alice, "&" + query)} == expected


def test_bank_lists_show_my_banks_and_the_starter_banks_only(alice, bob):
    create_bank(alice, name="Alice's")
    create_bank(bob, name="Bob's")
    names = [bank["name"] for bank in list_banks(bob)]
    assert "Bob's" in names and "Alice's" not in names
    assert len(names) == 1 + len(starter_banks(bob))


# --- the starter banks -----------------------------------------------------------------


def test_starter_banks_are_the_same_for_every_user_and_marked_builtin(alice, bob):
    banks = starter_banks(alice)
    assert banks == starter_banks(bob)
    assert all(bank["builtin"] and bank["copied_from_id"] is None for bank in banks)
    assert all(question["builtin"] for question in starter_questions(alice))


def test_starter_banks_hold_at_least_40_questions_across_all_8_categories(alice):
    questions = starter_questions(alice)
    assert len(questions) >= 40
    assert {question["category"] for question in questions} == CATEGORIES
    assert sum(bank["question_count"] for bank in starter_banks(alice)) == len(questions)


def test_starter_banks_include_the_culture_questions_word_for_word(alice):
    texts = {question["text"] for question in starter_questions(alice)}
    assert set(CULTURE_CLASSICS) <= texts


def test_every_starter_question_lints_clean(alice):
    questions = starter_questions(alice)
    assert [q["text"] for q in questions if q["warnings"]] == []
    assert [q["text"] for q in questions if lint(alice, q["text"])] == []


@pytest.mark.parametrize(
    "change",
    ["patch bank", "delete bank", "add question", "patch question", "delete question"],
)
def test_starter_banks_and_their_questions_are_read_only(alice, change):
    bank = starter_banks(alice)[0]
    question = questions_of(alice, bank["id"])[0]
    request = {
        "patch bank": lambda: alice.patch(bank_url(bank["id"]), json={"name": "Mine now"}),
        "delete bank": lambda: alice.delete(bank_url(bank["id"])),
        "add question": lambda: alice.post(bank_questions_url(bank["id"]), json={"text": GOOD_QUESTION}),
        "patch question": lambda: alice.patch(question_url(question["id"]), json={"text": "Rewritten?"}),
        "delete question": lambda: alice.delete(question_url(question["id"])),
    }[change]

    response = request()

    assert response.status_code == 403
    assert response.get_json()["code"] == "builtin_read_only"
    assert alice.get(bank_url(bank["id"])).get_json() == bank
    assert alice.get(question_url(question["id"])).get_json() == question


# --- copies ----------------------------------------------------------------------------


def test_copying_a_starter_bank_gives_me_an_editable_bank_with_the_same_questions(alice):
    original = starter_banks(alice)[0]
    response = alice.post(f"{bank_url(original['id'])}/copy")
    assert response.status_code == 201
    copy = response.get_json()
    assert response.headers["Location"] == bank_url(copy["id"])
    assert copy["builtin"] is False and copy["copied_from_id"] == original["id"]
    assert copy["name"] == original["name"] and copy["description"] == original["description"]
    assert copy["question_count"] == original["question_count"]

    def content(questions):
        return [(q["text"], q["category"], q["tags"]) for q in questions]

    copied = questions_of(alice, copy["id"])
    assert content(copied) == content(questions_of(alice, original["id"]))
    assert not any(q["builtin"] for q in copied)


def test_a_copy_can_be_given_its_own_name(alice):
    original = starter_banks(alice)[0]
    copy = alice.post(f"{bank_url(original['id'])}/copy", json={"name": "My culture questions"}).get_json()
    assert copy["name"] == "My culture questions"


@pytest.mark.parametrize(("body", "invalid"), [({"name": " "}, "name"), ({"description": "No"}, "description")])
def test_copy_rejects_a_blank_name_and_unknown_fields(alice, body, invalid):
    original = starter_banks(alice)[0]
    response = alice.post(f"{bank_url(original['id'])}/copy", json=body)
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert list_banks(alice, "&builtin=false") == []


def test_changing_a_copy_leaves_the_original_as_it_was(alice):
    original = starter_banks(alice)[0]
    before = questions_of(alice, original["id"])
    copy = alice.post(f"{bank_url(original['id'])}/copy").get_json()
    first, second = questions_of(alice, copy["id"])[:2]

    assert alice.patch(question_url(first["id"]), json={"text": "What keeps you here?"}).status_code == 200
    assert alice.delete(question_url(second["id"])).status_code == 204
    add_question(alice, copy["id"])

    assert questions_of(alice, original["id"]) == before


def test_i_can_copy_one_of_my_own_banks(alice):
    mine = create_bank(alice, name="Mine")
    add_question(alice, mine["id"], category="role", tags=["day"])
    copy = alice.post(f"{bank_url(mine['id'])}/copy").get_json()
    assert copy["copied_from_id"] == mine["id"]
    assert [(q["text"], q["category"], q["tags"]) for q in questions_of(alice, copy["id"])] == [
        (GOOD_QUESTION, "role", ["day"])
    ]
