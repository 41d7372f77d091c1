from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.types import UTCDateTime, utcnow


class LoginSession(db.Model):
    """One login: the family of refresh tokens it rotates through, and its access tokens.

    Every token carries the session id (``sid``); a token is valid only while its
    session exists and is not revoked, so revoking the row logs that login out at once.
    """

    __tablename__ = "login_sessions"
    __noun__ = "login session"
    __table_args__ = (Index("ix_login_sessions_user_id_created_at_id", "user_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The device, as the login named it or as its User-Agent said.
    device_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last login or refresh: an app in use refreshes as often as its access tokens expire.
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The refresh token currently valid, and the one it replaced (for the retry grace window).
    refresh_jti: Mapped[str] = mapped_column(String(36))
    previous_refresh_jti: Mapped[str | None] = mapped_column(String(36))
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the newest refresh token expires; the row can be purged after that.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
