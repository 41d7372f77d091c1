import marshmallow as ma

from service.schemas.fields import Flag, Id, Text, Timestamp, one_of

IMPORT_ACTIONS = ("created", "updated", "cancelled", "skipped")
PUSH_INVITATIONS = (
    "Whether meetings imported from invitations (POST /api/v1/calendar/import) are pushed too. Off, they are "
    "left out, and copies pushed before are removed: the organizer's event is usually in your calendar "
    "already, and a copy would show the meeting twice. Turn it on when the invitations reach another calendar."
)


class FeedSchema(ma.Schema):
    """Whether I have a subscription URL. The URL itself is shown only when it is made."""

    class Meta:
        ordered = True

    active = ma.fields.Boolean(required=True, metadata={"example": True})
    created_at = Timestamp(allow_none=True, metadata={"description": "When the current URL was made."})


class FeedLinkSchema(ma.Schema):
    """A new subscription URL: keep it secret, anyone with it can read my calendar."""

    class Meta:
        ordered = True

    url = ma.fields.String(
        required=True,
        metadata={
            "description": "Subscribe to this URL from a calendar app (Google: Other calendars, From URL).",
            "example": "https://coffeechat.example.com/calendar/Xq3v9N2m5Qe7R1tY8uI0oP4aS6dF2gH9jK3lZ5xC7vB.ics",
        },
    )
    webcal_url = ma.fields.String(
        required=True,
        metadata={
            "description": "The same URL with the webcal scheme: a click opens the calendar app.",
            "example": "webcal://coffeechat.example.com/calendar/Xq3v9N2m5Qe7R1tY8uI0oP4aS6dF2gH9jK3lZ5xC7vB.ics",
        },
    )
    created_at = Timestamp(required=True)


class ImportedEventSchema(ma.Schema):
    class Meta:
        ordered = True

    uid = ma.fields.String(
        required=True, metadata={"description": "The invitation's UID.", "example": "7kc9ht3r2m@google.com"}
    )
    recurrence_id = Timestamp(
        required=True,
        allow_none=True,
        metadata={
            "description": "For an invitation to one occurrence of a repeating event, sent without the series "
            "(RECURRENCE-ID): which occurrence, by its original start. Its meeting is found again by the UID "
            "and this. Null for a whole invitation; a series is imported as its first occurrence that happens.",
            "example": None,
        },
    )
    action = one_of(IMPORT_ACTIONS, required=True, metadata={"example": "created"})
    meeting_id = Id(allow_none=True, metadata={"description": "The meeting it made or changed.", "example": 12})
    reason = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Why the event was skipped; null for the other actions.",
            "example": None,
        },
    )


class ImportErrorSchema(ma.Schema):
    class Meta:
        ordered = True

    uid = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "The event's UID, null when it has none.", "example": "mars-meeting@example.com"},
    )
    message = ma.fields.String(
        required=True,
        metadata={
            "example": 'The time zone "Mars/Olympus_Mons" is unknown and the file does not define it; '
            "export the invitation again with its time zones."
        },
    )


class ImportResultSchema(ma.Schema):
    """What an import did, event by event; the events listed in `errors` changed nothing."""

    class Meta:
        ordered = True

    created = ma.fields.Integer(required=True, metadata={"example": 1})
    updated = ma.fields.Integer(required=True, metadata={"example": 0})
    cancelled = ma.fields.Integer(required=True, metadata={"example": 0})
    skipped = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Events left alone, each with its `reason`: an older SEQUENCE than the one imported, "
            "a cancellation of a meeting I do not have or that is already cancelled, a change to a completed "
            "meeting.",
            "example": 0,
        },
    )
    events = ma.fields.List(ma.fields.Nested(ImportedEventSchema), required=True)
    errors = ma.fields.List(ma.fields.Nested(ImportErrorSchema), required=True)


class CaldavLinkInputSchema(ma.Schema):
    """The CalDAV calendar to push my meetings to."""

    class Meta:
        ordered = True

    url = ma.fields.URL(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        validate=ma.validate.Length(max=500),
        metadata={
            "description": "The calendar collection's URL (Nextcloud: Calendar settings, Copy private link).",
            "example": "https://cloud.example.com/remote.php/dav/calendars/ana/coffee-chats/",
        },
    )
    username = Text(200, min_length=1, required=True, metadata={"example": "ana"})
    password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(min=1, max=1024),
        metadata={
            "description": "Stored encrypted and never shown again; an app password where the server offers one.",
            "example": "app-password-from-your-server",
        },
    )
    push_invitations = Flag(
        load_default=False,
        metadata={
            "description": PUSH_INVITATIONS + " Left out, it is false (a PUT replaces the whole link).",
            "example": False,
        },
    )


class CaldavLinkSchema(ma.Schema):
    class Meta:
        ordered = True

    url = ma.fields.String(
        required=True, metadata={"example": "https://cloud.example.com/remote.php/dav/calendars/ana/coffee-chats/"}
    )
    username = ma.fields.String(required=True, metadata={"example": "ana"})
    calendar_name = ma.fields.String(
        allow_none=True, metadata={"description": "The calendar's display name.", "example": "Coffee chats"}
    )
    push_invitations = ma.fields.Boolean(required=True, metadata={"description": PUSH_INVITATIONS, "example": False})
    last_sync_at = Timestamp(allow_none=True, metadata={"description": "When a push last ended."})
    last_error = ma.fields.String(
        allow_none=True,
        metadata={
            "description": "Why the last push failed, null when it succeeded.",
            "example": None,
        },
    )
    pending = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Meetings whose latest change is not yet in the calendar; "
            "`POST /api/v1/calendar/caldav/sync` retries them.",
            "example": 0,
        },
    )
    failures = ma.fields.List(
        ma.fields.Nested(lambda: CaldavFailureSchema()),
        required=True,
        metadata={"description": "The meetings whose last push failed (at most 50), latest first."},
    )
    created_at = Timestamp(required=True)
    updated_at = Timestamp(required=True)


class CaldavFailureSchema(ma.Schema):
    class Meta:
        ordered = True

    meeting_id = Id(allow_none=True, metadata={"description": "Null when the meeting was deleted.", "example": 12})
    error = ma.fields.String(
        required=True, metadata={"example": "The CalDAV server could not be reached: connection refused."}
    )
    attempted_at = Timestamp(required=True)


class CaldavSyncSchema(ma.Schema):
    """What one push did."""

    class Meta:
        ordered = True

    pushed = ma.fields.Integer(required=True, metadata={"description": "Events written.", "example": 2})
    deleted = ma.fields.Integer(required=True, metadata={"description": "Events removed.", "example": 0})
    failed = ma.fields.Integer(required=True, metadata={"description": "Events that failed again.", "example": 0})
    pending = ma.fields.Integer(required=True, metadata={"description": "Events still to push.", "example": 0})
