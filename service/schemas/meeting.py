import marshmallow as ma

from service.interview.readiness import DEFAULT_MAX_MINUTES
from service.interview.status import STATUSES
from service.schemas.contact import ContactSchema, ContactSummarySchema
from service.schemas.fields import (
    Expanded,
    Flag,
    Id,
    Instant,
    Text,
    Timestamp,
    calendar_sequence,
    calendar_uid,
    one_of,
    optional_text,
    query_id,
    timezone_field,
)
from service.schemas.pages import PageArgsSchema, page_schema
from service.schemas.question import PURPOSES, category_field, question_text, warnings_field

MAX_GOALS_PER_MEETING = 20
# What a meeting's answer can embed on request (``?expand=``).
EXPANSIONS = ("contact",)


class MeetingFieldsSchema(ma.Schema):
    """A meeting's own fields, as I send them (POST, PATCH) and read them back; the account document's too."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 12})
    contact_id = Id(required=True, metadata={"description": "Whom I meet: one of my contacts.", "example": 7})
    title = Text(
        200,
        min_length=1,
        metadata={
            "description": 'By default, "Coffee chat with" and the contact\'s name.',
            "example": "Coffee with Priya",
        },
    )
    purpose = one_of(
        PURPOSES,
        required=True,
        metadata={
            "description": "Be upfront: `informational` to learn, `job_search` when I am looking for a job and say so.",
            "example": "informational",
        },
    )
    starts_at = Instant(required=True, metadata={"description": "With its UTC offset; sent back in UTC."})
    duration_minutes = ma.fields.Integer(
        strict=True, load_default=30, validate=ma.validate.Range(min=5, max=480), metadata={"example": 30}
    )
    timezone = timezone_field(metadata={"description": "An IANA time zone name; by default my account's."})
    location = optional_text(200, metadata={"example": "Monmouth Coffee, Borough Market"})
    video_url = ma.fields.URL(
        allow_none=True,
        schemes={"http", "https"},
        validate=ma.validate.Length(max=500),
        metadata={"example": "https://meet.example.com/abc-defg-hij"},
    )
    status = one_of(STATUSES, load_default="planned", metadata={"example": "planned"})
    agenda = optional_text(10_000, metadata={"example": "15 min on her move into data science; 10 on the team."})
    notes = optional_text(20_000, metadata={"example": "She mentioned a Thursday reading group."})
    debrief = optional_text(
        20_000,
        metadata={
            "description": "After the meeting: what I learned, how it fits, whom to talk to next.",
            "example": "Research-heavy culture; fits. Talk to Sam Okafor about the platform team.",
        },
    )
    two_way = Flag(
        load_default=False, metadata={"description": "They asked to make it a two-way conversation.", "example": False}
    )
    goal_ids = ma.fields.List(
        Id(),
        load_default=list,
        validate=ma.validate.Length(max=MAX_GOALS_PER_MEETING),
        metadata={"description": "The goals this meeting works towards: my goals.", "example": [4]},
    )
    completed_at = Timestamp(
        dump_only=True,
        allow_none=True,
        metadata={"description": "When the meeting was first marked completed.", "example": None},
    )
    uid = calendar_uid()
    sequence = calendar_sequence()
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)

    @ma.post_load
    def _drop_duplicate_goals(self, data, **kwargs):
        if "goal_ids" in data:
            data["goal_ids"] = list(dict.fromkeys(data["goal_ids"]))
        return data


class MeetingSchema(MeetingFieldsSchema):
    """A meeting as I send it (POST, PATCH) and read it back, with what the request asks to embed."""

    class Meta:
        ordered = True

    contact = Expanded(
        ContactSummarySchema,
        metadata={
            "description": "Present when the request asks `expand=contact`: whom I meet, in brief (the whole "
            "contact is at /api/v1/contacts/{contact_id})."
        },
    )


def expand_field() -> ma.fields.List:
    """The ``expand`` query parameter of a meeting's answers: what to embed in each meeting."""
    return ma.fields.List(
        one_of(EXPANSIONS),
        metadata={
            "description": "What to embed in each meeting: `contact` adds its `contact` (id, name, company), "
            "read in one query for a whole page.",
            "example": ["contact"],
        },
    )


class MeetingItemQuerySchema(ma.Schema):
    expand = expand_field()


class MeetingQuerySchema(PageArgsSchema):
    contact_id = query_id(metadata={"description": "Only meetings with this contact."})
    status = one_of(STATUSES, metadata={"description": "Only meetings with this status."})
    purpose = one_of(PURPOSES, metadata={"description": "Only meetings with this purpose."})
    starts_from = Instant(data_key="from", metadata={"description": "Only meetings starting at or after this time."})
    starts_before = Instant(data_key="to", metadata={"description": "Only meetings starting before this time."})
    q = ma.fields.String(
        validate=ma.validate.Length(min=1, max=200),
        metadata={"description": "Case-insensitive text found in the title, location, agenda, notes or debrief."},
    )
    order = one_of(
        ("starts_at", "-starts_at"),
        load_default="starts_at",
        metadata={"description": "`starts_at`: soonest first (default); `-starts_at`: latest first."},
    )
    expand = expand_field()


