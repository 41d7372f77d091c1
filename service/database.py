"""The database: ``db`` and the declarative ``Base``, connection behaviour per database, SQL helpers.

The ground floor of the house: it imports nothing of ours. ``db`` is created unbound and bound
to an app by ``create_app``; every model is a ``db.Model``.
"""

from __future__ import annotations

import sqlite3

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ColumnElement, Integer, MetaData, Table, event, or_
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

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


def engine_options(database_uri: str) -> dict:
    """Engine keyword arguments suited to the database behind ``database_uri``."""
    # Bound parameters (emails, password hashes) stay out of error messages and logs.
    if database_uri.startswith("sqlite"):
        return {"hide_parameters": True, "connect_args": {"timeout": 15}}
    # Detect connections the server dropped (restart, failover) before using them. Give up
    # connecting after a few seconds: while the server does not answer, requests get a 503
    # instead of holding a worker until gunicorn kills it.
    return {
        "hide_parameters": True,
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "connect_args": {"connect_timeout": 5},
    }


def configure_engine(engine: Engine) -> None:
    """Install SQLite pragmas and ``BEGIN IMMEDIATE`` on an SQLite engine.

    Several gunicorn workers write to one SQLite file. WAL lets readers proceed
    while one writer works, ``busy_timeout`` makes a writer wait instead of failing,
    and ``BEGIN IMMEDIATE`` takes the write lock when a writing request starts, so a
    read-then-write in that request cannot interleave with another writer.
    """
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
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        reading = has_request_context() and request.method in READ_ONLY_METHODS
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def contains_text(columns, text: str) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``text``, case-insensitively; ``%`` and ``_`` match literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))
