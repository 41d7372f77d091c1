"""How a calendar is sent to the import (a body or a multipart form, of a calendar media type), and the
requests refused whole: no calendar, not an invitation, too many events or bytes, no login.

Realistic invitations come from ``tests/fixtures/calendar``; the other cases are calendars built
with ``tests.factories.invite``. The user is registered as me@example.com, the invitee of every fixture.
"""

from __future__ import annotations

import io
from datetime import timedelta

import icalendar
import pytest

from service.calendar.invites import MAX_EVENTS
from tests.factories import (
    CALENDAR_IMPORT,
    all_contacts,
    all_meetings,
    assert_problem,
    calendar,
    event,
    import_ics,
    imported_meeting,
    invite,
    meeting,
)
from tests.factories import INVITATION_START as SOON
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported
from tests.factories import invitation_file as fixture

# --- how the calendar is sent ----------------------------------------------------------


def test_a_multipart_form_with_the_file_imports(me):
    response = me.post(
        CALENDAR_IMPORT,
        data={"file": (io.BytesIO(fixture("google-request")), "invite.ics")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    assert counts(response.get_json()) == (1, 0, 0, 0)
    assert len(all_meetings(me)) == 1


@pytest.mark.parametrize(
    "content_type", ["application/ics", "text/calendar; charset=utf-8", "application/octet-stream"]
)
def test_other_calendar_media_types_import(me, content_type):
    response = import_ics(me, fixture("google-request"), content_type=content_type)
    assert response.status_code == 200, response.get_json()
    assert len(all_meetings(me)) == 1


def test_a_form_without_a_file_is_a_422_problem(me):
    response = me.post(CALENDAR_IMPORT, data={"note": "forgot the file"}, content_type="multipart/form-data")
    assert_problem(response, 422, "no_file")
    assert all_meetings(me) == []


def test_a_json_body_is_a_415_problem(me):
    response = me.post(CALENDAR_IMPORT, json={"ics": fixture("google-request").decode()})
    assert "text/calendar" in assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert all_meetings(me) == []


def test_a_body_without_a_content_type_is_a_415_problem(me):
    response = me.post(CALENDAR_IMPORT, data=fixture("google-request"))
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


def test_a_mail_thread_imports_its_invitation_and_cancellation_and_says_what_its_reply_is(me):
    cancelled = imported_meeting(me, fixture("google-request"))

    report = imported(me, fixture("mail-thread-replies-and-cancel"))

    assert counts(report) == (1, 0, 1, 0)
    assert meeting(me, cancelled["id"])["status"] == "cancelled"
    (reply,) = report["errors"]
    assert reply["message"] == (
        'The event "Accepted: Coffee chat: Priya / Sam (follow-up)" is an answer to an invitation (METHOD:REPLY), '
        "not an invitation, so no meeting was changed."
    )


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
    response = small.post(CALENDAR_IMPORT, data=raw, content_type="text/calendar", headers=me.headers)
    assert_problem(response, 413, "payload_too_large")
    assert all_meetings(me) == []


def test_a_file_over_the_configured_size_limit_is_a_413_problem(make_app, me):
    # A small limit: the test client spools a multipart body over 500 KiB to a file it never closes.
    small = make_app(IMPORT_MAX_CONTENT_LENGTH=10_000).test_client()
    raw = invite(description="x" * 10_000)
    response = small.post(
        CALENDAR_IMPORT,
        data={"file": (io.BytesIO(raw), "big.ics")},
        content_type="multipart/form-data",
        headers=me.headers,
    )
    assert_problem(response, 413, "payload_too_large")
    assert all_meetings(me) == []


def test_importing_needs_a_login(client):
    response = client.post(CALENDAR_IMPORT, data=fixture("google-request"), content_type="text/calendar")
    assert_problem(response, 401, "token_missing")
