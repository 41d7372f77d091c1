"""The signed-in user's own account."""

from __future__ import annotations

from flask import current_app

from service.accounts.access_tokens import revoke_all_tokens
from service.accounts.login_sessions import revoke_other_sessions
from service.accounts.passwords import hash_password
from service.accounts.users import commit_account, confirm_password
from service.database import db
from service.jobs import email_link_after_commit
from service.models import apply_changes
from service.schemas.user import MeUpdateSchema, PasswordConfirmationSchema, UserSchema
from service.web.auth import current_session_id, current_user, require_login_session
from service.web.blueprint import Blueprint

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="My account.")


@blp.get("")
@blp.login_required
@blp.etag
@blp.response(200, UserSchema)
def get_me():
    """My account.

    My email, name, IANA time zone and `reminder_minutes` (the alarm before each meeting in the
    calendar feed). Answers with an ETag: send it as If-Match on `PATCH /api/v1/me` so as not to
    overwrite a change made since.
    """
    return current_user


@blp.patch("")
@blp.login_required
@blp.etag
@blp.arguments(MeUpdateSchema)
@blp.response(200, UserSchema)
@blp.alt_response(
    403,
    response="FORBIDDEN",
    description="`current_password` is wrong (`wrong_password`), or a personal access token asked to change "
    "the email or password, which takes a login (`login_required`).",
)
@blp.alt_response(409, response="CONFLICT", description="The new email is already registered.")
def update_me(data):
    """Change my name, time zone, email or password.

    A new email or password takes a login (not a personal access token) and the current password.
    Wrong passwords count like failed logins: past the limit, a 429 until the window ends. Changing
    the password ends every other login of this account and revokes every personal access token. A new
    email is not verified until the link sent to it is opened (`POST /api/v1/auth/verify-email`).
    """
    blp.check_etag(current_user, UserSchema)
    current_password = data.pop("current_password", None)
    if "email" in data or "password" in data:
        require_login_session("change the email or password")
        confirm_password(current_user, current_password)
    if "password" in data:
        data["password_hash"] = hash_password(data.pop("password"))
        revoke_other_sessions(current_user.id, current_session_id())
        revoke_all_tokens(current_user.id)
    new_address = "email" in data and data["email"] != current_user.email
    apply_changes(current_user, data)
    if new_address:
        current_user.email_verified_at = None
        if current_app.config["SMTP_URL"]:
            email_link_after_commit(current_user, "verify_email")
    commit_account(current_user)
    return current_user


@blp.delete("")
@blp.login_required
@blp.etag
@blp.arguments(PasswordConfirmationSchema)
@blp.response(204)
@blp.alt_response(
    403,
    response="FORBIDDEN",
    description="The password is wrong (`wrong_password`), or a personal access token asked: deleting "
    "the account takes a login (`login_required`).",
)
def delete_me(data):
    """Delete my account and everything it owns. Send the password to confirm.

    Takes a login, not a personal access token. Wrong passwords count like failed logins: past
    the limit, a 429 until the window ends.
    """
    blp.check_etag(current_user, UserSchema)
    require_login_session("delete the account")
    confirm_password(current_user, data["password"])
    db.session.delete(current_user)
    db.session.commit()
