"""My webhook endpoints: their URLs checked, their secrets made, rotated and kept encrypted, tests and
redeliveries queued."""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from service.database import db
from service.encryption import encrypt
from service.models.types import utcnow
from service.models.webhook import TEST_EVENT, WebhookDelivery, WebhookEndpoint
from service.webhooks.events import note_deliveries, write_events

# After a rotation the previous secret keeps signing beside the new one this long.
PREVIOUS_SECRET_LIFETIME = timedelta(hours=24)
MAX_ENDPOINTS = 20
SECRET_BYTES = 32


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def count_endpoints(user_id: int) -> int:
    return db.session.scalar(select(func.count()).where(WebhookEndpoint.user_id == user_id))


def create_endpoint(
    user_id: int, url: str, events: list[str], description: str, active: bool
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint (not committed) and its secret, shown this once."""
    secret = new_secret()
    endpoint = WebhookEndpoint(
        user_id=user_id,
        url=url,
        events=events,
        description=description,
        active=active,
        secret_encrypted=encrypt(secret),
    )
    db.session.add(endpoint)
    return endpoint, secret


def turn_on(endpoint: WebhookEndpoint) -> None:
    """Turn the endpoint on again: the reason it was off is forgotten, and waiting deliveries are due now."""
    endpoint.active = True
    endpoint.disabled_reason = endpoint.disabled_at = None
    for delivery in db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "pending")
    ):
        delivery.next_attempt_at = utcnow()


def turn_off(endpoint: WebhookEndpoint) -> None:
    endpoint.active = False


def rotate_secret(endpoint: WebhookEndpoint) -> str:
    """A new secret (shown this once); the current one keeps signing beside it for 24 hours."""
    secret = new_secret()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = utcnow() + PREVIOUS_SECRET_LIFETIME
    endpoint.secret_encrypted = encrypt(secret)
    endpoint.updated_at = utcnow()
    return secret


def queue_test(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``webhook.test`` event for this endpoint alone, queued behind its other deliveries."""
    now = utcnow()
    row = {
        "user_id": endpoint.user_id,
        "type": TEST_EVENT,
        "payload": {
            "type": TEST_EVENT,
            "timestamp": now.isoformat(),
            "data": {"webhook_id": endpoint.id, "message": "A test event from coffeechat: the webhook works."},
        },
        "created_at": now,
    }
    write_events(db.session(), [row], {endpoint.user_id: [endpoint]})
    return db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id).order_by(WebhookDelivery.id.desc())
    ).first()


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """The delivery's event once more, as a new delivery at the end of the endpoint's queue (same webhook-id)."""
    again = WebhookDelivery(endpoint_id=delivery.endpoint_id, event_id=delivery.event_id)
    db.session.add(again)
    db.session.flush()
    note_deliveries(db.session(), {delivery.endpoint_id})
    return again
