"""My linked CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale...): meetings pushed to it."""

from __future__ import annotations

from flask import url_for

from service.calendar.caldav_client import CalDAVError
from service.calendar.caldav_push import (
    link_calendar,
    link_status,
    open_collection,
    sync_user,
    unlink_calendar,
)
from service.database import db
from service.errors import Problem
from service.jobs import enqueue
from service.jobs.tasks import push_calendar
from service.models import CaldavLink
from service.schemas.calendar import CaldavLinkInputSchema, CaldavLinkSchema, CaldavSyncSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint

blp = Blueprint(
    "caldav", __name__, url_prefix="/api/v1/calendar/caldav", description="Meetings pushed to my CalDAV calendar."
)


def _linked_or_404() -> CaldavLink:
    link = db.session.get(CaldavLink, current_user.id)
    if link is None:
        raise Problem(
            404,
            "No CalDAV calendar is linked: link one with PUT /api/v1/calendar/caldav.",
            code="caldav_not_linked",
        )
    return link


@blp.get("")
@blp.login_required
@blp.etag
@blp.response(200, CaldavLinkSchema)
@blp.alt_response(404, response="NOT_FOUND", description="No calendar is linked.")
def get_caldav_link():
    """My linked calendar: where it is, when a push last ended and what failed. Never the password.

    `pending` counts the meetings waiting to be pushed, `failures` lists those whose last push
    failed with the reason, and `last_error` says what went wrong last; `POST
    /api/v1/calendar/caldav/sync` tries again.
    """
    return link_status(_linked_or_404())


@blp.put("")
@blp.login_required
@blp.arguments(CaldavLinkInputSchema)
@blp.response(200, CaldavLinkSchema, description="The link was changed.")
@blp.alt_response(201, schema=CaldavLinkSchema, description="The calendar was linked.", success=True)
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description="The calendar could not be reached, refused the login, or is not a calendar.",
)
def link_caldav(data):
    """Link a CalDAV calendar, after checking that it answers and takes events; then push my meetings.

    The password is stored encrypted and never returned. Linking another URL starts that
    calendar afresh; the events already pushed to the old one stay there. Meetings imported from
    invitations are pushed only with `push_invitations`; turning it off removes their copies.
    """
    db.session.commit()  # hold no transaction while the CalDAV server answers
    try:
        with open_collection(data["url"], data["username"], data["password"]) as collection:
            calendar_name = collection.check()
    except CalDAVError as exc:
        raise Problem(
            422, str(exc), code="caldav_check_failed", errors={exc.field: [str(exc)]} if exc.field else None
        ) from exc
    created = link_calendar(
        current_user.id,
        data["url"],
        data["username"],
        data["password"],
        calendar_name,
        push_invitations=data["push_invitations"],
    )
    enqueue(push_calendar, current_user.id, once=True)
    status = link_status(db.session.get(CaldavLink, current_user.id))
    return status, 201 if created else 200, {"Location": url_for("caldav.get_caldav_link")}


@blp.delete("")
@blp.login_required
@blp.response(204)
def unlink_caldav():
    """Unlink the calendar and forget its password; the events already in it stay there.

    From then on no change is pushed, until a calendar is linked again.
    """
    unlink_calendar(current_user.id)


@blp.route("/sync", methods=["POST"])
@blp.login_required
@blp.response(200, CaldavSyncSchema)
@blp.alt_response(404, response="NOT_FOUND", description="No calendar is linked.")
def sync_caldav():
    """Push now what is due: meetings changed since their last push, and failed pushes.

    Writes at most 50 events and removes at most 50 per call; while `pending` is above 0, call again.
    """
    _linked_or_404()
    return sync_user(current_user.id)
