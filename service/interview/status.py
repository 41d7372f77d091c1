"""Which status changes a meeting can make, and why the others make no sense."""

from __future__ import annotations

from datetime import datetime

STATUSES = ("planned", "confirmed", "completed", "cancelled", "no_show")

# Where a meeting can go from each status. Staying put is always allowed (a retried PATCH).
# A completed meeting happened: it is final. A cancelled one, or one they missed, can be
# rescheduled (planned or confirmed again) but did not take place.
TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"confirmed", "completed", "cancelled", "no_show"}),
    "confirmed": frozenset({"planned", "completed", "cancelled", "no_show"}),
    "completed": frozenset(),
    "cancelled": frozenset({"planned", "confirmed"}),
    "no_show": frozenset({"planned", "confirmed", "cancelled"}),
}

# Statuses that say the meeting's time has come.
HAPPENED = frozenset({"completed", "no_show"})

WHY_NOT = {
    "completed": "A completed meeting is final; record what changed in its debrief or notes instead.",
    "cancelled": "A cancelled meeting did not take place; set it to planned or confirmed to reschedule it first.",
    "no_show": "A meeting they missed can be rescheduled (planned, confirmed) or cancelled, not {new}.",
}


def transition_problem(old: str | None, new: str, starts_at: datetime, now: datetime) -> str | None:
    """Why a meeting cannot go from ``old`` (None when new) to ``new``; None when it can."""
    if new in HAPPENED and starts_at > now:
        return f"A meeting cannot be marked {new.replace('_', '-')} before it starts; it starts at {starts_at:%Y-%m-%dT%H:%M:%SZ}."
    if old is None or old == new or new in TRANSITIONS[old]:
        return None
    reason = WHY_NOT.get(old, "").format(new=new)
    return f"A {old.replace('_', '-')} meeting cannot become {new}. {reason}".strip()
