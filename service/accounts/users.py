"""The account itself: saved with an email address no other account has, changed only with its password."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from service.accounts.passwords import verify_password
from service.database import db
from service.errors import Problem
from service.models import User


def commit_account(user: User) -> None:
    """Commit ``user``; an email that another account holds is a 409.

    The unique index decides, not a look-up before the write, so of two simultaneous
    requests for one address exactly one wins.
    """
    email = user.email
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Problem(409, f"An account with {email} already exists.", code="email_taken") from None


def confirm_password(user: User, password: str | None) -> None:
    """A 403 unless ``password`` is the account's: changing the email or password, or deleting it, asks for it."""
    if not verify_password(user.password_hash, password):
        raise Problem(403, "The password is wrong.", code="wrong_password")
