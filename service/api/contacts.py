"""Contacts: the people I talk to, or want to."""

from flask import url_for
from flask.views import MethodView
from sqlalchemy import Select, func, select

from service.auth import current_user
from service.errors import Problem
from service.extensions import db
from service.models import Contact, ContactTag
from service.openapi import Blueprint
from service.ownership import apply_changes, get_owned_or_404, owned, require_owned
from service.pagination import keyset_page
from service.schemas.contact import ContactPageSchema, ContactQuerySchema, ContactSchema
from service.search import contains_text

blp = Blueprint("contacts", __name__, url_prefix="/api/v1/contacts", description="People I talk to.")

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


def introducers_of(contact_id: int):
    """A recursive query: ``contact_id``, who introduced them, who introduced that one..."""
    chain = select(Contact.id, Contact.referred_by_id).where(Contact.id == contact_id).cte(recursive=True)
    # UNION (not UNION ALL) stops even on a loop that somehow got stored.
    return chain.union(select(Contact.id, Contact.referred_by_id).join(chain, Contact.id == chain.c.referred_by_id))


def check_referrer(contact: Contact | None, referred_by_id: int | None, field: str = "referred_by_id") -> None:
    """A referrer must be another of my contacts, and not someone this contact introduced.

    ``field`` names the body field that a 422 blames.
    """
    if referred_by_id is None:
        return
    require_owned(Contact, referred_by_id, field)
    if contact is None:
        return
    chain = introducers_of(referred_by_id)
    if db.session.scalar(select(chain.c.id).where(chain.c.id == contact.id)) is not None:
        raise Problem(
            422,
            f"{field} would make a referral loop.",
            errors={field: ["A contact cannot be introduced by themselves or by someone they introduced."]},
        )


@blp.route("")
class Contacts(MethodView):
    @blp.login_required
    @blp.doc(operationId="listContacts")
    @blp.etag
    @blp.arguments(ContactQuerySchema, location="query")
    @blp.response(200, ContactPageSchema)
    def get(self, args):
        """List my contacts, newest first."""
        return keyset_page(search(args), Contact, limit=args["limit"], cursor=args.get("cursor"))

    @blp.login_required
    @blp.doc(operationId="createContact")
    @blp.arguments(ContactSchema)
    @blp.response(201, ContactSchema)
    def post(self, data):
        """Add a contact."""
        check_referrer(None, data.get("referred_by_id"))
        contact = Contact(user_id=current_user.id, **data)
        db.session.add(contact)
        db.session.commit()
        return contact, 201, {"Location": url_for("contacts.Contact", contact_id=contact.id)}


@blp.route("/<int:contact_id>", endpoint="Contact")
class ContactItem(MethodView):
    @blp.login_required
    @blp.doc(operationId="getContact")
    @blp.etag
    @blp.response(200, ContactSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, contact_id):
        """One contact."""
        return get_owned_or_404(Contact, contact_id)

    @blp.login_required
    @blp.doc(operationId="updateContact")
    @blp.etag
    @blp.arguments(ContactSchema(partial=True))
    @blp.response(200, ContactSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, contact_id):
        """Change some fields of a contact; the fields left out keep their values."""
        contact = get_owned_or_404(Contact, contact_id, for_update=True)
        blp.check_etag(contact, ContactSchema)
        if "referred_by_id" in data:
            check_referrer(contact, data["referred_by_id"])
        apply_changes(contact, data)
        db.session.commit()
        return contact

    @blp.login_required
    @blp.doc(operationId="deleteContact")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, contact_id):
        """Delete a contact; those they introduced keep existing, with no referrer.

        The foreign key's ON DELETE SET NULL clears their referred_by_id.
        """
        contact = get_owned_or_404(Contact, contact_id, for_update=True)
        blp.check_etag(contact, ContactSchema)
        db.session.delete(contact)
        db.session.commit()
