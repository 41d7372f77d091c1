"""Columns that many tables share (timestamps, the owner, calendar identity) and the rules that keep them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, event, inspect, or_, update
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from service.database import db
from service.models.types import UTCDateTime, utcnow


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def apply_changes(obj: Any, changes: dict) -> Any:
    """Apply validated ``changes`` to ``obj``; mark it updated if they changed anything.

    A PATCH that sends the values already stored changes nothing: not ``updated_at``, so
    neither the ETag nor the calendar copies nor the next delta sync see a change.
    """
    for field, value in changes.items():
        # Assigning an equal list of tags would still replace their rows: compare first.
        if getattr(obj, field) != value:
            setattr(obj, field, value)
    if db.session.is_modified(obj):  # collections too: a contact's tags are rows of their own
        obj.updated_at = utcnow()
    return obj


class Leased:
    """A row that one worker at a time works on, whichever host it runs on: ``lease_until`` says until when a
    worker holds it, so a lease whose worker died runs out by itself."""

    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @classmethod
    def claim(cls, key: int, duration: timedelta) -> bool:
        """Take the lease of the row with primary key ``key`` for ``duration``, unless a worker holds it. Commits."""
        now = utcnow()
        (primary_key,) = inspect(cls).primary_key
        claimed = db.session.execute(
            update(cls)
            .where(primary_key == key, or_(cls.lease_until.is_(None), cls.lease_until < now))
            # Taking a lease is no change of the row: its updated_at (and ETag) stay.
            .values(lease_until=now + duration, updated_at=cls.updated_at)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        return claimed == 1

    @classmethod
    def release(cls, key: int) -> None:
        """Give the lease of the row with primary key ``key`` back. Commits."""
        (primary_key,) = inspect(cls).primary_key
        db.session.execute(
            update(cls)
            .where(primary_key == key)
            .values(lease_until=None, updated_at=cls.updated_at)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


class OwnedByUser(Timestamps):
    """A row that belongs to one user and disappears with the account."""

    @declared_attr
    def user_id(cls) -> Mapped[int]:
        # Indexed by each table's listing index, which starts with user_id.
        return mapped_column(ForeignKey("users.id", ondelete="CASCADE"))


def new_uid() -> str:
    """A globally unique iCalendar UID (RFC 5545 recommends an identifier with a domain part)."""
    return f"{uuid.uuid4()}@coffeechat"


class CalendarEntry:
    """A row published as a calendar event: a UID that never changes, and a SEQUENCE.

    ``__sequenced__`` names the columns whose change is a new version of the event for
    calendar apps (time, place, status, title): changing one bumps ``sequence`` at flush.
    """

    __sequenced__: tuple[str, ...] = ()

    uid: Mapped[str] = mapped_column(String(255), default=new_uid)
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def _bump_calendar_sequences(session: Session, _context, _instances) -> None:
    for entry in session.dirty:
        if not isinstance(entry, CalendarEntry):
            continue
        state = inspect(entry)
        if any(state.attrs[name].history.has_changes() for name in entry.__sequenced__):
            entry.sequence = (entry.sequence or 0) + 1


def register_listeners() -> None:
    """Bump calendar sequences at every flush of every session (called by ``create_app``; idempotent)."""
    if not event.contains(Session, "before_flush", _bump_calendar_sequences):
        event.listen(Session, "before_flush", _bump_calendar_sequences)
