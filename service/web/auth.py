"""Who is calling: a login's JWT access token, or a personal access token (``cc_pat_...``).

Views read the caller from ``current_user`` here, whichever credential they sent, and
``current_session_id()`` for the login a JWT belongs to (``None`` for a personal access
token). A personal access token without the ``write`` scope may only read.

``bearer_token`` is the one reader of the ``Authorization`` header, and ``identify`` decides once
per request whom it names (the rate limits ask first, through ``accepted_caller``, then the view);
``register_jwt_callbacks`` makes every token failure of flask-jwt-extended a 401 problem document.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_jwt_extended import get_current_user, get_jwt, verify_jwt_in_request
from sqlalchemy import select
from werkzeug.local import LocalProxy

from service.accounts import access_tokens
from service.database import db, reading_only
from service.errors import Problem, problem_response
from service.extensions import jwt
from service.models import LoginSession, User, lock_owner

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_token() -> str | None:
    """The credential of the request's ``Authorization: Bearer ...`` (the scheme in any case, RFC 9110 11.1)."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip() or None


def _caller() -> User:
    user = g.get("caller")
    if user is None:
        raise RuntimeError("current_user is used outside an authenticated request")
    return user


current_user: User = LocalProxy(_caller)  # type: ignore[assignment]


def identify() -> User:
    """The caller, from the request's bearer credential, or a 401 problem; decided once per request."""
    caller = g.get("caller")
    if caller is not None:
        return caller
    token = bearer_token()
    if token is not None and access_tokens.is_access_token(token):
        g.access_token, g.caller = access_tokens.authenticate(token)
    else:
        verify_jwt_in_request()
        g.caller = get_current_user()
    return g.caller


def accepted_caller() -> User | None:
    """The caller if the request's credential is accepted, else ``None``; never raises.

    For the rate limits, whose keys are asked before the view: a refused credential counts
    against its address, not against the user it names. The view then asks no more.
    """
    if bearer_token() is None:
        return None
    try:
        with reading_only():
            return identify()
    except Exception:  # any refusal (or a database failing), which the view answers in its turn
        db.session.rollback()
        return None


def authenticate() -> None:
    """Accept the request's bearer credential or refuse it with a 401 (or a 403 for a read-only token).

    It only reads: a writing request calls it inside ``reading_only`` and takes its lock afterwards
    (``lock_caller``).
    """
    identify()
    access_token = g.get("access_token")
    if access_token is not None and request.method not in READ_ONLY_METHODS and "write" not in access_token.scopes:
        raise Problem(
            403,
            f"This personal access token ('{access_token.name}') may only read; "
            'make one with the scopes ["read", "write"] to change data.',
            code="insufficient_scope",
            headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="write"'},
        )


def lock_caller() -> int:
    """Lock the caller's row for this write transaction, and read the caller again under the lock.

    The caller was read before, in reads that have ended (``authenticate`` in ``reading_only``):
    what changed since (a new password, a deleted account) counts, and an ``If-Match`` on my
    account compares with what is stored now.
    """
    caller = _caller()
    user_id = caller.id
    if caller in db.session:
        db.session.expire(caller)  # read again by the lock's own statement
    user = lock_owner(user_id)
    if user is None:
        raise Problem(
            401,
            "The account of this token no longer exists.",
            code="token_revoked",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    g.caller = user
    return user.id


def require_login_session(what: str = "manage logins or tokens") -> None:
    """Refuse a personal access token where only a login may act: managing logins and tokens, and
    what ``what`` names (changing the password or email, deleting the account)."""
    if g.get("access_token") is not None:
        raise Problem(
            403,
            f"Personal access tokens cannot {what}; log in with your password "
            "(POST /api/v1/auth/login) and use that access token.",
            code="login_required",
        )


def current_session_id() -> str | None:
    """The login session of the request's JWT, or ``None`` for a personal access token."""
    if g.get("access_token") is not None:
        return None
    return get_jwt().get("sid")


# --- flask-jwt-extended callbacks: every token failure is a 401 problem -------------------


def _unauthorized(detail: str, code: str, error: str | None = "invalid_token"):
    challenge = "Bearer" if error is None else f'Bearer error="{error}"'
    return problem_response(401, detail, code=code, headers={"WWW-Authenticate": challenge})


def _normalize_bearer_scheme() -> None:
    """Accept ``bearer`` in any case; flask-jwt-extended wants ``Bearer``."""
    token = bearer_token()
    if token is not None and not request.headers["Authorization"].startswith("Bearer "):
        request.environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"


def _forget_the_caller() -> None:
    """Who is calling is decided afresh for each request, even where requests share an app context."""
    for name in ("caller", "access_token", "token_user"):
        g.pop(name, None)


def register_jwt_callbacks(app: Flask) -> None:
    # Before the rate limits, which ask who is calling (service.web.rate_limits).
    app.before_request(_forget_the_caller)
    app.before_request(_normalize_bearer_scheme)

    @jwt.token_in_blocklist_loader
    def _is_revoked(_header: dict, payload: dict) -> bool:
        session_id = payload.get("sid")
        if not isinstance(session_id, str):
            return True
        # The login and its user in one statement; flask-jwt-extended asks the user loader next.
        found = db.session.execute(
            select(LoginSession, User).join(User, User.id == LoginSession.user_id).where(LoginSession.id == session_id)
        ).first()
        if found is None:
            return True
        session, g.token_user = found
        return session.revoked_at is not None or str(session.user_id) != payload["sub"]

    @jwt.user_lookup_loader
    def _load_user(_header: dict, payload: dict) -> User | None:
        user = g.pop("token_user", None)
        if user is not None and str(user.id) == payload["sub"]:
            return user
        try:
            return db.session.get(User, int(payload["sub"]))
        except (TypeError, ValueError):
            return None

    @jwt.unauthorized_loader
    def _missing(reason: str):
        if "CSRF" in reason:  # the web login's double submit: missing, or not the cookie's
            return _unauthorized(
                "Send the csrf_refresh_token cookie's value as the X-CSRF-TOKEN header.", "csrf_failed", error=None
            )
        if "cookie" in reason:  # a web login's route, without its cookie
            return _unauthorized(
                "This browser holds no web login; log in with POST /api/v1/auth/web/login.", "token_missing", error=None
            )
        return _unauthorized(
            "Send an access token: 'Authorization: Bearer <access_token>' (get one from POST /api/v1/auth/login).",
            "token_missing",
            error=None,
        )

    @jwt.invalid_token_loader
    def _invalid(reason: str):
        return _unauthorized(f"The token is not valid ({reason}). Log in again.", "token_invalid")

    @jwt.expired_token_loader
    def _expired(_header: dict, payload: dict):
        if payload.get("type") == "refresh":
            return _unauthorized("The refresh token has expired; log in again.", "token_expired")
        return _unauthorized(
            "The access token has expired; get a new one from POST /api/v1/auth/refresh.",
            "token_expired",
        )

    @jwt.revoked_token_loader
    def _revoked(_header: dict, _payload: dict):
        return _unauthorized("This login has ended (logged out or revoked); log in again.", "token_revoked")

    @jwt.user_lookup_error_loader
    def _no_user(_header: dict, _payload: dict):
        return _unauthorized("The account of this token no longer exists.", "token_revoked")

    @jwt.token_verification_failed_loader
    def _failed(_header: dict, _payload: dict):
        return _unauthorized("The token was not accepted. Log in again.", "token_invalid")
