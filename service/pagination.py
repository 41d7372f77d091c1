"""Keyset pagination: newest first, on ``(created_at, id)``, with opaque cursors.

A cursor names the last row of a page; the next page starts strictly after it, so
rows inserted or deleted meanwhile never make a row repeat or go missing, and the
database walks an index instead of counting past an OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from sqlalchemy import Select, tuple_

from service.extensions import db
from service.schemas.fields import MAX_ID

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


@dataclass(frozen=True)
class Cursor:
    created_at: datetime
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.created_at.isoformat(), self.id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        padded = token + "=" * (-len(token) % 4)
        created_at, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        when = datetime.fromisoformat(created_at)
        if when.tzinfo is None or not isinstance(row_id, int) or isinstance(row_id, bool):
            raise ValueError("malformed cursor")
        if not 0 <= row_id <= MAX_ID:  # the database would reject the number
            raise ValueError("malformed cursor")
        # In UTC here, so a time that has no UTC equivalent (year 0) is a bad cursor, not a 500.
        return cls(when.astimezone(UTC), row_id)


class CursorField(ma.fields.String):
    """An opaque page cursor, as handed out in ``next_cursor``."""

    def _deserialize(self, value, attr, data, **kwargs) -> Cursor:
        token = super()._deserialize(value, attr, data, **kwargs)
        try:
            return Cursor.decode(token)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError):
            raise ma.ValidationError(
                "Not a cursor this API handed out. Pass the next_cursor of the previous "
                "page unchanged, or leave it out to start from the first page."
            ) from None


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


def keyset_page(stmt: Select, model: Any, *, limit: int, cursor: Cursor | None = None) -> dict:
    """Run ``stmt`` for one page of ``model`` rows, newest first."""
    if cursor is not None:
        stmt = stmt.where(tuple_(model.created_at, model.id) < (cursor.created_at, cursor.id))
    stmt = stmt.order_by(model.created_at.desc(), model.id.desc()).limit(limit + 1)
    rows = list(db.session.scalars(stmt))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = Cursor(rows[-1].created_at, rows[-1].id).encode() if has_more else None
    return {"items": rows, "next_cursor": next_cursor}
