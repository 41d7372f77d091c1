import marshmallow as ma

from service.schemas.calendar import ImportResultSchema
from service.schemas.contact_files import ContactImportResultSchema
from service.schemas.fields import one_of

IMPORTS = ("contacts", "calendar")


class SharedFileImportSchema(ma.Schema):
    """Which import a shared file went to, and what it did: the other import's result is null."""

    class Meta:
        ordered = True

    imported_as = one_of(
        IMPORTS,
        required=True,
        metadata={
            "description": "`contacts`: a vCard or CSV file, imported as by POST /api/v1/contacts/import; "
            "`calendar`: an iCalendar file, imported as by POST /api/v1/calendar/import.",
            "example": "contacts",
        },
    )
    contacts = ma.fields.Nested(
        ContactImportResultSchema,
        required=True,
        allow_none=True,
        metadata={"description": "What the contacts import did; null when the file was a calendar."},
    )
    calendar = ma.fields.Nested(
        ImportResultSchema,
        required=True,
        allow_none=True,
        metadata={"description": "What the calendar import did; null when the file held contacts."},
    )
