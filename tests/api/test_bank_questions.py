"""The questions in my banks: adding, listing, filtering, paging, changing and deleting them, and the
warnings the linter gives each, as for an informational meeting.
"""

from __future__ import annotations

import pytest

from tests.factories import (
    GOOD_QUESTION,
    add_question,
    bank_questions_url,
    codes,
    create_bank,
    question_url,
    questions_of,
    starter_banks,
)

# --- questions in my banks -------------------------------------------------------------


def test_add_question_answers_with_location_and_the_question(alice):
    bank = create_bank(alice)
    response = alice.post(bank_questions_url(bank["id"]), json={"text": GOOD_QUESTION, "tags": ["early"]})
    assert response.status_code == 201
    question = response.get_json()
    assert response.headers["Location"] == question_url(question["id"])
    assert question["bank_id"] == bank["id"] and question["text"] == GOOD_QUESTION
    assert question["category"] == "other" and question["tags"] == ["early"]
    assert question["builtin"] is False and question["warnings"] == []
    assert alice.get(response.headers["Location"]).get_json() == question


@pytest.mark.parametrize(
    ("fields", "invalid"),
    [
        ({"text": None}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"category": "gossip"}, "category"),
        ({"tags": ["t"] * 11}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"bank_id": 1}, "bank_id"),
        ({"warnings": []}, "warnings"),
        ({"priority": 1}, "priority"),
    ],
)
def test_invalid_or_unknown_question_fields_are_rejected_and_nothing_is_added(alice, fields, invalid):
    bank = create_bank(alice)
    response = alice.post(bank_questions_url(bank["id"]), json={"text": GOOD_QUESTION, **fields})
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert questions_of(alice, bank["id"]) == []


def test_a_banks_questions_are_listed_oldest_first(alice):
    bank = create_bank(alice)
    texts = [add_question(alice, bank["id"], f"What did you learn in year {i}?")["text"] for i in range(4)]
    assert [q["text"] for q in questions_of(alice, bank["id"])] == texts


def test_questions_can_be_filtered_by_category(alice):
    bank = create_bank(alice)
    add_question(alice, bank["id"], "How does your team celebrate a win?", category="culture")
    add_question(alice, bank["id"], "What does a typical week look like for you?", category="role")
    assert [q["category"] for q in questions_of(alice, bank["id"], "&category=culture")] == ["culture"]
    assert alice.get(f"{bank_questions_url(bank['id'])}?category=gossip").status_code == 422


def test_patch_question_changes_only_the_fields_sent(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"], category="career_path", tags=["early"])
    response = alice.patch(question_url(question["id"]), json={"text": "What surprised you in your first month?"})
    assert response.status_code == 200
    changed = response.get_json()
    assert changed["text"] == "What surprised you in your first month?"
    assert changed["category"] == "career_path" and changed["tags"] == ["early"]


def test_patch_question_with_a_stale_if_match_is_refused(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"])
    stale = alice.get(question_url(question["id"])).headers["ETag"]
    alice.patch(question_url(question["id"]), json={"category": "role"})
    response = alice.patch(question_url(question["id"]), json={"category": "culture"}, headers={"If-Match": stale})
    assert response.status_code == 412
    assert alice.get(question_url(question["id"])).get_json()["category"] == "role"


def test_patch_question_with_the_current_if_match_succeeds(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"], "Do you like your job?")
    etag = alice.get(question_url(question["id"])).headers["ETag"]
    response = alice.patch(question_url(question["id"]), json={"category": "role"}, headers={"If-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_paging_through_a_starter_bank_gives_each_question_once_in_order(alice):
    bank = max(starter_banks(alice), key=lambda bank: bank["question_count"])
    seen: list[int] = []
    cursor = None
    while True:
        url = f"{bank_questions_url(bank['id'])}?limit=5" + (f"&cursor={cursor}" if cursor else "")
        page = alice.get(url).get_json()
        seen += [question["id"] for question in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [question["id"] for question in questions_of(alice, bank["id"])]
    assert len(seen) == bank["question_count"]


def test_a_question_answers_304_while_it_is_unchanged(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"])
    etag = alice.get(question_url(question["id"])).headers["ETag"]
    assert alice.get(question_url(question["id"]), headers={"If-None-Match": etag}).status_code == 304
    alice.patch(question_url(question["id"]), json={"tags": ["new"]})
    assert alice.get(question_url(question["id"]), headers={"If-None-Match": etag}).status_code == 200


def test_delete_question_removes_it_from_its_bank(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"])
    assert alice.delete(question_url(question["id"])).status_code == 204
    assert alice.get(question_url(question["id"])).status_code == 404
    assert questions_of(alice, bank["id"]) == []


def test_listing_a_banks_questions_costs_the_same_number_of_queries_for_3_or_30(alice, queries):
    bank = create_bank(alice)

    def count_for_listing() -> int:
        before = queries.count
        assert alice.get(f"{bank_questions_url(bank['id'])}?limit=100").status_code == 200
        return queries.count - before

    for i in range(3):
        add_question(alice, bank["id"], f"What changed for you in year {i}?", tags=["a", "b"])
    small = count_for_listing()
    for i in range(27):
        add_question(alice, bank["id"], f"Which project taught you most in month {i}?", tags=["c"])
    assert len(questions_of(alice, bank["id"])) == 30
    assert count_for_listing() == small


# --- warnings on bank questions --------------------------------------------------------


def test_a_flagged_question_carries_its_warnings_with_code_and_message(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"], "How many employees does Acme have?")
    assert codes(question["warnings"]) == {"researchable"}
    assert all(isinstance(w["message"], str) and w["message"] for w in question["warnings"])
    assert alice.get(question_url(question["id"])).get_json()["warnings"] == question["warnings"]


def test_bank_questions_are_linted_as_for_an_informational_meeting(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"], "What openings does your team have?")
    assert codes(question["warnings"]) == {"job_request"}


def test_a_question_repeated_in_a_bank_is_flagged_on_both_copies_until_one_goes(alice):
    bank = create_bank(alice)
    other_bank = create_bank(alice, name="Elsewhere")
    add_question(alice, other_bank["id"], GOOD_QUESTION)
    first = add_question(alice, bank["id"], GOOD_QUESTION)
    assert first["warnings"] == []

    second = add_question(alice, bank["id"], "  what SURPRISED you most in your first year ")

    assert codes(second["warnings"]) == {"duplicate"}
    assert [codes(q["warnings"]) for q in questions_of(alice, bank["id"])] == [{"duplicate"}, {"duplicate"}]
    alice.delete(question_url(second["id"]))
    assert alice.get(question_url(first["id"])).get_json()["warnings"] == []


def test_editing_a_question_recomputes_its_warnings(alice):
    bank = create_bank(alice)
    question = add_question(alice, bank["id"], "Do you like your job?")
    assert codes(question["warnings"]) == {"closed"}
    fixed = alice.patch(question_url(question["id"]), json={"text": "What do you like most about your job?"})
    assert fixed.get_json()["warnings"] == []
