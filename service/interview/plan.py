"""A meeting's plan and a bank's questions: their limits, their order, and the linter's warnings on them.

The rules of ``linter``, ``readiness`` and ``status`` are plain Python; this module applies them to
rows: it reads a plan or a bank from the database, numbers a plan 1..n, and gathers the facts the
readiness check scores.
"""

from __future__ import annotations

from sqlalchemy import select

from service.database import db
from service.errors import Problem
from service.interview.linter import lint_among
from service.interview.readiness import MeetingFacts, PlannedQuestion
from service.models import Contact, Meeting, MeetingQuestion, Question, QuestionBank

MAX_PLANNED = 50
# Bounded, so that a question is checked for duplicates in its bank cheaply.
MAX_BANK_QUESTIONS = 500
PLAN_ORDER = (MeetingQuestion.position, MeetingQuestion.id)


def plan_of(meeting: Meeting) -> list[MeetingQuestion]:
    """The meeting's planned questions, in order."""
    stmt = select(MeetingQuestion).where(MeetingQuestion.meeting_id == meeting.id).order_by(*PLAN_ORDER)
    return list(db.session.scalars(stmt))


def check_plan_room(plan: list[MeetingQuestion]) -> None:
    """A 409 when a plan cannot take another question."""
    if len(plan) >= MAX_PLANNED:
        raise Problem(409, f"A meeting plan holds at most {MAX_PLANNED} questions.", code="plan_full")


def check_bank_room(bank: QuestionBank) -> None:
    """A 409 when the bank cannot take another question."""
    if bank.question_count >= MAX_BANK_QUESTIONS:
        raise Problem(
            409,
            f"A question bank holds at most {MAX_BANK_QUESTIONS} questions; start another bank.",
            code="bank_full",
        )


def renumber(plan: list[MeetingQuestion]) -> None:
    """Number the plan 1..n in its list order, writing only the positions that change."""
    for number, planned in enumerate(plan, start=1):
        if planned.position != number:
            planned.position = number


def place(plan: list[MeetingQuestion], item: MeetingQuestion, position: int | None) -> None:
    """Put ``item`` at ``position`` (1-based; the end when None or beyond it) and renumber the plan."""
    others = [planned for planned in plan if planned is not item]
    index = len(others) if position is None else min(position, len(others) + 1) - 1
    others.insert(index, item)
    renumber(others)


def plan_texts(meeting_id: int) -> list[str]:
    return list(db.session.scalars(select(MeetingQuestion.text).where(MeetingQuestion.meeting_id == meeting_id)))


def bank_texts(bank_id: int) -> list[str]:
    return list(db.session.scalars(select(Question.text).where(Question.bank_id == bank_id)))


def planned_with_warnings(meeting: Meeting, items: list[MeetingQuestion]) -> list[MeetingQuestion]:
    """``items`` of the meeting's plan, each given the linter's warnings (duplicates counted in the whole plan)."""
    return lint_among(items, plan_texts(meeting.id), purpose=meeting.purpose)


def questions_with_warnings(bank_id: int, questions: list[Question]) -> list[Question]:
    """``questions`` of a bank, each given the linter's warnings (duplicates counted in the whole bank)."""
    return lint_among(questions, bank_texts(bank_id))


def question_with_warnings(question: Question) -> Question:
    questions_with_warnings(question.bank_id, [question])
    return question


def readiness_facts(meeting: Meeting) -> MeetingFacts:
    """What the readiness check scores of a meeting: its plan with warnings, goals and the contact's research."""
    plan = planned_with_warnings(meeting, plan_of(meeting))
    research = db.session.scalar(select(Contact.research_notes).where(Contact.id == meeting.contact_id))
    return MeetingFacts(
        purpose=meeting.purpose,
        status=meeting.status,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        questions=[
            PlannedQuestion(item.text, item.category, frozenset(w.code for w in item.warnings)) for item in plan
        ],
        goal_count=len(meeting.goals),
        contact_research_notes=research,
    )
