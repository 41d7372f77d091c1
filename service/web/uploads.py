"""Files uploaded to the imports: as the body in their own type, or as a form's file (a browser's, `curl -F`).

Each import names the media types it reads; a file shared from a phone (``POST /api/v1/shared-files``)
may be any of them, so ``shared_file_format`` tells which it is: by its declared type, else its
filename's extension, else the first line of what it holds.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

from flask import request
from werkzeug.datastructures import FileStorage

from service.contacts_io import ContactsFileError, TooManyRows
from service.errors import Problem

# The requestBody content of an upload sent as a form's file.
FORM_FILE_CONTENT = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    }
}

VCARD_TYPES = {"text/vcard", "text/x-vcard", "text/directory"}
# Windows browsers and older tools name a CSV file with one of the others.
CSV_TYPES = {"text/csv", "application/csv", "text/x-csv", "text/comma-separated-values", "application/vnd.ms-excel"}
ICALENDAR_TYPES = {"text/calendar", "application/ics", "text/x-vcalendar"}
# Types that say nothing of the format (an upload library's default): the file says which it is.
UNNAMED_TYPES = {"application/octet-stream", "text/plain"}

FileFormat = Literal["vcard", "csv", "icalendar"]
FORMAT_OF_TYPE: dict[str, FileFormat] = {
    **dict.fromkeys(VCARD_TYPES, "vcard"),
    **dict.fromkeys(CSV_TYPES, "csv"),
    **dict.fromkeys(ICALENDAR_TYPES, "icalendar"),
}
FORMAT_OF_EXTENSION: dict[str, FileFormat] = {
    ".vcf": "vcard",
    ".vcard": "vcard",
    ".csv": "csv",
    ".ics": "icalendar",
    ".ical": "icalendar",
    ".icalendar": "icalendar",
}
# The first line with text on it, in a vCard or an iCalendar file (RFC 6350, RFC 5545).
OPENING_LINE = re.compile(r"\s*BEGIN\s*:\s*(VCARD|VCALENDAR)\s*", re.IGNORECASE)
SNIFFED_BYTES = 4096

VCARD_EXAMPLE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Raman;Priya;;;\r\nFN:Priya Raman\r\nORG:Northwind Analytics;\r\n"
    "TITLE:Head of Data Science\r\nitem1.EMAIL;type=INTERNET;type=pref:priya@example.org\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0958\r\n"
    "item2.URL;type=pref:https://www.linkedin.com/in/priya-raman\r\nitem2.X-ABLabel:LinkedIn\r\n"
    "END:VCARD\r\n"
)
CSV_EXAMPLE = (
    "name,email,phone,company,title,location,linkedin_url,notes,tags\r\n"
    "Priya Raman,priya@example.org,+44 20 7946 0958,Northwind Analytics,Head of Data Science,London,"
    'https://www.linkedin.com/in/priya-raman,"Met at PyData, London","data,mentor"\r\n'
)
INVITE_EXAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nDTSTART:20261203T100000Z\r\nDTEND:20261203T103000Z\r\nUID:7kc9ht3r2m@google.com\r\n"
    "ORGANIZER;CN=Priya Raman:mailto:priya@example.com\r\n"
    "ATTENDEE;CN=Ana Lima;PARTSTAT=NEEDS-ACTION:mailto:ana@example.com\r\n"
    "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Coffee with Priya\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def form_upload(what: str) -> FileStorage:
    """The file of a multipart/form-data request: its field `file`, else its first file.

    A form without a file is a 422 that asks for ``what`` ("the .ics file") in a field named `file`.
    """
    upload = request.files.get("file") or next(iter(request.files.values()), None)
    if upload is None:
        message = f"The form has no file: send {what} in a field named `file`."
        raise Problem(422, message, code="no_file", errors={"file": [message]})
    return upload


def form_file(what: str) -> bytes:
    """The bytes of a multipart/form-data request's file (``form_upload``)."""
    return form_upload(what).read()


def contacts_file_problem(exc: ContactsFileError) -> Problem:
    """The 422 of a file the contacts import cannot read, or that holds too many contacts."""
    code = "too_many_rows" if isinstance(exc, TooManyRows) else "invalid_contacts_file"
    return Problem(422, str(exc), code=code, errors={"file": [str(exc)]})


def shared_file_format(media_type: str, filename: str | None, data: bytes) -> FileFormat | None:
    """What a shared file is: what its declared media type says; else its filename's extension; else, when
    its type says nothing (``UNNAMED_TYPES``, or none at all), its first line (BEGIN:VCARD, BEGIN:VCALENDAR).

    None when none of them says: a CSV file that was not named one, or a file no import reads.
    """
    if media_type in FORMAT_OF_TYPE:
        return FORMAT_OF_TYPE[media_type]
    extension = "." + filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    if extension in FORMAT_OF_EXTENSION:
        return FORMAT_OF_EXTENSION[extension]
    if media_type and media_type not in UNNAMED_TYPES:
        return None
    opening = OPENING_LINE.fullmatch(_first_line(data[:SNIFFED_BYTES]))
    if opening is None:
        return None
    return "vcard" if opening.group(1).upper() == "VCARD" else "icalendar"


def _first_line(head: bytes) -> str:
    """The first line with text on it at the start of a file (UTF-8, or UTF-16 with its byte order mark)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="ignore")
    return next((line for line in text.splitlines() if line.strip()), "")
