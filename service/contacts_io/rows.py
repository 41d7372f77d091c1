"""What the contact file readers produce, and the value rules they share.

A reader turns a file into ``ContactRow``s (the contact fields one card or CSV line gives,
with its number) and ``RowError``s (a card or line that cannot be read, and why), so that one
bad row never hides the others. Only a file that is not a contacts file at all, or holds more
than ``MAX_ROWS`` contacts, raises ``ContactsFileError``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_ROWS = 5000

# The Contact fields a file can fill, in the order a person reads them.
IMPORTED_FIELDS = (
    "name",
    "email",
    "phone",
    "company",
    "title",
    "industry",
    "location",
    "linkedin_url",
    "how_met",
    "notes",
    "research_notes",
    "tags",
)

HAS_NUL = (
    "The file contains the NUL character, which contact files cannot hold (a file saved as UTF-16 "
    "without a byte order mark has one in every other byte, and so has a picture or a spreadsheet "
    "in Excel's own format). Send the .vcf or .csv file as the app exported it."
)


class ContactsFileError(ValueError):
    """The file is not a contacts file we can read (the message says what to send instead)."""


class TooManyRows(ContactsFileError):
    """The file holds more than ``MAX_ROWS`` contacts."""

    def __init__(self, count: int, what: str):
        super().__init__(
            f"The file has {count} {what} and at most {MAX_ROWS} can be imported at once: split it into smaller files."
        )


@dataclass(frozen=True)
class ContactRow:
    """The contact fields one card or CSV line gives: only those it has, as text (tags as a list)."""

    row: int  # the card's number (1-based) in a vCard file, the line number in a CSV file
    fields: dict
    uid: str | None = None  # a vCard's UID, to find again a contact this service exported


@dataclass(frozen=True)
class RowError:
    """A card or CSV line that cannot become a contact, and what to do about it."""

    row: int
    message: str


@dataclass
class ParsedContacts:
    """Everything read from one file, in file order."""

    rows: list[ContactRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    not_people: int = 0  # cards that are not about one person or organization (contact groups)


def decode_text(data: bytes) -> str:
    """The file's text, with its line breaks as ``\\n``.

    UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark are read as
    such; anything else that is not UTF-8 is read as Windows-1252, the encoding Excel on
    Windows saves a CSV in.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ContactsFileError("The file starts like UTF-16 text but is not: send it as UTF-8.") from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ContactsFileError(HAS_NUL)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_vcard(text: str) -> bool:
    """Whether the first line with text on it opens a vCard."""
    for line in text.split("\n", 50):
        if line.strip():
            return re.fullmatch(r"\s*BEGIN\s*:\s*VCARD\s*", line, re.IGNORECASE) is not None
    return False


def linkedin_profile_url(value: str | None) -> str | None:
    """``value`` as the canonical URL of a page on linkedin.com, or None when it is not one.

    https, host www.linkedin.com (country and mobile hosts such as uk. or m. are the same
    site), no query, fragment or trailing slash. A URL without a scheme ("linkedin.com/in/x")
    is read as https.
    """
    if not value:
        return None
    value = value.strip()
    if "://" not in value:
        value = "https://" + value.lstrip("/")
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or port not in (None, 80, 443) or parts.username:
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    if not path or any(char.isspace() for char in path):
        return None
    return f"https://www.linkedin.com{path}"


def linkedin_key(value: str | None) -> str | None:
    """What two LinkedIn URLs of the same page have in common (LinkedIn paths ignore case)."""
    url = linkedin_profile_url(value)
    return url.lower() if url else None


def joined(*parts: str | None, separator: str = " ") -> str | None:
    """The parts with text in them, trimmed and joined; None when none has any."""
    kept = [part.strip() for part in parts if part and part.strip()]
    return separator.join(kept) or None


def place(city: str | None, region: str | None, country: str | None) -> str | None:
    """A location as people write it: "Cupertino, CA, United States"; a part that repeats the one
    before it is said once (a city-state, or a region exported as the city again: "Berlin, Germany")."""
    parts = [part.strip() for part in (city, region, country) if part and part.strip()]
    parts = [part for index, part in enumerate(parts) if index == 0 or part.lower() != parts[index - 1].lower()]
    return ", ".join(parts) or None


# Google Contacts puts every contact in its system group "myContacts": not a tag of mine.
SYSTEM_GROUPS = {"mycontacts"}


def clean_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, without empty ones, Google's system group or its "* " marker."""
    cleaned = []
    for tag in tags:
        tag = tag.strip().removeprefix("* ").strip()
        if tag and tag.lower() not in SYSTEM_GROUPS:
            cleaned.append(tag)
    return cleaned
