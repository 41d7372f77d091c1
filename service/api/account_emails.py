"""Account recovery and a verified address, now that coffeechat sends email: a link to set a new password,
and a link that shows an address is mine (reminders by email go only to a verified one)."""

from __future__ import annotations

from flask import current_app

from service.accounts import email_links
from service.accounts.users import account_for_email
from service.database import db
from service.errors import Problem
from service.jobs import email_link_after_commit
from service.schemas.user import (
    AcceptedSchema,
    PasswordResetConfirmSchema,
    PasswordResetRequestSchema,
    VerifyEmailSchema,
)
from service.web.auth import current_user
from service.web.blueprint import Blueprint

blp = Blueprint(
    "account_emails",
    __name__,
    url_prefix="/api/v1",
    description="A new password by email, and a verified address.",
)

RESET_SENT = (
    "If an account has this address, a link to set a new password is on its way to it. It works once, for 30 minutes."
)
EXPIRED = "This link was used already, has expired, or is not one of ours: ask for a new one."


def _refuse_the_link() -> Problem:
    return Problem(422, EXPIRED, code="email_link_invalid", errors={"token": [EXPIRED]})


def _email_on() -> bool:
    return bool(current_app.config["SMTP_URL"])


@blp.post("/auth/password-reset")
@blp.arguments(PasswordResetRequestSchema)
@blp.response(202, AcceptedSchema)
@blp.doc(security=[])
def request_password_reset(data):
    """Ask for a link to set a new password; the answer is the same whether an account has the address.

    The link, to the app's "new password" screen, works once and for 30 minutes. Requests are limited per
    network address and per email address. Without email (`email_available` false), nothing is sent.
    """
    user = account_for_email(data["email"])
    if user is not None and _email_on():
        email_link_after_commit(user, "reset_password")
        db.session.commit()
    return {"detail": RESET_SENT}


@blp.post("/auth/password-reset/confirm")
@blp.arguments(PasswordResetConfirmSchema)
@blp.response(204)
@blp.doc(security=[])
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="The link was used, has expired or is unknown.")
def confirm_password_reset(data):
    """Set a new password with the link's token: every login and personal access token of the account ends.

    Log in with the new password next.
    """
    if not email_links.reset_password(data["token"], data["password"]):
        raise _refuse_the_link()


@blp.post("/auth/verify-email")
@blp.arguments(VerifyEmailSchema)
@blp.response(204)
@blp.doc(security=[])
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="The link was used, has expired or is unknown.")
def verify_email(data):
    """Show that the address is mine, with the token of the link sent to it (at sign-up, or after a change).

    A link counts only for the address it was sent to: after another change, use the newer link.
    """
    if not email_links.verify_email(data["token"]):
        raise _refuse_the_link()


@blp.post("/me/verify-email")
@blp.login_required
@blp.response(202, AcceptedSchema)
@blp.alt_response(
    409, response="CONFLICT", description="The address is verified already, or this server sends no email."
)
def send_verification_email():
    """Send a new link to verify my address.

    The one sent at sign-up (or after a change of address) may be lost or expired: this one works for 2 days.
    """
    if not _email_on():
        raise Problem(409, "This server sends no email: its operator has not set SMTP_URL.", code="email_unavailable")
    if current_user.email_verified_at is not None:
        raise Problem(409, "Your address is verified already.", code="email_verified")
    email_link_after_commit(current_user, "verify_email")
    db.session.commit()
    return {"detail": f"A link to verify {current_user.email} is on its way. It works for 2 days."}
