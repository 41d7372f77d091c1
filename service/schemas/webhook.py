import marshmallow as ma

from service.models.webhook import ALL_EVENTS as ALL
from service.schemas.fields import Flag, Id, Text, Timestamp
from service.schemas.pages import PageArgsSchema, page_schema

# Every event type a webhook can receive, with what it tells (service.webhooks makes them).
EVENT_TYPES: dict[str, str] = {
    "contact.created": "A contact was added (by hand, by an import, or as a referral).",
    "contact.updated": "A contact's details changed.",
    "contact.deleted": "A contact was deleted; `data` holds only its `id`.",
    "meeting.created": "A meeting was planned (or imported from an invitation).",
    "meeting.updated": "A meeting's details, plan of questions or answers changed.",
    "meeting.completed": "A meeting was marked held (status `completed`).",
    "meeting.cancelled": "A meeting was cancelled.",
    "meeting.deleted": "A meeting was deleted; `data` holds only its `id`.",
    "follow_up.created": "A follow-up was added (the thank-you after a completed meeting among them).",
    "follow_up.due": "An open follow-up is due today, in my time zone (sent once).",
    "follow_up.overdue": "An open follow-up's due day has passed (sent once).",
    "follow_up.done": "A follow-up was marked done.",
    "goal.achieved": "A goal was marked achieved.",
    "outcome.recorded": "An outcome of a meeting was recorded against a goal.",
    "referral.created": "Someone I met introduced me to a new contact (`data` is that contact).",
}
SECRET_EXAMPLE = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+2ZZ4zMk6yU="
EVENT_NAMES = [ALL, *EVENT_TYPES]


class WebhookSchema(ma.Schema):
    """A URL of mine that receives my account's events, signed (Standard Webhooks)."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 4})
    url = Text(
        2000,
        min_length=1,
        required=True,
        metadata={
            "description": (
                "Where events are POSTed: an https:// address on the internet (no redirects are followed)."
            ),
            "example": "https://hooks.example.com/coffeechat",
        },
    )
    events = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(EVENT_NAMES)),
        load_default=lambda: [ALL],
        validate=ma.validate.Length(min=1, max=len(EVENT_NAMES)),
        metadata={
            "description": (
                'The event types it receives; `["*"]` (the default): every one, those added later too. '
                + " ".join(f"`{name}`: {text}" for name, text in EVENT_TYPES.items())
            ),
            "example": ["meeting.completed", "goal.achieved"],
        },
    )
    description = Text(
        500,
        load_default="",
        metadata={"description": "What it is for, to tell webhooks apart.", "example": "Log chats in my Notion"},
    )
    active = Flag(
        load_default=True,
        metadata={
            "description": (
                "Whether events are recorded and sent to it. coffeechat turns it off when an event could not be "
                "delivered for 3 days (`disabled_reason` says why); setting it true again sends what waits."
            ),
            "example": True,
        },
    )
    disabled_reason = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Why coffeechat turned it off; null while on or turned off by me.", "example": None},
    )
    disabled_at = Timestamp(dump_only=True, allow_none=True, metadata={"example": None})
    previous_secret_expires_at = Timestamp(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "After a rotation: until when the previous secret also signs each delivery.",
            "example": None,
        },
    )
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)

    @ma.post_load
    def _events_once(self, data, **kwargs):
        if "events" in data:
            data["events"] = [ALL] if ALL in data["events"] else sorted(set(data["events"]))
        return data


class NewWebhookSchema(WebhookSchema):
    """A webhook just made: the only time its signing secret is shown."""

    secret = ma.fields.String(
        dump_only=True,
        metadata={
            "description": (
                "Verify each delivery's `webhook-signature` with it (any Standard Webhooks library does). "
                "It is shown only now; store it safely, or rotate it to get a new one."
            ),
            "example": SECRET_EXAMPLE,
        },
    )


class WebhookSecretSchema(ma.Schema):
    """A new signing secret, shown only now."""

    class Meta:
        ordered = True

    secret = ma.fields.String(metadata={"example": SECRET_EXAMPLE})
    previous_secret_expires_at = Timestamp(
        metadata={"description": "Until then the previous secret signs each delivery too (24 hours)."}
    )


class WebhookDeliverySchema(ma.Schema):
    """One event on its way to a webhook, and how its last attempt went."""

    class Meta:
        ordered = True

    id = Id(metadata={"example": 311})
    event_id = ma.fields.String(
        attribute="message_id",
        metadata={
            "description": "The event's `webhook-id`: the same on every attempt and redelivery.",
            "example": "msg_2208",
        },
    )
    event_type = ma.fields.String(metadata={"example": "meeting.completed"})
    status = ma.fields.String(
        metadata={
            "description": (
                "`pending` (waiting, or retried at `next_attempt_at`), `delivered` (a 2xx answer), or `failed` "
                "(retried for 3 days without success)."
            ),
            "enum": ["pending", "delivered", "failed"],
            "example": "delivered",
        }
    )
    attempts = ma.fields.Integer(metadata={"example": 1})
    response_status = ma.fields.Integer(
        allow_none=True, metadata={"description": "The HTTP status of the last answer; null: none.", "example": 200}
    )
    duration_ms = ma.fields.Integer(
        allow_none=True, metadata={"description": "How long the last attempt took.", "example": 84}
    )
    error = ma.fields.String(
        allow_none=True, metadata={"description": "What went wrong with the last attempt.", "example": None}
    )
    response_body = ma.fields.String(
        allow_none=True,
        metadata={"description": "The first kilobyte of the last answer's body.", "example": "ok"},
    )
    next_attempt_at = Timestamp(allow_none=True, metadata={"example": None})
    last_attempt_at = Timestamp(allow_none=True)
    delivered_at = Timestamp(allow_none=True)
    created_at = Timestamp()


class WebhookQuerySchema(PageArgsSchema):
    pass


WebhookPageSchema = page_schema(WebhookSchema, "WebhookPage")
WebhookDeliveryPageSchema = page_schema(WebhookDeliverySchema, "WebhookDeliveryPage")
