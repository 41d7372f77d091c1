"""When reminders are due, in the person's own time zone, through daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from service.reminders.timing import at_local, due_today, quiet_until, week_key


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_eight_in_the_morning_is_eight_on_the_wall_clock_on_both_sides_of_a_change():
    # Berlin: CET (UTC+1) until 29 March 2026, CEST (UTC+2) from then.
    assert at_local(datetime(2026, 3, 28).date(), time(8), "Europe/Berlin") == utc(2026, 3, 28, 7)
    assert at_local(datetime(2026, 3, 29).date(), time(8), "Europe/Berlin") == utc(2026, 3, 29, 6)


def test_a_wall_time_the_clocks_skip_lands_after_the_jump():
    # New York springs forward at 02:00 on 8 March 2026: 02:30 does not exist that night; 03:30 EDT does.
    assert at_local(datetime(2026, 3, 8).date(), time(2, 30), "America/New_York") == utc(2026, 3, 8, 7, 30)


def test_a_wall_time_that_happens_twice_is_the_first():
    # New York falls back at 02:00 on 1 November 2026: 01:30 happens in EDT, then again in EST.
    assert at_local(datetime(2026, 11, 1).date(), time(1, 30), "America/New_York") == utc(2026, 11, 1, 5, 30)


def test_a_follow_up_is_due_today_from_eight_in_the_morning_of_its_day():
    due = utc(2026, 3, 8, 15)  # 11:00 in New York, the day the clocks change
    assert not due_today(due, utc(2026, 3, 8, 11, 59), "America/New_York")  # 07:59 EDT
    assert due_today(due, utc(2026, 3, 8, 12), "America/New_York")  # 08:00 EDT
    assert not due_today(due, utc(2026, 3, 7, 14), "America/New_York")  # the day before


def test_today_is_the_person_s_today_not_utc_s():
    due = utc(2026, 6, 1, 23, 30)  # 1 June in UTC, 2 June 08:30 in Tokyo
    assert due_today(due, utc(2026, 6, 1, 23), "Asia/Tokyo")  # 08:00 on 2 June in Tokyo
    assert not due_today(due, utc(2026, 6, 1, 12), "Asia/Tokyo")  # 21:00 on 1 June in Tokyo: tomorrow
    assert due_today(due, utc(2026, 6, 1, 12), "UTC")  # noon on 1 June in UTC: today


def test_the_weekly_digest_is_due_on_monday_from_eight_and_names_its_week():
    # Monday 30 November 2026 is in ISO week 49.
    assert week_key(utc(2026, 11, 30, 6, 59), "Europe/Berlin") is None  # 07:59 in Berlin
    assert week_key(utc(2026, 11, 30, 7), "Europe/Berlin") == 202649  # 08:00 in Berlin
    assert week_key(utc(2026, 11, 30, 22, 59), "Europe/Berlin") == 202649  # Monday 23:59
    assert week_key(utc(2026, 12, 1, 7), "Europe/Berlin") is None  # Tuesday: missed, not sent late
    assert week_key(utc(2026, 11, 29, 23), "Asia/Tokyo") == 202649  # Monday 08:00 in Tokyo, Sunday in UTC


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (utc(2026, 6, 1, 21, 30), utc(2026, 6, 2, 5)),  # 23:30 CEST: until 07:00 the next morning
        (utc(2026, 6, 2, 3), utc(2026, 6, 2, 5)),  # 05:00 CEST
        (utc(2026, 6, 2, 5), None),  # 07:00: over
        (utc(2026, 6, 2, 12), None),  # the afternoon
        # The night the clocks go back (25 October 2026, 03:00 CEST becomes 02:00 CET): 07:00 is at 06:00 UTC.
        (utc(2026, 10, 24, 21), utc(2026, 10, 25, 6)),
    ],
)
def test_quiet_hours_across_midnight_end_at_the_wall_clock_time(now, until):
    assert quiet_until(now, "Europe/Berlin", time(22), time(7)) == until


def test_quiet_hours_within_a_day_and_none():
    assert quiet_until(utc(2026, 6, 1, 12, 30), "UTC", time(12), time(14)) == utc(2026, 6, 1, 14)
    assert quiet_until(utc(2026, 6, 1, 12, 30), "UTC", None, None) is None
