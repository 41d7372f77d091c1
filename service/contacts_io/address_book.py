"""My address book and contact files: what an import changes in it, and all of it as one vCard file.

An imported row is matched with a contact I have: the one whose exported card had this UID,
else the one with the same email (ignoring case), else the one with the same LinkedIn URL
(compared as ``linkedin_profile_url`` writes them). A match is filled in, never overwritten
(``service.contacts_io.merge``); a row without a match is a new contact, and later rows of the
same file match it too. Every row is checked against the API's rules for a contact (the
caller passes ``ContactSchema``), so an import stores nothing the API itself would refuse. A row's
warnings (a value repaired, a name made up) are reported only for the values it stored.
The other modules of this package read and write the files; this one reads and writes my rows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import marshmallow as ma
from sqlalchemy import func, insert, select

from service.contacts_io.export import contact_card, contact_uid
from service.contacts_io.merge import fill_in, merged
from service.contacts_io.rows import IMPORTED_FIELDS, ContactRow, ParsedContacts, linkedin_key
from service.database import db
from service.models import Contact, ContactTag, apply_changes, lock_owner
from service.models.contact import MAX_TAGS
from service.models.types import utcnow

# Bump when the cards change for the same data, so that clients' copies are no longer current.
EXPORT_FORMAT = "vcard-4.0/2"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def error(self, row: int, message: str) -> None:
        self.errors.append({"row": row, "message": message})

    def warn(self, row: ContactRow, stored: Mapping) -> None:
        """The row's warnings about the values that went into my contacts (``stored``); none about the others."""
        for warning in row.warnings:
            if warning.field in stored:
                self.warnings.append({"row": row.row, "field": warning.field, "message": warning.message})


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


def import_contacts(parsed: ParsedContacts, user_id: int, *, rules: ma.Schema, dry_run: bool) -> ImportReport:
    """Create and fill in my contacts from the rows of a file; with ``dry_run``, only say what would change.

    ``rules`` loads each row as a contact the API would accept (the API's contact schema), or refuses it.
    """
    report = ImportReport(skipped=parsed.not_people)
    for problem in parsed.errors:
        report.error(problem.row, problem.message)
    valid: list[tuple[ContactRow, dict]] = []
    for row in parsed.rows:
        try:
            fields = rules.load(row.fields)
        except ma.ValidationError as exc:
            report.error(row.row, _invalid(row.fields, exc.messages_dict))
            continue
        valid.append((row, fields))
    if not dry_run:
        lock_owner(user_id)  # one import at a time per user: the same person imported twice at once is one contact
    book = ContactBook(user_id, [row for row, _ in valid], for_update=not dry_run)
    for row, fields in valid:
        entry = book.find(row, fields)
        if entry is None:
            book.create(fields)
            report.created += 1
            report.warn(row, fields)
        elif changes := fill_in(entry.values, fields, max_tags=MAX_TAGS):
            book.change(entry, changes)
            report.updated += 1
            report.warn(row, changes)
        else:
            report.skipped += 1
    report.errors.sort(key=lambda error: error["row"])
    report.warnings.sort(key=lambda warning: warning["row"])
    if dry_run:
        db.session.rollback()
    else:
        book.save()
        db.session.commit()
    return report


def export_version(user_id: int) -> str:
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
