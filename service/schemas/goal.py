import marshmallow as ma

from service.schemas.fields import Id, Text, Timestamp, one_of, optional_text
from service.schemas.pages import PageArgsSchema, page_schema

KINDS = ("decide_interest", "second_connection", "learn_culture", "advice", "other")
GOAL_STATUSES = ("open", "achieved", "dropped")


class ProgressSchema(ma.Schema):
    meetings = ma.fields.Integer(metadata={"description": "Meetings linked to the goal.", "example": 2})
    outcomes = ma.fields.Integer(metadata={"description": "Outcomes recorded for it.", "example": 2})
    progressed = ma.fields.Integer(metadata={"description": "Outcomes that moved it forward.", "example": 1})
    achieved = ma.fields.Integer(metadata={"description": "Outcomes that achieved it.", "example": 1})


class GoalSchema(ma.Schema):
    class Meta:
        ordered = True

    id = Id(dump_only=True, metadata={"example": 4})
    title = Text(200, min_length=1, required=True, metadata={"example": "Decide whether health-tech data science fits"})
    kind = one_of(KINDS, required=True, metadata={"example": "decide_interest"})
    description = optional_text(10_000, metadata={"example": "Talk to three people on clinical data teams."})
    company = optional_text(200, metadata={"example": "Northwind Analytics"})
    industry = optional_text(200, metadata={"example": "Healthcare analytics"})
    due_date = ma.fields.Date(allow_none=True, metadata={"example": "2027-01-31"})
    status = one_of(
        GOAL_STATUSES,
        load_default="open",
        metadata={"description": "Set `open` to reopen an achieved goal.", "example": "open"},
    )
    achieved_at = Timestamp(dump_only=True, allow_none=True, metadata={"example": None})
    progress = ma.fields.Nested(ProgressSchema, dump_only=True)
    created_at = Timestamp(dump_only=True)
    updated_at = Timestamp(dump_only=True)


class GoalQuerySchema(PageArgsSchema):
    status = one_of(GOAL_STATUSES, metadata={"description": "Only goals with this status."})
    kind = one_of(KINDS, metadata={"description": "Only goals of this kind."})
    q = ma.fields.String(
        validate=ma.validate.Length(min=1, max=200),
        metadata={"description": "Case-insensitive text found in the title, description, company or industry."},
    )


GoalPageSchema = page_schema(GoalSchema, "GoalPageSchema")
