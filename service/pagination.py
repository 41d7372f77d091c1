"""Keyset pagination with opaque cursors.

A page is ordered on a key of columns that ends in the primary key, say
``(created_at, id)`` newest first or ``(starts_at, id)`` soonest first. A cursor names
the last row of a page; the next page starts strictly after it, so rows inserted or
deleted meanwhile never make a row repeat or go missing, and the database walks an
index instead of counting past an OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from sqlalchemy import ColumnElement, Integer, Select, String, tuple_

from service.errors import Problem
from service.extensions import db
from service.models.types import UTCDateTime
from service.schemas.fields import MAX_ID

DEFAULT_LIMIT = 25
MAX_LIMIT = 100

CURSOR_MESSAGE = (
    "Not a cursor this API handed out. Pass the next_cursor of the previous "
    "page unchanged, or leave it out to start from the first page."
)


@dataclass(frozen=True)
class Cursor:
    """The key of the last row of a page, as JSON values (timestamps as ISO 8601 text)."""

    values: tuple

    def encode(self) -> str:
        raw = json.dumps(list(self.values), separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def of(cls, row: Any, key: Sequence[ColumnElement]) -> Cursor:
        values = (getattr(row, column.key) for column in key)
        return cls(tuple(value.isoformat() if isinstance(value, datetime) else value for value in values))

    @classmethod
    def decode(cls, token: str) -> Cursor:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or not all(isinstance(v, str | int) for v in values):
            raise ValueError("malformed cursor")
        return cls(tuple(values))

    def key_values(self, key: Sequence[ColumnElement]) -> tuple:
        """The values typed for the ``key`` columns; ValueError when they don't fit them."""
        if len(self.values) != len(key):
            raise ValueError("malformed cursor")
        return tuple(_typed(value, column) for value, column in zip(self.values, key, strict=True))


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


class CursorField(ma.fields.String):
    """An opaque page cursor, as handed out in ``next_cursor``."""

    def _deserialize(self, value, attr, data, **kwargs) -> Cursor:
        token = super()._deserialize(value, attr, data, **kwargs)
        try:
            return Cursor.decode(token)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ma.ValidationError(CURSOR_MESSAGE) from None


class PageArgsSchema(ma.Schema):
    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=ma.validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Items per page (1 to {MAX_LIMIT})."},
    )
    cursor = CursorField(
        metadata={
            "description": "The `next_cursor` of the previous page; keep the other parameters unchanged while paging."
        }
    )


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A ``{items, next_cursor}`` envelope schema for ``item_schema``."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next_cursor": ma.fields.String(
                required=True,
                allow_none=True,
                metadata={
                    "description": "Pass as `cursor` for the next page; null on the last page.",
                    "example": "WyIyMDI2LTExLTI2VDA5OjMwOjAwKzAwOjAwIiw3XQ",
                },
            ),
        },
        name=name,
    )


def keyset_page(
    stmt: Select,
    model: Any,
    *,
    limit: int,
    cursor: Cursor | None = None,
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
            after = cursor.key_values(key)
        except ValueError:
            raise Problem(422, CURSOR_MESSAGE, errors={"cursor": [CURSOR_MESSAGE]}) from None
        stmt = stmt.where(tuple_(*key) < after if descending else tuple_(*key) > after)
    stmt = stmt.order_by(*(column.desc() if descending else column.asc() for column in key)).limit(limit + 1)
    rows = list(db.session.scalars(stmt))
    has_more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": Cursor.of(rows[-1], key).encode() if has_more else None}
