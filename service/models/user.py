from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from service.database import db
from service.models.mixins import Timestamps
from service.models.types import UTCDateTime


class User(Timestamps, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique index makes addresses unique case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    password_hash: Mapped[str] = mapped_column(String(255))
    # When the address was shown to be mine (a link sent to it was opened); reminders by email go only then.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    # Minutes before a meeting that calendar apps remind me; None: no reminder.
    reminder_minutes: Mapped[int | None] = mapped_column(Integer, default=15, server_default="15")
    # Delta sync: the number of my latest change, and the newest change whose tombstone was purged
    # (a sync token older than that can no longer see every deletion).
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    sync_floor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


def lock_owner(user_id: int) -> User | None:
    """Lock the row of user ``user_id`` until commit: one user's writes then run one at a time.

    Every writing request takes this lock first (``Blueprint.login_required``), so change numbers
    and idempotency keys follow commit order, and two writers of one user cannot deadlock. Creating
    a row of which a user has one (a feed, a CalDAV link) or matching on content (an import) relies on it.
    Answers the user (``None`` if deleted): what of it the session had expired is read under the lock.
    """
    return db.session.scalars(select(User).where(User.id == user_id).with_for_update()).one_or_none()
