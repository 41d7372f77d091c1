"""The account document: everything I own, as ``GET /api/v1/export`` sends it and ``POST /api/v1/import`` reads it.

Each kind of row is the API's own schema for it, with the fields the API computes left out
(progress, warnings, counts) and the ones it sets itself made readable on the way in (ids,
timestamps, calendar identity), so a document reads like the API's answers and is checked by
the same field rules. Ids are the rows' ids when exported; the document refers to its rows by
them, and an import gives every row a new id.
"""

from __future__ import annotations

import marshmallow as ma

from service.accounts.portability import FORMAT, VERSION
from service.database import MAX_ID
from service.schemas.contact import ContactSchema
from service.schemas.fields import Flag, Id, Instant
from service.schemas.follow_up import FollowUpSchema
from service.schemas.goal import GoalSchema
from service.schemas.meeting import MeetingFieldsSchema, OutcomeSchema, PlannedQuestionSchema
from service.schemas.question import QuestionBankSchema, QuestionSchema, category_field, question_text
from service.schemas.user import MeUpdateSchema

# What a calendar invitation may bring in as an attendee's address (service.calendar.invites):
# looser than the API's own check, and a document must carry every contact the service holds.
INVITED_EMAIL = r"^[^@\s:/<>]+@[^@\s:/<>]+$"


def document_id(noun: str, example: int) -> Id:
    return Id(
        required=True,
        metadata={
            "description": f"The {noun}'s id when exported; the document refers to it by this id.",
            "example": example,
        },
    )


def reference(description: str, example: int | None = None, **kwargs) -> Id:
    """An id naming another row of the document (or null)."""
    return Id(allow_none=True, load_default=None, metadata={"description": description, "example": example}, **kwargs)


def kept_time() -> Instant:
    """A timestamp the API sets itself (created_at, updated_at), which an import keeps."""
    return Instant(metadata={"description": "Kept by an import; the time of the import when left out."})


def kept_uid() -> ma.fields.String:
    return ma.fields.String(
        validate=ma.validate.Length(min=1, max=255),
        metadata={
            "description": "The event's UID in calendars. An import keeps it unless another meeting or follow-up on "
            "this server has it (then the copy gets a new one); a new one when left out.",
            "example": "0b5f6a4e-3f7c-4a8e-9d51-2c1f0e7b9a10@coffeechat",
        },
    )


def kept_sequence() -> ma.fields.Integer:
    return ma.fields.Integer(
        strict=True,
        load_default=0,
        validate=ma.validate.Range(min=0, max=MAX_ID),
        metadata={"description": "The event's SEQUENCE, kept by an import.", "example": 0},
    )


class ExportedProfileSchema(MeUpdateSchema):
    """My settings. The email address and password stay the importing account's own."""

    class Meta:
        ordered = True
        exclude = ("email", "password", "current_password")


class ExportedContactSchema(ContactSchema):
    id = document_id("contact", 7)
    email = ma.fields.String(
        allow_none=True,
        validate=[ma.validate.Length(max=254), ma.validate.Regexp(INVITED_EMAIL, error="Not a valid email address.")],
        metadata={"example": "priya@example.org"},
    )
    referred_by_id = reference("A contact of this document, who introduced us.")
    source_meeting_id = reference("A meeting of this document, in which their introducer offered to connect us.")
    created_at = kept_time()
    updated_at = kept_time()


class ExportedGoalSchema(GoalSchema):
    class Meta:
        ordered = True
        exclude = ("progress",)  # counted from the meetings and outcomes

    id = document_id("goal", 4)
    achieved_at = Instant(
        allow_none=True,
        metadata={"description": "Kept for an achieved goal; the time of the import when left out.", "example": None},
    )
    created_at = kept_time()
    updated_at = kept_time()


