"""Reminders: what is due for telling (``plan``), and telling it (``send``), each thing at most once.

``plan`` runs on the worker's schedule. It finds, in each person's time zone, the open follow-ups due
today (from 08:00) and those overdue, the chats starting within 24 hours that are not ready, and on
Monday from 08:00 the week's digest; and writes one ``notifications`` row per kind and subject. The
unique key on (user, kind, subject) decides: when two workers plan at once, only the row that went in
is told. A follow-up due or overdue is also an event for the person's webhooks, written with the row.

``send`` tells a person's pending rows whose time has come: by Web Push to each subscribed device,
and by email to a verified address, as their settings say, never inside their quiet hours (the row
waits until those end). A row is claimed before anything is sent, so a worker that dies mid-send
never sends it twice. A follow-up done or a meeting cancelled meanwhile is dropped, not told.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from py_vapid import Vapid
from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from service import opaque
from service.database import db
from service.encryption import decrypt
from service.interview.plan import readiness_facts
from service.interview.readiness import readiness
from service.models import Contact, FollowUp, Goal, Meeting, User
from service.models.notification import Notification, NotificationSettings, PushSubscription
from service.models.types import utcnow
from service.reminders import timing
from service.reminders.channels import Mailer, Message, PushFailed, SubscriptionGone, email, push
from service.sync import shown
from service.webhooks.events import write_owners_events

log = logging.getLogger(__name__)

# Overdue follow-ups older than this are not told any more (nor on the first run of a new deployment).
OVERDUE_HORIZON = timedelta(days=7)
UNPREPARED_WINDOW = timedelta(hours=24)
FOLLOW_UP_WORDS = {
    "thank_you": "thank-you",
    "share_resource": "resource to share",
    "report_back": "report back",
    "check_in": "check-in",
    "ask_intro": "introduction to ask for",
    "other": "follow-up",
}
DEFAULTS = NotificationSettings(
    push=True, email=True, follow_up_due=True, follow_up_overdue=True, meeting_unprepared=True, weekly_digest=True
)


@dataclass(frozen=True)
class Channels:
    """What this deployment can send with: a VAPID key (push), an SMTP server (email), and the app's address."""

    vapid: Vapid | None
    vapid_subject: str
    mailer: Mailer | None
    public_url: str
    secret: str  # signs unsubscribe links
    timeout: float = 10


def settings_of(user_id: int) -> NotificationSettings:
    return db.session.get(NotificationSettings, user_id) or DEFAULTS


# --- planning -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    user_id: int
    kind: str
    subject_id: int
    title: str
    body: str
    path: str
    # Told first: the 24-hour thank-you before any other follow-up.
    rank: int = 1


def plan(now: datetime) -> set[int]:
    """Write what is due for telling now; the users with new rows (to send to). Commits."""
    planned = [*_follow_ups(now), *_unprepared_meetings(now), *_digests(now)]
    planned.sort(key=lambda item: (item.user_id, item.rank, item.kind, item.subject_id))
    if not planned:
        db.session.commit()
        return set()
    rows = [
        {
            "user_id": item.user_id,
            "kind": item.kind,
            "subject_id": item.subject_id,
            "title": item.title[:200],
            "body": item.body,
            "path": item.path,
            "status": "pending",
            "send_after": now,
            "created_at": now,
        }
        for item in planned
    ]
    table = Notification.__table__
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).on_conflict_do_nothing().returning(table.c.user_id, table.c.kind, table.c.subject_id)
    written = {(row.user_id, row.kind, row.subject_id) for row in db.session.execute(stmt, rows)}
    _follow_up_events([item for item in planned if (item.user_id, item.kind, item.subject_id) in written], now)
    db.session.commit()
    return {user_id for user_id, _kind, _subject in written}


def _follow_ups(now: datetime) -> list[Planned]:
    rows = db.session.execute(
        select(FollowUp, Contact.name, User.timezone)
        .join(Contact, Contact.id == FollowUp.contact_id)
        .join(User, User.id == FollowUp.user_id)
        .where(
            FollowUp.done_at.is_(None),
            FollowUp.due_at <= now + timedelta(days=1),
            FollowUp.due_at > now - OVERDUE_HORIZON,
        )
    ).all()
    planned = []
    for follow_up, name, zone in rows:
        what = f"{FOLLOW_UP_WORDS.get(follow_up.kind, 'follow-up')} for {name}"
        path = (
            f"/app/meetings/{follow_up.meeting_id}/after"
            if follow_up.meeting_id
            else f"/app/contacts/{follow_up.contact_id}"
        )
        rank = 0 if follow_up.kind == "thank_you" else 1
        due_local = timing.local(follow_up.due_at, zone)
        if follow_up.due_at <= now:
            planned.append(
                Planned(
                    follow_up.user_id,
                    "follow_up_overdue",
                    follow_up.id,
                    f"Overdue: {what}",
                    f"It was due {due_local:%A %d %B, %H:%M}.",
                    path,
                    rank,
                )
            )
        elif timing.due_today(follow_up.due_at, now, zone):
            planned.append(
                Planned(
                    follow_up.user_id,
                    "follow_up_due",
                    follow_up.id,
                    f"Due today: {what}",
                    f"Due at {due_local:%H:%M}.",
                    path,
                    rank,
                )
            )
    return planned


