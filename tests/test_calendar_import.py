"""Importing invitations: an .ics from Google, Outlook or Apple becomes (or updates, or cancels) a meeting.

Realistic invitations come from ``tests/fixtures/calendar``; the other cases are calendars built
here with ``icalendar``. The user is registered as me@example.com, the invitee of every fixture.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from service.calendar.invites import MAX_EVENTS
from tests.conftest import run_together
from tests.factories import CONTACTS, MEETINGS, assert_problem, new_contact, new_meeting

IMPORT = "/api/v1/calendar/import"
FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
ME = "me@example.com"

GOOGLE_UID = "6b2fq0tqk1n8lqo9r3c5mhd7ve@google.com"
SOON = datetime(2099, 6, 1, 9, 30, tzinfo=UTC)  # far ahead: never due or past
LONG_AGO = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


# --- helpers ---------------------------------------------------------------------------


def fixture(name: str) -> bytes:
    return (FIXTURES / f"{name}.ics").read_bytes()


def import_ics(account, raw: bytes, content_type: str = "text/calendar"):
    return account.post(IMPORT, data=raw, content_type=content_type)


def imported(account, raw: bytes) -> dict:
    """The report of an import that must succeed."""
    response = import_ics(account, raw)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def imported_meeting(account, raw: bytes) -> dict:
    """Import a calendar of one event that must become a new meeting; that meeting, read back."""
    report = imported(account, raw)
    assert report["created"] == 1 and report["errors"] == [], report
    (event,) = report["events"]
    return meeting(account, event["meeting_id"])


def meeting(account, meeting_id: int) -> dict:
    response = account.get(f"{MEETINGS}/{meeting_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def contact(account, contact_id: int) -> dict:
    response = account.get(f"{CONTACTS}/{contact_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def all_meetings(account) -> list[dict]:
    response = account.get(MEETINGS, query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def all_contacts(account) -> list[dict]:
    response = account.get(CONTACTS, query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def contact_emails(account) -> list[str]:
    return sorted(c["email"] for c in all_contacts(account))


def counts(report: dict) -> tuple[int, int, int, int]:
    return report["created"], report["updated"], report["cancelled"], report["skipped"]


def address(email: str, name: str | None = None) -> icalendar.vCalAddress:
    value = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        value.params["CN"] = name
    return value


def event(
    uid: str = "chat-1@example.org",
    *,
    start: datetime = SOON,
    minutes: int | None = 30,
    sequence: int = 0,
    summary: str | None = "Coffee with Priya",
    organizer: tuple[str, str | None] | None = ("priya@example.org", "Priya Raman"),
    attendees: tuple[str, ...] = (ME,),
    **properties,
) -> icalendar.Event:
    """One VEVENT: an invitation from Priya to me unless the arguments say otherwise."""
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    vevent.add("dtstart", start)
    if minutes is not None:
        vevent.add("dtend", start + timedelta(minutes=minutes))
    vevent.add("sequence", sequence)
    if summary is not None:
        vevent.add("summary", summary)
    if organizer is not None:
        vevent.add("organizer", address(*organizer))
    for email in attendees:
        vevent.add("attendee", address(email))
    for name, value in properties.items():
        vevent.add(name, value)
    return vevent


def calendar(*events: icalendar.Event, method: str = "REQUEST") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//coffeechat tests//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    for vevent in events:
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def invite(method: str = "REQUEST", **fields) -> bytes:
    """A calendar of one event, see ``event``."""
    return calendar(event(**fields), method=method)


@pytest.fixture
def me(accounts):
    return accounts.new(email=ME, name="Sam Rivera")


# --- each fixture imports as the meeting it describes -----------------------------------

FIXTURE_MEETINGS = {
    "google-request": {
        "meeting": {
            "title": "Coffee chat: Priya / Sam (product management)",
            "starts_at": "2027-03-30T09:00:00Z",  # 10:00 in London, summer time since March 28
            "duration_minutes": 30,
            "timezone": "Europe/London",
            "location": None,
            "video_url": "https://meet.google.com/kfr-xqvw-pzn",
            "status": "confirmed",
            "purpose": "informational",
        },
        "organizer": ("Priya Shah", "priya.shah@example.org"),
        "others": ["alex.kim@example.org"],
    },
    "outlook-request": {
        "meeting": {
            "title": "Coffee chat: platform engineering at Example GmbH",
            "starts_at": "2027-04-14T12:30:00Z",  # 14:30 CEST
            "duration_minutes": 30,
            "timezone": "Europe/Berlin",
            "location": "BER-HQ-4.12 Spree (6); Microsoft Teams Meeting",
            "video_url": (
                "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTJhM2QtYjc4MS00ZWI4LWE3ZGUtYzE2NjNkMmE3Zj"
                "Qx%40thread.v2/0?context=%7b%22Tid%22%3a%2200000000-1111-4222-8333-444444444444%22%2c%22Oid%22%3a%22"
                "a1b2c3d4-e5f6-4789-abcd-ef0123456789%22%7d"
            ),
            "status": "confirmed",
            "purpose": "informational",
        },
        "organizer": ("Weber, Jonas", "jonas.weber@example.de"),
        "others": ["mira.hoffmann@example.de"],  # the meeting room (CUTYPE=RESOURCE) is no contact
    },
    "outlook-customized-tz": {
        "meeting": {
            "title": "Coffee - Olivia & Sam",
            "starts_at": "2027-03-31T21:30:00Z",  # 08:30 at +11:00: the file's zone leaves summer time on April 4
            "duration_minutes": 45,
            "timezone": "UTC",  # the zone has no name: my account's
            "location": "Single O Surry Hills, 60-64 Reservoir St, Surry Hills NSW 2010",
            "video_url": None,
            "status": "planned",
            "purpose": "informational",
        },
        "organizer": ("Olivia Chen", "olivia.chen@example.com"),
        "others": [],
    },
    "outlook-windows-tz-no-vtimezone": {
        "meeting": {
            "title": "Intro: Chris <> Sam",
            "starts_at": "2027-11-08T17:00:00Z",  # 09:00 Pacific, winter time since November 7
            "duration_minutes": 30,
            "timezone": "America/Los_Angeles",
            "location": None,  # the location was only the Zoom link
            "video_url": "https://example.zoom.us/j/93812345678?pwd=bWx5S2hRUFh4ZkZ0cWp4Zz09",
            "status": "planned",
            "purpose": "informational",
        },
        "organizer": ("Taylor Brooks", "taylor.brooks@example.com"),
        "others": ["chris.ortega@example.com"],  # and not Me@Example.com, which is me
    },
    "apple-publish": {
        "meeting": {
            "title": "Coffee with Dana (design systems)",
            "starts_at": "2027-03-16T15:00:00Z",  # 08:00 PDT, summer time since March 14
            "duration_minutes": 45,
            "timezone": "America/Los_Angeles",
            "location": "Blue Bottle Coffee\n66 Mint St, San Francisco CA 94103, United States",
            "video_url": None,
            "status": "planned",
            "purpose": "informational",
        },
        "organizer": ("Dana Lee", "dana.lee@example.net"),  # from EMAIL=, the value is an iCloud principal
        "others": [],
    },
}


@pytest.mark.parametrize("name", sorted(FIXTURE_MEETINGS))
def test_each_invitation_becomes_the_meeting_it_describes(me, name):
    expected = FIXTURE_MEETINGS[name]
    report = imported(me, fixture(name))

    assert counts(report) == (1, 0, 0, 0) and report["errors"] == []
    made = meeting(me, report["events"][0]["meeting_id"])
    assert {field: made[field] for field in expected["meeting"]} == expected["meeting"]
    organizer = contact(me, made["contact_id"])
    assert (organizer["name"], organizer["email"]) == expected["organizer"]
    assert contact_emails(me) == sorted([expected["organizer"][1], *expected["others"]])
    assert [m["id"] for m in all_meetings(me)] == [made["id"]]


def test_the_report_names_each_event_by_the_invitations_uid(me):
    report = imported(me, fixture("google-request"))
    (only,) = all_meetings(me)
    assert report == {
        "created": 1,
        "updated": 0,
        "cancelled": 0,
        "skipped": 0,
        "events": [{"uid": GOOGLE_UID, "action": "created", "meeting_id": only["id"]}],
        "errors": [],
    }


def test_new_contacts_say_they_came_from_the_invitation(me):
    report = imported(me, fixture("google-request"))
    made = meeting(me, report["events"][0]["meeting_id"])
    assert "Coffee chat: Priya / Sam (product management)" in contact(me, made["contact_id"])["how_met"]


def test_an_attendee_without_a_name_becomes_a_contact_named_after_their_address(me):
    made = imported_meeting(me, invite(organizer=("ana.lima@example.org", None)))
    assert contact(me, made["contact_id"])["name"] == "ana.lima"


def test_an_event_without_a_summary_is_titled_after_the_organizer(me):
    assert imported_meeting(me, invite(summary=None))["title"] == "Coffee chat with Priya Raman"


def test_an_event_without_an_end_lasts_the_default_half_hour(me):
    assert imported_meeting(me, invite(minutes=None))["duration_minutes"] == 30


def test_an_event_given_a_duration_lasts_that_long(me):
    made = imported_meeting(me, invite(minutes=None, duration=timedelta(minutes=50)))
    assert made["duration_minutes"] == 50


# --- importing again: update, never duplicate --------------------------------------------


@pytest.mark.parametrize("name", sorted(FIXTURE_MEETINGS))
def test_importing_the_same_invitation_twice_updates_the_one_meeting(me, name):
    first = imported(me, fixture(name))
    contacts_before = all_contacts(me)

    second = imported(me, fixture(name))

    assert counts(second) == (0, 1, 0, 0)
    assert second["events"][0]["meeting_id"] == first["events"][0]["meeting_id"]
    assert len(all_meetings(me)) == 1
    assert all_contacts(me) == contacts_before


def test_importing_an_unchanged_invitation_again_leaves_the_meeting_as_it_was(me):
    made = imported_meeting(me, fixture("google-request"))
    imported(me, fixture("google-request"))
    assert meeting(me, made["id"]) == made


def test_an_updated_invitation_moves_the_meeting(me):
    made = imported_meeting(me, fixture("google-request"))

    report = imported(me, fixture("google-request-updated"))

    assert counts(report) == (0, 1, 0, 0)
    assert report["events"] == [{"uid": GOOGLE_UID, "action": "updated", "meeting_id": made["id"]}]
    moved = meeting(me, made["id"])
    assert moved["starts_at"] == "2027-03-26T16:00:00Z"  # 16:00 in London, still winter time
    assert moved["duration_minutes"] == 45
    assert moved["location"] == "Fernhill Café, 12 Lamb's Conduit St, London WC1N 3LE, UK"
    assert moved["contact_id"] == made["contact_id"]


def test_the_older_invitation_imported_after_the_update_is_skipped_and_changes_nothing(me):
    made = imported_meeting(me, fixture("google-request"))
    imported(me, fixture("google-request-updated"))
    updated = meeting(me, made["id"])

    report = imported(me, fixture("google-request"))

    assert counts(report) == (0, 0, 0, 1)
    assert report["events"] == [{"uid": GOOGLE_UID, "action": "skipped", "meeting_id": made["id"]}]
    assert meeting(me, made["id"]) == updated


def test_an_update_overwrites_what_i_changed_in_the_meeting_fields_it_sets(me):
    made = imported_meeting(me, fixture("google-request"))
    assert (
        me.patch(f"{MEETINGS}/{made['id']}", json={"location": "My note", "agenda": "Ask about PM"}).status_code == 200
    )

    imported(me, fixture("google-request-updated"))

    after = meeting(me, made["id"])
    assert after["location"] == "Fernhill Café, 12 Lamb's Conduit St, London WC1N 3LE, UK"
    assert after["agenda"] == "Ask about PM"  # not a field of the invitation: mine to keep


def test_an_existing_contact_is_found_by_email_whatever_its_case(me):
    priya = new_contact(me, name="Priya S.", email="Priya.Shah@Example.ORG")

    made = imported_meeting(me, fixture("google-request"))

    assert made["contact_id"] == priya["id"]
    assert contact(me, priya["id"])["name"] == "Priya S."  # my contact, as I wrote it
    assert contact_emails(me) == ["Priya.Shah@Example.ORG", "alex.kim@example.org"]


def test_one_contact_per_person_across_invitations(me):
    first = imported_meeting(me, invite(uid="one@example.org"))
    second = imported_meeting(me, invite(uid="two@example.org", start=SOON + timedelta(days=7)))
    assert first["contact_id"] == second["contact_id"]
    assert contact_emails(me) == ["priya@example.org"]


def test_one_contact_for_a_person_new_to_two_events_of_one_file(me):
    report = imported(me, calendar(event("one@example.org"), event("two@example.org", start=SOON + timedelta(days=1))))
    assert counts(report) == (2, 0, 0, 0)
    assert len({meeting(me, e["meeting_id"])["contact_id"] for e in report["events"]}) == 1
    assert contact_emails(me) == ["priya@example.org"]


def test_an_import_moving_the_meeting_raises_its_own_sequence_but_not_its_uid(me):
    made = imported_meeting(me, fixture("google-request"))
    assert made["uid"] != GOOGLE_UID  # our event must not collide with the invitation in my calendar
    imported(me, fixture("google-request"))
    assert meeting(me, made["id"])["sequence"] == made["sequence"]  # nothing changed

    imported(me, fixture("google-request-updated"))

    moved = meeting(me, made["id"])
    assert moved["uid"] == made["uid"]
    assert moved["sequence"] > made["sequence"]


def test_the_meetings_own_ics_carries_our_uid_and_the_new_time(me):
    made = imported_meeting(me, fixture("google-request"))
    imported(me, fixture("google-request-updated"))

    response = me.get(f"{MEETINGS}/{made['id']}/calendar.ics")

    assert response.status_code == 200
    (vevent,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(vevent["UID"]) == made["uid"] != GOOGLE_UID
    assert vevent.decoded("DTSTART") == datetime(2027, 3, 26, 16, 0, tzinfo=UTC)
    assert int(vevent["SEQUENCE"]) == meeting(me, made["id"])["sequence"] > 0


def test_two_events_with_one_uid_in_a_file_make_one_meeting_at_the_later_version(me):
    later = SOON + timedelta(hours=2)
    report = imported(me, calendar(event(sequence=0), event(sequence=1, start=later)))

    assert counts(report) == (1, 1, 0, 0)
    (only,) = all_meetings(me)
    assert only["starts_at"] == "2099-06-01T11:30:00Z"


# --- cancellation ----------------------------------------------------------------------


def test_a_cancellation_cancels_the_meeting(me):
    made = imported_meeting(me, fixture("google-request"))

    report = imported(me, fixture("google-cancel"))

    assert counts(report) == (0, 0, 1, 0)
    assert report["events"] == [{"uid": GOOGLE_UID, "action": "cancelled", "meeting_id": made["id"]}]
    assert meeting(me, made["id"])["status"] == "cancelled"
    assert len(all_meetings(me)) == 1


def test_an_event_with_status_cancelled_cancels_whatever_the_method(me):
    made = imported_meeting(me, invite())
    report = imported(me, invite(method="PUBLISH", sequence=1, status="CANCELLED"))
    assert counts(report) == (0, 0, 1, 0)
    assert meeting(me, made["id"])["status"] == "cancelled"


def test_a_cancellation_for_an_unknown_invitation_is_skipped_and_creates_nothing(me):
    report = imported(me, fixture("google-cancel"))

    assert counts(report) == (0, 0, 0, 1)
    assert report["events"] == [{"uid": GOOGLE_UID, "action": "skipped", "meeting_id": None}]
    assert all_meetings(me) == [] and all_contacts(me) == []


def test_a_cancellation_older_than_the_meeting_is_skipped(me):
    made = imported_meeting(me, invite(sequence=3, status="CONFIRMED"))
    report = imported(me, invite(method="CANCEL", sequence=2))
    assert counts(report) == (0, 0, 0, 1)
    assert meeting(me, made["id"])["status"] == "confirmed"


def test_a_new_invitation_after_a_cancellation_brings_the_meeting_back(me):
    made = imported_meeting(me, invite(sequence=0))
    imported(me, invite(method="CANCEL", sequence=1))
    assert meeting(me, made["id"])["status"] == "cancelled"

    report = imported(me, invite(sequence=2, status="CONFIRMED", start=SOON + timedelta(days=2)))

    assert counts(report) == (0, 1, 0, 0)
    back = meeting(me, made["id"])
    assert back["status"] == "confirmed" and back["starts_at"] == "2099-06-03T09:30:00Z"


def test_a_new_invitation_without_a_status_brings_a_cancelled_meeting_back_as_planned(me):
    made = imported_meeting(me, invite(sequence=0, status="CONFIRMED"))
    imported(me, invite(method="CANCEL", sequence=1))
    imported(me, invite(sequence=2))
    assert meeting(me, made["id"])["status"] == "planned"


def test_importing_the_same_invitation_again_does_not_undo_a_cancellation_made_here(me):
    made = imported_meeting(me, invite(sequence=0, status="CONFIRMED"))
    assert me.patch(f"{MEETINGS}/{made['id']}", json={"status": "cancelled"}).status_code == 200

    report = imported(me, invite(sequence=0, status="CONFIRMED"))

    assert counts(report) == (0, 1, 0, 0)
    assert meeting(me, made["id"])["status"] == "cancelled"


def test_the_old_invitation_imported_after_its_cancellation_is_skipped(me):
    made = imported_meeting(me, fixture("google-request"))
    imported(me, fixture("google-cancel"))

    report = imported(me, fixture("google-request-updated"))

    assert counts(report) == (0, 0, 0, 1)
    assert meeting(me, made["id"])["status"] == "cancelled"


# --- a completed meeting is final ------------------------------------------------------


@pytest.fixture
def completed(me) -> dict:
    """A meeting imported from an invitation, held and marked completed."""
    made = imported_meeting(me, invite(start=LONG_AGO))
    response = me.patch(f"{MEETINGS}/{made['id']}", json={"status": "completed"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_later_update_of_the_invitation_leaves_a_completed_meeting_alone(me, completed):
    report = imported(me, invite(start=LONG_AGO + timedelta(hours=3), sequence=1, summary="Moved"))

    assert counts(report) == (0, 0, 0, 1)
    assert report["events"][0] == {"uid": "chat-1@example.org", "action": "skipped", "meeting_id": completed["id"]}
    assert meeting(me, completed["id"]) == completed


def test_a_cancellation_leaves_a_completed_meeting_alone(me, completed):
    report = imported(me, invite(method="CANCEL", start=LONG_AGO, sequence=1))
    assert counts(report) == (0, 0, 0, 1)
    assert meeting(me, completed["id"])["status"] == "completed"


def test_a_missed_meeting_moved_by_a_new_invitation_is_planned_again(me):
    made = imported_meeting(me, invite(start=LONG_AGO))
    assert me.patch(f"{MEETINGS}/{made['id']}", json={"status": "no_show"}).status_code == 200

    report = imported(me, invite(sequence=1))

    assert counts(report) == (0, 1, 0, 0)
    moved = meeting(me, made["id"])
    assert moved["starts_at"] == "2099-06-01T09:30:00Z"
    assert moved["status"] == "planned"  # a missed meeting in the future makes no sense


def test_a_missed_meeting_stays_missed_when_its_invitation_is_imported_again(me):
    made = imported_meeting(me, invite(start=LONG_AGO))
    assert me.patch(f"{MEETINGS}/{made['id']}", json={"status": "no_show"}).status_code == 200

    imported(me, invite(start=LONG_AGO))

    assert meeting(me, made["id"])["status"] == "no_show"


# --- times and time zones --------------------------------------------------------------


def test_a_windows_zone_name_without_a_definition_is_read_as_that_zone(me):
    made = imported_meeting(me, fixture("outlook-windows-tz-no-vtimezone"))
    assert made["starts_at"] == "2027-11-08T17:00:00Z"  # not 16:00 (summer time) nor 09:00 (UTC)
    assert made["timezone"] == "America/Los_Angeles"


def test_a_customized_time_zone_is_read_from_its_definition_in_the_file(me):
    made = imported_meeting(me, fixture("outlook-customized-tz"))
    assert made["starts_at"] == "2027-03-31T21:30:00Z"  # +11:00, not +10:00 nor UTC


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


# --- events that cannot be a meeting -----------------------------------------------------


def test_an_event_with_nobody_but_me_is_an_error_and_creates_nothing(me):
    report = imported(me, invite(organizer=(ME, "Sam Rivera"), attendees=(ME,)))

    assert counts(report) == (0, 0, 0, 0) and report["events"] == []
    (error,) = report["errors"]
    assert error["uid"] == "chat-1@example.org" and ME in error["message"]
    assert all_meetings(me) == [] and all_contacts(me) == []


def test_an_invitation_i_organized_is_with_my_first_guest(me):
    made = imported_meeting(me, invite(organizer=(ME, "Sam Rivera"), attendees=("ana@example.org", "bo@example.org")))
    assert contact(me, made["contact_id"])["email"] == "ana@example.org"
    assert contact_emails(me) == ["ana@example.org", "bo@example.org"]


def test_a_calendar_whose_every_event_is_bad_reports_them_all_and_creates_nothing(me):
    report = imported(me, calendar(event("a@example.org", minutes=0), event("b@example.org", minutes=600)))
    assert counts(report) == (0, 0, 0, 0) and report["events"] == []
    assert [error["uid"] for error in report["errors"]] == ["a@example.org", "b@example.org"]
    assert all_meetings(me) == [] and all_contacts(me) == []


def test_my_own_address_in_another_case_is_still_me(me):
    made = imported_meeting(me, invite(attendees=("ME@EXAMPLE.COM", "alex@example.org")))
    assert contact(me, made["contact_id"])["email"] == "priya@example.org"
    assert contact_emails(me) == ["alex@example.org", "priya@example.org"]


@pytest.mark.parametrize("minutes", [481, 24 * 60, 4, 0])
def test_an_event_too_long_or_too_short_for_a_meeting_is_an_error(me, minutes):
    report = imported(me, calendar(event("odd@example.org", minutes=minutes), event("fine@example.org")))

    assert counts(report) == (1, 0, 0, 0)
    (error,) = report["errors"]
    assert error["uid"] == "odd@example.org" and f"{minutes} minutes" in error["message"]
    assert [m["title"] for m in all_meetings(me)] == ["Coffee with Priya"]


@pytest.mark.parametrize("minutes", [5, 480])
def test_an_event_of_the_shortest_or_longest_meeting_imports(me, minutes):
    assert imported_meeting(me, invite(minutes=minutes))["duration_minutes"] == minutes


def test_an_update_that_cannot_be_a_meeting_leaves_the_meeting_unchanged(me):
    made = imported_meeting(me, invite())

    report = imported(me, invite(sequence=1, minutes=600))

    assert counts(report) == (0, 0, 0, 0) and len(report["errors"]) == 1
    assert meeting(me, made["id"]) == made


# --- how the calendar is sent ----------------------------------------------------------


def test_a_multipart_form_with_the_file_imports(me):
    response = me.post(
        IMPORT,
        data={"file": (io.BytesIO(fixture("google-request")), "invite.ics")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    assert counts(response.get_json()) == (1, 0, 0, 0)
    assert len(all_meetings(me)) == 1


@pytest.mark.parametrize("content_type", ["application/ics", "text/calendar; charset=utf-8"])
def test_other_calendar_media_types_import(me, content_type):
    response = import_ics(me, fixture("google-request"), content_type=content_type)
    assert response.status_code == 200, response.get_json()
    assert len(all_meetings(me)) == 1


def test_a_form_without_a_file_is_a_422_problem(me):
    response = me.post(IMPORT, data={"note": "forgot the file"}, content_type="multipart/form-data")
    assert_problem(response, 422, "no_file")
    assert all_meetings(me) == []


def test_a_json_body_is_a_415_problem(me):
    response = me.post(IMPORT, json={"ics": fixture("google-request").decode()})
    assert "text/calendar" in assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert all_meetings(me) == []


def test_a_body_without_a_content_type_is_a_415_problem(me):
    response = me.post(IMPORT, data=fixture("google-request"))
    assert_problem(response, 415, "unsupported_media_type")
    assert all_meetings(me) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"hello, this is not a calendar",
        b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nEND:VCALENDAR\r\n",  # no event
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
    ids=["empty", "text", "html", "no-event", "binary"],
)
def test_a_body_that_is_not_a_calendar_with_events_is_a_422_problem(me, body):
    assert_problem(import_ics(me, body), 422, "invalid_calendar")
    assert all_meetings(me) == [] and all_contacts(me) == []


@pytest.mark.parametrize("method", ["REPLY", "COUNTER", "REFRESH"])
def test_a_reply_or_counter_proposal_is_not_an_invitation_and_changes_nothing(me, method):
    made = imported_meeting(me, invite())

    response = import_ics(me, invite(method=method, start=SOON + timedelta(days=1)))

    assert f"METHOD:{method}" in assert_problem(response, 422, "invalid_calendar")["detail"]
    assert meeting(me, made["id"]) == made


def test_a_calendar_without_a_method_imports_like_a_published_one(me):
    cal = icalendar.Calendar.from_ical(invite())
    del cal["METHOD"]
    assert imported_meeting(me, cal.to_ical())["title"] == "Coffee with Priya"


@pytest.mark.parametrize(
    "fields",
    [
        {"summary": "Coffee\x00chat"},
        {"location": "Caf\x00e"},
        {"uid": "chat\x00@example.org"},
        {"url": "https://meet.google.com/abc\x00def"},
    ],
    ids=["summary", "location", "uid", "video-url"],
)
def test_a_calendar_with_a_nul_character_is_a_422_problem_on_every_database(me, fields):
    # PostgreSQL cannot store U+0000; iCalendar text cannot hold it either (RFC 5545 3.3.11).
    assert_problem(import_ics(me, invite(**fields)), 422, "invalid_calendar")
    assert all_meetings(me) == [] and all_contacts(me) == []


def test_a_calendar_of_more_events_than_the_limit_is_a_422_problem(me):
    raw = calendar(*(event(f"many-{i}@example.org") for i in range(MAX_EVENTS + 1)))
    assert str(MAX_EVENTS) in assert_problem(import_ics(me, raw), 422, "invalid_calendar")["detail"]
    assert all_meetings(me) == []


def test_a_body_over_the_import_size_limit_is_a_413_problem(make_app, me):
    small = make_app(IMPORT_MAX_CONTENT_LENGTH=100_000).test_client()
    raw = invite(description="x" * 100_000)
    response = small.post(IMPORT, data=raw, content_type="text/calendar", headers=me.headers)
    assert_problem(response, 413, "payload_too_large")
    assert all_meetings(me) == []


def test_a_file_over_the_configured_size_limit_is_a_413_problem(make_app, me):
    # A small limit: the test client spools a multipart body over 500 KiB to a file it never closes.
    small = make_app(IMPORT_MAX_CONTENT_LENGTH=10_000).test_client()
    raw = invite(description="x" * 10_000)
    response = small.post(
        IMPORT, data={"file": (io.BytesIO(raw), "big.ics")}, content_type="multipart/form-data", headers=me.headers
    )
    assert_problem(response, 413, "payload_too_large")
    assert all_meetings(me) == []


def test_importing_needs_a_login(client):
    response = client.post(IMPORT, data=fixture("google-request"), content_type="text/calendar")
    assert_problem(response, 401, "token_missing")


# --- ownership -------------------------------------------------------------------------


@pytest.fixture
def bob(accounts):
    return accounts.new(email="bob@example.com", name="Bob Example")


def shared_invitation(**fields) -> bytes:
    return invite(attendees=(ME, "bob@example.com"), **fields)


def test_someone_else_importing_the_same_invitation_gets_a_meeting_of_their_own(me, bob):
    mine = imported_meeting(me, shared_invitation())

    report = imported(bob, shared_invitation(sequence=1, start=SOON + timedelta(hours=1)))

    assert counts(report) == (1, 0, 0, 0)
    bobs = meeting(bob, report["events"][0]["meeting_id"])
    assert bobs["id"] != mine["id"] and bobs["starts_at"] == "2099-06-01T10:30:00Z"
    assert meeting(me, mine["id"]) == mine
    assert contact_emails(bob) == [ME, "priya@example.org"]
    assert contact_emails(me) == ["bob@example.com", "priya@example.org"]


def test_my_imported_meeting_is_invisible_to_others(me, bob):
    mine = imported_meeting(me, shared_invitation())
    assert bob.get(f"{MEETINGS}/{mine['id']}").status_code == 404
    assert all_meetings(bob) == []


def test_another_users_contact_with_the_organizers_email_is_not_mine(me, bob):
    bobs_priya = new_contact(bob, name="Priya", email="priya@example.org")
    made = imported_meeting(me, invite())
    assert made["contact_id"] != bobs_priya["id"]
    assert [c["id"] for c in all_contacts(bob)] == [bobs_priya["id"]]


def test_a_meeting_i_added_myself_is_never_updated_by_an_import(me):
    priya = new_contact(me, email="priya@example.org")
    mine = new_meeting(me, priya["id"], title="Coffee with Priya")

    imported(me, invite())

    assert meeting(me, mine["id"]) == mine
    assert len(all_meetings(me)) == 2


# --- concurrency and cost --------------------------------------------------------------


def test_two_imports_of_one_invitation_at_once_make_one_meeting(app, me):
    for round_ in range(5):
        raw = invite(uid=f"race-{round_}@example.org", start=SOON + timedelta(days=round_))
        posts = [
            partial(app.test_client().post, IMPORT, data=raw, content_type="text/calendar", headers=me.headers)
            for _ in range(2)
        ]

        responses = run_together(*posts)

        assert [r.status_code for r in responses] == [200, 200], [r.get_json() for r in responses]
        actions = sorted(r.get_json()["events"][0]["action"] for r in responses)
        assert actions == ["created", "updated"]
        assert len({r.get_json()["events"][0]["meeting_id"] for r in responses}) == 1
    assert len(all_meetings(me)) == 5
    assert contact_emails(me) == ["priya@example.org"]


def test_two_imports_at_once_of_invitations_from_a_new_person_make_one_contact(app, me):
    for round_ in range(5):
        organizer = (f"person{round_}@example.org", f"Person {round_}")
        posts = [
            partial(
                app.test_client().post,
                IMPORT,
                data=invite(uid=f"race-{round_}-{n}@example.org", organizer=organizer),
                content_type="text/calendar",
                headers=me.headers,
            )
            for n in range(2)
        ]
        assert [r.status_code for r in run_together(*posts)] == [200, 200]
    assert contact_emails(me) == [f"person{n}@example.org" for n in range(5)]
    assert len(all_meetings(me)) == 10


def statements_of_import(account, queries, raw: bytes) -> list[str]:
    """The kind (SELECT, INSERT, UPDATE...) of each SQL statement an import sends."""
    before = len(queries.statements)
    imported(account, raw)
    return [statement.split(None, 1)[0].upper() for statement in queries.statements[before:]]


def events_from_new_people(first: int, n: int, sequence: int = 0) -> list[icalendar.Event]:
    return [
        event(
            f"cost-{i}@example.org",
            organizer=(f"p{i}@example.org", f"P {i}"),
            start=SOON + timedelta(days=i, hours=sequence),
            sequence=sequence,
        )
        for i in range(first, first + n)
    ]


def test_importing_five_events_reads_no_more_than_importing_one(me, queries):
    one = statements_of_import(me, queries, calendar(*events_from_new_people(0, 1)))
    five = statements_of_import(me, queries, calendar(*events_from_new_people(1, 5)))

    # The user, the meetings and the contacts are read once per import, whatever the number of events.
    assert five.count("SELECT") == one.count("SELECT")
    # Each event costs its rows: at most a contact and a meeting.
    assert set(five) == set(one)
    assert five.count("INSERT") - one.count("INSERT") <= 2 * 4, five


def test_updating_five_meetings_costs_the_same_statements_as_updating_one(me, queries):
    imported(me, calendar(*events_from_new_people(0, 6)))
    one = statements_of_import(me, queries, calendar(*events_from_new_people(0, 1, sequence=1)))
    five = statements_of_import(me, queries, calendar(*events_from_new_people(1, 5, sequence=1)))

    assert five == one  # the same reads, and the five rows changed in one UPDATE
