"""My contacts as files: vCard and CSV exports imported, my contacts exported as vCard 4.0.

An imported row is matched with a contact I have: the one whose exported card had this UID,
else the one with the same email (ignoring case), else the one with the same LinkedIn URL
(compared as ``linkedin_profile_url`` writes them). A match is filled in, never overwritten
(``service.contacts_io.merge``); a row without a match is a new contact, and later rows of the
same file match it too. Every row is checked against the rules of ``ContactSchema``, so an
import stores nothing the API itself would refuse.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import marshmallow as ma
from flask import Response, current_app, request
from sqlalchemy import func, insert, select

from service.auth import current_user
from service.contacts_io import (
    IMPORTED_FIELDS,
    MAX_ROWS,
    ContactRow,
    ContactsFileError,
    ParsedContacts,
    TooManyRows,
    linkedin_key,
    parse_contacts_file,
)
from service.contacts_io.export import contact_card, contact_uid
from service.contacts_io.merge import fill_in, merged
from service.errors import Problem
from service.extensions import db
from service.models import Contact, ContactTag
from service.models.types import utcnow
from service.openapi import FORM_FILE_CONTENT, Blueprint, form_file
from service.ownership import apply_changes, lock_owner
from service.schemas.contact import MAX_TAGS, ContactSchema
from service.schemas.contact_files import ContactImportQuerySchema, ContactImportResultSchema

blp = Blueprint(
    "contact_files",
    __name__,
    url_prefix="/api/v1/contacts",
    description="My contacts as files: import vCard and CSV, export vCard.",
)

blp.takes_files("import_contacts_file")

VCARD_TYPES = {"text/vcard", "text/x-vcard", "text/directory"}
# Windows browsers and older tools name a CSV file with one of the others.
CSV_TYPES = {"text/csv", "application/csv", "text/x-csv", "text/comma-separated-values", "application/vnd.ms-excel"}
# Types that say nothing of the format (an upload library's default): the file says which it is.
UNNAMED_TYPES = {"application/octet-stream", "text/plain"}
# Bump when the cards change for the same data, so that clients' copies are no longer current.
EXPORT_FORMAT = "vcard-4.0/2"

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
EXPORT_EXAMPLE = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//coffeechat//coffeechat API//EN\r\n"
    "UID:urn:uuid:2d0c5b8e-4f7a-5e21-9c3d-8a1b6f0e4d27\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"
    "EMAIL:priya@example.org\r\nORG:Northwind Analytics\r\nTITLE:Head of Data Science\r\n"
    "URL:https://www.linkedin.com/in/priya-raman\r\nCATEGORIES:data,mentor\r\nREV:20261126T093000Z\r\n"
    "END:VCARD\r\n"
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, message: str) -> None:
        self.errors.append({"row": row, "message": message})


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


@dataclass
class _Entry:
    """A contact the import matches or creates: its fields as they will be once imported."""

    values: dict
    contact: Contact | None = None  # None: a contact the import creates
    changes: dict = field(default_factory=dict)  # what the import sets in a contact I had


def _values(contact: Contact) -> dict:
    return {name: getattr(contact, name) for name in IMPORTED_FIELDS if name != "tags"} | {"tags": list(contact.tags)}


class ContactBook:
    """My contacts that a file's rows name, found by exported UID, email or LinkedIn URL.

    The ids, emails and LinkedIn URLs of my contacts are read in one query and the contacts
    the rows name in one more (their tags in one per 500), however many rows there are.
    """

    def __init__(self, user_id: int, rows: list[ContactRow], *, for_update: bool) -> None:
        self.user_id = user_id
        self.by_key: dict[tuple[str, str], _Entry] = {}
        self.matched: list[_Entry] = []  # contacts I had, that rows name
        self.created: list[_Entry] = []
        ids: dict[tuple[str, str], int] = {}
        identities = db.session.execute(
            select(Contact.id, Contact.email, Contact.linkedin_url)
            .where(Contact.user_id == user_id)
            .order_by(Contact.id)
        )
        self.last_id = 0  # my newest contact's id
        for contact_id, email, linkedin_url in identities:
            self.last_id = contact_id
            for key in self._keys(contact_uid(user_id, contact_id), email, linkedin_url):
                ids.setdefault(key, contact_id)  # two contacts with one email: the older one
        wanted = {ids[key] for row in rows for key in self._row_keys(row) if key in ids}
        if wanted:
            stmt = select(Contact).where(Contact.user_id == user_id, Contact.id.in_(wanted)).order_by(Contact.id)
            for contact in db.session.scalars(stmt.with_for_update() if for_update else stmt):
                self.matched.append(_Entry(_values(contact), contact))
                self._register(self.matched[-1], contact_uid(user_id, contact.id))

    @staticmethod
    def _keys(uid: str | None, email: str | None, linkedin_url: str | None) -> list[tuple[str, str]]:
        keys = []
        if uid:
            keys.append(("uid", uid))
        if email:
            keys.append(("email", email.strip().lower()))
        if url := linkedin_key(linkedin_url):
            keys.append(("linkedin", url))
        return keys

    def _row_keys(self, row: ContactRow) -> list[tuple[str, str]]:
        return self._keys(row.uid, row.fields.get("email"), row.fields.get("linkedin_url"))

    def _register(self, entry: _Entry, uid: str | None = None) -> None:
        for key in self._keys(uid, entry.values.get("email"), entry.values.get("linkedin_url")):
            self.by_key.setdefault(key, entry)

    def find(self, row: ContactRow, fields: dict) -> _Entry | None:
        """The contact a row is about: by exported UID, else email, else LinkedIn URL."""
        for key in self._keys(row.uid, fields.get("email"), fields.get("linkedin_url")):
            if key in self.by_key:
                return self.by_key[key]
        return None

    def create(self, fields: dict) -> None:
        entry = _Entry(fields)
        self.created.append(entry)
        self._register(entry)

    def change(self, entry: _Entry, changes: dict) -> None:
        entry.values = merged(entry.values, changes)
        if entry.contact is not None:
            entry.changes = merged(entry.changes, changes)
        self._register(entry)

    def save(self) -> None:
        """Write what the import decided: the new contacts and their tags, the fields filled in.

        New contacts go in one executemany, their tags in another; their ids are read back as my
        contacts after the last one I had, in id order, which is the order they went in (the
        import holds my lock, so no other request of mine adds contacts meanwhile). RETURNING
        could not say which id is whose without a statement per row on SQLite.
        """
        now = utcnow()
        tags: list[dict] = []
        if self.created:
            rows = [
                {name: entry.values.get(name) for name in IMPORTED_FIELDS if name != "tags"}
                | {"user_id": self.user_id, "created_at": now, "updated_at": now}
                for entry in self.created
            ]
            db.session.execute(insert(Contact), rows)
            ids = db.session.scalars(
                select(Contact.id)
                .where(Contact.user_id == self.user_id, Contact.id > self.last_id)
                .order_by(Contact.id)
            )
            for contact_id, entry in zip(ids, self.created, strict=True):
                tags.extend(_tag_rows(contact_id, entry.values.get("tags", []), start=0))
        for entry in self.matched:
            if entry.changes:
                changes = dict(entry.changes)
                tags.extend(_tag_rows(entry.contact.id, changes.pop("tags", []), start=len(entry.contact.tags)))
                apply_changes(entry.contact, changes)
        if tags:
            db.session.execute(insert(ContactTag), tags)


def _tag_rows(contact_id: int, tags: list[str], *, start: int) -> list[dict]:
    return [{"contact_id": contact_id, "position": start + index, "tag": tag} for index, tag in enumerate(tags)]


def _invalid(fields: dict, messages: dict) -> str:
    """Why a row breaks the API's rules, for a person: the field, its value, what is wrong."""
    problems = []
    for name, problem in messages.items():
        text = " ".join(_flat(problem))
        value = fields.get(name)
        shown = f' "{value[:80]}"' if isinstance(value, str) else ""
        problems.append(f"{name}{shown}: {text}")
    return (
        f"{fields.get('name') or 'This row'}: {'; '.join(problems)} "
        "Correct it in the file, or leave it empty, and import again."
    )