def _told(kind: str, user_id, subject_id):
    """Whether ``kind`` was told of ``subject_id`` to ``user_id`` (columns of an enclosing query)."""
    return exists().where(
        Notification.user_id == user_id, Notification.kind == kind, Notification.subject_id == subject_id
    )


def _unprepared_meetings(now: datetime) -> list[Planned]:
    # A chat told of already is not checked again every minute (the readiness check reads its plan).
    rows = db.session.execute(
        select(Meeting, User.timezone)
        .join(User, User.id == Meeting.user_id)
        .where(
            Meeting.status.in_(("planned", "confirmed")),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + UNPREPARED_WINDOW,
            ~_told("meeting_unprepared", Meeting.user_id, Meeting.id),
        )
    ).all()
    planned = []
    for meeting, zone in rows:
        checked = readiness(readiness_facts(meeting), now=now)
        if checked.ready:
            continue
        left = [check for check in checked.checks if check.applies and not check.passed]
        starts = timing.local(meeting.starts_at, zone)
        things = "thing" if len(left) == 1 else "things"
        planned.append(
            Planned(
                meeting.user_id,
                "meeting_unprepared",
                meeting.id,
                f"{meeting.title or 'Your chat'} at {starts:%H:%M}: {len(left)} {things} left to prepare",
                " ".join(check.advice for check in left[:3]),
                f"/app/meetings/{meeting.id}",
            )
        )
    return planned


def _digests(now: datetime) -> list[Planned]:
    """The week's digest for those who want it and have a way to be told."""
    users = db.session.execute(
        select(User.id, User.timezone, NotificationSettings)
        .outerjoin(NotificationSettings, NotificationSettings.user_id == User.id)
        .where(User.id.in_(select(PushSubscription.user_id).distinct()) | User.email_verified_at.is_not(None))
    ).all()
    # This week's digests told already (a week key is at least last week's, whatever the time zone).
    told = {
        (row.user_id, row.subject_id)
        for row in db.session.execute(
            select(Notification.user_id, Notification.subject_id).where(
                Notification.kind == "weekly_digest",
                Notification.subject_id >= (timing.week_key_of(now - timedelta(days=7))),
            )
        )
    }
    planned = []
    for user_id, zone, settings in users:
        week = timing.week_key(now, zone)
        if week is None or not (settings or DEFAULTS).weekly_digest or (user_id, week) in told:
            continue
        chats = db.session.scalar(
            select(func.count()).where(
                Meeting.user_id == user_id,
                Meeting.status.in_(("planned", "confirmed")),
                Meeting.starts_at.between(now, now + timedelta(days=7)),
            )
        )
        owed = db.session.execute(
            select(func.count(), func.count().filter(FollowUp.due_at < now)).where(
                FollowUp.user_id == user_id, FollowUp.done_at.is_(None)
            )
        ).one()
        goals = db.session.scalar(select(func.count()).where(Goal.user_id == user_id, Goal.status == "open"))
        planned.append(
            Planned(
                user_id,
                "weekly_digest",
                week,
                f"Your week: {chats} {'chat' if chats == 1 else 'chats'} ahead, {owed[0]} follow-ups owed",
                f"Chats in the next 7 days: {chats}. Follow-ups owed: {owed[0]} ({owed[1]} overdue). "
                f"Goals open: {goals}.",
                "/app/",
            )
        )
    return planned


def _follow_up_events(planned: list[Planned], now: datetime) -> None:
    """``follow_up.due`` and ``follow_up.overdue`` for the webhooks of those who have any."""
    told = [item for item in planned if item.kind in ("follow_up_due", "follow_up_overdue")]
    if not told:
        return
    rows = []
    for item in told:
        data = shown("follow_ups", [item.subject_id], item.user_id).get(item.subject_id)
        if data is not None:
            event_type = "follow_up.due" if item.kind == "follow_up_due" else "follow_up.overdue"
            rows.append(
                {
                    "user_id": item.user_id,
                    "type": event_type,
                    "payload": {"type": event_type, "timestamp": now.isoformat(), "data": data},
                    "created_at": now,
                }
            )
    write_owners_events(db.session(), rows)


# --- telling ------------------------------------------------------------------------------------


