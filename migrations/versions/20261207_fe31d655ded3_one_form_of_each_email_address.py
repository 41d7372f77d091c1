"""one form of each email address: accounts saved under a look-alike spelling get the one form

Accounts are unique by the one written form of their address (service/accounts/emails.py: Unicode
NFKC, the domain through IDNA and kept in Unicode, all lower case). Before, an address was only
trimmed and lower-cased, so a saved one may be a look-alike spelling: fullwidth letters, a punycode
domain, a decomposed accent. Each is rewritten in the one form, so that the unique index holds for
every spelling and its owner logs in with any of them.

Two accounts may hold spellings of one address. The one whose address already is the one form keeps
it; otherwise the oldest account takes it. The other keeps its address as written, is named in the
log for the operator, and still logs in by exactly that spelling (service.accounts.users.account_for_email).
An address that email-validator does not take is left as it is.

The rules are copied here as they are today: a later change of service/accounts/emails.py must not
change what this migration did. Nothing to undo on downgrade: the one form is an address as good
as the one it replaced.

Revision ID: fe31d655ded3
Revises: a7c3e9d10013
Create Date: 2026-12-07
"""

import logging
import unicodedata

import sqlalchemy as sa
from alembic import op
from email_validator import validate_email

revision = "fe31d655ded3"
down_revision = "a7c3e9d10013"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))


def one_form(address: str) -> str | None:
    """The one written form of ``address`` (as service.accounts.emails.normalize_email on 2026-12-07)."""
    try:
        checked = validate_email(unicodedata.normalize("NFKC", address.strip()).lower(), check_deliverability=False)
    except ValueError:
        return None
    return unicodedata.normalize("NFKC", checked.normalized).lower()


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.email).order_by(users.c.id)).all()
    held = {email for _, email in rows}
    for user_id, email in rows:
        normal = one_form(email)
        if normal is None or normal == email:
            continue
        if normal in held:
            log.warning("account %s keeps its email address as written: another account holds its one form", user_id)
            continue
        connection.execute(sa.update(users).where(users.c.id == user_id).values(email=normal))
        held.discard(email)
        held.add(normal)


def downgrade():
    pass
