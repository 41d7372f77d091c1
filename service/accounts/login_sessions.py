"""Login sessions and the JWTs that belong to them.

A login creates a ``LoginSession``. Its access and refresh tokens carry the session
id (``sid``); a token is accepted only while that session exists and is not revoked.
Refresh tokens rotate: each refresh replaces the session's one valid refresh ``jti``.
Presenting a replaced refresh token is taken as theft and revokes the session, except
for a short grace window in which a client that lost the response may retry.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token
from sqlalchemy import delete, select, update

from service.database import db
from service.errors import Problem
from service.models import LoginSession, User
from service.models.types import utcnow


def _new_id() -> str:
    return str(uuid.uuid4())


def issue_tokens(session: LoginSession) -> dict:
    """A fresh access token and the session's current refresh token."""
    access_ttl: timedelta = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    identity = str(session.user_id)
    access = create_access_token(identity=identity, additional_claims={"sid": session.id})
    refresh = create_refresh_token(
        identity=identity,
        additional_claims={"sid": session.id, "jti": session.refresh_jti},
        expires_delta=max(session.expires_at - utcnow(), timedelta(seconds=1)),
    )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": int(access_ttl.total_seconds()),
    }


def start_session(user: User, device: str | None = None) -> LoginSession:
    """Open a new login session for ``user`` from ``device`` (the caller commits)."""
    now = utcnow()
    # Housekeeping on a path that writes anyway: forget this user's dead sessions.
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now))
    session = LoginSession(
        id=_new_id(),
        user_id=user.id,
        device_name=device,
        refresh_jti=_new_id(),
        created_at=now,
        last_used_at=now,
        expires_at=now + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"],
    )
    db.session.add(session)
    return session


def rotate_refresh_token(session_id: str, jti: str) -> LoginSession:
    """Exchange the refresh token ``jti`` of a session for the next one.

    Runs under a row lock, so two simultaneous refreshes with one token rotate once;
    the second is served by the grace window. Commits.
    """
    session = db.session.scalars(select(LoginSession).where(LoginSession.id == session_id).with_for_update()).first()
    now = utcnow()
    if session is None or session.revoked_at is not None:
        raise Problem(
            401,
            "This login has ended; log in again.",
            code="token_revoked",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if jti == session.refresh_jti:
        session.previous_refresh_jti = session.refresh_jti
        session.refresh_jti = _new_id()
        session.rotated_at = now
        session.expires_at = now + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    elif not (
        jti == session.previous_refresh_jti
        and session.rotated_at is not None
        and now - session.rotated_at <= timedelta(seconds=current_app.config["REFRESH_GRACE_SECONDS"])
    ):
        session.revoked_at = now
        db.session.commit()
        raise Problem(
            401,
            "This refresh token was already used. For your safety the whole login has "
            "been ended on every device that shared it; log in again.",
            code="refresh_token_reused",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    session.last_used_at = now
    db.session.commit()
    return session


def revoke_session(session_id: str) -> None:
    """End one login: its access and refresh tokens stop working at once (the caller commits)."""
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_other_sessions(user_id: int, keep_session_id: str | None) -> None:
    db.session.execute(
        update(LoginSession)
        .where(
            LoginSession.user_id == user_id,
            LoginSession.id != (keep_session_id or ""),
            LoginSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )


def purge_expired_sessions() -> int:
    """Delete sessions whose last refresh token has expired; returns how many."""
    result = db.session.execute(delete(LoginSession).where(LoginSession.expires_at < utcnow()))
    db.session.commit()
    return result.rowcount
