"""What importing a row into a contact I already have changes: it fills in, it never overwrites.

A field the contact has keeps its value, and a field the row leaves empty is never cleared;
a field the contact lacks takes the row's value. Tags are added (those the contact lacks,
ignoring case) as long as the contact has room for them. A row that changes nothing is
skipped.
"""

from __future__ import annotations

from collections.abc import Mapping


def fill_in(current: Mapping, incoming: Mapping, *, max_tags: int) -> dict:
    """The changes that fill ``current``'s empty fields from ``incoming``: field -> new value.

    ``tags`` in the result are the tags to add, in the row's order; the contact then has at
    most ``max_tags``.
    """
    changes: dict = {}
    for field, value in incoming.items():
        if field == "tags":
            continue
        if value not in (None, "") and current.get(field) in (None, ""):
            changes[field] = value
    have = {tag.lower() for tag in current.get("tags") or ()}
    added = []
    for tag in incoming.get("tags") or ():
        if len(have) >= max_tags:
            break
        if tag.lower() not in have:
            have.add(tag.lower())
            added.append(tag)
    if added:
        changes["tags"] = added
    return changes


def merged(current: Mapping, changes: Mapping) -> dict:
    """``current`` with ``changes`` (from ``fill_in``) applied."""
    result = {**current, **{field: value for field, value in changes.items() if field != "tags"}}
    result["tags"] = [*(current.get("tags") or ()), *changes.get("tags", ())]
    return result
