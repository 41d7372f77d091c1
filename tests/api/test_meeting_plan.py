"""A meeting's plan: the questions I mean to ask, in order, and what came of each."""

from __future__ import annotations

from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import BANKS, created, new_meeting, plan_question, plan_url, starter_question

GOOD_QUESTION = "What surprised you most in your first year?"
CULTURE_QUESTION = "What happens when an idea is obviously a failure?"


def item_url(meeting_id: int, item_id: int) -> str:
    return f"{plan_url(meeting_id)}/{item_id}"


def plan(account, meeting_id: int, text: str = GOOD_QUESTION, **fields) -> dict:
    """Put a question of my own (or, with question_id, a bank question) on the meeting's plan."""
    body = fields if "question_id" in fields else {"text": text, **fields}
    return plan_question(account, meeting_id, **body)


def plan_of(account, meeting_id: int) -> list[dict]:
    return account.get(f"{plan_url(meeting_id)}?limit=100").get_json()["items"]


def texts_in_order(account, meeting_id: int) -> list[str]:
    items = plan_of(account, meeting_id)
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    return [item["text"] for item in items]


def bank_question(account, text: str = "What does a good week look like for you?", category: str = "role") -> dict:
    bank = account.post(BANKS, json={"name": "Mine"}).get_json()
    return created(account.post(f"{BANKS}/{bank['id']}/questions", json={"text": text, "category": category}))


def codes(item: dict) -> set[str]:
    return {warning["code"] for warning in item["warnings"]}


def meeting_with_questions(account, count: int) -> tuple[dict, list[dict]]:
    meeting = new_meeting(account)
    return meeting, [plan(account, meeting["id"], f"Question {n}: what did you learn?") for n in range(1, count + 1)]


# --- adding questions -----------------------------------------------------------------


def test_planning_a_bank_question_copies_its_text_and_category(alice):
    meeting = new_meeting(alice)
    question = bank_question(alice, category="role")
    response = alice.post(plan_url(meeting["id"]), json={"question_id": question["id"]})
    assert response.status_code == 201
    item = response.get_json()
    assert response.headers["Location"] == item_url(meeting["id"], item["id"])
    assert item["meeting_id"] == meeting["id"] and item["question_id"] == question["id"]
    assert (item["text"], item["category"]) == (question["text"], "role")
    assert item["position"] == 1 and item["asked"] is False
    assert item["answer"] is None and item["rating"] is None and item["warnings"] == []
    assert alice.get(response.headers["Location"]).get_json() == item


def test_planning_a_question_of_my_own_defaults_its_category_to_other(alice):
    meeting = new_meeting(alice)
    item = plan(alice, meeting["id"], GOOD_QUESTION)
    assert item["question_id"] is None and item["category"] == "other"
    assert plan(alice, meeting["id"], "How do you pick projects?", category="role")["category"] == "role"


def test_a_bank_question_can_be_planned_under_another_category(alice):
    question = bank_question(alice, category="role")
    item = plan(alice, new_meeting(alice)["id"], question_id=question["id"], category="culture")
    assert (item["text"], item["category"]) == (question["text"], "culture")


def test_anyone_can_plan_a_starter_question(alice, bob):
    question = starter_question(bob, CULTURE_QUESTION)
    item = plan(bob, new_meeting(bob)["id"], question_id=question["id"])
    assert (item["text"], item["category"]) == (CULTURE_QUESTION, question["category"])


def test_editing_the_bank_question_later_does_not_rewrite_the_plan(alice):
    meeting = new_meeting(alice)
    question = bank_question(alice, category="role")
    item = plan(alice, meeting["id"], question_id=question["id"])
    edited = alice.patch(f"/api/v1/questions/{question['id']}", json={"text": "What's hard?", "category": "other"})
    assert edited.status_code == 200
    assert alice.get(item_url(meeting["id"], item["id"])).get_json() == item


@pytest.mark.parametrize("deleted", ["question", "bank"])
def test_deleting_the_bank_question_keeps_the_planned_copy(alice, deleted):
    meeting = new_meeting(alice)
    question = bank_question(alice)
    item = plan(alice, meeting["id"], question_id=question["id"])
    url = f"/api/v1/questions/{question['id']}" if deleted == "question" else f"{BANKS}/{question['bank_id']}"
    assert alice.delete(url).status_code == 204
    kept = alice.get(item_url(meeting["id"], item["id"])).get_json()
    assert kept["question_id"] is None and kept["text"] == question["text"]


def test_inserting_at_a_position_shifts_the_later_questions_down(alice):
    meeting, _ = meeting_with_questions(alice, 3)
    inserted = plan(alice, meeting["id"], "Inserted: what now?", position=2)
    assert inserted["position"] == 2
    assert texts_in_order(alice, meeting["id"]) == [
        "Question 1: what did you learn?",
        "Inserted: what now?",
        "Question 2: what did you learn?",
        "Question 3: what did you learn?",
    ]


