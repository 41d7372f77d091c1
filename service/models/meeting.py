from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from service.database import db
from service.models.contact import Contact
from service.models.goal import Goal, Outcome, meeting_goals
from service.models.mixins import CalendarEntry, OwnedByUser
from service.models.types import UTCDateTime, utcnow


class Meeting(CalendarEntry, OwnedByUser, db.Model):
    """A coffee chat with one contact: planned, held, and followed up."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_user_id_starts_at_id", "user_id", "starts_at", "id"),
        Index("ix_meetings_user_id_updated_at", "user_id", "updated_at"),
        Index("uq_meetings_uid", "uid", unique=True),
        # The worker's reminders: chats starting soon, across every account.
        Index("ix_meetings_starts_at", "starts_at"),
        # An imported invitation is found again by its UID, so importing it twice updates; an
        # invitation to one occurrence of a repeating event, by its UID and RECURRENCE-ID. Two partial
        # indexes, because a unique index counts NULLs as all different, on SQLite as on PostgreSQL.
        Index(
            "uq_meetings_user_id_invite_uid",
            "user_id",
            "invite_uid",
            unique=True,
            sqlite_where=text("invite_recurrence_id IS NULL"),
            postgresql_where=text("invite_recurrence_id IS NULL"),
        ),
        Index(
            "uq_meetings_user_id_invite_uid_invite_recurrence_id",
            "user_id",
            "invite_uid",
            "invite_recurrence_id",
            unique=True,
            sqlite_where=text("invite_recurrence_id IS NOT NULL"),
            postgresql_where=text("invite_recurrence_id IS NOT NULL"),
        ),
    )
    __sequenced__ = ("title", "starts_at", "duration_minutes", "location", "video_url", "status")

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=30)
    timezone: Mapped[str] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(String(200))
    video_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    agenda: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    debrief: Mapped[str | None] = mapped_column(Text)
    two_way: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set the first time the meeting is completed: the thank-you follow-up is made then, once.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it was cancelled: calendar feeds keep a cancelled meeting for a while, then drop it.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The UID and SEQUENCE of the invitation this meeting was imported from. They are kept apart
    # from our own ``uid``/``sequence``: our copy of the event must not collide with the
    # organizer's invitation in the user's own calendar.
    invite_uid: Mapped[str | None] = mapped_column(String(255))
    # For an invitation to one occurrence of a repeating event, sent without its series: which one.
    invite_recurrence_id: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invite_sequence: Mapped[int | None] = mapped_column(Integer)

    # Whom it is with, read only for answers that embed the contact (GET /meetings?expand=contact): loaded
    # only when a query asks for it (lazy="raise" rather than one query per meeting of a list).
    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id], viewonly=True, lazy="raise")
    goals: Mapped[list[Goal]] = relationship(secondary=meeting_goals, lazy="selectin", order_by="Goal.id")
    plan: Mapped[list[MeetingQuestion]] = relationship(
        order_by="(MeetingQuestion.position, MeetingQuestion.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        back_populates="meeting",
    )

    @validates("status")
    def _stamp_cancellation(self, _key: str, status: str) -> str:
        if status != "cancelled":
            self.cancelled_at = None
        elif self.status != "cancelled":
            self.cancelled_at = utcnow()
        return status

    def record_outcome(self, goal: Goal, result: str, notes: str | None = None) -> Outcome:
        """Note what this meeting did for ``goal``, linking the two; an achieved outcome achieves the goal."""
        if goal not in self.goals:
            self.goals.append(goal)
        if result == "achieved":
            goal.set_status("achieved")
        outcome = Outcome(user_id=self.user_id, meeting_id=self.id, goal_id=goal.id, result=result, notes=notes)
        db.session.add(outcome)
        return outcome

    @property
    def goal_ids(self) -> list[int]:
        return sorted(goal.id for goal in self.goals)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class MeetingQuestion(OwnedByUser, db.Model):
    """A question planned for one meeting: its own copy of the text, then what came of it."""

    __tablename__ = "meeting_questions"
    __noun__ = "planned question"
    __table_args__ = (
        Index("ix_meeting_questions_meeting_id_position_id", "meeting_id", "position", "id"),
        Index("ix_meeting_questions_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    # Where the text was copied from; the copy stays when the bank question changes or goes.
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    category: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    asked: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)

    meeting: Mapped[Meeting] = relationship(back_populates="plan", lazy="raise")
