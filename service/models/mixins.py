"""Columns that many tables share: timestamps, the owner, calendar identity."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, event, inspect
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from service.models.types import UTCDateTime, utcnow


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


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


@event.listens_for(Session, "before_flush")
def _bump_calendar_sequences(session: Session, _context, _instances) -> None:
    for entry in session.dirty:
        if not isinstance(entry, CalendarEntry):
            continue
        state = inspect(entry)
        if any(state.attrs[name].history.has_changes() for name in entry.__sequenced__):
            entry.sequence = (entry.sequence or 0) + 1
