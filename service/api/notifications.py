"""Reminders: how I want to be told (channels, kinds, quiet hours), and my devices subscribed to Web Push.

The unsubscribe link of reminder emails is a page for people, not an API: ``service.webapp.email``.
"""

from __future__ import annotations

from flask import current_app, request, url_for
from sqlalchemy import func, select

from service.database import db
from service.encryption import encrypt
from service.errors import Problem
from service.models import NotificationSettings, PushSubscription, User, apply_changes
from service.outbound import UnusableUrl, checked_url
from service.reminders import application_server_key, settings_of, vapid_from_pem
from service.schemas.notification import (
    NotificationSettingsSchema,
    PushSubscriptionPageSchema,
    PushSubscriptionQuerySchema,
    PushSubscriptionSchema,
)
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1",
    description="Reminders by Web Push and email: what I am told, when, and on which devices.",
)

SETTINGS = "/me/notifications"
SUBSCRIPTIONS = "/push-subscriptions"


def _shown(settings: NotificationSettings) -> dict:
    config = current_app.config
    user = db.session.get(User, current_user.id)
    return {
        **{field: getattr(settings, field) for field in NotificationSettingsSchema().load_fields},
        "push_available": True,
        "push_public_key": application_server_key(vapid_from_pem(config["VAPID_PRIVATE_KEY"])),
        "push_subscriptions": db.session.scalar(
            select(func.count()).where(PushSubscription.user_id == current_user.id)
        ),
        "email_available": bool(config["SMTP_URL"]),
        "email_verified": user.email_verified_at is not None,
    }


@blp.get(SETTINGS)
@blp.login_required
@blp.etag
@blp.response(200, NotificationSettingsSchema)
def get_notification_settings():
    """How I am reminded: by Web Push and email, of which things, outside which quiet hours.

    Each thing is told at most once: a follow-up due today (from 08:00 in my time zone) and one overdue,
    the 24-hour thank-you first; a chat starting within 24 hours that is not ready ("2 things left to
    prepare"); and on Monday from 08:00 the week's digest. Nothing is told of a follow-up done or a chat
    cancelled. `email_available` false: this server sends no email.
    """
    return _shown(settings_of(current_user.id))


@blp.patch(SETTINGS)
@blp.login_required
@blp.etag
@blp.arguments(NotificationSettingsSchema(partial=True))
@blp.response(200, NotificationSettingsSchema)
def update_notification_settings(data):
    """Change how I am reminded; the fields left out keep their values.

    Quiet hours are a wall-clock span in my time zone (`22:00` to `07:00` spans midnight); give both
    ends, or null for both.
    """
    settings = db.session.get(NotificationSettings, current_user.id)
    if settings is None:
        settings = NotificationSettings(
            user_id=current_user.id,
            **{
                field: getattr(settings_of(current_user.id), field)
                for field in NotificationSettingsSchema().load_fields
            },
        )
        db.session.add(settings)
    blp.check_etag(_shown(settings), NotificationSettingsSchema)
    apply_changes(settings, data)
    db.session.commit()
    return _shown(settings)


@blp.get(SUBSCRIPTIONS)
@blp.login_required
@blp.etag
@blp.arguments(PushSubscriptionQuerySchema, location="query")
@blp.response(200, PushSubscriptionPageSchema)
def list_push_subscriptions(args):
    """My devices subscribed to Web Push, newest first.

    Their keys are never shown. A device the push service says is gone is removed at its next push.
    """
    return keyset_page(owned(PushSubscription), PushSubscription, limit=args["limit"], cursor=args.get("cursor"))


@blp.post(SUBSCRIPTIONS)
@blp.login_required
@blp.arguments(PushSubscriptionSchema)
@blp.response(201, PushSubscriptionSchema, description="The device is subscribed.")
@blp.alt_response(
    200, schema=PushSubscriptionSchema, description="The device was subscribed: its keys are updated.", success=True
)
def create_push_subscription(data):
    """Subscribe this device to my reminders: POST what the browser's `PushSubscription.toJSON()` gives.

    Subscribe with `applicationServerKey` set to `push_public_key` of `GET /api/v1/me/notifications`. The
    same endpoint again updates it (200); an endpoint another account subscribed becomes mine (the device
    changed hands). Each push is encrypted for this device (RFC 8291) and signed by the server (VAPID).
    """
    try:
        endpoint = checked_url(data["endpoint"], allow_private_hosts=current_app.config["CALDAV_ALLOW_PRIVATE_HOSTS"])
    except UnusableUrl as exc:
        raise Problem(422, str(exc), code="push_endpoint_refused", errors={"endpoint": [str(exc)]}) from exc
    row = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    created = row is None or row.user_id != current_user.id
    if row is not None and created:
        db.session.delete(row)
        db.session.flush()
    if created:
        row = PushSubscription(user_id=current_user.id, endpoint=endpoint)
        db.session.add(row)
    row.p256dh = data["keys"]["p256dh"]
    row.auth_encrypted = encrypt(data["keys"]["auth"])
    row.device_name = data.get("device_name") or request.user_agent.string[:200] or None
    db.session.commit()
    headers = {"Location": url_for("notifications.get_push_subscription", subscription_id=row.id)}
    return row, 201 if created else 200, headers


@blp.get(SUBSCRIPTIONS + "/<int:subscription_id>")
@blp.login_required
@blp.etag
@blp.response(200, PushSubscriptionSchema)
def get_push_subscription(subscription_id):
    """One of my subscribed devices.

    `last_push_at` says when a reminder last reached its push service.
    """
    return get_owned_or_404(PushSubscription, subscription_id)


@blp.delete(SUBSCRIPTIONS + "/<int:subscription_id>")
@blp.login_required
@blp.response(204)
def delete_push_subscription(subscription_id):
    """Stop pushing to this device.

    The app does it when I turn its reminders off, or log out on it.
    """
    db.session.delete(get_owned_or_404(PushSubscription, subscription_id, for_update=True))
    db.session.commit()
