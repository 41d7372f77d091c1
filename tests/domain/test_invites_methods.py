"""What each VCALENDAR of a file is for (its METHOD), and the reasons an event gives when it is not read.

A file may hold several VCALENDARs, as a mail archive saves the calendar parts of a thread: each
part's METHOD decides what its events are. Answers and counter-proposals (REPLY, COUNTER...) are no
invitations and are reported as such; a cancellation needs only the UID, not a start time.
"""

from __future__ import annotations

import pytest

from service.calendar.invites import InvalidCalendar, parse_invites
from tests.domain.invite_files import fixture, only_error, only_invite, utc, vcalendar, vevent

REPLY_TEXT = "is an answer to an invitation (METHOD:REPLY), not an invitation"


def test_each_part_of_a_mail_thread_is_read_by_its_own_method():
    parsed = parse_invites(fixture("mail-thread-replies-and-cancel.ics"))

    assert [(invite.uid, invite.cancelled) for invite in parsed.invites] == [
        ("3q8v1m0c5k2r7t9w4x6y1z3a5b@google.com", False),
        ("6b2fq0tqk1n8lqo9r3c5mhd7ve@google.com", True),
    ]
    (reply,) = parsed.errors
    assert reply.uid == "3q8v1m0c5k2r7t9w4x6y1z3a5b@google.com"
    assert reply.message.startswith(f'The event "Accepted: Coffee chat: Priya / Sam (follow-up)" {REPLY_TEXT}')


def test_a_reply_with_a_start_time_inside_a_file_of_invitations_is_not_read_as_one():
    parsed = parse_invites(
        vcalendar(vevent(uid="new@example.com"), method="REQUEST") + vcalendar(vevent(), method="REPLY")
    )

    assert [invite.uid for invite in parsed.invites] == ["new@example.com"]
    assert REPLY_TEXT in parsed.errors[0].message


def test_a_cancellation_without_a_start_time_cancels_by_its_uid():
    invite = only_invite(vcalendar(vevent("SEQUENCE:2", start=None), method="CANCEL"))

    assert (invite.uid, invite.cancelled, invite.sequence, invite.starts_at) == ("chat-1@example.com", True, 2, None)


def test_a_cancellation_in_a_zone_the_file_does_not_define_still_cancels():
    invite = only_invite(
        vcalendar(vevent("DTSTART;TZID=Mars/Olympus_Mons:20270105T170000", start=None), method="CANCEL")
    )

    assert (invite.cancelled, invite.starts_at) == (True, None)


def test_a_cancellation_keeps_its_start_time_when_it_has_one():
    assert only_invite(vcalendar(vevent(), method="CANCEL")).starts_at == utc(2027, 1, 5, 17, 0)


@pytest.mark.parametrize("method", ["REPLY", "COUNTER"])
def test_a_file_of_nothing_but_answers_is_not_an_invitation(method: str):
    with pytest.raises(InvalidCalendar, match=f"METHOD:{method}"):
        parse_invites(vcalendar(vevent(), method=method) + vcalendar(vevent(uid="other@example.com"), method="REPLY"))


def test_an_end_that_is_a_day_is_named_with_the_right_article():
    error = only_error(vcalendar(vevent("DTEND;VALUE=DATE:20270106")))

    assert "has an end time (DTEND) that is a day without a time" in error.message
