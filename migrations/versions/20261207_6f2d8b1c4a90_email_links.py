"""email links: a new password, and a verified address

Single-use links sent by email, of which only the token's hash is kept, with the address each was sent
to and when it stops working.

Revision ID: 6f2d8b1c4a90
Revises: 3e9a7c5b2d18
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "6f2d8b1c4a90"
down_revision = "3e9a7c5b2d18"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "email_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_email_tokens_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_email_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_email_tokens_token_hash"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_email_tokens_user_id_purpose", "email_tokens", ["user_id", "purpose"])


def downgrade():
    op.drop_table("email_tokens")
