"""Every user-owned row is reached through these helpers, scoped to the current user."""

from __future__ import annotations

from typing import Any, TypeVar

from flask_jwt_extended import current_user
from sqlalchemy import Select, select

from service.errors import Problem
from service.extensions import db
from service.models.types import utcnow
from service.schemas.fields import MAX_ID

M = TypeVar("M")


def owned(model: type[M]) -> Select:
    """``SELECT`` the current user's rows of ``model``."""
    return select(model).where(model.user_id == current_user.id)


def get_owned_or_404(model: type[M], object_id: int, *, for_update: bool = False) -> M:
    """The current user's ``model`` row with ``object_id``; 404 whether it is missing or not mine."""
    obj = None
    # An id outside the column's range names no row, and the database would reject the number.
    if 1 <= object_id <= MAX_ID:
        stmt = owned(model).where(model.id == object_id)
        if for_update:
            # Lock the row until commit, so a read-then-write cannot interleave (PostgreSQL;
            # SQLite writers already hold the database lock from BEGIN IMMEDIATE).
            stmt = stmt.with_for_update()
        obj = db.session.scalars(stmt).first()
    if obj is None:
        raise Problem(404, f"No {_noun(model)} with id {object_id} exists.")
    return obj


def apply_changes(obj: Any, changes: dict) -> Any:
    """Apply validated ``changes`` to ``obj`` and mark it updated."""
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.updated_at = utcnow()
    return obj


def _noun(model: type) -> str:
    return getattr(model, "__noun__", model.__name__.lower())
