"""Deliveries: each endpoint's events sent one after the other, signed, retried until they land.

An endpoint receives its deliveries in the order its events were written (the account's commit order):
the worker that holds the endpoint's lease sends the oldest pending one, and only once it is delivered
the next. A delivery that fails waits (30 seconds, then twice as long after each failure, 12 hours at
most) and holds the ones behind it; three days after it was made it is given up, and the endpoint
is turned off with the reason, for its owner to see and to turn back on.

Signed as Standard Webhooks say (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) with the
``standardwebhooks`` library: the endpoint's secret, and in the 24 hours after a rotation the previous
one beside it. Requests go only to public addresses (unless the deployment allows private ones),
follow no redirect, wait ``WEBHOOK_TIMEOUT`` seconds at most, and keep a kilobyte of the answer.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

import requests
from sqlalchemy import and_, exists, select
from standardwebhooks import Webhook

from service.database import db
from service.encryption import decrypt
from service.models.types import utcnow
from service.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent
from service.outbound import PrivateAddress, UnresolvableHost, refuse_private_address

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=12)
GIVE_UP_AFTER = timedelta(days=3)
# How long a worker's deliveries hold the endpoint: far longer than a few timed-out requests.
LEASE = timedelta(minutes=5)
# Deliveries read at once, and sent by one run before it lets other endpoints have the worker.
BATCH = 50
RUN_LIMIT = 500
KEPT_RESPONSE_BYTES = 1024
USER_AGENT = "coffeechat-webhooks/1"


@dataclass(frozen=True)
class Settings:
    timeout: float
    allow_private_hosts: bool


class Run(Enum):
    DONE = "done"  # nothing pending that is due (or the endpoint is off)
    BUSY = "busy"  # another worker holds the endpoint: ask again shortly
    MORE = "more"  # this run sent its share: queue another for the rest
    FAILED = "failed"  # a delivery failed: those behind it wait for its retry


@dataclass(frozen=True)
class Attempt:
    """What one request to the endpoint came to."""

    status: int | None
    duration_ms: int
    error: str | None
    body: str | None

    @property
    def delivered(self) -> bool:
        return self.error is None


def retry_delay(attempts: int) -> timedelta:
    """How long a delivery waits after its ``attempts``-th failed attempt."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), MAX_RETRY)


def body_of(event: WebhookEvent) -> bytes:
    return json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")).encode()


def signers(endpoint: WebhookEndpoint, now: datetime) -> list[Webhook]:
    """The endpoint's secret, and the previous one while it still counts after a rotation."""
    secrets = [endpoint.secret_encrypted]
    if endpoint.previous_secret_encrypted and (endpoint.previous_secret_expires_at or now) > now:
        secrets.append(endpoint.previous_secret_encrypted)
    return [Webhook(decrypt(secret)) for secret in secrets]


def signed_headers(signed_by: list[Webhook], event: WebhookEvent, body: bytes, now: datetime) -> dict[str, str]:
    """The Standard Webhooks headers, with a signature by each of ``signed_by``."""
    msg_id = event.message_id
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": " ".join(signer.sign(msg_id, now, body) for signer in signed_by),
    }


def send(http: requests.Session, url: str, body: bytes, headers: dict[str, str], settings: Settings) -> Attempt:
    """POST ``body`` to ``url`` once, on ``http``'s kept-alive connections; never raises."""
    started = time.monotonic()

    def attempt(status: int | None = None, error: str | None = None, answer: str | None = None) -> Attempt:
        return Attempt(status, round((time.monotonic() - started) * 1000), error, answer)

    if not settings.allow_private_hosts:
        try:
            refuse_private_address(url)
        except UnresolvableHost:
            return attempt(error="The endpoint's host name could not be found in DNS.")
        except PrivateAddress as exc:
            return attempt(
                error=f"Not sent: {exc}, and webhooks only go to addresses on the internet "
                "(CALDAV_ALLOW_PRIVATE_HOSTS allows private ones)."
            )
    try:
        with http.post(
            url,
            data=body,
            headers=headers,
            timeout=(min(5.0, settings.timeout), settings.timeout),
            allow_redirects=False,
            stream=True,
        ) as response:
            answer = response.raw.read(KEPT_RESPONSE_BYTES, decode_content=True).decode("utf-8", "replace")
            status = response.status_code
    except requests.Timeout:
        return attempt(error=f"No answer within {settings.timeout:g} seconds.")
    except requests.ConnectionError:
        return attempt(error="The endpoint could not be reached (connection refused or dropped).")
    except requests.RequestException as exc:
        return attempt(error=f"The request failed: {type(exc).__name__}.")
    if 200 <= status < 300:
        return attempt(status, answer=answer)
    if 300 <= status < 400:
        return attempt(status, "Answered with a redirect; webhooks follow none: give the final URL.", answer)
    return attempt(status, f"Answered {status}; only a 2xx status counts as delivered.", answer)


