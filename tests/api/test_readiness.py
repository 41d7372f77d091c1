"""Readiness: is a meeting prepared the way a good informational interview is, and if not, what to do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.factories import MEETINGS, new_contact, new_goal, new_meeting, plan_question, starter_questions

CODES = [
    "purpose_declared",
    "enough_questions",
    "culture_question",
    "nothing_researchable",
    "no_job_request",
    "goal_linked",
    "contact_researched",
    "next_steps_question",
    "short_enough",
    "confirmed",
]
# Without these a meeting is never ready, whatever its score.
ESSENTIAL = {"purpose_declared", "enough_questions", "nothing_researchable", "no_job_request"}

# Questions of the built-in starter banks.
CULTURE = "What happens when an idea is obviously a failure?"
CAREER = "What did your path to this role look like?"
ANOTHER_CAREER = "Which earlier job prepared you best for what you do now?"
NEXT_STEPS = "Who else should I talk to?"
ADVICE = "What would you do in my position?"

# Questions of my own that the linter flags.
RESEARCHABLE = {"text": "How many employees does Northwind have?", "category": "company"}
JOB_REQUEST = {"text": "What openings does your team have right now?", "category": "role"}


def readiness_url(meeting_id: int, query: str = "") -> str:
    return f"{MEETINGS}/{meeting_id}/readiness{query}"


def starting_in(delta: timedelta) -> str:
    """A start time ``delta`` from now, written with a non-UTC offset as clients send it."""
    return (datetime.now(UTC) + delta).astimezone(timezone(timedelta(hours=-5))).isoformat()


def prepare(
    account,
    *,
    bank_questions=(CULTURE, CAREER, NEXT_STEPS),
    own_questions=(),
    research_notes: str | None = "Led the triage model project (2024 blog post).",
    with_goal: bool = True,
    purpose: str = "informational",
    status: str = "planned",
    duration_minutes: int = 30,
    starts_in: timedelta = timedelta(days=7),
) -> dict:
    """A meeting prepared by the book, unless told otherwise; its questions come from the built-in banks."""
    contact = new_contact(account, research_notes=research_notes)
    goal_ids = [new_goal(account, title="Learn the culture")["id"]] if with_goal else []
    meeting = new_meeting(
        account,
        contact["id"],
        purpose=purpose,
        status=status,
        starts_at=starting_in(starts_in),
        duration_minutes=duration_minutes,
        goal_ids=goal_ids,
    )
    question_ids = {q["text"]: q["id"] for q in starter_questions(account)} if bank_questions else {}
    for text in bank_questions:
        plan_question(account, meeting["id"], question_id=question_ids[text])
    for body in own_questions:
        plan_question(account, meeting["id"], **body)
    return meeting


def readiness_of(account, meeting: dict, query: str = "") -> dict:
    response = account.get(readiness_url(meeting["id"], query))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def failed(report: dict) -> set[str]:
    return {check["code"] for check in report["checks"] if not check["passed"]}


def check(report: dict, code: str) -> dict:
    return next(c for c in report["checks"] if c["code"] == code)


# --- the whole report -----------------------------------------------------------------


def test_a_well_prepared_meeting_is_ready_with_a_score_of_100(alice):
    report = readiness_of(alice, prepare(alice))

    assert report["score"] == 100 and report["ready"] is True
    assert [c["code"] for c in report["checks"]] == CODES
    assert all(c["passed"] for c in report["checks"])
    assert all(set(c) == {"code", "passed", "applies", "message", "advice"} and c["message"] for c in report["checks"])
    # A week ahead, confirming is not due yet: that check waits and does not count.
    assert [c["code"] for c in report["checks"] if not c["applies"]] == ["confirmed"]


def test_a_meeting_with_nothing_prepared_scores_low(alice):
    meeting = prepare(alice, bank_questions=(), research_notes=None, with_goal=False)

    report = readiness_of(alice, meeting)

    # Only the declared purpose and the length count, out of the checks that apply.
    assert report["score"] == 33 and report["ready"] is False
    waiting = {c["code"] for c in report["checks"] if not c["applies"]}
    assert waiting == {"nothing_researchable", "no_job_request", "confirmed"}
    assert failed(report) == {
        "enough_questions",
        "culture_question",
        "goal_linked",
        "contact_researched",
        "next_steps_question",
    }


def test_a_poorly_prepared_meeting_is_not_ready_and_says_what_to_do_about_each_failure(alice):
    meeting = prepare(
        alice,
        bank_questions=(),
        own_questions=(RESEARCHABLE, JOB_REQUEST),
        research_notes=None,
        with_goal=False,
        duration_minutes=60,
        starts_in=timedelta(hours=2),
    )

    report = readiness_of(alice, meeting)

    assert report["ready"] is False
    assert 0 <= report["score"] < 50
    assert failed(report) == set(CODES) - {"purpose_declared"}
    for failure in (c for c in report["checks"] if not c["passed"]):
        assert failure["advice"].strip() and failure["message"].strip(), failure["code"]


def test_the_report_quotes_the_questions_that_fail(alice):
    meeting = prepare(alice, own_questions=(RESEARCHABLE, JOB_REQUEST))
    report = readiness_of(alice, meeting)
    assert RESEARCHABLE["text"] in check(report, "nothing_researchable")["message"]
    assert JOB_REQUEST["text"] in check(report, "no_job_request")["message"]


# --- each check on its own ------------------------------------------------------------


@pytest.mark.parametrize(
    ("failing", "changes"),
    [
        ("enough_questions", {"bank_questions": (CULTURE, NEXT_STEPS)}),
        ("culture_question", {"bank_questions": (ANOTHER_CAREER, CAREER, NEXT_STEPS)}),
        ("nothing_researchable", {"own_questions": (RESEARCHABLE,)}),
        ("no_job_request", {"own_questions": (JOB_REQUEST,)}),
        ("goal_linked", {"with_goal": False}),
        ("contact_researched", {"research_notes": None}),
        ("contact_researched", {"research_notes": "   "}),
        ("next_steps_question", {"bank_questions": (CULTURE, CAREER, ADVICE)}),
        ("short_enough", {"duration_minutes": 45}),
        ("confirmed", {"starts_in": timedelta(hours=3)}),
    ],
)
def test_each_check_fails_on_its_own(alice, failing, changes):
    report = readiness_of(alice, prepare(alice, **changes))

    assert failed(report) == {failing}
    assert check(report, failing)["advice"]
    assert report["score"] < 100
    # One miss of a nice-to-have still leaves the meeting ready; an essential one never does.
    assert report["ready"] is (failing not in ESSENTIAL)


@pytest.mark.parametrize(
    ("query", "passed"),
    [("", False), ("?max_minutes=44", False), ("?max_minutes=45", True), ("?max_minutes=90", True)],
)
def test_max_minutes_sets_how_long_is_short_enough(alice, query, passed):
    meeting = prepare(alice, duration_minutes=45)
    assert check(readiness_of(alice, meeting, query), "short_enough")["passed"] is passed


@pytest.mark.parametrize("max_minutes", ["4", "481", "thirty", "30.5"])
def test_max_minutes_out_of_range_or_not_a_number_is_a_422(alice, max_minutes):
    meeting = prepare(alice, bank_questions=())
    response = alice.get(readiness_url(meeting["id"], f"?max_minutes={max_minutes}"))
    assert response.status_code == 422
    assert "max_minutes" in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("status", "starts_in", "passed"),
    [
        ("planned", timedelta(hours=3), False),
        ("planned", timedelta(hours=23), False),
        ("planned", timedelta(hours=25), True),
        ("confirmed", timedelta(hours=3), True),
        ("completed", timedelta(hours=-3), True),
    ],
)
def test_a_planned_meeting_must_be_confirmed_once_it_starts_within_24_hours(alice, status, starts_in, passed):
    meeting = prepare(alice, status=status, starts_in=starts_in)
    assert check(readiness_of(alice, meeting), "confirmed")["passed"] is passed


def test_confirming_a_meeting_that_starts_soon_makes_it_ready(alice):
    meeting = prepare(alice, starts_in=timedelta(hours=3))
    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"status": "confirmed"})
    assert readiness_of(alice, meeting)["score"] == 100


# --- purpose --------------------------------------------------------------------------


def test_a_job_search_meeting_may_ask_about_openings(alice):
    meeting = prepare(alice, purpose="job_search", own_questions=(JOB_REQUEST,))

    report = readiness_of(alice, meeting)

    assert report["ready"] is True and report["score"] == 100
    assert check(report, "purpose_declared")["passed"] is True
    assert check(report, "no_job_request")["applies"] is False


def test_declaring_a_job_search_purpose_clears_the_job_request(alice):
    meeting = prepare(alice, own_questions=(JOB_REQUEST,))
    assert readiness_of(alice, meeting)["ready"] is False

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"purpose": "job_search"})

    assert readiness_of(alice, meeting)["ready"] is True


def test_a_researchable_question_fails_even_in_a_job_search_meeting(alice):
    meeting = prepare(alice, purpose="job_search", own_questions=(RESEARCHABLE,))
    report = readiness_of(alice, meeting)
    assert failed(report) == {"nothing_researchable"} and report["ready"] is False
