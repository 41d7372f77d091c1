"""Who is calling: a login's JWT access token, or a personal access token (``cc_pat_...``).

Views read the caller from ``current_user`` here, whichever credential they sent, and
``current_session_id()`` for the login a JWT belongs to (``None`` for a personal access
token). A personal access token without the ``write`` scope may only read.
"""

from __future__ import annotations

from flask import g, request
from flask_jwt_extended import get_current_user, get_jwt, verify_jwt_in_request
from werkzeug.local import LocalProxy

from service import access_tokens
from service.errors import Problem
from service.models import User

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _caller() -> User:
    user = g.get("caller")
    if user is None:
        raise RuntimeError("current_user is used outside an authenticated request")
    return user


current_user: User = LocalProxy(_caller)  # type: ignore[assignment]


def authenticate() -> None:
    """Accept the request's bearer credential or refuse it with a 401 (or a 403 for a read-only token)."""
    token = _bearer_token()
    if token is not None and token.startswith(access_tokens.PREFIX):
        writing = request.method not in READ_ONLY_METHODS
        access_token, user = access_tokens.authenticate(token, writing=writing)
        if writing and "write" not in access_token.scopes:
            raise Problem(
                403,
                f"This personal access token ('{access_token.name}') may only read; "
                'make one with the scopes ["read", "write"] to change data.',
                code="insufficient_scope",
                headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="write"'},
            )
        g.caller = user
        g.access_token = access_token
        return
    verify_jwt_in_request()
    g.caller = get_current_user()


def require_login_session() -> None:
    """Refuse a personal access token where only a login may act (managing logins and tokens)."""
    if g.get("access_token") is not None:
        raise Problem(
            403,
            "Personal access tokens cannot manage logins or tokens; log in with your password "
            "(POST /api/v1/auth/login) and use that access token.",
            code="login_required",
        )


def current_session_id() -> str | None:
    """The login session of the request's JWT, or ``None`` for a personal access token."""
    if g.get("access_token") is not None:
        return None
    return get_jwt().get("sid")


def _bearer_token() -> str | None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip() or None
