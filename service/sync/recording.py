"""Delta sync, recording: every change to a synced object is numbered, and a deletion leaves a tombstone.

Listeners on every SQLAlchemy ``Session`` (registered by ``register_listeners``, which ``create_app``
calls) note what a transaction does to the synced objects (``service.schemas.sync.KINDS``, named
after their tables): rows created or changed through the ORM (after each flush), rows deleted
through the ORM (before each flush, because the database's ``ON DELETE CASCADE`` and ``SET NULL``
then change rows the ORM never sees: those are found by walking the foreign keys in the metadata),
and rows that bulk ``insert()``/``update()``/``delete()`` statements touch (``do_orm_execute``). Rows
that an object shows as part of itself count as a change of that object (``PART_OF``: a contact's
tags, a meeting's goal links, the outcomes and meeting links a goal's progress counts, the questions
a bank counts).

Just before the commit, the transaction takes the next number of each owner's counter
(``UPDATE users SET change_seq = change_seq + 1 ... RETURNING``, which keeps the owner's row
locked until the commit, so one user's transactions commit in number order) and upserts one
``changes`` row per object: its number, and ``deleted_at`` for a tombstone. A change counts only
when a column the API shows changes (a PATCH that changes nothing writes nothing, not even
``updated_at``: ``service.models.apply_changes``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ForeignKey, Table, event, func, inspect, select
from sqlalchemy import update as sql_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

from service.database import db
from service.models import Change, User
from service.models.types import utcnow

# The one arrow of the house that points up a floor: what counts as a change of an object is
# what the API shows of it, so the recorder reads the schemas of the synced kinds.
from service.schemas.sync import KINDS

_PENDING = "sync.pending"


@dataclass(frozen=True)
class PartOf:
    """A table whose rows an object shows as part of itself: ``link`` names that object, of kind ``parent``.

    ``shown`` lists the columns whose change changes the parent; None: every column.
    """

    link: str
    parent: str
    shown: frozenset[str] | None = None


PART_OF: dict[str, tuple[PartOf, ...]] = {
    "contact_tags": (PartOf("contact_id", "contacts"),),
    "meeting_goals": (PartOf("meeting_id", "meetings"), PartOf("goal_id", "goals")),
    # A goal's progress counts its outcomes by result; a bank shows how many questions it holds.
    "outcomes": (PartOf("goal_id", "goals", frozenset({"goal_id", "result"})),),
    "questions": (PartOf("bank_id", "question_banks", frozenset({"bank_id"})),),
}
TRACKED = frozenset(KINDS) | frozenset(PART_OF)


class UnrecordedStatement(TypeError):
    """A bulk statement on a synced table whose rows cannot be told before it runs."""


# --- what a transaction changes --------------------------------------------------------------


@dataclass
class Pending:
    """The objects a transaction has changed and deleted so far; owners not yet known are None."""

    changed: dict[tuple[str, int], int | None] = field(default_factory=dict)
    deleted: dict[tuple[str, int], int] = field(default_factory=dict)
    created: set[tuple[str, int]] = field(default_factory=set)

    def change(
        self, kind: str, object_id: int, user_id: int | None = None, *, derived: bool = False, created: bool = False
    ) -> None:
        """Note a change (``created``: the object is new); a ``derived`` one (a part of it, a cleared reference)
        never revives a deleted object."""
        key = (kind, object_id)
        if key in self.deleted:
            if derived:
                return
            del self.deleted[key]  # SQLite gives a deleted row's id to the next row
        self.changed[key] = user_id if user_id is not None else self.changed.get(key)
        if created:
            self.created.add(key)

    def delete(self, kind: str, object_id: int, user_id: int) -> None:
        key = (kind, object_id)
        self.changed.pop(key, None)
        self.created.discard(key)
        self.deleted[key] = user_id


@dataclass(frozen=True)
class Recorded:
    """One object's change as a transaction numbered it: what ``observe``'s callbacks receive."""

    user_id: int
    kind: str
    object_id: int
    seq: int
    created: bool
    deleted: bool


_OBSERVERS: list[Callable[[Session, list[Recorded]], None]] = []


def observe(callback: Callable[[Session, list[Recorded]], None]) -> None:
    """Call ``callback(session, recorded)`` in every transaction that records changes, just after numbering
    them, before the commit and under the owners' locks (called by ``create_app``; idempotent)."""
    if callback not in _OBSERVERS:
        _OBSERVERS.append(callback)


