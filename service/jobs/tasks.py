"""What the worker does: push calendars, deliver webhooks, and the housekeeping that cron used to run.

Every task here is safe to run twice, or after a worker died in the middle of it: what it does is
read from the database each time (see ``service.jobs.queue``).
"""

from __future__ import annotations

import html
import logging

from flask import Flask, Response, current_app, has_app_context
from huey import crontab
from huey.exceptions import RetryTask
from sqlalchemy import event
from sqlalchemy.orm import Session

from service import reminders, webhooks
from service.accounts import email_links
from service.accounts.login_sessions import purge_expired_sessions
from service.calendar import caldav_push
from service.database import commits_later, db
from service.encryption import decrypt, encrypt
from service.jobs.queue import enqueue, periodic, task
from service.models import User
from service.models.types import utcnow
from service.sync import purge_tombstones
from service.web.idempotency import purge_expired_keys

log = logging.getLogger(__name__)

# A task that found another worker at the same work (a user's calendar, an endpoint) asks again after
# this many seconds: what changed after that worker read its work may not be in it.
BUSY_RETRY_SECONDS = 1


@task("caldav.push")
def push_calendar(user_id: int) -> None:
    """Push what is due in the user's linked calendar, one worker at a time per user."""
    if not caldav_push.push_in_background(user_id):
        raise RetryTask(delay=BUSY_RETRY_SECONDS)


@periodic("caldav.sweep", crontab(minute="*"))
def sweep_calendars() -> None:
    """Queue a push for every linked calendar with something due whose back-off is over: a push
    that failed, a change made by a bulk statement, a task lost with a worker that was killed."""
    due = caldav_push.users_with_pushes_due()
    db.session.commit()  # hold no transaction (on SQLite, no lock) while the pushes are queued
    for user_id in due:
        enqueue(push_calendar, user_id, once=True)


@task("webhooks.deliver")
def deliver_webhooks(endpoint_id: int) -> None:
    """Send the endpoint's due deliveries in order, one worker at a time per endpoint."""
    settings = webhooks.Settings(
        timeout=current_app.config["WEBHOOK_TIMEOUT"],
        allow_private_hosts=current_app.config["CALDAV_ALLOW_PRIVATE_HOSTS"],
    )
    run = webhooks.deliver_pending(endpoint_id, settings)
    if run is webhooks.Run.BUSY:
        raise RetryTask(delay=BUSY_RETRY_SECONDS)
    if run is webhooks.Run.MORE:
        enqueue(deliver_webhooks, endpoint_id, once=True)


@periodic("webhooks.sweep", crontab(minute="*"))
def sweep_webhooks() -> None:
    """Queue the endpoints whose next delivery is due: a retry whose time has come, a delivery whose
    task was lost with a killed worker."""
    due = webhooks.endpoints_with_deliveries_due()
    db.session.commit()  # hold no transaction (on SQLite, no lock) while the deliveries are queued
    for endpoint_id in due:
        enqueue(deliver_webhooks, endpoint_id, once=True)


@periodic("reminders.plan", crontab(minute="*"))
def plan_reminders() -> None:
    """Write what is due for telling (each thing once), and queue a send for everyone with something due."""
    now = utcnow()
    users = reminders.plan(now) | reminders.users_with_reminders_due(now)
    db.session.commit()  # hold no transaction (on SQLite, no lock) while the sends are queued
    for user_id in sorted(users):
        enqueue(send_reminders, user_id, once=True)


@task("reminders.send")
def send_reminders(user_id: int) -> None:
    """Tell the user what is due, by push and email, outside their quiet hours."""
    reminders.send(user_id, reminder_channels(), utcnow())


# Emails with a link: what each says. {link} is the app's screen with the token.
LINK_EMAILS = {
    "reset_password": (
        "Set a new coffeechat password",
        "Someone, hopefully you, asked to set a new password for your coffeechat account. Open this link within "
        "30 minutes to choose it:\n\n{link}\n\nIf it was not you, ignore this email: your password stays as it is.",
        "/app/reset-password",
    ),
    "verify_email": (
        "Verify your address for coffeechat",
        "Open this link within 2 days to show that this address is yours; coffeechat then sends your reminders "
        "to it:\n\n{link}\n\nIf you have no coffeechat account, ignore this email.",
        "/app/verify-email",
    ),
}
_EMAIL_LINKS = "jobs.email_links"


def email_link_after_commit(user: User, purpose: str) -> None:
    """Make a link (reset_password, verify_email) for ``user`` in this transaction, emailed once it commits.

    The token reaches the worker encrypted; the database keeps only its hash.
    """
    token = email_links.issue(user, purpose)
    db.session.info.setdefault(_EMAIL_LINKS, []).append((purpose, user.id, encrypt(token)))


@task("accounts.email_link", retries=3, retry_delay=60)
def send_email_link(purpose: str, user_id: int, sealed_token: str) -> None:
    """Email a link (a new password, a verified address) to the user's address."""
    user = db.session.get(User, user_id)
    channels = reminder_channels()
    db.session.commit()
    if user is None or channels.mailer is None:
        return
    subject, text, screen = LINK_EMAILS[purpose]
    link = f"{channels.public_url}{screen}?token={decrypt(sealed_token)}"
    body = text.format(link=link)
    page = "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in body.split("\n\n"))
    page = page.replace(html.escape(link), f'<a href="{html.escape(link)}">{html.escape(link)}</a>')
    channels.mailer.send(reminders.email(user.email, channels.mailer.sender, subject, body, page, unsubscribe_url=None))


def reminder_channels() -> reminders.Channels:
    """This deployment's channels: its VAPID key, its SMTP server (if any), the app's address."""
    config = current_app.config
    public_url = config["PUBLIC_URL"] or "http://127.0.0.1:8000"
    sender = config["EMAIL_FROM"] or "coffeechat <coffeechat@localhost>"
    subject = config["VAPID_SUBJECT"] or (
        public_url if public_url.startswith("https://") else "mailto:coffeechat@localhost"
    )
    return reminders.Channels(
        vapid=reminders.vapid_from_pem(config["VAPID_PRIVATE_KEY"]),
        vapid_subject=subject,
        mailer=reminders.Mailer(config["SMTP_URL"], sender) if config["SMTP_URL"] else None,
        public_url=public_url,
        secret=config["JWT_SECRET_KEY"],
    )


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
    endpoints = webhooks.take_endpoints_with_deliveries(session)
    links = session.info.pop(_EMAIL_LINKS, [])
    if not has_app_context():
        return  # a script's session outside any app: the sweeps find the work
    for user_id in sorted(changed):
        enqueue(push_calendar, user_id, once=True)
    for endpoint_id in sorted(endpoints):
        enqueue(deliver_webhooks, endpoint_id, once=True)
    for purpose, user_id, sealed in links:
        enqueue(send_email_link, purpose, user_id, sealed)


def _forget_after_rollback(session: Session, transaction) -> None:
    if transaction.parent is None and not commits_later(session):
        session.info.pop(_EMAIL_LINKS, None)


def _queue_after_request(response: Response) -> Response:
    """What a request's transaction committed on a connection of its own (an Idempotency-Key's) noted."""
    _queue_after_commit(db.session())
    return response


def register_listeners(app: Flask) -> None:
    """Queue the work each commit makes (called by ``create_app``)."""
    if not event.contains(Session, "after_commit", _queue_after_commit):
        event.listen(Session, "after_commit", _queue_after_commit)
    if not event.contains(Session, "after_transaction_end", _forget_after_rollback):
        event.listen(Session, "after_transaction_end", _forget_after_rollback)
    app.after_request(_queue_after_request)
