"""Reading calendar invitations: what parse_invites does with events and files that are wrong or unusual.

An event that cannot become a meeting gets an error of its own while the others are still read;
a document that is not iCalendar, or has no events or too many, is InvalidCalendar; odd but valid
documents (LF line endings, a byte order mark, a character split by line folding, several
calendars in one file) are read. Random, truncated and mutated fixtures (hypothesis) either parse
or are InvalidCalendar, never any other exception. Real invitations: test_invites.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.calendar.invites import MAX_EVENTS, InvalidCalendar, parse_invites
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

FIXTURE_BYTES = [path.read_bytes() for path in sorted(INVITATIONS.glob("*.ics"))]
FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def assert_parses_or_is_invalid(data: bytes) -> None:
    try:
        parsed = parse_invites(data)
    except InvalidCalendar:
        return
    for invite in parsed.invites:
        if invite.starts_at is None:  # a cancellation needs no time
            assert invite.cancelled and invite.ends_at is None
            continue
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
