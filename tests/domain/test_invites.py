"""Reading calendar invitations: what service.calendar.invites.parse_invites makes of real ones.

The fixtures in tests/fixtures/calendar copy what Google Calendar, Outlook/Exchange and Apple
Calendar send (see the README there). Expected times were worked out by hand from each zone's
rules and are written as literal UTC datetimes. Then time zones (by name, from the file's
VTIMEZONE, across a change of daylight saving time) and what an event's status, meeting links
and people become. Malformed and unusual input, and the fuzzing: test_invites_robustness.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from icalendar.timezone import tzp

from service.calendar.invites import ParsedCalendar, Person, parse_invites
from tests.domain.invite_files import (
    INVITATIONS,
    fixture,
    only_error,
    only_invite,
    utc,
    vcalendar,
    vevent,
    vtimezone,
)

ME = "me@example.com"


def parse_fixture(name: str) -> ParsedCalendar:
    return parse_invites(fixture(name))


# --- Google Calendar -------------------------------------------------------------------------


def test_google_request_is_read_from_london_summer_time_into_utc():
    (invite,) = parse_fixture("google-request.ics").invites

    # 10:00-10:30 BST (UTC+1) on 30 March 2027, two days after the clocks went forward.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 3, 30, 9, 0), utc(2027, 3, 30, 9, 30))
    assert invite.timezone == "Europe/London"


def test_google_request_is_a_confirmed_first_version():
    parsed = parse_fixture("google-request.ics")
    (invite,) = parsed.invites

    assert parsed.method == "REQUEST"
    assert invite.uid == "6b2fq0tqk1n8lqo9r3c5mhd7ve@google.com"
    assert (invite.sequence, invite.cancelled, invite.confirmed) == (0, False, True)
    assert invite.summary == "Coffee chat: Priya / Sam (product management)"


def test_google_request_meet_link_is_the_video_url_and_the_empty_location_is_none():
    (invite,) = parse_fixture("google-request.ics").invites

    assert invite.video_url == "https://meet.google.com/kfr-xqvw-pzn"
    assert invite.location is None


def test_google_request_description_keeps_google_join_block():
    (invite,) = parse_fixture("google-request.ics").invites

    assert invite.description.startswith("Hi Sam, thanks for reaching out!")
    assert "Join with Google Meet: https://meet.google.com/kfr-xqvw-pzn" in invite.description


def test_google_request_lists_organizer_and_every_attendee_including_the_invitee():
    (invite,) = parse_fixture("google-request.ics").invites

    assert invite.organizer == Person("priya.shah@example.org", "Priya Shah")
    # Google sets CN to the address for guests without a name: that is no name. The alarm's
    # ATTENDEE (who gets the reminder email) is not a guest.
    assert invite.attendees == (
        Person("priya.shah@example.org", "Priya Shah"),
        Person(ME, None),
        Person("alex.kim@example.org", "Alex Kim"),
    )


def test_google_update_keeps_the_uid_and_moves_the_meeting_to_greenwich_time():
    (invite,) = parse_fixture("google-request-updated.ics").invites

    assert invite.uid == "6b2fq0tqk1n8lqo9r3c5mhd7ve@google.com"
    assert invite.sequence == 1
    # 16:00-16:45 on Friday 26 March 2027: before the clocks go forward, so GMT = UTC.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 3, 26, 16, 0), utc(2027, 3, 26, 16, 45))


def test_google_update_brings_the_new_location_unescaped():
    (invite,) = parse_fixture("google-request-updated.ics").invites

    assert invite.location == "Fernhill Café, 12 Lamb's Conduit St, London WC1N 3LE, UK"
    assert invite.video_url == "https://meet.google.com/kfr-xqvw-pzn"


def test_google_cancel_is_cancelled_and_not_confirmed():
    parsed = parse_fixture("google-cancel.ics")
    (invite,) = parsed.invites

    assert parsed.method == "CANCEL"
    assert invite.uid == "6b2fq0tqk1n8lqo9r3c5mhd7ve@google.com"
    assert (invite.sequence, invite.cancelled, invite.confirmed) == (2, True, False)
    assert invite.starts_at == utc(2027, 3, 26, 16, 0)


# --- Outlook / Exchange ----------------------------------------------------------------------


def test_outlook_request_in_a_windows_zone_is_read_into_utc():
    (invite,) = parse_fixture("outlook-request.ics").invites

    # 14:30-15:00 CEST (UTC+2) on 14 April 2027.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 4, 14, 12, 30), utc(2027, 4, 14, 13, 0))
    assert invite.timezone == "Europe/Berlin"


def test_outlook_request_teams_link_is_the_video_url():
    (invite,) = parse_fixture("outlook-request.ics").invites

    assert invite.video_url.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTJh")
    assert invite.video_url.endswith("%22a1b2c3d4-e5f6-4789-abcd-ef0123456789%22%7d")
    assert invite.location == "BER-HQ-4.12 Spree (6); Microsoft Teams Meeting"


def test_outlook_request_leaves_out_the_meeting_room():
    (invite,) = parse_fixture("outlook-request.ics").invites

    assert invite.attendees == (
        Person(ME, "Sam Rivera"),
        Person("mira.hoffmann@example.de", "Mira Hoffmann"),
    )


def test_outlook_request_organizer_name_keeps_its_quoted_comma():
    (invite,) = parse_fixture("outlook-request.ics").invites

    assert invite.organizer == Person("jonas.weber@example.de", "Weber, Jonas")


def test_outlook_request_keeps_exchange_uid_whole():
    (invite,) = parse_fixture("outlook-request.ics").invites

    assert invite.uid == (
        "040000008200E00074C5B7101A82E00800000000D0D1B6A3F3A8DB01000000000000000010000000C6E7B1D0F2A94C4B9E1A0F3C5D7E9B21"
    )
    assert (invite.sequence, invite.confirmed) == (0, True)


def test_outlook_customized_time_zone_is_read_from_the_files_vtimezone():
    (invite,) = parse_fixture("outlook-customized-tz.ics").invites

    # 08:30-09:15 on 1 April 2027 at +11:00: daylight time lasts until the first Sunday of April.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 3, 31, 21, 30), utc(2027, 3, 31, 22, 15))
    assert invite.timezone is None  # the file does not say which place it is


def test_outlook_customized_time_zone_event_details():
    (invite,) = parse_fixture("outlook-customized-tz.ics").invites

    assert invite.location == "Single O Surry Hills, 60-64 Reservoir St, Surry Hills NSW 2010"
    assert invite.video_url is None
    assert invite.organizer == Person("olivia.chen@example.com", "Olivia Chen")
    assert invite.attendees == (Person(ME, "Sam Rivera"),)


def test_outlook_windows_zone_without_vtimezone_is_converted_by_its_name():
    (invite,) = parse_fixture("outlook-windows-tz-no-vtimezone.ics").invites

    # 09:00-09:30 PST (UTC-8) on Monday 8 November 2027, the day after DST ended.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 11, 8, 17, 0), utc(2027, 11, 8, 17, 30))
    assert invite.timezone == "America/Los_Angeles"
    assert invite.sequence == 3


def test_a_location_that_is_only_a_link_becomes_the_video_url():
    (invite,) = parse_fixture("outlook-windows-tz-no-vtimezone.ics").invites

    assert invite.video_url == "https://example.zoom.us/j/93812345678?pwd=bWx5S2hRUFh4ZkZ0cWp4Zz09"
    assert invite.location is None


def test_upper_case_mailto_and_mixed_case_addresses_are_normalised():
    (invite,) = parse_fixture("outlook-windows-tz-no-vtimezone.ics").invites

    assert invite.organizer == Person("taylor.brooks@example.com", "Taylor Brooks")
    assert invite.attendees == (Person(ME, "Sam Rivera"), Person("chris.ortega@example.com", "Chris Ortega"))


# --- Apple Calendar --------------------------------------------------------------------------


def test_apple_publish_is_read_from_pacific_daylight_time_into_utc():
    parsed = parse_fixture("apple-publish.ics")
    (invite,) = parsed.invites

    # 08:00-08:45 PDT (UTC-7) on 16 March 2027, two days after DST began.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 3, 16, 15, 0), utc(2027, 3, 16, 15, 45))
    assert invite.timezone == "America/Los_Angeles"
    assert parsed.method == "PUBLISH"


def test_apple_publish_is_neither_confirmed_nor_cancelled():
    (invite,) = parse_fixture("apple-publish.ics").invites

    assert invite.uid == "9F1C2B3A-4D5E-4F60-8A7B-1C2D3E4F5A6B"
    assert (invite.sequence, invite.cancelled, invite.confirmed) == (0, False, False)


def test_apple_publish_location_keeps_its_line_break_and_has_no_video():
    (invite,) = parse_fixture("apple-publish.ics").invites

    assert invite.location == "Blue Bottle Coffee\n66 Mint St, San Francisco CA 94103, United States"
    assert invite.video_url is None


def test_icloud_principal_addresses_are_read_from_the_email_parameter():
    (invite,) = parse_fixture("apple-publish.ics").invites

    assert invite.organizer == Person("dana.lee@example.net", "Dana Lee")
    assert invite.attendees == (Person("dana.lee@example.net", "Dana Lee"), Person(ME, "Sam Rivera"))


# --- A file with problems --------------------------------------------------------------------


def test_the_good_event_of_a_file_with_problems_is_imported():
    (invite,) = parse_fixture("mixed-problems.ics").invites

    assert invite.uid == "good-20270105@scheduler.example.com"
    # DTSTART in UTC plus DURATION:PT30M.
    assert (invite.starts_at, invite.ends_at) == (utc(2027, 1, 5, 17, 0), utc(2027, 1, 5, 17, 30))
    assert invite.timezone is None


def test_each_bad_event_gets_one_error_in_file_order():
    errors = parse_fixture("mixed-problems.ics").errors

    assert [error.uid for error in errors] == [
        "floating-20270106@scheduler.example.com",
        "mars-20270107@scheduler.example.com",
        "allday-20270108@scheduler.example.com",
        None,
    ]


def test_a_floating_time_asks_for_an_export_with_time_zones():
    error = parse_fixture("mixed-problems.ics").errors[0]

    assert error.message.startswith('The event "Floating breakfast" has a start time (DTSTART) with no time zone')
    assert "Export the calendar with time zones" in error.message


def test_an_unknown_time_zone_is_named():
    error = parse_fixture("mixed-problems.ics").errors[1]

    assert '"Mars/Olympus_Mons"' in error.message
    assert "not defined in the file (no VTIMEZONE)" in error.message


def test_an_all_day_event_needs_a_start_time():
    error = parse_fixture("mixed-problems.ics").errors[2]

    assert error.message.startswith('The event "Offsite day" is an all-day event')
    assert "coffeechat meetings need a start time" in error.message


def test_an_event_without_uid_is_not_imported():
    error = parse_fixture("mixed-problems.ics").errors[3]

    assert error.uid is None
    assert error.message.startswith('The event "Chat with no UID" has no UID')


@pytest.mark.parametrize("path", sorted(INVITATIONS.glob("*.ics")), ids=lambda path: path.name)
def test_fixtures_are_small_crlf_files_folded_at_75_octets(path: Path):
    data = path.read_bytes()
    lines = data.split(b"\r\n")

    assert len(data) < 4096
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]


# --- Time zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tzid", "starts_at", "timezone"),
    [
        ("W. Europe Standard Time", utc(2027, 7, 1, 10, 0), "Europe/Berlin"),  # CEST, UTC+2
        ("Pacific Standard Time", utc(2027, 7, 1, 19, 0), "America/Los_Angeles"),  # PDT, UTC-7
        ("India Standard Time", utc(2027, 7, 1, 6, 30), "Asia/Kolkata"),  # IST, UTC+5:30; CLDR says Calcutta
        ("Europe/Berlin", utc(2027, 7, 1, 10, 0), "Europe/Berlin"),
        ("/freeassociation.sourceforge.net/Europe/London", utc(2027, 7, 1, 11, 0), "Europe/London"),
        ("/mozilla.org/20050126_1/America/New_York", utc(2027, 7, 1, 16, 0), "America/New_York"),
    ],
)
def test_time_zone_names_without_vtimezone_are_converted(tzid: str, starts_at: datetime, timezone: str):
    # Without warnings too: icalendar warns when it guesses a prefixed id, and warnings fail these tests.
    invite = only_invite(vcalendar(vevent(f"DTSTART;TZID={tzid}:20270701T120000", start=None)))

    assert (invite.starts_at, invite.timezone) == (starts_at, timezone)


def test_a_known_zone_name_is_read_from_the_tz_database_not_the_files_vtimezone():
    # A sender's VTIMEZONE holds only the rules it knew of; the tz database knows the zone's history.
    invite = only_invite(
        vcalendar(vtimezone("Europe/Berlin", "+0500"), vevent("DTSTART;TZID=Europe/Berlin:20270701T120000", start=None))
    )

    assert invite.starts_at == utc(2027, 7, 1, 10, 0)


def test_a_vtimezone_may_follow_the_events_that_use_it():
    invite = only_invite(
        vcalendar(
            vevent('DTSTART;TZID="Customized Time Zone":20270701T120000', start=None),
            vtimezone("Customized Time Zone", "+0530"),
        )
    )

    assert invite.starts_at == utc(2027, 7, 1, 6, 30)


def test_each_file_uses_its_own_definition_of_a_custom_zone():
    # Outlook names many different zones "Customized Time Zone"; icalendar itself would keep the
    # first definition it saw for the rest of the process.
    parse_fixture("outlook-customized-tz.ics")
    invite = only_invite(
        vcalendar(
            vtimezone("Customized Time Zone", "-0300"),
            vevent('DTSTART;TZID="Customized Time Zone":20270701T120000', start=None),
        )
    )

    assert invite.starts_at == utc(2027, 7, 1, 15, 0)


def test_parsing_leaves_icalendars_process_wide_time_zone_cache_alone():
    tzid = "coffeechat test zone 7f3a"
    only_invite(vcalendar(vtimezone(tzid, "+0200"), vevent(f"DTSTART;TZID={tzid}:20270701T120000", start=None)))

    assert tzp.timezone(tzid) is None


def test_a_vtimezone_whose_rules_fire_more_than_yearly_is_refused():
    # Reading such a zone would walk a rule every second since 1601: refused rather than run.
    definition = vtimezone("Spinning Zone", "+0100").replace(
        "DTSTART:16010101T000000", "DTSTART:16010101T000000\r\nRRULE:FREQ=SECONDLY"
    )
    error = only_error(vcalendar(definition, vevent("DTSTART;TZID=Spinning Zone:20270701T120000", start=None)))

    assert (
        'uses the time zone "Spinning Zone", whose definition in the file (VTIMEZONE) cannot be read' in error.message
    )


def test_a_day_of_duration_keeps_the_wall_clock_time_across_a_dst_change():
    # RFC 5545 3.3.6: P1D from 10:00 CET on 27 March 2027 ends at 10:00 CEST the next day, 23 hours later.
    invite = only_invite(vcalendar(vevent("DTSTART;TZID=Europe/Berlin:20270327T100000", "DURATION:P1D", start=None)))

    assert (invite.starts_at, invite.ends_at) == (utc(2027, 3, 27, 9, 0), utc(2027, 3, 28, 8, 0))


def test_an_event_without_end_or_duration_has_no_end():
    invite = only_invite(vcalendar(vevent()))

    assert (invite.starts_at, invite.ends_at) == (utc(2027, 1, 5, 17, 0), None)


# --- Status, links and people ----------------------------------------------------------------


def test_status_cancelled_cancels_without_a_cancel_method():
    invite = only_invite(vcalendar(vevent("STATUS:CANCELLED"), method="REQUEST"))

    assert (invite.cancelled, invite.confirmed) == (True, False)


def test_the_rfc_7986_conference_comes_before_vendor_properties():
    invite = only_invite(
        vcalendar(
            vevent(
                "X-GOOGLE-CONFERENCE:https://meet.google.com/aaa-bbbb-ccc",
                "CONFERENCE;VALUE=URI;FEATURE=PHONE:tel:+1-555-0100,,123456#",
                "CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://whereby.com/sam-and-ana",
            )
        )
    )

    assert invite.video_url == "https://whereby.com/sam-and-ana"


def test_the_url_property_is_a_video_url_only_when_it_is_http():
    assert (
        only_invite(vcalendar(vevent("URL:https://example.zoom.us/j/555"))).video_url == "https://example.zoom.us/j/555"
    )
    assert only_invite(vcalendar(vevent("URL:ftp://files.example.com/agenda"))).video_url is None


def test_a_meeting_link_is_found_in_the_description_when_no_property_has_one():
    description = (
        "DESCRIPTION:Agenda: https://docs.example.com/agenda\\nLearn more: https://support.google.com/meet\\n"
        "Join: https://example.zoom.us/j/93812345678?pwd=abc."
    )
    invite = only_invite(vcalendar(vevent(description)))

    assert invite.video_url == "https://example.zoom.us/j/93812345678?pwd=abc"


def test_a_description_without_meeting_links_gives_no_video_url():
    invite = only_invite(vcalendar(vevent("DESCRIPTION:Notes: https://docs.example.com/notes")))

    assert invite.video_url is None


def test_attendees_are_listed_once_without_rooms_or_addresses_that_are_not_email():
    invite = only_invite(
        vcalendar(
            vevent(
                "ATTENDEE;CN=Ana Souza:mailto:ana.souza@example.com",
                "ATTENDEE;CN=Ana S.:MAILTO:Ana.Souza@Example.com",
                "ATTENDEE;CUTYPE=ROOM;CN=Room 2:mailto:room-2@example.com",
                "ATTENDEE;CN=Nobody:urn:uuid:5f1c2b3a-0000-4000-8000-000000000000",
                f"ATTENDEE:mailto:{ME}",
            )
        )
    )

    assert invite.attendees == (Person("ana.souza@example.com", "Ana Souza"), Person(ME, None))


def test_an_organizer_without_email_is_none():
    invite = only_invite(vcalendar(vevent("ORGANIZER;CN=Scheduler:urn:uuid:5f1c2b3a-0000-4000-8000-000000000000")))

    assert invite.organizer is None
