"""Webhooks: my account's events POSTed to URLs of mine, signed as Standard Webhooks say."""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from service.database import db
from service.errors import Problem
from service.models import WebhookDelivery, WebhookEndpoint, apply_changes
from service.outbound import UnusableUrl, checked_url
from service.schemas.webhook import (
    NewWebhookSchema,
    WebhookDeliveryPageSchema,
    WebhookDeliverySchema,
    WebhookPageSchema,
    WebhookQuerySchema,
    WebhookSchema,
    WebhookSecretSchema,
)
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned
from service.web.pagination import keyset_page
from service.webhooks.endpoints import (
    MAX_ENDPOINTS,
    count_endpoints,
    create_endpoint,
    queue_test,
    redeliver,
    rotate_secret,
    turn_on,
)

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1/webhooks",
    description="My account's events, POSTed to URLs of mine and signed (Standard Webhooks).",
)

ITEM = "/<int:webhook_id>"
DELIVERY = ITEM + "/deliveries/<int:delivery_id>"
NO_STORE = {"Cache-Control": "no-store"}


def _checked_url(url: str) -> str:
    try:
        return checked_url(url, allow_private_hosts=current_app.config["CALDAV_ALLOW_PRIVATE_HOSTS"])
    except UnusableUrl as exc:
        raise Problem(422, str(exc), code="webhook_url_refused", errors={"url": [str(exc)]}) from exc


def _delivery_or_404(webhook_id: int, delivery_id: int) -> WebhookDelivery:
    get_owned_or_404(WebhookEndpoint, webhook_id)
    delivery = db.session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == webhook_id)
    )
    if delivery is None:
        raise Problem(404, "This webhook has no such delivery.", code="not_found")
    return delivery


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(WebhookQuerySchema, location="query")
@blp.response(200, WebhookPageSchema)
def list_webhooks(args):
    """My webhooks, newest first, without their secrets.

    An account has at most 20. `active` false with a `disabled_reason`: coffeechat turned it off after
    three days of failed deliveries.
    """
    return keyset_page(owned(WebhookEndpoint), WebhookEndpoint, limit=args["limit"], cursor=args.get("cursor"))


@blp.post("")
@blp.login_session_required
@blp.arguments(WebhookSchema)
@blp.response(201, NewWebhookSchema)
@blp.alt_response(409, response="CONFLICT", description=f"I already have {MAX_ENDPOINTS} webhooks.")
def create_webhook(data):
    """Register a URL to receive my events; the answer is the only time its signing secret is shown.

    Each event is POSTed as JSON `{"type", "timestamp", "data"}` (`data`: the object as its GET shows it),
    with the headers `webhook-id`, `webhook-timestamp` and `webhook-signature`: verify them with the
    secret and any Standard Webhooks library. Events of one account arrive in the order they happened,
    at least once (deduplicate by `webhook-id`); an answer other than 2xx within 10 seconds is retried
    for 3 days. The URL must be https:// on the internet.
    """
    if count_endpoints(current_user.id) >= MAX_ENDPOINTS:
        raise Problem(409, f"I can have {MAX_ENDPOINTS} webhooks: delete one first.", code="too_many_webhooks")
    data["url"] = _checked_url(data["url"])
    endpoint, secret = create_endpoint(current_user.id, **data)
    db.session.commit()
    endpoint.secret = secret
    return endpoint, 201, {**NO_STORE, "Location": url_for("webhooks.get_webhook", webhook_id=endpoint.id)}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.response(200, WebhookSchema)
def get_webhook(webhook_id):
    """One of my webhooks, without its secret.

    `disabled_reason` says why coffeechat turned it off, if it did; its deliveries are at
    `GET /api/v1/webhooks/{webhook_id}/deliveries`.
    """
    return get_owned_or_404(WebhookEndpoint, webhook_id)


@blp.patch(ITEM)
@blp.login_session_required
@blp.etag
@blp.arguments(WebhookSchema(partial=True))
@blp.response(200, WebhookSchema)
def update_webhook(data, webhook_id):
    """Change a webhook's URL, events, description, or turn it off and on.

    Turning it on again (`"active": true`) clears `disabled_reason` and sends the deliveries that wait, in
    order. While it is off, no event is recorded for it.
    """
    endpoint = get_owned_or_404(WebhookEndpoint, webhook_id, for_update=True)
    blp.check_etag(endpoint, WebhookSchema)
    if "url" in data:
        data["url"] = _checked_url(data["url"])
    if data.get("active") and not endpoint.active:
        turn_on(endpoint)
    apply_changes(endpoint, data)
    db.session.commit()
    return endpoint


