"""Times in imported invitations: a Windows zone name, a zone defined in the file, an IANA zone and UTC
each give the right instant; an event whose time cannot be read (floating, all-day, an unknown
zone) is reported while the others import.

Realistic invitations come from ``tests/fixtures/calendar``; the other cases are calendars built
with ``tests.factories.invite``. The user is registered as me@example.com, the invitee of every fixture.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.factories import INVITEE as ME
from tests.factories import (
    all_meetings,
    calendar,
    contact_emails,
    event,
    imported_meeting,
    invite,
    meeting,
)
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported
from tests.factories import invitation_file as fixture

# --- times and time zones --------------------------------------------------------------


def test_a_windows_zone_name_without_a_definition_is_read_as_that_zone(me):
    made = imported_meeting(me, fixture("outlook-windows-tz-no-vtimezone"))
    assert made["starts_at"] == "2027-11-08T17:00:00Z"  # not 16:00 (summer time) nor 09:00 (UTC)
    assert made["timezone"] == "America/Los_Angeles"


def test_a_customized_time_zone_is_read_from_its_definition_in_the_file(me):
    made = imported_meeting(me, fixture("outlook-customized-tz"))
    assert made["starts_at"] == "2027-03-31T21:30:00Z"  # +11:00, not +10:00 nor UTC


def test_a_lotus_notes_zone_whose_rules_give_the_hour_is_read_from_its_definition(me):
    made = imported_meeting(me, fixture("lotus-notes-request"))
    # 10:00 on 29 March 2027 at +02:00: the zone's rule (BYHOUR=2) began summer time the day before.
    assert (made["starts_at"], made["duration_minutes"]) == ("2027-03-29T08:00:00Z", 45)
    assert made["location"] == "Kantine, 2. OG, Leopoldstraße 10"


def test_a_time_in_an_iana_zone_is_converted_to_utc(me):
    berlin = datetime(2099, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    made = imported_meeting(me, invite(start=berlin))
    assert made["starts_at"] == "2099-01-15T09:00:00Z"
    assert made["timezone"] == "Europe/Berlin"


def test_a_time_in_utc_keeps_my_accounts_time_zone(accounts):
    paris = accounts.new(email=ME, timezone="Europe/Paris")
    made = imported_meeting(paris, invite())
    assert made["starts_at"] == "2099-06-01T09:30:00Z"
    assert made["timezone"] == "Europe/Paris"


def test_each_bad_event_is_reported_and_the_good_one_still_imports(me):
    report = imported(me, fixture("mixed-problems"))

    assert counts(report) == (1, 0, 0, 0)
    (good,) = report["events"]
    assert good["uid"] == "good-20270105@scheduler.example.com" and good["action"] == "created"
    made = meeting(me, good["meeting_id"])
    assert (made["title"], made["starts_at"], made["duration_minutes"]) == (
        "Mentoring call with Ana",
        "2027-01-05T17:00:00Z",
        30,
    )
    errors = {error["uid"]: error["message"] for error in report["errors"]}
    assert set(errors) == {
        "floating-20270106@scheduler.example.com",
        "mars-20270107@scheduler.example.com",
        "allday-20270108@scheduler.example.com",
        None,
    }
    assert "no time zone" in errors["floating-20270106@scheduler.example.com"]
    assert "Mars/Olympus_Mons" in errors["mars-20270107@scheduler.example.com"]
    assert "all-day" in errors["allday-20270108@scheduler.example.com"]
    assert "UID" in errors[None] and "Chat with no UID" in errors[None]
    assert [m["id"] for m in all_meetings(me)] == [made["id"]]
    assert contact_emails(me) == ["ana.souza@example.com"]


def test_an_event_in_an_unknown_zone_is_reported_while_the_others_import(me):
    mars = event("mars@example.org", start=datetime(2099, 1, 1, 10, 0))
    mars["DTSTART"].params["TZID"] = "Mars/Olympus_Mons"
    mars["DTEND"].params["TZID"] = "Mars/Olympus_Mons"
    report = imported(me, calendar(mars, event("earth@example.org")))

    assert counts(report) == (1, 0, 0, 0)
    assert [e["uid"] for e in report["events"]] == ["earth@example.org"]
    (error,) = report["errors"]
    assert error["uid"] == "mars@example.org" and "Mars/Olympus_Mons" in error["message"]
