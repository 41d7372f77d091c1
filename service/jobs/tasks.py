"""What the worker does: push calendars, and the housekeeping that cron used to run.

Every task here is safe to run twice, or after a worker died in the middle of it: what it does is
read from the database each time (see ``service.jobs.queue``).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, has_app_context
from huey import crontab
from huey.exceptions import RetryTask
from sqlalchemy import event
from sqlalchemy.orm import Session

from service.accounts.login_sessions import purge_expired_sessions
from service.calendar import caldav_push
from service.database import commits_later, db
from service.jobs.queue import enqueue, periodic, task
from service.sync import purge_tombstones
from service.web.idempotency import purge_expired_keys

log = logging.getLogger(__name__)

# A push that found another worker pushing for the same user asks again after this many seconds.
BUSY_RETRY_SECONDS = 5


@task("caldav.push")
def push_calendar(user_id: int) -> None:
    """Push what is due in the user's linked calendar, one worker at a time per user."""
    if not caldav_push.push_in_background(user_id):
        raise RetryTask(delay=BUSY_RETRY_SECONDS)


@periodic("caldav.sweep", crontab(minute="*"))
def sweep_calendars() -> None:
    """Queue a push for every linked calendar with something due whose back-off is over: a push
    that failed, a change made by a bulk statement, a task lost with a worker that was killed."""
    for user_id in caldav_push.users_with_pushes_due():
        enqueue(push_calendar, user_id, once=True)


@periodic("housekeeping.sessions", crontab(minute="7"))
def purge_sessions() -> None:
    """Forget login sessions whose refresh tokens have all expired (hourly)."""
    log.info("purged %s expired login sessions", purge_expired_sessions())


@periodic("housekeeping.idempotency_keys", crontab(minute="17"))
def purge_idempotency_keys() -> None:
    """Forget Idempotency-Keys older than 24 hours (hourly)."""
    log.info("purged %s expired idempotency keys", purge_expired_keys())


@periodic("housekeeping.tombstones", crontab(minute="27", hour="3"))
def purge_old_tombstones() -> None:
    """Forget deletions older than 90 days (daily)."""
    purged, users = purge_tombstones()
    log.info("purged %s tombstones of %s users", purged, users)


def _queue_after_commit(session: Session) -> None:
    """What a transaction has committed that the worker must act on: queued now, never before the commit."""
    if commits_later(session):
        return  # the owner of the transaction hands the session's notes to the request once it commits
    changed = caldav_push.take_changed_calendars(session)
    if not has_app_context():
        return  # a script's session outside any app: the sweep finds the work
    for user_id in sorted(changed):
        enqueue(push_calendar, user_id, once=True)


def _queue_after_request(response: Response) -> Response:
    """What a request's transaction committed on a connection of its own (an Idempotency-Key's) noted."""
    _queue_after_commit(db.session())
    return response


def register_listeners(app: Flask) -> None:
    """Queue the work each commit makes (called by ``create_app``)."""
    if not event.contains(Session, "after_commit", _queue_after_commit):
        event.listen(Session, "after_commit", _queue_after_commit)
    app.after_request(_queue_after_request)
