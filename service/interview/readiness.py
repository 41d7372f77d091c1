"""The readiness check: is this meeting prepared the way a good informational interview is?

Each check is one piece of the advice the product is built on (be upfront, come with
questions, don't ask what a web search answers, ask about culture, have a clear outcome,
ask who else to talk to, keep it short, confirm it). A check with nothing to judge does not
apply and does not count toward the score: no question can be researchable when none are planned,
asking about openings is honest in a job search, and a meeting a week away need not be confirmed
yet. A check whose advice is to prepare something (questions, a goal, research) fails when it is
missing, so a meeting with nothing prepared scores low.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MIN_QUESTIONS = 3
DEFAULT_MAX_MINUTES = 30
CONFIRM_WITHIN = timedelta(hours=24)
READY_SCORE = 80


@dataclass(frozen=True)
class PlannedQuestion:
    text: str
    category: str
    warnings: frozenset[str] = frozenset()  # linter codes


@dataclass(frozen=True)
class MeetingFacts:
    """What the checks look at, gathered from the meeting, its plan, goals and contact."""

    purpose: str | None
    status: str
    starts_at: datetime
    duration_minutes: int
    questions: Sequence[PlannedQuestion] = ()
    goal_count: int = 0
    contact_research_notes: str | None = None


@dataclass(frozen=True)
class Check:
    """One piece of advice checked: ``applies`` is False when there is nothing to judge yet (it then
    counts as passed but is left out of the score)."""

    code: str
    passed: bool
    message: str
    advice: str
    weight: int = field(default=1, repr=False)
    essential: bool = field(default=False, repr=False)
    applies: bool = True


@dataclass(frozen=True)
class Readiness:
    score: int
    ready: bool
    checks: list[Check]


def readiness(facts: MeetingFacts, *, now: datetime, max_minutes: int = DEFAULT_MAX_MINUTES) -> Readiness:
    """Run every check on ``facts``.

    The score is the weighted share of the checks that apply which pass (0-100). The
    meeting is ready when the score reaches ``READY_SCORE`` and every essential check
    passes: a declared purpose, enough questions, nothing a web search answers, and no job
    request in a meeting called informational.
    """
    checks = [check(facts, now, max_minutes) for check in CHECKS]
    counted = [c for c in checks if c.applies]
    # The purpose, the number of questions and the length always apply, so counted is never empty.
    score = round(100 * sum(c.weight for c in counted if c.passed) / sum(c.weight for c in counted))
    ready = score >= READY_SCORE and all(c.passed for c in checks if c.essential)
    return Readiness(score, ready, checks)


def _purpose_declared(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    passed = facts.purpose in {"informational", "job_search"}
    return Check(
        "purpose_declared",
        passed,
        f"The meeting's purpose is {facts.purpose}." if passed else "The meeting has no declared purpose.",
        "Say upfront whether this is an informational talk or part of a job search, so they know what to expect.",
        weight=2,
        essential=True,
    )


def _enough_questions(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    count = len(facts.questions)
    return Check(
        "enough_questions",
        count >= MIN_QUESTIONS,
        f"{count} question{'s' if count != 1 else ''} planned.",
        f"Plan at least {MIN_QUESTIONS} questions: add some from a starter bank or write your own.",
        weight=2,
        essential=True,
    )


def _culture_question(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    passed = any(q.category == "culture" for q in facts.questions)
    return Check(
        "culture_question",
        passed,
        "A question about culture is planned." if passed else "No question about culture is planned.",
        'Ask how their team works, e.g. "What happens when an idea is obviously a failure?"',
    )


NO_QUESTIONS = "No questions are planned yet, so there is nothing to check; enough_questions asks for some."


def _nothing_researchable(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    flagged = [q.text for q in facts.questions if "researchable" in q.warnings]
    if not facts.questions:
        message = NO_QUESTIONS
    elif flagged:
        message = f"{len(flagged)} planned question(s) a web search answers: {_quote(flagged)}."
    else:
        message = "No planned question is answered by a web search."
    return Check(
        "nothing_researchable",
        not flagged,
        message,
        "Look those facts up beforehand and replace the questions with ones only they can answer.",
        weight=2,
        essential=True,
        applies=bool(facts.questions),
    )


def _no_job_request(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    flagged = [q.text for q in facts.questions if "job_request" in q.warnings]
    job_search = facts.purpose == "job_search"
    if job_search:
        message = "The meeting is part of a job search, so asking about openings is honest."
    elif not facts.questions:
        message = NO_QUESTIONS
    elif flagged:
        message = f"Planned questions ask for a job: {_quote(flagged)}."
    else:
        message = "No planned question asks for a job."
    return Check(
        "no_job_request",
        job_search or not flagged,
        message,
        "An informational talk is not a job pitch: drop those questions, or mark the meeting as job_search "
        "and tell them you are job hunting.",
        weight=2,
        essential=True,
        applies=bool(facts.questions) and not job_search,
    )


def _goal_linked(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    passed = facts.goal_count > 0
    return Check(
        "goal_linked",
        passed,
        f"{facts.goal_count} goal(s) linked." if passed else "No goal is linked to the meeting.",
        "Link a goal: what should you know or have after this talk (decide on an industry, a second connection)?",
    )


def _contact_researched(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    passed = bool(facts.contact_research_notes and facts.contact_research_notes.strip())
    return Check(
        "contact_researched",
        passed,
        "You have research notes on the contact." if passed else "The contact has no research notes.",
        "Read up on them (their role, talks, posts) and write what you learned in the contact's research_notes.",
    )


def _next_steps_question(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    passed = any(q.category == "next_steps" for q in facts.questions)
    return Check(
        "next_steps_question",
        passed,
        "A next-steps question is planned." if passed else "No next-steps question is planned.",
        'End by asking "Who else should I talk to?": it is how one conversation leads to the next.',
    )


def _short_enough(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    passed = facts.duration_minutes <= max_minutes
    return Check(
        "short_enough",
        passed,
        f"The meeting is {facts.duration_minutes} minutes long.",
        f"Ask for {max_minutes} minutes or less of their time, and keep to it.",
    )


def _confirmed_in_time(facts: MeetingFacts, now: datetime, max_minutes: int) -> Check:
    soon = facts.starts_at - now <= CONFIRM_WITHIN
    # Confirming is credit once done; until the day before it is not due, and a meeting that took
    # place, was missed or was cancelled has nothing left to confirm.
    applies = facts.status == "confirmed" or (facts.status == "planned" and soon)
    if facts.status == "confirmed":
        passed, message = True, "The meeting is confirmed."
    elif facts.status != "planned":
        passed, message = True, f"The meeting is {facts.status.replace('_', '-')}; there is nothing to confirm."
    elif soon:
        passed, message = False, "The meeting starts within 24 hours and is not confirmed."
    else:
        passed, message = True, "The meeting is more than 24 hours away; confirm it the day before."
    return Check(
        "confirmed",
        passed,
        message,
        "Confirm the time and place with them the day before, then set the status to confirmed.",
        applies=applies,
    )


CHECKS = (
    _purpose_declared,
    _enough_questions,
    _culture_question,
    _nothing_researchable,
    _no_job_request,
    _goal_linked,
    _contact_researched,
    _next_steps_question,
    _short_enough,
    _confirmed_in_time,
)


def _quote(texts: list[str], limit: int = 3) -> str:
    quoted = "; ".join(f'"{t}"' for t in texts[:limit])
    return quoted + (f" and {len(texts) - limit} more" if len(texts) > limit else "")
