"""The data model; importing this package registers every table on the metadata."""

from service.models.contact import Contact, ContactTag
from service.models.session import LoginSession
from service.models.user import User

__all__ = ["Contact", "ContactTag", "LoginSession", "User"]
