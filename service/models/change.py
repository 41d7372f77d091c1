from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.types import UTCDateTime


class Change(db.Model):
    """The latest change to one synced object, numbered for delta sync.

    ``seq`` comes from the owner's ``users.change_seq`` counter, taken under the owner's
    row lock, so one user's changes commit in ``seq`` order: a client that has seen
    everything up to ``seq`` N never misses a later commit numbered below N.
    A deleted object keeps its row as a tombstone (``deleted_at``) for 90 days.
    Rows with no ``user_id`` are the built-in question banks every user shares (``seq`` 0).
    """

    __tablename__ = "changes"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "object_id"),
        Index("ix_changes_user_id_seq_id", "user_id", "seq", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
