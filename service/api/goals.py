"""Outcome goals: what I want from my conversations, and how far the meetings got me."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from sqlalchemy import Select
from sqlalchemy.orm import undefer_group

from service.auth import current_user
from service.extensions import db
from service.models import Goal
from service.models.types import utcnow
from service.openapi import Blueprint
from service.ownership import apply_changes, get_owned_or_404, owned
from service.pagination import keyset_page
from service.schemas.goal import GoalPageSchema, GoalQuerySchema, GoalSchema
from service.search import contains_text

blp = Blueprint(
    "goals", __name__, url_prefix="/api/v1/goals", description="What I want from my conversations, and progress."
)

SEARCHED_COLUMNS = (Goal.title, Goal.description, Goal.company, Goal.industry)


def search(args: dict) -> Select:
    stmt = owned(Goal).options(undefer_group("progress"))
    for column in ("status", "kind"):
        if column in args:
            stmt = stmt.where(getattr(Goal, column) == args[column])
    if "q" in args:
        stmt = stmt.where(contains_text(SEARCHED_COLUMNS, args["q"]))
    return stmt


def set_status(goal: Goal, status: str) -> None:
    """Achieving a goal stamps achieved_at; reopening or dropping it clears the stamp."""
    if status == "achieved" and goal.achieved_at is None:
        goal.achieved_at = utcnow()
    elif status != "achieved":
        goal.achieved_at = None
    goal.status = status


@blp.route("")
class Goals(MethodView):
    @blp.login_required
    @blp.doc(operationId="listGoals")
    @blp.etag
    @blp.arguments(GoalQuerySchema, location="query")
    @blp.response(200, GoalPageSchema)
    def get(self, args):
        """List my goals, newest first, each with its progress."""
        return keyset_page(search(args), Goal, limit=args["limit"], cursor=args.get("cursor"))

    @blp.login_required
    @blp.doc(operationId="createGoal")
    @blp.arguments(GoalSchema)
    @blp.response(201, GoalSchema)
    def post(self, data):
        """Set a goal: what should I know, or have, after some conversations?"""
        status = data.pop("status")
        goal = Goal(user_id=current_user.id, **data)
        set_status(goal, status)
        db.session.add(goal)
        db.session.commit()
        return goal, 201, {"Location": url_for("goals.Goal", goal_id=goal.id)}


@blp.route("/<int:goal_id>", endpoint="Goal")
class GoalItem(MethodView):
    @blp.login_required
    @blp.doc(operationId="getGoal")
    @blp.etag
    @blp.response(200, GoalSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, goal_id):
        """One goal, with its progress."""
        return get_owned_or_404(Goal, goal_id)

    @blp.login_required
    @blp.doc(operationId="updateGoal")
    @blp.etag
    @blp.arguments(GoalSchema(partial=True))
    @blp.response(200, GoalSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, goal_id):
        """Change some fields of a goal; `status: open` reopens an achieved one."""
        goal = get_owned_or_404(Goal, goal_id, for_update=True)
        blp.check_etag(goal, GoalSchema)
        if "status" in data:
            set_status(goal, data.pop("status"))
        apply_changes(goal, data)
        db.session.commit()
        return goal

    @blp.login_required
    @blp.doc(operationId="deleteGoal")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, goal_id):
        """Delete a goal and its outcomes; its meetings stay."""
        goal = get_owned_or_404(Goal, goal_id, for_update=True)
        blp.check_etag(goal, GoalSchema)
        db.session.delete(goal)
        db.session.commit()
