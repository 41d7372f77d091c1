"""Meetings pushed to my linked CalDAV calendar, after every change and on demand.

What is due is derived from the rows, never remembered separately: a meeting is due while
its ``updated_at`` differs from the version last pushed (``CaldavEvent.pushed_version``),
and a pushed copy whose meeting is gone (``meeting_id`` NULL, set by the foreign key) is
due for removal. So every way a meeting changes or goes (an edit, a plan change, an import,
a deleted contact) is picked up, and a push that failed is simply still due.

A meeting imported from an invitation is pushed only when the link says so
(``CaldavLink.push_invitations``): the organizer's event is usually in that calendar already, and
a second copy would show the meeting twice. While the link does not push them, a copy pushed
before is due for removal, so switching the setting off takes them out of the calendar.

A transaction that touches meetings notes whose calendars it changed (``take_changed_calendars``):
the task queue's worker then pushes (``push_in_background``), after the commit and outside the
request, one push at a time per user (a lease on the link), and backs off after a failure: 30
seconds, then twice as long after each failure in a row, an hour at most. A CalDAV failure is
recorded on the meeting's row and on the link. No database transaction stays open while the CalDAV
server is talked to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import chain

from flask import current_app
from sqlalchemy import and_, case, delete, event, exists, func, or_, select, true
from sqlalchemy.orm import Session

from service.calendar import feed
from service.calendar.caldav_client import CalDAVCollection, CalDAVError
from service.calendar.ics import calendar_object
from service.database import commits_later, db
from service.encryption import UndecryptableSecret, decrypt, encrypt
from service.models import CaldavEvent, CaldavLink, Contact, Meeting, MeetingQuestion, User, lock_owner
from service.models.types import utcnow

log = logging.getLogger(__name__)

# Events written (and removed) by one call of POST /calendar/caldav/sync, and by each of the
# worker's batches: at a slow server's 200 ms a request, well inside gunicorn's 30-second timeout.
SYNC_BATCH = 50
# After a failed push the worker leaves the server alone this long, twice as long after each
# failure in a row, MAX_BACK_OFF at most; POST .../sync and `flask caldav sync` always try.
FIRST_BACK_OFF = timedelta(seconds=30)
MAX_BACK_OFF = timedelta(hours=1)
# How long a worker's push holds the link: far longer than a batch takes. A worker killed
# mid-push holds it no longer than this.
LEASE = timedelta(minutes=5)
# The failed pushes a link's status lists, the latest first.
MAX_FAILURES_SHOWN = 50
# The rows whose change can change an event in the calendar.
CALENDAR_ROWS = (Meeting, MeetingQuestion, Contact)
_CHANGED_KEY = "caldav.changed_calendars"


@dataclass
class SyncReport:
    pushed: int = 0
    deleted: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Push:
    meeting_id: int
    uid: str
    version: object  # the meeting's updated_at when it was read
    body: bytes
    row_id: int | None
    etag: str | None


@dataclass(frozen=True)
class _Removal:
    row_id: int
    href: str
    etag: str | None


def _pushes_invitations(user_id: int):
    """Whether the user's link pushes meetings imported from invitations, as a scalar subquery."""
    return select(CaldavLink.push_invitations).where(CaldavLink.user_id == user_id).scalar_subquery()


def _due_meetings(user_id, pushes_invitations=None):
    """Meetings whose latest version is not in the calendar; never-pushed cancelled ones are not worth it.

    ``user_id`` and ``pushes_invitations`` may be columns of an enclosing query (``users_with_pushes_due``).
    """
    if pushes_invitations is None:
        pushes_invitations = _pushes_invitations(user_id)
    return (
        select(Meeting, CaldavEvent)
        .outerjoin(CaldavEvent, CaldavEvent.meeting_id == Meeting.id)
        .where(
            Meeting.user_id == user_id,
            or_(Meeting.invite_uid.is_(None), pushes_invitations.is_(true())),
            or_(
                and_(CaldavEvent.id.is_(None), Meeting.status != "cancelled"),
                CaldavEvent.pushed_version.is_(None),
                CaldavEvent.pushed_version != Meeting.updated_at,
            ),
        )
    )


