"""Delta sync's answer, and ``KINDS``: the synced kinds of objects and the schema each is shown in."""

import marshmallow as ma

from service.models import Contact, FollowUp, Goal, Meeting, MeetingQuestion, Outcome, Question, QuestionBank
from service.schemas.contact import ContactSchema
from service.schemas.fields import Id, one_of
from service.schemas.follow_up import FollowUpSchema
from service.schemas.goal import GoalSchema
from service.schemas.meeting import MeetingSchema, OutcomeSchema, PlannedQuestionSchema
from service.schemas.question import QuestionBankSchema, QuestionSchema

# The synced kinds (named after their tables), in the order of the answer's ``changes``, with the
# schema the API shows each in: a change counts when a column that schema shows changes.
KINDS: dict[str, tuple[type, type[ma.Schema]]] = {
    "contacts": (Contact, ContactSchema),
    "meetings": (Meeting, MeetingSchema),
    "meeting_questions": (MeetingQuestion, PlannedQuestionSchema),
    "question_banks": (QuestionBank, QuestionBankSchema),
    "questions": (Question, QuestionSchema),
    "goals": (Goal, GoalSchema),
    "outcomes": (Outcome, OutcomeSchema),
    "follow_ups": (FollowUp, FollowUpSchema),
}

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
TOKEN_EXAMPLE = "WzEsNywxMiw0MCw5LDczOTk0Nl0"


class SyncQuerySchema(ma.Schema):
    since = ma.fields.String(
        validate=ma.validate.Length(max=500),
        metadata={
            "description": (
                "The `next_since` of my previous sync, unchanged. Leave it out (or empty) for a full sync: "
                "everything, page by page."
            ),
            "example": TOKEN_EXAMPLE,
        },
    )
    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=ma.validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Changes per page (1 to {MAX_LIMIT}).", "example": DEFAULT_LIMIT},
    )


def _changed(schema: type[ma.Schema], what: str) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Nested(schema),
        required=True,
        metadata={"description": f"The {what} created or changed, as their GET shows them now."},
    )


class SyncChangesSchema(ma.Schema):
    """The objects created or changed, by kind (every kind is present, often empty)."""

    class Meta:
        ordered = True

    contacts = _changed(ContactSchema, "contacts")
    meetings = _changed(MeetingSchema, "meetings")
    meeting_questions = _changed(PlannedQuestionSchema, "planned questions of meetings")
    question_banks = _changed(QuestionBankSchema, "question banks (the built-in ones in a full sync)")
    questions = _changed(QuestionSchema, "questions of banks")
    goals = _changed(GoalSchema, "goals")
    outcomes = _changed(OutcomeSchema, "outcomes of meetings")
    follow_ups = _changed(FollowUpSchema, "follow-ups")


class SyncDeletedSchema(ma.Schema):
    """An object deleted since: remove it from my copy (it may be one I never received)."""

    class Meta:
        ordered = True

    type = one_of(
        tuple(KINDS),
        required=True,
        metadata={"description": "Its kind: a key of `changes`.", "example": "contacts"},
    )
    id = Id(required=True, metadata={"example": 7})


class SyncPageSchema(ma.Schema):
    class Meta:
        ordered = True

    changes = ma.fields.Nested(SyncChangesSchema, required=True)
    deleted = ma.fields.List(ma.fields.Nested(SyncDeletedSchema), required=True)
    next_since = ma.fields.String(
        required=True,
        metadata={
            "description": "Pass as `since` next time: for the next page while `has_more`, for the next sync after.",
            "example": TOKEN_EXAMPLE,
        },
    )
    has_more = ma.fields.Boolean(
        required=True,
        metadata={"description": "More changes follow: ask again at once with `since=next_since`.", "example": False},
    )
