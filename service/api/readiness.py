"""The readiness check of a meeting: is it prepared the way a good informational interview is?"""

from __future__ import annotations

from service.interview.plan import readiness_facts
from service.interview.readiness import readiness
from service.models import Meeting
from service.models.types import utcnow
from service.schemas.meeting import ReadinessQuerySchema, ReadinessSchema
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404

blp = Blueprint(
    "readiness", __name__, url_prefix="/api/v1/meetings", description="Is a meeting prepared? What to do if not."
)


@blp.route("/<int:meeting_id>/readiness")
@blp.login_required
@blp.etag
@blp.arguments(ReadinessQuerySchema, location="query")
@blp.response(200, ReadinessSchema)
def get_meeting_readiness(args, meeting_id):
    """Check a meeting against the advice for informational interviews.

    Checks: purpose declared; at least 3 planned questions; a culture question; no
    question a web search answers; no job request in an informational meeting; a goal
    linked; research notes on the contact; a "who else should I talk to?" question; at
    most `max_minutes` long; confirmed when it starts within 24 hours. A check with nothing
    to judge (`applies` false: questions checked when none are planned, a job request in a
    job_search meeting, a confirmation not yet due or no longer needed) is left out of the
    score, so a meeting with nothing prepared scores low. `ready` needs a score of 80 and
    every essential check (purpose, questions, nothing researchable, no job request)
    passed. Each failed check's `advice` says what to do.
    """
    meeting = get_owned_or_404(Meeting, meeting_id)
    return readiness(readiness_facts(meeting), now=utcnow(), max_minutes=args["max_minutes"])
