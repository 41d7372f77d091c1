"""Repeating invitations: a series is imported as the first occurrence that really happens (EXDATE,
moved and cancelled occurrences in the file counted, by recurring-ical-events), and an invitation
to one occurrence that comes without its series is read as that occurrence (its RECURRENCE-ID).

Exchange sends a series whose first occurrence was deleted with that DTSTART in EXDATE; Lotus Notes
and Exchange send a person invited to one occurrence only that occurrence.
"""

from __future__ import annotations

import pytest

from service.calendar.invites import parse_invites
from tests.domain.invite_files import fixture, only_error, only_invite, utc, vcalendar, vevent

WEEKLY = "RRULE:FREQ=WEEKLY;COUNT=4"  # Tuesdays 5, 12, 19 and 26 January 2027, 17:00 UTC


def test_a_series_whose_first_occurrence_was_deleted_starts_at_the_next_one():
    invite = only_invite(fixture("outlook-series-first-occurrence-deleted.ics"))

    # Every other Tuesday from 6 April 2027, 16:30-17:00 CEST; 6 April is in EXDATE.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 4, 20, 14, 30), utc(2027, 4, 20, 15, 0))
    assert (invite.timezone, invite.recurrence_id) == ("Europe/Berlin", None)


def test_an_exdate_in_utc_removes_a_start_written_in_a_zone():
    invite = only_invite(
        vcalendar(
            vevent(
                "DTSTART;TZID=Europe/Berlin:20270104T090000",
                "RRULE:FREQ=WEEKLY;COUNT=3",
                "EXDATE:20270104T080000Z",
                start=None,
            )
        )
    )

    assert invite.starts_at == utc(2027, 1, 11, 8, 0)


def test_several_exdates_skip_as_many_occurrences():
    invite = only_invite(vcalendar(vevent(WEEKLY, "EXDATE:20270105T170000Z,20270112T170000Z")))

    assert invite.starts_at == utc(2027, 1, 19, 17, 0)


def test_a_first_occurrence_moved_in_the_same_file_is_the_meeting():
    moved = vevent(
        "SUMMARY:Mentoring (moved)",
        "RECURRENCE-ID:20270105T170000Z",
        "DTEND:20270106T090000Z",
        start="DTSTART:20270106T083000Z",
    )

    invite = only_invite(vcalendar(vevent("SUMMARY:Mentoring", "DTEND:20270105T173000Z", WEEKLY), moved))

    assert (invite.starts_at, invite.ends_at, invite.summary) == (
        utc(2027, 1, 6, 8, 30),
        utc(2027, 1, 6, 9, 0),
        "Mentoring (moved)",
    )
    assert invite.recurrence_id is None  # the series' meeting, found again by its UID alone


def test_a_first_occurrence_cancelled_in_the_same_file_gives_way_to_the_next():
    cancelled = vevent("RECURRENCE-ID:20270105T170000Z", "STATUS:CANCELLED")

    invite = only_invite(vcalendar(vevent(WEEKLY), cancelled))

    assert invite.starts_at == utc(2027, 1, 12, 17, 0)
    assert not invite.cancelled


def test_a_series_without_an_occurrence_left_is_not_imported_and_says_so():
    error = only_error(vcalendar(vevent("SUMMARY:Mentoring", "RRULE:FREQ=DAILY;COUNT=1", "EXDATE:20270105T170000Z")))

    assert error.message.startswith('The event "Mentoring" repeats, but every occurrence of it was removed')


