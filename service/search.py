"""Text search shared by the list endpoints."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_


def contains_text(columns, text: str) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``text``, case-insensitively; ``%`` and ``_`` match literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))
