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
    """List my follow-ups, the soonest due first.

    Includes the `thank_you` follow-ups that completing a meeting creates. `state=overdue` means not done and
    due before now; a follow-up must match every filter given. Pages follow `due_at`, so one whose `due_at`
    changes while I page can show up twice or be missed.
    """
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
    """Note something I owe a contact: a thank-you, a resource, a report back.

    Send `contact_id`, `meeting_id` or both; with `meeting_id` alone it is owed to the meeting's contact. A
    contact or meeting that is not mine, neither of them, or a meeting with another contact is a 422. While
    open, it shows in my calendar feed as an all-day event on the day it is due in my account's time zone.
    """
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
    """One follow-up.

    `done_at` is null while it is open. `uid` and `sequence` identify its all-day event in my calendar feed;
    `meeting_id` becomes null if its meeting is deleted, and the follow-up stays.
    """
    return get_owned_or_404(FollowUp, follow_up_id)


@blp.patch(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(FollowUpSchema(partial=True))
@blp.response(200, FollowUpSchema)
def update_follow_up(data, follow_up_id):
    """Change some fields of a follow-up; set `done_at` when it is done, null to reopen it.

    A done follow-up leaves the calendar feed and the open and overdue counts of `GET /api/v1/stats`; reopening
    it brings it back. A new `contact_id` or `meeting_id` is checked as on create: the meeting must be with the
    follow-up's contact (422 otherwise), so send both to move it to another contact's meeting. Changing `kind`
    or `due_at` raises `sequence`, so calendar apps update the event.
    """
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
    """Delete a follow-up.

    Only the follow-up goes; its contact and meeting stay, and a deleted `thank_you` is not created again (a
    meeting's completion creates one only once). It leaves the calendar feed and the counts of
    `GET /api/v1/stats`.
    """
    follow_up = get_owned_or_404(FollowUp, follow_up_id, for_update=True)
    blp.check_etag(follow_up, FollowUpSchema)
    db.session.delete(follow_up)
    db.session.commit()