class ExportedQuestionBankSchema(QuestionBankSchema):
    class Meta:
        ordered = True
        exclude = ("builtin", "question_count")  # every bank here is mine; counted from the questions

    id = document_id("question bank", 3)
    # The column holds either kind of bank; the exporter says which in these two attributes.
    copied_from_id = reference(
        "A bank of this document that this one was copied from.", attribute="document_copied_from_id"
    )
    copied_from_builtin_id = reference(
        "The built-in starter bank this one was copied from, by its id on the server (the starter banks are "
        "shared, not exported).",
        example=None,
    )
    created_at = kept_time()
    updated_at = kept_time()


class ExportedQuestionSchema(QuestionSchema):
    class Meta:
        ordered = True
        exclude = ("builtin", "warnings")

    id = document_id("question", 41)
    bank_id = Id(required=True, metadata={"description": "A bank of this document.", "example": 3})
    created_at = kept_time()
    updated_at = kept_time()


class ExportedMeetingSchema(MeetingFieldsSchema):
    id = document_id("meeting", 12)
    contact_id = Id(required=True, metadata={"description": "A contact of this document.", "example": 7})
    video_url = ma.fields.URL(
        allow_none=True,
        schemes={"http", "https"},
        # An invitation's meeting link may name an intranet host without a top-level domain.
        require_tld=False,
        validate=ma.validate.Length(max=500),
        metadata={"example": "https://meet.example.com/abc-defg-hij"},
    )
    goal_ids = ma.fields.List(
        Id(),
        load_default=list,
        # No cap: recording outcomes links goals beyond the 20 a meeting body may name.
        metadata={"description": "Goals of this document.", "example": [4]},
    )
    completed_at = Instant(
        allow_none=True,
        metadata={
            "description": "Kept for a completed meeting; the time of the import when left out.",
            "example": None,
        },
    )
    cancelled_at = Instant(
        allow_none=True,
        metadata={
            "description": "When it was cancelled (calendar feeds keep a cancelled meeting for 30 days).",
            "example": None,
        },
    )
    uid = kept_uid()
    sequence = kept_sequence()
    invite_uid = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=ma.validate.Length(min=1, max=255),
        metadata={
            "description": "The UID of the invitation it was imported from: importing that invitation again "
            "updates this meeting.",
            "example": None,
        },
    )
    invite_recurrence_id = Instant(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "For an invitation to one occurrence of a repeating event: that occurrence "
            "(RECURRENCE-ID). The invitation is found again by its UID and this.",
            "example": None,
        },
    )
    invite_sequence = ma.fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=ma.validate.Range(min=0, max=MAX_ID),
        metadata={"description": "The SEQUENCE of that invitation.", "example": None},
    )
    created_at = kept_time()
    updated_at = kept_time()


class ExportedPlannedQuestionSchema(PlannedQuestionSchema):
    class Meta:
        ordered = True
        exclude = ("warnings",)

    id = document_id("planned question", 88)
    meeting_id = Id(required=True, metadata={"description": "A meeting of this document.", "example": 12})
    # The column holds either kind of question; the exporter says which in these two attributes.
    question_id = reference(
        "A question of this document that the text was copied from.", example=41, attribute="document_question_id"
    )
    builtin_question_id = reference(
        "The built-in starter question the text was copied from, by its id on the server (the starter banks are "
        "shared, not exported). At most one of question_id and builtin_question_id.",
        example=None,
    )
    text = question_text(required=True)
    asked = Flag(load_default=False, metadata={"description": "Whether I asked it.", "example": True})
    position = ma.fields.Integer(
        strict=True,
        required=True,
        validate=ma.validate.Range(min=1),
        metadata={
            "description": "Its place in the meeting's plan; an import numbers each plan 1, 2, 3... in this order.",
            "example": 1,
        },
    )
    category = category_field(load_default="other")
    created_at = kept_time()
    updated_at = kept_time()


class ExportedOutcomeSchema(OutcomeSchema):
    id = document_id("outcome", 5)
    meeting_id = Id(required=True, metadata={"description": "A meeting of this document.", "example": 12})
    goal_id = Id(required=True, metadata={"description": "A goal of this document.", "example": 4})
    created_at = kept_time()
    updated_at = kept_time()


