"""Every user-owned row is reached through these helpers, scoped to the current user.

Some tables also hold shared rows without an owner (the built-in question banks): with
``shared=True`` a helper finds those as well, for reading and for referring to them.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, or_, select

from service.database import MAX_ID, db
from service.errors import Problem
from service.web.auth import current_user

M = TypeVar("M")


def owned(model: type[M]) -> Select:
    """``SELECT`` the current user's rows of ``model``."""
    return select(model).where(model.user_id == current_user.id)


def visible(model: type[M]) -> Select:
    """``SELECT`` the rows of ``model`` that the current user may read: theirs and the shared ones."""
    return select(model).where(or_(model.user_id == current_user.id, model.user_id.is_(None)))


def get_owned_or_404(
    model: type[M], object_id: int, *, for_update: bool = False, shared: bool = False, options: tuple = ()
) -> M:
    """The current user's ``model`` row with ``object_id``; 404 whether it is missing or not mine.

    ``options`` are loader options, such as the relationships the caller will read.
    """
    obj = None
    # An id outside the column's range names no row, and the database would reject the number.
    if 1 <= object_id <= MAX_ID:
        stmt = (visible if shared else owned)(model).where(model.id == object_id).options(*options)
        if for_update:
            # Lock the row until commit, so a read-then-write cannot interleave (PostgreSQL;
            # SQLite writers already hold the database lock from BEGIN IMMEDIATE).
            stmt = stmt.with_for_update()
        obj = db.session.scalars(stmt).first()
    if obj is None:
        raise Problem(404, f"No {noun(model)} with id {object_id} exists.")
    return obj


def get_child_or_404(parent_column: Any, parent: Any, object_id: int, *, for_update: bool = False) -> Any:
    """The current user's row with ``object_id`` whose ``parent_column`` points at ``parent``, a row
    already found as mine: ``get_child_or_404(Outcome.meeting_id, meeting, 7)``. 404 when it is
    missing, not mine, or under another parent."""
    model = parent_column.class_
    obj = None
    if 1 <= object_id <= MAX_ID:
        stmt = owned(model).where(model.id == object_id, parent_column == parent.id)
        obj = db.session.scalars(stmt.with_for_update() if for_update else stmt).first()
    if obj is None:
        raise Problem(404, f"{noun(type(parent)).capitalize()} {parent.id} has no {noun(model)} with id {object_id}.")
    return obj


def noun(model: type) -> str:
    """What a person calls a ``model`` row, for messages."""
    return getattr(model, "__noun__", model.__name__.lower())


def require_owned(model: type[M], object_id: int, field: str, *, shared: bool = False, for_update: bool = False) -> M:
    """The current user's ``model`` row named by body field ``field``; a 422 naming the field otherwise.

    The row is locked FOR SHARE until commit, so it cannot be deleted between this
    check and the write that refers to it (PostgreSQL; SQLite writers hold the database).
    Pass ``for_update`` when the request changes the row itself: two requests that both
    hold a share lock and then update would deadlock.
    """
    obj = None
    if 1 <= object_id <= MAX_ID:
        stmt = (visible if shared else owned)(model).where(model.id == object_id)
        obj = db.session.scalars(stmt.with_for_update(read=not for_update)).first()
    if obj is None:
        name = noun(model)
        raise Problem(
            422,
            f"{field} must name one of your {name}s.",
            errors={field: [f"You have no {name} with id {object_id}."]},
        )
    return obj


def require_all_owned(model: type[M], object_ids: list[int], field: str) -> list[M]:
    """The current user's ``model`` rows named in list field ``field``, in its order; a 422 naming the others."""
    in_range = [i for i in object_ids if 1 <= i <= MAX_ID]
    found = {}
    if in_range:
        stmt = owned(model).where(model.id.in_(in_range)).with_for_update(read=True)
        found = {obj.id: obj for obj in db.session.scalars(stmt)}
    missing = [i for i in object_ids if i not in found]
    if missing:
        name = noun(model)
        raise Problem(
            422,
            f"{field} must name your own {name}s.",
            errors={field: [f"You have no {name} with id {i}." for i in missing]},
        )
    return [found[i] for i in object_ids]
