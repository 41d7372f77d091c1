"""Reading calendar invitations: service.calendar.invites.parse_invites.

The fixtures in tests/fixtures/calendar copy what Google Calendar, Outlook/Exchange and Apple
Calendar send (see the README there). Expected times were worked out by hand from each zone's
rules and are written as literal UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.timezone import tzp

from service.calendar.invites import (
    MAX_EVENTS,
    InvalidCalendar,
    Invite,
    InviteError,
    ParsedCalendar,
    Person,
    parse_invites,
)

FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
ME = "me@example.com"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str) -> ParsedCalendar:
    return parse_invites(fixture(name))


def vevent(*properties: str, uid: str | None = "chat-1@example.com", start: str | None = "DTSTART:20270105T170000Z"):
    """A VEVENT's text: a UID and DTSTART unless told otherwise, then ``properties``."""
    lines = ["BEGIN:VEVENT"]
    lines += [f"UID:{uid}"] if uid else []
    lines += [start] if start else []
    return "\r\n".join([*lines, *properties, "END:VEVENT"])


def vcalendar(*components: str, method: str | None = None) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coffeechat//tests//EN"]
    head += [f"METHOD:{method}"] if method else []
    return "\r\n".join([*head, *components, "END:VCALENDAR"]) + "\r\n"


def vtimezone(tzid: str, offset: str) -> str:
    """A VTIMEZONE with one fixed offset, as Outlook writes it for a zone without DST."""
    return "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            f"TZID:{tzid}",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    )


def only_invite(data: bytes | str) -> Invite:
    parsed = parse_invites(data)
    assert parsed.errors == []
    (invite,) = parsed.invites
    return invite


def only_error(data: bytes | str) -> InviteError:
    parsed = parse_invites(data)
    assert parsed.invites == []
    (error,) = parsed.errors
    return error


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


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


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.ics")), ids=lambda path: path.name)
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


# --- Per-event errors ------------------------------------------------------------------------


def test_an_event_without_start_is_not_imported():
    error = only_error(vcalendar(vevent("SUMMARY:Lunch", start=None)))

    assert error.uid == "chat-1@example.com"
    assert error.message.startswith('The event "Lunch" has no start time (DTSTART).')


def test_an_event_ending_before_it_starts_is_not_imported():
    error = only_error(vcalendar(vevent("DTEND:20270105T160000Z")))

    assert error.message == (
        "An event ends (2027-01-05 16:00 UTC) before it starts (2027-01-05 17:00 UTC). Fix the end time in the "
        "calendar app and send the invitation again."
    )


def test_a_sequence_that_is_not_a_whole_number_is_an_error():
    error = only_error(vcalendar(vevent("SEQUENCE:two")))

    assert error.message.startswith('An event has a revision number (SEQUENCE) that is not a whole number: "two".')


