"""Registration, login, token refresh and logout."""

from __future__ import annotations

from flask import request, url_for
from flask_jwt_extended import get_jwt, jwt_required

from service.accounts.login_sessions import issue_tokens, revoke_session, rotate_refresh_token, start_session
from service.accounts.passwords import hash_password, needs_rehash, verify_password
from service.accounts.users import account_for_email, commit_account
from service.database import db
from service.errors import Problem
from service.models import User
from service.schemas.user import LoginSchema, RegisterSchema, TokenPairSchema, UserSchema
from service.web.auth import current_session_id
from service.web.blueprint import BEARER_SECURITY, Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and tokens.")

NO_STORE = {"Cache-Control": "no-store"}
MAX_DEVICE_NAME = 200


def device_name(named: str | None) -> str | None:
    """What to call the device logging in: the name it gave, else its User-Agent, shortened."""
    name = (named or request.user_agent.string or "").strip()
    return name[:MAX_DEVICE_NAME] or None


@blp.post("/register")
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, response="CONFLICT", description="The email address is already registered.")
def register(data):
    """Create an account.

    The email is kept in one form (trimmed, look-alike letters folded, the domain through IDNA,
    lower-cased), so another spelling of a registered address is a 409. The password needs 10 or
    more characters and is stored only as an argon2id hash. Registering logs no one in: log in next.
    """
    user = User(
        email=data["email"],
        name=data["name"],
        timezone=data["timezone"],
        password_hash=hash_password(data["password"]),
    )
    db.session.add(user)
    commit_account(user)
    return user, 201, {"Location": url_for("me.get_me")}


@blp.post("/login")
@blp.arguments(LoginSchema)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, response="UNAUTHORIZED", description="Unknown email or wrong password.")
def login(data):
    """Exchange email and password for an access token and a refresh token.

    Each login is a device session of its own (`GET /api/v1/auth/sessions`), named after
    `device_name` or the User-Agent. The access token lasts 15 minutes, the refresh token 30 days
    and works once (`POST /api/v1/auth/refresh`). A wrong email or password is a 401 that does not
    say which; failed attempts are limited per address and per email (429), the right password
    included once the limit is reached.
    """
    user = account_for_email(data["email"])
    if not verify_password(user.password_hash if user else None, data["password"]):
        raise Problem(
            401, "The email or password is wrong.", code="invalid_credentials", headers={"WWW-Authenticate": "Bearer"}
        )
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(data["password"])
    session = start_session(user, device_name(data.get("device_name")))
    db.session.commit()
    return issue_tokens(session), 200, NO_STORE


@blp.post("/refresh")
@jwt_required(refresh=True)
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
def refresh_tokens():
    """Exchange a refresh token for a new token pair.

    Send the refresh token as `Authorization: Bearer <refresh_token>`. Each refresh token
    works once and is replaced by the new one; reusing it ends the whole login, except
    within a short grace window for a retry after a lost response.
    """
    claims = get_jwt()
    session = rotate_refresh_token(claims["sid"], claims["jti"])
    return issue_tokens(session), 200, NO_STORE


@blp.post("/logout")
@blp.login_session_required
@blp.response(204)
def logout():
    """End this login: its access and refresh tokens stop working at once.

    Other logins and personal access tokens keep working (`DELETE /api/v1/auth/sessions` ends the
    other logins). A personal access token cannot log out: it gets a 403 `login_required`; revoke it
    with `DELETE /api/v1/tokens/{token_id}`.
    """
    revoke_session(current_session_id())
    db.session.commit()
