import marshmallow as ma

from service.interview.status import STATUSES
from service.schemas.question import CATEGORIES


def _counts(keys, description: str, example: dict) -> ma.fields.Dict:
    return ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(keys)),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": description, "example": example},
    )


class MonthCountSchema(ma.Schema):
    month = ma.fields.String(required=True, metadata={"description": "YYYY-MM, in UTC.", "example": "2026-11"})
    count = ma.fields.Integer(required=True, metadata={"example": 3})


class MeetingStatsSchema(ma.Schema):
    total = ma.fields.Integer(required=True, metadata={"example": 5})
    by_status = _counts(
        STATUSES,
        "Meetings per status; every status is present.",
        {"planned": 2, "confirmed": 1, "completed": 2, "cancelled": 0, "no_show": 0},
    )
    by_month = ma.fields.List(
        ma.fields.Nested(MonthCountSchema),
        required=True,
        metadata={"description": "Meetings per month of their start, oldest month first; months with none left out."},
    )


class GoalStatsSchema(ma.Schema):
    open = ma.fields.Integer(required=True, metadata={"example": 2})
    achieved = ma.fields.Integer(required=True, metadata={"example": 1})
    dropped = ma.fields.Integer(required=True, metadata={"example": 0})


class FollowUpStatsSchema(ma.Schema):
    open = ma.fields.Integer(required=True, metadata={"description": "Not done yet.", "example": 3})
    overdue = ma.fields.Integer(required=True, metadata={"description": "Not done, and due before now.", "example": 1})


class CategoryRatingSchema(ma.Schema):
    category = ma.fields.String(required=True, validate=ma.validate.OneOf(CATEGORIES), metadata={"example": "culture"})
    average_rating = ma.fields.Float(required=True, metadata={"description": "1 to 5, two decimals.", "example": 4.33})
    rated_answers = ma.fields.Integer(required=True, metadata={"example": 3})


class StatsSchema(ma.Schema):
    class Meta:
        ordered = True

    contacts = ma.fields.Integer(required=True, metadata={"example": 12})
    meetings = ma.fields.Nested(MeetingStatsSchema, required=True)
    goals = ma.fields.Nested(GoalStatsSchema, required=True)
    follow_ups = ma.fields.Nested(FollowUpStatsSchema, required=True)
    longest_referral_chain = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Contacts in my longest chain of introductions: A introduced B, B introduced C gives 3; "
            "1 when no contact was introduced, 0 without contacts.",
            "example": 3,
        },
    )
    answer_ratings = ma.fields.List(
        ma.fields.Nested(CategoryRatingSchema),
        required=True,
        metadata={"description": "The average rating of answers per question category, for rated answers only."},
    )
