"""the CalDAV push in the worker: a lease per link, and failures in a row for the back-off

The worker pushes a user's meetings one push at a time (``lease_until``, a lease any worker on
any host can see, which runs out if its worker dies) and backs off longer after each failure in a
row (``failed_pushes``). Plain ADD COLUMNs: SQLite rebuilds no table.

Revision ID: 5d1e0a7b9c42
Revises: c4f2b8d61a05
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "5d1e0a7b9c42"
down_revision = "c4f2b8d61a05"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("caldav_links", sa.Column("failed_pushes", sa.Integer(), server_default="0", nullable=False))
    op.add_column("caldav_links", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    # A link that failed last counts one failure: the worker backs off from it at once.
    op.execute("UPDATE caldav_links SET failed_pushes = 1 WHERE last_error IS NOT NULL")


def downgrade():
    op.drop_column("caldav_links", "lease_until")
    op.drop_column("caldav_links", "failed_pushes")
