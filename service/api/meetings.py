"""Meetings: the coffee chats themselves, from planned to completed."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from service.database import contains_text, db
from service.errors import Problem
from service.interview.follow_ups import follow_up_completion
from service.interview.status import transition_problem
from service.models import Contact, Goal, Meeting, apply_changes
from service.models.types import utcnow
from service.schemas.meeting import MeetingItemQuerySchema, MeetingPageSchema, MeetingQuerySchema, MeetingSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned, require_all_owned, require_owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "meetings", __name__, url_prefix="/api/v1/meetings", description="Coffee chats: planned, held and followed up."
)

ITEM = "/<int:meeting_id>"
SEARCHED_COLUMNS = (Meeting.title, Meeting.location, Meeting.agenda, Meeting.notes, Meeting.debrief)


def search(args: dict) -> Select:
    """My meetings matching the list filters."""
    stmt = owned(Meeting)
    for column in ("contact_id", "status", "purpose"):
        if column in args:
            stmt = stmt.where(getattr(Meeting, column) == args[column])
    if "starts_from" in args:
        stmt = stmt.where(Meeting.starts_at >= args["starts_from"])
    if "starts_before" in args:
        stmt = stmt.where(Meeting.starts_at < args["starts_before"])
    if "q" in args:
        stmt = stmt.where(contains_text(SEARCHED_COLUMNS, args["q"]))
    return stmt


def expansions(args: dict) -> tuple:
    """The loader options of what ``expand`` asks to embed: each meeting's contact, its summary's columns
    only, for a whole page in one more query (``MeetingSchema.contact`` is sent when it is loaded)."""
    if "contact" not in args.get("expand", ()):
        return ()
    return (selectinload(Meeting.contact).load_only(Contact.id, Contact.name, Contact.company).raiseload("*"),)


def check_status(meeting: Meeting | None, changes: dict) -> None:
    """A 409 when ``changes`` would leave ``meeting`` (None: a new one) in a status that makes no sense."""
    old = meeting.status if meeting else None
    status = changes.get("status", old)
    starts_at = changes.get("starts_at", meeting.starts_at if meeting else None)
    problem = transition_problem(old, status, starts_at, utcnow())
    if problem:
        raise Problem(409, problem, code="invalid_status_change")


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(MeetingQuerySchema, location="query")
@blp.response(200, MeetingPageSchema)
def list_meetings(args):
    """List my meetings, soonest first (or latest first with `order=-starts_at`).

    Every status is listed unless `status` filters; `from` (inclusive) and `to` (exclusive) bound `starts_at`,
    and a meeting must match every filter given. Pages follow `starts_at`, so a meeting rescheduled while I page
    can show up twice or be missed. With `expand=contact` each meeting embeds its contact's id, name and
    company, so a list needs no list of contacts beside it.
    """
    return keyset_page(
        search(args).options(*expansions(args)),
        Meeting,
        limit=args["limit"],
        cursor=args.get("cursor"),
        key=(Meeting.starts_at, Meeting.id),
        descending=args["order"] == "-starts_at",
    )


@blp.post("")
@blp.login_required
@blp.arguments(MeetingSchema)
@blp.response(201, MeetingSchema)
@blp.alt_response(409, response="CONFLICT", description="The status makes no sense yet (completed before it starts).")
def create_meeting(data):
    """Plan a meeting with one of my contacts (or record one that happened).

    Creating it as `completed` also creates the thank-you follow-up.
    """
    contact = require_owned(Contact, data["contact_id"], "contact_id")
    goals = require_all_owned(Goal, data.pop("goal_ids"), "goal_ids")
    check_status(None, data)
    data.setdefault("title", f"Coffee chat with {contact.name}"[:200])
    data.setdefault("timezone", current_user.timezone)
    meeting = Meeting(user_id=current_user.id, goals=goals, **data)
    db.session.add(meeting)
    follow_up_completion(meeting)
    db.session.commit()
    return meeting, 201, {"Location": url_for("meetings.get_meeting", meeting_id=meeting.id)}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(MeetingItemQuerySchema, location="query")
@blp.response(200, MeetingSchema)
def get_meeting(args, meeting_id):
    """One meeting.

    `completed_at` is when it was first marked completed. `uid` and `sequence` identify its calendar event;
    `sequence` grows when the title, time, duration, location, video link or status changes. Its plan, outcomes
    and readiness are under `/questions`, `/outcomes` and `/readiness`. With `expand=contact` it embeds its
    contact, and its ETag is another (send the ETag of a GET without `expand` as a PATCH's If-Match).
    """
    return get_owned_or_404(Meeting, meeting_id, options=expansions(args))


@blp.patch(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(MeetingSchema(partial=True))
@blp.response(200, MeetingSchema)
@blp.alt_response(409, response="CONFLICT", description="The status change makes no sense.")
def update_meeting(data, meeting_id):
    """Change some fields of a meeting; the fields left out keep their values.

    Setting `status` to `completed` the first time creates a `thank_you` follow-up due
    24 hours after the meeting ends.
    """
    meeting = get_owned_or_404(Meeting, meeting_id, for_update=True)
    blp.check_etag(meeting, MeetingSchema)
    if "contact_id" in data:
        require_owned(Contact, data["contact_id"], "contact_id")
    if "goal_ids" in data:
        meeting.goals = require_all_owned(Goal, data.pop("goal_ids"), "goal_ids")
    if "status" in data or "starts_at" in data:
        check_status(meeting, data)
    apply_changes(meeting, data)
    follow_up_completion(meeting)
    db.session.commit()
    return meeting


@blp.delete(ITEM)
@blp.login_required
@blp.etag
@blp.response(204)
def delete_meeting(meeting_id):
    """Delete a meeting, its plan and its outcomes; its follow-ups stay, still owed to the contact.

    Its follow-ups keep their contact, with `meeting_id` null; contacts introduced at it keep their introducer,
    with `source_meeting_id` null; its goals stay, their `progress` no longer counting it or its outcomes. It
    leaves the calendar feed and a linked CalDAV calendar, and the next delta sync lists it in `deleted`. With
    `If-Match`, a stale ETag gives 412 and nothing is deleted.
    """
    meeting = get_owned_or_404(Meeting, meeting_id, for_update=True)
    blp.check_etag(meeting, MeetingSchema)
    db.session.delete(meeting)
    db.session.commit()
