"""Links sent by email: a new password (single use, 30 minutes) and the proof that an address is mine.

Each link carries a random token of which only the hash is stored (``EmailToken``). Using one marks it
used in the same statement that checks it, so two clicks cannot both count. Setting a new password
ends every login and personal access token of the account, and makes the account's other reset links
useless; a verification counts only for the address it was sent to.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update

from service import opaque
from service.accounts.access_tokens import revoke_all_tokens
from service.accounts.login_sessions import revoke_other_sessions
from service.accounts.passwords import hash_password
from service.database import db
from service.models import EmailToken, User
from service.models.types import utcnow

LIFETIMES = {"reset_password": timedelta(minutes=30), "verify_email": timedelta(days=2)}


def issue(user: User, purpose: str) -> str:
    """A new link's token for ``user`` (not committed); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        EmailToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=opaque.hash_secret(token),
            email=user.email,
            expires_at=utcnow() + LIFETIMES[purpose],
        )
    )
    return token


def _redeem(token: str, purpose: str) -> EmailToken | None:
    """The unused, unexpired link of ``token``, now marked used; None for any other token."""
    now = utcnow()
    row = db.session.scalar(
        select(EmailToken).where(EmailToken.token_hash == opaque.hash_secret(token), EmailToken.purpose == purpose)
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    # The check and the mark in one statement: of two clicks at once, one counts.
    used = db.session.execute(
        update(EmailToken)
        .where(EmailToken.id == row.id, EmailToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return row if used == 1 else None


def reset_password(token: str, password: str) -> bool:
    """Set a new password with a reset link; every login and token of the account ends. Commits."""
    row = _redeem(token, "reset_password")
    if row is None:
        db.session.rollback()
        return False
    user = db.session.get(User, row.user_id)
    user.password_hash = hash_password(password)
    user.updated_at = utcnow()
    # The link came to the address: it is the account's, as far as email can tell.
    if row.email == user.email and user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.execute(
        update(EmailToken)
        .where(EmailToken.user_id == user.id, EmailToken.purpose == "reset_password", EmailToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    revoke_other_sessions(user.id, None)
    revoke_all_tokens(user.id)
    db.session.commit()
    return True


def verify_email(token: str) -> bool:
    """Mark the address a verification link was sent to as verified, if it is still the account's. Commits."""
    row = _redeem(token, "verify_email")
    user = db.session.get(User, row.user_id) if row is not None else None
    if user is None or row.email != user.email:
        db.session.rollback()
        return False
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.commit()
    return True
