"""A meeting's plan: the questions I mean to ask, in order, and what came of each."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from sqlalchemy import select

from service.api.questions import plan_texts
from service.auth import current_user
from service.errors import Problem
from service.extensions import db
from service.interview.linter import lint_among
from service.models import Meeting, MeetingQuestion, Question
from service.models.types import utcnow
from service.openapi import Blueprint
from service.ownership import apply_changes, get_child_or_404, get_owned_or_404, require_owned
from service.pagination import PageArgsSchema, keyset_page
from service.schemas.meeting import PlannedQuestionPageSchema, PlannedQuestionSchema, PlanQuestionSchema

blp = Blueprint(
    "meeting_plan",
    __name__,
    url_prefix="/api/v1/meetings/<int:meeting_id>/questions",
    description="The questions planned for a meeting, in order, with what came of them.",
)

MAX_PLANNED = 50
PLAN_ORDER = (MeetingQuestion.position, MeetingQuestion.id)


def meeting_for_change(meeting_id: int) -> Meeting:
    """My meeting, locked: plan changes to one meeting happen one at a time, so positions stay 1..n."""
    meeting = get_owned_or_404(Meeting, meeting_id, for_update=True)
    meeting.updated_at = utcnow()  # the plan is part of the meeting (its calendar description shows it)
    return meeting


def plan_of(meeting: Meeting) -> list[MeetingQuestion]:
    stmt = select(MeetingQuestion).where(MeetingQuestion.meeting_id == meeting.id).order_by(*PLAN_ORDER)
    return list(db.session.scalars(stmt))


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


def with_warnings(meeting: Meeting, items: list[MeetingQuestion]) -> list[MeetingQuestion]:
    return lint_among(items, plan_texts(meeting.id), purpose=meeting.purpose)


@blp.route("")
class Plan(MethodView):
    @blp.login_required
    @blp.doc(operationId="listPlannedQuestions")
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, PlannedQuestionPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, meeting_id):
        """The meeting's planned questions in order, each with its linter warnings."""
        meeting = get_owned_or_404(Meeting, meeting_id)
        stmt = select(MeetingQuestion).where(MeetingQuestion.meeting_id == meeting.id)
        page = keyset_page(
            stmt, MeetingQuestion, limit=args["limit"], cursor=args.get("cursor"), key=PLAN_ORDER, descending=False
        )
        with_warnings(meeting, page["items"])
        return page

    @blp.login_required
    @blp.doc(operationId="planQuestion")
    @blp.arguments(PlanQuestionSchema)
    @blp.response(201, PlannedQuestionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description=f"The plan already holds {MAX_PLANNED} questions.")
    def post(self, data, meeting_id):
        """Plan a question: copy one from a bank (`question_id`), or write one (`text`, `category`).

        A bank question's text is copied, so later edits to the bank don't rewrite the plan.
        """
        meeting = meeting_for_change(meeting_id)
        plan = plan_of(meeting)
        if len(plan) >= MAX_PLANNED:
            raise Problem(409, f"A meeting plan holds at most {MAX_PLANNED} questions.", code="plan_full")
        item = MeetingQuestion(user_id=current_user.id, meeting_id=meeting.id)
        if "question_id" in data:
            question = require_owned(Question, data["question_id"], "question_id", shared=True)
            item.question_id, item.text = question.id, question.text
            item.category = data.get("category", question.category)
        else:
            item.text, item.category = data["text"], data.get("category", "other")
        place(plan, item, data.get("position"))
        db.session.add(item)
        db.session.commit()
        location = url_for("meeting_plan.PlannedQuestion", meeting_id=meeting.id, item_id=item.id)
        return with_warnings(meeting, [item])[0], 201, {"Location": location}


@blp.route("/<int:item_id>", endpoint="PlannedQuestion")
class PlannedQuestion(MethodView):
    @blp.login_required
    @blp.doc(operationId="getPlannedQuestion")
    @blp.etag
    @blp.response(200, PlannedQuestionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, meeting_id, item_id):
        """One planned question."""
        meeting = get_owned_or_404(Meeting, meeting_id)
        return with_warnings(meeting, [get_child_or_404(MeetingQuestion.meeting_id, meeting, item_id)])[0]

    @blp.login_required
    @blp.doc(operationId="updatePlannedQuestion")
    @blp.etag
    @blp.arguments(PlannedQuestionSchema(partial=True))
    @blp.response(200, PlannedQuestionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, meeting_id, item_id):
        """Move a planned question (`position`), or record whether I asked it, the answer and its rating."""
        meeting = meeting_for_change(meeting_id)
        item = get_child_or_404(MeetingQuestion.meeting_id, meeting, item_id)
        blp.check_etag(with_warnings(meeting, [item])[0], PlannedQuestionSchema)
        if "position" in data:
            place(plan_of(meeting), item, data.pop("position"))
        apply_changes(item, data)
        db.session.commit()
        return with_warnings(meeting, [item])[0]

    @blp.login_required
    @blp.doc(operationId="deletePlannedQuestion")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, meeting_id, item_id):
        """Take a question off the plan; the ones after it move up."""
        meeting = meeting_for_change(meeting_id)
        item = get_child_or_404(MeetingQuestion.meeting_id, meeting, item_id)
        blp.check_etag(with_warnings(meeting, [item])[0], PlannedQuestionSchema)
        renumber([planned for planned in plan_of(meeting) if planned is not item])
        db.session.delete(item)
        db.session.commit()
