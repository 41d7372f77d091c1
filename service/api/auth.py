"""Registration, login, token refresh and logout."""

from __future__ import annotations

from flask import Response, after_this_request, current_app, request, url_for
from flask_jwt_extended import get_jwt, jwt_required, set_refresh_cookies, unset_refresh_cookies

from service.accounts.login_sessions import issue_tokens, revoke_session, rotate_refresh_token, start_session
from service.accounts.passwords import hash_password, needs_rehash, verify_password
from service.accounts.users import account_for_email, commit_account
from service.database import db
from service.errors import Problem
from service.jobs import email_link_after_commit
from service.models import LoginSession, User
from service.schemas.user import LoginSchema, RegisterSchema, TokenPairSchema, UserSchema, WebTokenSchema
from service.web.auth import current_session_id
from service.web.blueprint import BEARER_SECURITY, CSRF_PARAMETER, REFRESH_COOKIE_SECURITY, Blueprint

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
    Where the server sends email, a link to verify the address is sent to it; the account works meanwhile.
    """
    user = User(
        email=data["email"],
        name=data["name"],
        timezone=data["timezone"],
        password_hash=hash_password(data["password"]),
    )
    db.session.add(user)
    commit_account(user)
    if current_app.config["SMTP_URL"]:
        email_link_after_commit(user, "verify_email")
        db.session.commit()
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
    return issue_tokens(_log_in(data)), 200, NO_STORE


def _log_in(data: dict) -> LoginSession:
    """A new login (device session) for the right email and password, or a 401 that does not say which was wrong."""
    user = account_for_email(data["email"])
    if not verify_password(user.password_hash if user else None, data["password"]):
        raise Problem(
            401, "The email or password is wrong.", code="invalid_credentials", headers={"WWW-Authenticate": "Bearer"}
        )
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(data["password"])
    session = start_session(user, device_name(data.get("device_name")))
    db.session.commit()
    return session


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


# The web login: for a browser app of this origin, whose scripts must not read the refresh token.

WEB_COOKIES = (
    "Set-Cookie: `refresh_token_cookie` (the refresh token; `HttpOnly; Secure; SameSite=Strict`, "
    "path /api/v1/auth/web, 30 days) and `csrf_refresh_token` (readable by the page, path /)."
)


def _answer_with_cookies(tokens: dict) -> dict:
    """The access token for the answer's body; the refresh token goes into the answer's cookies."""

    @after_this_request
    def set_cookies(response: Response) -> Response:
        lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
        set_refresh_cookies(response, tokens["refresh_token"], max_age=int(lifetime.total_seconds()))
        return response

    return {name: tokens[name] for name in ("access_token", "token_type", "expires_in")}


@blp.after_request
def _forget_a_refused_web_login(response: Response) -> Response:
    """A web login's cookie that was sent and refused (expired, revoked, reused) is cleared, so the app
    asks no more. Only a page of this origin sends the cookie (SameSite=Strict), and a CSRF failure clears
    nothing: another site's request cannot log the app out."""
    sent = request.cookies.get(current_app.config["JWT_REFRESH_COOKIE_NAME"])
    if sent and response.status_code == 401 and (response.get_json(silent=True) or {}).get("code") != "csrf_failed":
        unset_refresh_cookies(response)
    return response


@blp.post("/web/login")
@blp.arguments(LoginSchema)
@blp.response(200, WebTokenSchema, headers={"Set-Cookie": {"description": WEB_COOKIES, "schema": {"type": "string"}}})
@blp.alt_response(401, response="UNAUTHORIZED", description="Unknown email or wrong password.")
def web_login(data):
    """Log in from a web page of this origin (the coffeechat app): the refresh token as a cookie.

    As POST /api/v1/auth/login, except that the refresh token never reaches a script: it comes as
    an `HttpOnly; Secure; SameSite=Strict` cookie that only /api/v1/auth/web/* receives, beside a
    `csrf_refresh_token` cookie the page reads and sends back as `X-CSRF-TOKEN` (double submit).
    Mobile apps and scripts keep POST /api/v1/auth/login and its JSON tokens.
    """
    return _answer_with_cookies(issue_tokens(_log_in(data))), 200, NO_STORE


@blp.post("/web/refresh")
@jwt_required(refresh=True, locations=["cookies"])
@blp.doc(security=REFRESH_COOKIE_SECURITY, parameters=[CSRF_PARAMETER])
@blp.response(200, WebTokenSchema, headers={"Set-Cookie": {"description": WEB_COOKIES, "schema": {"type": "string"}}})
@blp.alt_response(
    401,
    response="UNAUTHORIZED",
    description="No web login, a refused cookie (then cleared), or a CSRF token that does not match.",
)
def web_refresh():
    """A new access token for the web login, and a new refresh cookie.

    Needs the refresh cookie and, as `X-CSRF-TOKEN`, the `csrf_refresh_token` cookie's value. As
    with POST /api/v1/auth/refresh, each refresh token works once (a retry after a lost answer is
    forgiven for a few seconds). A refused cookie is cleared.
    """
    claims = get_jwt()
    session = rotate_refresh_token(claims["sid"], claims["jti"])
    return _answer_with_cookies(issue_tokens(session)), 200, NO_STORE


@blp.post("/web/logout")
@jwt_required(refresh=True, locations=["cookies"])
@blp.doc(security=REFRESH_COOKIE_SECURITY, parameters=[CSRF_PARAMETER])
@blp.response(204, headers={"Set-Cookie": {"description": "Both cookies, cleared.", "schema": {"type": "string"}}})
@blp.alt_response(
    401,
    response="UNAUTHORIZED",
    description="No web login, a refused cookie (then cleared), or a CSRF token that does not match.",
)
def web_logout():
    """End the web login: its tokens stop working at once, and its cookies are cleared.

    Needs the refresh cookie and, as `X-CSRF-TOKEN`, the `csrf_refresh_token` cookie's value, so
    that no other site can log the app out. Other logins and personal access tokens keep working.
    """
    revoke_session(get_jwt()["sid"])
    db.session.commit()

    @after_this_request
    def clear_cookies(response: Response) -> Response:
        unset_refresh_cookies(response)
        return response