@blp.delete(ITEM)
@blp.login_session_required
@blp.etag
@blp.response(204)
def delete_webhook(webhook_id):
    """Delete a webhook, with its deliveries: nothing more is sent to it.

    A delivery on its way when it is deleted may still arrive. With `If-Match`, a stale ETag gives 412.
    """
    endpoint = get_owned_or_404(WebhookEndpoint, webhook_id, for_update=True)
    blp.check_etag(endpoint, WebhookSchema)
    db.session.delete(endpoint)
    db.session.commit()


@blp.post(ITEM + "/rotate-secret")
@blp.login_session_required
@blp.response(200, WebhookSecretSchema)
def rotate_webhook_secret(webhook_id):
    """A new signing secret, shown only now; the previous one keeps signing beside it for 24 hours.

    Each delivery meanwhile carries two signatures in `webhook-signature`, so a receiver verifies with
    either secret while it switches to the new one.
    """
    endpoint = get_owned_or_404(WebhookEndpoint, webhook_id, for_update=True)
    secret = rotate_secret(endpoint)
    db.session.commit()
    return {"secret": secret, "previous_secret_expires_at": endpoint.previous_secret_expires_at}, 200, NO_STORE


@blp.post(ITEM + "/test")
@blp.login_required
@blp.response(202, WebhookDeliverySchema)
@blp.alt_response(409, response="CONFLICT", description="The webhook is off.")
def test_webhook(webhook_id):
    """Send a `webhook.test` event to this webhook alone, behind the deliveries that wait for it.

    The answer is the delivery, queued; `GET .../deliveries/{delivery_id}` shows how it went.
    """
    endpoint = get_owned_or_404(WebhookEndpoint, webhook_id, for_update=True)
    if not endpoint.active:
        raise Problem(409, "The webhook is off: turn it on (PATCH active: true) first.", code="webhook_inactive")
    delivery = queue_test(endpoint)
    db.session.commit()
    return (
        delivery,
        202,
        {"Location": url_for("webhooks.get_webhook_delivery", webhook_id=webhook_id, delivery_id=delivery.id)},
    )


@blp.get(ITEM + "/deliveries")
@blp.login_required
@blp.etag
@blp.arguments(WebhookQuerySchema, location="query")
@blp.response(200, WebhookDeliveryPageSchema)
def list_webhook_deliveries(args, webhook_id):
    """The webhook's deliveries, newest first.

    Each shows its event, the attempts made, the last answer's status, body (a kilobyte at most) and
    duration, what went wrong, and when it is tried again.
    """
    get_owned_or_404(WebhookEndpoint, webhook_id)
    deliveries = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == webhook_id)
    return keyset_page(deliveries, WebhookDelivery, limit=args["limit"], cursor=args.get("cursor"))


@blp.get(DELIVERY)
@blp.login_required
@blp.etag
@blp.response(200, WebhookDeliverySchema)
def get_webhook_delivery(webhook_id, delivery_id):
    """One delivery of a webhook, and how its last attempt went.

    A `pending` one is tried again at `next_attempt_at`; `POST .../redeliver` sends its event once more.
    """
    return _delivery_or_404(webhook_id, delivery_id)


@blp.post(DELIVERY + "/redeliver")
@blp.login_required
@blp.response(202, WebhookDeliverySchema)
def redeliver_webhook_delivery(webhook_id, delivery_id):
    """Send a delivery's event again, as a new delivery at the end of the webhook's queue.

    It keeps the event's `webhook-id`, so a receiver that has it already can tell.
    """
    get_owned_or_404(WebhookEndpoint, webhook_id, for_update=True)
    again = redeliver(_delivery_or_404(webhook_id, delivery_id))
    db.session.commit()
    return (
        again,
        202,
        {"Location": url_for("webhooks.get_webhook_delivery", webhook_id=webhook_id, delivery_id=again.id)},
    )
