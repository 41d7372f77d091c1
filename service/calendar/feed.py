"""My meetings and follow-ups as calendar events, and the secret feed that publishes them.

The rows are read here and handed to ``service.calendar.ics``, which draws the iCalendar. The feed
is reached by a URL with a 256-bit token in it (calendar apps cannot send a bearer token); only
the token's hash is stored, so the URL is shown once, when it is made, and making a new one
(rotation) or deleting the feed makes the old URL a 404.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Event
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from service.calendar import ics
from service.database import db
from service.models import CalendarFeed, Contact, FollowUp, Goal, Meeting, User, lock_owner
from service.models.types import utcnow
from service.opaque import hash_secret

# A cancelled meeting stays in the feed this long after it was cancelled (as STATUS:CANCELLED,
# so calendar apps remove or strike it), then leaves the feed.
KEEP_CANCELLED = timedelta(days=30)

# The code that draws events: a new version of it is a new version of every feed.
_DRAWING = hashlib.sha256(Path(__file__).read_bytes() + Path(ics.__file__).read_bytes()).hexdigest()


def contact_line(contact: Contact) -> str:
    """``Ada Lovelace (Engineer at Analytical Engines)``: who the meeting is with."""
    role = " at ".join(part for part in (contact.title, contact.company) if part)
    return f"{contact.name} ({role})" if role else contact.name


def _contacts(ids: Iterable[int]) -> dict[int, Contact]:
    ids = set(ids)
    if not ids:
        return {}
    return {contact.id: contact for contact in db.session.scalars(select(Contact).where(Contact.id.in_(ids)))}


def meeting_event(meeting: Meeting, contact: Contact, user: User) -> Event:
    """The VEVENT of one meeting (its plan and goals loaded)."""
    return ics.meeting_event(
        ics.MeetingEvent(
            uid=meeting.uid,
            sequence=meeting.sequence,
            title=meeting.title,
            status=meeting.status,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            created_at=meeting.created_at,
            updated_at=meeting.updated_at,
            contact=contact_line(contact),
            purpose=meeting.purpose,
            location=meeting.location,
            video_url=meeting.video_url,
            agenda=meeting.agenda,
            goals=tuple(goal.title for goal in meeting.goals),
            questions=tuple(question.text for question in meeting.plan),
            invitation_uid=meeting.invite_uid,
        ),
        reminder_minutes=user.reminder_minutes,
    )


def meeting_events(meetings: list[Meeting], user: User) -> list[Event]:
    """VEVENTs of meetings whose plans are loaded, reading their contacts in one query."""
    contacts = _contacts(meeting.contact_id for meeting in meetings)
    return [meeting_event(meeting, contacts[meeting.contact_id], user) for meeting in meetings]


def with_plans():
    """Loader option: the plan of each meeting, in one more query for all of them."""
    return selectinload(Meeting.plan)


def _follow_up_events(user: User) -> list[Event]:
    rows = db.session.execute(
        select(FollowUp, Meeting.title)
        .outerjoin(Meeting, Meeting.id == FollowUp.meeting_id)
        .where(FollowUp.user_id == user.id, FollowUp.done_at.is_(None))
        .order_by(FollowUp.due_at, FollowUp.id)
    ).all()
    contacts = _contacts(follow_up.contact_id for follow_up, _ in rows)
    zone = ZoneInfo(user.timezone)
    return [
        ics.follow_up_event(
            ics.FollowUpEvent(
                uid=follow_up.uid,
                sequence=follow_up.sequence,
                kind=follow_up.kind,
                # The day it is due where I live, not in UTC.
                due_on=follow_up.due_at.astimezone(zone).date(),
                created_at=follow_up.created_at,
                updated_at=follow_up.updated_at,
                contact=contacts[follow_up.contact_id].name,
                notes=follow_up.notes,
                meeting_title=meeting_title,
            )
        )
        for follow_up, meeting_title in rows
    ]


def _in_feed(user: User, now: datetime):
    """The meetings a feed shows: all of mine, cancelled ones for KEEP_CANCELLED after."""
    return (
        Meeting.user_id == user.id,
        or_(Meeting.cancelled_at.is_(None), Meeting.cancelled_at >= now - KEEP_CANCELLED),
    )


def feed_version(user: User, now: datetime) -> str:
    """A validator of my feed, read from row versions without drawing the feed.

    Everything the feed shows is a column of a row listed here, and every change to a row
    changes its ``updated_at`` (a plan change or a linked goal updates its meeting's), so the
    version changes exactly when the feed may; a deleted or newly hidden row leaves the lists.
    """
    digest = hashlib.sha256(_DRAWING.encode())
    digest.update(repr((user.name, user.timezone, user.reminder_minutes)).encode())
    for rows in (
        select(Meeting.id, Meeting.updated_at).where(*_in_feed(user, now)).order_by(Meeting.id),
        select(FollowUp.id, FollowUp.updated_at, Meeting.updated_at)
        .outerjoin(Meeting, Meeting.id == FollowUp.meeting_id)
        .where(FollowUp.user_id == user.id, FollowUp.done_at.is_(None))
        .order_by(FollowUp.id),
        select(Contact.id, Contact.updated_at).where(Contact.user_id == user.id).order_by(Contact.id),
        select(Goal.id, Goal.updated_at).where(Goal.user_id == user.id).order_by(Goal.id),
    ):
        digest.update(repr(db.session.execute(rows).all()).encode())
    return digest.hexdigest()[:32]


def draw_feed(user: User, now: datetime) -> bytes:
    """My subscription feed: every meeting (cancelled ones for a while), then my open follow-ups."""
    meetings = db.session.scalars(
        select(Meeting).where(*_in_feed(user, now)).options(with_plans()).order_by(Meeting.starts_at, Meeting.id)
    ).all()
    events = meeting_events(meetings, user) + _follow_up_events(user)
    return ics.feed_calendar(f"coffeechat: {user.name}", events)


# --- the feed URL's token ---------------------------------------------------------------------


def new_feed(user_id: int) -> tuple[CalendarFeed, str]:
    """Make my feed, or give it a new token: the previous URL stops working at once. Commits.

    Answers the feed and its token, which only the URL handed out now holds.
    """
    token = secrets.token_urlsafe(32)  # 256 bits
    lock_owner(user_id)  # two first feeds at once: the second rotates the first's token, no duplicate key
    feed = db.session.get(CalendarFeed, user_id)
    if feed is None:
        feed = CalendarFeed(user_id=user_id)
        db.session.add(feed)
    feed.token_hash = hash_secret(token)
    feed.created_at = utcnow()
    feed.etag = feed.modified_at = None
    db.session.commit()
    return feed, token


def feed_of_token(token: str) -> CalendarFeed | None:
    """The feed a URL's token opens, if any."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == hash_secret(token)))


def content_changed(feed: CalendarFeed, etag: str) -> datetime:
    """Remember when this feed's version last changed, for Last-Modified; return that time."""
    if feed.etag == etag and feed.modified_at:
        return feed.modified_at
    now = utcnow().replace(microsecond=0)
    if feed.modified_at and now <= feed.modified_at:
        # HTTP dates have whole seconds: a second change within a second must still be newer.
        now = feed.modified_at + timedelta(seconds=1)
    db.session.commit()  # end the read; the write below is a short transaction of its own
    db.session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == feed.user_id, or_(CalendarFeed.etag.is_(None), CalendarFeed.etag != etag))
        .values(etag=etag, modified_at=now)
    )
    db.session.commit()
    return now
