"""Contacts: the people I talk to, or want to."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, func

from service.database import contains_text, db
from service.models import Contact, ContactTag, apply_changes, check_referral
from service.schemas.contact import ContactPageSchema, ContactQuerySchema, ContactSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned, require_owned
from service.web.pagination import keyset_page

blp = Blueprint("contacts", __name__, url_prefix="/api/v1/contacts", description="People I talk to.")

ITEM = "/<int:contact_id>"
SEARCHED_COLUMNS = (Contact.name, Contact.company, Contact.email, Contact.title, Contact.notes)


def search(args: dict) -> Select:
    """My contacts matching the list filters."""
    stmt = owned(Contact)
    if "q" in args:
        stmt = stmt.where(contains_text(SEARCHED_COLUMNS, args["q"]))
    if "tag" in args:
        stmt = stmt.where(Contact._tags.any(func.lower(ContactTag.tag) == func.lower(args["tag"])))
    if "company" in args:
        stmt = stmt.where(func.lower(Contact.company) == func.lower(args["company"]))
    return stmt


def check_referrer(contact: Contact | None, referred_by_id: int | None) -> None:
    """A referrer must be another of my contacts, and not someone this contact (None: a new one) introduced."""
    if referred_by_id is None:
        return
    require_owned(Contact, referred_by_id, "referred_by_id")
    if contact is not None:
        check_referral(contact, referred_by_id)


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(ContactQuerySchema, location="query")
@blp.response(200, ContactPageSchema)
def list_contacts(args):
    """List my contacts, newest first.

    A contact must match every filter given. Page on with `next_cursor`: contacts added or deleted meanwhile
    never make another repeat or go missing.
    """
    return keyset_page(search(args), Contact, limit=args["limit"], cursor=args.get("cursor"))


@blp.post("")
@blp.login_required
@blp.arguments(ContactSchema)
@blp.response(201, ContactSchema)
def create_contact(data):
    """Add a contact.

    `referred_by_id` must name one of my contacts (422 otherwise), who then lists the new contact among their
    referrals. Tags that differ only in case are kept once, as first spelled.
    """
    check_referrer(None, data.get("referred_by_id"))
    contact = Contact(user_id=current_user.id, **data)
    db.session.add(contact)
    db.session.commit()
    return contact, 201, {"Location": url_for("contacts.get_contact", contact_id=contact.id)}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.response(200, ContactSchema)
def get_contact(contact_id):
    """One contact.

    `referred_by_id` names who introduced us; `source_meeting_id` is set when that introduction was recorded at
    a meeting (`POST /api/v1/meetings/{meeting_id}/referrals`). Keep the ETag: sent as `If-Match` with a later
    PATCH or DELETE, it refuses (412) to overwrite a change made meanwhile on another device.
    """
    return get_owned_or_404(Contact, contact_id)


@blp.patch(ITEM)
@blp.login_required
@blp.etag
@blp.arguments(ContactSchema(partial=True))
@blp.response(200, ContactSchema)
def update_contact(data, contact_id):
    """Change some fields of a contact; the fields left out keep their values.

    Sending `tags` replaces the whole list. `referred_by_id` must name another of my contacts and must not make
    a loop (the contact themselves, or anyone they introduced, directly or down the chain): 422 otherwise; null
    clears it. Sending the values already stored changes nothing, not even `updated_at`. With `If-Match`, a
    stale ETag gives 412 and nothing changes.
    """
    contact = get_owned_or_404(Contact, contact_id, for_update=True)
    blp.check_etag(contact, ContactSchema)
    if "referred_by_id" in data:
        check_referrer(contact, data["referred_by_id"])
    apply_changes(contact, data)
    db.session.commit()
    return contact


@blp.delete(ITEM)
@blp.login_required
@blp.etag
@blp.response(204)
def delete_contact(contact_id):
    """Delete a contact; those they introduced keep existing, with no referrer.

    Their meetings are deleted too, each with its planned questions and outcomes, and so are the follow-ups owed
    to them. Contacts they introduced stay, with `referred_by_id` null (and `source_meeting_id` null if
    introduced at one of those meetings); goals stay, their `progress` no longer counting those meetings and
    outcomes. The meetings leave the calendar feed and a linked CalDAV calendar, and the next delta sync lists
    everything deleted in `deleted`. With `If-Match`, a stale ETag gives 412 and nothing is deleted.
    """
    contact = get_owned_or_404(Contact, contact_id, for_update=True)
    blp.check_etag(contact, ContactSchema)
    db.session.delete(contact)
    db.session.commit()