def test_a_position_beyond_the_end_adds_at_the_end(alice):
    meeting, _ = meeting_with_questions(alice, 2)
    assert plan(alice, meeting["id"], "Last: what next?", position=40)["position"] == 3
    assert texts_in_order(alice, meeting["id"])[-1] == "Last: what next?"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question_id": 1, "text": GOOD_QUESTION},
        {"category": "role"},
        {"text": "   "},
        {"text": GOOD_QUESTION, "category": "gossip"},
        {"text": GOOD_QUESTION, "position": 0},
        {"text": GOOD_QUESTION, "asked": True},
    ],
)
def test_invalid_or_unknown_fields_are_rejected_and_nothing_is_planned(alice, body):
    meeting = new_meeting(alice)
    response = alice.post(plan_url(meeting["id"]), json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"]
    assert plan_of(alice, meeting["id"]) == []


def test_a_plan_holds_at_most_50_questions(alice):
    meeting, _ = meeting_with_questions(alice, 50)
    response = alice.post(plan_url(meeting["id"]), json={"text": "One too many?"})
    assert response.status_code == 409
    assert response.get_json()["code"] == "plan_full"
    assert len(plan_of(alice, meeting["id"])) == 50


def test_concurrent_additions_keep_positions_1_to_n(app, alice):
    meeting, _ = meeting_with_questions(alice, 2)
    adds = [
        partial(
            app.test_client().post, plan_url(meeting["id"]), json={"text": f"Race {n}: why?"}, headers=alice.headers
        )
        for n in range(6)
    ]
    assert [response.status_code for response in run_together(*adds)] == [201] * 6
    assert len(texts_in_order(alice, meeting["id"])) == 8


# --- moving, recording, removing ------------------------------------------------------


@pytest.mark.parametrize(
    ("moved", "to", "order"),
    [(1, 3, [2, 3, 1, 4]), (4, 2, [1, 4, 2, 3]), (2, 9, [1, 3, 4, 2]), (3, 3, [1, 2, 3, 4])],
)
def test_moving_a_question_shifts_the_others(alice, moved, to, order):
    meeting, items = meeting_with_questions(alice, 4)
    response = alice.patch(item_url(meeting["id"], items[moved - 1]["id"]), json={"position": to})
    assert response.status_code == 200
    assert response.get_json()["position"] == min(to, 4)
    assert texts_in_order(alice, meeting["id"]) == [items[n - 1]["text"] for n in order]


def test_recording_what_came_of_a_question(alice):
    meeting, (item,) = meeting_with_questions(alice, 1)
    body = {"asked": True, "answer": "A quarterly failure review.", "rating": 5}
    response = alice.patch(item_url(meeting["id"], item["id"]), json=body)
    assert response.status_code == 200
    assert {k: response.get_json()[k] for k in body} == body
    cleared = alice.patch(item_url(meeting["id"], item["id"]), json={"rating": None}).get_json()
    assert cleared["rating"] is None and cleared["answer"] == body["answer"]


def test_rewording_a_planned_question_keeps_its_place(alice):
    meeting, items = meeting_with_questions(alice, 2)
    response = alice.patch(item_url(meeting["id"], items[0]["id"]), json={"text": "Reworded?", "category": "advice"})
    assert response.status_code == 200
    changed = response.get_json()
    assert (changed["text"], changed["category"], changed["position"]) == ("Reworded?", "advice", 1)


@pytest.mark.parametrize(
    "body",
    [
        {"rating": 0},
        {"rating": 6},
        {"rating": "4"},
        {"position": 0},
        {"position": None},
        {"text": None},
        {"question_id": 1},
        {"meeting_id": 1},
        {"warnings": []},
        {"mood": "good"},
    ],
)
def test_invalid_or_read_only_fields_are_rejected_and_nothing_changes(alice, body):
    meeting, (item,) = meeting_with_questions(alice, 1)
    response = alice.patch(item_url(meeting["id"], item["id"]), json=body)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == set(body)
    assert alice.get(item_url(meeting["id"], item["id"])).get_json() == item


def test_removing_a_question_moves_the_later_ones_up(alice):
    meeting, items = meeting_with_questions(alice, 4)
    assert alice.delete(item_url(meeting["id"], items[1]["id"])).status_code == 204
    assert alice.get(item_url(meeting["id"], items[1]["id"])).status_code == 404
    assert texts_in_order(alice, meeting["id"]) == [items[n]["text"] for n in (0, 2, 3)]


def test_a_planned_question_answers_304_while_it_is_unchanged(alice):
    meeting, (item,) = meeting_with_questions(alice, 1)
    url = item_url(meeting["id"], item["id"])
    etag = alice.get(url).headers["ETag"]
    assert alice.get(url, headers={"If-None-Match": etag}).status_code == 304
    alice.patch(url, json={"asked": True})
    assert alice.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_stale_if_match_refuses_the_change_or_removal(alice):
    meeting, (item,) = meeting_with_questions(alice, 1)
    url = item_url(meeting["id"], item["id"])
    stale = alice.get(url).headers["ETag"]
    alice.patch(url, json={"answer": "First answer"})
    assert alice.patch(url, json={"answer": "Second answer"}, headers={"If-Match": stale}).status_code == 412
    assert alice.delete(url, headers={"If-Match": stale}).status_code == 412
    assert alice.get(url).get_json()["answer"] == "First answer"


def test_a_change_with_the_current_if_match_succeeds(alice):
    meeting, (item,) = meeting_with_questions(alice, 1)
    url = item_url(meeting["id"], item["id"])
    etag = alice.get(url).headers["ETag"]
    response = alice.patch(url, json={"asked": True}, headers={"If-Match": etag})
    assert response.status_code == 200
    assert alice.delete(url, headers={"If-Match": response.headers["ETag"]}).status_code == 204


def test_paging_through_a_plan_gives_each_question_once_in_order(alice):
    meeting, items = meeting_with_questions(alice, 5)
    alice.patch(item_url(meeting["id"], items[4]["id"]), json={"position": 1})
    seen: list[str] = []
    cursor = None
    while True:
        page = alice.get(f"{plan_url(meeting['id'])}?limit=2" + (f"&cursor={cursor}" if cursor else "")).get_json()
        seen += [item["text"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [items[n]["text"] for n in (4, 0, 1, 2, 3)]


def test_concurrent_moves_and_removals_keep_positions_1_to_n(app, alice):
    meeting, items = meeting_with_questions(alice, 8)

    def send(method, item, **kwargs):
        call = getattr(app.test_client(), method)
        return partial(call, item_url(meeting["id"], item["id"]), headers=alice.headers, **kwargs)

    changes = [
        send("patch", items[0], json={"position": 8}),
        send("patch", items[7], json={"position": 1}),
        send("patch", items[3], json={"position": 2}),
        send("delete", items[5]),
        send("delete", items[1]),
    ]
    assert sorted(response.status_code for response in run_together(*changes)) == [200, 200, 200, 204, 204]
    assert sorted(texts_in_order(alice, meeting["id"])) == sorted(items[n]["text"] for n in (0, 2, 3, 4, 6, 7))


def test_listing_the_plan_costs_the_same_number_of_queries_for_3_or_30(alice, queries):
    meeting, _ = meeting_with_questions(alice, 3)

    def count_for_listing() -> int:
        before = queries.count
        assert alice.get(f"{plan_url(meeting['id'])}?limit=100").status_code == 200
        return queries.count - before

    small = count_for_listing()
    for n in range(27):
        plan(alice, meeting["id"], f"Extra {n}: how so?")
    assert count_for_listing() == small


# --- warnings -------------------------------------------------------------------------


@pytest.mark.parametrize(("purpose", "expected"), [("informational", {"job_request"}), ("job_search", set())])
def test_asking_for_a_job_is_flagged_only_in_an_informational_meeting(alice, purpose, expected):
    meeting = new_meeting(alice, purpose=purpose)
    item = plan(alice, meeting["id"], "What openings does your team have?")
    assert codes(item) == expected
    assert [codes(listed) for listed in plan_of(alice, meeting["id"])] == [expected]


def test_a_question_planned_twice_is_flagged_on_both_until_one_goes(alice):
    meeting = new_meeting(alice)
    other_meeting = new_meeting(alice)
    plan(alice, other_meeting["id"], GOOD_QUESTION)
    first = plan(alice, meeting["id"], GOOD_QUESTION)
    assert first["warnings"] == []

    second = plan(alice, meeting["id"], GOOD_QUESTION.upper())

    assert codes(second) == {"duplicate"}
    assert [codes(item) for item in plan_of(alice, meeting["id"])] == [{"duplicate"}, {"duplicate"}]
    assert [codes(item) for item in plan_of(alice, other_meeting["id"])] == [set()]
    alice.delete(item_url(meeting["id"], second["id"]))
    assert alice.get(item_url(meeting["id"], first["id"])).get_json()["warnings"] == []


# --- ownership ------------------------------------------------------------------------


def test_i_cannot_plan_someone_elses_private_question(alice, bob):
    theirs = bank_question(alice)
    meeting = new_meeting(bob)
    for question_id in (theirs["id"], theirs["id"] + 1000):
        response = bob.post(plan_url(meeting["id"]), json={"question_id": question_id})
        assert response.status_code == 422
        assert "question_id" in response.get_json()["errors"]
    assert plan_of(bob, meeting["id"]) == []


@pytest.mark.parametrize(("method", "body"), [("get", None), ("patch", {"asked": True}), ("delete", None)])
def test_a_question_planned_for_another_of_my_meetings_is_a_404_here(alice, method, body):
    meeting, (item,) = meeting_with_questions(alice, 1)
    other = new_meeting(alice)
    kwargs = {} if body is None else {"json": body}
    assert getattr(alice, method)(item_url(other["id"], item["id"]), **kwargs).status_code == 404
    assert plan_of(alice, meeting["id"]) == [item]
