"""A file shared from another app (a phone's share sheet, through the web app's Web Share Target), routed to its import.

A vCard or CSV file goes to the contacts import (``service.contacts_io.address_book``), an iCalendar
file to the invitations import (``service.calendar.invitation_import``); ``service.web.uploads`` tells which.
"""

from __future__ import annotations

from typing import Literal

from flask import request

from service.calendar.invitation_import import import_invitations
from service.calendar.invites import MAX_EVENTS
from service.contacts_io import (
    MAX_ROWS,
    ContactsFileError,
    ParsedContacts,
    TooManyRows,
    address_book,
    parse_contacts_file,
)
from service.errors import Problem
from service.schemas.contact import ContactSchema
from service.schemas.shared_files import SharedFileImportSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.uploads import (
    CSV_EXAMPLE,
    FORM_FILE_CONTENT,
    FORMAT_OF_TYPE,
    INVITE_EXAMPLE,
    UNNAMED_TYPES,
    VCARD_EXAMPLE,
    FileFormat,
    contacts_file_problem,
    form_upload,
    shared_file_format,
)

blp = Blueprint(
    "shared_files",
    __name__,
    url_prefix="/api/v1/shared-files",
    description="A file shared from another app, imported as contacts or invitations.",
)

blp.takes_files("import_shared_file")

ACCEPTED = (
    "Share a vCard file (.vcf), a CSV file of contacts (.csv, such as LinkedIn's Connections.csv) or an "
    "iCalendar invitation (.ics): as multipart/form-data with the file in a field named `file`, or as the body "
    "with its media type (text/vcard, text/csv, text/calendar, or application/octet-stream to let the file say "
    "what it is)."
)
EMPTY = "The shared file is empty: share the .vcf, .csv or .ics file again."


def _not_accepted(what: str) -> Problem:
    return Problem(415, f"{what} {ACCEPTED}")


def _shared_file() -> tuple[bytes, str, str | None]:
    """The file shared, the media type it was declared with and its name: a form's file, or the body."""
    if request.mimetype == "multipart/form-data":
        upload = form_upload("the shared file")
        return upload.read(), upload.mimetype, upload.filename
    if request.mimetype in FORMAT_OF_TYPE or request.mimetype in UNNAMED_TYPES:
        return request.get_data(), request.mimetype, None  # bounded by IMPORT_MAX_CONTENT_LENGTH (413)
    raise _not_accepted(f"The body is {request.mimetype or 'sent without a Content-Type'}.")


def _format_of(data: bytes, media_type: str, filename: str | None) -> FileFormat | None:
    """The format of the shared file (``shared_file_format``); None for a file that may be a CSV file of
    contacts, as nothing says otherwise. A 415 for a file of another type, a 422 for an empty one."""
    file_format = shared_file_format(media_type, filename, data)
    if file_format is None and media_type and media_type not in UNNAMED_TYPES:
        raise _not_accepted(f"The file is {media_type}{f' ({filename})' if filename else ''}.")
    if file_format is None and not data.strip():
        raise Problem(422, EMPTY, code="no_file", errors={"file": [EMPTY]})
    return file_format


def _contacts(data: bytes, declared: Literal["vcard", "csv"] | None) -> ParsedContacts:
    """The contacts of a vCard or CSV file; with nothing ``declared``, a file that is no CSV file is a 415."""
    try:
        return parse_contacts_file(data, declared)
    except ContactsFileError as exc:
        if declared is None and not isinstance(exc, TooManyRows):
            raise _not_accepted("The file is not a vCard, an iCalendar file or a CSV file with a header row.") from exc
        raise contacts_file_problem(exc) from exc


@blp.route("", methods=["POST"])
@blp.login_required
@blp.doc(
    requestBody={
        "required": True,
        "description": (
            "One file, as the share sheet gives it: a vCard file or a CSV file of contacts (at most "
            f"{MAX_ROWS} contacts, as POST /api/v1/contacts/import reads them, LinkedIn's Connections.csv "
            f"included), or an iCalendar document with at most {MAX_EVENTS} events (as POST "
            "/api/v1/calendar/import reads it). Which one it is, is told by the media type it is declared with "
            "(a vCard, CSV or iCalendar type, see those imports), else by its filename's extension (.vcf, "
            ".vcard, .csv, .ics, .ical), else, sent as application/octet-stream or text/plain, by its first "
            "line: BEGIN:VCARD, BEGIN:VCALENDAR, or else it is read as a CSV file of contacts."
        ),
        "content": {
            **FORM_FILE_CONTENT,
            "text/vcard": {"schema": {"type": "string"}, "example": VCARD_EXAMPLE},
            "text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE},
            "text/calendar": {"schema": {"type": "string"}, "example": INVITE_EXAMPLE},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}, "example": INVITE_EXAMPLE},
        },
    },
)
@blp.response(
    200,
    SharedFileImportSchema,
    examples={
        "contacts": {
            "summary": "A LinkedIn Connections.csv",
            "value": {
                "imported_as": "contacts",
                "contacts": {"created": 12, "updated": 3, "skipped": 1, "errors": [], "warnings": []},
                "calendar": None,
            },
        },
        "calendar": {
            "summary": "An invitation (.ics)",
            "value": {
                "imported_as": "calendar",
                "contacts": None,
                "calendar": {
                    "created": 1,
                    "updated": 0,
                    "cancelled": 0,
                    "skipped": 0,
                    "events": [
                        {
                            "uid": "7kc9ht3r2m@google.com",
                            "recurrence_id": None,
                            "action": "created",
                            "meeting_id": 12,
                            "reason": None,
                        }
                    ],
                    "errors": [],
                },
            },
        },
    },
)
@blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
@blp.alt_response(
    415,
    response="UNSUPPORTED_MEDIA_TYPE",
    description="Not a file the imports read: no vCard, CSV or iCalendar file; the detail says which are.",
)
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description="A form without a file or an empty file; a file of its type that cannot be read (see the imports).",
)
def import_shared_file():
    """Import a file shared from another app: contacts (vCard, CSV) or an invitation (iCalendar).

    The web app's Web Share Target posts what a phone's share sheet gives it here: a contact card
    from the address book, LinkedIn's Connections.csv, an invitation from a mail app. The file is
    imported exactly as POST /api/v1/contacts/import (without `dry_run`) or POST
    /api/v1/calendar/import would import it, and `imported_as` says which one did.
    """
    data, media_type, filename = _shared_file()
    file_format = _format_of(data, media_type, filename)
    if file_format == "icalendar":
        return {"imported_as": "calendar", "contacts": None, "calendar": import_invitations(data, current_user)}
    parsed = _contacts(data, file_format)
    report = address_book.import_contacts(parsed, current_user.id, rules=ContactSchema(), dry_run=False)
    return {"imported_as": "contacts", "contacts": report, "calendar": None}