def _flat(messages) -> list[str]:
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _flat(value)]
    if isinstance(messages, list):
        return [text for value in messages for text in _flat(value)]
    return [str(messages)]


def import_contacts(parsed: ParsedContacts, user_id: int, *, dry_run: bool) -> ImportReport:
    """Create and fill in my contacts from the rows of a file; with ``dry_run``, only say what would change."""
    report = ImportReport(skipped=parsed.not_people)
    for problem in parsed.errors:
        report.error(problem.row, problem.message)
    schema = ContactSchema()
    valid: list[tuple[ContactRow, dict]] = []
    for row in parsed.rows:
        try:
            fields = schema.load(row.fields)
        except ma.ValidationError as exc:
            report.error(row.row, _invalid(row.fields, exc.messages_dict))
            continue
        valid.append((row, fields))
    if not dry_run:
        lock_owner()  # one import at a time per user: the same person imported twice at once is one contact
    book = ContactBook(user_id, [row for row, _ in valid], for_update=not dry_run)
    for row, fields in valid:
        entry = book.find(row, fields)
        if entry is None:
            book.create(fields)
            report.created += 1
        elif changes := fill_in(entry.values, fields, max_tags=MAX_TAGS):
            book.change(entry, changes)
            report.updated += 1
        else:
            report.skipped += 1
    report.errors.sort(key=lambda error: error["row"])
    if dry_run:
        db.session.rollback()
    else:
        book.save()
        db.session.commit()
    return report


