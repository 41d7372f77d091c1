"""Readiness counts only the checks that have something to judge.

A check about the planned questions has nothing to judge when none are planned, the job-request
check has nothing to judge in a meeting set up as a job search, and the confirmation check has
nothing to judge until the day before: such a check says it does not apply, and neither raises nor
lowers the score. A check whose advice is to prepare something (questions, a goal, research) fails
when it is missing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.interview.readiness import READY_SCORE, MeetingFacts, PlannedQuestion, readiness

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
NEXT_WEEK, IN_TWO_HOURS, YESTERDAY = NOW + timedelta(days=7), NOW + timedelta(hours=2), NOW - timedelta(days=1)

QUESTIONS = (
    PlannedQuestion("What happens when an idea is obviously a failure?", "culture"),
    PlannedQuestion("What does a typical week look like for you?", "role"),
    PlannedQuestion("Who else should I talk to?", "next_steps"),
)


def meeting(**changes) -> MeetingFacts:
    """A meeting booked for next week with nothing prepared: no questions, no goal, no research."""
    facts = {"purpose": "informational", "status": "planned", "starts_at": NEXT_WEEK, "duration_minutes": 30}
    return MeetingFacts(**(facts | changes))


def check(facts: MeetingFacts, code: str):
    (found,) = [c for c in readiness(facts, now=NOW).checks if c.code == code]
    return found


def test_a_meeting_with_nothing_prepared_scores_low():
    result = readiness(meeting(), now=NOW)

    # Only a declared purpose (weight 2) and a short meeting (1) count, out of the 9 that apply.
    assert result.score == 33
    assert result.score < 50 and not result.ready


@pytest.mark.parametrize("code", ["nothing_researchable", "no_job_request"])
def test_checks_of_the_planned_questions_do_not_apply_when_none_are_planned(code):
    found = check(meeting(), code)
    assert found.applies is False and found.passed is True
    assert "no questions" in found.message.lower()


@pytest.mark.parametrize("code", ["nothing_researchable", "no_job_request"])
def test_checks_of_the_planned_questions_apply_once_one_is_planned(code):
    found = check(meeting(questions=QUESTIONS[:1]), code)
    assert found.applies is True and found.passed is True


def test_the_job_request_check_does_not_apply_to_a_job_search_meeting():
    job = PlannedQuestion("Are you hiring?", "other", frozenset({"closed", "job_request"}))
    found = check(meeting(purpose="job_search", questions=[*QUESTIONS, job]), "no_job_request")
    assert found.applies is False and found.passed is True
    assert "job search" in found.message


@pytest.mark.parametrize(
    ("status", "starts_at", "applies", "passed"),
    [
        ("planned", NEXT_WEEK, False, True),
        ("planned", IN_TWO_HOURS, True, False),
        ("confirmed", NEXT_WEEK, True, True),
        ("confirmed", IN_TWO_HOURS, True, True),
        ("completed", YESTERDAY, False, True),
        ("cancelled", NEXT_WEEK, False, True),
        ("no_show", YESTERDAY, False, True),
    ],
)
def test_confirmation_counts_once_it_is_due_or_done(status, starts_at, applies, passed):
    found = check(meeting(status=status, starts_at=starts_at), "confirmed")
    assert (found.applies, found.passed) == (applies, passed)


@pytest.mark.parametrize(
    "code", ["enough_questions", "culture_question", "next_steps_question", "goal_linked", "contact_researched"]
)
def test_a_check_whose_advice_is_to_prepare_something_fails_when_it_is_missing(code):
    found = check(meeting(), code)
    assert found.applies is True and found.passed is False


def test_a_check_that_does_not_apply_neither_raises_nor_lowers_the_score():
    prepared = meeting(questions=QUESTIONS, goal_count=1, contact_research_notes="Read her post on triage models.")
    result = readiness(prepared, now=NOW)

    assert [c.code for c in result.checks if not c.applies] == ["confirmed"]
    assert (result.score, result.ready) == (100, True)


@pytest.mark.parametrize(
    "facts",
    [
        meeting(),
        meeting(questions=QUESTIONS, status="confirmed"),
        meeting(purpose="job_search", questions=QUESTIONS[:2], duration_minutes=60, starts_at=IN_TWO_HOURS),
        meeting(purpose=None, status="cancelled", goal_count=2),
    ],
)
def test_the_score_is_the_weighted_share_of_the_checks_that_apply_and_pass(facts):
    result = readiness(facts, now=NOW)
    counted = [c for c in result.checks if c.applies]
    assert result.score == round(100 * sum(c.weight for c in counted if c.passed) / sum(c.weight for c in counted))
    essentials_pass = all(c.passed for c in counted if c.essential)
    assert result.ready is (result.score >= READY_SCORE and essentials_pass)
