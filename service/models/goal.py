from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column

from service.database import db
from service.models.mixins import OwnedByUser
from service.models.types import UTCDateTime, utcnow

meeting_goals = Table(
    "meeting_goals",
    db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Goal(OwnedByUser, db.Model):
    """An outcome I want from my conversations, reached over one or several meetings."""

    __tablename__ = "goals"
    __table_args__ = (
        Index("ix_goals_user_id_created_at_id", "user_id", "created_at", "id"),
        Index("ix_goals_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    achieved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def set_status(self, status: str) -> None:
        """Achieving a goal stamps achieved_at; reopening or dropping it clears the stamp."""
        if status == "achieved" and self.achieved_at is None:
            self.achieved_at = utcnow()
        elif status != "achieved":
            self.achieved_at = None
        self.status = status

    @property
    def progress(self) -> dict[str, int]:
        return {
            "meetings": self.meeting_count,
            "outcomes": self.outcome_count,
            "progressed": self.progressed_count,
            "achieved": self.achieved_count,
        }


class Outcome(OwnedByUser, db.Model):
    """What one meeting did for one goal."""

    __tablename__ = "outcomes"
    __table_args__ = (
        Index("ix_outcomes_meeting_id_created_at_id", "meeting_id", "created_at", "id"),
        Index("ix_outcomes_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    result: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)


def _count_outcomes(*conditions):
    return (
        select(func.count(Outcome.id))
        .where(Outcome.goal_id == Goal.id, *conditions)
        .correlate_except(Outcome)
        .scalar_subquery()
    )


# Progress is counted by the database, in the SELECT that reads the goals: no row is loaded
# to count it. Deferred, so that loading a meeting's goals (for their ids) does not count
# anything; a list of goals asks for it with undefer_group("progress"), one query a page.
Goal.meeting_count = column_property(
    select(func.count()).where(meeting_goals.c.goal_id == Goal.id).correlate_except(meeting_goals).scalar_subquery(),
    deferred=True,
    group="progress",
)
Goal.outcome_count = column_property(_count_outcomes(), deferred=True, group="progress")
Goal.progressed_count = column_property(
    _count_outcomes(Outcome.result == "progressed"), deferred=True, group="progress"
)
Goal.achieved_count = column_property(_count_outcomes(Outcome.result == "achieved"), deferred=True, group="progress")
