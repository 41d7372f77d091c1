"""Follow-ups: the thank-you within a day, the report back later."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select

from service.database import db
from service.errors import Problem
from service.models import Contact, FollowUp, Meeting, apply_changes
from service.models.types import utcnow
from service.schemas.follow_up import FollowUpPageSchema, FollowUpQuerySchema, FollowUpSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned, require_owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "follow_ups", __name__, url_prefix="/api/v1/follow-ups", description="What I owe my contacts after we talk."
)

ITEM = "/<int:follow_up_id>"


def search(args: dict) -> Select:
    stmt = owned(FollowUp)
    state = args.get("state")
    if state == "done":
        stmt = stmt.where(FollowUp.done_at.is_not(None))
    elif state in ("open", "overdue"):
        stmt = stmt.where(FollowUp.done_at.is_(None))
    if state == "overdue":
        stmt = stmt.where(FollowUp.due_at < utcnow())
    if "due_before" in args:
        stmt = stmt.where(FollowUp.due_at < args["due_before"])
    for column in ("contact_id", "meeting_id", "kind"):
        if column in args:
            stmt = stmt.where(getattr(FollowUp, column) == args[column])
    return stmt


def check_links(data: dict, follow_up: FollowUp | None = None) -> None:
    """The contact and the meeting must be mine, and the meeting must be with that contact.

    Without a contact_id, a new follow-up is owed to the meeting's contact.
    """
    contact_id = data.get("contact_id", follow_up.contact_id if follow_up else None)
    meeting_id = data.get("meeting_id", follow_up.meeting_id if follow_up else None)
    if "contact_id" in data:
        require_owned(Contact, data["contact_id"], "contact_id")
    if data.get("meeting_id") is not None:
        meeting = require_owned(Meeting, data["meeting_id"], "meeting_id")
        if contact_id is None:
            data["contact_id"] = contact_id = meeting.contact_id
    if contact_id is None:
        raise Problem(422, "Say whom the follow-up is for.", errors={"contact_id": ["Send contact_id or meeting_id."]})
    if meeting_id is not None:
        meeting_contact = db.session.get(Meeting, meeting_id).contact_id
        if meeting_contact != contact_id:
            raise Problem(
                422,
                "The meeting is with another contact.",
                errors={"meeting_id": [f"Meeting {meeting_id} is with contact {meeting_contact}, not {contact_id}."]},
            )


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(FollowUpQuerySchema, location="query")
@blp.response(200, FollowUpPageSchema)
def list_follow_ups(args):
    """List my follow-ups, the soonest due first."""
    return keyset_page(
        search(args),
        FollowUp,
        limit=args["limit"],
        cursor=args.get("cursor"),
        key=(FollowUp.due_at, FollowUp.id),
        descending=False,
    )


@blp.post("")
@blp.login_required
@blp.arguments(FollowUpSchema)
@blp.response(201, FollowUpSchema)
def create_follow_up(data):
    """Note something I owe a contact: a thank-you, a resource, a report back."""
    check_links(data)
    follow_up = FollowUp(user_id=current_user.id, **data)
    db.session.add(follow_up)
    db.session.commit()
    return follow_up, 201, {"Location": url_for("follow_ups.get_follow_up", follow_up_id=follow_up.id)}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.response(200, FollowUpSchema)
def get_follow_up(follow_up_id):
    """One follow-up."""
    return get_owned_or_404(FollowUp, follow_up_id)


@blp.patch(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(FollowUpSchema(partial=True))
@blp.response(200, FollowUpSchema)
def update_follow_up(data, follow_up_id):
    """Change some fields of a follow-up; set `done_at` when it is done, null to reopen it."""
    follow_up = get_owned_or_404(FollowUp, follow_up_id, for_update=True)
    blp.check_etag(follow_up, FollowUpSchema)
    if "contact_id" in data or "meeting_id" in data:
        check_links(data, follow_up)
    apply_changes(follow_up, data)
    db.session.commit()
    return follow_up


@blp.delete(ITEM)
@blp.login_required
@blp.etag
@blp.response(204)
def delete_follow_up(follow_up_id):
    """Delete a follow-up."""
    follow_up = get_owned_or_404(FollowUp, follow_up_id, for_update=True)
    blp.check_etag(follow_up, FollowUpSchema)
    db.session.delete(follow_up)
    db.session.commit()
