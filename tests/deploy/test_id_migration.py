"""The migration that makes ids unique for good: SQLite tables get AUTOINCREMENT, rows and indexes kept.

Each test migrates a database of its own (see test_migrations.py). PostgreSQL's sequences never
hand out a number twice, so there the migration changes nothing; the same tests show it.
"""

from __future__ import annotations

import flask_migrate
from sqlalchemy import inspect, text

from service.database import db
from tests.deploy.rows import contacts_of_a_new_user

IDS_REVISION = "a7c3e9d10013"


def integer_id_tables() -> list[str]:
    return sorted(
        table.name
        for table in db.metadata.sorted_tables
        if [column.name for column in table.primary_key] == ["id"] and table.c.id.type.python_type is int
    )


def test_every_table_with_an_integer_id_never_gives_an_id_twice(migrating_app):
    flask_migrate.upgrade()
    if db.engine.dialect.name != "sqlite":
        with db.engine.connect() as connection:
            defaults = {table: inspect(connection).get_columns(table)[0]["default"] for table in integer_id_tables()}
        assert all(default and default.startswith("nextval(") for default in defaults.values()), defaults
        return
    with db.engine.connect() as connection:
        schemas = dict(connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
    assert len(integer_id_tables()) >= 14
    plain = [table for table in integer_id_tables() if "PRIMARY KEY AUTOINCREMENT" not in schemas[table]]
    assert plain == [], f"tables whose ids SQLite would give again: {plain}"


def test_ids_deleted_before_the_migration_are_not_given_again(migrating_app):
    flask_migrate.upgrade(revision=f"{IDS_REVISION}-1")
    with db.engine.begin() as connection:
        contacts_of_a_new_user(connection, 2)
        user, (*_, newest) = contacts_of_a_new_user(connection, 2)
        # Deleting a synced row leaves only its tombstone: its id is nowhere else.
        connection.execute(
            text("INSERT INTO changes (user_id, kind, object_id, seq, deleted_at) VALUES (:u, 'contacts', :id, 1, :t)"),
            {"u": user, "id": newest, "t": "2026-12-01 10:00:00"},
        )
        connection.execute(text("DELETE FROM contacts WHERE id = :id"), {"id": newest})
        assert connection.scalar(text("SELECT max(id) FROM contacts")) == newest - 1

    flask_migrate.upgrade()

    with db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO contacts (user_id, name, created_at, updated_at) VALUES (:u, 'New', :t, :t)"),
            {"u": user, "t": "2026-12-02 10:00:00"},
        )
        assert connection.scalar(text("SELECT max(id) FROM contacts")) == newest + 1


def test_the_migration_keeps_every_row_and_index(migrating_app):
    flask_migrate.upgrade(revision=f"{IDS_REVISION}-1")
    with db.engine.begin() as connection:
        contacts_of_a_new_user(connection, 3)
    tables = [table for table in integer_id_tables() if table in inspect(db.engine).get_table_names()]  # then
    with db.engine.connect() as connection:
        before = {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in tables}
    indexes_before = {table: inspect(db.engine).get_indexes(table) for table in tables}

    flask_migrate.upgrade(revision=IDS_REVISION)  # this migration only: later ones may change indexes

    with db.engine.connect() as connection:
        after = {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) for table in tables}
    db.engine.dispose()  # the inspector caches nothing across engines' connections
    assert after == before and after["meeting_questions"] == 3
    assert {table: inspect(db.engine).get_indexes(table) for table in tables} == indexes_before


def test_downgrading_it_keeps_every_row(migrating_app):
    flask_migrate.upgrade()
    with db.engine.begin() as connection:
        contacts_of_a_new_user(connection, 1)

    flask_migrate.downgrade(revision=f"{IDS_REVISION}-1")

    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM meeting_questions")) == 1
        assert connection.scalar(text("SELECT count(*) FROM meeting_goals")) == 1
        if db.engine.dialect.name == "sqlite":
            schema = connection.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'contacts'"))
            assert "AUTOINCREMENT" not in schema and "CONSTRAINT pk_contacts PRIMARY KEY (id)" in schema
