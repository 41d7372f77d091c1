"""Whom an imported meeting is with when I am among its attendees or its organizer, and the events that
cannot be a meeting (nobody but me, too long, too short): each is reported by its UID and imports
nothing, while the good events of the file still import.

The calendars are built with ``tests.factories.invite``; the user is registered as me@example.com,
whom they invite.
"""

from __future__ import annotations

import pytest

from tests.factories import INVITEE as ME
from tests.factories import (
    all_contacts,
    all_meetings,
    calendar,
    contact,
    contact_emails,
    event,
    imported_meeting,
    invite,
    meeting,
)
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported

# --- events that cannot be a meeting ---------------------------------------------------


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
