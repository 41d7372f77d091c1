"""The migrations build exactly the schema the models describe, and take it down again.

Each test migrates a database of its own (``migrating_app``, tests/deploy/conftest.py: a fresh SQLite
file, or a PostgreSQL database created beside the test database), so the session ``app`` fixture's
schema stays intact.
"""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from sqlalchemy import inspect, text

from service.database import db
from tests.deploy.rows import meeting_with_a_plan


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def schema_drift() -> list:
    """What ``flask db migrate`` would put in a new migration; empty when models and database agree."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=dict(current_app.extensions["migrate"].configure_args))
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_creates_every_table(migrating_app):
    assert tables() == set()
    flask_migrate.upgrade()
    assert tables() == set(db.metadata.tables) | {"alembic_version"}


def test_migrated_schema_matches_the_models(migrating_app):
    flask_migrate.upgrade()
    assert schema_drift() == [], "the models changed without a migration: run `make migrate m=...`"


def test_downgrade_to_base_leaves_no_tables(migrating_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    assert tables() == {"alembic_version"}


def test_upgrade_after_downgrade_rebuilds_the_same_schema(migrating_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    flask_migrate.upgrade()
    assert tables() == set(db.metadata.tables) | {"alembic_version"}
    assert schema_drift() == []


def test_flask_db_check_finds_nothing_to_migrate(migrating_app):
    flask_migrate.upgrade()
    # Flask-Migrate exits 1 when autogenerate would write a migration.
    result = migrating_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


STARTER_BANKS_REVISION = "3140d2368bf2"


def builtin_question_counts() -> tuple[int, int]:
    with db.engine.connect() as connection:
        banks = connection.scalar(text("SELECT count(*) FROM question_banks WHERE user_id IS NULL"))
        questions = connection.scalar(text("SELECT count(*) FROM questions WHERE user_id IS NULL"))
    return banks, questions


def test_the_starter_banks_arrive_with_the_data_migration(migrating_app):
    flask_migrate.upgrade()
    banks, questions = builtin_question_counts()
    assert banks >= 4 and questions >= 40


def test_downgrading_the_data_migration_removes_only_the_starter_banks(migrating_app):
    flask_migrate.upgrade()
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (email, name, timezone, password_hash, created_at, updated_at) "
                "VALUES ('m@example.com', 'M', 'UTC', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO question_banks (user_id, name, created_at, updated_at) "
                "SELECT id, 'Mine', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM users"
            )
        )
    flask_migrate.downgrade(revision=f"{STARTER_BANKS_REVISION}-1")
    assert builtin_question_counts() == (0, 0)
    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT name FROM question_banks")) == "Mine"
    flask_migrate.upgrade()
    assert builtin_question_counts()[1] >= 40


CALENDAR_REVISION = "e14ae40e438b"


def test_the_calendar_migration_gives_existing_rows_uids_and_keeps_everything(migrating_app):
    flask_migrate.upgrade(revision=f"{CALENDAR_REVISION}-1")
    with db.engine.begin() as connection:
        meeting_with_a_plan(connection, "planned")
        meeting_with_a_plan(connection, "cancelled")

    flask_migrate.upgrade()

    with db.engine.connect() as connection:
        meetings = connection.execute(text("SELECT uid, sequence, status, cancelled_at FROM meetings")).all()
        follow_ups = connection.execute(text("SELECT uid, sequence FROM follow_ups")).all()
        # Rebuilding the tables (SQLite) cascaded nothing away.
        assert connection.scalar(text("SELECT count(*) FROM meeting_questions")) == 2
        assert connection.scalar(text("SELECT count(*) FROM follow_ups WHERE meeting_id IS NOT NULL")) == 2
    uids = [row.uid for row in meetings + follow_ups]
    assert len(set(uids)) == 4 and all(uid.endswith("@coffeechat") for uid in uids)
    assert {row.sequence for row in meetings + follow_ups} == {0}
    assert {(row.status, row.cancelled_at is not None) for row in meetings} == {("planned", False), ("cancelled", True)}


def test_downgrading_the_calendar_migration_keeps_the_meetings(migrating_app):
    flask_migrate.upgrade(revision=f"{CALENDAR_REVISION}-1")
    with db.engine.begin() as connection:
        meeting_with_a_plan(connection, "planned")
    flask_migrate.upgrade()

    flask_migrate.downgrade(revision=f"{CALENDAR_REVISION}-1")

    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM meetings")) == 1
        assert connection.scalar(text("SELECT count(*) FROM meeting_questions")) == 1
        assert connection.scalar(text("SELECT count(*) FROM follow_ups WHERE meeting_id IS NOT NULL")) == 1
    assert "calendar_feeds" not in tables()
