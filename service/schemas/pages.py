"""The page envelope of every list, ``{items, next_cursor}``, and the query arguments that page it.

A cursor is opaque to clients: the key values of the last row of a page (``service.opaque``).
``CursorField`` reads it back into those values; ``service.web.pagination`` checks them against
the list's key and runs the page.
"""

from __future__ import annotations

import marshmallow as ma

from service import opaque

DEFAULT_LIMIT = 25
MAX_LIMIT = 100

CURSOR_MESSAGE = (
    "Not a cursor this API handed out. Pass the next_cursor of the previous "
    "page unchanged, or leave it out to start from the first page."
)


class CursorField(ma.fields.String):
    """An opaque page cursor, as handed out in ``next_cursor``: loads as the tuple of key values it holds."""

    def _deserialize(self, value, attr, data, **kwargs) -> tuple:
        token = super()._deserialize(value, attr, data, **kwargs)
        try:
            values = opaque.decode(token)
        except ValueError:
            raise ma.ValidationError(CURSOR_MESSAGE) from None
        if not all(isinstance(value, str | int) for value in values):
            raise ma.ValidationError(CURSOR_MESSAGE)
        return tuple(values)


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
