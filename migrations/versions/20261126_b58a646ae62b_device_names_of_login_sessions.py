"""device names of login sessions

Revision ID: b58a646ae62b
Revises: e14ae40e438b
Create Date: 2026-11-26 17:37:13.936454

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b58a646ae62b"
down_revision = "e14ae40e438b"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_name", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_login_sessions_user_id_created_at_id", ["user_id", "created_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_login_sessions_user_id_created_at_id")
        batch_op.drop_column("device_name")
