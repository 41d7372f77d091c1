"""My numbers: contacts, meetings, goals, follow-ups, referral chains and answer ratings."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

from service.database import db
from service.interview.status import STATUSES
from service.models import Contact, FollowUp, Goal, Meeting, MeetingQuestion
from service.models.types import utcnow
from service.schemas.goal import GOAL_STATUSES
from service.schemas.stats import StatsSchema
from service.web.auth import current_user
from service.web.blueprint import Blueprint

blp = Blueprint("stats", __name__, url_prefix="/api/v1/stats", description="My numbers, counted by the database.")

# A referral chain longer than this is not followed further (loops are refused on write).
MAX_CHAIN = 1000


class utc_month(FunctionElement):
    """``YYYY-MM`` of a UTC timestamp column, in SQL."""

    type = String()
    inherit_cache = True


@compiles(utc_month, "postgresql")
def _utc_month_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM')"


@compiles(utc_month, "sqlite")
def _utc_month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"  # stored in UTC


def counted(column, keys, *conditions) -> dict[str, int]:
    """How many of my rows have each value of ``column``; every key of ``keys`` present."""
    model = column.class_
    stmt = select(column, func.count()).where(model.user_id == current_user.id, *conditions).group_by(column)
    found = dict(db.session.execute(stmt).all())
    return {key: found.get(key, 0) for key in keys}


def longest_referral_chain(user_id: int) -> int:
    """Contacts in the longest chain of introductions, followed from those nobody introduced."""
    roots = select(Contact.id, literal(1).label("length")).where(
        Contact.user_id == user_id, Contact.referred_by_id.is_(None)
    )
    chain = roots.cte("chain", recursive=True)
    chain = chain.union_all(
        select(Contact.id, (chain.c.length + 1).label("length"))
        .join(chain, Contact.referred_by_id == chain.c.id)
        .where(chain.c.length < MAX_CHAIN)
    )
    return db.session.scalar(select(func.coalesce(func.max(chain.c.length), 0)))


def two_decimals(number) -> float:
    """Rounded half up, as people round by hand (4.625 -> 4.63; Python's round() gives 4.62)."""
    return float(Decimal(str(number)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@blp.route("")
@blp.login_required
@blp.etag
@blp.response(200, StatsSchema)
def get_stats():
    """My numbers, each computed by an aggregate query.

    Months are months of the meeting's start, in UTC.
    """
    me = current_user.id
    by_status = counted(Meeting.status, STATUSES)
    month = utc_month(Meeting.starts_at)
    by_month = db.session.execute(
        select(month, func.count()).where(Meeting.user_id == me).group_by(month).order_by(month)
    ).all()
    follow_ups = db.session.execute(
        select(
            func.count(),
            func.count().filter(FollowUp.due_at < utcnow()),
        ).where(FollowUp.user_id == me, FollowUp.done_at.is_(None))
    ).one()
    ratings = db.session.execute(
        select(MeetingQuestion.category, func.avg(MeetingQuestion.rating), func.count(MeetingQuestion.rating))
        .where(MeetingQuestion.user_id == me, MeetingQuestion.rating.is_not(None))
        .group_by(MeetingQuestion.category)
        .order_by(MeetingQuestion.category)
    ).all()
    return {
        "contacts": db.session.scalar(select(func.count()).where(Contact.user_id == me)),
        "meetings": {
            "total": sum(by_status.values()),
            "by_status": by_status,
            "by_month": [{"month": m, "count": n} for m, n in by_month],
        },
        "goals": counted(Goal.status, GOAL_STATUSES),
        "follow_ups": {"open": follow_ups[0], "overdue": follow_ups[1]},
        "longest_referral_chain": longest_referral_chain(me),
        "answer_ratings": [
            {"category": category, "average_rating": two_decimals(average), "rated_answers": n}
            for category, average, n in ratings
        ],
    }
