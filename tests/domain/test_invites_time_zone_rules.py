"""Time zones defined only in the file (VTIMEZONE): icalendar reads their rules, whatever RFC 5545 parts
they use, and only rules that would cost a worker minutes are refused.

Lotus Notes names its zones ("W. Europe") neither as IANA nor as Windows does, so its VTIMEZONE is
what gives the time, and Notes writes the hour of each change into the rule (BYHOUR, BYMINUTE).
The zones of Outlook, Google and Apple: test_invites.py.
"""

from __future__ import annotations

import pytest

from service.calendar.invites import parse_invites
from tests.domain.invite_files import fixture, only_error, only_invite, utc, vcalendar, vevent


def zone(tzid: str, *observances: tuple[str, str, str, str, str]) -> str:
    """A VTIMEZONE of (kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, RRULE) observances."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for kind, start, offset_from, offset_to, rule in observances:
        lines += [f"BEGIN:{kind}", f"DTSTART:{start}", f"TZOFFSETFROM:{offset_from}", f"TZOFFSETTO:{offset_to}"]
        lines += [f"RRULE:{rule}"] if rule else []
        lines += [f"END:{kind}"]
    return "\r\n".join([*lines, "END:VTIMEZONE"])


def europe_with(standard_rule: str, daylight_rule: str) -> str:
    return zone(
        "Home Zone",
        ("STANDARD", "19501029T030000", "+0200", "+0100", standard_rule),
        ("DAYLIGHT", "19500326T020000", "+0100", "+0200", daylight_rule),
    )


def at_home(local: str) -> str:
    return vevent(f'DTSTART;TZID="Home Zone":{local}', start=None)


def test_a_lotus_notes_zone_with_byhour_and_byminute_is_read_from_its_rules():
    invite = only_invite(fixture("lotus-notes-request.ics"))

    # 10:00-10:45 on Monday 29 March 2027 at +02:00: summer time began the day before, at 02:00.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 3, 29, 8, 0), utc(2027, 3, 29, 8, 45))
    assert invite.timezone is None  # "W. Europe" names no place the tz database knows


def test_the_change_happens_at_the_hour_the_rule_gives():
    # BYHOUR=2 on the last Sunday of March 2027 (the 28th): 01:30 is still winter time, 03:30 summer time.
    definition = europe_with(
        "FREQ=YEARLY;BYMINUTE=0;BYHOUR=3;BYDAY=-1SU;BYMONTH=10",
        "FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=-1SU;BYMONTH=3",
    )

    assert only_invite(vcalendar(definition, at_home("20270328T013000"))).starts_at == utc(2027, 3, 28, 0, 30)
    assert only_invite(vcalendar(definition, at_home("20270328T033000"))).starts_at == utc(2027, 3, 28, 1, 30)


@pytest.mark.parametrize(
    ("daylight_rule", "summer_day"),
    [
        # The same day (28 March 2027) written with each RFC 5545 part a VTIMEZONE can use.
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYSETPOS=-1", "20270329T120000"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=25,26,27,28,29,30,31;BYDAY=SU", "20270329T120000"),
        ("FREQ=YEARLY;BYYEARDAY=87", "20270329T120000"),  # the 87th day of 2027 is 28 March
        ("FREQ=YEARLY;BYWEEKNO=12;BYDAY=SU;WKST=MO", "20270329T120000"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2;BYMINUTE=0;BYSECOND=0", "20270329T120000"),
    ],
    ids=["bysetpos", "bymonthday", "byyearday", "byweekno", "bysecond"],
)
def test_every_rule_part_of_a_yearly_change_is_read(daylight_rule: str, summer_day: str):
    definition = europe_with("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", daylight_rule)

    assert only_invite(vcalendar(definition, at_home(summer_day))).starts_at == utc(2027, 3, 29, 10, 0)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYHOUR=0,6,12,18;BYMINUTE=0,15,30,45",  # every quarter of an hour of the year
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",  # never: a rule read up to the year 9999 at every lookup
        "FREQ=MONTHLY;BYDAY=-1SU",
        "FREQ=YEARLY;INTERVAL=0;BYMONTH=2;BYMONTHDAY=30",  # dateutil would search the same year for ever
    ],
    ids=["many-a-year", "never", "monthly", "interval-0"],
)
def test_a_zone_whose_offset_would_not_change_once_or_twice_a_year_is_refused(rule: str):
    definition = europe_with("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", rule)

    error = only_error(vcalendar(definition, at_home("20270701T120000")))

    assert 'uses the time zone "Home Zone", whose definition in the file (VTIMEZONE) cannot be read' in error.message


def test_each_event_in_a_refused_zone_is_reported():
    definition = europe_with("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    events = [vevent(f'DTSTART;TZID="Home Zone":2027070{day}T120000', uid=f"day-{day}", start=None) for day in (1, 2)]

    parsed = parse_invites(vcalendar(definition, *events))

    assert parsed.invites == [] and [error.uid for error in parsed.errors] == ["day-1", "day-2"]
