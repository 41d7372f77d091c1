"""My contacts as files: vCard and CSV exports imported, my contacts exported as vCard 4.0.

How rows are matched with my contacts and filled in is ``service.contacts_io.address_book``.
"""

from __future__ import annotations

from flask import Response, current_app, request

from service.contacts_io import MAX_ROWS, ContactsFileError, address_book, parse_contacts_file
from service.errors import Problem
from service.schemas.contact import ContactSchema
from service.schemas.contact_files import ContactImportQuerySchema, ContactImportResultSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.uploads import (
    CSV_EXAMPLE,
    CSV_TYPES,
    FORM_FILE_CONTENT,
    UNNAMED_TYPES,
    VCARD_EXAMPLE,
    VCARD_TYPES,
    contacts_file_problem,
    form_file,
)

blp = Blueprint(
    "contact_files",
    __name__,
    url_prefix="/api/v1/contacts",
    description="My contacts as files: import vCard and CSV, export vCard.",
)

blp.takes_files("import_contacts")

EXPORT_EXAMPLE = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//coffeechat//coffeechat API//EN\r\n"
    "UID:urn:uuid:2d0c5b8e-4f7a-5e21-9c3d-8a1b6f0e4d27\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"
    "EMAIL:priya@example.org\r\nORG:Northwind Analytics\r\nTITLE:Head of Data Science\r\n"
    "URL:https://www.linkedin.com/in/priya-raman\r\nCATEGORIES:data,mentor\r\nREV:20261126T093000Z\r\n"
    "END:VCARD\r\n"
)


def _uploaded_file() -> tuple[bytes, str | None]:
    """The file as sent, and the format its Content-Type declares (None: a form's file, or a type that does not say)."""
    if request.mimetype in VCARD_TYPES:
        return request.get_data(), "vcard"  # bounded by IMPORT_MAX_CONTENT_LENGTH (413)
    if request.mimetype in CSV_TYPES:
        return request.get_data(), "csv"
    if request.mimetype in UNNAMED_TYPES:
        return request.get_data(), None
    if request.mimetype == "multipart/form-data":
        return form_file("the .vcf or .csv file"), None
    raise Problem(
        415,
        f"The body is {request.mimetype or 'sent without a Content-Type'}. Send the contacts as text/vcard "
        "(also text/x-vcard or text/directory) or text/csv with the file as the body (with curl: "
        "-H 'Content-Type: text/vcard' --data-binary @contacts.vcf), or as multipart/form-data with the file "
        "in a field named `file` (with curl: -F file=@contacts.vcf).",
    )


@blp.route("/import", methods=["POST"])
@blp.login_required
@blp.doc(
    requestBody={
        "required": True,
        "description": (
            f"A vCard file (2.1, 3.0 or 4.0; also as text/x-vcard or text/directory) or a CSV file (also as "
            "application/csv, text/x-csv, text/comma-separated-values or application/vnd.ms-excel), with at most "
            f"{MAX_ROWS} contacts, as the body or as a file. A CSV is LinkedIn's Connections.csv (old or new "
            "layout) or any CSV whose header names the columns: name (or First Name and Last Name), email, phone, "
            "company, title, industry, location, linkedin_url, notes, tags. Sent as application/octet-stream or "
            "text/plain, or as a form's file, it is read as a vCard when it begins with BEGIN:VCARD, else as a CSV."
        ),
        "content": {
            "text/vcard": {"schema": {"type": "string"}, "example": VCARD_EXAMPLE},
            "text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}, "example": VCARD_EXAMPLE},
            **FORM_FILE_CONTENT,
        },
    },
)
@blp.arguments(ContactImportQuerySchema, location="query")
@blp.response(200, ContactImportResultSchema)
@blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
@blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description=f"The file is neither a vCard nor a CSV with a header row, or it has over {MAX_ROWS} contacts.",
)
def import_contacts(args):
    """Import contacts from a vCard or CSV file (an address book, an iPhone or Android, LinkedIn).

    A row about a contact I have (the same email, else the same LinkedIn URL, or a card this
    API exported) fills in the fields that contact lacks and adds its tags; it never changes
    or clears a field that has a value. A row that adds nothing is skipped, and so is a
    contact group's card; a row that cannot be read or breaks the rules of a contact is listed
    in `errors`, and the others are still imported. A row imported with a value to check (a
    name taken from its email address, text with bytes that were not in its character set) is
    listed in `warnings`. With `dry_run=true` nothing is saved.
    """
    data, declared = _uploaded_file()
    try:
        parsed = parse_contacts_file(data, declared)
    except ContactsFileError as exc:
        raise contacts_file_problem(exc) from exc
    return address_book.import_contacts(parsed, current_user.id, rules=ContactSchema(), dry_run=args["dry_run"])


@blp.route("/export.vcf")
@blp.login_required
@blp.doc(
    parameters=["IF_NONE_MATCH"],
    responses={
        "200": {
            "description": "All my contacts, one vCard 4.0 card each, as a file to download.",
            "headers": {
                "ETag": {"schema": {"type": "string"}, "description": "Send it back as If-None-Match."},
                "Content-Disposition": {
                    "schema": {"type": "string"},
                    "description": 'attachment; filename="contacts.vcf"',
                },
            },
            "content": {"text/vcard": {"schema": {"type": "string"}, "example": EXPORT_EXAMPLE}},
        },
        "304": {"description": "Unchanged since the ETag sent."},
    },
)
def export_contacts() -> Response:
    """Export all my contacts as a vCard 4.0 file, for an address book or a phone.

    Each card has a UID that stays the same from one export to the next, so importing the
    file again updates the cards instead of duplicating them. The fields are the name, email,
    phone, company, title, location, LinkedIn URL, notes, tags and when the contact last changed.
    """
    version = address_book.export_version(current_user.id)
    if request.if_none_match.contains_weak(version):
        response = current_app.response_class(status=304)  # built without drawing a single card
    else:
        response = current_app.response_class(address_book.contacts_vcard(current_user.id), mimetype="text/vcard")
        response.headers["Content-Disposition"] = 'attachment; filename="contacts.vcf"'
    response.set_etag(version, weak=True)
    response.headers["Cache-Control"] = "private"
    return response
