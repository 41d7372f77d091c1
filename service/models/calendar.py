"""Where my meetings go outside coffeechat: a secret feed URL and a linked CalDAV calendar."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.mixins import Leased, OwnedByUser, Timestamps
from service.models.types import UTCDateTime


class CalendarFeed(Timestamps, db.Model):
    """My subscription URL. Only a hash of its token is kept: the URL is shown once."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The validators of the last feed served: Last-Modified is when its content last changed.
    etag: Mapped[str | None] = mapped_column(String(64))
    modified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaldavLink(Leased, Timestamps, db.Model):
    """The CalDAV calendar my meetings are pushed to; the password is encrypted at rest."""

    __tablename__ = "caldav_links"
    __noun__ = "CalDAV link"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200))
    password_encrypted: Mapped[str] = mapped_column(Text)
    calendar_name: Mapped[str | None] = mapped_column(String(200))
    # Meetings imported from an invitation are left out unless this is set: the organizer's event
    # is usually in the same calendar already, and a copy would show the meeting twice.
    push_invitations: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Pushes that failed in a row: the worker's back-off grows with them. (Leased: one push at a time.)
    failed_pushes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CaldavEvent(OwnedByUser, db.Model):
    """One meeting's copy in the linked calendar, and how its last push went.

    A meeting is due for a push while ``pushed_version`` differs from its ``updated_at``.
    When the meeting is deleted, ``meeting_id`` becomes NULL: the copy is then due for removal.
    """

    __tablename__ = "caldav_events"
    __table_args__ = (
        Index("uq_caldav_events_user_id_uid", "user_id", "uid", unique=True),
        Index("ix_caldav_events_meeting_id", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    uid: Mapped[str] = mapped_column(String(255))
    href: Mapped[str] = mapped_column(String(1000))
    etag: Mapped[str | None] = mapped_column(String(200))
    pushed_version: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
