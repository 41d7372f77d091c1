from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column

from service.database import db
from service.models.mixins import Timestamps


class QuestionBank(Timestamps, db.Model):
    """A collection of questions: mine, or a built-in starter bank (no owner) that everyone reads."""

    __tablename__ = "question_banks"
    __noun__ = "question bank"
    __table_args__ = (
        Index("ix_question_banks_user_id_created_at_id", "user_id", "created_at", "id"),
        Index("ix_question_banks_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for the built-in banks.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("question_banks.id", ondelete="SET NULL"))

    @property
    def builtin(self) -> bool:
        return self.user_id is None


class Question(Timestamps, db.Model):
    """One question in a bank."""

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_bank_id_created_at_id", "bank_id", "created_at", "id"),
        Index("ix_questions_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"))
    # The bank's owner, kept here so that every question query is scoped without a join; NULL when built in.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(1000))
    category: Mapped[str] = mapped_column(String(20))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)

    @property
    def builtin(self) -> bool:
        return self.user_id is None


# Counted by the database in the SELECT that reads the bank.
QuestionBank.question_count = column_property(
    select(func.count(Question.id))
    .where(Question.bank_id == QuestionBank.id)
    .correlate_except(Question)
    .scalar_subquery()
)
