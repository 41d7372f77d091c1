"""Keyset pagination with opaque cursors.

A page is ordered on a key of columns that ends in the primary key, say
``(created_at, id)`` newest first or ``(starts_at, id)`` soonest first. A cursor names
the last row of a page; the next page starts strictly after it, so rows inserted or
deleted meanwhile never make a row repeat or go missing, and the database walks an
index instead of counting past an OFFSET.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, tuple_

from service import opaque
from service.database import MAX_ID, db
from service.errors import Problem
from service.models.types import UTCDateTime
from service.schemas.pages import CURSOR_MESSAGE


def cursor_of(row: Any, key: Sequence[ColumnElement]) -> str:
    """The cursor after ``row``: its ``key`` values as JSON values (timestamps as ISO 8601 text)."""
    values = (getattr(row, column.key) for column in key)
    return opaque.encode([value.isoformat() if isinstance(value, datetime) else value for value in values])


def key_values(cursor: tuple, key: Sequence[ColumnElement]) -> tuple:
    """A cursor's values (as ``CursorField`` loads them) typed for the ``key`` columns; ValueError when they don't fit."""
    if len(cursor) != len(key):
        raise ValueError("malformed cursor")
    return tuple(_typed(value, column) for value, column in zip(cursor, key, strict=True))


def _typed(value: Any, column: ColumnElement) -> Any:
    if isinstance(column.type, UTCDateTime):
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
        if when is None or when.tzinfo is None:
            raise ValueError("malformed cursor")
        try:
            # In UTC here, so a time that has no UTC equivalent (year 0) is a bad cursor, not a 500.
            return when.astimezone(UTC)
        except OverflowError:
            raise ValueError("malformed cursor") from None
    if isinstance(column.type, Integer):
        # bool is an int in Python, and the database would reject a number beyond the column.
        if not isinstance(value, int) or isinstance(value, bool) or not -MAX_ID <= value <= MAX_ID:
            raise ValueError("malformed cursor")
        return value
    if isinstance(column.type, String):
        if not isinstance(value, str) or len(value) > (column.type.length or len(value)):
            raise ValueError("malformed cursor")
        return value
    raise TypeError(f"no cursor conversion for {column.type!r}")


def keyset_page(
    stmt: Select,
    model: Any,
    *,
    limit: int,
    cursor: tuple | None = None,
    key: Sequence[ColumnElement] | None = None,
    descending: bool = True,
) -> dict:
    """Run ``stmt`` for one page of ``model`` rows, ordered on ``key`` (default: newest first).

    ``key`` must end in a unique column, so that the order is total; an index on it
    (after the equality filters, such as ``user_id``) makes every page an index range scan.
    """
    key = tuple(key or (model.created_at, model.id))
    if cursor is not None:
        try:
            after = key_values(cursor, key)
        except ValueError:
            raise Problem(422, CURSOR_MESSAGE, errors={"cursor": [CURSOR_MESSAGE]}) from None
        stmt = stmt.where(tuple_(*key) < after if descending else tuple_(*key) > after)
    stmt = stmt.order_by(*(column.desc() if descending else column.asc() for column in key)).limit(limit + 1)
    rows = list(db.session.scalars(stmt))
    has_more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": cursor_of(rows[-1], key) if has_more else None}
