"""Importing invitations: an .ics from Google, Outlook or Apple becomes the meeting it describes, and
importing it again updates that meeting (and its contact), never making a second one.

Realistic invitations come from ``tests/fixtures/calendar``; the other cases are calendars built
with ``tests.factories.invite``. The user is registered as me@example.com, the invitee of every fixture.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from tests.factories import (
    GOOGLE_UID,
    MEETINGS,
    all_contacts,
    all_meetings,
    calendar,
    contact,
    contact_emails,
    event,
    imported_meeting,
    invite,
    meeting,
    new_contact,
)
from tests.factories import INVITATION_START as SOON
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported
from tests.factories import invitation_file as fixture

# --- each fixture imports as the meeting it describes ----------------------------------


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
        "events": [
            {"uid": GOOGLE_UID, "recurrence_id": None, "action": "created", "meeting_id": only["id"], "reason": None}
        ],
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


# --- importing again: update, never duplicate ------------------------------------------


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
    assert report["events"] == [
        {"uid": GOOGLE_UID, "recurrence_id": None, "action": "updated", "meeting_id": made["id"], "reason": None}
    ]
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
    (event,) = report["events"]
    assert (event["action"], event["meeting_id"]) == ("skipped", made["id"])
    assert event["reason"] == (
        "It is an older version (SEQUENCE 0) of this invitation, which was imported at SEQUENCE 1: "
        "the newer version stands."
    )
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
