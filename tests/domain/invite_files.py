"""Helpers of the invitation tests (test_invites.py, test_invites_robustness.py): not a test module.

The fixture files of real calendar apps, iCalendar text built line by line (``vcalendar``,
``vevent``, ``vtimezone``), the one invite or error a document gives, and UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from service.calendar.invites import Invite, InviteError, parse_invites
from tests.factories import INVITATIONS


def fixture(name: str) -> bytes:
    return (INVITATIONS / name).read_bytes()


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