@pytest.mark.parametrize("frequency", ["HOURLY", "MINUTELY", "SECONDLY"])
def test_a_series_repeating_more_than_daily_whose_start_was_removed_is_not_searched(frequency: str):
    # Searching such a rule for its next occurrence could take a worker seconds per event.
    error = only_error(vcalendar(vevent(f"RRULE:FREQ={frequency};BYMONTH=2;BYMONTHDAY=30", "EXDATE:20270105T170000Z")))

    assert f"FREQ={frequency}" in error.message


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        (("RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE:tomorrow"), "removes or adds occurrences (EXDATE) with values"),
        (("RRULE:FREQ=SOMETIMES", "EXDATE:20270105T170000Z"), "repeats by rules (RRULE, RDATE, EXDATE) that cannot"),
        (("RRULE:COUNT=3", "EXDATE:20270105T170000Z"), "repeats by rules (RRULE, RDATE, EXDATE) that cannot"),
        # dateutil would repeat the same day for ever.
        (("RRULE:FREQ=DAILY;INTERVAL=0", "EXDATE:20270105T170000Z"), "repeats by rules (RRULE, RDATE, EXDATE)"),
    ],
    ids=["exdate-not-a-date", "unknown-frequency", "no-frequency", "interval-0"],
)
def test_rules_that_cannot_be_read_are_an_error_of_their_event(properties: tuple[str, ...], message: str):
    assert message in only_error(vcalendar(vevent(*properties))).message


def test_the_rules_of_a_change_to_one_occurrence_are_not_followed():
    moved = vevent("RECURRENCE-ID:20270105T170000Z", "RRULE:FREQ=DAILY;INTERVAL=0", start="DTSTART:20270105T180000Z")

    invite = only_invite(vcalendar(vevent(WEEKLY), moved))

    assert invite.starts_at == utc(2027, 1, 5, 18, 0)


def test_a_series_is_imported_at_its_start_without_expanding_its_rule():
    # A rule that never fires again would take seconds to search; DTSTART is always the first occurrence.
    invite = only_invite(vcalendar(vevent("RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30")))

    assert invite.starts_at == utc(2027, 1, 5, 17, 0)


def test_an_invitation_to_one_occurrence_without_its_series_is_that_occurrence():
    invite = only_invite(fixture("lotus-notes-one-occurrence.ics"))

    # 16:00-16:30 CEST on Tuesday 13 April 2027, in the file's "W. Europe" zone.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 4, 13, 14, 0), utc(2027, 4, 13, 14, 30))
    assert invite.recurrence_id == utc(2027, 4, 13, 14, 0)
    assert invite.uid == "8F3A1C55D2E4B7A9C1258A51004E7B20-Lotus_Notes_Generated"


def test_the_cancellation_of_one_occurrence_names_that_occurrence():
    invite = only_invite(fixture("lotus-notes-one-occurrence-cancel.ics"))

    assert (invite.cancelled, invite.sequence, invite.recurrence_id) == (True, 1, utc(2027, 4, 13, 14, 0))


def test_occurrences_of_one_uid_sent_without_their_series_are_each_read():
    first = vevent("RECURRENCE-ID:20270105T170000Z")
    second = vevent("RECURRENCE-ID:20270112T170000Z", start="DTSTART:20270112T180000Z")

    parsed = parse_invites(vcalendar(first, second))

    assert parsed.errors == []
    assert [(invite.recurrence_id, invite.starts_at) for invite in parsed.invites] == [
        (utc(2027, 1, 5, 17, 0), utc(2027, 1, 5, 17, 0)),
        (utc(2027, 1, 12, 17, 0), utc(2027, 1, 12, 18, 0)),
    ]


def test_a_recurrence_id_that_is_not_a_date_and_time_is_an_error():
    error = only_error(vcalendar(vevent("RECURRENCE-ID:next tuesday")))

    assert "RECURRENCE-ID" in error.message


def test_the_events_left_when_reading_takes_too_long_are_reported_not_read():
    # A rule that never fires is searched to the year 9999 (a fifth of a second for a yearly one).
    never = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"
    events = [vevent(never, "EXDATE:20270105T170000Z", uid=f"never-{n}@example.com") for n in range(20)]

    parsed = parse_invites(vcalendar(*events, vevent(uid="fine@example.com")), read_seconds=0.3)

    assert parsed.invites == []
    assert len(parsed.errors) == 21
    assert parsed.errors[-1].uid == "fine@example.com"
    assert "was not read: reading this file took too long" in parsed.errors[-1].message
