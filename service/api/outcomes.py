"""Outcomes and referrals: what a meeting did for my goals, and whom it led me to."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from service.database import db
from service.models import Contact, Goal, Meeting, Outcome, apply_changes, check_referral
from service.schemas.contact import ContactPageSchema, ContactSchema
from service.schemas.meeting import OutcomePageSchema, OutcomeSchema, ReferralSchema
from service.schemas.pages import PageArgsSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_child_or_404, get_owned_or_404, owned, require_owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "outcomes",
    __name__,
    url_prefix="/api/v1",
    description="What a meeting did for my goals, and the second connections it gave me.",
)

OUTCOMES = "/meetings/<int:meeting_id>/outcomes"
OUTCOME = f"{OUTCOMES}/<int:outcome_id>"


@blp.get(OUTCOMES)
@blp.login_required
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, OutcomePageSchema)
def list_outcomes(args, meeting_id):
    """The outcomes recorded for a meeting, newest first.

    Includes the `progressed` outcomes that recording a referral at this meeting adds for its open
    `second_connection` goals.
    """
    meeting = get_owned_or_404(Meeting, meeting_id)
    stmt = select(Outcome).where(Outcome.meeting_id == meeting.id)
    return keyset_page(stmt, Outcome, limit=args["limit"], cursor=args.get("cursor"))


@blp.post(OUTCOMES)
@blp.login_required
@blp.arguments(OutcomeSchema)
@blp.response(201, OutcomeSchema)
def record_outcome(data, meeting_id):
    """Record what the meeting did for one of my goals.

    The goal is linked to the meeting if it was not. `achieved` marks the goal achieved
    (reopen it with `PATCH /api/v1/goals/{id}` and `status: open`).
    """
    meeting = get_owned_or_404(Meeting, meeting_id, for_update=True)
    goal = require_owned(Goal, data["goal_id"], "goal_id", for_update=True)  # an achieved outcome updates it
    outcome = meeting.record_outcome(goal, data["result"], data.get("notes"))
    db.session.commit()
    location = url_for("outcomes.get_outcome", meeting_id=meeting.id, outcome_id=outcome.id)
    return outcome, 201, {"Location": location}


@blp.get(OUTCOME)
@blp.login_required
@blp.etag
@blp.response(200, OutcomeSchema)
def get_outcome(meeting_id, outcome_id):
    """One outcome of a meeting.

    An outcome cannot be changed: delete one recorded by mistake and record it again.
    """
    return get_child_or_404(Outcome.meeting_id, get_owned_or_404(Meeting, meeting_id), outcome_id)


@blp.delete(OUTCOME)
@blp.login_required
@blp.etag
@blp.response(204)
def delete_outcome(meeting_id, outcome_id):
    """Delete an outcome recorded by mistake; the goal keeps its status (reopen it if needed).

    The goal's `progress` stops counting it, and the goal stays linked to the meeting (change the meeting's
    `goal_ids` to unlink it).
    """
    meeting = get_owned_or_404(Meeting, meeting_id)
    outcome = get_child_or_404(Outcome.meeting_id, meeting, outcome_id, for_update=True)
    blp.check_etag(outcome, OutcomeSchema)
    db.session.delete(outcome)
    db.session.commit()


@blp.route("/meetings/<int:meeting_id>/referrals", methods=["POST"])
@blp.login_required
@blp.arguments(ReferralSchema)
@blp.response(201, ContactSchema, description="A new contact, introduced by the meeting's contact.")
@blp.alt_response(
    200, schema=ContactSchema, description="An existing contact, now introduced by the meeting's contact."
)
def record_referral(data, meeting_id):
    """Record a second connection: someone the meeting's contact offered to introduce me to.

    Send `contact_id` for one of my contacts, or the fields of a new contact. Their
    `referred_by_id` becomes the meeting's contact and `source_meeting_id` the meeting;
    each open `second_connection` goal of the meeting progresses.
    """
    meeting = get_owned_or_404(Meeting, meeting_id, for_update=True)
    if "contact_id" in data:
        contact = require_owned(Contact, data["contact_id"], "contact_id", for_update=True)
        check_referral(contact, meeting.contact_id, field="contact_id")
        status = 200
    else:
        contact = Contact(user_id=current_user.id, **data)
        db.session.add(contact)
        status = 201
    # Recording the same referral again changes nothing and progresses no goal twice.
    repeated = contact.referred_by_id == meeting.contact_id and contact.source_meeting_id == meeting.id
    apply_changes(contact, {"referred_by_id": meeting.contact_id, "source_meeting_id": meeting.id})
    db.session.flush()
    if not repeated:
        for goal in meeting.goals:
            if goal.kind == "second_connection" and goal.status == "open":
                meeting.record_outcome(goal, "progressed", f"Introduced to {contact.name}.")
    db.session.commit()
    return contact, status, {"Location": url_for("contacts.get_contact", contact_id=contact.id)}


@blp.route("/contacts/<int:contact_id>/referrals")
@blp.login_required
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, ContactPageSchema)
def list_referrals(args, contact_id):
    """The contacts this contact introduced me to, newest first.

    Every contact whose `referred_by_id` is this contact, whether set by a referral recorded at a meeting or on
    the contact itself.
    """
    contact = get_owned_or_404(Contact, contact_id)
    stmt = owned(Contact).where(Contact.referred_by_id == contact.id)
    return keyset_page(stmt, Contact, limit=args["limit"], cursor=args.get("cursor"))
