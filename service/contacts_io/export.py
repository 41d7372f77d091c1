"""My contacts written as vCard 4.0 (RFC 6350).

Each contact becomes one card: FN, N, EMAIL, TEL, ORG, TITLE, ADR (the location as its
locality), URL (the LinkedIn profile), NOTE, CATEGORIES (the tags), UID and REV (when it last
changed). Text is escaped (backslash, comma, semicolon, line break) and lines are folded at
75 octets without splitting a UTF-8 character, with CRLF line ends.

The UID is ``urn:uuid:`` and a UUID derived from the user's and the contact's ids: the same
contact has the same UID in every export, so an address book updates the card instead of
adding a copy, and importing the file back into the same account finds each contact again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

PRODID = "-//coffeechat//coffeechat API//EN"
FOLD_AT = 75  # octets per line, CRLF excluded (RFC 6350, 3.2)
# The namespace of contact UIDs (uuid5); never change it, or every exported UID changes.
UID_NAMESPACE = uuid.UUID("6f1c9b52-3a0e-5d47-9b1e-2c8f4a7d0e13")


def contact_uid(user_id: int, contact_id: int) -> str:
    """The UID of a contact's card: stable, and different for every user and contact."""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'contact:{user_id}:{contact_id}')}"


def escape(value: str) -> str:
    """A text value escaped for vCard: backslash, comma, semicolon and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets, each ended by CRLF."""
    if len(line.encode()) <= FOLD_AT:
        return line + "\r\n"
    pieces, piece, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > FOLD_AT:
            pieces.append("".join(piece))
            piece, size = [" "], 1  # a continuation line starts with one space
        piece.append(char)
        size += width
    pieces.append("".join(piece))
    return "\r\n".join(pieces) + "\r\n"


def _structured_name(name: str) -> str:
    """N from a full name: the last word is the family name, the words before it the given names."""
    words = name.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else ("", name.strip())
    return f"{escape(family)};{escape(given)};;;"


def _timestamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def contact_card(contact: Mapping, *, uid: str, tags: list[str]) -> str:
    """One contact as a vCard 4.0 card (text with CRLF line ends).

    ``contact`` holds the Contact columns by name (name, email, phone, company, title,
    location, linkedin_url, notes, updated_at).
    """
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}", f"UID:{uid}"]
    lines.append(f"FN:{escape(contact['name'])}")
    lines.append(f"N:{_structured_name(contact['name'])}")
    if contact.get("email"):
        lines.append(f"EMAIL:{escape(contact['email'])}")
    if contact.get("phone"):
        lines.append(f"TEL;VALUE=text:{escape(contact['phone'])}")  # 4.0: a TEL is a tel: URI unless VALUE=text
    if contact.get("company"):
        lines.append(f"ORG:{escape(contact['company'])}")
    if contact.get("title"):
        lines.append(f"TITLE:{escape(contact['title'])}")
    if contact.get("location"):
        lines.append(f"ADR:;;;{escape(contact['location'])};;;")
    if contact.get("linkedin_url"):
        lines.append(f"URL:{contact['linkedin_url']}")  # a URI: not escaped like text
    if contact.get("notes"):
        lines.append(f"NOTE:{escape(contact['notes'])}")
    if tags:
        lines.append(f"CATEGORIES:{','.join(escape(tag) for tag in tags)}")
    if contact.get("updated_at"):
        lines.append(f"REV:{_timestamp(contact['updated_at'])}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)
