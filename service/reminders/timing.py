"""When to tell someone something, in their own time zone: plain Python, no database.

Every rule here works on aware datetimes and an IANA zone, through zoneinfo, so a reminder set for
08:00 is at 08:00 on the wall clock on both sides of a daylight-saving change, and quiet hours that
span midnight end at the right instant on the morning after a change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Reminders of the day (a follow-up due today, the weekly digest) wait for the morning.
MORNING = time(8, 0)


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def at_local(day: date, clock: time, zone: str) -> datetime:
    """The instant (UTC) at which the wall clock in ``zone`` shows ``clock`` on ``day``.

    A wall time that happens twice (the night the clocks go back) is its first instant; one the clocks
    skip (the night they go forward) lands as far after the jump as it was after the last time before it.
    """
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def due_today(due_at: datetime, now: datetime, zone: str) -> bool:
    """Whether ``due_at`` falls later on the day it is now, in ``zone``, and the morning has come."""
    today = local(now, zone).date()
    return due_at > now and local(due_at, zone).date() == today and now >= at_local(today, MORNING, zone)


def week_key(now: datetime, zone: str) -> int | None:
    """The ISO week (``year * 100 + week``) whose digest is due now in ``zone``: on Monday from 08:00; else
    None (a digest that could not go out on its Monday is not sent later in the week)."""
    here = local(now, zone)
    if here.weekday() != 0 or now < at_local(here.date(), MORNING, zone):
        return None
    year, week, _ = here.date().isocalendar()
    return year * 100 + week


def week_key_of(moment: datetime) -> int:
    """The ISO week (``year * 100 + week``) of ``moment`` in UTC."""
    year, week, _ = moment.astimezone(UTC).date().isocalendar()
    return year * 100 + week


def quiet_until(now: datetime, zone: str, start: time | None, end: time | None) -> datetime | None:
    """When the quiet hours ``start``-``end`` (wall clock in ``zone``, possibly across midnight) that hold
    ``now`` end; None when ``now`` is outside them (or there are none)."""
    if start is None or end is None or start == end:
        return None
    here = local(now, zone)
    today = here.date()
    clock = here.time().replace(tzinfo=None)
    if start < end:  # within one day, e.g. 13:00-14:00
        return at_local(today, end, zone) if start <= clock < end else None
    if clock >= start:  # across midnight, e.g. 22:00-07:00, and it is evening
        return at_local(today + timedelta(days=1), end, zone)
    if clock < end:  # ... and it is early morning
        return at_local(today, end, zone)
    return None
