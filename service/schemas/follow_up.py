import marshmallow as ma

from service.schemas.fields import (
    Id,
    Instant,
    Timestamp,
    calendar_sequence,
    calendar_uid,
    one_of,
    optional_text,
    query_id,
)
from service.schemas.pages import PageArgsSchema, page_schema

KINDS = ("thank_you", "share_resource", "report_back", "check_in", "ask_intro", "other")
STATES = ("open", "done", "overdue")


class FollowUpSchema(ma.Schema):
    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 9})
    contact_id = Id(
        metadata={"description": "One of my contacts; by default the meeting's contact.", "example": 7},
    )
    meeting_id = Id(
        allow_none=True,
        metadata={"description": "One of my meetings, with the same contact.", "example": 12},
    )
    kind = one_of(KINDS, required=True, metadata={"example": "thank_you"})
    due_at = Instant(required=True)
    done_at = Instant(
        allow_none=True, metadata={"description": "When I did it; null while it is open.", "example": None}
    )
    notes = optional_text(10_000, metadata={"example": "Send the link to the failure-review write-up she mentioned."})
    uid = calendar_uid()
    sequence = calendar_sequence()
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class FollowUpQuerySchema(PageArgsSchema):
    state = one_of(
        STATES,
        metadata={"description": "`open`: not done; `done`; `overdue`: not done and due before now."},
    )
    due_before = Instant(metadata={"description": "Only follow-ups due before this time."})
    contact_id = query_id(metadata={"description": "Only follow-ups owed to this contact."})
    meeting_id = query_id(metadata={"description": "Only follow-ups of this meeting."})
    kind = one_of(KINDS, metadata={"description": "Only follow-ups of this kind."})


FollowUpPageSchema = page_schema(FollowUpSchema, "FollowUpPageSchema")
