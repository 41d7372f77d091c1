"""Columns that many tables share (timestamps, the owner, calendar identity) and the rules that keep them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, event, inspect
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