class ExportedFollowUpSchema(FollowUpSchema):
    id = document_id("follow-up", 9)
    contact_id = Id(required=True, metadata={"description": "A contact of this document.", "example": 7})
    meeting_id = reference("A meeting of this document, with the same contact.", example=12)
    uid = kept_uid()
    sequence = kept_sequence()
    created_at = kept_time()
    updated_at = kept_time()


def _rows(schema: type[ma.Schema], description: str) -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(schema), load_default=list, metadata={"description": description})


def flat_errors(messages: dict, path: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages keyed by dotted paths: ``{"contacts": {3: {"email": [...]}}}`` ->
    ``{"contacts.3.email": [...]}``; a schema-level message goes to the path of its object."""
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        where = path if key == "_schema" and path else f"{path}.{key}" if path else str(key)
        if isinstance(value, dict):
            for inner, texts in flat_errors(value, where).items():
                flat.setdefault(inner, []).extend(texts)
        else:
            flat.setdefault(where, []).extend(value if isinstance(value, list) else [value])
    return flat


class AccountDataSchema(ma.Schema):
    """Everything I own, as one document, rows in id order: export it, import it into an empty account.

    Not included: logins (device sessions), the calendar feed URL, the CalDAV link and its password,
    personal access tokens, idempotency keys and the delta-sync history. The built-in starter banks are
    shared by every account and are referred to by their ids on the server.
    """

    class Meta:
        ordered = True

    format = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([FORMAT]),
        metadata={"description": "What this document is.", "example": FORMAT},
    )
    version = ma.fields.Integer(
        required=True,
        strict=True,
        validate=ma.validate.OneOf([VERSION]),
        metadata={"description": "The document format's version; this server reads this one.", "example": VERSION},
    )
    exported_at = Instant(metadata={"description": "When it was exported; an import ignores it."})
    profile = ma.fields.Nested(
        ExportedProfileSchema, metadata={"description": "Left out: the settings stay as they are."}
    )
    contacts = _rows(ExportedContactSchema, "My contacts, with their tags and who introduced them.")
    goals = _rows(ExportedGoalSchema, "My goals.")
    question_banks = _rows(ExportedQuestionBankSchema, "My own question banks (not the built-in ones).")
    questions = _rows(ExportedQuestionSchema, "The questions of my banks.")
    meetings = _rows(ExportedMeetingSchema, "My meetings, with the goals they work towards.")
    meeting_questions = _rows(
        ExportedPlannedQuestionSchema, "The questions planned for my meetings, and their answers."
    )
    outcomes = _rows(ExportedOutcomeSchema, "What my meetings did for my goals.")
    follow_ups = _rows(ExportedFollowUpSchema, "What I owe my contacts.")

    def handle_error(self, error: ma.ValidationError, data, **kwargs):
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        # A document of another format or version is not worth reading field by field.
        if "format" in messages or "version" in messages:
            messages = {key: messages[key] for key in ("format", "version") if key in messages}
        raise ma.ValidationError(flat_errors(messages))


class AccountImportSchema(ma.Schema):
    """What an import restored, row by row."""

    class Meta:
        ordered = True

    contacts = ma.fields.Integer(required=True, metadata={"example": 12})
    goals = ma.fields.Integer(required=True, metadata={"example": 3})
    question_banks = ma.fields.Integer(required=True, metadata={"example": 1})
    questions = ma.fields.Integer(required=True, metadata={"example": 8})
    meetings = ma.fields.Integer(required=True, metadata={"example": 5})
    meeting_questions = ma.fields.Integer(required=True, metadata={"example": 20})
    outcomes = ma.fields.Integer(required=True, metadata={"example": 4})
    follow_ups = ma.fields.Integer(required=True, metadata={"example": 6})
    renewed_uids = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Meetings and follow-ups given a new calendar UID because another one on this server has "
            "theirs (an export imported on the server it came from): calendar apps show them as new events.",
            "example": 0,
        },
    )