def _stale_copies(user_id, pushes_invitations=None):
    """Pushed copies to remove: of meetings deleted, or imported from invitations the link does not push."""
    if pushes_invitations is None:
        pushes_invitations = _pushes_invitations(user_id)
    return (
        select(CaldavEvent)
        .outerjoin(Meeting, Meeting.id == CaldavEvent.meeting_id)
        .where(
            CaldavEvent.user_id == user_id,
            or_(
                CaldavEvent.meeting_id.is_(None),
                and_(Meeting.invite_uid.is_not(None), pushes_invitations.is_not(true())),
            ),
        )
    )


def users_with_pushes_due() -> list[int]:
    """The linked users with meetings to push or copies to remove whose back-off is over (the sweep)."""
    link = CaldavLink
    due = exists(_due_meetings(link.user_id, link.push_invitations).with_only_columns(Meeting.id))
    stale = exists(_stale_copies(link.user_id, link.push_invitations).with_only_columns(CaldavEvent.id))
    links = db.session.scalars(select(link).where(or_(due, stale)).order_by(link.user_id)).all()
    return [row.user_id for row in links if not _backing_off(row)]


def pending_count(user_id: int) -> int:
    """Meetings to push plus copies to remove."""
    to_push = db.session.scalar(select(func.count()).select_from(_due_meetings(user_id).subquery()))
    to_remove = db.session.scalar(select(func.count()).select_from(_stale_copies(user_id).subquery()))
    return to_push + to_remove


def open_collection(url: str, username: str, password: str) -> CalDAVCollection:
    """The CalDAV collection at ``url``, with this deployment's timeout and address policy (raises CalDAVError)."""
    return CalDAVCollection(
        url,
        username,
        password,
        timeout=current_app.config["CALDAV_TIMEOUT"],
        allow_private_hosts=current_app.config["CALDAV_ALLOW_PRIVATE_HOSTS"],
    )


def link_calendar(
    user_id: int,
    url: str,
    username: str,
    password: str,
    calendar_name: str | None,
    *,
    push_invitations: bool = False,
) -> bool:
    """Link the calendar at ``url`` (already checked), or change the link; whether it is new. Commits.

    The password is stored encrypted. Another URL starts that calendar afresh: the events pushed
    to the old one stay there, and every meeting is due again. ``push_invitations`` says whether
    meetings imported from invitations go to the calendar too (see the module's docstring).
    """
    lock_owner(user_id)  # two first links at once: one links, the other changes the link
    link = db.session.get(CaldavLink, user_id)
    created = link is None
    if created:
        link = CaldavLink(user_id=user_id)
        db.session.add(link)
    elif link.url != url:
        db.session.execute(delete(CaldavEvent).where(CaldavEvent.user_id == user_id))
    link.url, link.username = url, username
    link.password_encrypted = encrypt(password)
    link.calendar_name = calendar_name
    link.push_invitations = push_invitations
    link.last_error = None
    db.session.commit()
    return created


def unlink_calendar(user_id: int) -> None:
    """Forget the link, its password and what was pushed; the events already in the calendar stay. Commits."""
    db.session.execute(delete(CaldavEvent).where(CaldavEvent.user_id == user_id))
    db.session.execute(delete(CaldavLink).where(CaldavLink.user_id == user_id))
    db.session.commit()


def link_status(link: CaldavLink) -> dict:
    """Where the calendar is, when a push last ended, what is pending and what failed: never the password."""
    failures = db.session.scalars(
        select(CaldavEvent)
        .where(CaldavEvent.user_id == link.user_id, CaldavEvent.error.is_not(None))
        .order_by(CaldavEvent.attempted_at.desc(), CaldavEvent.id.desc())
        .limit(MAX_FAILURES_SHOWN)
    ).all()
    return {
        "url": link.url,
        "username": link.username,
        "calendar_name": link.calendar_name,
        "push_invitations": link.push_invitations,
        "last_sync_at": link.last_sync_at,
        "last_error": link.last_error,
        "pending": pending_count(link.user_id),
        "failures": failures,
        "created_at": link.created_at,
        "updated_at": link.updated_at,
    }


