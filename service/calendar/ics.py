"""iCalendar documents for meetings and follow-ups, built with the ``icalendar`` library.

Everything in an event comes from the row it describes: DTSTAMP and LAST-MODIFIED are the
row's ``updated_at``, the UID and SEQUENCE are stored. So the same rows always give the same
bytes, and calendar apps polling a feed see a change only when there is one.

Times are written in UTC. No ORGANIZER or ATTENDEE is written: a CalDAV server that sees
them may email the contact an invitation, and these events are private notes to oneself.
A meeting imported from an invitation says so, in its notes and as RELATED-TO the invitation's
UID (RELTYPE=SIBLING: two events of one meeting), so the organizer's event and this copy can be
told apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

PRODID = "-//coffeechat//coffeechat API//EN"
# Calendar apps poll a subscribed feed this often. Exactly these forms: Nextcloud and
# Confluence reject a feed whose durations are malformed.
REFRESH_INTERVAL = timedelta(hours=1)

# A coffeechat status as the STATUS of a VEVENT (RFC 5545 knows only these three).
EVENT_STATUS = {
    "planned": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "completed": "CONFIRMED",
    "no_show": "CONFIRMED",
    "cancelled": "CANCELLED",
}

FROM_INVITATION = (
    "From an invitation: the organizer's event may be in your calendar too. This copy holds your coffeechat notes."
)

FOLLOW_UP_SUMMARY = {
    "thank_you": "Send a thank-you to {contact}",
    "share_resource": "Share a resource with {contact}",
    "report_back": "Report back to {contact}",
    "check_in": "Check in with {contact}",
    "ask_intro": "Ask {contact} for an introduction",
    "other": "Follow up with {contact}",
}


@dataclass(frozen=True)
class MeetingEvent:
    """What a calendar shows of one meeting."""

    uid: str
    sequence: int
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    updated_at: datetime
    contact: str
    purpose: str
    location: str | None = None
    video_url: str | None = None
    agenda: str | None = None
    goals: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    invitation_uid: str | None = None  # the UID of the invitation it was imported from


@dataclass(frozen=True)
class FollowUpEvent:
    """An open follow-up, shown as an all-day event on the day it is due."""

    uid: str
    sequence: int
    kind: str
    due_on: date
    created_at: datetime
    updated_at: datetime
    contact: str
    notes: str | None = None
    meeting_title: str | None = None


def meeting_description(meeting: MeetingEvent) -> str:
    """The event's notes: who, why, what I want out of it, and what I will ask."""
    parts = [f"Coffee chat with {meeting.contact}.\nPurpose: {meeting.purpose.replace('_', ' ')}."]
    if meeting.invitation_uid:
        parts.insert(0, FROM_INVITATION)
    if meeting.goals:
        parts.append("Goals:\n" + "\n".join(f"- {goal}" for goal in meeting.goals))
    if meeting.questions:
        parts.append("Questions:\n" + "\n".join(f"{n}. {text}" for n, text in enumerate(meeting.questions, 1)))
    if meeting.agenda:
        parts.append(f"Agenda:\n{meeting.agenda}")
    if meeting.video_url:
        parts.append(f"Join: {meeting.video_url}")
    return "\n\n".join(parts)


def _stamped_event(uid: str, sequence: int, created_at: datetime, updated_at: datetime) -> Event:
    """A VEVENT with its identity and stamps: all from the row, none from the clock."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", updated_at)
    event.add("created", created_at)
    event.add("last-modified", updated_at)
    event.add("sequence", sequence)
    return event


def meeting_event(meeting: MeetingEvent, *, reminder_minutes: int | None) -> Event:
    """One VEVENT for a meeting, with a display reminder unless it is cancelled or reminders are off."""
    event = _stamped_event(meeting.uid, meeting.sequence, meeting.created_at, meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("description", meeting_description(meeting))
    if meeting.location or meeting.video_url:
        event.add("location", meeting.location or meeting.video_url)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    if meeting.invitation_uid:
        event.add("related-to", meeting.invitation_uid, parameters={"RELTYPE": "SIBLING"})
    event.add("status", EVENT_STATUS[meeting.status])
    event.add("transp", "TRANSPARENT" if meeting.status == "cancelled" else "OPAQUE")
    if reminder_minutes is not None and meeting.status != "cancelled":
        event.add_component(_reminder(meeting, reminder_minutes))
    return event


def _reminder(meeting: MeetingEvent, minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("uid", f"{meeting.uid}-reminder")
    alarm.add("action", "DISPLAY")
    alarm.add("description", meeting.title)
    alarm.add("trigger", vDuration(-timedelta(minutes=minutes)))
    return alarm


def follow_up_event(follow_up: FollowUpEvent) -> Event:
    """One all-day VEVENT for an open follow-up; it does not block time (TRANSP:TRANSPARENT)."""
    event = _stamped_event(follow_up.uid, follow_up.sequence, follow_up.created_at, follow_up.updated_at)
    event.add("dtstart", follow_up.due_on)
    event.add("dtend", follow_up.due_on + timedelta(days=1))
    event.add("summary", FOLLOW_UP_SUMMARY[follow_up.kind].format(contact=follow_up.contact))
    notes = [follow_up.notes] if follow_up.notes else []
    if follow_up.meeting_title:
        notes.append(f"After: {follow_up.meeting_title}")
    if notes:
        event.add("description", "\n\n".join(notes))
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(*, method: str | None) -> Calendar:
    # Built property by property: Calendar.new() would invent a random UID on every call.
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def feed_calendar(name: str, events: Iterable[Event]) -> bytes:
    """A subscribable calendar (METHOD:PUBLISH) that apps refresh every hour."""
    calendar = _calendar(method="PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def single_event_calendar(event: Event) -> bytes:
    """One event to open or import in a calendar app (METHOD:PUBLISH)."""
    calendar = _calendar(method="PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_object(event: Event) -> bytes:
    """One event as a CalDAV calendar object resource (RFC 4791 forbids METHOD there)."""
    calendar = _calendar(method=None)
    calendar.add_component(event)
    return calendar.to_ical()
