"""The database: ``db`` and the declarative ``Base``, connection behaviour per database, SQL helpers.

The ground floor of the house: it imports nothing of ours. ``db`` is created unbound and bound
to an app by ``create_app``; every model is a ``db.Model``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ColumnElement, Integer, MetaData, Table, event, or_
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# In a writing request's environ while it only reads (``reading_only``): on SQLite, no transaction, no lock.
READING_ONLY = "coffeechat.database.reading_only"

# The largest id a row can have: ids are 32-bit integer columns. A larger number names no row
# (and the database would refuse it as a parameter), so look-ups answer "not found" without asking.
MAX_ID = 2**31 - 1

# Stable constraint names, so that migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _table(name: str, metadata: MetaData, *args, **kwargs) -> Table:
    """Every model's table. An id is never handed out twice, not even the id of the newest row once it is
    deleted, since clients keep the ids of deleted rows (sync tombstones): PostgreSQL's sequences do this,
    SQLite needs AUTOINCREMENT."""
    table = Table(name, metadata, *args, **kwargs)
    if [column.name for column in table.primary_key] == ["id"] and isinstance(table.c.id.type, Integer):
        table.dialect_kwargs["sqlite_autoincrement"] = True
    return table


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __table_cls__ = _table


# expire_on_commit=False: a row just written is dumped without being read again.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def engine_options(database_uri: str, lock_timeout: int) -> dict:
    """Engine keyword arguments suited to the database behind ``database_uri``.

    ``lock_timeout``: the seconds a statement waits for a lock another transaction holds before it
    fails (answered as a 503 with Retry-After); ``configure_engine`` sets it on PostgreSQL.
    """
    # Bound parameters (emails, password hashes) stay out of error messages and logs.
    if database_uri.startswith("sqlite"):
        return {"hide_parameters": True, "connect_args": {"timeout": lock_timeout}}
    # Detect connections the server dropped (restart, failover) before using them. Give up
    # connecting after a few seconds: while the server does not answer, requests get a 503
    # instead of holding a worker until gunicorn kills it.
    return {
        "hide_parameters": True,
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "connect_args": {"connect_timeout": 5},
    }


def configure_engine(engine: Engine, lock_timeout: int) -> None:
    """Make every connection wait at most ``lock_timeout`` seconds for a lock; on SQLite, install
    its pragmas and ``BEGIN IMMEDIATE``.

    Several gunicorn workers write to one SQLite file. WAL lets readers proceed
    while one writer works, ``busy_timeout`` makes a writer wait instead of failing,
    and ``BEGIN IMMEDIATE`` takes the write lock when a writing request's transaction starts,
    so a read-then-write in that request cannot interleave with another writer. A writing
    request opens that transaction only once its body is read and valid (``Blueprint.login_required``),
    and reads who is calling before that, taking no lock (``reading_only``).
    """
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _lock_timeout(dbapi_connection, _record) -> None:
            # A session setting, outside any transaction: on for as long as the connection lives.
            autocommit = dbapi_connection.autocommit
            dbapi_connection.autocommit = True
            dbapi_connection.execute(f"SET lock_timeout = {int(lock_timeout * 1000)}")
            dbapi_connection.autocommit = autocommit

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if not has_request_context():
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif request.environ.get(READING_ONLY, False):
            pass  # each read a statement of its own: no transaction to hold, no lock
        else:
            connection.exec_driver_sql("BEGIN" if request.method in READ_ONLY_METHODS else "BEGIN IMMEDIATE")


@contextmanager
def reading_only() -> Iterator[None]:
    """Run the block's reads outside the request's write transaction, which has not begun yet.

    On SQLite a writing request's transactions begin by taking the database's write lock
    (``BEGIN IMMEDIATE``); what only reads before the request's writes (who is calling) must not
    take it, nor keep it while the request waits for its body: there, each statement of the block
    runs on its own. On PostgreSQL the block is a transaction, ended with it.
    """
    request.environ[READING_ONLY] = True
    try:
        yield
        db.session.commit()
    finally:
        request.environ.pop(READING_ONLY, None)


def commits_later(session: Session) -> bool:
    """Whether ``session``'s commit only released a savepoint of a transaction another owns (a request with an
    Idempotency-Key, ``service.web.idempotency``): what it did is not committed yet, and must not be acted on."""
    return isinstance(session.bind, Connection) and session.bind.in_transaction()


def contains_text(columns, text: str) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``text``, case-insensitively; ``%`` and ``_`` match literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))
