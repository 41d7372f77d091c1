"""What a held conversation leaves me owing: a thank-you within a day of its end."""

from __future__ import annotations

from datetime import timedelta

from service.database import db
from service.models import FollowUp, Meeting
from service.models.types import utcnow

THANK_YOU_WITHIN = timedelta(hours=24)
THANK_YOU_NOTES = "Thank them for their time, and mention one thing you took from the conversation."


def follow_up_completion(meeting: Meeting) -> None:
    """The first time a meeting is completed, owe the contact a thank-you within a day of its end."""
    if meeting.status != "completed" or meeting.completed_at is not None:
        return
    meeting.completed_at = utcnow()
    db.session.flush()  # a new meeting gets its id
    db.session.add(
        FollowUp(
            user_id=meeting.user_id,
            contact_id=meeting.contact_id,
            meeting_id=meeting.id,
            kind="thank_you",
            due_at=meeting.ends_at + THANK_YOU_WITHIN,
            notes=THANK_YOU_NOTES,
        )
    )