def _pending(session: Session) -> Pending:
    return session.info.setdefault(_PENDING, Pending())


@cache
def _shown_columns(kind: str) -> frozenset[str]:
    """The columns of ``kind`` that its schema shows (``updated_at`` among them: a row stamped
    updated shows a new ``updated_at``; a PATCH that changes nothing does not stamp it)."""
    model, schema = KINDS[kind]
    columns = {column.key for column in model.__table__.columns}
    return frozenset(columns & set(schema().dump_fields))


@cache
def _dependents(table_name: str) -> tuple[ForeignKey, ...]:
    """The foreign keys of tracked tables that point at ``table_name`` with ON DELETE CASCADE or SET NULL."""
    found = []
    for name in sorted(TRACKED):
        for fk in db.metadata.tables[name].foreign_keys:
            if fk.column.table.name == table_name and (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                found.append(fk)
    return tuple(found)


@cache
def _row_columns(table_name: str) -> tuple:
    """The columns that say which objects a row of ``table_name`` is or belongs to."""
    table = db.metadata.tables[table_name]
    names = ["id", "user_id", *(part.link for part in PART_OF.get(table_name, ()))]
    return tuple(table.c[name] for name in dict.fromkeys(names) if name in table.c)


def _note_written(
    pending: Pending,
    table: str,
    row: Mapping,
    columns: set[str] | None,
    before: Mapping | None = None,
    *,
    derived: bool = False,
) -> None:
    """A row of ``table`` was created (``columns`` None) or had ``columns`` changed (``before``: its old links).

    ``derived``: the database changed it (SET NULL), because of a deletion.
    """
    if table in KINDS and row["user_id"] is not None and (columns is None or columns & _shown_columns(table)):
        pending.change(table, row["id"], row["user_id"], derived=derived, created=columns is None)
    _note_parents(pending, table, row, columns, before)


def _note_parents(
    pending: Pending, table: str, row: Mapping, columns: set[str] | None, before: Mapping | None = None
) -> None:
    for part in PART_OF.get(table, ()):
        if columns is not None and part.shown is not None and not columns & part.shown:
            continue
        for parent_id in {row.get(part.link), (before or {}).get(part.link)} - {None}:
            pending.change(part.parent, parent_id, derived=True)


def _note_removed(session: Session, pending: Pending, removed: dict[str, list[Mapping]]) -> None:
    """Rows of tracked tables that are about to go, and what the database then does to the rows that
    refer to them: delete them too (CASCADE, followed recursively) or clear the reference (SET NULL)."""
    seen: dict[str, set[int]] = defaultdict(set)
    while removed:
        following: dict[str, list[Mapping]] = defaultdict(list)
        for table, rows in removed.items():
            ids = set()
            for row in rows:
                if table in KINDS and row["user_id"] is not None:
                    pending.delete(table, row["id"], row["user_id"])
                _note_parents(pending, table, row, None)
                if "id" in row:
                    ids.add(row["id"])
            ids -= seen[table]
            seen[table] |= ids
            if not ids:
                continue
            for fk in _dependents(table):
                dependent = fk.parent.table.name
                stmt = select(*_row_columns(dependent)).where(fk.parent.in_(sorted(ids)))
                found = [dict(row) for row in session.execute(stmt).mappings()]
                if fk.ondelete.upper() == "CASCADE":
                    following[dependent] += found
                else:
                    for row in found:
                        _note_written(pending, dependent, row, {fk.parent.key}, derived=True)
        removed = following


def _row_of(obj: Any) -> dict:
    return {column.key: getattr(obj, column.key) for column in _row_columns(obj.__tablename__)}


# --- the ORM: objects added, changed and deleted ------------------------------------------


def _note_deletions(session: Session, _context, _instances) -> None:
    removed: dict[str, list[Mapping]] = defaultdict(list)
    for obj in session.deleted:
        table = getattr(obj, "__tablename__", None)
        if table in TRACKED:
            removed[table].append(_row_of(obj))
    if removed:
        _note_removed(session, _pending(session), removed)


def _note_writes(session: Session, _context) -> None:
    for obj in session.new:
        table = getattr(obj, "__tablename__", None)
        if table in TRACKED:
            _note_written(_pending(session), table, _row_of(obj), None)
            _note_links(_pending(session), inspect(obj))
    for obj in session.dirty:
        table = getattr(obj, "__tablename__", None)
        if table in TRACKED:
            _note_dirty(_pending(session), table, obj)


def _note_dirty(pending: Pending, table: str, obj: Any) -> None:
    state = inspect(obj)
    columns = {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()}
    # A collection the object shows changed (a meeting's goals, a contact's tags): the object did.
    if _note_links(pending, state) and table in KINDS and obj.user_id is not None:
        pending.change(table, obj.id, obj.user_id)
    before = {}
    for part in PART_OF.get(table, ()):
        old = state.attrs[part.link].history.deleted
        before[part.link] = old[0] if old else None
    _note_written(pending, table, _row_of(obj), columns, before)


def _note_links(pending: Pending, state) -> bool:
    """Whether a relationship of the object changed; links to synced objects through an association
    table (a meeting's goals) change those objects too (a goal's progress counts its meetings)."""
    changed = False
    for rel in state.mapper.relationships:
        history = state.attrs[rel.key].history
        if not history.has_changes():
            continue
        changed = True
        if rel.secondary is not None and rel.secondary.name in PART_OF and rel.target.name in KINDS:
            for target in (*history.added, *history.deleted):
                pending.change(rel.target.name, target.id, derived=True)
    return changed


# --- bulk statements -------------------------------------------------------------------------


def _note_statement(state: ORMExecuteState):
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement.table, "name", None)
    if table not in TRACKED:
        return None
    params = state.parameters
    many = isinstance(params, list | tuple)
    rows = list(params) if many else [params or {}]
    if state.is_insert:
        return _inserted(state, table, rows)
    if state.is_update:
        return _updated(state, table, rows, many)
    return _deleted(state, table, many)


