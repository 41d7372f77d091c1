"""invitation occurrences, and invitations left out of the CalDAV push unless asked for

A meeting imported from an invitation to one occurrence of a repeating event (sent without its
series) is found again by the invitation's UID and that occurrence's RECURRENCE-ID: a new column,
and the unique key of (user, invitation UID) split in two partial indexes, one for whole
invitations and one for occurrences (a unique index counts NULLs as all different). A linked
CalDAV calendar gets `push_invitations`, false: meetings imported from invitations are no longer
pushed by default, and the copies already pushed are removed by the next push.

Every step is a plain ALTER TABLE or index change, so SQLite rebuilds no table (and its tables
keep AUTOINCREMENT, see a7c3e9d10013).

Revision ID: c4f2b8d61a05
Revises: fe31d655ded3
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "c4f2b8d61a05"
down_revision = "fe31d655ded3"
branch_labels = None
depends_on = None

WHOLE = sa.text("invite_recurrence_id IS NULL")
OCCURRENCE = sa.text("invite_recurrence_id IS NOT NULL")


def upgrade():
    op.add_column("meetings", sa.Column("invite_recurrence_id", sa.DateTime(timezone=True), nullable=True))
    op.drop_index("uq_meetings_user_id_invite_uid", table_name="meetings")
    op.create_index(
        "uq_meetings_user_id_invite_uid",
        "meetings",
        ["user_id", "invite_uid"],
        unique=True,
        sqlite_where=WHOLE,
        postgresql_where=WHOLE,
    )
    op.create_index(
        "uq_meetings_user_id_invite_uid_invite_recurrence_id",
        "meetings",
        ["user_id", "invite_uid", "invite_recurrence_id"],
        unique=True,
        sqlite_where=OCCURRENCE,
        postgresql_where=OCCURRENCE,
    )
    op.add_column(
        "caldav_links", sa.Column("push_invitations", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade():
    op.drop_column("caldav_links", "push_invitations")
    # The old key holds one meeting per invitation UID: meetings made from single occurrences stay,
    # but are no longer tied to their invitation (importing it again makes a new meeting).
    op.execute("UPDATE meetings SET invite_uid = NULL, invite_sequence = NULL WHERE invite_recurrence_id IS NOT NULL")
    op.drop_index("uq_meetings_user_id_invite_uid_invite_recurrence_id", table_name="meetings")
    op.drop_index("uq_meetings_user_id_invite_uid", table_name="meetings")
    op.create_index("uq_meetings_user_id_invite_uid", "meetings", ["user_id", "invite_uid"], unique=True)
    op.drop_column("meetings", "invite_recurrence_id")
