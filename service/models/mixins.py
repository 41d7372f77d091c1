"""Columns that every user-owned table has."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

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
