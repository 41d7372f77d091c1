"""The migration that finds an invitation's meetings by UID and occurrence (c4f2b8d61a05), and gives
CalDAV links `push_invitations`: plain ALTER TABLEs, so rows, AUTOINCREMENT and other indexes stay.

Each test migrates a database of its own (see test_migrations.py), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from service.database import db
from tests.deploy.rows import contacts_of_a_new_user

REVISION = "c4f2b8d61a05"
OCCURRENCES = ("2027-04-13 14:00:00", "2027-04-27 14:00:00")


def invited(connection, recurrence_id: str | None) -> None:
    """A meeting imported from the invitation "series@example.org", to one occurrence of it or not."""
    connection.execute(
        text(
            "UPDATE meetings SET invite_uid = 'series@example.org', invite_sequence = 0, invite_recurrence_id = :r "
            "WHERE id = (SELECT min(id) FROM meetings WHERE invite_uid IS NULL)"
        ),
        {"r": recurrence_id},
    )


def test_two_occurrences_and_the_series_of_one_invitation_are_three_meetings(migrating_app):
    flask_migrate.upgrade(revision=REVISION)
    with db.engine.begin() as connection:
        contacts_of_a_new_user(connection, 4)
        for recurrence_id in (*OCCURRENCES, None):
            invited(connection, recurrence_id)

    for recurrence_id in (OCCURRENCES[0], None):  # an occurrence, or the series, a second time
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            invited(connection, recurrence_id)


def test_downgrading_keeps_the_meetings_of_occurrences_without_their_invitation(migrating_app):
    flask_migrate.upgrade(revision=REVISION)
    with db.engine.begin() as connection:
        contacts_of_a_new_user(connection, 2)
        for recurrence_id in OCCURRENCES:
            invited(connection, recurrence_id)

    flask_migrate.downgrade(revision=f"{REVISION}-1")

    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT invite_uid FROM meetings")).scalars().all() == [None, None]
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            schema = connection.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'meetings'"))
        assert "PRIMARY KEY AUTOINCREMENT" in schema
