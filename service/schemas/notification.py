import re
from datetime import time

import marshmallow as ma

from service.schemas.fields import Flag, Id, Text, Timestamp
from service.schemas.pages import PageArgsSchema, page_schema

CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _kind(description: str) -> Flag:
    return Flag(load_default=None, metadata={"description": description, "example": True})


class Clock(ma.fields.String):
    """A wall-clock time ``HH:MM`` (24-hour), read into a ``datetime.time``."""

    default_error_messages = {"clock": "Give a time as HH:MM, 24-hour (e.g. 22:00)."}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("metadata", {})["pattern"] = CLOCK
        super().__init__(allow_none=True, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%H:%M")

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(CLOCK, text):
            raise self.make_error("clock")
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))


class NotificationSettingsSchema(ma.Schema):
    """How I want to be told of what needs doing: channels, kinds, quiet hours (PATCH any of them)."""

    class Meta:
        ordered = True

    push = Flag(
        metadata={
            "description": "Reminders by Web Push to every device I subscribed (POST /api/v1/push-subscriptions).",
            "example": True,
        }
    )
    email = Flag(
        metadata={
            "description": "Reminders by email, to my address once it is verified (and while `email_available`).",
            "example": True,
        }
    )
    follow_up_due = Flag(metadata={"description": "A follow-up due today (from 08:00).", "example": True})
    follow_up_overdue = Flag(metadata={"description": "A follow-up past its due time.", "example": True})
    meeting_unprepared = Flag(
        metadata={"description": "A chat within 24 hours that is not ready yet.", "example": True}
    )
    weekly_digest = Flag(
        metadata={"description": "On Monday from 08:00: chats ahead, follow-ups owed, goals.", "example": True}
    )
    quiet_hours_start = Clock(
        metadata={
            "description": (
                "From then (my time zone's wall clock, HH:MM) to `quiet_hours_end` nothing is pushed or emailed; "
                "what comes due waits until they end. Null (both): no quiet hours."
            ),
            "example": "22:00",
        }
    )
    quiet_hours_end = Clock(metadata={"description": "When the quiet hours end (HH:MM).", "example": "07:00"})
    push_available = ma.fields.Boolean(
        dump_only=True,
        metadata={"description": "Whether this server sends Web Push (it always can).", "example": True},
    )
    push_public_key = ma.fields.String(
        dump_only=True,
        metadata={
            "description": "The server's VAPID public key: the `applicationServerKey` to subscribe a browser with.",
            "example": "BNc7a5D1Y2hUj0aX0n3Xhq4f9y7mGqKmH0oNQhX8sJ4bW5lR9bVtq0m2cQm1GZl2Yy0fJpJx2y9d3gQz1p9hJ0Q",
        },
    )
    push_subscriptions = ma.fields.Integer(
        dump_only=True, metadata={"description": "Devices subscribed to Web Push.", "example": 1}
    )
    email_available = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "description": "Whether this server sends email at all (its operator set SMTP_URL); false: the email "
            "channel is off, whatever `email` says.",
            "example": True,
        },
    )
    email_verified = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "description": "Whether my email address is verified: reminders by email go only to one that is.",
            "example": False,
        },
    )

    @ma.validates_schema
    def _quiet_hours_both_or_neither(self, data, partial=None, **kwargs):
        given = [key for key in ("quiet_hours_start", "quiet_hours_end") if key in data]
        if len(given) == 1 or (
            len(given) == 2 and (data["quiet_hours_start"] is None) != (data["quiet_hours_end"] is None)
        ):
            raise ma.ValidationError("Give both ends of the quiet hours, or neither.", "quiet_hours_end")


class PushSubscriptionSchema(ma.Schema):
    """A browser's push subscription, as ``PushSubscription.toJSON()`` gives it; POST it as it is."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 5})
    endpoint = Text(
        2000,
        min_length=1,
        required=True,
        metadata={
            "description": "The push service's URL for this browser (https).",
            "example": "https://fcm.googleapis.com/fcm/send/dVuH2vQ4h5g:APA91bH",
        },
    )
    expirationTime = ma.fields.Float(  # noqa: N815 -- the browser's own name
        load_only=True,
        allow_none=True,
        metadata={
            "description": "When the browser says it ends (ms since 1970), usually null; not used.",
            "example": None,
        },
    )
    keys = ma.fields.Nested(
        "PushKeysSchema",
        required=True,
        load_only=True,
        metadata={"description": "The browser's keys for the payload's encryption (RFC 8291)."},
    )
    device_name = Text(
        200, allow_none=True, load_default=None, metadata={"description": "Which device it is.", "example": "Pixel 8"}
    )
    created_at = Timestamp(dump_only=True)
    last_push_at = Timestamp(dump_only=True, allow_none=True, metadata={"example": None})


class PushKeysSchema(ma.Schema):
    class Meta:
        ordered = True

    p256dh = Text(
        200,
        min_length=1,
        required=True,
        metadata={"example": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"},
    )
    auth = Text(100, min_length=1, required=True, metadata={"example": "tBHItJI5svbpez7KI4CCXg"})


class PushSubscriptionQuerySchema(PageArgsSchema):
    pass


PushSubscriptionPageSchema = page_schema(PushSubscriptionSchema, "PushSubscriptionPage")
