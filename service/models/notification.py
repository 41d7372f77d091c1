from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, Time, true
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.mixins import OwnedByUser, Timestamps
from service.models.types import UTCDateTime, utcnow

# What coffeechat tells, each at most once per subject (a follow-up, a meeting, a week).
KINDS = ("follow_up_due", "follow_up_overdue", "meeting_unprepared", "weekly_digest")


class NotificationSettings(Timestamps, db.Model):
    """How I want to be told: channels, kinds and quiet hours. No row: every default (all on)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    push: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    follow_up_due: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    follow_up_overdue: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    meeting_unprepared: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    weekly_digest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Wall clock in my time zone; both or neither. Nothing is pushed or emailed inside them.
    quiet_hours_start: Mapped[time | None] = mapped_column(Time)
    quiet_hours_end: Mapped[time | None] = mapped_column(Time)

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind))


class PushSubscription(OwnedByUser, db.Model):
    """A browser's Web Push subscription (RFC 8030/8291): its endpoint and keys; ``auth`` is encrypted at rest."""

    __tablename__ = "push_subscriptions"
    __noun__ = "push subscription"
    __table_args__ = (Index("ix_push_subscriptions_user_id_created_at_id", "user_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(String(2000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth_encrypted: Mapped[str] = mapped_column(Text)
    device_name: Mapped[str | None] = mapped_column(String(200))
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Notification(db.Model):
    """Something coffeechat told me (or will, after my quiet hours): one per kind and subject, ever.

    The unique key is what makes "at most once" hold when two workers plan at the same moment: only
    the one whose row went in tells. ``status``: pending, sending, sent, dropped (the follow-up was
    done or the meeting cancelled meanwhile), or skipped (no channel wanted it).
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("uq_notifications_user_id_kind_subject_id", "user_id", "kind", "subject_id", unique=True),
        Index("ix_notifications_status_send_after", "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    # The follow-up's or meeting's id; for a digest, the ISO week as year * 100 + week.
    subject_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The app's screen to open, e.g. /app/meetings/12.
    path: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channels: Mapped[str | None] = mapped_column(String(50))  # "push,email": how it was told
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
