"""ids are never used again: SQLite tables get AUTOINCREMENT

Without AUTOINCREMENT, SQLite hands out max(id) + 1, so the id of the newest row, once deleted,
is given to the next row, of any account. A client that synced the tombstone of contact 7 would
take the next contact 7 for the deleted one. PostgreSQL's sequences never hand out a number twice:
nothing to do there.

Each table is rebuilt from its own CREATE TABLE text (SQLite's 12-step table change), with the
id column made `PRIMARY KEY AUTOINCREMENT` under the same constraint name, and its indexes made
again. The sequence of each table starts after its highest id and after the highest id of its
tombstones in the sync change log (a row deleted as the newest one leaves nothing else behind).

Revision ID: a7c3e9d10013
Revises: 16a21112307e
Create Date: 2026-12-07
"""

import re

from alembic import op

revision = "a7c3e9d10013"
down_revision = "16a21112307e"
branch_labels = None
depends_on = None

# Every table with an integer id of its own; the synced ones name their tombstones' kind the same.
TABLES = (
    "users",
    "contacts",
    "contact_tags",
    "goals",
    "question_banks",
    "questions",
    "meetings",
    "meeting_questions",
    "outcomes",
    "follow_ups",
    "caldav_events",
    "access_tokens",
    "changes",
    "idempotency_keys",
)

TABLE_HEAD = re.compile(r'^CREATE TABLE "?(\w+)"? \(')


def _plain_id(table: str) -> str:
    return "\n\tid INTEGER NOT NULL, "


def _autoincrement_id(table: str) -> str:
    return f"\n\tid INTEGER NOT NULL CONSTRAINT pk_{table} PRIMARY KEY AUTOINCREMENT, "


def _table_key(table: str) -> str:
    return f"\n\tCONSTRAINT pk_{table} PRIMARY KEY (id), "


def _with_autoincrement(table: str, sql: str) -> str:
    assert sql.count(_plain_id(table)) == 1 and sql.count(_table_key(table)) == 1, f"unexpected schema of {table}"
    return sql.replace(_table_key(table), "").replace(_plain_id(table), _autoincrement_id(table))


def _without_autoincrement(table: str, sql: str) -> str:
    assert sql.count(_autoincrement_id(table)) == 1, f"unexpected schema of {table}"
    # The table key goes back where SQLAlchemy writes it: before the first other constraint.
    head, constraints = sql.replace(_autoincrement_id(table), _plain_id(table)).split("\n\tCONSTRAINT ", 1)
    return f"{head}{_table_key(table)}\n\tCONSTRAINT {constraints}"


def _rebuild(table: str, change) -> None:
    """Make ``table`` again from its CREATE TABLE text as ``change`` rewrites it, rows and indexes included."""
    connection = op.get_bind()
    sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    indexes = (
        connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        )
        .scalars()
        .all()
    )
    new_sql = TABLE_HEAD.sub(f'CREATE TABLE "_new_{table}" (', change(table, sql), count=1)
    connection.exec_driver_sql(new_sql)
    connection.exec_driver_sql(f'INSERT INTO "_new_{table}" SELECT * FROM "{table}"')
    connection.exec_driver_sql(f'DROP TABLE "{table}"')
    connection.exec_driver_sql(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')
    for index in indexes:
        connection.exec_driver_sql(index)


def _start_after_tombstones(table: str) -> None:
    """The next id of ``table`` comes after its highest id and after its deleted rows' highest id."""
    connection = op.get_bind()
    highest = connection.exec_driver_sql(
        f'SELECT MAX(COALESCE((SELECT MAX(id) FROM "{table}"), 0), '
        "COALESCE((SELECT MAX(object_id) FROM changes WHERE kind = ?), 0))",
        (table,),
    ).scalar_one()
    connection.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    if highest:
        connection.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest))


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, _with_autoincrement)
    for table in TABLES:
        _start_after_tombstones(table)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(table, _without_autoincrement)
