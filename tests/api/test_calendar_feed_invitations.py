"""Meetings imported from invitations in the subscription feed: there, and marked as such.

A feed is a calendar of its own in the calendar app (shown, coloured and hidden apart from the
user's calendars), so an imported meeting stays in it, with its preparation notes. The copy says
that it comes from an invitation, in its notes and as RELATED-TO the organizer's event (its UID).
"""

from __future__ import annotations

import icalendar

from tests.factories import FEED, created, imported_meeting, invite, new_meeting


def feed_events(account) -> dict[str, icalendar.Event]:
    """The events of the account's feed, by UID."""
    path = created(account.post(FEED))["url"].removeprefix("http://localhost")
    response = account.client.get(path)
    assert response.status_code == 200
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(response.data).walk("VEVENT")}


def test_an_imported_meeting_is_in_the_feed_related_to_the_organizers_event(me):
    imported = imported_meeting(me, invite(uid="chat-7@example.org"))

    event = feed_events(me)[imported["uid"]]

    assert str(event["RELATED-TO"]) == "chat-7@example.org"
    assert event["RELATED-TO"].params["RELTYPE"] == "SIBLING"


def test_an_imported_meeting_says_in_its_notes_that_it_comes_from_an_invitation(me):
    imported = imported_meeting(me, invite())

    description = str(feed_events(me)[imported["uid"]]["DESCRIPTION"])

    assert description.startswith("From an invitation: the organizer's event may be in your calendar too.")


def test_a_meeting_made_here_carries_no_invitation_mark(me):
    mine = new_meeting(me)

    event = feed_events(me)[mine["uid"]]

    assert "RELATED-TO" not in event
    assert not str(event["DESCRIPTION"]).startswith("From an invitation")
