"""The readiness check of a meeting: is it prepared the way a good informational interview is?"""

from __future__ import annotations

from sqlalchemy import select

from service.api.meeting_plan import plan_of, with_warnings
from service.extensions import db
from service.interview.readiness import MeetingFacts, PlannedQuestion, readiness
from service.models import Contact, Meeting
from service.models.types import utcnow
from service.openapi import Blueprint
from service.ownership import get_owned_or_404
from service.schemas.meeting import ReadinessQuerySchema, ReadinessSchema

blp = Blueprint(
    "readiness", __name__, url_prefix="/api/v1/meetings", description="Is a meeting prepared? What to do if not."
)


def facts_of(meeting: Meeting) -> MeetingFacts:
    plan = with_warnings(meeting, plan_of(meeting))
    research = db.session.scalar(select(Contact.research_notes).where(Contact.id == meeting.contact_id))
    return MeetingFacts(
        purpose=meeting.purpose,
        status=meeting.status,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        questions=[
            PlannedQuestion(item.text, item.category, frozenset(w.code for w in item.warnings)) for item in plan
        ],
        goal_count=len(meeting.goals),
        contact_research_notes=research,
    )


@blp.route("/<int:meeting_id>/readiness")
@blp.login_required
@blp.doc(operationId="getMeetingReadiness")
@blp.etag
@blp.arguments(ReadinessQuerySchema, location="query")
@blp.response(200, ReadinessSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_readiness(args, meeting_id):
    """Check a meeting against the advice for informational interviews.

    Checks: purpose declared; at least 3 planned questions; a culture question; no
    question a web search answers; no job request in an informational meeting; a goal
    linked; research notes on the contact; a "who else should I talk to?" question; at
    most `max_minutes` long; confirmed when it starts within 24 hours. `ready` needs a
    score of 80 and every essential check (purpose, questions, nothing researchable, no
    job request) passed. Each failed check's `advice` says what to do.
    """
    meeting = get_owned_or_404(Meeting, meeting_id)
    return readiness(facts_of(meeting), now=utcnow(), max_minutes=args["max_minutes"])
