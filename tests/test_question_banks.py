"""Question banks, their questions, the built-in starter banks and the question linter."""

from __future__ import annotations

import pytest

from tests.factories import BANKS, created, new_meeting, plan_question, starter_question, starter_questions

QUESTIONS = "/api/v1/questions"
LINT = "/api/v1/questions/lint"
CATEGORIES = {"culture", "career_path", "role", "industry", "company", "advice", "next_steps", "other"}

CULTURE_CLASSICS = [
    "What approaches does your group take to find new ideas?",
    "What happens when an idea is obviously a failure?",
    "What's the top skill admired in your team today?",
]
GOOD_QUESTION = "What surprised you most in your first year?"


def bank_url(bank_id: int) -> str:
    return f"{BANKS}/{bank_id}"


def bank_questions_url(bank_id: int) -> str:
    return f"{BANKS}/{bank_id}/questions"


def question_url(question_id: int) -> str:
    return f"{QUESTIONS}/{question_id}"


def create_bank(account, **fields) -> dict:
    return created(account.post(BANKS, json={"name": "My questions", **fields}))


def add_question(account, bank_id: int, text: str = GOOD_QUESTION, **fields) -> dict:
    return created(account.post(bank_questions_url(bank_id), json={"text": text, **fields}))


def list_banks(account, query: str = "") -> list[dict]:
    return account.get(f"{BANKS}?limit=100{query}").get_json()["items"]


def questions_of(account, bank_id: int, query: str = "") -> list[dict]:
    return account.get(f"{bank_questions_url(bank_id)}?limit=100{query}").get_json()["items"]


def starter_banks(account) -> list[dict]:
    return list_banks(account, "&builtin=true")


def codes(warnings: list[dict]) -> set[str]:
    return {warning["code"] for warning in warnings}


def lint(account, text: str, **fields) -> set[str]:
    response = account.post(LINT, json={"text": text, **fields})
    assert response.status_code == 200, response.get_json()
    return codes(response.get_json()["warnings"])


# --- my banks -------------------------------------------------------------------------


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


# --- the starter banks ----------------------------------------------------------------


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


# --- copies ---------------------------------------------------------------------------


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


# --- questions in my banks ------------------------------------------------------------


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


# --- warnings on bank questions -------------------------------------------------------


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


# --- the lint endpoint ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        ("How many employees does Acme have?", {}, {"researchable"}),
        ("Do you like your job?", {}, {"closed"}),
        ("What openings does your team have?", {}, {"job_request"}),
        ("What openings does your team have?", {"purpose": "informational"}, {"job_request"}),
        ("What openings does your team have?", {"purpose": "job_search"}, set()),
        ("Let me tell you about my experience.", {}, {"self_pitch"}),
        ("Are you hiring right now?", {}, {"closed", "job_request"}),
        (CULTURE_CLASSICS[1], {}, set()),
    ],
)
def test_lint_flags_what_a_prepared_conversation_avoids(alice, text, fields, expected):
    assert lint(alice, text, **fields) == expected


def test_lint_takes_the_purpose_from_the_meeting(alice):
    informational = new_meeting(alice, purpose="informational")
    job_search = new_meeting(alice, purpose="job_search")
    assert lint(alice, "What openings does your team have?", meeting_id=informational["id"]) == {"job_request"}
    assert lint(alice, "What openings does your team have?", meeting_id=job_search["id"]) == set()


def test_lint_flags_a_duplicate_of_a_question_in_the_bank(alice):
    starter = starter_question(alice, CULTURE_CLASSICS[1])
    mine = create_bank(alice)
    add_question(alice, mine["id"], GOOD_QUESTION)
    assert lint(alice, "what happens when an idea is OBVIOUSLY a failure", bank_id=starter["bank_id"]) == {"duplicate"}
    assert lint(alice, GOOD_QUESTION, bank_id=mine["id"]) == {"duplicate"}
    assert lint(alice, GOOD_QUESTION) == set()


def test_lint_flags_a_duplicate_of_a_question_already_planned(alice):
    meeting = new_meeting(alice)
    plan_question(alice, meeting["id"], text=GOOD_QUESTION)
    assert lint(alice, GOOD_QUESTION, meeting_id=meeting["id"]) == {"duplicate"}
    assert lint(alice, GOOD_QUESTION, meeting_id=new_meeting(alice)["id"]) == set()


@pytest.mark.parametrize(
    ("body", "invalid"),
    [
        ({}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": GOOD_QUESTION, "purpose": "networking"}, "purpose"),
        ({"text": GOOD_QUESTION, "bank_id": "3"}, "bank_id"),
        ({"text": GOOD_QUESTION, "strict": True}, "strict"),
    ],
)
def test_lint_rejects_invalid_or_unknown_fields(alice, body, invalid):
    response = alice.post(LINT, json=body)
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]


# --- ownership ------------------------------------------------------------------------


BANK_ROUTES = [
    ("get", "{bank}", None),
    ("patch", "{bank}", {"name": "Hijacked"}),
    ("delete", "{bank}", None),
    ("get", "{bank}/questions", None),
    ("post", "{bank}/questions", {"text": "Planted?"}),
    ("post", "{bank}/copy", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), BANK_ROUTES)
def test_someone_elses_bank_is_a_404_like_a_missing_one(alice, bob, method, path, body):
    bank = create_bank(alice, name="Alice's")
    add_question(alice, bank["id"])
    missing_id = bank["id"] + 1000
    kwargs = {} if body is None else {"json": body}

    theirs = getattr(bob, method)(path.format(bank=bank_url(bank["id"])), **kwargs)
    missing = getattr(bob, method)(path.format(bank=bank_url(missing_id)), **kwargs)

    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json()["detail"].replace(str(bank["id"]), "N") == missing.get_json()["detail"].replace(
        str(missing_id), "N"
    )
    after = alice.get(bank_url(bank["id"])).get_json()
    assert after["name"] == "Alice's" and after["question_count"] == 1
    assert list_banks(bob, "&builtin=false") == []


@pytest.mark.parametrize(("method", "body"), [("get", None), ("patch", {"text": "Hijacked?"}), ("delete", None)])
def test_someone_elses_question_is_a_404_like_a_missing_one(alice, bob, method, body):
    question = add_question(alice, create_bank(alice)["id"])
    missing_id = question["id"] + 1000
    kwargs = {} if body is None else {"json": body}
    theirs = getattr(bob, method)(question_url(question["id"]), **kwargs)
    missing = getattr(bob, method)(question_url(missing_id), **kwargs)
    assert theirs.status_code == missing.status_code == 404
    assert alice.get(question_url(question["id"])).get_json() == question


def test_lint_against_someone_elses_bank_or_meeting_is_a_404(alice, bob):
    bank = create_bank(alice)
    meeting = new_meeting(alice)
    assert bob.post(LINT, json={"text": GOOD_QUESTION, "bank_id": bank["id"]}).status_code == 404
    assert bob.post(LINT, json={"text": GOOD_QUESTION, "meeting_id": meeting["id"]}).status_code == 404


def test_bank_lists_show_my_banks_and_the_starter_banks_only(alice, bob):
    create_bank(alice, name="Alice's")
    create_bank(bob, name="Bob's")
    names = [bank["name"] for bank in list_banks(bob)]
    assert "Bob's" in names and "Alice's" not in names
    assert len(names) == 1 + len(starter_banks(bob))
