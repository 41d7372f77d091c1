from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.database import db
from service.errors import Problem
from service.models.mixins import OwnedByUser

MAX_TAGS = 20
REFERRAL_LOOP = "A contact cannot be introduced by themselves or by someone they introduced."


class Contact(OwnedByUser, db.Model):
    """Someone I talk to, or want to."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_user_id_created_at_id", "user_id", "created_at", "id"),
        Index("ix_contacts_user_id_updated_at", "user_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    how_met: Mapped[str | None] = mapped_column(String(1000))
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    # The meeting in which their introducer offered to connect us (POST /meetings/{id}/referrals).
    # use_alter: meetings refer to contacts too, and this closes the cycle.
    source_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL", use_alter=True), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    research_notes: Mapped[str | None] = mapped_column(Text)

    _tags: Mapped[list[ContactTag]] = relationship(
        order_by="ContactTag.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    tags: AssociationProxy[list[str]] = association_proxy("_tags", "tag", creator=lambda tag: ContactTag(tag=tag))

    def __init__(self, **fields):
        # A new contact's tags start loaded (and empty): answering with it reads nothing more.
        self._tags = []
        super().__init__(**fields)


class ContactTag(db.Model):
    __tablename__ = "contact_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    tag: Mapped[str] = mapped_column(String(50))


def introducers_of(contact_id: int):
    """A recursive query: ``contact_id``, who introduced them, who introduced that one..."""
    chain = select(Contact.id, Contact.referred_by_id).where(Contact.id == contact_id).cte(recursive=True)
    # UNION (not UNION ALL) stops even on a loop that somehow got stored.
    return chain.union(select(Contact.id, Contact.referred_by_id).join(chain, Contact.id == chain.c.referred_by_id))


def check_referral(contact: Contact, referred_by_id: int, field: str = "referred_by_id") -> None:
    """A 422 naming ``field`` when ``contact`` would be introduced by themselves or by someone they introduced."""
    chain = introducers_of(referred_by_id)
    if db.session.scalar(select(chain.c.id).where(chain.c.id == contact.id)) is not None:
        raise Problem(422, f"{field} would make a referral loop.", errors={field: [REFERRAL_LOOP]})
