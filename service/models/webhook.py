from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.database import db
from service.models.mixins import Leased, OwnedByUser
from service.models.types import UTCDateTime, utcnow

# An endpoint whose events are ["*"] receives every type, those added later too.
ALL_EVENTS = "*"
# The event POST /webhooks/{id}/test sends: to that endpoint alone, whatever its events.
TEST_EVENT = "webhook.test"


class WebhookEndpoint(Leased, OwnedByUser, db.Model):
    """A URL of mine that receives signed events; its signing secrets are encrypted at rest.

    After a rotation the previous secret keeps signing beside the new one until
    ``previous_secret_expires_at``. An endpoint that kept failing is switched off (``active`` false)
    with the reason. Leased: one worker at a time delivers to it, in order.
    """

    __tablename__ = "webhook_endpoints"
    __noun__ = "webhook"
    __table_args__ = (Index("ix_webhook_endpoints_user_id_created_at_id", "user_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    # The event types it receives; ["*"]: all of them, those added later too.
    events: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    secret_encrypted: Mapped[str] = mapped_column(Text)
    previous_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def receives(self, event_type: str) -> bool:
        return event_type == TEST_EVENT or ALL_EVENTS in self.events or event_type in self.events


class WebhookEvent(db.Model):
    """An event of my account, written in the same transaction as the change it tells of (the outbox).

    ``payload`` is the body sent, as Standard Webhooks shapes it: ``{"type", "timestamp", "data"}``,
    ``data`` being the object as its GET shows it at that commit. Ids grow in commit order per account
    (they are taken under the owner's lock), which is the order of delivery.
    """

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def message_id(self) -> str:
        """Its ``webhook-id``: the same on every attempt and redelivery, for receivers to deduplicate."""
        return f"msg_{self.id}"


class WebhookDelivery(db.Model):
    """One event on its way to one endpoint: pending until delivered, or failed once retries ran out.

    ``response_body`` keeps the first kilobyte of the receiver's last answer, no more.
    """

    __tablename__ = "webhook_deliveries"
    __noun__ = "delivery"
    __table_args__ = (
        # The endpoint's next delivery (its oldest pending one), and its log, newest first.
        Index("ix_webhook_deliveries_endpoint_id_status_id", "endpoint_id", "status", "id"),
        Index("ix_webhook_deliveries_endpoint_id_created_at_id", "endpoint_id", "created_at", "id"),
        Index("ix_webhook_deliveries_event_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_status: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    response_body: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[WebhookEvent] = relationship(lazy="joined", innerjoin=True)

    @property
    def event_type(self) -> str:
        return self.event.type

    @property
    def message_id(self) -> str:
        return self.event.message_id
