"""Delta sync: every change to a synced object is numbered, and a deletion leaves a tombstone.

**Recording.** Listeners on every SQLAlchemy ``Session`` note what a transaction does to the
synced objects (the ``KINDS``, named after their tables): rows created or changed through the
ORM (after each flush), rows deleted through the ORM (before each flush, because the database's
``ON DELETE CASCADE`` and ``SET NULL`` then change rows the ORM never sees: those are found by
walking the foreign keys in the metadata), and rows that bulk ``insert()``/``update()``/
``delete()`` statements touch (``do_orm_execute``). Rows that an object shows as part of itself
count as a change of that object (``PART_OF``: a contact's tags, a meeting's goal links, the
outcomes and meeting links a goal's progress counts, the questions a bank counts).

Just before the commit, the transaction takes the next number of each owner's counter
(``UPDATE users SET change_seq = change_seq + 1 ... RETURNING``, which keeps the owner's row
locked until the commit, so one user's transactions commit in number order) and upserts one
``changes`` row per object: its number, and ``deleted_at`` for a tombstone. A change counts only
when a column the API shows changes (a PATCH that changes nothing writes nothing, not even
``updated_at``: ``service.ownership.apply_changes``).

**Reading.** ``read_page`` returns the change rows after a position, in (seq, id) order,
with their objects loaded one query per kind. Because a number is taken under the owner's
lock, a row numbered below a position a client has seen was committed before that position
was read: paging on, a client never misses a change committed meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Select,
    Table,
    bindparam,
    delete,
    event,
    func,
    inspect,
    null,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, undefer_group

from service.extensions import db
from service.interview.linter import lint_among
from service.models import (
    Change,
    Contact,
    FollowUp,
    Goal,
    Meeting,
    MeetingQuestion,
    Outcome,
    Question,
    QuestionBank,
    User,
)
from service.models.types import utcnow
from service.schemas.contact import ContactSchema
from service.schemas.follow_up import FollowUpSchema
from service.schemas.goal import GoalSchema
from service.schemas.meeting import MeetingSchema, OutcomeSchema, PlannedQuestionSchema
from service.schemas.question import QuestionBankSchema, QuestionSchema

# The synced kinds, in the order of the answer's ``changes``, with the schema the API shows each in.
KINDS: dict[str, tuple[type, type]] = {
    "contacts": (Contact, ContactSchema),
    "meetings": (Meeting, MeetingSchema),
    "meeting_questions": (MeetingQuestion, PlannedQuestionSchema),
    "question_banks": (QuestionBank, QuestionBankSchema),
    "questions": (Question, QuestionSchema),
    "goals": (Goal, GoalSchema),
    "outcomes": (Outcome, OutcomeSchema),
    "follow_ups": (FollowUp, FollowUpSchema),
}

TOMBSTONE_LIFETIME = timedelta(days=90)
TOKEN_VERSION = 1
MAX_SEQ = 2**63 - 1
MAX_ID = 2**31 - 1
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

    def change(self, kind: str, object_id: int, user_id: int | None = None, *, derived: bool = False) -> None:
        """Note a change; a ``derived`` one (a part of it, a cleared reference) never revives a deleted object."""
        key = (kind, object_id)
        if key in self.deleted:
            if derived:
                return
            del self.deleted[key]  # SQLite gives a deleted row's id to the next row
        self.changed[key] = user_id if user_id is not None else self.changed.get(key)

    def delete(self, kind: str, object_id: int, user_id: int) -> None:
        key = (kind, object_id)
        self.changed.pop(key, None)
        self.deleted[key] = user_id


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
        pending.change(table, row["id"], row["user_id"], derived=derived)
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


@event.listens_for(Session, "before_flush")
def _note_deletions(session: Session, _context, _instances) -> None:
    removed: dict[str, list[Mapping]] = defaultdict(list)
    for obj in session.deleted:
        table = getattr(obj, "__tablename__", None)
        if table in TRACKED:
            removed[table].append(_row_of(obj))
    if removed:
        _note_removed(session, _pending(session), removed)


@event.listens_for(Session, "after_flush")
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


@event.listens_for(Session, "do_orm_execute")
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


@event.listens_for(Session, "before_commit")
def _number_changes(session: Session) -> None:
    session.flush()  # what the commit would flush is recorded too
    pending = session.info.pop(_PENDING, None)
    if pending and (pending.changed or pending.deleted):
        record(session.connection(), pending)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)  # rolled back: nothing happened


def record(connection: Connection, pending: Pending) -> None:
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


# --- tokens ------------------------------------------------------------------------------------


class InvalidToken(ValueError):
    """Not a sync token this API handed out to this account."""


class ExpiredToken(ValueError):
    """A token from before deletions that were forgotten since: sync again from scratch."""


@dataclass(frozen=True)
class Position:
    """Where a client is in its change log: after the row (``seq``, ``id``).

    ``skip``: a full sync started when the owner's counter stood there, so tombstones numbered up to
    it are of objects the client never received in it, and are not sent.
    """

    seq: int = 0
    id: int = 0
    skip: int = 0

    @property
    def seen(self) -> int:
        """The change number up to which the client has seen every deletion that matters to it."""
        return max(self.seq, self.skip)


def encode_token(position: Position, user_id: int, issued: date) -> str:
    """An opaque token: url-safe base64 of ``[version, user, seq, id, skip, day issued]``."""
    values = [TOKEN_VERSION, user_id, position.seq, position.id, position.skip, issued.toordinal()]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, user: User, today: date) -> Position:
    """The position ``token`` names for ``user``; InvalidToken or ExpiredToken when it names none."""
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):
        raise InvalidToken from None
    limits = (TOKEN_VERSION, MAX_ID, MAX_SEQ, MAX_ID, MAX_SEQ, date.max.toordinal())
    if (
        not isinstance(values, list)
        or len(values) != len(limits)
        or not all(type(value) is int and 0 <= value <= limit for value, limit in zip(values, limits, strict=True))
        or values[0] != TOKEN_VERSION
        or values[5] == 0
    ):
        raise InvalidToken
    _version, user_id, seq, row_id, skip, issued = values
    if user_id != user.id:
        raise InvalidToken
    position = Position(seq, row_id, skip)
    if today - date.fromordinal(issued) > TOMBSTONE_LIFETIME or position.seen < user.sync_floor:
        raise ExpiredToken
    return position


# --- reading -----------------------------------------------------------------------------------


@dataclass
class Page:
    changes: dict[str, list]
    deleted: list[dict]
    position: Position
    has_more: bool


def start(user: User) -> Position:
    """The position of a full sync: before everything, skipping the tombstones there are now."""
    return Position(skip=user.change_seq)


def read_page(user_id: int, position: Position, limit: int) -> Page:
    """Up to ``limit`` changes after ``position``: the objects as the API shows them, and the deletions."""
    rows = db.session.execute(_after(user_id, position, limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    wanted: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.deleted_at is None and row.kind in KINDS:
            wanted[row.kind].append(row.object_id)
    loaded = {kind: _load(kind, object_ids, user_id) for kind, object_ids in wanted.items()}
    changes: dict[str, list] = {kind: [] for kind in KINDS}
    deleted = []
    for row in rows:
        if row.kind not in KINDS:
            continue
        if row.deleted_at is not None:
            deleted.append({"type": row.kind, "id": row.object_id})
        elif (obj := loaded[row.kind].get(row.object_id)) is not None:
            # Missing: deleted by a commit after the page was read; its tombstone comes later.
            changes[row.kind].append(obj)
    last = Position(rows[-1].seq, rows[-1].id, position.skip) if rows else position
    return Page(changes, deleted, last, has_more)


def _after(user_id: int, position: Position, limit: int) -> Select:
    """The change rows after ``position``, mine and the built-in ones, each read along its index."""

    def branch(owner) -> Select:
        c = Change.__table__.c
        stmt = select(c.id, c.kind, c.object_id, c.seq, c.deleted_at).where(
            owner, tuple_(c.seq, c.id) > tuple_(position.seq, position.id)
        )
        if position.skip:
            stmt = stmt.where(or_(c.deleted_at.is_(None), c.seq > position.skip))
        inner = stmt.order_by(c.seq, c.id).limit(limit).subquery()
        return select(inner)

    rows = union_all(branch(Change.user_id == user_id), branch(Change.user_id.is_(None))).subquery()
    return select(rows).order_by(rows.c.seq, rows.c.id).limit(limit)


def _load(kind: str, object_ids: list[int], user_id: int) -> dict[int, Any]:
    """The objects of ``kind`` with ``object_ids`` that ``user_id`` sees, ready to dump, in one query."""
    model, _schema = KINDS[kind]
    stmt = select(model).where(model.id.in_(object_ids), or_(model.user_id == user_id, model.user_id.is_(None)))
    if model is Goal:
        stmt = stmt.options(undefer_group("progress"))
    objects = list(db.session.scalars(stmt))
    if model is Question:
        _lint(objects, Question.bank_id, select(Question.bank_id, Question.text, null()))
    elif model is MeetingQuestion:
        _lint(
            objects,
            MeetingQuestion.meeting_id,
            select(MeetingQuestion.meeting_id, MeetingQuestion.text, Meeting.purpose).join(
                Meeting, Meeting.id == MeetingQuestion.meeting_id
            ),
        )
    return {obj.id: obj for obj in objects}


def _lint(items: list, group, texts: Select) -> None:
    """Give each question its linter warnings, as its GET does: duplicates are counted in its bank
    or plan (``group``), read for every item at once; ``texts`` selects (group, text, purpose)."""
    if not items:
        return
    collections: dict[int, list[str]] = defaultdict(list)
    purposes: dict[int, str | None] = {}
    group_ids = sorted({getattr(item, group.key) for item in items})
    for group_id, text, purpose in db.session.execute(texts.where(group.in_(group_ids))):
        collections[group_id].append(text)
        purposes[group_id] = purpose
    grouped: dict[int, list] = defaultdict(list)
    for item in items:
        grouped[getattr(item, group.key)].append(item)
    for group_id, members in grouped.items():
        lint_among(members, collections[group_id], purpose=purposes.get(group_id))


# --- housekeeping ------------------------------------------------------------------------------


def purge_tombstones(now: datetime | None = None) -> tuple[int, int]:
    """Delete tombstones older than ``TOMBSTONE_LIFETIME``; (tombstones purged, users affected).

    Each affected user's ``sync_floor`` rises to the newest number purged, so a token from
    before it, which might not have seen those deletions, gets a 410.
    """
    cutoff = (now or utcnow()) - TOMBSTONE_LIFETIME
    floors = db.session.execute(
        select(Change.user_id, func.max(Change.seq))
        .where(Change.deleted_at < cutoff, Change.user_id.is_not(None))
        .group_by(Change.user_id)
    ).all()
    if floors:
        users = User.__table__
        db.session.execute(
            sql_update(users)
            .where(users.c.id == bindparam("owner"), users.c.sync_floor < bindparam("floor"))
            .values(sync_floor=bindparam("floor"), updated_at=users.c.updated_at)
            .execution_options(synchronize_session=False),
            [{"owner": user_id, "floor": seq} for user_id, seq in floors],
        )
    purged = db.session.execute(delete(Change).where(Change.deleted_at < cutoff)).rowcount
    db.session.commit()
    return purged, len(floors)
