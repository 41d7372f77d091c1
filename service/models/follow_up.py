from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.mixins import CalendarEntry, OwnedByUser
from service.models.types import UTCDateTime


class FollowUp(CalendarEntry, OwnedByUser, db.Model):
    """Something I owe a contact after we talked: a thank-you, a report back..."""

    __tablename__ = "follow_ups"
    __noun__ = "follow-up"
    __table_args__ = (
        Index("ix_follow_ups_user_id_due_at_id", "user_id", "due_at", "id"),
        Index("ix_follow_ups_user_id_updated_at", "user_id", "updated_at"),
        Index("uq_follow_ups_uid", "uid", unique=True),
        # The worker's reminders: open follow-ups coming due, across every account.
        Index(
            "ix_follow_ups_due_at_open",
            "due_at",
            sqlite_where=text("done_at IS NULL"),
            postgresql_where=text("done_at IS NULL"),
        ),
    )
    __sequenced__ = ("kind", "due_at")

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    # The follow-up outlives a deleted meeting: it is still owed to the contact.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)