def _inserted(state: ORMExecuteState, table: str, rows: list[dict]):
    session, pending, columns = state.session, _pending(state.session), db.metadata.tables[table].c
    if table not in KINDS:
        parents = [row for row in rows if all(part.link in row for part in PART_OF[table])]
        if len(parents) != len(rows):
            raise UnrecordedStatement(f"Insert {table} rows with their {PART_OF[table][0].link} as parameters.")
        result = state.invoke_statement()
        for row in rows:
            _note_parents(pending, table, row, None)
        return result
    # The new rows are those above the highest id before the insert (ids only grow), of the owners inserted for.
    start = session.execute(select(func.max(columns.id))).scalar() or 0
    result = state.invoke_statement()
    stmt = select(*_row_columns(table)).where(columns.id > start)
    owners = {row["user_id"] for row in rows if row.get("user_id") is not None}
    if owners:
        stmt = stmt.where(columns.user_id.in_(sorted(owners)))
    for row in session.execute(stmt).mappings():
        _note_written(pending, table, row, None)
    return result


def _updated(state: ORMExecuteState, table: str, rows: list[dict], many: bool):
    session, pending, columns = state.session, _pending(state.session), db.metadata.tables[table].c
    if "id" not in columns:
        raise UnrecordedStatement(f"Rows of {table} are only inserted and deleted.")
    if many:
        # The ORM's bulk UPDATE by primary key: a list of {"id": ..., column: value}.
        if not all("id" in row for row in rows):
            raise UnrecordedStatement(f"Update {table} rows by primary key (each parameter set with its id).")
        where = columns.id.in_(sorted({row["id"] for row in rows}))
        changed = {key for row in rows for key in row} - {"id"}
    else:
        where = state.statement.whereclause
        # The columns in .values() (no public accessor), and any given as parameters.
        changed = {getattr(key, "key", key) for key in state.statement._values or {}} | set(rows[0])
    stmt = select(*_row_columns(table))
    before = [dict(row) for row in session.execute(stmt if where is None else stmt.where(where)).mappings()]
    result = state.invoke_statement()
    after = {row["id"]: row for row in before}
    if before and any(part.link in changed for part in PART_OF.get(table, ())):
        ids = sorted(after)
        after = {row["id"]: row for row in session.execute(stmt.where(columns.id.in_(ids))).mappings()}
    for row in before:
        _note_written(pending, table, after.get(row["id"], row), changed, row)
    return result