def test_a_repeating_event_is_imported_as_its_first_occurrence():
    invite = only_invite(
        vcalendar(
            vevent("DTSTART;TZID=Europe/Berlin:20270104T090000", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=8", start=None)
        )
    )

    assert invite.starts_at == utc(2027, 1, 4, 8, 0)


def test_a_change_to_one_occurrence_is_not_imported_and_says_so():
    series = vevent("SUMMARY:Weekly mentoring", "RRULE:FREQ=WEEKLY;COUNT=8")
    moved = vevent("SUMMARY:Weekly mentoring", "RECURRENCE-ID:20270112T170000Z", start="DTSTART:20270113T170000Z")
    parsed = parse_invites(vcalendar(series, moved))

    assert [invite.uid for invite in parsed.invites] == ["chat-1@example.com"]
    (error,) = parsed.errors
    assert error.uid == "chat-1@example.com"
    assert error.message.startswith(
        'The event "Weekly mentoring" changes a single occurrence of a repeating event (RECURRENCE-ID).'
    )
    assert "this change was not" in error.message


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


# --- Documents -------------------------------------------------------------------------------


def test_lf_line_endings_and_a_byte_order_mark_are_accepted():
    data = b"\xef\xbb\xbf" + fixture("google-request.ics").replace(b"\r\n", b"\n")

    (invite,) = parse_invites(data).invites
    assert invite.starts_at == utc(2027, 3, 30, 9, 0)
    assert only_invite("\ufeff" + vcalendar(vevent())).uid == "chat-1@example.com"


def test_a_character_split_by_line_folding_is_put_back_together():
    # "é" is two bytes in UTF-8 (C3 A9); a careless writer folded the line between them.
    data = vcalendar(vevent("LOCATION:Caf=SPLIT=Central")).encode().replace(b"=SPLIT=", b"\xc3\r\n \xa9 ")

    assert only_invite(data).location == "Café Central"


def test_several_calendars_in_one_file_are_all_read():
    parsed = parse_invites(
        vcalendar(vevent(uid="first@example.com"), method="PUBLISH")
        + vcalendar(vevent(uid="second@example.com"), method="CANCEL")
    )

    assert [(invite.uid, invite.cancelled) for invite in parsed.invites] == [
        ("first@example.com", False),
        ("second@example.com", True),
    ]
    assert parsed.method == "PUBLISH"


def test_a_calendar_without_events_is_invalid():
    with pytest.raises(InvalidCalendar, match=r"^The calendar has no events \(VEVENT\)"):
        parse_invites(vcalendar(vtimezone("Customized Time Zone", "+0100")))


def test_more_than_max_events_is_invalid():
    events = [vevent(uid=f"event-{number}@example.com") for number in range(MAX_EVENTS + 1)]

    with pytest.raises(InvalidCalendar, match=f"at most {MAX_EVENTS}"):
        parse_invites(vcalendar(*events))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02\xff\xfe binary",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "<!DOCTYPE html><html><body>Invitation</body></html>",
        '{"summary": "Coffee", "start": "2027-01-05T17:00:00Z"}',
        "Hi Sam, see you Tuesday at 10!",
        vevent(),  # an event without its VCALENDAR
        vcalendar(vevent()).removesuffix("END:VCALENDAR\r\n"),  # cut off
    ],
    ids=["empty", "binary", "pdf", "html", "json", "prose", "bare-vevent", "truncated"],
)
def test_what_is_not_icalendar_is_invalid(data: bytes | str):
    with pytest.raises(InvalidCalendar, match="iCalendar"):
        parse_invites(data)


def test_a_value_parameter_written_as_a_list_is_invalid_not_a_crash():
    # icalendar 7.3 raises AttributeError for this line.
    with pytest.raises(InvalidCalendar):
        parse_invites(vcalendar(vevent("URL;VALUE=URI,:https://example.com")))


# --- Never anything but InvalidCalendar ------------------------------------------------------

FIXTURE_BYTES = [path.read_bytes() for path in sorted(FIXTURES.glob("*.ics"))]
FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def assert_parses_or_is_invalid(data: bytes) -> None:
    try:
        parsed = parse_invites(data)
    except InvalidCalendar:
        return
    for invite in parsed.invites:
        assert invite.starts_at.utcoffset().total_seconds() == 0
        assert invite.ends_at is None or invite.ends_at >= invite.starts_at


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_parse_or_are_invalid(data: bytes):
    assert_parses_or_is_invalid(data)


@FUZZ
@given(st.sampled_from(FIXTURE_BYTES), st.data())
def test_truncated_fixtures_parse_or_are_invalid(data: bytes, draw: st.DataObject):
    assert_parses_or_is_invalid(data[: draw.draw(st.integers(0, len(data)))])


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> bytes:
    """A fixture with bytes and iCalendar syntax inserted, deleted or overwritten here and there."""
    data = bytearray(draw(st.sampled_from(FIXTURE_BYTES)))
    pieces = st.sampled_from([b":", b";", b"=", b'"', b",", b"\r\n", b"\r\n ", b"T", b"Z", b"/", b"-P", b"\xc3"])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "overwrite"]))
        if action == "insert":
            data[at:at] = draw(pieces | st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            data[at : at + 1] = draw(st.binary(min_size=1, max_size=1))
    return bytes(data)


@FUZZ
@given(mutated_fixtures())
def test_mutated_fixtures_parse_or_are_invalid(data: bytes):
    assert_parses_or_is_invalid(data)
