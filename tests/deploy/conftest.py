"""Fixtures of the deployment tests: a database of a test's own to migrate."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from flask import Flask
from psycopg import sql
from sqlalchemy.engine import make_url

from service import create_app
from service.database import db
from tests.conftest import BACKENDS, POSTGRES_URL, WORKER, make_config


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path) -> Iterator[str]:
    """The URL of a database with nothing in it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(POSTGRES_URL).set(drivername="postgresql")  # a libpq URL, also for +psycopg ones
    name = f"{url.database}_migrations_{WORKER or 'main'}"  # one per test worker
    server_url = url.render_as_string(hide_password=False)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(server_url, autocommit=True) as server:
        server.execute(drop)  # left over from an interrupted run
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(server_url, autocommit=True) as server:
        server.execute(drop)


@pytest.fixture
def migrating_app(empty_database) -> Iterator[Flask]:
    """An app on the empty database, inside its app context."""
    app = create_app(make_config(empty_database))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