class PlannedQuestionSchema(ma.Schema):
    """A question on a meeting's plan: its own copy of the text, then what came of it."""

    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 88})
    meeting_id = Id(dump_only=True, metadata={"example": 12})
    question_id = Id(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The bank question the text was copied from, if any.", "example": 41},
    )
    text = question_text()
    category = category_field()
    position = ma.fields.Integer(
        strict=True,
        validate=ma.validate.Range(min=1),
        metadata={"description": "1 for the first question; moving one shifts the others.", "example": 1},
    )
    asked = Flag(metadata={"description": "Whether I asked it.", "example": True})
    answer = optional_text(20_000, metadata={"example": "They run a 'failure review' every quarter."})
    rating = ma.fields.Integer(
        strict=True,
        allow_none=True,
        validate=ma.validate.Range(min=1, max=5),
        metadata={"description": "How useful the answer was, 1 to 5.", "example": 4},
    )
    warnings = warnings_field()
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class PlanQuestionSchema(ma.Schema):
    """Add a bank question (``question_id``) or one of my own (``text``, ``category``)."""

    question_id = Id(metadata={"description": "A question of one of my banks or of a starter bank.", "example": 41})
    text = question_text()
    category = category_field(
        metadata={"description": "By default the bank question's category, or `other` for a question of my own."}
    )
    position = ma.fields.Integer(
        strict=True,
        validate=ma.validate.Range(min=1),
        metadata={"description": "Where to insert it; at the end by default.", "example": 1},
    )

    @ma.validates_schema
    def _one_source(self, data, **kwargs):
        if ("question_id" in data) == ("text" in data):
            raise ma.ValidationError(
                "Send either question_id (from a bank) or text (a question of your own), not both.", "question_id"
            )


class OutcomeSchema(ma.Schema):
    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 5})
    meeting_id = Id(dump_only=True, metadata={"example": 12})
    goal_id = Id(required=True, metadata={"description": "One of my goals.", "example": 4})
    result = one_of(
        ("achieved", "progressed", "no_progress"),
        required=True,
        metadata={"description": "`achieved` also marks the goal achieved.", "example": "progressed"},
    )
    notes = optional_text(10_000, metadata={"example": "Clear picture of the analytics path; ready to decide."})
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class ReferralSchema(ContactSchema):
    """Someone the contact offered to introduce me to: an existing contact, or a new one."""

    class Meta:
        ordered = True
        exclude = ("referred_by_id",)

    contact_id = Id(
        load_only=True, metadata={"description": "One of my contacts, instead of new contact fields.", "example": 8}
    )
    name = Text(200, min_length=1, metadata={"description": "For a new contact.", "example": "Sam Okafor"})

    @ma.validates_schema
    def _existing_or_new(self, data, **kwargs):
        if "contact_id" in data:
            # tags is [] when left out, so an empty list does not count as sent.
            sent = {field for field, value in data.items() if field != "contact_id" and value != []}
            if sent:
                raise ma.ValidationError("Send contact_id alone, or the fields of a new contact.", "contact_id")
        elif "name" not in data:
            raise ma.ValidationError("Send contact_id, or the name of a new contact.", "name")


class CheckSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "culture_question"})
    passed = ma.fields.Boolean(required=True, metadata={"example": False})
    applies = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "False when the check has nothing to judge: no questions planned (nothing_researchable, "
            "no_job_request), a job_search meeting (no_job_request), a confirmation not yet due or no longer "
            "needed (confirmed, more than 24 hours ahead, or completed, cancelled, missed). Such a check counts "
            "as passed and is left out of the score.",
            "example": True,
        },
    )
    message = ma.fields.String(required=True, metadata={"example": "No question about culture is planned."})
    advice = ma.fields.String(
        required=True,
        metadata={"example": 'Ask how their team works, e.g. "What happens when an idea is obviously a failure?"'},
    )


class ReadinessSchema(ma.Schema):
    score = ma.fields.Integer(
        required=True,
        metadata={"description": "0 to 100: the weighted share of the checks that apply which pass.", "example": 85},
    )
    ready = ma.fields.Boolean(required=True, metadata={"example": True})
    checks = ma.fields.List(ma.fields.Nested(CheckSchema), required=True)


class ReadinessQuerySchema(ma.Schema):
    max_minutes = ma.fields.Integer(
        load_default=DEFAULT_MAX_MINUTES,
        validate=ma.validate.Range(min=5, max=480),
        metadata={"description": "The longest meeting that counts as short enough, in minutes."},
    )


MeetingPageSchema = page_schema(MeetingSchema, "MeetingPageSchema")
PlannedQuestionPageSchema = page_schema(PlannedQuestionSchema, "PlannedQuestionPageSchema")
OutcomePageSchema = page_schema(OutcomeSchema, "OutcomePageSchema")
