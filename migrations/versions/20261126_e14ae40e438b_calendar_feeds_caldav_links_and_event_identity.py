"""calendar feeds, CalDAV links and event identity

Existing meetings and follow-ups get a UID of their own (the calendar identity that never
changes) and SEQUENCE 0; meetings already cancelled count as cancelled at their last change.

Revision ID: e14ae40e438b
Revises: 3140d2368bf2
Create Date: 2026-11-26 16:25:58.195253

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e14ae40e438b"
down_revision = "3140d2368bf2"
branch_labels = None
depends_on = None


def _give_uids(table: str) -> None:
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column("uid", sa.String))
    connection = op.get_bind()
    ids = connection.execute(sa.select(rows.c.id)).scalars().all()
    for row_id in ids:
        connection.execute(rows.update().where(rows.c.id == row_id).values(uid=f"{uuid.uuid4()}@coffeechat"))


def upgrade():
    op.create_table(
        "caldav_links",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=False),
        sa.Column("calendar_name", sa.String(length=200), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_caldav_links_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_caldav_links")),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_table(
        "caldav_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("pushed_version", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_caldav_events_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_caldav_events_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caldav_events")),
    )
    with op.batch_alter_table("caldav_events", schema=None) as batch_op:
        batch_op.create_index("ix_caldav_events_meeting_id", ["meeting_id"], unique=False)
        batch_op.create_index("uq_caldav_events_user_id_uid", ["user_id", "uid"], unique=True)

    for table in ("follow_ups", "meetings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("uid", sa.String(length=255), nullable=True))
            batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
        _give_uids(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("uid", existing_type=sa.String(length=255), nullable=False)
            batch_op.create_index(f"uq_{table}_uid", ["uid"], unique=True)

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("invite_uid", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("invite_sequence", sa.Integer(), nullable=True))
        batch_op.create_index("uq_meetings_user_id_invite_uid", ["user_id", "invite_uid"], unique=True)
    op.execute("UPDATE meetings SET cancelled_at = updated_at WHERE status = 'cancelled'")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_minutes", sa.Integer(), server_default="15", nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("reminder_minutes")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("uq_meetings_user_id_invite_uid")
        batch_op.drop_index("uq_meetings_uid")
        batch_op.drop_column("sequence")
        batch_op.drop_column("uid")
        batch_op.drop_column("invite_sequence")
        batch_op.drop_column("invite_uid")
        batch_op.drop_column("cancelled_at")

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("uq_follow_ups_uid")
        batch_op.drop_column("sequence")
        batch_op.drop_column("uid")

    with op.batch_alter_table("caldav_events", schema=None) as batch_op:
        batch_op.drop_index("uq_caldav_events_user_id_uid")
        batch_op.drop_index("ix_caldav_events_meeting_id")

    op.drop_table("caldav_events")
    op.drop_table("calendar_feeds")
    op.drop_table("caldav_links")
