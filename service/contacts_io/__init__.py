"""Contacts in files: vCard and CSV read into rows, vCard 4.0 written, and my address book filled from them.

``parse_contacts_file`` reads an upload into ``ContactRow``s and ``RowError``s; ``merge``
says what a row changes in a contact I already have; ``export`` writes one contact as a vCard.
Those are plain Python, with no Flask and no database. ``address_book`` applies them to my rows:
the import (``import_contacts``) and the whole address book as one file (``contacts_vcard``).
"""

from __future__ import annotations

from typing import Literal

from service.contacts_io.csv_files import parse_csv
from service.contacts_io.rows import (
    IMPORTED_FIELDS,
    MAX_ROWS,
    ContactRow,
    ContactsFileError,
    ParsedContacts,
    RowError,
    RowWarning,
    TooManyRows,
    decode_file,
    linkedin_key,
    linkedin_profile_url,
    looks_like_vcard,
)
from service.contacts_io.vcard import parse_vcards

__all__ = [
    "IMPORTED_FIELDS",
    "MAX_ROWS",
    "ContactRow",
    "ContactsFileError",
    "ParsedContacts",
    "RowError",
    "RowWarning",
    "TooManyRows",
    "linkedin_key",
    "linkedin_profile_url",
    "parse_contacts_file",
]

EMPTY = "The file is empty: send the .vcf or .csv file your address book or LinkedIn exported."


def parse_contacts_file(data: bytes, declared: Literal["vcard", "csv"] | None = None) -> ParsedContacts:
    """Read a vCard or CSV file of contacts.

    A file whose first line opens a vCard is read as vCard, whatever was declared; otherwise
    as ``declared`` (CSV when nothing was). Raises ``ContactsFileError`` when the file cannot
    be read as either.
    """
    file = decode_file(data)
    if not file.text.strip():
        raise ContactsFileError(EMPTY)
    if looks_like_vcard(file.text) or declared == "vcard":
        return parse_vcards(file)
    return parse_csv(file)
