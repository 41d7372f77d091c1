"""My meetings in calendar apps: a secret subscription URL, and one meeting as an .ics file.

Calendar apps cannot send a bearer token, so the feed is reached by a URL with a 256-bit
token in it (``service.calendar.feed`` keeps only its hash): the URL is shown once, when it is
made, and making a new one (rotation) or deleting it makes the old URL a 404.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import urlsplit

from flask import Response, current_app, request, url_for
from werkzeug.http import is_resource_modified

from service.calendar import feed as calendar_feed
from service.calendar.ics import single_event_calendar
from service.database import db
from service.errors import Problem
from service.models import CalendarFeed, Contact, Meeting, User
from service.models.types import utcnow
from service.schemas.calendar import FeedLinkSchema, FeedSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404

blp = Blueprint("calendar_feed", __name__, url_prefix="", description="My meetings in calendar apps.")

FEED = "/api/v1/calendar/feed"

CALENDAR_EXAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coffeechat//coffeechat API//EN\r\nMETHOD:PUBLISH\r\n"
    "BEGIN:VEVENT\r\nUID:0b5f6a4e-3f7c-4a8e-9d51-2c1f0e7b9a10@coffeechat\r\nSEQUENCE:0\r\n"
    "DTSTART:20261203T100000Z\r\nDTEND:20261203T103000Z\r\nSUMMARY:Coffee with Priya\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


CONDITIONAL_PARAMETERS = [
    "IF_NONE_MATCH",
    {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "schema": {"type": "string"},
        "description": "The Last-Modified of the copy you have: 304 while it is current.",
    },
]


def _calendar_document(description: str) -> dict:
    """The documented answers of a conditional text/calendar GET: 200 with validators, or 304."""
    return {
        "200": {
            "description": description,
            "headers": {
                "ETag": {"schema": {"type": "string"}, "description": "Send it back as If-None-Match."},
                "Last-Modified": {"schema": {"type": "string"}, "description": "Send it back as If-Modified-Since."},
            },
            "content": {"text/calendar": {"schema": {"type": "string"}, "example": CALENDAR_EXAMPLE}},
        },
        "304": {"description": "Unchanged since the ETag or date sent."},
    }


# Without PUBLIC_URL (development), the hosts a feed URL may be built on, besides those of FEED_URL_HOSTS.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def feed_base_url() -> str:
    """Where subscription URLs start: PUBLIC_URL (required in production), else the host asked if it
    is one of ours. The URL carries a secret: a forged ``Host`` must not send it elsewhere."""
    if current_app.config["PUBLIC_URL"]:
        return current_app.config["PUBLIC_URL"]
    host = urlsplit(f"//{request.host}").hostname if request.host else None
    allowed = LOOPBACK_HOSTS | {name.strip("[]").lower() for name in current_app.config["FEED_URL_HOSTS"]}
    if host not in allowed:
        raise Problem(
            400,
            f"This server does not make calendar feed URLs for the host {request.host!r}: ask for it at "
            "localhost, or have its operator set PUBLIC_URL (or add the host to FEED_URL_HOSTS).",
            code="untrusted_host",
        )
    return request.host_url.rstrip("/")


def feed_url(token: str, base: str) -> str:
    """The subscription URL of ``token``, on ``base`` (``feed_base_url``)."""
    return base + url_for("calendar_feed.get_calendar_subscription", token=token)


def calendar_response(body: bytes, *, last_modified: datetime, filename: str, etag: str | None = None) -> Response:
    """A text/calendar answer with validators (by default the body's hash); 304 when the client's copy is current.

    ``Cache-Control: private`` keeps shared caches from storing someone's calendar, and
    ``Referrer-Policy: no-referrer`` keeps the secret URL out of Referer headers.
    """
    response = current_app.response_class(body, mimetype="text/calendar")
    response.set_etag(etag or hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = last_modified
    response.headers["Cache-Control"] = "private"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response.make_conditional(request)


@blp.get(FEED)
@blp.login_required
@blp.etag
@blp.response(200, FeedSchema)
def get_calendar_feed():
    """Whether I have a subscription URL (the URL itself was shown only when it was made).

    `active` is false until `POST /api/v1/calendar/feed` makes one, and again after
    `DELETE /api/v1/calendar/feed`. A lost URL cannot be shown again: make a new one, which ends
    the old one.
    """
    feed = db.session.get(CalendarFeed, current_user.id)
    return {"active": feed is not None, "created_at": feed.created_at if feed else None}


@blp.post(FEED)
@blp.login_required
@blp.response(201, FeedLinkSchema)
def create_calendar_feed():
    """Make my subscription URL, or a new one: the previous URL stops working at once.

    The URL is shown only in this answer. Subscribe to it from a calendar app; it lists my
    meetings (cancelled ones for 30 days) and my open follow-ups as all-day events.
    """
    base = feed_base_url()  # before the old URL is replaced
    feed, token = calendar_feed.new_feed(current_user.id)
    url = feed_url(token, base)
    link = {"url": url, "webcal_url": "webcal" + url[url.index(":") :], "created_at": feed.created_at}
    return link, 201, {"Location": url_for("calendar_feed.get_calendar_feed"), "Cache-Control": "no-store"}


@blp.delete(FEED)
@blp.login_required
@blp.response(204)
def delete_calendar_feed():
    """Revoke my subscription URL; calendar apps subscribed to it get a 404 from then on.

    My meetings and follow-ups are not touched, nor what a calendar app already copied from the
    feed. Revoking when there is no URL changes nothing and is a 204 too.
    """
    feed = db.session.get(CalendarFeed, current_user.id, with_for_update=True)
    if feed is not None:
        db.session.delete(feed)
        db.session.commit()


@blp.route(
    "/calendar/<token>.ics",
    parameters=[
        {
            "in": "path",
            "name": "token",
            "description": "The secret part of the URL that `POST /api/v1/calendar/feed` handed out.",
            "example": "Xq3v9N2m5Qe7R1tY8uI0oP4aS6dF2gH9jK3lZ5xC7vB",
        }
    ],
)
@blp.doc(security=[], parameters=CONDITIONAL_PARAMETERS, responses=_calendar_document("My calendar (METHOD:PUBLISH)."))
@blp.alt_response(404, response="NOT_FOUND", description="No calendar has this URL (never made, rotated or revoked).")
def get_calendar_subscription(token: str) -> Response:
    """The calendar at a subscription URL: no token header, the URL is the secret.

    An iCalendar document (METHOD:PUBLISH) of my meetings, cancelled ones for 30 days, each with a
    reminder `reminder_minutes` before it, and my open follow-ups as all-day events; meetings
    imported from invitations are marked as such. It answers 304 to the ETag or Last-Modified of
    a current copy, as calendar apps poll it. Rotated or revoked URLs are a 404.
    """
    feed = calendar_feed.feed_of_token(token)
    if feed is None:
        raise Problem(
            404,
            "No calendar has this URL: it was rotated or revoked. Make a new one with POST /api/v1/calendar/feed.",
            code="feed_not_found",
        )
    user, now = db.session.get(User, feed.user_id), utcnow()
    version = calendar_feed.feed_version(user, now)
    last_modified = calendar_feed.content_changed(feed, version)
    # Drawing a big calendar takes a while; an app whose copy is current gets its 304 without it.
    if is_resource_modified(request.environ, etag=version, last_modified=last_modified):
        body = calendar_feed.draw_feed(user, now)
    else:
        body = b""  # becomes a 304 in calendar_response, by the same comparison
    return calendar_response(body, etag=version, last_modified=last_modified, filename="coffeechat.ics")


@blp.route("/api/v1/meetings/<int:meeting_id>/calendar.ics")
@blp.login_required
@blp.doc(
    parameters=CONDITIONAL_PARAMETERS,
    responses=_calendar_document("The meeting as one event (METHOD:PUBLISH)."),
)
def get_meeting_calendar(meeting_id: int) -> Response:
    """One meeting as an .ics file, to open in or import into a calendar app.

    The same event as in the feed, under the same UID, so importing it next to a subscription
    shows one event, and a later download of a changed meeting (with a higher SEQUENCE) updates it.
    """
    meeting = get_owned_or_404(Meeting, meeting_id, options=(calendar_feed.with_plans(),))
    contact = db.session.get(Contact, meeting.contact_id)
    body = single_event_calendar(calendar_feed.meeting_event(meeting, contact, current_user))
    return calendar_response(body, last_modified=meeting.updated_at, filename=f"meeting-{meeting.id}.ics")
