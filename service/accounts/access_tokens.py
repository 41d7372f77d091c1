"""Personal access tokens: long-lived bearer credentials for scripts.

A token is ``cc_pat_`` followed by 256 random bits; the prefix lets people and secret
scanners recognise one. Only its SHA-256 is stored, so a database leak reveals no
usable token, and the token is shown once, when it is made.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from service.database import db
from service.errors import Problem
from service.models import AccessToken, User
from service.models.types import utcnow
from service.opaque import hash_secret

PREFIX = "cc_pat_"
HINT_LENGTH = len(PREFIX) + 4
# last_used_at is written at most this often: a script reading in a loop costs no write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKENS = 50


def is_access_token(token: str) -> bool:
    """Whether a bearer credential is a personal access token (rather than a login's JWT)."""
    return token.startswith(PREFIX)


def issue(user: User, name: str, scopes: list[str], expires_in_days: int | None) -> tuple[AccessToken, str]:
    """Make a token for ``user``; returns the row (the caller commits) and the token, shown once.

    A 409 when ``user`` already has ``MAX_TOKENS``: a forgotten script's token should be revoked first.
    """
    if db.session.scalar(select(func.count()).where(AccessToken.user_id == user.id)) >= MAX_TOKENS:
        raise Problem(409, f"You have {MAX_TOKENS} tokens, the most there can be; revoke one you no longer use.")
    token = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = AccessToken(
        user_id=user.id,
        name=name,
        token_hash=hash_secret(token),
        hint=token[:HINT_LENGTH],
        scopes=scopes,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days is not None else None,
    )
    db.session.add(row)
    return row, token


def authenticate(token: str) -> tuple[AccessToken, User]:
    """The live token row for ``token`` and its user, or a 401 problem.

    The use is recorded in a short transaction of its own, so the caller's stays one that only
    reads (a writing request takes its write lock later, once its body is read).
    """
    now = utcnow()
    found = db.session.execute(
        select(AccessToken, User)
        .join(User, User.id == AccessToken.user_id)
        .where(AccessToken.token_hash == hash_secret(token))
    ).first()
    if found is None or (found.AccessToken.expires_at is not None and found.AccessToken.expires_at <= now):
        raise Problem(
            401,
            "This personal access token is unknown, revoked or expired; make a new one (POST /api/v1/tokens).",
            code="token_invalid",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    row, user = found
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        with db.engine.begin() as connection:
            connection.execute(update(AccessToken).where(AccessToken.id == row.id).values(last_used_at=now))
        set_committed_value(row, "last_used_at", now)
    return row, user


def revoke_all_tokens(user_id: int) -> None:
    """Revoke every token of ``user_id`` at once, as a new password does (the caller commits)."""
    db.session.execute(delete(AccessToken).where(AccessToken.user_id == user_id))
