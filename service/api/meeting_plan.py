"""A meeting's plan: the questions I mean to ask, in order, and what came of each (rules: ``service.interview.plan``)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from service.database import db
from service.interview.plan import (
    MAX_PLANNED,
    PLAN_ORDER,
    check_plan_room,
    place,
    plan_of,
    planned_with_warnings,
    renumber,
)
from service.models import Meeting, MeetingQuestion, Question, apply_changes
from service.models.types import utcnow
from service.schemas.meeting import PlannedQuestionPageSchema, PlannedQuestionSchema, PlanQuestionSchema
from service.schemas.pages import PageArgsSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_child_or_404, get_owned_or_404, require_owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "meeting_plan",
    __name__,
    url_prefix="/api/v1/meetings/<int:meeting_id>/questions",
    description="The questions planned for a meeting, in order, with what came of them.",
)

ITEM = "/<int:item_id>"


def meeting_for_change(meeting_id: int) -> Meeting:
    """My meeting, locked: plan changes to one meeting happen one at a time, so positions stay 1..n."""
    meeting = get_owned_or_404(Meeting, meeting_id, for_update=True)
    meeting.updated_at = utcnow()  # the plan is part of the meeting (its calendar description shows it)
    return meeting


def planned(meeting: Meeting, item: MeetingQuestion) -> MeetingQuestion:
    """One planned question, with its linter warnings."""
    return planned_with_warnings(meeting, [item])[0]


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, PlannedQuestionPageSchema)
def list_planned_questions(args, meeting_id):
    """The meeting's planned questions in order, each with its linter warnings.

    In `position` order, 1 first. A `duplicate` warning compares each question with the whole plan, not only
    this page; the other warnings follow the meeting's `purpose` (asking about jobs is fine in a `job_search`
    meeting).
    """
    meeting = get_owned_or_404(Meeting, meeting_id)
    stmt = select(MeetingQuestion).where(MeetingQuestion.meeting_id == meeting.id)
    page = keyset_page(
        stmt, MeetingQuestion, limit=args["limit"], cursor=args.get("cursor"), key=PLAN_ORDER, descending=False
    )
    planned_with_warnings(meeting, page["items"])
    return page


@blp.post("")
@blp.login_required
@blp.arguments(PlanQuestionSchema)
@blp.response(201, PlannedQuestionSchema)
@blp.alt_response(409, response="CONFLICT", description=f"The plan already holds {MAX_PLANNED} questions.")
def plan_question(data, meeting_id):
    """Plan a question: copy one from a bank (`question_id`), or write one (`text`, `category`).

    A bank question's text is copied, so later edits to the bank don't rewrite the plan.
    """
    meeting = meeting_for_change(meeting_id)
    plan = plan_of(meeting)
    check_plan_room(plan)
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
    location = url_for("meeting_plan.get_planned_question", meeting_id=meeting.id, item_id=item.id)
    return planned(meeting, item), 201, {"Location": location}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.response(200, PlannedQuestionSchema)
def get_planned_question(meeting_id, item_id):
    """One planned question.

    With its linter warnings, judged against the rest of the plan and the meeting's `purpose`. `question_id`
    names the bank question its text was copied from; it is null for a question of my own, or once that bank
    question is deleted.
    """
    meeting = get_owned_or_404(Meeting, meeting_id)
    return planned(meeting, get_child_or_404(MeetingQuestion.meeting_id, meeting, item_id))


@blp.patch(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(PlannedQuestionSchema(partial=True))
@blp.response(200, PlannedQuestionSchema)
def update_planned_question(data, meeting_id, item_id):
    """Move a planned question (`position`), or record whether I asked it, the answer and its rating.

    Moving one shifts the others so that positions stay 1 to n; a `position` past the end moves it to the end.
    `text` and `category` change this plan's copy only, never the bank question. A `rating` (1 to 5) counts
    toward the average of its category in `GET /api/v1/stats`. Every change here also updates the meeting's
    `updated_at`, as its calendar event lists the plan.
    """
    meeting = meeting_for_change(meeting_id)
    item = get_child_or_404(MeetingQuestion.meeting_id, meeting, item_id)
    blp.check_etag(planned(meeting, item), PlannedQuestionSchema)
    if "position" in data:
        place(plan_of(meeting), item, data.pop("position"))
    apply_changes(item, data)
    db.session.commit()
    return planned(meeting, item)


@blp.delete(ITEM)
@blp.login_required
@blp.etag
@blp.response(204)
def delete_planned_question(meeting_id, item_id):
    """Take a question off the plan; the ones after it move up.

    Its answer and rating go with it (and out of the averages of `GET /api/v1/stats`); the bank question it was
    copied from stays in its bank. The meeting's `updated_at` changes too. With `If-Match` (the planned
    question's ETag), a stale ETag gives 412 and nothing is deleted.
    """
    meeting = meeting_for_change(meeting_id)
    item = get_child_or_404(MeetingQuestion.meeting_id, meeting, item_id)
    blp.check_etag(planned(meeting, item), PlannedQuestionSchema)
    renumber([other for other in plan_of(meeting) if other is not item])
    db.session.delete(item)
    db.session.commit()
