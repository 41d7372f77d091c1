"""reminders: notification settings, Web Push subscriptions, what was told, and a verified address

``notifications`` records each thing told (or to tell after quiet hours), one row per user, kind and
subject ever: its unique key is what keeps two workers from telling it twice. ``users`` gets
``email_verified_at``: reminders by email go only to a verified address. Two indexes let the worker
find what comes due across every account: open follow-ups by due time, meetings by start.

Revision ID: 3e9a7c5b2d18
Revises: 8b2f4c6d1e37
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "3e9a7c5b2d18"
down_revision = "8b2f4c6d1e37"
branch_labels = None
depends_on = None

OPEN = sa.text("done_at IS NULL")


def upgrade():
    op.add_column("users", sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("push", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("email", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("follow_up_due", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("follow_up_overdue", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("meeting_unprepared", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("weekly_digest", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("quiet_hours_start", sa.Time(), nullable=True),
        sa.Column("quiet_hours_end", sa.Time(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_notification_settings_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_notification_settings"),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(length=2000), nullable=False),
        sa.Column("p256dh", sa.String(length=200), nullable=False),
        sa.Column("auth_encrypted", sa.Text(), nullable=False),
        sa.Column("device_name", sa.String(length=200), nullable=True),
        sa.Column("last_push_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_push_subscriptions_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_push_subscriptions"),
        sa.UniqueConstraint("endpoint", name="uq_push_subscriptions_endpoint"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_push_subscriptions_user_id_created_at_id", "push_subscriptions", ["user_id", "created_at", "id"]
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("send_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channels", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_notifications_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "uq_notifications_user_id_kind_subject_id", "notifications", ["user_id", "kind", "subject_id"], unique=True
    )
    op.create_index("ix_notifications_status_send_after", "notifications", ["status", "send_after"])
    op.create_index("ix_follow_ups_due_at_open", "follow_ups", ["due_at"], sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index("ix_meetings_starts_at", "meetings", ["starts_at"])


def downgrade():
    op.drop_index("ix_meetings_starts_at", table_name="meetings")
    op.drop_index("ix_follow_ups_due_at_open", table_name="follow_ups")
    op.drop_table("notifications")
    op.drop_table("push_subscriptions")
    op.drop_table("notification_settings")
    op.drop_column("users", "email_verified_at")