def deliver_pending(endpoint_id: int, settings: Settings) -> Run:
    """Send the endpoint's due deliveries in order, until one fails or none is due. Commits.

    No transaction stays open while the receiver answers; the secrets are decrypted once a run, and
    one connection to the receiver is kept alive across its deliveries. A delivery made while this run
    gave its lease back would find it still held: the run looks once more after giving it back.
    """
    claimed_once = False
    while True:
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        if endpoint is None or not endpoint.active:
            db.session.commit()
            return Run.DONE
        if not WebhookEndpoint.claim(endpoint_id, LEASE):
            return Run.DONE if claimed_once else Run.BUSY  # the holder looks again before it lets go
        claimed_once = True
        try:
            run = _send_due(endpoint_id, settings)
        finally:
            db.session.rollback()
            WebhookEndpoint.release(endpoint_id)
        if run is not Run.DONE or not _anything_due(endpoint_id):
            return run


def _send_due(endpoint_id: int, settings: Settings) -> Run:
    with requests.Session() as http:
        for _ in range(RUN_LIMIT // BATCH):
            batch = _next_deliveries(endpoint_id)
            if batch is None:
                return Run.DONE
            url, signed_by, deliveries = batch
            for delivery_id, event in deliveries:
                if not _deliver(http, delivery_id, event, url, signed_by, settings):
                    return Run.FAILED
    return Run.MORE


def _anything_due(endpoint_id: int) -> bool:
    due = _next_deliveries(endpoint_id) is not None
    db.session.commit()
    return due


def _next_deliveries(endpoint_id: int):
    """The endpoint's URL, signers and its next due deliveries in order (id, event); None if none is due."""
    now = utcnow()
    endpoint = db.session.get(WebhookEndpoint, endpoint_id, populate_existing=True)
    if endpoint is None or not endpoint.active:
        db.session.commit()
        return None
    rows = db.session.execute(
        select(WebhookDelivery.id, WebhookDelivery.next_attempt_at, WebhookEvent)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "pending")
        .order_by(WebhookDelivery.id)
        .limit(BATCH)
    ).all()
    # In order: a delivery waiting for its retry holds those behind it.
    due = []
    for delivery_id, next_attempt_at, event in rows:
        if next_attempt_at is not None and next_attempt_at > now:
            break
        due.append((delivery_id, event))
    result = (endpoint.url, signers(endpoint, now), due) if due else None
    db.session.commit()  # the events stay loaded (expire_on_commit is off)
    return result


def _deliver(http, delivery_id: int, event: WebhookEvent, url: str, signed_by: list[Webhook], settings) -> bool:
    """Send one delivery and write down how it went; whether it was delivered (and the next may go)."""
    now = utcnow()
    body = body_of(event)
    result = send(http, url, body, signed_headers(signed_by, event, body, now), settings)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:  # the endpoint was deleted meanwhile
        db.session.commit()
        return False
    record_attempt(delivery, result, utcnow())
    db.session.commit()
    return result.delivered


def record_attempt(delivery: WebhookDelivery, result: Attempt, now: datetime) -> None:
    """Write down how an attempt went; give up on it (and turn the endpoint off) once its event is too old."""
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status, delivery.duration_ms = result.status, result.duration_ms
    delivery.error, delivery.response_body = result.error, result.body
    if result.delivered:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        return
    retry_at = now + retry_delay(delivery.attempts)
    if retry_at - delivery.created_at <= GIVE_UP_AFTER:
        delivery.next_attempt_at = retry_at
        return
    delivery.status, delivery.next_attempt_at = "failed", None
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
    endpoint.active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = (
        f"Turned off on {now:%Y-%m-%d %H:%M} UTC: an event could not be delivered for {GIVE_UP_AFTER.days} days "
        f"({delivery.attempts} attempts; the last: {result.error}) Fix the receiver, then turn the webhook "
        'back on with PATCH {"active": true}: the deliveries waiting go out, and this one can be sent again '
        "with POST .../redeliver."
    )


def endpoints_with_deliveries_due() -> list[int]:
    """Active endpoints whose oldest pending delivery is due (the sweep queues them)."""
    older = WebhookDelivery.__table__.alias("older")
    head = (
        select(WebhookDelivery.endpoint_id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookEndpoint.active,
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= utcnow(),
            ~exists().where(
                and_(
                    older.c.endpoint_id == WebhookDelivery.endpoint_id,
                    older.c.status == "pending",
                    older.c.id < WebhookDelivery.id,
                )
            ),
        )
    )
    return sorted(set(db.session.scalars(head)))
