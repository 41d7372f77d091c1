"""Outcome goals: what I want from my conversations, and how far the meetings got me."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select
from sqlalchemy.orm import undefer_group

from service.database import contains_text, db
from service.models import Goal, apply_changes
from service.schemas.goal import GoalPageSchema, GoalQuerySchema, GoalSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "goals", __name__, url_prefix="/api/v1/goals", description="What I want from my conversations, and progress."
)

ITEM = "/<int:goal_id>"
SEARCHED_COLUMNS = (Goal.title, Goal.description, Goal.company, Goal.industry)


def search(args: dict) -> Select:
    stmt = owned(Goal).options(undefer_group("progress"))
    for column in ("status", "kind"):
        if column in args:
            stmt = stmt.where(getattr(Goal, column) == args[column])
    if "q" in args:
        stmt = stmt.where(contains_text(SEARCHED_COLUMNS, args["q"]))
    return stmt


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(GoalQuerySchema, location="query")
@blp.response(200, GoalPageSchema)
def list_goals(args):
    """List my goals, newest first, each with its progress.

    A goal must match every filter given. `progress` counts the meetings linked to the goal, whatever their
    status, and the outcomes recorded for it: all of them, the `progressed` ones and the `achieved` ones.
    """
    return keyset_page(search(args), Goal, limit=args["limit"], cursor=args.get("cursor"))


@blp.post("")
@blp.login_required
@blp.arguments(GoalSchema)
@blp.response(201, GoalSchema)
def create_goal(data):
    """Set a goal: what should I know, or have, after some conversations?

    It starts `open` unless `status` says otherwise; `achieved` also sets `achieved_at`. Link meetings to it
    with their `goal_ids`, or by recording an outcome for it at a meeting.
    """
    status = data.pop("status")
    goal = Goal(user_id=current_user.id, **data)
    goal.set_status(status)
    db.session.add(goal)
    db.session.commit()
    return goal, 201, {"Location": url_for("goals.get_goal", goal_id=goal.id)}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.response(200, GoalSchema)
def get_goal(goal_id):
    """One goal, with its progress.

    `progress.meetings` counts the meetings linked to it; `outcomes`, `progressed` and `achieved` count the
    outcomes recorded for it. They change as meetings and outcomes do, so the goal's ETag changes with them.
    """
    return get_owned_or_404(Goal, goal_id)


@blp.patch(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(GoalSchema(partial=True))
@blp.response(200, GoalSchema)
def update_goal(data, goal_id):
    """Change some fields of a goal; `status: open` reopens an achieved one.

    `achieved` sets `achieved_at` (kept if the goal was already achieved); `open` and `dropped` clear it.
    Recording an `achieved` outcome also achieves a goal, and deleting that outcome does not reopen it: do that
    here. `progress` is counted from meetings and outcomes and cannot be sent.
    """
    goal = get_owned_or_404(Goal, goal_id, for_update=True)
    blp.check_etag(goal, GoalSchema)
    if "status" in data:
        goal.set_status(data.pop("status"))
    apply_changes(goal, data)
    db.session.commit()
    return goal


@blp.delete(ITEM)
@blp.login_required
@blp.etag
@blp.response(204)
def delete_goal(goal_id):
    """Delete a goal and its outcomes; its meetings stay.

    The meetings linked to it drop it from their `goal_ids` and keep everything else; the goal leaves the counts
    of `GET /api/v1/stats`.
    """
    goal = get_owned_or_404(Goal, goal_id, for_update=True)
    blp.check_etag(goal, GoalSchema)
    db.session.delete(goal)
    db.session.commit()
