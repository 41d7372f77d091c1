"""Fixtures: every test runs on SQLite, and on PostgreSQL when COFFEECHAT_TEST_DATABASE_URL is set.

The schema is built by the real migrations once per database; each test starts from
empty tables.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import TypeVar

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from service import create_app
from service.database import db

T = TypeVar("T")

# A real Radicale CalDAV server for the calendar push tests.
pytest_plugins = ["tests.radicale"]

POSTGRES_URL = os.environ.get("COFFEECHAT_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
PASSWORD = "correct horse battery"
TEST_ENCRYPTION_KEY = "kN7Vb0f0y2c0Qm3wC5JH8s1r3mXnq9p1l0Y6bQ2aZ7E="

# Tables whose rows without an owner are shipped by a migration for every user.
SHARED_ROWS_TABLES = {"question_banks", "questions", "changes"}


def make_config(database_uri: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "JWT_SECRET_KEY": TEST_SECRET,
        "ENCRYPTION_KEYS": [TEST_ENCRYPTION_KEY],
        # The CalDAV tests push to a Radicale server on this machine.
        "CALDAV_ALLOW_PRIVATE_HOSTS": True,
        "CALDAV_TIMEOUT": 5,
        # argon2 at its cheapest: the suite hashes hundreds of passwords.
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_COST": 8,
        "PASSWORD_HASH_PARALLELISM": 1,
        # The suite logs in from one address thousands of times; tests/test_rate_limits.py switches them on.
        "RATELIMIT_ENABLED": False,
        **overrides,
    }


def database_uri(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "postgresql":
        return POSTGRES_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'coffeechat.db'}"


def reset_schema(app: Flask) -> None:
    """Drop everything, then build the schema with the migrations."""
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        flask_migrate.upgrade()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory) -> Iterator[Flask]:
    app = create_app(make_config(database_uri(request.param, tmp_path_factory)))
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # fail early and clearly if the database is down
        db.session.rollback()
    reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request) -> Iterator[None]:
    """Delete every row the test made; the built-in question banks (no owner) stay."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name in SHARED_ROWS_TABLES:
                    connection.execute(table.delete().where(table.c.user_id.is_not(None)))
                else:
                    connection.execute(table.delete())


@pytest.fixture
def make_app(app) -> Iterator:
    """Build another app on the test database, with some settings changed."""
    built: list[Flask] = []

    def make(**overrides) -> Flask:
        other = create_app(make_config(app.config["SQLALCHEMY_DATABASE_URI"], **overrides))
        built.append(other)
        return other

    yield make
    for other in built:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


_emails = count(1)


@dataclass
class Account:
    """A registered, logged-in user and the headers to act as them."""

    client: FlaskClient
    email: str
    password: str
    id: int
    access_token: str
    refresh_token: str
    extra: dict = field(default_factory=dict)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.access_token}"}

    def get(self, url, **kwargs):
        return self.client.get(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    def post(self, url, **kwargs):
        return self.client.post(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    def patch(self, url, **kwargs):
        return self.client.patch(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    def delete(self, url, **kwargs):
        return self.client.delete(url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)


class Accounts:
    """Factory: ``accounts.new()`` registers and logs in a fresh user."""

    def __init__(self, client: FlaskClient):
        self.client = client

    def register(self, email: str | None = None, password: str = PASSWORD, **fields):
        email = email or f"user{next(_emails)}@example.com"
        body = {"email": email, "password": password, "name": fields.pop("name", "Test User"), **fields}
        response = self.client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def login(self, email: str, password: str = PASSWORD) -> dict:
        response = self.client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def new(self, **fields) -> Account:
        user = self.register(**fields)
        tokens = self.login(user["email"], fields.get("password", PASSWORD))
        return Account(
            self.client,
            user["email"],
            fields.get("password", PASSWORD),
            user["id"],
            tokens["access_token"],
            tokens["refresh_token"],
        )


@pytest.fixture
def accounts(client) -> Accounts:
    return Accounts(client)


@pytest.fixture
def alice(accounts) -> Account:
    return accounts.new(name="Alice Example")


@pytest.fixture
def bob(accounts) -> Account:
    return accounts.new(name="Bob Example")


def run_together(*calls: Callable[[], T]) -> list[T]:
    """Run ``calls`` in threads released at the same instant; their results, in order.

    An exception in a call is raised here, after every thread has finished.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as error:  # re-raised in the test's thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def queries(app) -> Iterator[QueryCounter]:
    """Counts the SQL statements the app sends while the test runs."""
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)