def _read_work(link: CaldavLink, limit: int) -> tuple[list[_Push], list[_Removal]]:
    user = db.session.get(User, link.user_id)
    rows = db.session.execute(
        _due_meetings(link.user_id)
        .options(feed.with_plans())
        # What failed before goes last, so one event a server refuses cannot hold up the others.
        .order_by(case((CaldavEvent.error.is_(None), 0), else_=1), Meeting.updated_at.desc(), Meeting.id.desc())
        .limit(limit)
    ).all()
    meetings = [meeting for meeting, _ in rows]
    bodies = [calendar_object(vevent) for vevent in feed.meeting_events(meetings, user)]
    pushes = [
        _Push(meeting.id, meeting.uid, meeting.updated_at, body, row.id if row else None, row.etag if row else None)
        for (meeting, row), body in zip(rows, bodies, strict=True)
    ]
    removals = [
        _Removal(row.id, row.href, row.etag)
        for row in db.session.scalars(
            _stale_copies(link.user_id)
            .order_by(case((CaldavEvent.error.is_(None), 0), else_=1), CaldavEvent.id)
            .limit(limit)
        )
    ]
    return pushes, removals


def _record_push(user_id: int, push: _Push, href: str, etag: str | None, error: str | None) -> None:
    row = db.session.get(CaldavEvent, push.row_id) if push.row_id else None
    if row is None:
        row = db.session.scalar(select(CaldavEvent).where(CaldavEvent.user_id == user_id, CaldavEvent.uid == push.uid))
    if row is None:
        if db.session.get(Meeting, push.meeting_id) is None:
            return  # deleted while it was being pushed: the copy (if any) has no row to remove it by
        row = CaldavEvent(user_id=user_id, meeting_id=push.meeting_id, uid=push.uid, href=href)
        db.session.add(row)
    row.attempted_at = utcnow()
    row.error = error
    row.href = href
    if error is None:
        row.etag, row.pushed_version = etag, push.version


def back_off(failures: int) -> timedelta:
    """How long the worker waits after ``failures`` failed pushes in a row."""
    return min(FIRST_BACK_OFF * 2 ** min(max(failures - 1, 0), 20), MAX_BACK_OFF)


def _backing_off(link: CaldavLink) -> bool:
    """Whether the last push failed so recently that the worker should not try the server again yet."""
    if not link.failed_pushes or link.last_sync_at is None:
        return False
    return utcnow() - link.last_sync_at < back_off(link.failed_pushes)


def sync_user(user_id: int, *, limit: int = SYNC_BATCH) -> SyncReport | None:
    """Push my due meetings and remove the copies of deleted ones, ``limit`` of each at most.

    None when no calendar is linked. Commits.
    """
    link = db.session.get(CaldavLink, user_id)
    if link is None:
        return None
    report = SyncReport()
    try:
        password = decrypt(link.password_encrypted)
    except UndecryptableSecret:
        link.last_error = (
            "The stored CalDAV password cannot be decrypted with the configured ENCRYPTION_KEYS: "
            "link the calendar again with PUT /api/v1/calendar/caldav."
        )
        link.last_sync_at = utcnow()
        link.failed_pushes += 1
        db.session.commit()
        report.pending = pending_count(user_id)
        report.errors.append(link.last_error)
        return report
    pushes, removals = _read_work(link, limit)
    collection_args = (link.url, link.username)
    db.session.commit()  # no transaction stays open while the CalDAV server answers

    results: list[tuple[_Push, str, str | None, str | None]] = []
    removed: list[tuple[_Removal, str | None]] = []
    try:
        collection = open_collection(*collection_args, password)
    except CalDAVError as exc:
        report.errors.append(str(exc))
    else:
        with collection:
            for work in chain(pushes, removals):
                try:
                    if isinstance(work, _Push):
                        written = collection.put(work.uid, work.body, work.etag)
                        results.append((work, written.href, written.etag, None))
                    else:
                        collection.delete(work.href, work.etag)
                        removed.append((work, None))
                except CalDAVError as exc:
                    report.errors.append(str(exc))
                    if isinstance(work, _Push):
                        # Where it would be: a delete later must find it if the write did land.
                        results.append((work, collection.href_for(work.uid), None, str(exc)))
                    else:
                        removed.append((work, str(exc)))
                    break  # the rest stay due: after one failure the server is probably down

    for push, href, etag, error in results:
        _record_push(user_id, push, href, etag, error)
        if error:
            report.failed += 1
        else:
            report.pushed += 1
    for removal, error in removed:
        row = db.session.get(CaldavEvent, removal.row_id)
        if row is None:
            continue
        if error is None:
            db.session.delete(row)
            report.deleted += 1
        else:
            row.error, row.attempted_at = error, utcnow()
            report.failed += 1
    link = db.session.get(CaldavLink, user_id)
    if link is not None:
        link.last_sync_at = utcnow()
        link.last_error = report.errors[0] if report.errors else None
        link.failed_pushes = link.failed_pushes + 1 if report.errors else 0
    db.session.commit()
    report.pending = pending_count(user_id)
    return report


