"""The question linter: what it flags in a question that a prepared conversation avoids, for the
purpose given or the meeting's, and a duplicate of a question in a bank or already planned.
"""

from __future__ import annotations

import pytest

from tests.factories import (
    CULTURE_CLASSICS,
    GOOD_QUESTION,
    LINT,
    add_question,
    create_bank,
    lint,
    new_meeting,
    plan_question,
    starter_question,
)

# --- the lint endpoint -----------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Would you keep me in mind if a position opens up?", {"closed", "job_request"}),
        ("I'd love to hear what roles you're hiring for.", {"job_request"}),
        ("Would you mind taking a look at my resume?", {"closed", "self_pitch"}),
        ("I've managed a team of twelve for five years. What would I bring to your group?", {"self_pitch"}),
        ("What types of jobs are available in this field?", set()),
    ],
)
def test_lint_knows_how_people_really_ask_for_jobs_and_pitch_themselves(alice, text, expected):
    assert lint(alice, text) == expected
