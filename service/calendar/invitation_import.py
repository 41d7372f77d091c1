"""Invitations I received (Google, Outlook, Apple...) imported as meetings.

Each event is found again by its UID, and an invitation to one occurrence of a repeating event
(sent without its series) by its UID and RECURRENCE-ID, so importing an invitation twice updates
the meeting it made; an update with a lower SEQUENCE than the one imported is stale and left alone.
The organizer and the other attendees become contacts, matched by email.
``service.calendar.invites`` reads the file; this module decides what each event does to my meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from service.calendar.invites import InvalidCalendar, Invite, Person, parse_invites
from service.database import MAX_ID, db
from service.errors import Problem
from service.interview.status import transition_problem
from service.models import Contact, Meeting, User, lock_owner
from service.models.types import utcnow

DEFAULT_MINUTES = 30
MAX_UID_LENGTH = 255  # the column's size
MIN_MINUTES, MAX_MINUTES = 5, 480
# How a meeting imported from an invitation is found again: the invitation's UID, and for an
# invitation to one occurrence of a repeating event (without its series) that occurrence's RECURRENCE-ID.
InviteKey = tuple[str, datetime | None]
HAS_NUL = (
    "The file contains the NUL character, which iCalendar text cannot hold (a file saved as UTF-16 has one "
    "in every other byte). Send the .ics file as the calendar app exported it, in UTF-8."
)


@dataclass
class InvitationReport:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    skipped: int = 0
    events: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def count(self, invite: Invite, action: str, meeting: Meeting | None = None, reason: str | None = None) -> None:
        setattr(self, action, getattr(self, action) + 1)
        self.events.append(
            {
                "uid": invite.uid,
                "recurrence_id": invite.recurrence_id,
                "action": action,
                "meeting_id": meeting.id if meeting else None,
                "reason": reason,
            }
        )

    def skip(self, invite: Invite, meeting: Meeting | None, reason: str) -> None:
        self.count(invite, "skipped", meeting, reason)

    def error(self, uid: str | None, message: str) -> None:
        self.errors.append({"uid": uid, "message": message})


def _people(invite: Invite, me: str) -> list[Person]:
    """The organizer, then the attendees: everyone but me, once each."""
    seen, people = {me}, []
    for person in (invite.organizer, *invite.attendees):
        if person is not None and person.email not in seen:
            seen.add(person.email)
            people.append(person)
    return people


class AttendeeContacts:
    """My contacts by email, read once per import; people not found become contacts."""

    def __init__(self, user: User, emails: set[str]) -> None:
        self.user = user
        self.by_email: dict[str, Contact] = {}
        if emails:
            rows = db.session.scalars(
                select(Contact)
                .where(Contact.user_id == user.id, func.lower(Contact.email).in_(emails))
                .order_by(Contact.id)
            )
            for contact in rows:
                self.by_email.setdefault(contact.email.lower(), contact)

    def contact(self, person: Person, invite: Invite) -> Contact:
        found = self.by_email.get(person.email)
        if found is None:
            name = person.name or person.email.split("@")[0]
            found = Contact(
                user_id=self.user.id,
                name=name[:200],
                email=person.email if len(person.email) <= 254 else None,
                how_met=f"Calendar invitation: {invite.summary or invite.uid}"[:1000],
            )
            db.session.add(found)
            self.by_email[person.email] = found
        return found


def _meeting_fields(invite: Invite, user: User) -> tuple[dict, str | None]:
    """The meeting columns an invitation sets, or why it cannot become a meeting."""
    minutes = DEFAULT_MINUTES
    if invite.ends_at is not None:
        minutes = round((invite.ends_at - invite.starts_at) / timedelta(minutes=1))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        return {}, (
            f"The event lasts {minutes} minutes; a meeting lasts {MIN_MINUTES} to {MAX_MINUTES} minutes, "
            "so this one was not imported."
        )
    video_url = invite.video_url if invite.video_url and len(invite.video_url) <= 500 else None
    fields = {
        "starts_at": invite.starts_at,
        "duration_minutes": minutes,
        "timezone": invite.timezone or user.timezone,
        "location": invite.location[:200] if invite.location else None,
        "video_url": video_url,
    }
    if invite.summary:
        fields["title"] = invite.summary[:200]
    return fields, None


def _status(invite: Invite) -> str:
    return "confirmed" if invite.confirmed else "planned"


def _occurrence(invite: Invite) -> str:
    """How a reason names what the event is about: the invitation, or one occurrence of it."""
    if invite.recurrence_id is None:
        return "this invitation"
    return f"this occurrence ({invite.recurrence_id:%Y-%m-%d %H:%M} UTC) of a repeating invitation"


def _nothing_to_cancel(invite: Invite, meetings: dict[InviteKey, Meeting]) -> str:
    if invite.recurrence_id is not None and (invite.uid, None) in meetings:
        return (
            "It cancels one occurrence of a repeating invitation whose meeting here is the series' first "
            "occurrence, so nothing was changed. If it cancels that first occurrence, import the series' "
            "updated invitation: its meeting moves to the next occurrence that takes place."
        )
    return f"No meeting of yours was imported from {_occurrence(invite)}, so there was nothing to cancel."


def _import_one(
    invite: Invite, meetings: dict[InviteKey, Meeting], book: AttendeeContacts, report: InvitationReport
) -> Meeting | None:
    user = book.user
    meeting = meetings.get((invite.uid, invite.recurrence_id))
    if len(invite.uid) > MAX_UID_LENGTH or not 0 <= invite.sequence <= MAX_ID:
        report.error(
            invite.uid[:MAX_UID_LENGTH],
            f"The event's UID is over {MAX_UID_LENGTH} characters or its SEQUENCE is out of range, "
            "so it cannot be told apart from other versions: not imported.",
        )
        return meeting
    if meeting is not None and invite.sequence < (meeting.invite_sequence or 0):
        report.skip(
            invite,
            meeting,
            f"It is an older version (SEQUENCE {invite.sequence}) of {_occurrence(invite)}, which was imported "
            f"at SEQUENCE {meeting.invite_sequence}: the newer version stands.",
        )
        return meeting
    if invite.cancelled:
        if meeting is None:
            report.skip(invite, None, _nothing_to_cancel(invite, meetings))
        elif meeting.status in ("cancelled", "completed"):
            report.skip(invite, meeting, f"The meeting is already {meeting.status}.")
        else:
            meeting.status = "cancelled"
            meeting.invite_sequence = invite.sequence
            report.count(invite, "cancelled", meeting)
        return meeting

    fields, problem = _meeting_fields(invite, user)
    if problem:
        report.error(invite.uid, problem)
        return meeting
    if meeting is None:
        people = _people(invite, user.email)
        if not people:
            report.error(
                invite.uid,
                f"The event has no organizer or attendee other than you ({user.email}), so there is nobody to "
                "meet: add the meeting with POST /api/v1/meetings instead.",
            )
            return None
        contacts = [book.contact(person, invite) for person in people]
        db.session.flush()  # new contacts get their ids
        fields.setdefault("title", f"Coffee chat with {contacts[0].name}"[:200])
        meeting = Meeting(
            user_id=user.id,
            contact_id=contacts[0].id,
            purpose="informational",
            status=_status(invite),
            invite_uid=invite.uid,
            invite_recurrence_id=invite.recurrence_id,
            invite_sequence=invite.sequence,
            **fields,
        )
        db.session.add(meeting)
        db.session.flush()
        report.count(invite, "created", meeting)
        return meeting
    if meeting.status == "completed":
        report.skip(invite, meeting, "The meeting was held (completed): an invitation no longer changes it.")
        return meeting
    for name, value in fields.items():
        setattr(meeting, name, value)
    now = utcnow()
    # A missed meeting (no-show) moved to a time still to come was rescheduled: "no-show" cannot
    # describe a meeting that has not started (the rule PATCH /meetings enforces).
    rescheduled = meeting.status == "no_show" and transition_problem("no_show", "no_show", meeting.starts_at, now)
    # Only a new version of the invitation revives a cancelled meeting: importing the same one
    # again must not undo a cancellation made here.
    reinvited = meeting.status == "cancelled" and invite.sequence > (meeting.invite_sequence or 0)
    if (reinvited or rescheduled) and transition_problem(
        meeting.status, _status(invite), meeting.starts_at, now
    ) is None:
        meeting.status = _status(invite)  # invited again after a cancellation, or rescheduled after a no-show
    meeting.invite_sequence = invite.sequence
    report.count(invite, "updated", meeting)
    return meeting


def import_invitations(data: bytes, user: User) -> InvitationReport:
    """Create, update or cancel my meetings from the events of an iCalendar document."""
    try:
        if b"\x00" in data:
            # Not iCalendar text (RFC 5545 3.3.11), and PostgreSQL cannot store it: a 500 otherwise.
            raise InvalidCalendar(HAS_NUL)
        parsed = parse_invites(data)
    except InvalidCalendar as exc:
        raise Problem(422, str(exc), code="invalid_calendar", errors={"file": [str(exc)]}) from exc
    report = InvitationReport()
    for problem in parsed.errors:
        report.error(problem.uid, problem.message)
    # One import at a time per user: the same invitation imported twice at once makes one meeting.
    lock_owner(user.id)
    uids = {invite.uid for invite in parsed.invites}
    meetings: dict[InviteKey, Meeting] = {
        (meeting.invite_uid, meeting.invite_recurrence_id): meeting
        for meeting in db.session.scalars(
            select(Meeting).where(Meeting.user_id == user.id, Meeting.invite_uid.in_(uids))
        )
    }
    emails = {person.email for invite in parsed.invites for person in _people(invite, user.email)}
    book = AttendeeContacts(user, emails)
    for invite in parsed.invites:
        meeting = _import_one(invite, meetings, book, report)
        if meeting is not None:
            meetings[invite.uid, invite.recurrence_id] = meeting
    db.session.commit()
    return report