def sync_everyone() -> dict[int, SyncReport]:
    """Push what is due for every linked user (the cron job)."""
    reports = {}
    for user_id in db.session.scalars(select(CaldavLink.user_id).order_by(CaldavLink.user_id)).all():
        report = SyncReport()
        while True:
            batch = sync_user(user_id)
            if batch is None:
                break
            report.pushed += batch.pushed
            report.deleted += batch.deleted
            report.failed += batch.failed
            report.pending = batch.pending
            report.errors += batch.errors
            if batch.errors or not (batch.pushed or batch.deleted) or not batch.pending:
                break
        reports[user_id] = report
    return reports


def push_in_background(user_id: int) -> bool:
    """The worker's push: batch after batch until nothing is due or the server fails. Commits.

    False when another worker is pushing this user's meetings right now: ask again shortly (what
    changed since that push began may not be in it). Nothing is tried while the link backs off.
    """
    link = db.session.get(CaldavLink, user_id)
    if link is None or _backing_off(link):
        db.session.commit()
        return True
    if not CaldavLink.claim(user_id, LEASE):
        return False
    try:
        while True:
            report = sync_user(user_id)
            if report is None or report.errors or not report.pending or not (report.pushed or report.deleted):
                break
    finally:
        db.session.rollback()
        CaldavLink.release(user_id)
    return True


def _note_calendar_changes(session: Session, _context) -> None:
    owners = {
        row.user_id
        for row in chain(session.new, session.dirty, session.deleted)
        if isinstance(row, CALENDAR_ROWS) and row.user_id is not None
    }
    noted: dict[int, bool] = session.info.setdefault(_CHANGED_KEY, {})  # user id -> has a linked calendar
    unknown = sorted(owners - noted.keys())
    if unknown:
        # Most people link no calendar: one look-up in the same transaction, so nothing is queued for them.
        linked = set(session.connection().scalars(select(CaldavLink.user_id).where(CaldavLink.user_id.in_(unknown))))
        noted.update({user_id: user_id in linked for user_id in unknown})


def _forget_calendar_changes(session: Session, transaction) -> None:
    # Kept while the transaction's owner has yet to commit: it hands the notes on once it has.
    if transaction.parent is None and not commits_later(session):
        session.info.pop(_CHANGED_KEY, None)


def take_changed_calendars(session: Session) -> set[int]:
    """The users with a linked calendar whose meetings the transaction just committed changed (told once)."""
    return {user_id for user_id, linked in session.info.pop(_CHANGED_KEY, {}).items() if linked}


def register_listeners() -> None:
    """Note, at every flush, whose meetings changed (called by ``create_app``; idempotent)."""
    for name, listener in (
        ("after_flush", _note_calendar_changes),
        ("after_transaction_end", _forget_calendar_changes),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
