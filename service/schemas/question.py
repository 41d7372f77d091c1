import marshmallow as ma

from service.interview.linter import CODES
from service.schemas.fields import Id, Text, Timestamp, one_of, optional_text
from service.schemas.pages import PageArgsSchema, page_schema

CATEGORIES = ("culture", "career_path", "role", "industry", "company", "advice", "next_steps", "other")
PURPOSES = ("informational", "job_search")
MAX_QUESTION_TAGS = 10


class WarningSchema(ma.Schema):
    """Something about a question that a well-prepared conversation avoids."""

    code = ma.fields.String(required=True, metadata={"enum": list(CODES), "example": "researchable"})
    message = ma.fields.String(
        required=True,
        metadata={"example": "A quick web search answers this. Ask what only they can tell you instead."},
    )


def warnings_field() -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Nested(WarningSchema),
        dump_only=True,
        metadata={"description": "What the question linter finds wrong with the question; empty when it is fine."},
    )


def question_text(**kwargs) -> Text:
    return Text(1000, min_length=1, metadata={"example": "What happens when an idea is obviously a failure?"}, **kwargs)


def category_field(*, metadata: dict | None = None, **kwargs) -> ma.fields.String:
    return one_of(CATEGORIES, metadata={"example": "culture", **(metadata or {})}, **kwargs)


class QuestionBankSchema(ma.Schema):
    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 3})
    name = Text(200, min_length=1, required=True, metadata={"example": "Culture and ways of working"})
    description = optional_text(2000, metadata={"example": "How their team really works, beyond the careers page."})
    builtin = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "description": "A starter bank shipped with coffeechat: everyone reads it, nobody changes it.",
            "example": False,
        },
    )
    copied_from_id = Id(
        dump_only=True, allow_none=True, metadata={"description": "The bank this one was copied from.", "example": None}
    )
    question_count = ma.fields.Integer(dump_only=True, metadata={"example": 12})
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class QuestionBankQuerySchema(PageArgsSchema):
    builtin = ma.fields.Boolean(metadata={"description": "Only the starter banks (true) or only mine (false)."})
    q = ma.fields.String(
        validate=ma.validate.Length(min=1, max=200),
        metadata={"description": "Case-insensitive text found in the name or description."},
    )


class QuestionBankCopySchema(ma.Schema):
    name = Text(
        200,
        min_length=1,
        metadata={"description": "The copy's name; by default the original's.", "example": "My culture questions"},
    )


class QuestionSchema(ma.Schema):
    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 41})
    bank_id = Id(dump_only=True, metadata={"example": 3})
    text = question_text(required=True)
    category = category_field(load_default="other")
    tags = ma.fields.List(
        Text(50, min_length=1),
        load_default=list,
        validate=ma.validate.Length(max=MAX_QUESTION_TAGS),
        metadata={"description": f"Up to {MAX_QUESTION_TAGS} tags.", "example": ["ideas"]},
    )
    builtin = ma.fields.Boolean(
        dump_only=True, metadata={"description": "Part of a starter bank: read-only.", "example": False}
    )
    warnings = warnings_field()
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class QuestionQuerySchema(PageArgsSchema):
    category = category_field(metadata={"description": "Only questions of this category."})


class LintRequestSchema(ma.Schema):
    text = Text(1000, required=True, metadata={"example": "How many people work at Northwind?"})
    purpose = one_of(
        PURPOSES,
        metadata={
            "description": "The meeting's purpose; asking about jobs is fine in a job_search meeting. "
            "Without it, the question is linted for an informational meeting.",
            "example": "informational",
        },
    )
    bank_id = Id(
        metadata={"description": "Also flag a duplicate of a question in this bank (mine or built in).", "example": 3}
    )
    meeting_id = Id(
        metadata={"description": "Also flag a duplicate of a question planned for this meeting.", "example": 12}
    )


class LintResultSchema(ma.Schema):
    warnings = ma.fields.List(ma.fields.Nested(WarningSchema), required=True)


QuestionBankPageSchema = page_schema(QuestionBankSchema, "QuestionBankPageSchema")
QuestionPageSchema = page_schema(QuestionSchema, "QuestionPageSchema")
