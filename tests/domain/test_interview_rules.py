"""The interview domain rules on their own, without Flask or a database: meeting statuses
and the readiness score."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.interview.readiness import MeetingFacts, PlannedQuestion, readiness
from service.interview.status import STATUSES, TRANSITIONS, transition_problem

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PAST, FUTURE = NOW - timedelta(days=1), NOW + timedelta(days=7)


@pytest.mark.parametrize("status", STATUSES)
def test_staying_in_a_status_is_always_allowed(status):
    assert transition_problem(status, status, PAST, NOW) is None


@pytest.mark.parametrize("status", STATUSES)
def test_a_new_meeting_may_start_in_any_status_its_time_allows(status):
    assert transition_problem(None, status, PAST, NOW) is None


def test_a_completed_meeting_is_final():
    assert TRANSITIONS["completed"] == frozenset()
    for status in set(STATUSES) - {"completed"}:
        assert "final" in transition_problem("completed", status, PAST, NOW)


@pytest.mark.parametrize("status", ["completed", "no_show"])
def test_nothing_happens_before_the_meeting_starts(status):
    assert "before it starts" in transition_problem("planned", status, FUTURE, NOW)
    assert transition_problem("planned", status, NOW, NOW) is None


def test_every_refusal_says_what_to_do_instead():
    for old, allowed in TRANSITIONS.items():
        for new in set(STATUSES) - allowed - {old}:
            problem = transition_problem(old, new, PAST, NOW)
            assert problem and len(problem.split(". ")) >= 2, (old, new)


def prepared(**changes) -> MeetingFacts:
    facts = {
        "purpose": "informational",
        "status": "confirmed",
        "starts_at": NOW + timedelta(hours=2),
        "duration_minutes": 30,
        "questions": [
            PlannedQuestion("What happens when an idea is obviously a failure?", "culture"),
            PlannedQuestion("What does a typical week look like for you?", "role"),
            PlannedQuestion("Who else should I talk to?", "next_steps"),
        ],
        "goal_count": 1,
        "contact_research_notes": "Read her post on triage models.",
    }
    return MeetingFacts(**(facts | changes))


def test_a_prepared_meeting_scores_100_and_is_ready():
    result = readiness(prepared(), now=NOW)
    assert (result.score, result.ready) == (100, True)
    assert all(check.passed for check in result.checks)


def test_a_missed_nice_to_have_lowers_the_score_but_not_readiness():
    result = readiness(prepared(contact_research_notes="  "), now=NOW)
    assert result.ready and result.score < 100
    assert [c.code for c in result.checks if not c.passed] == ["contact_researched"]


def test_a_missed_essential_check_means_not_ready_whatever_the_score():
    job = PlannedQuestion("Are you hiring?", "other", frozenset({"closed", "job_request"}))
    result = readiness(prepared(questions=[*prepared().questions, job]), now=NOW)
    assert result.score >= 80 and not result.ready


def test_the_same_job_question_is_fine_in_a_job_search_meeting():
    job = PlannedQuestion("Are you hiring?", "other", frozenset({"job_request"}))
    assert readiness(prepared(purpose="job_search", questions=[*prepared().questions, job]), now=NOW).ready


def passed(result, code: str) -> bool:
    (check,) = [check for check in result.checks if check.code == code]
    return check.passed


def test_the_longest_short_meeting_is_a_setting():
    assert not passed(readiness(prepared(duration_minutes=45), now=NOW), "short_enough")
    assert passed(readiness(prepared(duration_minutes=45), now=NOW, max_minutes=45), "short_enough")


def test_a_planned_meeting_must_be_confirmed_only_within_a_day_of_it():
    assert not passed(readiness(prepared(status="planned"), now=NOW), "confirmed")
    assert passed(readiness(prepared(status="planned", starts_at=FUTURE), now=NOW), "confirmed")


def test_every_check_has_advice_a_person_can_act_on():
    result = readiness(MeetingFacts(purpose=None, status="planned", starts_at=NOW, duration_minutes=60), now=NOW)
    assert not result.ready and result.score == 0  # the checks of questions have none to judge; the rest fail
    assert all(check.advice.endswith((".", "?", '"')) for check in result.checks)
