"""Fixtures: every test runs on SQLite, and on PostgreSQL when COFFEECHAT_TEST_DATABASE_URL is set.

The schema is built by the real migrations once per database and test worker; each test starts
from empty tables. Under pytest-xdist (`make test` runs a worker per core) every worker has its
own SQLite file and, in the PostgreSQL database given, a schema of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import count
from typing import TypeVar

import flask_migrate
import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from psycopg import sql
from sqlalchemy import event, make_url, text

from service import create_app
from service.accounts.login_sessions import issue_tokens, start_session
from service.accounts.passwords import hash_password
from service.database import db
from service.models import User

T = TypeVar("T")

# A real Radicale CalDAV server for the calendar push tests.
# A webhook receiver that keeps what it gets; gunicorn serving the app, for the tests of the service as deployed.
pytest_plugins = ["tests.radicale", "tests.receiver", "tests.reminding", "tests.servers"]

POSTGRES_URL = os.environ.get("COFFEECHAT_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
# pytest-xdist names its workers gw0, gw1...; None when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
PASSWORD = "correct horse battery"
TEST_ENCRYPTION_KEY = "kN7Vb0f0y2c0Qm3wC5JH8s1r3mXnq9p1l0Y6bQ2aZ7E="
# The suite's VAPID key (Web Push): a P-256 private key.
TEST_VAPID_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJu4gk+fE/dYxcVoL
qteJW2PsHUpbwjzke7rG78fcYDihRANCAASBh55iS++TxcBsXGSfhH7suvlSL4p7
Z0QgYn7UcpqIwHnbWKQh2W6U0dORvEht/StTYTCBsnucTsbSIBdncU7j
-----END PRIVATE KEY-----
"""

# Tables whose rows without an owner are shipped by a migration for every user.
SHARED_ROWS_TABLES = {"question_banks", "questions", "changes"}


def make_config(database_uri: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "JWT_SECRET_KEY": TEST_SECRET,
        "ENCRYPTION_KEYS": [TEST_ENCRYPTION_KEY],
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        # The CalDAV tests push to a Radicale server on this machine.
        "CALDAV_ALLOW_PRIVATE_HOSTS": True,
        "CALDAV_TIMEOUT": 5,
        # argon2 at its cheapest: the suite hashes hundreds of passwords.
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_COST": 8,
        "PASSWORD_HASH_PARALLELISM": 1,
        # The suite logs in from one address thousands of times; tests/web/test_rate_limits.py switches them on.
        "RATELIMIT_ENABLED": False,
        # Each task runs at once, inside the call that queues it (Huey's immediate mode): the tests
        # see its effect when the request returns. tests/jobs runs real worker processes instead.
        "TASKS_IMMEDIATE": True,
        **overrides,
    }


def worker_schema() -> str | None:
    """The PostgreSQL schema of this test worker; None when the suite runs in one process."""
    return f"test_{WORKER}" if WORKER else None


def postgres_url() -> str | None:
    """The suite's PostgreSQL database as this worker sees it: with its own schema first on the search path,
    and with commits that do not wait for the disk (synchronous_commit=off: test data need not survive a
    crash of the database server, and each commit is a millisecond faster)."""
    if not POSTGRES_URL:
        return None
    options = ["-csynchronous_commit=off"] + ([f"-csearch_path={worker_schema()}"] if worker_schema() else [])
    url = make_url(POSTGRES_URL).update_query_dict({"options": " ".join(options)})
    return url.render_as_string(hide_password=False)


def _libpq_url(url: str) -> str:
    """``url`` as psycopg takes it (without SQLAlchemy's ``+driver``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_worker_schema() -> None:
    """An empty schema of this worker's own (left over from an interrupted run: dropped first)."""
    schema = sql.Identifier(worker_schema())
    with psycopg.connect(_libpq_url(POSTGRES_URL), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(schema))


def drop_worker_schema() -> None:
    with psycopg.connect(_libpq_url(POSTGRES_URL), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(worker_schema())))


def database_uri(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "postgresql":
        return postgres_url()
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'coffeechat.db'}"


def reset_schema(app: Flask) -> None:
    """Drop everything, then build the schema with the migrations."""
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        flask_migrate.upgrade()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory) -> Iterator[Flask]:
    worker_schema_made = request.param == "postgresql" and worker_schema() is not None
    if worker_schema_made:
        create_worker_schema()
    app = create_app(make_config(database_uri(request.param, tmp_path_factory)))
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # fail early and clearly if the database is down
        db.session.rollback()
    reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()
    if worker_schema_made:
        drop_worker_schema()


@pytest.hookimpl(tryfirst=True)  # before the fixture's own params apply
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``database_independent`` gets the SQLite app only: PostgreSQL could not change its outcome."""
    if "app" in metafunc.fixturenames and metafunc.definition.get_closest_marker("database_independent"):
        # As a parametrize mark, which takes precedence over the fixture's own params.
        metafunc.definition.add_marker(pytest.mark.parametrize("app", ["sqlite"], indirect=True, scope="session"))


def empty_tables(app: Flask) -> None:
    """Delete every row the tests made; the built-in question banks (no owner) stay."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name in SHARED_ROWS_TABLES:
                    connection.execute(table.delete().where(table.c.user_id.is_not(None)))
                else:
                    connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _empty_tables(request) -> Iterator[None]:
    """Each test starts from empty tables, except those marked ``reads_shared_rows``: they run on rows a
    module-scoped fixture made once, change none of them (they assert so), and that fixture empties the tables."""
    yield
    if "app" in request.fixturenames and request.node.get_closest_marker("reads_shared_rows") is None:
        empty_tables(request.getfixturevalue("app"))


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
DEVICE = f"Werkzeug/{version('werkzeug')}"  # the User-Agent of Flask's test client, which a login names its device by


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

    def new(self, email: str | None = None, password: str = PASSWORD, **fields) -> Account:
        """A new user, logged in, made as register and login make them without the two HTTP round trips
        (tests/api/test_auth.py covers those): the suite makes an account or two in almost every test."""
        if unknown := set(fields) - {"name", "timezone"}:
            raise TypeError(f"accounts.new() takes name and timezone, not {sorted(unknown)}")
        email = (email or f"user{next(_emails)}@example.com").strip().lower()
        with self.client.application.app_context():
            user = User(
                email=email,
                name=fields.get("name", "Test User"),
                timezone=fields.get("timezone", "UTC"),
                password_hash=hash_password(password),
            )
            db.session.add(user)
            db.session.commit()
            session = start_session(user, DEVICE)  # a login from the test client
            db.session.commit()
            tokens = issue_tokens(session)
        return Account(self.client, email, password, user.id, tokens["access_token"], tokens["refresh_token"])


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