def send(user_id: int, channels: Channels, now: datetime) -> None:
    """Tell ``user_id`` their pending notifications whose time has come. Commits."""
    user = db.session.get(User, user_id)
    if user is None:
        db.session.commit()
        return
    settings = settings_of(user_id)
    quiet = timing.quiet_until(now, user.timezone, settings.quiet_hours_start, settings.quiet_hours_end)
    due = select(Notification).where(
        Notification.user_id == user_id, Notification.status == "pending", Notification.send_after <= now
    )
    if quiet is not None:
        # Inside the quiet hours: everything due waits until they end.
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_(select(due.subquery().c.id)))
            .values(send_after=quiet)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return
    claimed = []
    for notification in db.session.scalars(due.order_by(Notification.id)).all():
        ways = _ways(user, settings, channels, notification.kind)
        status = "sending" if ways else "skipped"
        if not _still_true(notification):
            status = "dropped"
        # Claimed only if no other worker claimed it first; from here on it is never sent twice.
        if _claim(notification.id, status) and status == "sending":
            claimed.append((notification, ways))
    subscriptions = [
        ({"endpoint": s.endpoint, "keys": {"p256dh": s.p256dh, "auth": decrypt(s.auth_encrypted)}}, s.id)
        for s in db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user_id))
    ]
    address = user.email
    db.session.commit()

    gone: set[int] = set()
    with requests.Session() as http:
        for notification, ways in claimed:
            notification_id = notification.id
            message = Message(
                notification.title,
                notification.body,
                channels.public_url + notification.path,
                f"{notification.kind}-{notification.subject_id}",
            )
            told = []
            if "push" in ways and subscriptions:
                told += _push_all(subscriptions, message, channels, http, gone)
            if "email" in ways:
                told += _email(address, user_id, message, channels)
            db.session.execute(
                update(Notification)
                .where(Notification.id == notification_id)
                .values(status="sent", sent_at=utcnow(), channels=",".join(sorted(set(told))) or None)
            )
            db.session.commit()
    if gone:
        db.session.execute(PushSubscription.__table__.delete().where(PushSubscription.id.in_(sorted(gone))))
        db.session.commit()


def _claim(notification_id: int, status: str) -> bool:
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.status == "pending")
        .values(status=status)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _ways(user: User, settings: NotificationSettings, channels: Channels, kind: str) -> list[str]:
    if not settings.wants(kind):
        return []
    ways = []
    if settings.push and channels.vapid is not None:
        ways.append("push")
    if settings.email and channels.mailer is not None and user.email_verified_at is not None:
        ways.append("email")
    return ways


def _still_true(notification: Notification) -> bool:
    """Whether what the notification tells still holds: the follow-up open, the meeting not cancelled."""
    if notification.kind in ("follow_up_due", "follow_up_overdue"):
        follow_up = db.session.get(FollowUp, notification.subject_id)
        return follow_up is not None and follow_up.done_at is None
    if notification.kind == "meeting_unprepared":
        meeting = db.session.get(Meeting, notification.subject_id)
        return meeting is not None and meeting.status in ("planned", "confirmed")
    return True


def _push_all(subscriptions, message: Message, channels: Channels, http, gone: set[int]) -> list[str]:
    told = []
    for subscription, subscription_id in subscriptions:
        if subscription_id in gone:
            continue
        try:
            push(subscription, message, channels.vapid, channels.vapid_subject, timeout=channels.timeout, session=http)
        except SubscriptionGone:
            gone.add(subscription_id)
        except PushFailed as exc:
            log.warning("push to subscription %s failed: %s", subscription_id, exc)
        else:
            told.append("push")
    return told


def _email(address: str, user_id: int, message: Message, channels: Channels) -> list[str]:
    unsubscribe = f"{channels.public_url}/email/unsubscribe/{unsubscribe_token(user_id, channels.secret)}"
    text = f"{message.body}\n\nOpen coffeechat: {message.url}\n\nStop these emails: {unsubscribe}\n"
    body = (
        f"<p>{html.escape(message.body)}</p>"
        f'<p><a href="{html.escape(message.url)}">Open coffeechat</a></p>'
        f'<p style="color:#666;font-size:smaller"><a href="{html.escape(unsubscribe)}">Stop these emails</a></p>'
    )
    try:
        channels.mailer.send(
            email(address, channels.mailer.sender, message.title, text, body, unsubscribe_url=unsubscribe)
        )
    except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors
        log.warning("email to user %s failed: %s", user_id, type(exc).__name__)
        return []
    return ["email"]


# --- unsubscribing ------------------------------------------------------------------------------


def unsubscribe_token(user_id: int, secret: str) -> str:
    """A link's token that turns off ``user_id``'s reminder emails: their id, signed with the deployment's secret."""
    return opaque.encode([user_id, _signature(user_id, secret)])


def unsubscribed_user(token: str, secret: str) -> int | None:
    """The user an unsubscribe token names, or None when it is not one this deployment signed."""
    try:
        user_id, signature = opaque.decode(token)
    except ValueError:
        return None
    if type(user_id) is not int or not isinstance(signature, str):
        return None
    return user_id if hmac.compare_digest(signature, _signature(user_id, secret)) else None


def _signature(user_id: int, secret: str) -> str:
    return hmac.new(secret.encode(), f"unsubscribe:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def users_with_reminders_due(now: datetime) -> set[int]:
    """Those with pending notifications whose time has come (their quiet hours over, or a send cut short)."""
    return set(
        db.session.scalars(
            select(Notification.user_id)
            .where(Notification.status == "pending", Notification.send_after <= now)
            .distinct()
        )
    )
