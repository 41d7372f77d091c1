"""My linked CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale...): meetings pushed to it."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from sqlalchemy import delete, select

from service.auth import current_user
from service.caldav_sync import open_collection, pending_count, push_quietly, sync_user
from service.calendar.push import CalDAVError
from service.encryption import encrypt
from service.errors import Problem
from service.extensions import db
from service.models import CaldavEvent, CaldavLink
from service.openapi import Blueprint
from service.ownership import lock_owner
from service.schemas.calendar import CaldavLinkInputSchema, CaldavLinkSchema, CaldavSyncSchema

blp = Blueprint(
    "caldav", __name__, url_prefix="/api/v1/calendar/caldav", description="Meetings pushed to my CalDAV calendar."
)

MAX_FAILURES_SHOWN = 50


def _linked_or_404() -> CaldavLink:
    link = db.session.get(CaldavLink, current_user.id)
    if link is None:
        raise Problem(
            404,
            "No CalDAV calendar is linked: link one with PUT /api/v1/calendar/caldav.",
            code="caldav_not_linked",
        )
    return link


def _status(link: CaldavLink) -> dict:
    failures = db.session.scalars(
        select(CaldavEvent)
        .where(CaldavEvent.user_id == link.user_id, CaldavEvent.error.is_not(None))
        .order_by(CaldavEvent.attempted_at.desc(), CaldavEvent.id.desc())
        .limit(MAX_FAILURES_SHOWN)
    ).all()
    return {
        "url": link.url,
        "username": link.username,
        "calendar_name": link.calendar_name,
        "last_sync_at": link.last_sync_at,
        "last_error": link.last_error,
        "pending": pending_count(link.user_id),
        "failures": failures,
        "created_at": link.created_at,
        "updated_at": link.updated_at,
    }


@blp.route("")
class CaldavLinkResource(MethodView):
    @blp.login_required
    @blp.doc(operationId="getCaldavLink")
    @blp.etag
    @blp.response(200, CaldavLinkSchema)
    @blp.alt_response(404, response="NOT_FOUND", description="No calendar is linked.")
    def get(self):
        """My linked calendar: where it is, when a push last ended and what failed. Never the password."""
        return _status(_linked_or_404())

    @blp.login_required
    @blp.doc(operationId="linkCaldav")
    @blp.arguments(CaldavLinkInputSchema)
    @blp.response(200, CaldavLinkSchema, description="The link was changed.")
    @blp.alt_response(201, schema=CaldavLinkSchema, description="The calendar was linked.", success=True)
    @blp.alt_response(
        422,
        response="UNPROCESSABLE_ENTITY",
        description="The calendar could not be reached, refused the login, or is not a calendar.",
    )
    def put(self, data):
        """Link a CalDAV calendar, after checking that it answers and takes events; then push my meetings.

        The password is stored encrypted and never returned. Linking another URL starts that
        calendar afresh; the events already pushed to the old one stay there.
        """
        db.session.commit()  # hold no transaction while the CalDAV server answers
        try:
            with open_collection(data["url"], data["username"], data["password"]) as collection:
                calendar_name = collection.check()
        except CalDAVError as exc:
            raise Problem(
                422, str(exc), code="caldav_check_failed", errors={exc.field: [str(exc)]} if exc.field else None
            ) from exc
        lock_owner()  # two first PUTs at once: one links, the other changes the link
        link = db.session.get(CaldavLink, current_user.id)
        created = link is None
        if created:
            link = CaldavLink(user_id=current_user.id)
            db.session.add(link)
        elif link.url != data["url"]:
            db.session.execute(delete(CaldavEvent).where(CaldavEvent.user_id == current_user.id))
        link.url, link.username = data["url"], data["username"]
        link.password_encrypted = encrypt(data["password"])
        link.calendar_name = calendar_name
        link.last_error = None
        db.session.commit()
        push_quietly(current_user.id)
        return _status(link), 201 if created else 200, {"Location": url_for("caldav.CaldavLinkResource")}

    @blp.login_required
    @blp.doc(operationId="unlinkCaldav")
    @blp.response(204)
    def delete(self):
        """Unlink the calendar and forget its password; the events already in it stay there."""
        db.session.execute(delete(CaldavEvent).where(CaldavEvent.user_id == current_user.id))
        db.session.execute(delete(CaldavLink).where(CaldavLink.user_id == current_user.id))
        db.session.commit()


@blp.route("/sync", methods=["POST"])
@blp.login_required
@blp.doc(operationId="syncCaldav")
@blp.response(200, CaldavSyncSchema)
@blp.alt_response(404, response="NOT_FOUND", description="No calendar is linked.")
def sync():
    """Push now what is due: meetings changed since their last push, and failed pushes.

    Writes at most 50 events and removes at most 50 per call; while `pending` is above 0, call again.
    """
    _linked_or_404()
    return sync_user(current_user.id)
