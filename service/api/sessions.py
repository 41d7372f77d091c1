"""My logins, one per device: see where I am logged in, and log a device out."""

from __future__ import annotations

from sqlalchemy import Select, select

from service.accounts.login_sessions import revoke_other_sessions, revoke_session
from service.database import db
from service.errors import Problem
from service.models import LoginSession
from service.models.types import utcnow
from service.schemas.session import LoginSessionPageSchema, LoginSessionQuerySchema
from service.web.auth import current_session_id, current_user
from service.web.blueprint import Blueprint
from service.web.pagination import keyset_page

blp = Blueprint("sessions", __name__, url_prefix="/api/v1/auth/sessions", description="My logins, one per device.")


def active_sessions() -> Select:
    """My logins that still work: not logged out or revoked, not expired."""
    return select(LoginSession).where(
        LoginSession.user_id == current_user.id,
        LoginSession.revoked_at.is_(None),
        LoginSession.expires_at > utcnow(),
    )


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(LoginSessionQuerySchema, location="query")
@blp.response(200, LoginSessionPageSchema)
def list_sessions(args):
    """The devices logged in to my account, newest login first; `current` marks this one.

    Only logins that still work are listed: logged-out, revoked and expired ones are left out. A personal access
    token may read the list (no session is then `current`), but only a login can end sessions.
    """
    page = keyset_page(
        active_sessions(),
        LoginSession,
        limit=args["limit"],
        cursor=args.get("cursor"),
        key=(LoginSession.created_at, LoginSession.id),
    )
    this_one = current_session_id()
    for session in page["items"]:
        session.current = session.id == this_one
    return page


@blp.delete("")
@blp.login_session_required
@blp.response(204)
def end_other_sessions():
    """Log out every other device at once; this one stays logged in.

    Their access and refresh tokens stop working at once. Personal access tokens keep working (revoke them with
    `DELETE /api/v1/tokens/{token_id}`), and cannot call this (403).
    """
    revoke_other_sessions(current_user.id, current_session_id())
    db.session.commit()


@blp.delete("/<session_id>")
@blp.login_session_required
@blp.response(204)
def end_session(session_id: str):
    """Log one device out at once: its access and refresh tokens stop working (this one too, if it is this).

    Take the id from `GET /api/v1/auth/sessions`; an id that names no active login of mine (ended, expired or
    someone else's) is a 404. Personal access tokens keep working, and cannot call this (403).
    """
    session = db.session.scalar(active_sessions().where(LoginSession.id == session_id).with_for_update())
    if session is None:
        # The id is not echoed: it is the name of someone's login, and ids of rows are numbers elsewhere.
        raise Problem(404, "No active login session of yours has this id; GET /api/v1/auth/sessions lists them.")
    revoke_session(session.id)
    db.session.commit()
