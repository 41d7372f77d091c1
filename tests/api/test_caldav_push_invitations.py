"""Meetings imported from invitations and the linked CalDAV calendar (a real Radicale server).

The organizer's event usually reaches the same calendar through the user's mail or calendar
account, so a pushed copy would show the meeting twice: imported meetings are pushed only when the
link asks for them (``push_invitations``), and switching that off removes the copies pushed.
"""

from __future__ import annotations

from tests.factories import CALDAV, event_for, imported_meeting, invite, link, new_meeting


def linked(account, calendar, **body) -> dict:
    status = link(account, calendar, **body)
    assert status["pending"] == 0, status
    return status


def test_a_link_leaves_invitations_out_unless_asked(me, caldav_calendar):
    assert linked(me, caldav_calendar)["push_invitations"] is False
    assert me.get(CALDAV).get_json()["push_invitations"] is False


def test_an_imported_meeting_is_not_pushed_by_default(me, caldav_calendar):
    linked(me, caldav_calendar)
    mine = new_meeting(me)

    imported = imported_meeting(me, invite())

    assert event_for(caldav_calendar, imported) is None
    assert event_for(caldav_calendar, mine) is not None
    assert me.get(CALDAV).get_json()["pending"] == 0  # left out, not waiting


def test_an_imported_meeting_is_pushed_when_the_link_asks_for_invitations(me, caldav_calendar):
    linked(me, caldav_calendar, push_invitations=True)

    imported = imported_meeting(me, invite(uid="chat-7@example.org"))

    event = event_for(caldav_calendar, imported)
    assert event is not None
    assert str(event["RELATED-TO"]) == "chat-7@example.org"  # the organizer's event, told apart from ours


def test_switching_invitations_off_removes_the_copies_pushed(me, caldav_calendar):
    linked(me, caldav_calendar, push_invitations=True)
    mine = new_meeting(me)
    imported = imported_meeting(me, invite())
    assert event_for(caldav_calendar, imported) is not None

    linked(me, caldav_calendar, push_invitations=False)

    assert event_for(caldav_calendar, imported) is None
    assert event_for(caldav_calendar, mine) is not None


def test_switching_invitations_on_pushes_the_meetings_imported_before(me, caldav_calendar):
    linked(me, caldav_calendar)
    imported = imported_meeting(me, invite())

    linked(me, caldav_calendar, push_invitations=True)

    assert event_for(caldav_calendar, imported) is not None
