"""Invitations I received (Google, Outlook, Apple...) imported as meetings (``service.calendar.invitation_import``)."""

from __future__ import annotations

from flask import request

from service.calendar.invitation_import import import_invitations
from service.calendar.invites import MAX_EVENTS
from service.errors import Problem
from service.schemas.calendar import ImportResultSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.uploads import FORM_FILE_CONTENT, ICALENDAR_TYPES, INVITE_EXAMPLE, form_file

blp = Blueprint("calendar_import", __name__, url_prefix="/api/v1/calendar", description="Invitations into meetings.")

blp.takes_files("import_calendar")

# application/octet-stream is what upload libraries and generated clients send for a file of unknown type.
CALENDAR_TYPES = ICALENDAR_TYPES | {"application/octet-stream"}


def _uploaded_calendar() -> bytes:
    """The body as sent: a text/calendar (or application/octet-stream) body, or the file of a multipart form."""
    if request.mimetype in CALENDAR_TYPES:
        return request.get_data()  # bounded by IMPORT_MAX_CONTENT_LENGTH (413)
    if request.mimetype == "multipart/form-data":
        return form_file("the .ics file")
    raise Problem(
        415,
        f"Send the invitation as text/calendar or application/octet-stream (the .ics file as the body), or as "
        "multipart/form-data "
        f"with the file in a field named `file` (got {request.mimetype or 'no Content-Type'}).",
    )


@blp.route("/import", methods=["POST"])
@blp.login_required
@blp.doc(
    requestBody={
        "required": True,
        "description": f"An iCalendar document (.ics) with at most {MAX_EVENTS} events, as the body or as a file.",
        "content": {
            "text/calendar": {"schema": {"type": "string"}, "example": INVITE_EXAMPLE},
            # For client generators that take no text/calendar body (openapi-python-client): the same file.
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}, "example": INVITE_EXAMPLE},
            **FORM_FILE_CONTENT,
        },
    },
)
@blp.response(200, ImportResultSchema)
@blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
@blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description="The file is not an iCalendar document with events, or not an invitation (a REPLY, a COUNTER...).",
)
def import_calendar():
    """Import invitations (METHOD REQUEST, PUBLISH or CANCEL) as meetings.

    An event whose UID was imported before updates that meeting, unless its SEQUENCE is lower
    than the one imported (then it is skipped, with its `reason`); a cancellation cancels it.
    A repeating event is imported as its first occurrence that takes place; an invitation to one
    occurrence sent without its series (RECURRENCE-ID) is a meeting of its own, found again by
    its UID and `recurrence_id`. Times are converted to UTC from the event's time zone, Windows
    zone names included. An event that cannot be imported (no time zone, an unknown one,
    all-day, a REPLY among invitations...) is listed in `errors` with the reason, and the other
    events are still imported.
    """
    return import_invitations(_uploaded_calendar(), current_user)