@blp.route("/import", methods=["POST"])
@blp.login_required
@blp.doc(
    operationId="importContacts",
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
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
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
def import_contacts_file(args):
    """Import contacts from a vCard or CSV file (an address book, an iPhone or Android, LinkedIn).

    A row about a contact I have (the same email, else the same LinkedIn URL, or a card this
    API exported) fills in the fields that contact lacks and adds its tags; it never changes
    or clears a field that has a value. A row that adds nothing is skipped, and so is a
    contact group's card; a row that cannot be read or breaks the rules of a contact is listed
    in `errors`, and the others are still imported. With `dry_run=true` nothing is saved.
    """
    data, declared = _uploaded_file()
    try:
        parsed = parse_contacts_file(data, declared)
    except ContactsFileError as exc:
        code = "too_many_rows" if isinstance(exc, TooManyRows) else "invalid_contacts_file"
        raise Problem(422, str(exc), code=code, errors={"file": [str(exc)]}) from exc
    return import_contacts(parsed, current_user.id, dry_run=args["dry_run"])


def _export_version(user_id: int) -> str:
    """A tag that changes whenever the export would: a contact added, changed or deleted."""
    count, last_change = db.session.execute(
        select(func.count(Contact.id), func.max(Contact.updated_at)).where(Contact.user_id == user_id)
    ).one()
    stamp = last_change.isoformat() if last_change else ""
    return hashlib.sha256(f"{EXPORT_FORMAT}|{user_id}|{count}|{stamp}".encode()).hexdigest()[:32]


def contacts_vcard(user_id: int) -> str:
    """All my contacts as vCard 4.0 text, in the order they were added: two queries."""
    tags: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(
        select(ContactTag.contact_id, ContactTag.tag)
        .join(Contact, Contact.id == ContactTag.contact_id)
        .where(Contact.user_id == user_id)
        .order_by(ContactTag.contact_id, ContactTag.position)
    )
    for contact_id, tag in rows:
        tags[contact_id].append(tag)
    columns = [getattr(Contact, name) for name in IMPORTED_FIELDS if name != "tags"]
    contacts = db.session.execute(
        select(Contact.id, Contact.updated_at, *columns).where(Contact.user_id == user_id).order_by(Contact.id)
    ).mappings()
    return "".join(
        contact_card(contact, uid=contact_uid(user_id, contact["id"]), tags=tags.get(contact["id"], []))
        for contact in contacts
    )


@blp.route("/export.vcf", endpoint="export")
@blp.login_required
@blp.doc(
    operationId="exportContacts",
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
    version = _export_version(current_user.id)
    if request.if_none_match.contains_weak(version):
        response = current_app.response_class(status=304)  # built without drawing a single card
    else:
        response = current_app.response_class(contacts_vcard(current_user.id), mimetype="text/vcard")
        response.headers["Content-Disposition"] = 'attachment; filename="contacts.vcf"'
    response.set_etag(version, weak=True)
    response.headers["Cache-Control"] = "private"
    return response