def _deleted(state: ORMExecuteState, table: str, many: bool):
    if many:
        raise UnrecordedStatement(f"Delete {table} rows with one statement and a WHERE clause.")
    session, where = state.session, state.statement.whereclause
    stmt = select(*_row_columns(table))
    rows = [dict(row) for row in session.execute(stmt if where is None else stmt.where(where)).mappings()]
    if rows:
        _note_removed(session, _pending(session), {table: rows})
    return state.invoke_statement()


# --- numbering, at commit ----------------------------------------------------------------------


def _number_changes(session: Session) -> None:
    session.flush()  # what the commit would flush is recorded too
    pending = session.info.pop(_PENDING, None)
    if pending and (pending.changed or pending.deleted):
        recorded = record(session.connection(), pending)
        for callback in _OBSERVERS:
            callback(session, recorded)


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)  # rolled back: nothing happened


def record(connection: Connection, pending: Pending) -> list[Recorded]:
    """Number ``pending`` with each owner's next change number and write it to ``changes``."""
    owners = _owners(connection, [key for key, user_id in pending.changed.items() if user_id is None])
    by_user: dict[int, list[tuple[tuple[str, int], datetime | None]]] = defaultdict(list)
    for key, user_id in pending.changed.items():
        user_id = user_id if user_id is not None else owners.get(key)
        if user_id is not None:  # None: built in, or gone
            by_user[user_id].append((key, None))
    now = utcnow()
    for key, user_id in pending.deleted.items():
        by_user[user_id].append((key, now))
    users = User.__table__
    rows = []
    for user_id in sorted(by_user):  # one order for every transaction: no deadlock between two of them
        seq = connection.execute(
            sql_update(users)
            .where(users.c.id == user_id)
            # Set updated_at to itself: counting changes is no change of the account.
            .values(change_seq=users.c.change_seq + 1, updated_at=users.c.updated_at)
            .returning(users.c.change_seq)
        ).scalar()
        if seq is None:
            continue  # the account is being deleted, with its change log
        rows += [
            {"user_id": user_id, "kind": kind, "object_id": object_id, "seq": seq, "deleted_at": deleted_at}
            for (kind, object_id), deleted_at in by_user[user_id]
        ]
    if rows:
        connection.execute(_upsert(connection.dialect.name), rows)
    return [
        Recorded(
            row["user_id"],
            row["kind"],
            row["object_id"],
            row["seq"],
            (row["kind"], row["object_id"]) in pending.created,
            row["deleted_at"] is not None,
        )
        for row in rows
    ]


def _owners(connection: Connection, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int | None]:
    ids: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in keys:
        ids[kind].add(object_id)
    owners = {}
    for kind, object_ids in ids.items():
        table = db.metadata.tables[kind]
        stmt = select(table.c.id, table.c.user_id).where(table.c.id.in_(sorted(object_ids)))
        owners.update({(kind, row.id): row.user_id for row in connection.execute(stmt)})
    return owners


def _upsert(dialect: str):
    changes: Table = Change.__table__
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(changes)
    return stmt.on_conflict_do_update(
        index_elements=[changes.c.user_id, changes.c.kind, changes.c.object_id],
        set_={"seq": stmt.excluded.seq, "deleted_at": stmt.excluded.deleted_at},
    )


# --- registration ------------------------------------------------------------------------------

LISTENERS = (
    ("before_flush", _note_deletions),
    ("after_flush", _note_writes),
    ("do_orm_execute", _note_statement),
    ("before_commit", _number_changes),
    ("after_transaction_end", _forget),
)


def register_listeners() -> None:
    """Record the changes of every session from now on (called by ``create_app``; idempotent)."""
    for name, listener in LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
