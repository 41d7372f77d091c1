"""Whose meetings and contacts an import makes and updates: the importer's own only, and never a meeting
I added myself.

The calendars are built with ``tests.factories.invite``; the user is registered as me@example.com,
whom they invite.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import INVITATION_START as SOON
from tests.factories import INVITEE as ME
from tests.factories import (
    MEETINGS,
    all_contacts,
    all_meetings,
    contact_emails,
    imported_meeting,
    invite,
    meeting,
    new_contact,
    new_meeting,
)
from tests.factories import import_counts as counts
from tests.factories import imported_calendar as imported

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
