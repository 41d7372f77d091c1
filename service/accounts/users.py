"""The account itself: saved with an email address no other account has, changed only with its password.

An address is kept in its one written form (``service.accounts.emails``), so that look-alike
spellings of one address are one account: the schemas normalise what is sent, the unique index
decides.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.accounts.emails import email_for_lookup
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


def account_for_email(typed: str) -> User | None:
    """The account of the address ``typed`` at login, in any spelling.

    An account whose address differed from another's only in spelling before addresses were
    normalised kept its address as written (migration fe31d655ded3): it is
    found by exactly that, ahead of the account holding the normal form.
    """
    as_written, normal = typed.strip().lower(), email_for_lookup(typed)
    found = db.session.scalars(select(User).where(User.email.in_({as_written, normal}))).all()
    return next((user for user in found if user.email == as_written), None) or next(iter(found), None)
