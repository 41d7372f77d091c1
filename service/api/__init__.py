"""HTTP resources, one module per resource."""

from service.api import (
    auth,
    caldav,
    calendar_feed,
    calendar_import,
    contacts,
    follow_ups,
    goals,
    health,
    me,
    meeting_plan,
    meetings,
    outcomes,
    questions,
    readiness,
    sessions,
    stats,
)

BLUEPRINTS = [
    health.blp,
    auth.blp,
    sessions.blp,
    me.blp,
    contacts.blp,
    meetings.blp,
    meeting_plan.blp,
    readiness.blp,
    outcomes.blp,
    goals.blp,
    follow_ups.blp,
    questions.blp,
    stats.blp,
    calendar_feed.blp,
    calendar_import.blp,
    caldav.blp,
]
