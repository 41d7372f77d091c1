from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.types import UTCDateTime, utcnow


class AccessToken(db.Model):
    """A personal access token: one long-lived credential for a script, with scopes.

    Only the SHA-256 of the token is stored; the token itself is shown once, when made.
    """

    __tablename__ = "access_tokens"
    __noun__ = "access token"
    __table_args__ = (Index("ix_access_tokens_user_id_created_at_id", "user_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token's first characters, so that a person can tell their tokens apart.
    hint: Mapped[str] = mapped_column(String(20))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
