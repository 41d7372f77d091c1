"""Delta sync, reading: the changes after a client's position, the tokens that carry it, and purging.

``read_page`` returns the change rows after a position, in (seq, id) order, with their objects
loaded one query per kind. Because a number is taken under the owner's lock
(``service.sync.recording``), a row numbered below a position a client has seen was committed
before that position was read: paging on, a client never misses a change committed meanwhile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, null, or_, select, tuple_, union_all
from sqlalchemy import update as sql_update
from sqlalchemy.orm import undefer_group

from service import opaque
from service.database import MAX_ID, db
from service.interview.linter import lint_among
from service.models import Change, Goal, Meeting, MeetingQuestion, Question, User
from service.models.types import utcnow
from service.schemas.sync import KINDS

TOMBSTONE_LIFETIME = timedelta(days=90)
TOKEN_VERSION = 1
MAX_SEQ = 2**63 - 1


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
    """An opaque token of ``[version, user, seq, id, skip, day issued]``."""
    return opaque.encode([TOKEN_VERSION, user_id, position.seq, position.id, position.skip, issued.toordinal()])


def decode_token(token: str, user: User, today: date) -> Position:
    """The position ``token`` names for ``user``; InvalidToken or ExpiredToken when it names none."""
    try:
        values = opaque.decode(token)
    except ValueError:
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
    loaded = {kind: load_shown(kind, object_ids, user_id) for kind, object_ids in wanted.items()}
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


def load_shown(kind: str, object_ids: list[int], user_id: int) -> dict[int, Any]:
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


def shown(kind: str, object_ids: list[int], user_id: int) -> dict[int, dict]:
    """The objects of ``kind`` with ``object_ids`` that ``user_id`` sees, each as its GET shows it."""
    schema = KINDS[kind][1]()
    return {object_id: schema.dump(obj) for object_id, obj in load_shown(kind, object_ids, user_id).items()}


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
